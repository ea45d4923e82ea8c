-- tablewright DDL for model ecommerce
-- Dialect: DuckDB
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: set_updated_at: function: plpgsql functions are PostgreSQL-only; not generated

-- Sequences (for identity columns)
CREATE SEQUENCE IF NOT EXISTS customers_id_seq;
CREATE SEQUENCE IF NOT EXISTS addresses_id_seq;
CREATE SEQUENCE IF NOT EXISTS categories_id_seq;
CREATE SEQUENCE IF NOT EXISTS products_id_seq;
CREATE SEQUENCE IF NOT EXISTS orders_id_seq;
CREATE SEQUENCE IF NOT EXISTS order_items_id_seq;
CREATE SEQUENCE IF NOT EXISTS payments_id_seq;
CREATE SEQUENCE IF NOT EXISTS shipments_id_seq;
CREATE SEQUENCE IF NOT EXISTS reviews_id_seq;

-- Table customers
-- WARNING: customers: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: customers: note: 1 note(s) cannot be stored as comments in DuckDB; dropped
-- WARNING: customers: trigger: PL/pgSQL triggers are PostgreSQL-only; customers_set_updated_at not generated
CREATE TABLE customers (
  id               BIGINT DEFAULT NEXTVAL('customers_id_seq') NOT NULL,
  email            TEXT NOT NULL CHECK (REGEXP_MATCHES(email, '^[^@[:space:]]+@[^@[:space:]]+$')),
  first_name       TEXT NOT NULL,
  last_name        TEXT NOT NULL,
  phone            TEXT,
  marketing_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id)
);
CREATE UNIQUE INDEX customers_email_key ON customers((LOWER(email)));
COMMENT ON TABLE customers IS 'People who buy. A customer is never deleted while they have orders.';

-- Table addresses
-- WARNING: addresses: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: addresses: foreign key action: customer_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: addresses: partial index: addresses_one_default: DuckDB has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: addresses: note: 1 note(s) cannot be stored as comments in DuckDB; dropped
-- WARNING: addresses: trigger: PL/pgSQL triggers are PostgreSQL-only; addresses_set_updated_at not generated
CREATE TABLE addresses (
  id           BIGINT DEFAULT NEXTVAL('addresses_id_seq') NOT NULL,
  customer_id  BIGINT NOT NULL,
  line1        TEXT NOT NULL,
  line2        TEXT,
  city         TEXT NOT NULL,
  postal_code  TEXT NOT NULL,
  country_code TEXT(2) NOT NULL CHECK (REGEXP_MATCHES(country_code, '^[A-Z]{2}$')) CHECK (LENGTH(country_code) <= 2),
  is_default   BOOLEAN NOT NULL DEFAULT FALSE,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  FOREIGN KEY (customer_id) REFERENCES customers(id)
);
CREATE INDEX addresses_customer_id_idx ON addresses(customer_id);
COMMENT ON TABLE addresses IS 'Postal addresses of a customer, for shipping and billing.';

-- Table categories
-- WARNING: categories: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: categories: trigger: PL/pgSQL triggers are PostgreSQL-only; categories_set_updated_at not generated
CREATE TABLE categories (
  id         BIGINT DEFAULT NEXTVAL('categories_id_seq') NOT NULL,
  parent_id  BIGINT,
  name       TEXT NOT NULL,
  slug       TEXT NOT NULL CHECK (REGEXP_MATCHES(slug, '^[a-z0-9-]+$')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (slug),
  CONSTRAINT categories_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE RESTRICT
);
CREATE INDEX categories_parent_id_idx ON categories(parent_id);
COMMENT ON TABLE categories IS 'A tree of product categories (parent_id is empty for top-level categories).';

-- Table products
-- WARNING: products: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: products: trigger: PL/pgSQL triggers are PostgreSQL-only; products_set_updated_at not generated
CREATE TABLE products (
  id          BIGINT DEFAULT NEXTVAL('products_id_seq') NOT NULL,
  category_id BIGINT NOT NULL,
  sku         TEXT NOT NULL,
  name        TEXT NOT NULL,
  description TEXT,
  price       DECIMAL(12, 2) NOT NULL CHECK (price >= 0),
  currency    TEXT(3) NOT NULL DEFAULT 'EUR' CHECK (LENGTH(currency) <= 3),
  active      BOOLEAN NOT NULL DEFAULT TRUE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (sku),
  FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE RESTRICT
);
CREATE INDEX products_category_id_idx ON products(category_id);
COMMENT ON TABLE products IS 'What the shop sells. Prices are in the product''s currency; products are deactivated, never deleted.';

-- Table inventory
-- WARNING: inventory: foreign key action: product_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: inventory: trigger: PL/pgSQL triggers are PostgreSQL-only; inventory_set_updated_at not generated
CREATE TABLE inventory (
  product_id BIGINT NOT NULL,
  quantity   INT NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  reserved   INT NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (product_id),
  CONSTRAINT inventory_reserved_in_stock CHECK (reserved <= quantity),
  FOREIGN KEY (product_id) REFERENCES products(id)
);
COMMENT ON TABLE inventory IS 'Stock on hand per product; reserved units belong to unpaid orders.';

-- Table orders
-- WARNING: orders: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: orders: partial index: orders_open_by_status: DuckDB has no partial indexes; the index covers every row
-- WARNING: orders: note: 1 note(s) cannot be stored as comments in DuckDB; dropped
-- WARNING: orders: trigger: PL/pgSQL triggers are PostgreSQL-only; orders_set_updated_at not generated
CREATE TABLE orders (
  id                  BIGINT DEFAULT NEXTVAL('orders_id_seq') NOT NULL,
  customer_id         BIGINT NOT NULL,
  shipping_address_id BIGINT NOT NULL,
  status              TEXT CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')) NOT NULL DEFAULT 'pending',
  total               DECIMAL(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  currency            TEXT(3) NOT NULL DEFAULT 'EUR' CHECK (LENGTH(currency) <= 3),
  placed_at           TIMESTAMPTZ,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  CONSTRAINT orders_placed_when_not_pending CHECK (status = 'pending' OR placed_at IS NOT NULL),
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE RESTRICT,
  FOREIGN KEY (shipping_address_id) REFERENCES addresses(id) ON DELETE RESTRICT
);
CREATE INDEX orders_customer_id_idx ON orders(customer_id);
CREATE INDEX orders_shipping_address_id_idx ON orders(shipping_address_id);
CREATE INDEX orders_open_by_status ON orders(status, created_at);
COMMENT ON TABLE orders IS 'A customer''s order. The total is the sum of its items, fixed when the order is paid.';

-- Table order_items
-- WARNING: order_items: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: order_items: foreign key action: order_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: order_items: trigger: PL/pgSQL triggers are PostgreSQL-only; order_items_set_updated_at not generated
CREATE TABLE order_items (
  id         BIGINT DEFAULT NEXTVAL('order_items_id_seq') NOT NULL,
  order_id   BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity   INT NOT NULL CHECK (quantity > 0),
  unit_price DECIMAL(12, 2) NOT NULL CHECK (unit_price >= 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  CONSTRAINT order_items_order_product_key UNIQUE (order_id, product_id),
  FOREIGN KEY (order_id) REFERENCES orders(id),
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE RESTRICT
);
CREATE INDEX order_items_product_id_idx ON order_items(product_id);
COMMENT ON TABLE order_items IS 'One line of an order; unit_price is copied from the product when the item is added.
The unique (order_id, product_id) also serves as the index for the order_id foreign key.
';

-- Table payments
-- WARNING: payments: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: payments: trigger: PL/pgSQL triggers are PostgreSQL-only; payments_set_updated_at not generated
CREATE TABLE payments (
  id           BIGINT DEFAULT NEXTVAL('payments_id_seq') NOT NULL,
  order_id     BIGINT NOT NULL,
  amount       DECIMAL(12, 2) NOT NULL CHECK (amount > 0),
  status       TEXT CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'refunded')) NOT NULL DEFAULT 'pending',
  provider     TEXT NOT NULL,
  provider_ref TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (provider, provider_ref),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT
);
CREATE INDEX payments_order_id_idx ON payments(order_id);
COMMENT ON TABLE payments IS 'Payment attempts for an order, as reported by the payment provider.';
COMMENT ON COLUMN payments.provider_ref IS 'The provider''s own id of this payment.';

-- Table shipments
-- WARNING: shipments: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: shipments: trigger: PL/pgSQL triggers are PostgreSQL-only; shipments_set_updated_at not generated
CREATE TABLE shipments (
  id              BIGINT DEFAULT NEXTVAL('shipments_id_seq') NOT NULL,
  order_id        BIGINT NOT NULL,
  carrier         TEXT NOT NULL,
  tracking_number TEXT,
  status          TEXT CHECK (status IN ('preparing', 'in_transit', 'delivered', 'returned')) NOT NULL DEFAULT 'preparing',
  shipped_at      TIMESTAMPTZ,
  delivered_at    TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  CONSTRAINT shipments_delivered_after_shipped CHECK (delivered_at IS NULL OR delivered_at >= shipped_at),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT
);
CREATE INDEX shipments_order_id_idx ON shipments(order_id);
COMMENT ON TABLE shipments IS 'A parcel sent for an order (an order may ship in several parcels).';

-- Table reviews
-- WARNING: reviews: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: reviews: foreign key action: product_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: reviews: foreign key action: customer_id: ON DELETE CASCADE is not available in DuckDB; dropped
-- WARNING: reviews: trigger: PL/pgSQL triggers are PostgreSQL-only; reviews_set_updated_at not generated
CREATE TABLE reviews (
  id          BIGINT DEFAULT NEXTVAL('reviews_id_seq') NOT NULL,
  product_id  BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  rating      SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body        TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (product_id, customer_id),
  FOREIGN KEY (product_id) REFERENCES products(id),
  FOREIGN KEY (customer_id) REFERENCES customers(id)
);
CREATE INDEX reviews_customer_id_idx ON reviews(customer_id);
COMMENT ON TABLE reviews IS 'A customer''s rating of a product they bought; one review per customer and product.
The unique (product_id, customer_id) also serves as the index for the product_id foreign key.
';

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
