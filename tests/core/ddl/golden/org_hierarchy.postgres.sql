-- tablewright DDL for model org_hierarchy
-- Dialect: PostgreSQL (15 and later)
-- Generated from the model file: edit the model, then generate again.

-- Functions
CREATE OR REPLACE FUNCTION maintain_department_closure()
RETURNS trigger
LANGUAGE plpgsql
AS $body$
BEGIN
  INSERT INTO department_closure (ancestor_id, descendant_id, depth)
  VALUES (NEW.id, NEW.id, 0);
  IF NEW.parent_id IS NOT NULL THEN
    INSERT INTO department_closure (ancestor_id, descendant_id, depth)
    SELECT c.ancestor_id, NEW.id, c.depth + 1
      FROM department_closure c
     WHERE c.descendant_id = NEW.parent_id;
  END IF;
  RETURN NEW;
END;
$body$;
COMMENT ON FUNCTION maintain_department_closure() IS 'Adds the new department''s rows to the closure table (moves are done by the application).';

-- Table departments
CREATE TABLE departments (
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    parent_id   bigint,
    code        text         NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,15}$'),
    name        text         NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (code),
    CONSTRAINT departments_not_own_parent CHECK (parent_id <> id),
    FOREIGN KEY (parent_id) REFERENCES departments (id) ON DELETE RESTRICT
);
CREATE INDEX ON departments (parent_id);
CREATE UNIQUE INDEX departments_single_root ON departments ((parent_id IS NULL)) WHERE parent_id IS NULL;
COMMENT ON TABLE departments IS 'A department; parent_id is empty only for the root of the organization.';
CREATE TRIGGER departments_maintain_closure
    AFTER INSERT ON departments
    FOR EACH ROW
    EXECUTE FUNCTION maintain_department_closure();

-- Table department_closure
CREATE TABLE department_closure (
    ancestor_id    bigint   NOT NULL,
    descendant_id  bigint   NOT NULL,
    depth          integer  NOT NULL CHECK (depth >= 0),
    PRIMARY KEY (ancestor_id, descendant_id),
    CONSTRAINT department_closure_depth_zero_is_self CHECK ((depth = 0) = (ancestor_id = descendant_id)),
    FOREIGN KEY (ancestor_id) REFERENCES departments (id) ON DELETE CASCADE,
    FOREIGN KEY (descendant_id) REFERENCES departments (id) ON DELETE CASCADE
);
CREATE INDEX ON department_closure (descendant_id, depth);
COMMENT ON TABLE department_closure IS 'Every (ancestor, descendant) pair of the department tree, including each department with
itself at depth 0. "All departments under X" is one indexed lookup on ancestor_id.
';

-- Table employees
CREATE TABLE employees (
    id               bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    department_id    bigint       NOT NULL,
    manager_id       bigint,
    employee_number  text         NOT NULL,
    full_name        text         NOT NULL,
    email            text         NOT NULL,
    title            text         NOT NULL,
    hired_on         date         NOT NULL,
    left_on          date,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (employee_number),
    UNIQUE (email),
    CONSTRAINT employees_not_own_manager CHECK (manager_id <> id),
    CONSTRAINT employees_left_after_hired CHECK (left_on IS NULL OR left_on >= hired_on),
    FOREIGN KEY (department_id) REFERENCES departments (id) ON DELETE RESTRICT,
    FOREIGN KEY (manager_id) REFERENCES employees (id) ON DELETE SET NULL
);
CREATE INDEX ON employees (department_id);
CREATE INDEX ON employees (manager_id);
COMMENT ON TABLE employees IS 'People; manager_id points to another employee (empty for the chief executive).';

-- Views
CREATE VIEW department_paths AS
WITH RECURSIVE tree AS (
    SELECT id, parent_id, name, name AS path, 0 AS depth
      FROM departments
     WHERE parent_id IS NULL
    UNION ALL
    SELECT d.id, d.parent_id, d.name, tree.path || ' / ' || d.name, tree.depth + 1
      FROM departments d
      JOIN tree ON d.parent_id = tree.id
)
SELECT id, parent_id, name, path, depth FROM tree;
COMMENT ON VIEW department_paths IS 'Each department with its full path from the root, computed from the adjacency list.';
