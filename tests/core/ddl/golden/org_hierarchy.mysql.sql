-- tablewright DDL for model org_hierarchy
-- Dialect: MySQL (8.0.16 and later)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: maintain_department_closure: function: plpgsql functions are PostgreSQL-only; not generated

-- Table departments
-- WARNING: departments: type: code text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: departments: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: departments: partial index: departments_single_root: MySQL has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: departments: trigger: PL/pgSQL triggers are PostgreSQL-only; departments_maintain_closure not generated
CREATE TABLE departments (
  id         BIGINT AUTO_INCREMENT NOT NULL,
  parent_id  BIGINT,
  code       VARCHAR(255) NOT NULL CHECK (REGEXP_LIKE(code, '^[A-Z][A-Z0-9_]{1,15}$')),
  name       TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (code),
  CONSTRAINT departments_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES departments(id) ON DELETE RESTRICT
) COMMENT='A department; parent_id is empty only for the root of the organization.';
CREATE INDEX departments_parent_id_idx ON departments(parent_id);

-- Table department_closure
-- WARNING: department_closure: foreign key action: ancestor_id: MySQL refuses ON DELETE CASCADE on a column a CHECK uses (ancestor_id; error 3823); dropped (the referenced row cannot be changed while referenced; or drop the check)
-- WARNING: department_closure: foreign key action: descendant_id: MySQL refuses ON DELETE CASCADE on a column a CHECK uses (descendant_id; error 3823); dropped (the referenced row cannot be changed while referenced; or drop the check)
CREATE TABLE department_closure (
  ancestor_id   BIGINT NOT NULL,
  descendant_id BIGINT NOT NULL,
  depth         INT NOT NULL CHECK (depth >= 0),
  PRIMARY KEY (ancestor_id, descendant_id),
  CONSTRAINT department_closure_depth_zero_is_self CHECK ((depth = 0) = (ancestor_id = descendant_id)),
  FOREIGN KEY (ancestor_id) REFERENCES departments(id),
  FOREIGN KEY (descendant_id) REFERENCES departments(id)
) COMMENT='Every (ancestor, descendant) pair of the department tree, including each department with\nitself at depth 0. "All departments under X" is one indexed lookup on ancestor_id.\n';
CREATE INDEX department_closure_descendant_id_depth_idx ON department_closure(descendant_id, depth);

-- Table employees
-- WARNING: employees: type: employee_number text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: employees: type: email text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: employees: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: employees: foreign key action: manager_id: MySQL refuses ON DELETE SET NULL on a column a CHECK uses (manager_id; error 3823); dropped (the referenced row cannot be changed while referenced; or drop the check)
CREATE TABLE employees (
  id              BIGINT AUTO_INCREMENT NOT NULL,
  department_id   BIGINT NOT NULL,
  manager_id      BIGINT,
  employee_number VARCHAR(255) NOT NULL,
  full_name       TEXT NOT NULL,
  email           VARCHAR(255) NOT NULL,
  title           TEXT NOT NULL,
  hired_on        DATE NOT NULL,
  left_on         DATE,
  created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  updated_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (id),
  UNIQUE (employee_number),
  UNIQUE (email),
  CONSTRAINT employees_not_own_manager CHECK (manager_id <> id),
  CONSTRAINT employees_left_after_hired CHECK (left_on IS NULL OR left_on >= hired_on),
  FOREIGN KEY (department_id) REFERENCES departments(id) ON DELETE RESTRICT,
  FOREIGN KEY (manager_id) REFERENCES employees(id)
) COMMENT='People; manager_id points to another employee (empty for the chief executive).';
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
    CONCAT(tree.path, ' / ', d.name),
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
