-- tablewright DDL for model ecommerce
-- Dialect: PostgreSQL (15 and later)
-- Generated from the model file: edit the model, then generate again.

-- Enum types
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded');
COMMENT ON TYPE order_status IS 'Lifecycle of an order; only pending orders can still be edited.';
CREATE TYPE payment_status AS ENUM ('pending', 'authorized', 'captured', 'failed', 'refunded');
CREATE TYPE shipment_status AS ENUM ('preparing', 'in_transit', 'delivered', 'returned');

-- Functions
CREATE OR REPLACE FUNCTION set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $body$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$body$;
COMMENT ON FUNCTION set_updated_at() IS 'Keeps updated_at current on every UPDATE (one trigger per table).';

-- Table customers
CREATE TABLE customers (
    id                bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    email             text         NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    first_name        text         NOT NULL,
    last_name         text         NOT NULL,
    phone             text,
    marketing_opt_in  boolean      NOT NULL DEFAULT false,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX customers_email_key ON customers ((lower(email)));
COMMENT ON TABLE customers IS 'People who buy. A customer is never deleted while they have orders.';
COMMENT ON INDEX customers_email_key IS 'Emails are unique regardless of case.';
CREATE TRIGGER customers_set_updated_at
    BEFORE UPDATE ON customers
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table addresses
CREATE TABLE addresses (
    id            bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    customer_id   bigint       NOT NULL,
    line1         text         NOT NULL,
    line2         text,
    city          text         NOT NULL,
    postal_code   text         NOT NULL,
    country_code  char(2)      NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
    is_default    boolean      NOT NULL DEFAULT false,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
CREATE INDEX ON addresses (customer_id);
CREATE UNIQUE INDEX addresses_one_default ON addresses (customer_id) WHERE is_default;
COMMENT ON TABLE addresses IS 'Postal addresses of a customer, for shipping and billing.';
COMMENT ON INDEX addresses_one_default IS 'At most one default address per customer.';
CREATE TRIGGER addresses_set_updated_at
    BEFORE UPDATE ON addresses
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table categories
CREATE TABLE categories (
    id          bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    parent_id   bigint,
    name        text         NOT NULL,
    slug        text         NOT NULL CHECK (slug ~ '^[a-z0-9-]+$'),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (slug),
    CONSTRAINT categories_not_own_parent CHECK (parent_id <> id),
    FOREIGN KEY (parent_id) REFERENCES categories (id) ON DELETE RESTRICT
);
CREATE INDEX ON categories (parent_id);
COMMENT ON TABLE categories IS 'A tree of product categories (parent_id is empty for top-level categories).';
CREATE TRIGGER categories_set_updated_at
    BEFORE UPDATE ON categories
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table products
CREATE TABLE products (
    id           bigint         GENERATED ALWAYS AS IDENTITY NOT NULL,
    category_id  bigint         NOT NULL,
    sku          text           NOT NULL,
    name         text           NOT NULL,
    description  text,
    price        numeric(12,2)  NOT NULL CHECK (price >= 0),
    currency     char(3)        NOT NULL DEFAULT 'EUR',
    active       boolean        NOT NULL DEFAULT true,
    created_at   timestamptz    NOT NULL DEFAULT now(),
    updated_at   timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (sku),
    FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT
);
CREATE INDEX ON products (category_id);
COMMENT ON TABLE products IS 'What the shop sells. Prices are in the product''s currency; products are deactivated, never deleted.';
CREATE TRIGGER products_set_updated_at
    BEFORE UPDATE ON products
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table inventory
CREATE TABLE inventory (
    product_id  bigint       NOT NULL,
    quantity    integer      NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    reserved    integer      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id),
    CONSTRAINT inventory_reserved_in_stock CHECK (reserved <= quantity),
    FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
);
COMMENT ON TABLE inventory IS 'Stock on hand per product; reserved units belong to unpaid orders.';
CREATE TRIGGER inventory_set_updated_at
    BEFORE UPDATE ON inventory
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table orders
CREATE TABLE orders (
    id                   bigint         GENERATED ALWAYS AS IDENTITY NOT NULL,
    customer_id          bigint         NOT NULL,
    shipping_address_id  bigint         NOT NULL,
    status               order_status   NOT NULL DEFAULT 'pending',
    total                numeric(12,2)  NOT NULL DEFAULT 0 CHECK (total >= 0),
    currency             char(3)        NOT NULL DEFAULT 'EUR',
    placed_at            timestamptz,
    created_at           timestamptz    NOT NULL DEFAULT now(),
    updated_at           timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    CONSTRAINT orders_placed_when_not_pending CHECK (status = 'pending' OR placed_at IS NOT NULL),
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT,
    FOREIGN KEY (shipping_address_id) REFERENCES addresses (id) ON DELETE RESTRICT
);
CREATE INDEX ON orders (customer_id);
CREATE INDEX ON orders (shipping_address_id);
CREATE INDEX orders_open_by_status ON orders (status, created_at) WHERE status IN ('pending', 'paid');
COMMENT ON TABLE orders IS 'A customer''s order. The total is the sum of its items, fixed when the order is paid.';
COMMENT ON INDEX orders_open_by_status IS 'The fulfilment queue only looks at open orders.';
CREATE TRIGGER orders_set_updated_at
    BEFORE UPDATE ON orders
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table order_items
CREATE TABLE order_items (
    id          bigint         GENERATED ALWAYS AS IDENTITY NOT NULL,
    order_id    bigint         NOT NULL,
    product_id  bigint         NOT NULL,
    quantity    integer        NOT NULL CHECK (quantity > 0),
    unit_price  numeric(12,2)  NOT NULL CHECK (unit_price >= 0),
    created_at  timestamptz    NOT NULL DEFAULT now(),
    updated_at  timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    CONSTRAINT order_items_order_product_key UNIQUE (order_id, product_id),
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
    FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT
);
CREATE INDEX ON order_items (product_id);
COMMENT ON TABLE order_items IS 'One line of an order; unit_price is copied from the product when the item is added.
The unique (order_id, product_id) also serves as the index for the order_id foreign key.
';
CREATE TRIGGER order_items_set_updated_at
    BEFORE UPDATE ON order_items
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table payments
CREATE TABLE payments (
    id            bigint          GENERATED ALWAYS AS IDENTITY NOT NULL,
    order_id      bigint          NOT NULL,
    amount        numeric(12,2)   NOT NULL CHECK (amount > 0),
    status        payment_status  NOT NULL DEFAULT 'pending',
    provider      text            NOT NULL,
    provider_ref  text            NOT NULL,
    created_at    timestamptz     NOT NULL DEFAULT now(),
    updated_at    timestamptz     NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (provider, provider_ref),
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE RESTRICT
);
CREATE INDEX ON payments (order_id);
COMMENT ON TABLE payments IS 'Payment attempts for an order, as reported by the payment provider.';
COMMENT ON COLUMN payments.provider_ref IS 'The provider''s own id of this payment.';
CREATE TRIGGER payments_set_updated_at
    BEFORE UPDATE ON payments
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table shipments
CREATE TABLE shipments (
    id               bigint           GENERATED ALWAYS AS IDENTITY NOT NULL,
    order_id         bigint           NOT NULL,
    carrier          text             NOT NULL,
    tracking_number  text,
    status           shipment_status  NOT NULL DEFAULT 'preparing',
    shipped_at       timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz      NOT NULL DEFAULT now(),
    updated_at       timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    CONSTRAINT shipments_delivered_after_shipped CHECK (delivered_at IS NULL OR delivered_at >= shipped_at),
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE RESTRICT
);
CREATE INDEX ON shipments (order_id);
COMMENT ON TABLE shipments IS 'A parcel sent for an order (an order may ship in several parcels).';
CREATE TRIGGER shipments_set_updated_at
    BEFORE UPDATE ON shipments
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Table reviews
CREATE TABLE reviews (
    id           bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    product_id   bigint       NOT NULL,
    customer_id  bigint       NOT NULL,
    rating       smallint     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body         text,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id),
    UNIQUE (product_id, customer_id),
    FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
CREATE INDEX ON reviews (customer_id);
COMMENT ON TABLE reviews IS 'A customer''s rating of a product they bought; one review per customer and product.
The unique (product_id, customer_id) also serves as the index for the product_id foreign key.
';
CREATE TRIGGER reviews_set_updated_at
    BEFORE UPDATE ON reviews
    FOR EACH ROW
    EXECUTE FUNCTION set_updated_at();

-- Views
CREATE VIEW customer_order_summary AS
SELECT c.id AS customer_id,
       c.email,
       count(o.id) AS orders,
       coalesce(sum(o.total) FILTER (WHERE o.status IN ('paid', 'shipped', 'delivered')), 0) AS revenue,
       max(o.placed_at) AS last_order_at
  FROM customers c
  LEFT JOIN orders o ON o.customer_id = c.id
 GROUP BY c.id, c.email;
COMMENT ON VIEW customer_order_summary IS 'Lifetime value per customer, for the support desk.';
