-- tablewright DDL for model saas_multitenant
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Table plans
-- WARNING: plans: type: code text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: plans: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: plans: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE plans (
  id            BIGINT IDENTITY(1, 1) NOT NULL,
  code          NVARCHAR(450) NOT NULL,
  monthly_price NUMERIC(10, 2) NOT NULL CHECK (monthly_price >= 0),
  max_users     INTEGER CHECK (max_users > 0),
  PRIMARY KEY (id),
  UNIQUE (code)
);

-- Table tenants
-- WARNING: tenants: type: slug text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: tenants: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: tenants: row-level security: SQL Server has no row-level security; 1 policy(ies) dropped
-- WARNING: tenants: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  slug       NVARCHAR(450) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]{3,40}$')),
  name       NVARCHAR(MAX) NOT NULL,
  plan_id    BIGINT NOT NULL,
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (slug),
  FOREIGN KEY (plan_id) REFERENCES plans(id) ON DELETE NO ACTION
);
CREATE INDEX tenants_plan_id_idx ON tenants(plan_id);

-- Table users
-- WARNING: users: type: email text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: users: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: users: row-level security: SQL Server has no row-level security; 1 policy(ies) dropped
-- WARNING: users: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE users (
  tenant_id    BIGINT NOT NULL,
  id           BIGINT IDENTITY(1, 1) NOT NULL,
  email        NVARCHAR(450) NOT NULL,
  display_name NVARCHAR(MAX) NOT NULL,
  role         NVARCHAR(6) CHECK (role IN ('owner', 'admin', 'member', 'viewer')) NOT NULL DEFAULT 'member',
  created_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

-- Table projects
-- WARNING: projects: type: name text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: projects: row-level security: SQL Server has no row-level security; 1 policy(ies) dropped
-- WARNING: projects: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE projects (
  tenant_id  BIGINT NOT NULL,
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  owner_id   BIGINT NOT NULL,
  name       NVARCHAR(450) NOT NULL,
  archived   BIT NOT NULL DEFAULT 0,
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id) ON DELETE NO ACTION
);
CREATE INDEX projects_tenant_id_owner_id_idx ON projects(tenant_id, owner_id);

-- Table tasks
-- WARNING: tasks: foreign key action: tenant_id, project_id -> projects: SQL Server refuses ON DELETE CASCADE here, as a change in tenants would reach tasks along two cascading paths (error 1785); dropped (keep one cascading path, or use a trigger)
-- WARNING: tasks: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: tasks: row-level security: SQL Server has no row-level security; 1 policy(ies) dropped
-- WARNING: tasks: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE tasks (
  tenant_id   BIGINT NOT NULL,
  id          BIGINT IDENTITY(1, 1) NOT NULL,
  project_id  BIGINT NOT NULL,
  assignee_id BIGINT,
  title       NVARCHAR(MAX) NOT NULL,
  status      NVARCHAR(11) CHECK (status IN ('todo', 'in_progress', 'blocked', 'done')) NOT NULL DEFAULT 'todo',
  due_on      DATE,
  created_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects(tenant_id, id),
  CONSTRAINT tasks_assignee_fkey FOREIGN KEY (tenant_id, assignee_id) REFERENCES users(tenant_id, id) ON DELETE NO ACTION
);
CREATE INDEX tasks_tenant_id_project_id_status_idx ON tasks(tenant_id, project_id, status);
CREATE INDEX tasks_tenant_id_assignee_id_idx ON tasks(tenant_id, assignee_id) WHERE assignee_id IS NOT NULL;

-- Table comments
-- WARNING: comments: foreign key action: tenant_id, task_id -> tasks: SQL Server refuses ON DELETE CASCADE here, as a change in tenants would reach comments along two cascading paths (error 1785); dropped (keep one cascading path, or use a trigger)
-- WARNING: comments: row-level security: SQL Server has no row-level security; 1 policy(ies) dropped
-- WARNING: comments: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE comments (
  tenant_id  BIGINT NOT NULL,
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  task_id    BIGINT NOT NULL,
  author_id  BIGINT NOT NULL,
  body       NVARCHAR(MAX) NOT NULL CHECK (LEN(body) > 0),
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks(tenant_id, id),
  FOREIGN KEY (tenant_id, author_id) REFERENCES users(tenant_id, id) ON DELETE NO ACTION
);
CREATE INDEX comments_tenant_id_task_id_created_at_idx ON comments(tenant_id, task_id, created_at);
CREATE INDEX comments_tenant_id_author_id_idx ON comments(tenant_id, author_id);
