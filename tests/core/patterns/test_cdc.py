"""cdc-trigger, cdc-notify and cdc-publication on a real PostgreSQL."""

from __future__ import annotations

import json

import pytest

from core.patterns.cdc import publication_sql
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample

pytestmark = pytest.mark.postgres

INSERT_PUBLISHER = "INSERT INTO publishers (name) VALUES (%s) RETURNING id"


def test_change_log_captures_changes_and_serves_unprocessed_rows(db: SchemaDB) -> None:
    db.run_model(applied(sample("library"), "cdc-trigger", ["publishers", "authors"]))
    c = db.conn
    (pid,) = c.execute(INSERT_PUBLISHER, ("P",)).fetchone()
    c.execute("UPDATE publishers SET name = 'Q' WHERE id = %s", (pid,))
    c.execute("DELETE FROM publishers WHERE id = %s", (pid,))
    rows = db.rows("SELECT table_name, operation, row_key, old_row->>'name', new_row->>'name' "
                   "FROM change_log ORDER BY id")
    key = {"id": pid}
    assert rows == [("publishers", "INSERT", key, None, "P"), ("publishers", "UPDATE", key, "P", "Q"),
                    ("publishers", "DELETE", key, "Q", None)]
    # a consumer marks the first two processed; the unprocessed query uses the partial index
    c.execute("UPDATE change_log SET processed_at = now() WHERE id IN (SELECT id FROM change_log ORDER BY id LIMIT 2)")
    c.execute("SET enable_seqscan = off")
    query = "SELECT operation FROM change_log WHERE processed_at IS NULL ORDER BY id"
    plan = "\n".join(r[0] for r in db.rows("EXPLAIN " + query))
    assert "change_log_unprocessed" in plan
    assert db.rows(query) == [("DELETE",)]


def test_notify_trigger_signals_listeners_at_commit(db: SchemaDB) -> None:
    db.run_model(applied(sample("library"), "cdc-notify", ["publishers"], {"channel": "lib_changes"}))
    listener = db.connect()
    listener.execute("LISTEN lib_changes")
    writer = db.connect(autocommit=False)
    (pid,) = writer.execute(INSERT_PUBLISHER, ("P",)).fetchone()
    assert list(listener.notifies(timeout=0.2, stop_after=1)) == []  # nothing before the commit
    writer.commit()
    got = list(listener.notifies(timeout=5, stop_after=1))
    assert len(got) == 1 and got[0].channel == "lib_changes"
    payload = json.loads(got[0].payload)
    assert payload == {"schema": db.schema, "table": "publishers", "op": "INSERT", "key": {"id": pid}}


def test_publication_publishes_the_chosen_tables(db: SchemaDB) -> None:
    model = applied(sample("library"), "cdc-publication", ["publishers", "books"],
                    {"publication": f"pub_{db.schema}", "operations": "insert,update"})
    db.run_model(model)
    for statement in publication_sql(model):
        db.conn.execute(statement)
    try:
        rows = db.rows("SELECT tablename FROM pg_publication_tables WHERE pubname = %s ORDER BY 1",
                       (f"pub_{db.schema}",))
        assert rows == [("books",), ("publishers",)]
        flags = db.rows("SELECT pubinsert, pubupdate, pubdelete FROM pg_publication WHERE pubname = %s",
                        (f"pub_{db.schema}",))
        assert flags == [(True, True, False)]
    finally:
        db.conn.execute(f"DROP PUBLICATION IF EXISTS pub_{db.schema}")
