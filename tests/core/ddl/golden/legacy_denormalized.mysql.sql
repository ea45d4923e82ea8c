-- tablewright DDL for model legacy_denormalized
-- Dialect: MySQL (8.0.16 and later)
-- Generated from the model file: edit the model, then generate again.

-- Table legacy_orders
CREATE TABLE legacy_orders (
  order_id       INT NOT NULL,
  product_code   VARCHAR(12) NOT NULL,
  order_date     DATE NOT NULL,
  customer_id    INT NOT NULL,
  customer_name  VARCHAR(80) NOT NULL,
  customer_email VARCHAR(120),
  zip            VARCHAR(10) NOT NULL,
  city           VARCHAR(60) NOT NULL,
  product_name   VARCHAR(120) NOT NULL,
  unit_price     DECIMAL(10, 2) NOT NULL,
  quantity       INT NOT NULL,
  PRIMARY KEY (order_id, product_code)
) COMMENT='One row per order line. Key: (order_id, product_code).\n2NF violations: order_id -> order_date, customer_id and product_code -> product_name,\nunit_price depend on part of the key. 3NF violations: customer_id -> customer_name,\ncustomer_email, zip and zip -> city are transitive dependencies through non-key columns.\n';

-- Table legacy_employee_profile
CREATE TABLE legacy_employee_profile (
  employee_id INT NOT NULL,
  skill       VARCHAR(40) NOT NULL,
  project     VARCHAR(40) NOT NULL,
  PRIMARY KEY (employee_id, skill, project)
) COMMENT='Employees with their skills and projects in one table. Skills and projects are\nindependent of each other, so every skill is repeated for every project: the\nmultivalued dependencies employee_id ->> skill and employee_id ->> project violate 4NF.\n';

-- Table legacy_tutoring
CREATE TABLE legacy_tutoring (
  student VARCHAR(40) NOT NULL,
  subject VARCHAR(40) NOT NULL,
  tutor   VARCHAR(40) NOT NULL,
  PRIMARY KEY (student, subject)
) COMMENT='Which tutor teaches a student each subject. Each tutor teaches one subject, so\ntutor -> subject holds although tutor is not a key: the table is in 3NF (subject is part of\nthe key student, subject) but not in BCNF.\n';
