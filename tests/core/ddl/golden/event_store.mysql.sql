-- tablewright DDL for model event_store
-- Dialect: MySQL (8.0.16 and later)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: refuse_event_change: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: copy_event_to_outbox: function: plpgsql functions are PostgreSQL-only; not generated

-- Table streams
-- WARNING: streams: type: stream_type text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
CREATE TABLE streams (
  stream_id   CHAR(36) NOT NULL,
  stream_type VARCHAR(255) NOT NULL CHECK (REGEXP_LIKE(stream_type, '^[a-z][a-z_]*$')),
  version     BIGINT NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (stream_id)
) COMMENT='One aggregate instance (an order, a cart); version is the number of its last event.';
CREATE INDEX streams_stream_type_created_at_idx ON streams(stream_type, created_at);

-- Table events
-- WARNING: events: type: event_type text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
-- WARNING: events: identity: global_position: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: events: trigger: PL/pgSQL triggers are PostgreSQL-only; events_append_only, events_to_outbox not generated
CREATE TABLE events (
  global_position BIGINT AUTO_INCREMENT NOT NULL,
  stream_id       CHAR(36) NOT NULL,
  version         BIGINT NOT NULL CHECK (version > 0),
  event_type      VARCHAR(255) NOT NULL,
  payload         JSON NOT NULL,
  metadata        JSON NOT NULL DEFAULT ('{}') COMMENT 'correlation_id, causation_id, user',
  occurred_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (global_position),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
  CONSTRAINT events_payload_is_object CHECK (JSONB_TYPEOF(payload) = 'object'),
  FOREIGN KEY (stream_id) REFERENCES streams(stream_id) ON DELETE RESTRICT
) COMMENT='The append-only log. global_position orders all events; version orders a stream''s events.';
CREATE INDEX events_event_type_global_position_idx ON events(event_type, global_position);

-- Table outbox
-- WARNING: outbox: identity: id: AUTO_INCREMENT accepts explicit values (GENERATED ALWAYS cannot be enforced)
-- WARNING: outbox: partial index: outbox_unpublished: MySQL has no partial indexes; the index covers every row
CREATE TABLE outbox (
  id             BIGINT AUTO_INCREMENT NOT NULL,
  event_position BIGINT NOT NULL,
  topic          TEXT NOT NULL,
  message_key    TEXT NOT NULL COMMENT 'Partition key for the broker (the stream id).',
  payload        JSON NOT NULL,
  created_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  published_at   TIMESTAMP,
  attempts       INT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  PRIMARY KEY (id),
  UNIQUE (event_position),
  FOREIGN KEY (event_position) REFERENCES events(global_position) ON DELETE RESTRICT
) COMMENT='Messages waiting to be published, written in the same transaction as the event. The relay\nreads unpublished rows in id order (FOR UPDATE SKIP LOCKED) and sets published_at.\n';
CREATE INDEX outbox_unpublished ON outbox(id);

-- Table projection_checkpoints
-- WARNING: projection_checkpoints: type: projection text: MySQL cannot use unbounded text in a key or index; VARCHAR(255) (longer values are refused)
CREATE TABLE projection_checkpoints (
  projection    VARCHAR(255) NOT NULL,
  last_position BIGINT NOT NULL DEFAULT 0 CHECK (last_position >= 0),
  updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (projection)
) COMMENT='How far each projection has read the log (its last processed global_position).';

-- Table order_summaries
CREATE TABLE order_summaries (
  order_id       CHAR(36) NOT NULL,
  customer_id    CHAR(36) NOT NULL,
  status         TEXT NOT NULL,
  item_count     INT NOT NULL DEFAULT 0 CHECK (item_count >= 0),
  total          DECIMAL(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
  stream_version BIGINT NOT NULL,
  updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP(),
  PRIMARY KEY (order_id),
  FOREIGN KEY (order_id) REFERENCES streams(stream_id) ON DELETE CASCADE
) COMMENT='A read model rebuilt from events by the order_summaries projection.';
CREATE INDEX order_summaries_customer_id_updated_at_idx ON order_summaries(customer_id, updated_at);

-- Publications
-- WARNING: outbox_relay: publication: logical replication publications are PostgreSQL-only; not generated
