"""The report of a live-database import says what was read: no statement count (there were no
statements), the catalog comments the model kept and the sequences, counted; a default drawing
from a sequence the model does not create is a warning."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.storage import load

COMMENTED = [  # each statement puts one comment in the catalog
    "COMMENT ON TABLE customers IS 'who buys'",
    "COMMENT ON COLUMN customers.email IS 'login'",
    "COMMENT ON COLUMN orders.total IS 'with tax'",
    "COMMENT ON CONSTRAINT orders_customer_fk ON orders IS 'the buyer'",
    "COMMENT ON INDEX orders_placed IS 'recent first'",
    "COMMENT ON VIEW big_orders IS 'over 100'",
    "COMMENT ON TYPE status IS 'where an order is'",
    "COMMENT ON FUNCTION double_it(integer) IS 'times two'",
]


def _report(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["import", *args]) == 0
    out = capsys.readouterr()
    return out.out + out.err


@pytest.mark.postgres
def test_postgres_live_import_counts_its_comments_and_no_statements(
        pg_conn: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = pg_conn
    c.execute("CREATE TYPE status AS ENUM ('new', 'paid')")
    c.execute("CREATE SEQUENCE invoice_no START 1000")  # sequences: this one, customers.id's, orders.no's
    c.execute("CREATE TABLE invoices (no integer PRIMARY KEY DEFAULT nextval('invoice_no'))")
    c.execute("CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL, note_free text)")
    c.execute("CREATE TABLE orders (id bigint PRIMARY KEY, no int GENERATED ALWAYS AS IDENTITY, "
              "customer_id bigint NOT NULL, total numeric(10,2), "
              "state status NOT NULL, placed timestamptz NOT NULL, "
              "CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers)")
    c.execute("CREATE INDEX orders_placed ON orders (placed DESC)")
    c.execute("CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100")
    c.execute("CREATE FUNCTION double_it(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2'")
    for statement in COMMENTED:
        c.execute(statement)
    out = tmp_path / "live.yaml"
    report = _report(["--dsn", c.info.dsn, "-o", str(out)], capsys)
    head = report.splitlines()[0]
    assert "statements" not in head and "read from the live database's catalog" in head
    assert f"comments {len(COMMENTED)}," in report and "sequences 3," in report
    assert "tables 3 (partitions 0), columns 10," in report and "views 1, enums 1" in report
    warned = [line for line in report.splitlines() if "draws from a sequence" in line]
    assert len(warned) == 1 and '"invoices.no": default nextval(' in warned[0]
    model = load(out).model
    customers = model.find_entity("customers")
    assert customers is not None and customers.note == "who buys"


def test_sqlite_live_import_has_no_statement_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "shop.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)")
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id))")
    conn.close()
    report = _report(["--sqlite", str(db), "-o", str(tmp_path / "m.yaml")], capsys)
    head = report.splitlines()[0]
    assert "statements" not in head and head.startswith(f"Imported {db} (sqlite, read from")
    assert "tables 2 (partitions 0), columns 4, primary keys 2, foreign keys 1, uniques 1" in report
    assert "comments 0," in report  # SQLite keeps no comments: 0 is the truth here


def test_duckdb_live_import_counts_its_sequences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    path = tmp_path / "shop.duckdb"
    db = duckdb.connect(str(path))
    db.execute("CREATE SEQUENCE order_ids; CREATE SEQUENCE spare; "
               "CREATE TABLE orders (id INTEGER PRIMARY KEY DEFAULT nextval('order_ids'), total DECIMAL(10, 2))")
    db.close()
    report = _report(["--duckdb", str(path), "-o", str(tmp_path / "m.yaml")], capsys)
    assert "statements" not in report.splitlines()[0]
    assert "sequences 2," in report
