-- tablewright DDL for model saas_multitenant
-- Dialect: DuckDB
-- Generated from the model file: edit the model, then generate again.

-- Sequences (for identity columns)
CREATE SEQUENCE IF NOT EXISTS plans_id_seq;
CREATE SEQUENCE IF NOT EXISTS tenants_id_seq;
CREATE SEQUENCE IF NOT EXISTS users_id_seq;
CREATE SEQUENCE IF NOT EXISTS projects_id_seq;
CREATE SEQUENCE IF NOT EXISTS tasks_id_seq;
CREATE SEQUENCE IF NOT EXISTS comments_id_seq;

-- Table plans
-- WARNING: plans: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: plans: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE plans (
  id            BIGINT DEFAULT NEXTVAL('plans_id_seq') NOT NULL,
  code          TEXT NOT NULL,
  monthly_price DECIMAL(10, 2) NOT NULL CHECK (monthly_price >= 0),
  max_users     INT CHECK (max_users > 0),
  PRIMARY KEY (id),
  UNIQUE (code)
);
COMMENT ON TABLE plans IS 'Subscription plans, the same for every tenant (a Citus reference table).';

-- Table tenants
-- WARNING: tenants: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: tenants: row-level security: DuckDB has no row-level security; 1 policy(ies) dropped
-- WARNING: tenants: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         BIGINT DEFAULT NEXTVAL('tenants_id_seq') NOT NULL,
  slug       TEXT NOT NULL CHECK (REGEXP_MATCHES(slug, '^[a-z0-9-]{3,40}$')),
  name       TEXT NOT NULL,
  plan_id    BIGINT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (slug),
  FOREIGN KEY (plan_id) REFERENCES plans(id) ON DELETE RESTRICT
);
CREATE INDEX tenants_plan_id_idx ON tenants(plan_id);
COMMENT ON TABLE tenants IS 'A customer organization; its id is the tenant_id of every row it owns.';

-- Table users
-- WARNING: users: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: users: foreign key action: tenant_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: users: row-level security: DuckDB has no row-level security; 1 policy(ies) dropped
-- WARNING: users: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE users (
  tenant_id    BIGINT NOT NULL,
  id           BIGINT DEFAULT NEXTVAL('users_id_seq') NOT NULL,
  email        TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role         TEXT CHECK (role IN ('owner', 'admin', 'member', 'viewer')) NOT NULL DEFAULT 'member',
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id)
);
COMMENT ON TABLE users IS 'A person''s membership of one tenant (the same email may belong to several tenants).';

-- Table projects
-- WARNING: projects: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: projects: foreign key action: tenant_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: projects: row-level security: DuckDB has no row-level security; 1 policy(ies) dropped
-- WARNING: projects: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE projects (
  tenant_id  BIGINT NOT NULL,
  id         BIGINT DEFAULT NEXTVAL('projects_id_seq') NOT NULL,
  owner_id   BIGINT NOT NULL,
  name       TEXT NOT NULL,
  archived   BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX projects_tenant_id_owner_id_idx ON projects(tenant_id, owner_id);

-- Table tasks
-- WARNING: tasks: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: tasks: foreign key action: tenant_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: tasks: foreign key action: tenant_id, project_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: tasks: partial index: index on tenant_id, assignee_id: DuckDB has no partial indexes; the index covers every row
-- WARNING: tasks: note: 1 note(s) cannot be stored as comments in DuckDB; dropped
-- WARNING: tasks: row-level security: DuckDB has no row-level security; 1 policy(ies) dropped
-- WARNING: tasks: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tasks (
  tenant_id   BIGINT NOT NULL,
  id          BIGINT DEFAULT NEXTVAL('tasks_id_seq') NOT NULL,
  project_id  BIGINT NOT NULL,
  assignee_id BIGINT,
  title       TEXT NOT NULL,
  status      TEXT CHECK (status IN ('todo', 'in_progress', 'blocked', 'done')) NOT NULL DEFAULT 'todo',
  due_on      DATE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects(tenant_id, id),
  CONSTRAINT tasks_assignee_fkey FOREIGN KEY (tenant_id, assignee_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX tasks_tenant_id_project_id_status_idx ON tasks(tenant_id, project_id, status);
CREATE INDEX tasks_tenant_id_assignee_id_idx ON tasks(tenant_id, assignee_id);

-- Table comments
-- WARNING: comments: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: comments: foreign key action: tenant_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: comments: foreign key action: tenant_id, task_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: comments: row-level security: DuckDB has no row-level security; 1 policy(ies) dropped
-- WARNING: comments: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE comments (
  tenant_id  BIGINT NOT NULL,
  id         BIGINT DEFAULT NEXTVAL('comments_id_seq') NOT NULL,
  task_id    BIGINT NOT NULL,
  author_id  BIGINT NOT NULL,
  body       TEXT NOT NULL CHECK (LENGTH(body) > 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id),
  FOREIGN KEY (tenant_id, author_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX comments_tenant_id_task_id_created_at_idx ON comments(tenant_id, task_id, created_at);
CREATE INDEX comments_tenant_id_author_id_idx ON comments(tenant_id, author_id);
