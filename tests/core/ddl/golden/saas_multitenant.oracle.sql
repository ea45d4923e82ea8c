-- tablewright DDL for model saas_multitenant
-- Dialect: Oracle Database (23ai)
-- Generated from the model file: edit the model, then generate again.

-- Table plans
-- WARNING: plans: type: code text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: plans: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE plans (
  id            INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  code          VARCHAR2(4000) NOT NULL,
  monthly_price NUMBER(10, 2) NOT NULL CHECK (monthly_price >= 0),
  max_users     INT CHECK (max_users > 0),
  PRIMARY KEY (id),
  UNIQUE (code)
);
COMMENT ON TABLE plans IS 'Subscription plans, the same for every tenant (a Citus reference table).';

-- Table tenants
-- WARNING: tenants: type: slug text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: tenants: row-level security: Oracle has no row-level security; 1 policy(ies) dropped
-- WARNING: tenants: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  slug       VARCHAR2(4000) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]{3,40}$')),
  name       CLOB NOT NULL,
  plan_id    INT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (slug),
  FOREIGN KEY (plan_id) REFERENCES plans(id)
);
CREATE INDEX tenants_plan_id_idx ON tenants(plan_id);
COMMENT ON TABLE tenants IS 'A customer organization; its id is the tenant_id of every row it owns.';

-- Table users
-- WARNING: users: type: email text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: users: row-level security: Oracle has no row-level security; 1 policy(ies) dropped
-- WARNING: users: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE users (
  tenant_id    INT NOT NULL,
  id           INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  email        VARCHAR2(4000) NOT NULL,
  display_name CLOB NOT NULL,
  role         VARCHAR2(6) DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'viewer')) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
COMMENT ON TABLE users IS 'A person''s membership of one tenant (the same email may belong to several tenants).';

-- Table projects
-- WARNING: projects: type: name text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: projects: row-level security: Oracle has no row-level security; 1 policy(ies) dropped
-- WARNING: projects: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE projects (
  tenant_id  INT NOT NULL,
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  owner_id   INT NOT NULL,
  name       VARCHAR2(4000) NOT NULL,
  archived   BOOLEAN DEFAULT FALSE NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX projects_tenant_id_owner_id_idx ON projects(tenant_id, owner_id);

-- Table tasks
-- WARNING: tasks: partial index: index on tenant_id, assignee_id: Oracle has no partial indexes; the index covers every row
-- WARNING: tasks: note: 1 note(s) cannot be stored as comments in Oracle; dropped
-- WARNING: tasks: row-level security: Oracle has no row-level security; 1 policy(ies) dropped
-- WARNING: tasks: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tasks (
  tenant_id   INT NOT NULL,
  id          INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  project_id  INT NOT NULL,
  assignee_id INT,
  title       CLOB NOT NULL,
  status      VARCHAR2(11) DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'blocked', 'done')) NOT NULL,
  due_on      DATE,
  created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT tasks_assignee_fkey FOREIGN KEY (tenant_id, assignee_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX tasks_tenant_id_project_id_status_idx ON tasks(tenant_id, project_id, status);
CREATE INDEX tasks_tenant_id_assignee_id_idx ON tasks(tenant_id, assignee_id);

-- Table comments
-- WARNING: comments: type: body text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: comments: row-level security: Oracle has no row-level security; 1 policy(ies) dropped
-- WARNING: comments: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE comments (
  tenant_id  INT NOT NULL,
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  task_id    INT NOT NULL,
  author_id  INT NOT NULL,
  body       VARCHAR2(4000) NOT NULL CHECK (LENGTH(body) > 0),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, author_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX comments_tenant_id_task_id_created_at_idx ON comments(tenant_id, task_id, created_at);
CREATE INDEX comments_tenant_id_author_id_idx ON comments(tenant_id, author_id);
