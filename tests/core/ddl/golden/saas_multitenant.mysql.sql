-- tablewright DDL for model saas_multitenant
-- Dialect: MySQL (8.0.16 and later)
-- Generated from the model file: edit the model, then generate again.

-- Table plans
-- WARNING: plans: type: code text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: plans: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: plans: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE plans (
  id            BIGINT AUTO_INCREMENT NOT NULL,
  code          VARCHAR(255) NOT NULL,
  monthly_price DECIMAL(10, 2) NOT NULL CHECK (monthly_price >= 0),
  max_users     INT CHECK (max_users > 0),
  PRIMARY KEY (id),
  UNIQUE (code)
) COMMENT='Subscription plans, the same for every tenant (a Citus reference table).';

-- Table tenants
-- WARNING: tenants: type: slug text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: tenants: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: tenants: row-level security: MySQL has no row-level security; 1 policy(ies) dropped
-- WARNING: tenants: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         BIGINT AUTO_INCREMENT NOT NULL,
  slug       VARCHAR(255) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]{3,40}$')),
  name       TEXT NOT NULL,
  plan_id    BIGINT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (slug),
  FOREIGN KEY (plan_id) REFERENCES plans(id) ON DELETE RESTRICT
) COMMENT='A customer organization; its id is the tenant_id of every row it owns.';
CREATE INDEX tenants_plan_id_idx ON tenants(plan_id);

-- Table users
-- WARNING: users: type: email text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: users: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: users: row-level security: MySQL has no row-level security; 1 policy(ies) dropped
-- WARNING: users: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE users (
  tenant_id    BIGINT NOT NULL,
  id           BIGINT AUTO_INCREMENT NOT NULL,
  email        VARCHAR(255) NOT NULL,
  display_name TEXT NOT NULL,
  role         ENUM('owner', 'admin', 'member', 'viewer') NOT NULL DEFAULT 'member',
  created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
) COMMENT='A person''s membership of one tenant (the same email may belong to several tenants).';

-- Table projects
-- WARNING: projects: type: name text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: projects: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: projects: row-level security: MySQL has no row-level security; 1 policy(ies) dropped
-- WARNING: projects: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE projects (
  tenant_id  BIGINT NOT NULL,
  id         BIGINT AUTO_INCREMENT NOT NULL,
  owner_id   BIGINT NOT NULL,
  name       VARCHAR(255) NOT NULL,
  archived   BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX projects_tenant_id_owner_id_idx ON projects(tenant_id, owner_id);

-- Table tasks
-- WARNING: tasks: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: tasks: partial index: index on tenant_id, assignee_id: MySQL has no partial indexes; the index covers every row
-- WARNING: tasks: note: 1 note(s) cannot be stored as comments in MySQL; dropped
-- WARNING: tasks: row-level security: MySQL has no row-level security; 1 policy(ies) dropped
-- WARNING: tasks: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tasks (
  tenant_id   BIGINT NOT NULL,
  id          BIGINT AUTO_INCREMENT NOT NULL,
  project_id  BIGINT NOT NULL,
  assignee_id BIGINT,
  title       TEXT NOT NULL,
  status      ENUM('todo', 'in_progress', 'blocked', 'done') NOT NULL DEFAULT 'todo',
  due_on      DATE,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT tasks_assignee_fkey FOREIGN KEY (tenant_id, assignee_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX tasks_tenant_id_project_id_status_idx ON tasks(tenant_id, project_id, status);
CREATE INDEX tasks_tenant_id_assignee_id_idx ON tasks(tenant_id, assignee_id);

-- Table comments
-- WARNING: comments: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: comments: row-level security: MySQL has no row-level security; 1 policy(ies) dropped
-- WARNING: comments: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE comments (
  tenant_id  BIGINT NOT NULL,
  id         BIGINT AUTO_INCREMENT NOT NULL,
  task_id    BIGINT NOT NULL,
  author_id  BIGINT NOT NULL,
  body       TEXT NOT NULL CHECK (CHAR_LENGTH(body) > 0),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, author_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX comments_tenant_id_task_id_created_at_idx ON comments(tenant_id, task_id, created_at);
CREATE INDEX comments_tenant_id_author_id_idx ON comments(tenant_id, author_id);
