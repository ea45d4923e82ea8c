-- tablewright DDL for model event_store
-- Dialect: SQLite (3.35 and later)
-- Generated from the model file: edit the model, then generate again.
-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections that run
-- PRAGMA foreign_keys = ON; (it is off by default).

-- Functions
-- WARNING: refuse_event_change: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: copy_event_to_outbox: function: plpgsql functions are PostgreSQL-only; not generated

-- Table streams
-- WARNING: streams: check: "stream_type ~ '^[a-z][a-z_]*$'" becomes "stream_type REGEXP '^[a-z][a-z_]*$'", which SQLite rejects (no such function: REGEXP); dropped
-- WARNING: streams: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE streams (
  stream_id   TEXT NOT NULL PRIMARY KEY,
  stream_type TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX streams_stream_type_created_at_idx ON streams(stream_type, created_at);

-- Table events
-- WARNING: events: check: "jsonb_typeof(payload) = 'object'" becomes "JSONB_TYPEOF(payload) = 'object'", which SQLite rejects (no such function: JSONB_TYPEOF); dropped
-- WARNING: events: note: 2 note(s) cannot be stored as comments in SQLite; dropped
-- WARNING: events: trigger: PL/pgSQL triggers are PostgreSQL-only; events_append_only, events_to_outbox not generated
CREATE TABLE events (
  global_position INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  stream_id       TEXT NOT NULL,
  version         INTEGER NOT NULL CHECK (version > 0),
  event_type      TEXT NOT NULL,
  payload         TEXT NOT NULL,
  metadata        TEXT NOT NULL DEFAULT '{}',
  occurred_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
  FOREIGN KEY (stream_id) REFERENCES streams(stream_id) ON DELETE RESTRICT
);
CREATE INDEX events_event_type_global_position_idx ON events(event_type, global_position);

-- Table outbox
-- WARNING: outbox: note: 2 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE outbox (
  id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  event_position INTEGER NOT NULL,
  topic          TEXT NOT NULL,
  message_key    TEXT NOT NULL,
  payload        TEXT NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  published_at   TIMESTAMPTZ,
  attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  UNIQUE (event_position),
  FOREIGN KEY (event_position) REFERENCES events(global_position) ON DELETE RESTRICT
);
CREATE INDEX outbox_unpublished ON outbox(id) WHERE published_at IS NULL;

-- Table projection_checkpoints
-- WARNING: projection_checkpoints: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE projection_checkpoints (
  projection    TEXT NOT NULL PRIMARY KEY,
  last_position INTEGER NOT NULL DEFAULT 0 CHECK (last_position >= 0),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Table order_summaries
-- WARNING: order_summaries: type: total numeric(12,2): SQLite ignores the precision and scale of numeric(12,2): values are stored as integers or 8-byte floats (inexact), neither limited to 12 digits nor rounded to 2 decimal places; keep amounts in integer cents, or check them in the application
-- WARNING: order_summaries: note: 1 note(s) cannot be stored as comments in SQLite; dropped
CREATE TABLE order_summaries (
  order_id       TEXT NOT NULL PRIMARY KEY,
  customer_id    TEXT NOT NULL,
  status         TEXT NOT NULL,
  item_count     INTEGER NOT NULL DEFAULT 0 CHECK (item_count >= 0),
  total          NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  stream_version INTEGER NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (order_id) REFERENCES streams(stream_id) ON DELETE CASCADE
);
CREATE INDEX order_summaries_customer_id_updated_at_idx ON order_summaries(customer_id, updated_at);

-- Publications
-- WARNING: outbox_relay: publication: logical replication publications are PostgreSQL-only; not generated
