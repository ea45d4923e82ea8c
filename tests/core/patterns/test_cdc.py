"""cdc-trigger, cdc-notify and cdc-publication on a real PostgreSQL."""

from __future__ import annotations

import json

import pytest

from core.commands import RenameEntity
from core.errors import CommandError
from core.model import EntityKey
from core.patterns import get_pattern
from core.storage import dumps, loads
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


def test_publication_is_a_model_object_created_by_the_ddl_with_the_chosen_tables(db: SchemaDB) -> None:
    base = sample("library")
    name = f"pub_{db.schema}"
    model = applied(base, "cdc-publication", ["publishers", "books"],  # applied() checks the exact undo
                    {"publication": name, "operations": "insert,update"})
    (pub,) = model.publications
    assert [t.table for t in pub.tables] == ["publishers", "books"] and pub.publish == ("insert", "update")
    assert loads(dumps(model)) == model  # kept in the model file
    sql = db.run_model(model)
    assert sql.index(f"CREATE PUBLICATION {name}") > sql.index("CREATE TABLE books")
    try:
        rows = db.rows("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = %s ORDER BY 2",
                       (name,))
        assert rows == [(db.schema, "books"), (db.schema, "publishers")]
        flags = db.rows("SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication "
                        "WHERE pubname = %s", (name,))
        assert flags == [(True, True, False, False)]
    finally:
        db.conn.execute(f"DROP PUBLICATION IF EXISTS {name}")
    # the publication follows a rename of its table, and applying the pattern again is refused
    renamed, _ = RenameEntity(EntityKey(None, "books"), "titles").apply(model)
    assert [t.table for t in renamed.publications[0].tables] == ["publishers", "titles"]
    with pytest.raises(CommandError, match="already"):
        get_pattern("cdc-publication").apply(model, ["publishers", "books"], {"publication": name})
    with pytest.raises(CommandError, match=f'publication named "{name}" already exists'):
        get_pattern("cdc-publication").apply(model, ["authors"], {"publication": name})
