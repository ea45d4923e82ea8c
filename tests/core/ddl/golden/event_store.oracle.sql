-- tablewright DDL for model event_store
-- Dialect: Oracle Database (23ai)
-- Generated from the model file: edit the model, then generate again.

-- Functions
-- WARNING: refuse_event_change: function: plpgsql functions are PostgreSQL-only; not generated
-- WARNING: copy_event_to_outbox: function: plpgsql functions are PostgreSQL-only; not generated

-- Table streams
-- WARNING: streams: type: stream_type text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE streams (
  stream_id   VARCHAR2(36) NOT NULL,
  stream_type VARCHAR2(4000) NOT NULL CHECK (REGEXP_LIKE(stream_type, '^[a-z][a-z_]*$')),
  version     INT DEFAULT 0 NOT NULL CHECK (version >= 0),
  created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (stream_id)
);
CREATE INDEX streams_stream_type_created_at_idx ON streams(stream_type, created_at);
COMMENT ON TABLE streams IS 'One aggregate instance (an order, a cart); version is the number of its last event.';

-- Table events
-- WARNING: events: type: event_type text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
-- WARNING: events: trigger: PL/pgSQL triggers are PostgreSQL-only; events_append_only, events_to_outbox not generated
CREATE TABLE events (
  global_position INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  stream_id       VARCHAR2(36) NOT NULL,
  version         INT NOT NULL CHECK (version > 0),
  event_type      VARCHAR2(4000) NOT NULL,
  payload         JSON NOT NULL,
  metadata        JSON DEFAULT '{}' NOT NULL,
  occurred_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (global_position),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
  CONSTRAINT events_payload_is_object CHECK (JSONB_TYPEOF(payload) = 'object'),
  FOREIGN KEY (stream_id) REFERENCES streams(stream_id)
);
CREATE INDEX events_event_type_global_position_idx ON events(event_type, global_position);
COMMENT ON TABLE events IS 'The append-only log. global_position orders all events; version orders a stream''s events.';
COMMENT ON COLUMN events.metadata IS 'correlation_id, causation_id, user';

-- Table outbox
-- WARNING: outbox: partial index: outbox_unpublished: Oracle has no partial indexes; the index covers every row
CREATE TABLE outbox (
  id             INT GENERATED ALWAYS AS IDENTITY NOT NULL,
  event_position INT NOT NULL,
  topic          CLOB NOT NULL,
  message_key    CLOB NOT NULL,
  payload        JSON NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  published_at   TIMESTAMP WITH TIME ZONE,
  attempts       INT DEFAULT 0 NOT NULL CHECK (attempts >= 0),
  PRIMARY KEY (id),
  UNIQUE (event_position),
  FOREIGN KEY (event_position) REFERENCES events(global_position)
);
CREATE INDEX outbox_unpublished ON outbox(id);
COMMENT ON TABLE outbox IS 'Messages waiting to be published, written in the same transaction as the event. The relay
reads unpublished rows in id order (FOR UPDATE SKIP LOCKED) and sets published_at.
';
COMMENT ON COLUMN outbox.message_key IS 'Partition key for the broker (the stream id).';

-- Table projection_checkpoints
-- WARNING: projection_checkpoints: type: projection text: Oracle cannot use unbounded text in a key, index or check; VARCHAR2(4000) (longer values are refused)
CREATE TABLE projection_checkpoints (
  projection    VARCHAR2(4000) NOT NULL,
  last_position INT DEFAULT 0 NOT NULL CHECK (last_position >= 0),
  updated_at    TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (projection)
);
COMMENT ON TABLE projection_checkpoints IS 'How far each projection has read the log (its last processed global_position).';

-- Table order_summaries
CREATE TABLE order_summaries (
  order_id       VARCHAR2(36) NOT NULL,
  customer_id    VARCHAR2(36) NOT NULL,
  status         CLOB NOT NULL,
  item_count     INT DEFAULT 0 NOT NULL CHECK (item_count >= 0),
  total          NUMBER(12, 2) DEFAULT 0 NOT NULL CHECK (total >= 0),
  stream_version INT NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  PRIMARY KEY (order_id),
  FOREIGN KEY (order_id) REFERENCES streams(stream_id) ON DELETE CASCADE
);
CREATE INDEX order_summaries_customer_id_updated_at_idx ON order_summaries(customer_id, updated_at);
COMMENT ON TABLE order_summaries IS 'A read model rebuilt from events by the order_summaries projection.';

-- Publications
-- WARNING: outbox_relay: publication: logical replication publications are PostgreSQL-only; not generated
