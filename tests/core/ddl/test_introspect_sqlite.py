"""SQLite introspection (stdlib ``sqlite3``), on DDL written by hand here."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from core.ddl.introspect import introspect_sqlite
from core.errors import TablewrightError
from core.model import DataModel, Entity

DDL = """
CREATE TABLE customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email VARCHAR(255) NOT NULL UNIQUE,
  name TEXT DEFAULT 'anon',
  score DECIMAL(10,2) CHECK (score >= 0),
  code TEXT,
  CONSTRAINT customers_code UNIQUE (code, email),
  CONSTRAINT name_not_email CHECK (name <> email)
);
CREATE TABLE "order items" (
  order_id INTEGER NOT NULL CONSTRAINT item_order REFERENCES customers (id)
      ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  line INT NOT NULL,
  qty INT,
  "select" TEXT DEFAULT (datetime('now')),
  doubled INT GENERATED ALWAYS AS (qty * 2) STORED,
  PRIMARY KEY (order_id, line),
  FOREIGN KEY ("select") REFERENCES customers (code) ON UPDATE SET NULL
);
CREATE INDEX items_qty ON "order items" (qty DESC, lower("select")) WHERE qty > 0;
CREATE UNIQUE INDEX items_select ON "order items" ("select");
CREATE VIEW "big orders" AS SELECT order_id, qty FROM "order items" WHERE qty > 100;
"""


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(DDL)
    conn.close()
    return path


def _entity(model: DataModel, name: str) -> Entity:
    found = next((e for e in model.entities if e.name == name), None)
    assert found is not None
    return found


def test_tables_columns_keys(db: Path) -> None:
    model = introspect_sqlite(db)
    assert [e.name for e in model.entities] == ["customers", "order items"]
    c = _entity(model, "customers")
    by = {a.name: a for a in c.attributes}
    assert [a.name for a in c.attributes] == ["id", "email", "name", "score", "code"]
    # model (PostgreSQL) types; the type SQLite was given is kept when it is spelled otherwise
    assert (by["id"].type, by["id"].original_type, by["id"].identity) == ("integer", None, "by default")
    assert (by["email"].type, by["email"].original_type, by["email"].nullable) == ("varchar(255)", None, False)
    assert (by["score"].type, by["score"].original_type) == ("numeric(10,2)", "DECIMAL(10,2)")
    assert by["name"].default == "'anon'"
    assert by["score"].check == "score >= 0"
    assert c.primary_key is not None and c.primary_key.columns == ("id",)
    assert sorted((u.columns, u.name) for u in c.uniques) == [
        (("code", "email"), "customers_code"), (("email",), None)]
    assert [(ch.name, ch.expression) for ch in c.checks] == [("name_not_email", "name <> email")]


def test_foreign_keys_generated_columns_indexes(db: Path) -> None:
    items = _entity(introspect_sqlite(db), "order items")
    by = {a.name: a for a in items.attributes}
    assert by["doubled"].generated == "qty * 2"
    assert by["select"].default == "datetime('now')"
    assert items.primary_key is not None and items.primary_key.columns == ("order_id", "line")
    fks = {fk.columns: fk for fk in items.foreign_keys}
    first = fks[("order_id",)]
    assert (first.references, first.ref_columns, first.name, first.on_delete, first.deferrable,
            first.initially_deferred) == ("customers", ("id",), "item_order", "cascade", True, True)
    second = fks[("select",)]
    assert (second.ref_columns, second.on_update, second.on_delete, second.deferrable) == (
        ("code",), "set null", None, False)
    ix = {i.name: i for i in items.indexes}
    assert set(ix) == {"items_qty", "items_select"}
    assert (ix["items_qty"].columns[0].column, ix["items_qty"].columns[0].order) == ("qty", "desc")
    assert ix["items_qty"].columns[1].column is None and "select" in (ix["items_qty"].columns[1].expression or "")
    assert ix["items_qty"].where == "qty > 0" and not ix["items_qty"].unique
    assert ix["items_select"].unique and ix["items_select"].columns[0].column == "select"


def test_views(db: Path) -> None:
    (view,) = introspect_sqlite(db).views
    assert view.name == "big orders"
    assert view.sql == 'SELECT order_id, qty FROM "order items" WHERE qty > 100'


def test_the_file_is_only_read(db: Path) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    introspect_sqlite(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not db.with_name("shop.db-journal").exists()


def test_missing_or_garbage_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TablewrightError, match="no such SQLite database"):
        introspect_sqlite(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(TablewrightError, match=r"junk\.db"):
        introspect_sqlite(junk)
