-- tablewright DDL for model ecommerce
-- Dialect: Oracle Database (23ai)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: set_updated_at: function: plpgsql functions are PostgreSQL-only; not generated

-- Table customers
-- WARNING: customers: type: email text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: customers: note: 1 note(s) cannot be stored as comments in Oracle; dropped
-- WARNING: customers: trigger: PL/pgSQL triggers are PostgreSQL-only; customers_set_updated_at not generated
CREATE TABLE customers (
  id               INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  email            VARCHAR2(4000) NOT NULL CHECK (REGEXP_LIKE(email, '^[^@[:space:]]+@[^@[:space:]]+$')),
  first_name       CLOB NOT NULL,
  last_name        CLOB NOT NULL,
  phone            CLOB,
  marketing_opt_in BOOLEAN DEFAULT FALSE NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id)
);
CREATE UNIQUE INDEX customers_email_key ON customers((LOWER(email)));
COMMENT ON TABLE customers IS 'People who buy. A customer is never deleted while they have orders.';

-- Table addresses
-- WARNING: addresses: partial index: addresses_one_default: Oracle has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: addresses: note: 1 note(s) cannot be stored as comments in Oracle; dropped
-- WARNING: addresses: trigger: PL/pgSQL triggers are PostgreSQL-only; addresses_set_updated_at not generated
CREATE TABLE addresses (
  id           INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  customer_id  INT NOT NULL,
  line1        CLOB NOT NULL,
  line2        CLOB,
  city         CLOB NOT NULL,
  postal_code  CLOB NOT NULL,
  country_code CHAR(2) NOT NULL CHECK (REGEXP_LIKE(country_code, '^[A-Z]{2}$')),
  is_default   BOOLEAN DEFAULT FALSE NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
);
CREATE INDEX addresses_customer_id_idx ON addresses(customer_id);
COMMENT ON TABLE addresses IS 'Postal addresses of a customer, for shipping and billing.';

-- Table categories
-- WARNING: categories: type: slug text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: categories: trigger: PL/pgSQL triggers are PostgreSQL-only; categories_set_updated_at not generated
CREATE TABLE categories (
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  parent_id  INT,
  name       CLOB NOT NULL,
  slug       VARCHAR2(4000) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]+$')),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (slug),
  CONSTRAINT categories_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES categories(id)
);
CREATE INDEX categories_parent_id_idx ON categories(parent_id);
COMMENT ON TABLE categories IS 'A tree of product categories (parent_id is empty for top-level categories).';

-- Table products
-- WARNING: products: type: sku text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: products: trigger: PL/pgSQL triggers are PostgreSQL-only; products_set_updated_at not generated
CREATE TABLE products (
  id          INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  category_id INT NOT NULL,
  sku         VARCHAR2(4000) NOT NULL,
  name        CLOB NOT NULL,
  description CLOB,
  price       NUMBER(12, 2) NOT NULL CHECK (price >= 0),
  currency    CHAR(3) DEFAULT 'EUR' NOT NULL,
  active      BOOLEAN DEFAULT TRUE NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (sku),
  FOREIGN KEY (category_id) REFERENCES categories(id)
);
CREATE INDEX products_category_id_idx ON products(category_id);
COMMENT ON TABLE products IS 'What the shop sells. Prices are in the product''s currency; products are deactivated, never deleted.';

-- Table inventory
-- WARNING: inventory: trigger: PL/pgSQL triggers are PostgreSQL-only; inventory_set_updated_at not generated
CREATE TABLE inventory (
  product_id INT NOT NULL,
  quantity   INT DEFAULT 0 NOT NULL CHECK (quantity >= 0),
  reserved   INT DEFAULT 0 NOT NULL CHECK (reserved >= 0),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (product_id),
  CONSTRAINT inventory_reserved_in_stock CHECK (reserved <= quantity),
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE
);
COMMENT ON TABLE inventory IS 'Stock on hand per product; reserved units belong to unpaid orders.';

-- Table orders
-- WARNING: orders: partial index: orders_open_by_status: Oracle has no partial indexes; the index covers every row
-- WARNING: orders: note: 1 note(s) cannot be stored as comments in Oracle; dropped
-- WARNING: orders: trigger: PL/pgSQL triggers are PostgreSQL-only; orders_set_updated_at not generated
CREATE TABLE orders (
  id                  INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  customer_id         INT NOT NULL,
  shipping_address_id INT NOT NULL,
  status              VARCHAR2(9) DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')) NOT NULL,
  total               NUMBER(12, 2) DEFAULT 0 NOT NULL CHECK (total >= 0),
  currency            CHAR(3) DEFAULT 'EUR' NOT NULL,
  placed_at           TIMESTAMP WITH TIME ZONE,
  created_at          TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT orders_placed_when_not_pending CHECK (status = 'pending' OR placed_at IS NOT NULL),
  FOREIGN KEY (customer_id) REFERENCES customers(id),
  FOREIGN KEY (shipping_address_id) REFERENCES addresses(id)
);
CREATE INDEX orders_customer_id_idx ON orders(customer_id);
CREATE INDEX orders_shipping_address_id_idx ON orders(shipping_address_id);
CREATE INDEX orders_open_by_status ON orders(status, created_at);
COMMENT ON TABLE orders IS 'A customer''s order. The total is the sum of its items, fixed when the order is paid.';

-- Table order_items
-- WARNING: order_items: trigger: PL/pgSQL triggers are PostgreSQL-only; order_items_set_updated_at not generated
CREATE TABLE order_items (
  id         INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_id   INT NOT NULL,
  product_id INT NOT NULL,
  quantity   INT NOT NULL CHECK (quantity > 0),
  unit_price NUMBER(12, 2) NOT NULL CHECK (unit_price >= 0),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT order_items_order_product_key UNIQUE (order_id, product_id),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
  FOREIGN KEY (product_id) REFERENCES products(id)
);
CREATE INDEX order_items_product_id_idx ON order_items(product_id);
COMMENT ON TABLE order_items IS 'One line of an order; unit_price is copied from the product when the item is added.
The unique (order_id, product_id) also serves as the index for the order_id foreign key.
';

-- Table payments
-- WARNING: payments: type: provider text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: payments: type: provider_ref text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: payments: trigger: PL/pgSQL triggers are PostgreSQL-only; payments_set_updated_at not generated
CREATE TABLE payments (
  id           INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_id     INT NOT NULL,
  amount       NUMBER(12, 2) NOT NULL CHECK (amount > 0),
  status       VARCHAR2(10) DEFAULT 'pending' CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'refunded')) NOT NULL,
  provider     VARCHAR2(4000) NOT NULL,
  provider_ref VARCHAR2(4000) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (provider, provider_ref),
  FOREIGN KEY (order_id) REFERENCES orders(id)
);
CREATE INDEX payments_order_id_idx ON payments(order_id);
COMMENT ON TABLE payments IS 'Payment attempts for an order, as reported by the payment provider.';
COMMENT ON COLUMN payments.provider_ref IS 'The provider''s own id of this payment.';

-- Table shipments
-- WARNING: shipments: trigger: PL/pgSQL triggers are PostgreSQL-only; shipments_set_updated_at not generated
CREATE TABLE shipments (
  id              INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  order_id        INT NOT NULL,
  carrier         CLOB NOT NULL,
  tracking_number CLOB,
  status          VARCHAR2(10) DEFAULT 'preparing' CHECK (status IN ('preparing', 'in_transit', 'delivered', 'returned')) NOT NULL,
  shipped_at      TIMESTAMP WITH TIME ZONE,
  delivered_at    TIMESTAMP WITH TIME ZONE,
  created_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT shipments_delivered_after_shipped CHECK (delivered_at IS NULL OR delivered_at >= shipped_at),
  FOREIGN KEY (order_id) REFERENCES orders(id)
);
CREATE INDEX shipments_order_id_idx ON shipments(order_id);
COMMENT ON TABLE shipments IS 'A parcel sent for an order (an order may ship in several parcels).';

-- Table reviews
-- WARNING: reviews: trigger: PL/pgSQL triggers are PostgreSQL-only; reviews_set_updated_at not generated
CREATE TABLE reviews (
  id          INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  product_id  INT NOT NULL,
  customer_id INT NOT NULL,
  rating      SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body        CLOB,
  created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (product_id, customer_id),
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE,
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
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
FROM customers c
LEFT JOIN orders o
  ON o.customer_id = c.id
GROUP BY
  c.id,
  c.email;
