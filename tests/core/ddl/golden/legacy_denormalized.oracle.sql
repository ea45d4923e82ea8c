-- tablewright DDL for model legacy_denormalized
-- Dialect: Oracle Database (23ai)
-- Generated from the model file: edit the model, then generate again.

-- Table legacy_orders
CREATE TABLE legacy_orders (
  order_id       INT NOT NULL,
  product_code   VARCHAR2(12) NOT NULL,
  order_date     DATE NOT NULL,
  customer_id    INT NOT NULL,
  customer_name  VARCHAR2(80) NOT NULL,
  customer_email VARCHAR2(120),
  zip            VARCHAR2(10) NOT NULL,
  city           VARCHAR2(60) NOT NULL,
  product_name   VARCHAR2(120) NOT NULL,
  unit_price     NUMBER(10, 2) NOT NULL,
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
  skill       VARCHAR2(40) NOT NULL,
  project     VARCHAR2(40) NOT NULL,
  PRIMARY KEY (employee_id, skill, project)
);
COMMENT ON TABLE legacy_employee_profile IS 'Employees with their skills and projects in one table. Skills and projects are
independent of each other, so every skill is repeated for every project: the
multivalued dependencies employee_id ->> skill and employee_id ->> project violate 4NF.
';

-- Table legacy_tutoring
CREATE TABLE legacy_tutoring (
  student VARCHAR2(40) NOT NULL,
  subject VARCHAR2(40) NOT NULL,
  tutor   VARCHAR2(40) NOT NULL,
  PRIMARY KEY (student, subject)
);
COMMENT ON TABLE legacy_tutoring IS 'Which tutor teaches a student each subject. Each tutor teaches one subject, so
tutor -> subject holds although tutor is not a key: the table is in 3NF (subject is part of
the key student, subject) but not in BCNF.
';
