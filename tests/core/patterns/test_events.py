"""event-store, transactional-outbox and projection on a real PostgreSQL."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from core.errors import CommandError
from core.model import DataModel
from core.patterns import get_pattern
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied

pytestmark = pytest.mark.postgres


def test_event_store_rejects_a_duplicate_stream_version_and_changes(db: SchemaDB) -> None:
    db.run_model(applied(DataModel(), "event-store"))
    c = db.conn
    sid = uuid.uuid4()
    c.execute("INSERT INTO streams (stream_id, stream_type) VALUES (%s, 'order')", (sid,))
    append = "INSERT INTO events (stream_id, version, event_type, payload) VALUES (%s, %s, %s, '{}')"
    c.execute(append, (sid, 1, "placed"))
    c.execute(append, (sid, 2, "paid"))
    with pytest.raises((psycopg.errors.SerializationFailure, psycopg.errors.UniqueViolation)):
        c.execute(append, (sid, 2, "paid again"))
    with pytest.raises(psycopg.errors.SerializationFailure):  # a gap is refused too
        c.execute(append, (sid, 4, "shipped"))
    assert db.rows("SELECT version FROM streams") == [(2,)]
    with pytest.raises(psycopg.errors.RestrictViolation):
        c.execute("UPDATE events SET event_type = 'x'")
    with pytest.raises(psycopg.errors.RestrictViolation):
        c.execute("DELETE FROM events")
    assert db.rows("SELECT version, event_type FROM events ORDER BY global_position") == [(1, "placed"), (2, "paid")]


def test_concurrent_appends_of_one_version_let_exactly_one_win(db: SchemaDB) -> None:
    db.run_model(applied(DataModel(), "event-store"))
    sid = uuid.uuid4()
    db.conn.execute("INSERT INTO streams (stream_id, stream_type) VALUES (%s, 'cart')", (sid,))
    a, b = db.connect(autocommit=False), db.connect(autocommit=False)
    append = "INSERT INTO events (stream_id, version, event_type, payload) VALUES (%s, 1, %s, '{}')"
    a.execute(append, (sid, "from a"))
    b.execute("SET lock_timeout = '200ms'")
    with pytest.raises(psycopg.errors.LockNotAvailable):  # b waits for a's stream lock...
        b.execute(append, (sid, "from b"))
    b.rollback()
    a.commit()
    with pytest.raises(psycopg.errors.SerializationFailure):  # ...and after a's commit is refused
        b.execute(append, (sid, "from b"))
    b.rollback()
    assert db.rows("SELECT event_type FROM events") == [("from a",)]


def test_outbox_claim_hands_each_row_to_one_of_two_consumers(db: SchemaDB) -> None:
    db.run_model(applied(DataModel(), "transactional-outbox"))
    db.conn.execute("INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload) "
                    "SELECT 'order', g::text, 'placed', '{}' FROM generate_series(1, 10) g")
    one, two = db.connect(autocommit=False), db.connect(autocommit=False)
    got_one = [r[0] for r in one.execute("SELECT id FROM claim_outbox(4)").fetchall()]
    got_two = [r[0] for r in two.execute("SELECT id FROM claim_outbox(4)").fetchall()]
    assert len(got_one) == 4 and len(got_two) == 4 and not set(got_one) & set(got_two)
    one.execute("UPDATE outbox SET published_at = now() WHERE id = ANY(%s)", (got_one,))
    one.commit()
    two.rollback()  # consumer two crashed: its rows are claimable again
    again = [r[0] for r in one.execute("SELECT id FROM claim_outbox(100)").fetchall()]
    one.commit()
    assert sorted(again) == sorted(set(range(1, 11)) - set(got_one))


def test_projection_checkpoint_only_moves_forward(db: SchemaDB) -> None:
    model = applied(DataModel(), "projection", params={"name": "order_summaries"})
    model = applied(model, "projection", params={"name": "customer_totals", "key_type": "bigint"})
    db.run_model(model)
    c = db.conn
    advance = "SELECT advance_projection_checkpoints(%s, %s)"
    assert db.rows(advance, ("order_summaries", 5)) == [(True,)]
    assert db.rows(advance, ("order_summaries", 9)) == [(True,)]
    assert db.rows(advance, ("order_summaries", 7)) == [(None,)]  # stale projector: refused
    assert db.rows(advance, ("customer_totals", 3)) == [(True,)]
    assert db.rows("SELECT projection, last_position FROM projection_checkpoints ORDER BY 1") == [
        ("customer_totals", 3), ("order_summaries", 9)]
    upsert = ("INSERT INTO customer_totals AS t (id, state, last_position) VALUES (1, %s, %s) "
              "ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, last_position = EXCLUDED.last_position "
              "WHERE t.last_position < EXCLUDED.last_position")
    c.execute(upsert, ('{"total": 10}', 4))
    c.execute(upsert, ('{"total": 3}', 2))  # replayed older event: ignored
    assert db.rows("SELECT state->>'total' FROM customer_totals") == [("10",)]


def test_event_patterns_refuse_a_second_application() -> None:
    once = applied(DataModel(), "event-store")
    with pytest.raises(CommandError, match="already applied"):
        get_pattern("event-store").apply(once)
    other = applied(once, "event-store", params={"streams_table": "carts", "events_table": "cart_events"})
    assert {"carts", "cart_events", "streams", "events"} <= {e.name for e in other.entities}
    with pytest.raises(CommandError, match="needs the parameter"):
        get_pattern("projection").apply(DataModel())
