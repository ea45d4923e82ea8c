-- tablewright DDL for model event_store
-- Dialect: SQL Server (T-SQL)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: refuse_event_change: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: copy_event_to_outbox: function: plpgsql functions are PostgreSQL-only; not generated

-- Table streams
-- WARNING: streams: type: stream_type text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: streams: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE streams (
  stream_id   UNIQUEIDENTIFIER NOT NULL,
  stream_type NVARCHAR(450) NOT NULL CHECK (REGEXP_LIKE(stream_type, '^[a-z][a-z_]*$')),
  version     BIGINT NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at  DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (stream_id)
);
CREATE INDEX streams_stream_type_created_at_idx ON streams(stream_type, created_at);

-- Table events
-- WARNING: events: type: event_type text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: events: type: payload jsonb: JSON has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: events: type: metadata jsonb: JSON has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: events: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
-- WARNING: events: trigger: PL/pgSQL triggers are PostgreSQL-only; events_append_only, events_to_outbox not generated
CREATE TABLE events (
  global_position BIGINT IDENTITY(1, 1) NOT NULL,
  stream_id       UNIQUEIDENTIFIER NOT NULL,
  version         BIGINT NOT NULL CHECK (version > 0),
  event_type      NVARCHAR(450) NOT NULL,
  payload         NVARCHAR(MAX) NOT NULL,
  metadata        NVARCHAR(MAX) NOT NULL DEFAULT '{}',
  occurred_at     DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (global_position),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
  CONSTRAINT events_payload_is_object CHECK (JSONB_TYPEOF(payload) = 'object'),
  FOREIGN KEY (stream_id) REFERENCES streams(stream_id) ON DELETE NO ACTION
);
CREATE INDEX events_event_type_global_position_idx ON events(event_type, global_position);

-- Table outbox
-- WARNING: outbox: type: payload jsonb: JSON has no SQL Server equivalent: stored as NVARCHAR(MAX)
-- WARNING: outbox: note: 2 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE outbox (
  id             BIGINT IDENTITY(1, 1) NOT NULL,
  event_position BIGINT NOT NULL,
  topic          NVARCHAR(MAX) NOT NULL,
  message_key    NVARCHAR(MAX) NOT NULL,
  payload        NVARCHAR(MAX) NOT NULL,
  created_at     DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  published_at   DATETIMEOFFSET,
  attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  PRIMARY KEY (id),
  UNIQUE (event_position),
  FOREIGN KEY (event_position) REFERENCES events(global_position) ON DELETE NO ACTION
);
CREATE INDEX outbox_unpublished ON outbox(id) WHERE published_at IS NULL;

-- Table projection_checkpoints
-- WARNING: projection_checkpoints: type: projection text: SQL Server cannot use unbounded text in a key or index; NVARCHAR(450) (longer values are refused)
-- WARNING: projection_checkpoints: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE projection_checkpoints (
  projection    NVARCHAR(450) NOT NULL,
  last_position BIGINT NOT NULL DEFAULT 0 CHECK (last_position >= 0),
  updated_at    DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (projection)
);

-- Table order_summaries
-- WARNING: order_summaries: note: 1 note(s) cannot be stored as comments in SQL Server; dropped
CREATE TABLE order_summaries (
  order_id       UNIQUEIDENTIFIER NOT NULL,
  customer_id    UNIQUEIDENTIFIER NOT NULL,
  status         NVARCHAR(MAX) NOT NULL,
  item_count     INTEGER NOT NULL DEFAULT 0 CHECK (item_count >= 0),
  total          NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  stream_version BIGINT NOT NULL,
  updated_at     DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET(),
  PRIMARY KEY (order_id),
  FOREIGN KEY (order_id) REFERENCES streams(stream_id) ON DELETE CASCADE
);
CREATE INDEX order_summaries_customer_id_updated_at_idx ON order_summaries(customer_id, updated_at);

-- Publications
-- WARNING: outbox_relay: publication: logical replication publications are PostgreSQL-only; not generated
