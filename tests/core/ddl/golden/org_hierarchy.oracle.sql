-- tablewright DDL for model org_hierarchy
-- Dialect: Oracle Database (23ai)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: maintain_department_closure: function: plpgsql functions are PostgreSQL-only; not generated

-- Table departments
-- WARNING: departments: type: code text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: departments: partial index: departments_single_root: Oracle has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: departments: trigger: PL/pgSQL triggers are PostgreSQL-only; departments_maintain_closure not generated
CREATE TABLE departments (
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  parent_id  INT,
  code       VARCHAR2(4000) NOT NULL CHECK (REGEXP_LIKE(code, '^[A-Z][A-Z0-9_]{1,15}$')),
  name       CLOB NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (code),
  CONSTRAINT departments_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES departments(id)
);
CREATE INDEX departments_parent_id_idx ON departments(parent_id);
COMMENT ON TABLE departments IS 'A department; parent_id is empty only for the root of the organization.';

-- Table department_closure
CREATE TABLE department_closure (
  ancestor_id   INT NOT NULL,
  descendant_id INT NOT NULL,
  depth         INT NOT NULL CHECK (depth >= 0),
  PRIMARY KEY (ancestor_id, descendant_id),
  CONSTRAINT department_closure_depth_zero_is_self CHECK ((depth = 0) = (ancestor_id = descendant_id)),
  FOREIGN KEY (ancestor_id) REFERENCES departments(id) ON DELETE CASCADE,
  FOREIGN KEY (descendant_id) REFERENCES departments(id) ON DELETE CASCADE
);
CREATE INDEX department_closure_descendant_id_depth_idx ON department_closure(descendant_id, depth);
COMMENT ON TABLE department_closure IS 'Every (ancestor, descendant) pair of the department tree, including each department with
itself at depth 0. "All departments under X" is one indexed lookup on ancestor_id.
';

-- Table employees
-- WARNING: employees: type: employee_number text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: employees: type: email text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE employees (
  id              INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  department_id   INT NOT NULL,
  manager_id      INT,
  employee_number VARCHAR2(4000) NOT NULL,
  full_name       CLOB NOT NULL,
  email           VARCHAR2(4000) NOT NULL,
  title           CLOB NOT NULL,
  hired_on        DATE NOT NULL,
  left_on         DATE,
  created_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (employee_number),
  UNIQUE (email),
  CONSTRAINT employees_not_own_manager CHECK (manager_id <> id),
  CONSTRAINT employees_left_after_hired CHECK (left_on IS NULL OR left_on >= hired_on),
  FOREIGN KEY (department_id) REFERENCES departments(id),
  FOREIGN KEY (manager_id) REFERENCES employees(id) ON DELETE SET NULL
);
CREATE INDEX employees_department_id_idx ON employees(department_id);
CREATE INDEX employees_manager_id_idx ON employees(manager_id);
COMMENT ON TABLE employees IS 'People; manager_id points to another employee (empty for the chief executive).';

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
  FROM departments d
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
