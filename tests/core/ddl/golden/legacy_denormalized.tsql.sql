-- tablewright DDL for model legacy_denormalized
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Table legacy_orders
-- WARNING: legacy_orders: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE legacy_orders (
  order_id       INTEGER NOT NULL,
  product_code   NVARCHAR(12) NOT NULL,
  order_date     DATE NOT NULL,
  customer_id    INTEGER NOT NULL,
  customer_name  NVARCHAR(80) NOT NULL,
  customer_email NVARCHAR(120),
  zip            NVARCHAR(10) NOT NULL,
  city           NVARCHAR(60) NOT NULL,
  product_name   NVARCHAR(120) NOT NULL,
  unit_price     NUMERIC(10, 2) NOT NULL,
  quantity       INTEGER NOT NULL,
  PRIMARY KEY (order_id, product_code)
);

-- Table legacy_employee_profile
-- WARNING: legacy_employee_profile: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE legacy_employee_profile (
  employee_id INTEGER NOT NULL,
  skill       NVARCHAR(40) NOT NULL,
  project     NVARCHAR(40) NOT NULL,
  PRIMARY KEY (employee_id, skill, project)
);

-- Table legacy_tutoring
-- WARNING: legacy_tutoring: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE legacy_tutoring (
  student NVARCHAR(40) NOT NULL,
  subject NVARCHAR(40) NOT NULL,
  tutor   NVARCHAR(40) NOT NULL,
  PRIMARY KEY (student, subject)
);
