-- tablewright DDL for model legacy_denormalized
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.

-- Table legacy_orders
-- WARNING: legacy_orders: type: unit_price numeric(10,2): SQLite ignores the precision and scale of numeric(10,2): values are stored as integers or 8-byte floats (inexact), neither limited to 10 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: legacy_orders: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE legacy_orders (
  order_id       INTEGER NOT NULL,
  product_code   TEXT(12) NOT NULL CHECK (LENGTH(product_code) <= 12),
  order_date     DATE NOT NULL,
  customer_id    INTEGER NOT NULL,
  customer_name  TEXT(80) NOT NULL CHECK (LENGTH(customer_name) <= 80),
  customer_email TEXT(120) CHECK (LENGTH(customer_email) <= 120),
  zip            TEXT(10) NOT NULL CHECK (LENGTH(zip) <= 10),
  city           TEXT(60) NOT NULL CHECK (LENGTH(city) <= 60),
  product_name   TEXT(120) NOT NULL CHECK (LENGTH(product_name) <= 120),
  unit_price     NUMERIC(10, 2) NOT NULL,
  quantity       INTEGER NOT NULL,
  PRIMARY KEY (order_id, product_code)
);

-- Table legacy_employee_profile
-- WARNING: legacy_employee_profile: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE legacy_employee_profile (
  employee_id INTEGER NOT NULL,
  skill       TEXT(40) NOT NULL CHECK (LENGTH(skill) <= 40),
  project     TEXT(40) NOT NULL CHECK (LENGTH(project) <= 40),
  PRIMARY KEY (employee_id, skill, project)
);

-- Table legacy_tutoring
-- WARNING: legacy_tutoring: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE legacy_tutoring (
  student TEXT(40) NOT NULL CHECK (LENGTH(student) <= 40),
  subject TEXT(40) NOT NULL CHECK (LENGTH(subject) <= 40),
  tutor   TEXT(40) NOT NULL CHECK (LENGTH(tutor) <= 40),
  PRIMARY KEY (student, subject)
);
