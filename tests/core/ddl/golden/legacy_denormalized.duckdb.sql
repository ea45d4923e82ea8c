-- tablewright DDL for model legacy_denormalized
-- Dialect: DuckDB
-- Generated from the model file: edit the model, then generate again.

-- Table legacy_orders
CREATE TABLE legacy_orders (
  order_id       INT NOT NULL,
  product_code   TEXT(12) NOT NULL CHECK (LENGTH(product_code) <= 12),
  order_date     DATE NOT NULL,
  customer_id    INT NOT NULL,
  customer_name  TEXT(80) NOT NULL CHECK (LENGTH(customer_name) <= 80),
  customer_email TEXT(120) CHECK (LENGTH(customer_email) <= 120),
  zip            TEXT(10) NOT NULL CHECK (LENGTH(zip) <= 10),
  city           TEXT(60) NOT NULL CHECK (LENGTH(city) <= 60),
  product_name   TEXT(120) NOT NULL CHECK (LENGTH(product_name) <= 120),
  unit_price     DECIMAL(10, 2) NOT NULL,
  quantity       INT NOT NULL,
  PRIMARY KEY (order_id, product_code)
);
COMMENT ON TABLE legacy_orders IS 'One row per order line. Key: (order_id, product_code).
2NF violations: order_id -> order_date, customer_id and product_code -> product_name,
unit_price depend on part of the key. 3NF violations: customer_id -> customer_name,
customer_email, zip and zip -> city are transitive dependencies through non-key columns.
';

-- Table legacy_employee_profile
CREATE TABLE legacy_employee_profile (
  employee_id INT NOT NULL,
  skill       TEXT(40) NOT NULL CHECK (LENGTH(skill) <= 40),
  project     TEXT(40) NOT NULL CHECK (LENGTH(project) <= 40),
  PRIMARY KEY (employee_id, skill, project)
);
COMMENT ON TABLE legacy_employee_profile IS 'Employees with their skills and projects in one table. Skills and projects are
independent of each other, so every skill is repeated for every project: the
multivalued dependencies employee_id ->> skill and employee_id ->> project violate 4NF.
';

-- Table legacy_tutoring
CREATE TABLE legacy_tutoring (
  student TEXT(40) NOT NULL CHECK (LENGTH(student) <= 40),
  subject TEXT(40) NOT NULL CHECK (LENGTH(subject) <= 40),
  tutor   TEXT(40) NOT NULL CHECK (LENGTH(tutor) <= 40),
  PRIMARY KEY (student, subject)
);
COMMENT ON TABLE legacy_tutoring IS 'Which tutor teaches a student each subject. Each tutor teaches one subject, so
tutor -> subject holds although tutor is not a key: the table is in 3NF (subject is part of
the key student, subject) but not in BCNF.
';
