-- tablewright DDL for model org_hierarchy
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: maintain_department_closure: function: plpgsql functions are PostgreSQL-only; not generated

-- Table departments
-- WARNING: departments: type: code text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: departments: expression index: departments_single_root: SQL Server cannot index an expression; index left out (index a computed column instead)
-- WARNING: departments: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: departments: trigger: PL/pgSQL triggers are PostgreSQL-only; departments_maintain_closure not generated
CREATE TABLE departments (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  parent_id  BIGINT,
  code       NVARCHAR(450) NOT NULL CHECK (REGEXP_LIKE(code, '^[A-Z][A-Z0-9_]{1,15}$')),
  name       NVARCHAR(MAX) NOT NULL,
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (code),
  CONSTRAINT departments_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES departments(id) ON DELETE NO ACTION
);
CREATE INDEX departments_parent_id_idx ON departments(parent_id);

-- Table department_closure
-- WARNING: department_closure: foreign key action: descendant_id -> departments: SQL Server refuses ON DELETE CASCADE here, as a change in departments would reach department_closure along two cascading paths (error 1785); dropped (keep one cascading path, or use a trigger)
-- WARNING: department_closure: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE department_closure (
  ancestor_id   BIGINT NOT NULL,
  descendant_id BIGINT NOT NULL,
  depth         INTEGER NOT NULL CHECK (depth >= 0),
  PRIMARY KEY (ancestor_id, descendant_id),
  CONSTRAINT department_closure_depth_zero_is_self CHECK ((depth = 0) = (ancestor_id = descendant_id)),
  FOREIGN KEY (ancestor_id) REFERENCES departments(id) ON DELETE CASCADE,
  FOREIGN KEY (descendant_id) REFERENCES departments(id)
);
CREATE INDEX department_closure_descendant_id_depth_idx ON department_closure(descendant_id, depth);

-- Table employees
-- WARNING: employees: type: employee_number text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: employees: type: email text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: employees: foreign key action: manager_id: SQL Server refuses ON DELETE SET NULL on a table referencing itself (error 1785); dropped (use an INSTEAD OF DELETE trigger)
-- WARNING: employees: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE employees (
  id              BIGINT IDENTITY(1, 1) NOT NULL,
  department_id   BIGINT NOT NULL,
  manager_id      BIGINT,
  employee_number NVARCHAR(450) NOT NULL,
  full_name       NVARCHAR(MAX) NOT NULL,
  email           NVARCHAR(450) NOT NULL,
  title           NVARCHAR(MAX) NOT NULL,
  hired_on        DATE NOT NULL,
  left_on         DATE,
  created_at      DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at      DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (employee_number),
  UNIQUE (email),
  CONSTRAINT employees_not_own_manager CHECK (manager_id <> id),
  CONSTRAINT employees_left_after_hired CHECK (left_on IS NULL OR left_on >= hired_on),
  FOREIGN KEY (department_id) REFERENCES departments(id) ON DELETE NO ACTION,
  FOREIGN KEY (manager_id) REFERENCES employees(id)
);
CREATE INDEX employees_department_id_idx ON employees(department_id);
CREATE INDEX employees_manager_id_idx ON employees(manager_id);

-- Views
CREATE VIEW department_paths AS
WITH tree AS (
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
    tree.path + ' / ' + d.name,
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
