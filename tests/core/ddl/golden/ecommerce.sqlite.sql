-- tablewright DDL for model ecommerce
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.
-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections that run
-- PRAGMA foreign_keys = ON; (it is off by default).

-- Functions
-- WARNING: set_updated_at: function: plpgsql functions are PostgreSQL-only; not generated

-- Table customers
-- WARNING: customers: check: "email ~ '^[^@[:space:]]+@[^@[:space:]]+$'" becomes "email REGEXP '^[^@[:space:]]+@[^@[:space:]]+$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: customers: note: 2 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: customers: trigger: PL/pgSQL triggers are PostgreSQL-only; customers_set_updated_at not generated
CREATE TABLE customers (
  id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  email            TEXT NOT NULL,
  first_name       TEXT NOT NULL,
  last_name        TEXT NOT NULL,
  phone            TEXT,
  marketing_opt_in INTEGER NOT NULL DEFAULT FALSE,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX customers_email_key ON customers((LOWER(email)));

-- Table addresses
-- WARNING: addresses: check: "country_code ~ '^[A-Z]{2}$'" becomes "country_code REGEXP '^[A-Z]{2}$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: addresses: note: 2 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: addresses: trigger: PL/pgSQL triggers are PostgreSQL-only; addresses_set_updated_at not generated
CREATE TABLE addresses (
  id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  customer_id  INTEGER NOT NULL,
  line1        TEXT NOT NULL,
  line2        TEXT,
  city         TEXT NOT NULL,
  postal_code  TEXT NOT NULL,
  country_code TEXT(2) NOT NULL CHECK (LENGTH(country_code) <= 2),
  is_default   INTEGER NOT NULL DEFAULT FALSE,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
);
CREATE INDEX addresses_customer_id_idx ON addresses(customer_id);
CREATE UNIQUE INDEX addresses_one_default ON addresses(customer_id) WHERE is_default;

-- Table categories
-- WARNING: categories: check: "slug ~ '^[a-z0-9-]+$'" becomes "slug REGEXP '^[a-z0-9-]+$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: categories: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: categories: trigger: PL/pgSQL triggers are PostgreSQL-only; categories_set_updated_at not generated
CREATE TABLE categories (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  parent_id  INTEGER,
  name       TEXT NOT NULL,
  slug       TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (slug),
  CONSTRAINT categories_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE RESTRICT
);
CREATE INDEX categories_parent_id_idx ON categories(parent_id);

-- Table products
-- WARNING: products: type: price numeric(12,2): SQLite ignores the precision and scale of numeric(12,2): values are stored as integers or 8-byte floats (inexact), neither limited to 12 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: products: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: products: trigger: PL/pgSQL triggers are PostgreSQL-only; products_set_updated_at not generated
CREATE TABLE products (
  id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  category_id INTEGER NOT NULL,
  sku         TEXT NOT NULL,
  name        TEXT NOT NULL,
  description TEXT,
  price       NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
  currency    TEXT(3) NOT NULL DEFAULT 'EUR' CHECK (LENGTH(currency) <= 3),
  active      INTEGER NOT NULL DEFAULT TRUE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (sku),
  FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE RESTRICT
);
CREATE INDEX products_category_id_idx ON products(category_id);

-- Table inventory
-- WARNING: inventory: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: inventory: trigger: PL/pgSQL triggers are PostgreSQL-only; inventory_set_updated_at not generated
CREATE TABLE inventory (
  product_id INTEGER NOT NULL PRIMARY KEY,
  quantity   INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  reserved   INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT inventory_reserved_in_stock CHECK (reserved <= quantity),
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE
);

-- Table orders
-- WARNING: orders: type: total numeric(12,2): SQLite ignores the precision and scale of numeric(12,2): values are stored as integers or 8-byte floats (inexact), neither limited to 12 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: orders: note: 2 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: orders: trigger: PL/pgSQL triggers are PostgreSQL-only; orders_set_updated_at not generated
CREATE TABLE orders (
  id                  INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  customer_id         INTEGER NOT NULL,
  shipping_address_id INTEGER NOT NULL,
  status              TEXT CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')) NOT NULL DEFAULT 'pending',
  total               NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  currency            TEXT(3) NOT NULL DEFAULT 'EUR' CHECK (LENGTH(currency) <= 3),
  placed_at           TIMESTAMPTZ,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT orders_placed_when_not_pending CHECK (status = 'pending' OR placed_at IS NOT NULL),
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE RESTRICT,
  FOREIGN KEY (shipping_address_id) REFERENCES addresses(id) ON DELETE RESTRICT
);
CREATE INDEX orders_customer_id_idx ON orders(customer_id);
CREATE INDEX orders_shipping_address_id_idx ON orders(shipping_address_id);
CREATE INDEX orders_open_by_status ON orders(status, created_at) WHERE status IN ('pending', 'paid');

-- Table order_items
-- WARNING: order_items: type: unit_price numeric(12,2): SQLite ignores the precision and scale of numeric(12,2): values are stored as integers or 8-byte floats (inexact), neither limited to 12 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: order_items: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: order_items: trigger: PL/pgSQL triggers are PostgreSQL-only; order_items_set_updated_at not generated
CREATE TABLE order_items (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  order_id   INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT order_items_order_product_key UNIQUE (order_id, product_id),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE RESTRICT
);
CREATE INDEX order_items_product_id_idx ON order_items(product_id);

-- Table payments
-- WARNING: payments: type: amount numeric(12,2): SQLite ignores the precision and scale of numeric(12,2): values are stored as integers or 8-byte floats (inexact), neither limited to 12 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: payments: note: 2 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: payments: trigger: PL/pgSQL triggers are PostgreSQL-only; payments_set_updated_at not generated
CREATE TABLE payments (
  id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  order_id     INTEGER NOT NULL,
  amount       NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
  status       TEXT CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'refunded')) NOT NULL DEFAULT 'pending',
  provider     TEXT NOT NULL,
  provider_ref TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (provider, provider_ref),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT
);
CREATE INDEX payments_order_id_idx ON payments(order_id);

-- Table shipments
-- WARNING: shipments: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: shipments: trigger: PL/pgSQL triggers are PostgreSQL-only; shipments_set_updated_at not generated
CREATE TABLE shipments (
  id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  order_id        INTEGER NOT NULL,
  carrier         TEXT NOT NULL,
  tracking_number TEXT,
  status          TEXT CHECK (status IN ('preparing', 'in_transit', 'delivered', 'returned')) NOT NULL DEFAULT 'preparing',
  shipped_at      TIMESTAMPTZ,
  delivered_at    TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT shipments_delivered_after_shipped CHECK (delivered_at IS NULL OR delivered_at >= shipped_at),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT
);
CREATE INDEX shipments_order_id_idx ON shipments(order_id);

-- Table reviews
-- WARNING: reviews: note: 1 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: reviews: trigger: PL/pgSQL triggers are PostgreSQL-only; reviews_set_updated_at not generated
CREATE TABLE reviews (
  id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  product_id  INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body        TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (product_id, customer_id),
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE,
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
);
CREATE INDEX reviews_customer_id_idx ON reviews(customer_id);

-- Views
CREATE VIEW customer_order_summary AS
SELECT
  c.id AS customer_id,
  c.email,
  COUNT(o.id) AS orders,
  COALESCE(SUM(o.total) FILTER(WHERE
    o.status IN ('paid', 'shipped', 'delivered')), 0) AS revenue,
  MAX(o.placed_at) AS last_order_at
FROM customers AS c
LEFT JOIN orders AS o
  ON o.customer_id = c.id
GROUP BY
  c.id,
  c.email;
