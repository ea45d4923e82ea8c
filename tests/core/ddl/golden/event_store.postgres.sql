-- tablewright DDL for model event_store
-- Dialect: PostgreSQL (15 and later)
-- Generated from the model file: edit the model, then generate again.

-- Functions
CREATE OR REPLACE FUNCTION refuse_event_change()
RETURNS trigger
LANGUAGE plpgsql
AS $body$
BEGIN
  RAISE EXCEPTION 'events are append-only: % of event % refused', TG_OP, OLD.global_position
    USING ERRCODE = 'restrict_violation';
END;
$body$;
COMMENT ON FUNCTION refuse_event_change() IS 'Events are facts; correct them with a compensating event instead.';
CREATE OR REPLACE FUNCTION copy_event_to_outbox()
RETURNS trigger
LANGUAGE plpgsql
AS $body$
BEGIN
  INSERT INTO outbox (event_position, topic, message_key, payload)
  SELECT NEW.global_position,
         s.stream_type || '.' || NEW.event_type,
         NEW.stream_id::text,
         jsonb_build_object('type', NEW.event_type, 'stream', NEW.stream_id,
                            'version', NEW.version, 'data', NEW.payload)
    FROM streams s
   WHERE s.stream_id = NEW.stream_id;
  UPDATE streams SET version = NEW.version WHERE stream_id = NEW.stream_id;
  RETURN NEW;
END;
$body$;
COMMENT ON FUNCTION copy_event_to_outbox() IS 'Same transaction as the append, so an event is published if and only if it was stored.';

-- Table streams
CREATE TABLE streams (
    stream_id    uuid         NOT NULL,
    stream_type  text         NOT NULL CHECK (stream_type ~ '^[a-z][a-z_]*$'),
    version      bigint       NOT NULL DEFAULT 0 CHECK (version >= 0),
    created_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_id)
);
CREATE INDEX ON streams (stream_type, created_at);
COMMENT ON TABLE streams IS 'One aggregate instance (an order, a cart); version is the number of its last event.';

-- Table events
CREATE TABLE events (
    global_position  bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    stream_id        uuid         NOT NULL,
    version          bigint       NOT NULL CHECK (version > 0),
    event_type       text         NOT NULL,
    payload          jsonb        NOT NULL,
    metadata         jsonb        NOT NULL DEFAULT '{}'::jsonb,
    occurred_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (global_position),
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
    CONSTRAINT events_payload_is_object CHECK (jsonb_typeof(payload) = 'object'),
    FOREIGN KEY (stream_id) REFERENCES streams (stream_id) ON DELETE RESTRICT
);
CREATE INDEX ON events (event_type, global_position);
COMMENT ON TABLE events IS 'The append-only log. global_position orders all events; version orders a stream''s events.';
COMMENT ON COLUMN events.metadata IS 'correlation_id, causation_id, user';
CREATE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW
    EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER events_to_outbox
    AFTER INSERT ON events
    FOR EACH ROW
    EXECUTE FUNCTION copy_event_to_outbox();

-- Table outbox
CREATE TABLE outbox (
    id              bigint       GENERATED ALWAYS AS IDENTITY NOT NULL,
    event_position  bigint       NOT NULL,
    topic           text         NOT NULL,
    message_key     text         NOT NULL,
    payload         jsonb        NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    published_at    timestamptz,
    attempts        integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    PRIMARY KEY (id),
    UNIQUE (event_position),
    FOREIGN KEY (event_position) REFERENCES events (global_position) ON DELETE RESTRICT
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
COMMENT ON TABLE outbox IS 'Messages waiting to be published, written in the same transaction as the event. The relay
reads unpublished rows in id order (FOR UPDATE SKIP LOCKED) and sets published_at.
';
COMMENT ON COLUMN outbox.message_key IS 'Partition key for the broker (the stream id).';

-- Table projection_checkpoints
CREATE TABLE projection_checkpoints (
    projection     text         NOT NULL,
    last_position  bigint       NOT NULL DEFAULT 0 CHECK (last_position >= 0),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (projection)
);
COMMENT ON TABLE projection_checkpoints IS 'How far each projection has read the log (its last processed global_position).';

-- Table order_summaries
CREATE TABLE order_summaries (
    order_id        uuid           NOT NULL,
    customer_id     uuid           NOT NULL,
    status          text           NOT NULL,
    item_count      integer        NOT NULL DEFAULT 0 CHECK (item_count >= 0),
    total           numeric(12,2)  NOT NULL DEFAULT 0 CHECK (total >= 0),
    stream_version  bigint         NOT NULL,
    updated_at      timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id),
    FOREIGN KEY (order_id) REFERENCES streams (stream_id) ON DELETE CASCADE
);
CREATE INDEX ON order_summaries (customer_id, updated_at);
COMMENT ON TABLE order_summaries IS 'A read model rebuilt from events by the order_summaries projection.';

-- Publications (logical replication; subscribers need wal_level = logical)
CREATE PUBLICATION outbox_relay
    FOR TABLE outbox (id, topic, message_key, payload, created_at)
    WITH (publish = 'insert');
COMMENT ON PUBLICATION outbox_relay IS 'For a log-based relay (Debezium''s outbox event router, a pgoutput consumer): new messages only, without the polling relay''s bookkeeping (published_at, attempts).';
