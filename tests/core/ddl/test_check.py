"""``check``: the DDL runs on a real PostgreSQL (rolled back), errors name their entity."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from core.ddl import generate_ddl
from core.ddl.check import check_model
from core.ddl.check_statements import split_statements, statement_owner, statement_target
from core.storage import loads
from tests.conftest import SAMPLES

GOOD_AND_BAD = """
name: faulty
entities:
  - name: gadgets
    attributes:
      - {name: id, type: bigint, nullable: false}
    primary_key: {columns: [id]}
  - name: Widgets
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: token, type: text, default: tw_no_such_function()}
    primary_key: {columns: [id]}
  - name: gizmos
    attributes:
      - {name: id, type: bigint, nullable: false}
    primary_key: {columns: [id]}
"""

NEEDS_BTREE_GIST = """
name: rooms
extensions: [btree_gist]
entities:
  - name: bookings
    attributes:
      - {name: room_id, type: integer, nullable: false}
      - {name: during, type: tstzrange, nullable: false}
    exclusions:
      - elements: [{expression: room_id, operator: "="}, {expression: during, operator: "&&"}]
"""


def _tables(dsn: str) -> list[str]:
    import psycopg

    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = "
                            "'public'::regnamespace").fetchall()
    return sorted(r[0] for r in rows)


# ------------------------------------------------------------------ statements (no server)


def test_split_respects_quotes_dollar_bodies_and_comments() -> None:
    sql = ("-- head; comment\nCREATE TABLE \"a;b\" (x text DEFAULT 'it''s; fine');\n"
           "CREATE FUNCTION f() RETURNS trigger AS $fn$ BEGIN; END $fn$ LANGUAGE plpgsql;\n"
           "/* block ; /* nested ; */ still */ SELECT E'\\';';\n")
    parts = split_statements(sql)
    assert [p.line for p in parts] == [1, 3, 4]
    assert parts[0].text.endswith("DEFAULT 'it''s; fine')")
    assert parts[1].text.startswith("CREATE FUNCTION") and "BEGIN; END" in parts[1].text
    assert parts[2].text.endswith("SELECT E'\\';'")


@pytest.mark.parametrize(("sql", "expected"), [
    ('CREATE TABLE IF NOT EXISTS "My ""T""" (a int)', ("table", ['My "T"'])),
    ("ALTER TABLE ONLY sales.orders ADD CONSTRAINT x FOREIGN KEY (a) REFERENCES b", ("table", ["sales", "orders"])),
    ("CREATE INDEX ON orders USING gin (tags)", ("table", ["orders"])),
    ("CREATE POLICY p ON t USING (true)", ("table", ["t"])),
    ("CREATE TRIGGER tr BEFORE INSERT ON s.t FOR EACH ROW EXECUTE FUNCTION f()", ("table", ["s", "t"])),
    ("CREATE MATERIALIZED VIEW mv AS SELECT 1", ("view", ["mv"])),
    ("COMMENT ON COLUMN t.c IS 'x'", ("table", ["t"])),
    ("CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$ $$ LANGUAGE plpgsql", ("function", ["touch"])),
    ("CREATE EXTENSION IF NOT EXISTS vector", ("extension", ["vector"])),
    ("SELECT 1", None),
])
def test_statement_target(sql: str, expected: tuple[str, list[str]] | None) -> None:
    assert statement_target(sql) == expected


def test_statement_owner_resolves_quoted_and_schema_names() -> None:
    model = loads("name: m\nentities:\n  - {name: Order Items, schema: sales, attributes: [{name: a, type: int}]}\n"
                  "  - {name: orders, attributes: [{name: a, type: int}]}\n")
    assert statement_owner('CREATE TABLE sales."Order Items" (a int)', model) == ("entity", "sales.Order Items")
    assert statement_owner("CREATE INDEX ON orders (a)", model) == ("entity", "orders")
    assert statement_owner("CREATE TABLE elsewhere (a int)", model) is None


# ------------------------------------------------------------------ on the shared server


@pytest.mark.postgres
def test_sample_model_checks_clean(pg_conn: Any) -> None:
    path = SAMPLES / "library.yaml"
    assert path.exists(), f"sample model {path} is missing"
    from core.storage import load

    report = check_model(load(path).model, pg_conn.info_dsn)
    assert report.ok, "\n".join(report.lines())
    assert report.executed == report.statements > 10
    assert report.compared
    # nothing was committed: the database is as empty as before
    assert _tables(pg_conn.info_dsn) == []


@pytest.mark.postgres
def test_failing_statement_is_mapped_to_its_entity(pg_conn: Any) -> None:
    report = check_model(loads(GOOD_AND_BAD), pg_conn.info_dsn)
    assert not report.ok
    (error,) = report.errors
    assert (error.kind, error.entity, error.sqlstate) == ("entity", "Widgets", "42883")
    assert "tw_no_such_function" in error.message
    assert error.position is not None
    assert error.statement[error.position - 1:].startswith("tw_no_such_function")
    assert str(error).startswith("entities[Widgets].attributes[token]: ")
    # the statements of the other entities still ran (each statement under its own savepoint)
    assert report.executed == report.statements - 1
    assert not report.compared and _tables(pg_conn.info_dsn) == []


@pytest.mark.postgres
def test_existing_table_on_a_given_database(pg_conn: Any) -> None:
    pg_conn.execute("CREATE TABLE gizmos (id int)")
    report = check_model(loads(GOOD_AND_BAD.replace("tw_no_such_function()", "\"'ok'\"")), pg_conn.info_dsn)
    assert [(e.entity, e.sqlstate) for e in report.errors] == [("gizmos", "42P07")]
    assert _tables(pg_conn.info_dsn) == ["gizmos"]


@pytest.mark.postgres
def test_missing_extension_is_named_with_its_entity(pg_conn: Any) -> None:
    report = check_model(loads(NEEDS_BTREE_GIST), pg_conn.info_dsn)
    assert not report.ok
    first = report.errors[0]
    assert first.kind == "extension" and first.entity == "btree_gist"
    assert "btree_gist" in first.message and "bookings" in first.message
    # the exclusion constraint then fails on its own, and says which entity it belongs to
    assert any(e.entity == "bookings" for e in report.errors[1:])
    text = "\n".join(report.lines())
    assert "extensions[btree_gist]" in text
    # the line given is the statement's own, not that of the comments heading its section
    ddl = generate_ddl(loads(NEEDS_BTREE_GIST)).sql.splitlines()
    line = next(i for i, t in enumerate(ddl, 1) if t.startswith("CREATE EXTENSION IF NOT EXISTS btree_gist"))
    assert f"DDL line {line})" in str(first)


# ------------------------------------------------------------------ embedded server, CLI


@pytest.mark.postgres
@pytest.mark.slow
def test_cli_check_on_the_embedded_server(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch, pg_conn: Any) -> None:
    from core.cli import command_names, main

    assert "check" in command_names(), "`tablewright check` is not a CLI command"
    sample = SAMPLES / "ecommerce.yaml"
    assert sample.exists(), f"sample model {sample} is missing"
    # a temporary directory of our own (short: the server's socket may live there), so that
    # servers other tests start meanwhile do not count as leftovers of this one
    own_tmp = tempfile.mkdtemp(prefix="twc-")
    try:
        monkeypatch.setattr(tempfile, "tempdir", own_tmp)
        assert main(["check", str(sample)]) == 0, capsys.readouterr()
        monkeypatch.undo()
        out = capsys.readouterr()
        assert "embedded PostgreSQL" in out.out and "matches the model" in out.out
        assert "Warning" not in out.err  # the embedded server's start-up is quiet
        assert os.listdir(own_tmp) == []  # the embedded server's directory is gone
    finally:
        shutil.rmtree(own_tmp, ignore_errors=True)
    # the failing exit, on the session's server (a second embedded start would only cost time)
    bad = tmp_path / "faulty.yaml"
    bad.write_text(GOOD_AND_BAD, encoding="utf-8")
    assert main(["check", str(bad), "--dsn", pg_conn.info_dsn]) == 1
    out = capsys.readouterr()
    assert "Widgets" in out.out + out.err and "tw_no_such_function" in out.out + out.err
