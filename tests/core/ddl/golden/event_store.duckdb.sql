-- tablewright DDL for model event_store
-- Dialect: DuckDB
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: refuse_event_change: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: copy_event_to_outbox: function: plpgsql functions are PostgreSQL-only; not generated

-- Sequences (for identity columns)
CREATE SEQUENCE IF NOT EXISTS events_global_position_seq;
CREATE SEQUENCE IF NOT EXISTS outbox_id_seq;

-- Table streams
CREATE TABLE streams (
  stream_id   UUID NOT NULL,
  stream_type TEXT NOT NULL CHECK (REGEXP_MATCHES(stream_type, '^[a-z][a-z_]*$')),
  version     BIGINT NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (stream_id)
);
CREATE INDEX streams_stream_type_created_at_idx ON streams(stream_type, created_at);
COMMENT ON TABLE streams IS 'One aggregate instance (an order, a cart); version is the number of its last event.';

-- Table events
-- WARNING: events: identity: global_position: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: events: check: "jsonb_typeof(payload) = 'object'" becomes "JSONB_TYPEOF(payload) = 'object'", which DuckDB rejects (Catalog Error: Scalar Function with name jsonb_typeof does not exist!); dropped
-- WARNING: events: trigger: PL/pgSQL triggers are PostgreSQL-only; events_append_only, events_to_outbox not generated
CREATE TABLE events (
  global_position BIGINT DEFAULT NEXTVAL('events_global_position_seq') NOT NULL,
  stream_id       UUID NOT NULL,
  version         BIGINT NOT NULL CHECK (version > 0),
  event_type      TEXT NOT NULL,
  payload         JSON NOT NULL,
  metadata        JSON NOT NULL DEFAULT '{}',
  occurred_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (global_position),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
  FOREIGN KEY (stream_id) REFERENCES streams(stream_id) ON DELETE RESTRICT
);
CREATE INDEX events_event_type_global_position_idx ON events(event_type, global_position);
COMMENT ON TABLE events IS 'The append-only log. global_position orders all events; version orders a stream''s events.';
COMMENT ON COLUMN events.metadata IS 'correlation_id, causation_id, user';

-- Table outbox
-- WARNING: outbox: identity: id: a sequence default accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: outbox: partial index: outbox_unpublished: DuckDB has no partial indexes; the index covers every row
CREATE TABLE outbox (
  id             BIGINT DEFAULT NEXTVAL('outbox_id_seq') NOT NULL,
  event_position BIGINT NOT NULL,
  topic          TEXT NOT NULL,
  message_key    TEXT NOT NULL,
  payload        JSON NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  published_at   TIMESTAMPTZ,
  attempts       INT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  PRIMARY KEY (id),
  UNIQUE (event_position),
  FOREIGN KEY (event_position) REFERENCES events(global_position) ON DELETE RESTRICT
);
CREATE INDEX outbox_unpublished ON outbox(id);
COMMENT ON TABLE outbox IS 'Messages waiting to be published, written in the same transaction as the event. The relay
reads unpublished rows in id order (FOR UPDATE SKIP LOCKED) and sets published_at.
';
COMMENT ON COLUMN outbox.message_key IS 'Partition key for the broker (the stream id).';

-- Table projection_checkpoints
CREATE TABLE projection_checkpoints (
  projection    TEXT NOT NULL,
  last_position BIGINT NOT NULL DEFAULT 0 CHECK (last_position >= 0),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (projection)
);
COMMENT ON TABLE projection_checkpoints IS 'How far each projection has read the log (its last processed global_position).';

-- Table order_summaries
-- WARNING: order_summaries: foreign key action: order_id: ON DELETE CASCADE is not available in DuckDB; dropped
CREATE TABLE order_summaries (
  order_id       UUID NOT NULL,
  customer_id    UUID NOT NULL,
  status         TEXT NOT NULL,
  item_count     INT NOT NULL DEFAULT 0 CHECK (item_count >= 0),
  total          DECIMAL(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  stream_version BIGINT NOT NULL,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (order_id),
  FOREIGN KEY (order_id) REFERENCES streams(stream_id)
);
CREATE INDEX order_summaries_customer_id_updated_at_idx ON order_summaries(customer_id, updated_at);
COMMENT ON TABLE order_summaries IS 'A read model rebuilt from events by the order_summaries projection.';

-- Publications
-- WARNING: outbox_relay: publication: logical replication publications are PostgreSQL-only; not generated
