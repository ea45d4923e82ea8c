-- tablewright DDL for model rich
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Schemas
-- WARNING: schema: SQL Server runs CREATE SCHEMA only first in a batch: run these statements on their own (end them with GO)
CREATE SCHEMA billing;

-- Functions
-- WARNING: touch_updated_at: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: account_count: function: sql functions are PostgreSQL-only; not generated

-- Table tenants
-- WARNING: tenants: type: name text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: tenants: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: tenants: citus: reference table: Citus distribution applies to PostgreSQL only
CREATE TABLE tenants (
  id         BIGINT IDENTITY(1, 1) NOT NULL,
  name       NVARCHAR(450) NOT NULL,
  created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  CONSTRAINT tenants_pkey PRIMARY KEY (id),
  UNIQUE (name)
);

-- Table billing.accounts
-- WARNING: billing.accounts: type: tags text[]: an array has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: billing.accounts: type: profile jsonb: JSON has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: billing.accounts: foreign key action: tenant_id, manager_id: SQL Server refuses ON DELETE SET NULL on a table referencing itself (error 1785); dropped (use an INSTEAD OF DELETE trigger)
-- WARNING: billing.accounts: deferrable: tenant_id, manager_id: SQL Server checks foreign keys immediately; DEFERRABLE dropped
-- WARNING: billing.accounts: index method: accounts_profile_gin: SQL Server has no GIN indexes; index left out
-- WARNING: billing.accounts: expression index: accounts_lower_email: SQL Server cannot index an expression; index left out (index a computed column instead)
-- WARNING: billing.accounts: index options: index on tenant_id, status: storage options (fillfactor) are PostgreSQL-only; dropped
-- WARNING: billing.accounts: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: billing.accounts: row-level security: SQL Server has no row-level security; 2 policy(ies) dropped
-- WARNING: billing.accounts: trigger: PL/pgSQL triggers are PostgreSQL-only; accounts_touch not generated
-- WARNING: billing.accounts: citus: distributed table: Citus distribution applies to PostgreSQL only
CREATE TABLE billing.accounts (
  id            BIGINT IDENTITY(1, 1) NOT NULL,
  tenant_id     BIGINT NOT NULL,
  email         NVARCHAR(320) NOT NULL CHECK (email LIKE '%@%'),
  status        NVARCHAR(9) CHECK (status IN ('active', 'suspended', 'closed')) NOT NULL DEFAULT 'active',
  balance       NUMERIC(12, 2) NOT NULL DEFAULT 0,
  balance_cents AS (CAST((balance * 100) AS BIGINT)) PERSISTED,
  manager_id    BIGINT,
  updated_at    DATETIMEOFFSET,
  tags          NVARCHAR(MAX) DEFAULT '[]',
  profile       NVARCHAR(MAX),
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT accounts_email_key UNIQUE (tenant_id, email),
  CONSTRAINT balance_floor CHECK (balance >= -1000),
  CONSTRAINT accounts_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, manager_id) REFERENCES billing.accounts(tenant_id, id)
);
CREATE INDEX accounts_updated_at_idx ON billing.accounts(updated_at DESC);
CREATE INDEX accounts_tenant_id_status_idx ON billing.accounts(tenant_id, status);

-- Table payments
-- WARNING: payments: index method: index on invoice_id: SQL Server has no HASH indexes; an ordinary index instead
CREATE TABLE payments (
  id         UNIQUEIDENTIFIER NOT NULL DEFAULT NEWID(),
  invoice_id UNIQUEIDENTIFIER NOT NULL,
  amount     NUMERIC(12, 2) NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX payments_invoice_id_idx ON payments(invoice_id);

-- Table invoices
-- WARNING: invoices: index method: index on issued_on: SQL Server has no BRIN indexes; an ordinary index instead
-- WARNING: invoices: index options: index on issued_on: storage options (pages_per_range) are PostgreSQL-only; dropped
CREATE TABLE invoices (
  id              UNIQUEIDENTIFIER NOT NULL DEFAULT NEWID(),
  last_payment_id UNIQUEIDENTIFIER,
  issued_on       DATE NOT NULL,
  kind            NVARCHAR(11) CHECK (kind IN ('standard', 'credit note', 'it''s')) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (last_payment_id) REFERENCES payments(id)
);
CREATE INDEX invoices_issued_on_idx ON invoices(issued_on);

-- Table bookings
-- WARNING: bookings: type: room int4range: a range type has no SQL Server equivalent: stored as NVARCHAR(255)
-- WARNING: bookings: type: during tstzrange: a range type has no SQL Server equivalent: stored as NVARCHAR(255)
-- WARNING: bookings: exclusion constraint: SQL Server has no EXCLUDE constraints; no_overlap dropped
CREATE TABLE bookings (
  id     BIGINT IDENTITY(1, 1) NOT NULL,
  room   NVARCHAR(255) NOT NULL,
  during NVARCHAR(255) NOT NULL,
  PRIMARY KEY (id)
);

-- Table events
-- WARNING: events: type: payload jsonb: JSON has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: events: partitioning: PARTITION BY RANGE (at) dropped: one plain table
CREATE TABLE events (
  id      BIGINT NOT NULL,
  at      DATETIMEOFFSET NOT NULL,
  payload NVARCHAR(MAX) NOT NULL,
  PRIMARY KEY (id, at)
);

-- Table events_2025
-- WARNING: events_2025: partition: a partition of events: SQL Server has no declarative partitions; its rows live in the parent table

-- Table events_default
-- WARNING: events_default: partition: a partition of events: SQL Server has no declarative partitions; its rows live in the parent table

-- Table documents
-- WARNING: documents: type: embedding vector(3): a vector has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: documents: index method: documents_embedding_hnsw: SQL Server has no HNSW indexes; index left out
CREATE TABLE documents (
  id        BIGINT IDENTITY(1, 1) NOT NULL,
  body      NVARCHAR(MAX) NOT NULL,
  embedding NVARCHAR(MAX),
  PRIMARY KEY (id)
);

-- Foreign keys that close a cycle (added once every table exists)
ALTER TABLE payments ADD FOREIGN KEY (invoice_id) REFERENCES invoices(id) ON DELETE NO ACTION ON UPDATE CASCADE;

-- Views
CREATE VIEW recent_invoices AS
SELECT
  *
FROM invoices
WHERE
  issued_on > GETDATE() - INTERVAL '30' DAYS;
-- WARNING: open_invoices: security_invoker: security_invoker is a PostgreSQL view option; SQL Server views have no equivalent, so the view is created without it
-- WARNING: open_invoices: security_barrier: security_barrier is a PostgreSQL view option; SQL Server views have no equivalent, so the view is created without it
CREATE VIEW open_invoices AS
SELECT
  i.*
FROM recent_invoices AS i
WHERE
  i.last_payment_id IS NULL;
-- WARNING: billing.tenant_totals: materialized view: SQL Server has no materialized views; created as a plain view
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
