-- tablewright DDL for model rich
-- Dialect: DuckDB
-- Generated from the model file: edit the model, then generate again.

-- Schemas
CREATE SCHEMA IF NOT EXISTS billing;

-- Functions
-- WARNING: touch_updated_at: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: account_count: function: sql functions are PostgreSQL-only; not generated

-- Sequences (for identity columns)
CREATE SEQUENCE IF NOT EXISTS tenants_id_seq;
CREATE SEQUENCE IF NOT EXISTS billing.accounts_id_seq;
CREATE SEQUENCE IF NOT EXISTS bookings_id_seq;
CREATE SEQUENCE IF NOT EXISTS documents_id_seq;

-- Table tenants
-- WARNING: tenants: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: tenants: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         BIGINT DEFAULT NEXTVAL('tenants_id_seq') NOT NULL,
  name       TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT tenants_pkey PRIMARY KEY (id),
  UNIQUE (name)
);
COMMENT ON TABLE tenants IS 'Customers of the SaaS; one row per company.';
COMMENT ON COLUMN tenants.name IS 'Display name, it''s shown everywhere';

-- Table billing.accounts
-- WARNING: billing.accounts: generated column: balance_cents: DuckDB has no stored generated columns; computed on read (virtual) instead
-- WARNING: billing.accounts: unique: accounts_email_key: NULLS NOT DISTINCT is not available in DuckDB; NULLs count as distinct
-- WARNING: billing.accounts: foreign key: accounts_tenant_fk -> tenants: DuckDB has no foreign keys across schemas; dropped
-- WARNING: billing.accounts: foreign key action: tenant_id, manager_id: ON DELETE SET NULL is not available in DuckDB; dropped
-- WARNING: billing.accounts: deferrable: tenant_id, manager_id: DuckDB checks foreign keys immediately; DEFERRABLE dropped
-- WARNING: billing.accounts: index method: accounts_profile_gin: DuckDB has no GIN indexes; index left out
-- WARNING: billing.accounts: partial index: accounts_lower_email: DuckDB has no partial indexes, and a unique index without its WHERE would reject rows; index left out (enforce it in the application)
-- WARNING: billing.accounts: index options: index on tenant_id, status: storage options (fillfactor) are PostgreSQL-only; dropped
-- WARNING: billing.accounts: note: 2 note(s) cannot be stored as comments in DuckDB; dropped
-- WARNING: billing.accounts: row-level security: DuckDB has no row-level security; 2 policy(ies) dropped
-- WARNING: billing.accounts: trigger: PL/pgSQL triggers are PostgreSQL-only; accounts_touch not generated
-- WARNING: billing.accounts: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE billing.accounts (
  id            BIGINT DEFAULT NEXTVAL('billing.accounts_id_seq') NOT NULL,
  tenant_id     BIGINT NOT NULL,
  email         TEXT(320) NOT NULL CHECK (email LIKE '%@%') CHECK (LENGTH(email) <= 320),
  status        TEXT CHECK (status IN ('active', 'suspended', 'closed')) NOT NULL DEFAULT 'active',
  balance       DECIMAL(12, 2) NOT NULL DEFAULT 0,
  balance_cents BIGINT AS (CAST((balance * 100) AS BIGINT)),
  manager_id    BIGINT,
  updated_at    TIMESTAMPTZ,
  tags          TEXT[] DEFAULT '[]',
  profile       JSON,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT accounts_email_key UNIQUE (tenant_id, email),
  CONSTRAINT balance_floor CHECK (balance >= -1000),
  FOREIGN KEY (tenant_id, manager_id) REFERENCES billing.accounts(tenant_id, id)
);
CREATE INDEX accounts_updated_at_idx ON billing.accounts(updated_at DESC);
CREATE INDEX accounts_tenant_id_status_idx ON billing.accounts(tenant_id, status);

-- Table payments
-- WARNING: payments: index method: index on invoice_id: DuckDB has no HASH indexes; an ordinary index instead
-- WARNING: payments: foreign key: invoice_id -> invoices: closes a cycle, and DuckDB cannot add a foreign key later; dropped
CREATE TABLE payments (
  id         UUID NOT NULL DEFAULT UUID(),
  invoice_id UUID NOT NULL,
  amount     DECIMAL(12, 2) NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX payments_invoice_id_idx ON payments(invoice_id);

-- Table invoices
-- WARNING: invoices: index method: index on issued_on: DuckDB has no BRIN indexes; an ordinary index instead
-- WARNING: invoices: index options: index on issued_on: storage options (pages_per_range) are PostgreSQL-only; dropped
CREATE TABLE invoices (
  id              UUID NOT NULL DEFAULT UUID(),
  last_payment_id UUID,
  issued_on       DATE NOT NULL,
  kind            TEXT CHECK (kind IN ('standard', 'credit note', 'it''s')) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (last_payment_id) REFERENCES payments(id)
);
CREATE INDEX invoices_issued_on_idx ON invoices(issued_on);

-- Table bookings
-- WARNING: bookings: type: room int4range: a range type has no DuckDB equivalent: stored as VARCHAR
-- WARNING: bookings: type: during tstzrange: a range type has no DuckDB equivalent: stored as VARCHAR
-- WARNING: bookings: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: bookings: exclusion constraint: DuckDB has no EXCLUDE constraints; no_overlap dropped
CREATE TABLE bookings (
  id     BIGINT DEFAULT NEXTVAL('bookings_id_seq') NOT NULL,
  room   TEXT NOT NULL,
  during TEXT NOT NULL,
  PRIMARY KEY (id)
);

-- Table events
-- WARNING: events: partitioning: PARTITION BY RANGE (at) dropped: one plain table
CREATE TABLE events (
  id      BIGINT NOT NULL,
  "at"    TIMESTAMPTZ NOT NULL,
  payload JSON NOT NULL,
  PRIMARY KEY (id, "at")
);

-- Table events_2025
-- WARNING: events_2025: partition: a partition of events: DuckDB has no declarative partitions; its rows live in the parent table

-- Table events_default
-- WARNING: events_default: partition: a partition of events: DuckDB has no declarative partitions; its rows live in the parent table

-- Table documents
-- WARNING: documents: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: documents: index method: documents_embedding_hnsw: DuckDB has no HNSW indexes; index left out
CREATE TABLE documents (
  id        BIGINT DEFAULT NEXTVAL('documents_id_seq') NOT NULL,
  body      TEXT NOT NULL,
  embedding REAL[3],
  PRIMARY KEY (id)
);

-- Views
CREATE VIEW recent_invoices AS
SELECT
  *
FROM invoices
WHERE
  issued_on > CURRENT_TIMESTAMP - INTERVAL '30' DAYS;
-- WARNING: open_invoices: security_invoker: security_invoker is a PostgreSQL view option; DuckDB views have no equivalent, so the view is created without it
-- WARNING: open_invoices: security_barrier: security_barrier is a PostgreSQL view option; DuckDB views have no equivalent, so the view is created without it
CREATE VIEW open_invoices AS
SELECT
  i.*
FROM recent_invoices AS i
WHERE
  i.last_payment_id IS NULL;
-- WARNING: billing.tenant_totals: materialized view: DuckDB has no materialized views; created as a plain view
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
