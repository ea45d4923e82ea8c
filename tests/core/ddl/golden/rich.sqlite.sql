-- tablewright DDL for model rich
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.
-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections that run
-- PRAGMA foreign_keys = ON; (it is off by default).

-- Schemas
-- WARNING: schema: SQLite has no schemas (billing): tables are created unqualified (attach a database per schema to keep them apart)

-- Functions
-- WARNING: touch_updated_at: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: account_count: function: sql functions are PostgreSQL-only; not generated

-- Table tenants
-- WARNING: tenants: note: 2 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: tenants: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (name)
);

-- Table billing.accounts
-- WARNING: billing.accounts: type: balance numeric(12, 2): SQLite ignores the precision and scale of numeric(12,2): values are stored as integers or 8-byte floats (inexact), neither limited to 12 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: billing.accounts: type: tags text[]: an array has no SQLite equivalent: stored as TEXT
-- WARNING: billing.accounts: identity: id: SQLite numbers rows automatically only for a single-column INTEGER PRIMARY KEY; identity dropped
-- WARNING: billing.accounts: unique: accounts_email_key: NULLS NOT DISTINCT is not available in SQLite; NULLs count as distinct
-- WARNING: billing.accounts: index method: accounts_profile_gin: SQLite has no GIN indexes; index left out
-- WARNING: billing.accounts: index include: accounts_lower_email: SQLite has no INCLUDE columns; id dropped from the index
-- WARNING: billing.accounts: index options: index on tenant_id, status: storage options (fillfactor) are PostgreSQL-only; dropped
-- WARNING: billing.accounts: note: 2 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: billing.accounts: row-level security: SQLite has no row-level security; 2 policy(ies) dropped
-- WARNING: billing.accounts: trigger: PL/pgSQL triggers are PostgreSQL-only; accounts_touch not generated
-- WARNING: billing.accounts: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE accounts (
  id            INTEGER NOT NULL,
  tenant_id     INTEGER NOT NULL,
  email         TEXT(320) NOT NULL CHECK (email LIKE '%@%') CHECK (LENGTH(email) <= 320),
  status        TEXT CHECK (status IN ('active', 'suspended', 'closed')) NOT NULL DEFAULT 'active',
  balance       NUMERIC(12, 2) NOT NULL DEFAULT 0,
  balance_cents INTEGER AS (CAST((balance * 100) AS INTEGER)) STORED,
  manager_id    INTEGER,
  updated_at    TIMESTAMPTZ,
  tags          TEXT DEFAULT '[]',
  profile       TEXT,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT accounts_email_key UNIQUE (tenant_id, email),
  CONSTRAINT balance_floor CHECK (balance >= -1000),
  CONSTRAINT accounts_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, manager_id) REFERENCES accounts(tenant_id, id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX accounts_lower_email ON accounts((LOWER(email))) WHERE status <> 'closed';
CREATE INDEX accounts_updated_at_idx ON accounts(updated_at DESC);
CREATE INDEX accounts_tenant_id_status_idx ON accounts(tenant_id, status);

-- Table payments
-- WARNING: payments: type: amount numeric(12,2): SQLite ignores the precision and scale of numeric(12,2): values are stored as integers or 8-byte floats (inexact), neither limited to 12 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: payments: default: 'gen_random_uuid()' becomes 'UUID()', which SQLite rejects (no such function: UUID); dropped
-- WARNING: payments: index method: index on invoice_id: SQLite has no HASH indexes; an ordinary index instead
CREATE TABLE payments (
  id         TEXT NOT NULL PRIMARY KEY,
  invoice_id TEXT NOT NULL,
  amount     NUMERIC(12, 2) NOT NULL,
  FOREIGN KEY (invoice_id) REFERENCES invoices(id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX payments_invoice_id_idx ON payments(invoice_id);

-- Table invoices
-- WARNING: invoices: default: 'gen_random_uuid()' becomes 'UUID()', which SQLite rejects (no such function: UUID); dropped
-- WARNING: invoices: index method: index on issued_on: SQLite has no BRIN indexes; an ordinary index instead
-- WARNING: invoices: index options: index on issued_on: storage options (pages_per_range) are PostgreSQL-only; dropped
CREATE TABLE invoices (
  id              TEXT NOT NULL PRIMARY KEY,
  last_payment_id TEXT,
  issued_on       DATE NOT NULL,
  kind            TEXT CHECK (kind IN ('standard', 'credit note', 'it''s')) NOT NULL,
  FOREIGN KEY (last_payment_id) REFERENCES payments(id)
);
CREATE INDEX invoices_issued_on_idx ON invoices(issued_on);

-- Table bookings
-- WARNING: bookings: type: room int4range: a range type has no SQLite equivalent: stored as TEXT
-- WARNING: bookings: type: during tstzrange: a range type has no SQLite equivalent: stored as TEXT
-- WARNING: bookings: exclusion constraint: SQLite has no EXCLUDE constraints; no_overlap dropped
CREATE TABLE bookings (
  id     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  room   TEXT NOT NULL,
  during TEXT NOT NULL
);

-- Table events
-- WARNING: events: partitioning: PARTITION BY RANGE (at) dropped: one plain table
CREATE TABLE events (
  id      INTEGER NOT NULL,
  at      TIMESTAMPTZ NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (id, at)
);

-- Table events_2025
-- WARNING: events_2025: partition: a partition of events: SQLite has no declarative partitions; its rows live in the parent table

-- Table events_default
-- WARNING: events_default: partition: a partition of events: SQLite has no declarative partitions; its rows live in the parent table

-- Table documents
-- WARNING: documents: type: embedding vector(3): a vector has no SQLite equivalent: stored as TEXT
-- WARNING: documents: index method: documents_embedding_hnsw: SQLite has no HNSW indexes; index left out
CREATE TABLE documents (
  id        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  body      TEXT NOT NULL,
  embedding TEXT
);

-- Views
-- WARNING: recent_invoices: view: sqlglot's SQLite translation of its query does not parse (near "'30'": syntax error); view not generated
-- WARNING: open_invoices: view: reads recent_invoices, which could not be generated; view not generated
-- WARNING: billing.tenant_totals: materialized view: SQLite has no materialized views; created as a plain view
CREATE VIEW tenant_totals AS
SELECT
  tenant_id,
  SUM(balance) AS total
FROM accounts
GROUP BY
  tenant_id;

-- Publications
-- WARNING: Billing feed: publication: logical replication publications are PostgreSQL-only; not generated
-- WARNING: billing_all: publication: logical replication publications are PostgreSQL-only; not generated
