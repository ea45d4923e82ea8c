-- tablewright DDL for model rich
-- Dialect: MySQL (8.0.16 and later)
-- Generated from the model file: edit the model, then generate again.

-- Schemas
CREATE SCHEMA IF NOT EXISTS billing;

-- Functions
-- WARNING: touch_updated_at: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: account_count: function: sql functions are PostgreSQL-only; not generated

-- Table tenants
-- WARNING: tenants: type: name text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: tenants: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: tenants: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         BIGINT AUTO_INCREMENT NOT NULL,
  name       VARCHAR(255) NOT NULL COMMENT 'Display name, it''s shown everywhere',
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  CONSTRAINT tenants_pkey PRIMARY KEY (id),
  UNIQUE (name)
) COMMENT='Customers of the SaaS; one row per company.';

-- Table billing.accounts
-- WARNING: billing.accounts: type: tags text[]: an array has no MySQL equivalent: stored as JSON
-- WARNING: billing.accounts: unique: accounts_email_key: NULLS NOT DISTINCT is not available in MySQL; NULLs count as distinct
-- WARNING: billing.accounts: deferrable: tenant_id, manager_id: MySQL checks foreign keys immediately; DEFERRABLE dropped
-- WARNING: billing.accounts: index method: accounts_profile_gin: MySQL has no GIN indexes; index left out
-- WARNING: billing.accounts: partial index: accounts_lower_email: MySQL has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: billing.accounts: index options: index on tenant_id, status: storage options (fillfactor) are PostgreSQL-only; dropped
-- WARNING: billing.accounts: note: 2 note(s) cannot be stored as comments in MySQL; dropped
-- WARNING: billing.accounts: row-level security: MySQL has no row-level security; 2 policy(ies) dropped
-- WARNING: billing.accounts: trigger: PL/pgSQL triggers are PostgreSQL-only; accounts_touch not generated
-- WARNING: billing.accounts: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE billing.accounts (
  id            BIGINT AUTO_INCREMENT NOT NULL,
  tenant_id     BIGINT NOT NULL,
  email         VARCHAR(320) NOT NULL CHECK (email LIKE '%@%'),
  status        ENUM('active', 'suspended', 'closed') NOT NULL DEFAULT 'active',
  balance       DECIMAL(12, 2) NOT NULL DEFAULT 0,
  balance_cents BIGINT GENERATED ALWAYS AS (CAST((balance * 100) AS SIGNED)) STORED,
  manager_id    BIGINT,
  updated_at    TIMESTAMP,
  tags          JSON DEFAULT ('[]'),
  profile       JSON,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT accounts_email_key UNIQUE (tenant_id, email),
  CONSTRAINT balance_floor CHECK (balance >= -1000),
  CONSTRAINT accounts_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, manager_id) REFERENCES billing.accounts(tenant_id, id) ON DELETE SET NULL
);
CREATE INDEX accounts_updated_at_idx ON billing.accounts(updated_at DESC);
CREATE INDEX accounts_tenant_id_status_idx ON billing.accounts(tenant_id, status);

-- Table payments
-- WARNING: payments: index method: index on invoice_id: MySQL has no HASH indexes; an ordinary index instead
CREATE TABLE payments (
  id         CHAR(36) NOT NULL DEFAULT (UUID()),
  invoice_id CHAR(36) NOT NULL,
  amount     DECIMAL(12, 2) NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX payments_invoice_id_idx ON payments(invoice_id);

-- Table invoices
-- WARNING: invoices: index method: index on issued_on: MySQL has no BRIN indexes; an ordinary index instead
-- WARNING: invoices: index options: index on issued_on: storage options (pages_per_range) are PostgreSQL-only; dropped
CREATE TABLE invoices (
  id              CHAR(36) NOT NULL DEFAULT (UUID()),
  last_payment_id CHAR(36),
  issued_on       DATE NOT NULL,
  kind            ENUM('standard', 'credit note', 'it''s') NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (last_payment_id) REFERENCES payments(id)
);
CREATE INDEX invoices_issued_on_idx ON invoices(issued_on);

-- Table bookings
-- WARNING: bookings: type: room int4range: a range type has no MySQL equivalent: stored as VARCHAR(255)
-- WARNING: bookings: type: during tstzrange: a range type has no MySQL equivalent: stored as VARCHAR(255)
-- WARNING: bookings: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: bookings: exclusion constraint: MySQL has no EXCLUDE constraints; no_overlap dropped
CREATE TABLE bookings (
  id     BIGINT AUTO_INCREMENT NOT NULL,
  room   VARCHAR(255) NOT NULL,
  during VARCHAR(255) NOT NULL,
  PRIMARY KEY (id)
);

-- Table events
-- WARNING: events: partitioning: PARTITION BY RANGE (at) dropped: one plain table
CREATE TABLE events (
  id      BIGINT NOT NULL,
  at      TIMESTAMP NOT NULL,
  payload JSON NOT NULL,
  PRIMARY KEY (id, at)
);

-- Table events_2025
-- WARNING: events_2025: partition: a partition of events: MySQL has no declarative partitions; its rows live in the parent table

-- Table events_default
-- WARNING: events_default: partition: a partition of events: MySQL has no declarative partitions; its rows live in the parent table

-- Table documents
-- WARNING: documents: type: embedding vector(3): a vector has no MySQL equivalent: stored as JSON
-- WARNING: documents: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: documents: index method: documents_embedding_hnsw: MySQL has no HNSW indexes; index left out
CREATE TABLE documents (
  id        BIGINT AUTO_INCREMENT NOT NULL,
  body      TEXT NOT NULL,
  embedding JSON,
  PRIMARY KEY (id)
);

-- Foreign keys that close a cycle (added once every table exists)
ALTER TABLE payments ADD FOREIGN KEY (invoice_id) REFERENCES invoices(id) ON DELETE RESTRICT ON UPDATE CASCADE;

-- Views
CREATE VIEW recent_invoices AS
SELECT
  *
FROM invoices
WHERE
  issued_on > CURRENT_TIMESTAMP() - INTERVAL '30' DAY;
-- WARNING: open_invoices: security_invoker: security_invoker is a PostgreSQL view option; MySQL views have no equivalent, so the view is created without it
-- WARNING: open_invoices: security_barrier: security_barrier is a PostgreSQL view option; MySQL views have no equivalent, so the view is created without it
CREATE VIEW open_invoices AS
SELECT
  i.*
FROM recent_invoices AS i
WHERE
  i.last_payment_id IS NULL;
-- WARNING: billing.tenant_totals: materialized view: MySQL has no materialized views; created as a plain view
CREATE VIEW billing.tenant_totals AS
SELECT
  tenant_id,
  SUM(balance) AS total
FROM billing.accounts
GROUP BY
  tenant_id;

-- Publications
-- WARNING: Billing feed: publication: logical replication publications are PostgreSQL-only; not generated
-- WARNING: billing_all: publication: logical replication publications are PostgreSQL-only; not generated
