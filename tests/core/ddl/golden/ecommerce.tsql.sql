-- tablewright DDL for model ecommerce
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: set_updated_at: function: plpgsql functions are PostgreSQL-only; not generated

-- Table customers
-- WARNING: customers: expression index: customers_email_key: SQL Server cannot index an expression; index left out (index a computed column instead)
-- WARNING: customers: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: customers: trigger: PL/pgSQL triggers are PostgreSQL-only; customers_set_updated_at not generated
CREATE TABLE customers (
  id               BIGINT IDENTITY(1, 1) NOT NULL,
  email            NVARCHAR(MAX) NOT NULL CHECK (REGEXP_LIKE(email, '^[^@[:space:]]+@[^@[:space:]]+$')),
  first_name       NVARCHAR(MAX) NOT NULL,
  last_name        NVARCHAR(MAX) NOT NULL,
  phone            NVARCHAR(MAX),
  marketing_opt_in BIT NOT NULL DEFAULT 0,
  created_at       DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at       DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id)
);

-- Table addresses
-- WARNING: addresses: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: addresses: trigger: PL/pgSQL triggers are PostgreSQL-only; addresses_set_updated_at not generated
CREATE TABLE addresses (
  id           BIGINT IDENTITY(1, 1) NOT NULL,
  customer_id  BIGINT NOT NULL,
  line1        NVARCHAR(MAX) NOT NULL,
  line2        NVARCHAR(MAX),
  city         NVARCHAR(MAX) NOT NULL,
  postal_code  NVARCHAR(MAX) NOT NULL,
  country_code NCHAR(2) NOT NULL CHECK (REGEXP_LIKE(country_code, '^[A-Z]{2}$')),
  is_default   BIT NOT NULL DEFAULT 0,
  created_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE
);
CREATE INDEX addresses_customer_id_idx ON addresses(customer_id);
CREATE UNIQUE INDEX addresses_one_default ON addresses(customer_id) WHERE is_default <> 0;

-- Table categories
-- WARNING: categories: type: slug text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: categories: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: categories: trigger: PL/pgSQL triggers are PostgreSQL-only; categories_set_updated_at not generated
CREATE TABLE categories (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  parent_id  BIGINT,
  name       NVARCHAR(MAX) NOT NULL,
  slug       NVARCHAR(450) NOT NULL CHECK (REGEXP_LIKE(slug, '^[a-z0-9-]+$')),
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (slug),
  CONSTRAINT categories_not_own_parent CHECK (parent_id <> id),
  FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE NO ACTION
);
CREATE INDEX categories_parent_id_idx ON categories(parent_id);

-- Table products
-- WARNING: products: type: sku text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: products: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: products: trigger: PL/pgSQL triggers are PostgreSQL-only; products_set_updated_at not generated
CREATE TABLE products (
  id          BIGINT IDENTITY(1, 1) NOT NULL,
  category_id BIGINT NOT NULL,
  sku         NVARCHAR(450) NOT NULL,
  name        NVARCHAR(MAX) NOT NULL,
  description NVARCHAR(MAX),
  price       NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
  currency    NCHAR(3) NOT NULL DEFAULT 'EUR',
  active      BIT NOT NULL DEFAULT 1,
  created_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (sku),
  FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE NO ACTION
);
CREATE INDEX products_category_id_idx ON products(category_id);

-- Table inventory
-- WARNING: inventory: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: inventory: trigger: PL/pgSQL triggers are PostgreSQL-only; inventory_set_updated_at not generated
CREATE TABLE inventory (
  product_id BIGINT NOT NULL,
  quantity   INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  reserved   INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (product_id),
  CONSTRAINT inventory_reserved_in_stock CHECK (reserved <= quantity),
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE CASCADE
);

-- Table orders
-- WARNING: orders: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: orders: trigger: PL/pgSQL triggers are PostgreSQL-only; orders_set_updated_at not generated
CREATE TABLE orders (
  id                  BIGINT IDENTITY(1, 1) NOT NULL,
  customer_id         BIGINT NOT NULL,
  shipping_address_id BIGINT NOT NULL,
  status              NVARCHAR(9) CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')) NOT NULL DEFAULT 'pending',
  total               NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  currency            NCHAR(3) NOT NULL DEFAULT 'EUR',
  placed_at           DATETIMEOFFSET,
  created_at          DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at          DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  CONSTRAINT orders_placed_when_not_pending CHECK (status = 'pending' OR placed_at IS NOT NULL),
  FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE NO ACTION,
  FOREIGN KEY (shipping_address_id) REFERENCES addresses(id) ON DELETE NO ACTION
);
CREATE INDEX orders_customer_id_idx ON orders(customer_id);
CREATE INDEX orders_shipping_address_id_idx ON orders(shipping_address_id);
CREATE INDEX orders_open_by_status ON orders(status, created_at) WHERE status IN ('pending', 'paid');

-- Table order_items
-- WARNING: order_items: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: order_items: trigger: PL/pgSQL triggers are PostgreSQL-only; order_items_set_updated_at not generated
CREATE TABLE order_items (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  order_id   BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  CONSTRAINT order_items_order_product_key UNIQUE (order_id, product_id),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE,
  FOREIGN KEY (product_id) REFERENCES products(id) ON DELETE NO ACTION
);
CREATE INDEX order_items_product_id_idx ON order_items(product_id);

-- Table payments
-- WARNING: payments: type: provider text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: payments: type: provider_ref text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: payments: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: payments: trigger: PL/pgSQL triggers are PostgreSQL-only; payments_set_updated_at not generated
CREATE TABLE payments (
  id           BIGINT IDENTITY(1, 1) NOT NULL,
  order_id     BIGINT NOT NULL,
  amount       NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
  status       NVARCHAR(10) CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'refunded')) NOT NULL DEFAULT 'pending',
  provider     NVARCHAR(450) NOT NULL,
  provider_ref NVARCHAR(450) NOT NULL,
  created_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at   DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  UNIQUE (provider, provider_ref),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE NO ACTION
);
CREATE INDEX payments_order_id_idx ON payments(order_id);

-- Table shipments
-- WARNING: shipments: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: shipments: trigger: PL/pgSQL triggers are PostgreSQL-only; shipments_set_updated_at not generated
CREATE TABLE shipments (
  id              BIGINT IDENTITY(1, 1) NOT NULL,
  order_id        BIGINT NOT NULL,
  carrier         NVARCHAR(MAX) NOT NULL,
  tracking_number NVARCHAR(MAX),
  status          NVARCHAR(10) CHECK (status IN ('preparing', 'in_transit', 'delivered', 'returned')) NOT NULL DEFAULT 'preparing',
  shipped_at      DATETIMEOFFSET,
  delivered_at    DATETIMEOFFSET,
  created_at      DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at      DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
  CONSTRAINT shipments_delivered_after_shipped CHECK (delivered_at IS NULL OR delivered_at >= shipped_at),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE NO ACTION
);
CREATE INDEX shipments_order_id_idx ON shipments(order_id);

-- Table reviews
-- WARNING: reviews: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: reviews: trigger: PL/pgSQL triggers are PostgreSQL-only; reviews_set_updated_at not generated
CREATE TABLE reviews (
  id          BIGINT IDENTITY(1, 1) NOT NULL,
  product_id  BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  rating      SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body        NVARCHAR(MAX),
  created_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  updated_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (id),
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
  COUNT_BIG(o.id) AS orders,
  COALESCE(SUM(IIF(o.status IN ('paid', 'shipped', 'delivered'), o.total, NULL)), 0) AS revenue,
  MAX(o.placed_at) AS last_order_at
FROM customers AS c
LEFT JOIN orders AS o
  ON o.customer_id = c.id
GROUP BY
  c.id,
  c.email;
