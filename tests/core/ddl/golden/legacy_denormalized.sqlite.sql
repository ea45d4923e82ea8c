-- tablewright DDL for model legacy_denormalized
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.

-- Table legacy_orders
-- WARNING: legacy_orders: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE legacy_orders (
  order_id       INTEGER NOT NULL,
  product_code   TEXT(12) NOT NULL,
  order_date     DATE NOT NULL,
  customer_id    INTEGER NOT NULL,
  customer_name  TEXT(80) NOT NULL,
  customer_email TEXT(120),
  zip            TEXT(10) NOT NULL,
  city           TEXT(60) NOT NULL,
  product_name   TEXT(120) NOT NULL,
  unit_price     NUMERIC(10, 2) NOT NULL,
  quantity       INTEGER NOT NULL,
  PRIMARY KEY (order_id, product_code)
);

-- Table legacy_employee_profile
-- WARNING: legacy_employee_profile: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE legacy_employee_profile (
  employee_id INTEGER NOT NULL,
  skill       TEXT(40) NOT NULL,
  project     TEXT(40) NOT NULL,
  PRIMARY KEY (employee_id, skill, project)
);

-- Table legacy_tutoring
-- WARNING: legacy_tutoring: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE legacy_tutoring (
  student TEXT(40) NOT NULL,
  subject TEXT(40) NOT NULL,
  tutor   TEXT(40) NOT NULL,
  PRIMARY KEY (student, subject)
);
