-- tablewright DDL for model saas_multitenant
-- Dialect: PostgreSQL (15 and later)
-- Generated from the model file: edit the model, then generate again.

-- Enum types
CREATE TYPE member_role AS ENUM ('owner', 'admin', 'member', 'viewer');
CREATE TYPE task_status AS ENUM ('todo', 'in_progress', 'blocked', 'done');

-- Table plans
CREATE TABLE plans (
    id             bigint         GENERATED ALWAYS AS IDENTITY NOT NULL,
    code           text           NOT NULL,
    monthly_price  numeric(10,2)  NOT NULL CHECK (monthly_price >= 0),
    max_users      integer        CHECK (max_users > 0),
    PRIMARY KEY (id),
    UNIQUE (code)
);
COMMENT ON TABLE plans IS 'Subscription plans, the same for every tenant (a Citus reference table).';

-- Table tenants
CREATE TABLE tenants (
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    slug        text         NOT NULL CHECK (slug ~ '^[a-z0-9-]{3,40}$'),
    name        text         NOT NULL,
    plan_id     bigint       NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (slug),
    FOREIGN KEY (plan_id) REFERENCES plans (id) ON DELETE RESTRICT
);
CREATE INDEX ON tenants (plan_id);
COMMENT ON TABLE tenants IS 'A customer organization; its id is the tenant_id of every row it owns.';
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = current_setting('app.tenant_id')::bigint)
    WITH CHECK (id = current_setting('app.tenant_id')::bigint);

-- Table users
CREATE TABLE users (
    tenant_id     bigint       NOT NULL,
    id            bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    email         text         NOT NULL,
    display_name  text         NOT NULL,
    role          member_role  NOT NULL DEFAULT 'member',
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email),
    FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);
COMMENT ON TABLE users IS 'A person''s membership of one tenant (the same email may belong to several tenants).';
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = current_setting('app.tenant_id')::bigint)
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::bigint);

-- Table projects
CREATE TABLE projects (
    tenant_id   bigint       NOT NULL,
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    owner_id    bigint       NOT NULL,
    name        text         NOT NULL,
    archived    boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name),
    FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX ON projects (tenant_id, owner_id);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON projects
    USING (tenant_id = current_setting('app.tenant_id')::bigint)
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::bigint);

-- Table tasks
CREATE TABLE tasks (
    tenant_id    bigint       NOT NULL,
    id           bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    project_id   bigint       NOT NULL,
    assignee_id  bigint,
    title        text         NOT NULL,
    status       task_status  NOT NULL DEFAULT 'todo',
    due_on       date,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT tasks_assignee_fkey FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX ON tasks (tenant_id, project_id, status);
CREATE INDEX ON tasks (tenant_id, assignee_id) WHERE assignee_id IS NOT NULL;
COMMENT ON CONSTRAINT tasks_assignee_fkey ON tasks IS 'MATCH SIMPLE, so an unassigned task (assignee_id empty) needs no user.';
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tasks
    USING (tenant_id = current_setting('app.tenant_id')::bigint)
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::bigint);

-- Table comments
CREATE TABLE comments (
    tenant_id   bigint       NOT NULL,
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    task_id     bigint       NOT NULL,
    author_id   bigint       NOT NULL,
    body        text         NOT NULL CHECK (length(body) > 0),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id) ON DELETE RESTRICT
);
CREATE INDEX ON comments (tenant_id, task_id, created_at);
CREATE INDEX ON comments (tenant_id, author_id);
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE comments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON comments
    USING (tenant_id = current_setting('app.tenant_id')::bigint)
    WITH CHECK (tenant_id = current_setting('app.tenant_id')::bigint);

-- Citus distribution. Commented out so that this script runs on plain PostgreSQL;
-- generate with --citus (citus=True) to run these calls on a Citus cluster.
-- SELECT create_reference_table('plans');
-- SELECT create_distributed_table('tenants', 'id');
-- SELECT create_distributed_table('users', 'tenant_id', colocate_with => 'tenants');
-- SELECT create_distributed_table('projects', 'tenant_id', colocate_with => 'tenants');
-- SELECT create_distributed_table('tasks', 'tenant_id', colocate_with => 'tenants');
-- SELECT create_distributed_table('comments', 'tenant_id', colocate_with => 'tenants');
