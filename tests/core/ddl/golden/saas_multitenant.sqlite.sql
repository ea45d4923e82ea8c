-- tablewright DDL for model saas_multitenant
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.
-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections that run
-- PRAGMA foreign_keys = ON; (it is off by default).

-- Table plans
-- WARNING: plans: type: monthly_price numeric(10,2): SQLite ignores the precision and scale of numeric(10,2): values are stored as integers or 8-byte floats (inexact), neither limited to 10 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: plans: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: plans: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE plans (
  id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  code          TEXT NOT NULL,
  monthly_price NUMERIC(10, 2) NOT NULL CHECK (monthly_price >= 0),
  max_users     INTEGER CHECK (max_users > 0),
  UNIQUE (code)
);

-- Table tenants
-- WARNING: tenants: check: "slug ~ '^[a-z0-9-]{3,40}$'" becomes "slug REGEXP '^[a-z0-9-]{3,40}$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: tenants: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: tenants: row-level security: SQLite has no row-level security; 1 policy(ies) dropped
-- WARNING: tenants: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  slug       TEXT NOT NULL,
  name       TEXT NOT NULL,
  plan_id    INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (slug),
  FOREIGN KEY (plan_id) REFERENCES plans(id) ON DELETE RESTRICT
);
CREATE INDEX tenants_plan_id_idx ON tenants(plan_id);

-- Table users
-- WARNING: users: identity: id: SQLite numbers rows automatically only for a single-column INTEGER PRIMARY KEY; identity dropped
-- WARNING: users: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: users: row-level security: SQLite has no row-level security; 1 policy(ies) dropped
-- WARNING: users: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE users (
  tenant_id    INTEGER NOT NULL,
  id           INTEGER NOT NULL,
  email        TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role         TEXT CHECK (role IN ('owner', 'admin', 'member', 'viewer')) NOT NULL DEFAULT 'member',
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

-- Table projects
-- WARNING: projects: identity: id: SQLite numbers rows automatically only for a single-column INTEGER PRIMARY KEY; identity dropped
-- WARNING: projects: row-level security: SQLite has no row-level security; 1 policy(ies) dropped
-- WARNING: projects: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE projects (
  tenant_id  INTEGER NOT NULL,
  id         INTEGER NOT NULL,
  owner_id   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  archived   INTEGER NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX projects_tenant_id_owner_id_idx ON projects(tenant_id, owner_id);

-- Table tasks
-- WARNING: tasks: identity: id: SQLite numbers rows automatically only for a single-column INTEGER PRIMARY KEY; identity dropped
-- WARNING: tasks: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: tasks: row-level security: SQLite has no row-level security; 1 policy(ies) dropped
-- WARNING: tasks: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tasks (
  tenant_id   INTEGER NOT NULL,
  id          INTEGER NOT NULL,
  project_id  INTEGER NOT NULL,
  assignee_id INTEGER,
  title       TEXT NOT NULL,
  status      TEXT CHECK (status IN ('todo', 'in_progress', 'blocked', 'done')) NOT NULL DEFAULT 'todo',
  due_on      DATE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects(tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT tasks_assignee_fkey FOREIGN KEY (tenant_id, assignee_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX tasks_tenant_id_project_id_status_idx ON tasks(tenant_id, project_id, status);
CREATE INDEX tasks_tenant_id_assignee_id_idx ON tasks(tenant_id, assignee_id) WHERE assignee_id IS NOT NULL;

-- Table comments
-- WARNING: comments: identity: id: SQLite numbers rows automatically only for a single-column INTEGER PRIMARY KEY; identity dropped
-- WARNING: comments: row-level security: SQLite has no row-level security; 1 policy(ies) dropped
-- WARNING: comments: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE comments (
  tenant_id  INTEGER NOT NULL,
  id         INTEGER NOT NULL,
  task_id    INTEGER NOT NULL,
  author_id  INTEGER NOT NULL,
  body       TEXT NOT NULL CHECK (LENGTH(body) > 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, author_id) REFERENCES users(tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX comments_tenant_id_task_id_created_at_idx ON comments(tenant_id, task_id, created_at);
CREATE INDEX comments_tenant_id_author_id_idx ON comments(tenant_id, author_id);
