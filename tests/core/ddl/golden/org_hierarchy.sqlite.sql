-- tablewright DDL for model org_hierarchy
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.
-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections that run
-- PRAGMA foreign_keys = ON; (it is off by default).

-- Functions
-- WARNING: maintain_department_closure: function: plpgsql functions are PostgreSQL-only; not generated

-- Table departments
-- WARNING: departments: check: "code ~ '^[A-Z][A-Z0-9_]{1,15}$'" becomes "code REGEXP '^[A-Z][A-Z0-9_]{1,15}$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: departments: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: departments: trigger: PL/pgSQL triggers are PostgreSQL-only; departments_maintain_closure not generated
CREATE TABLE departments (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  parent_id  INTEGER,
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (code),
  CONSTRAINT departments_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES departments(id) ON DELETE RESTRICT
);
CREATE INDEX departments_parent_id_idx ON departments(parent_id);
CREATE UNIQUE INDEX departments_single_root ON departments(((parent_id IS NULL))) WHERE parent_id IS NULL;

-- Table department_closure
-- WARNING: department_closure: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE department_closure (
  ancestor_id   INTEGER NOT NULL,
  descendant_id INTEGER NOT NULL,
  depth         INTEGER NOT NULL CHECK (depth >= 0),
  PRIMARY KEY (ancestor_id, descendant_id),
  CONSTRAINT department_closure_depth_zero_is_self CHECK ((depth = 0) = (ancestor_id = descendant_id)),
  FOREIGN KEY (ancestor_id) REFERENCES departments(id) ON DELETE CASCADE,
  FOREIGN KEY (descendant_id) REFERENCES departments(id) ON DELETE CASCADE
);
CREATE INDEX department_closure_descendant_id_depth_idx ON department_closure(descendant_id, depth);

-- Table employees
-- WARNING: employees: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE employees (
  id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  department_id   INTEGER NOT NULL,
  manager_id      INTEGER,
  employee_number TEXT NOT NULL,
  full_name       TEXT NOT NULL,
  email           TEXT NOT NULL,
  title           TEXT NOT NULL,
  hired_on        DATE NOT NULL,
  left_on         DATE,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (employee_number),
  UNIQUE (email),
  CONSTRAINT employees_not_own_manager CHECK (manager_id <> id),
  CONSTRAINT employees_left_after_hired CHECK (left_on IS NULL OR left_on >= hired_on),
  FOREIGN KEY (department_id) REFERENCES departments(id) ON DELETE RESTRICT,
  FOREIGN KEY (manager_id) REFERENCES employees(id) ON DELETE SET NULL
);
CREATE INDEX employees_department_id_idx ON employees(department_id);
CREATE INDEX employees_manager_id_idx ON employees(manager_id);

-- Views
CREATE VIEW department_paths AS
WITH RECURSIVE tree AS (
  SELECT
    id,
    parent_id,
    name,
    name AS path,
    0 AS depth
  FROM departments
  WHERE
    parent_id IS NULL
  UNION ALL
  SELECT
    d.id,
    d.parent_id,
    d.name,
    tree.path || ' / ' || d.name,
    tree.depth + 1
  FROM departments AS d
  JOIN tree
    ON d.parent_id = tree.id
)
SELECT
  id,
  parent_id,
  name,
  path,
  depth
FROM tree;
