"""DuckDB introspection (the ``duckdb`` package), on DDL written by hand here."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.ddl.introspect import introspect_duckdb
from core.errors import TablewrightError

duckdb = pytest.importorskip("duckdb")

STATEMENTS = [
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
    "CREATE SCHEMA sales",
    """CREATE TABLE customers (
         id INTEGER PRIMARY KEY,
         email VARCHAR(255) NOT NULL UNIQUE,
         feeling mood,
         price DECIMAL(10,2) CHECK (price > 0),
         tags VARCHAR[],
         "Mixed Case" TEXT DEFAULT 'x',
         UNIQUE (feeling, price),
         CHECK (email <> "Mixed Case"))""",
    "COMMENT ON TABLE customers IS 'who buys'",
    "COMMENT ON COLUMN customers.email IS 'login'",
    """CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id),
         qty INTEGER, placed TIMESTAMPTZ DEFAULT current_timestamp)""",
    "CREATE TABLE sales.notes (id BIGINT, body TEXT)",
    "CREATE INDEX orders_qty ON orders (qty)",
    "CREATE UNIQUE INDEX orders_expr ON orders ((qty + 1))",
    "CREATE VIEW big AS SELECT id, qty FROM orders WHERE qty > 100",
]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.duckdb"
    conn = duckdb.connect(str(path))
    for sql in STATEMENTS:
        conn.execute(sql)
    conn.close()
    return path


def test_tables_columns_constraints(db: Path) -> None:
    model = introspect_duckdb(db)
    assert model.default_schema == "public"  # DuckDB's main is where PostgreSQL's public is
    assert [(e.schema_name, e.name) for e in model.entities] == [(None, "customers"), (None, "orders"),
                                                                 ("sales", "notes")]
    c = model.entities[0]
    by = {a.name: a for a in c.attributes}
    # model (PostgreSQL) types, the DuckDB spelling kept as the original type
    assert (by["email"].type, by["email"].original_type, by["email"].nullable, by["email"].note) == (
        "text", "VARCHAR", False, "login")
    assert by["feeling"].type == "mood" and by["feeling"].original_type is None
    assert by["price"].type == "numeric(10,2)" and by["price"].check is not None
    assert (by["tags"].type, by["tags"].original_type) == ("text[]", "VARCHAR[]")
    assert by["Mixed Case"].default == "'x'"
    assert c.note == "who buys"
    assert c.primary_key is not None and c.primary_key.columns == ("id",)
    assert sorted(u.columns for u in c.uniques) == [("email",), ("feeling", "price")]
    assert len(c.checks) == 1 and "Mixed Case" in c.checks[0].expression
    assert [(e.name, e.values) for e in model.enums] == [("mood", ("sad", "ok", "happy"))]


def test_foreign_keys_indexes_views(db: Path) -> None:
    model = introspect_duckdb(db)
    orders = model.entities[1]
    (fk,) = orders.foreign_keys
    assert (fk.columns, fk.references, fk.ref_columns) == (("customer_id",), "customers", ("id",))
    ix = {i.name: i for i in orders.indexes}
    assert ix["orders_qty"].columns[0].column == "qty" and not ix["orders_qty"].unique
    assert ix["orders_expr"].unique and ix["orders_expr"].columns[0].column is None
    (view,) = model.views
    assert view.name == "big" and "FROM orders" in view.sql and view.sql.startswith("SELECT")


def test_open_connection_and_read_only_file(db: Path) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    introspect_duckdb(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    conn = duckdb.connect()
    conn.execute("CREATE TABLE t (a INTEGER)")
    assert [e.name for e in introspect_duckdb(conn).entities] == ["t"]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TablewrightError, match="no such DuckDB database"):
        introspect_duckdb(tmp_path / "absent.duckdb")
