"""``publication-replica-identity``: what it reports is what a real PostgreSQL refuses (an UPDATE
of a published table), and its fix makes the server accept it."""

from __future__ import annotations

from typing import Any

import pytest

from core.ddl import generate_ddl
from core.lint import apply_fixes, lint_model
from core.model import DataModel
from core.storage import loads

TABLE = """\
format_version: 1
name: feed
entities:
  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: status, type: text, nullable: false}
      - {name: total, type: integer}
    primary_key: [id]
  - name: log
    attributes:
      - {name: line, type: text}
publications:
  - name: feed
    tables:
"""

CASES = {  # publication entry -> whether the rule finds it (and the server refuses the UPDATE)
    "      - {table: orders, columns: [status, total]}\n": True,  # the key left out of the column list
    "      - {table: orders, where: total > 0}\n": True,  # a row filter outside the key
    "      - {table: orders, columns: [id, status], where: id > 0}\n": False,
    "      - log\n": True,  # no primary key at all
}


def _model(entry: str, publish: str = "") -> DataModel:
    return loads(TABLE + entry + publish)


def _update_refused(pg_conn: Any, model: DataModel) -> bool:
    import psycopg

    pg_conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    pg_conn.execute("DROP PUBLICATION IF EXISTS feed")
    pg_conn.execute(generate_ddl(model).sql)
    pg_conn.execute("INSERT INTO orders VALUES (1, 'open', 5); INSERT INTO log VALUES ('x')")
    try:
        pg_conn.execute("UPDATE orders SET status = 'paid'; UPDATE log SET line = 'y'")
    except (psycopg.errors.ObjectNotInPrerequisiteState, psycopg.errors.InvalidColumnReference):
        return True
    return False


@pytest.mark.postgres
@pytest.mark.parametrize("entry", list(CASES), ids=["columns", "filter", "fine", "no-key"])
def test_the_rule_finds_exactly_what_the_server_refuses(entry: str, pg_conn: Any) -> None:
    model = _model(entry)
    found = lint_model(model, rules=["publication-replica-identity"]).active
    assert bool(found) == CASES[entry] == _update_refused(pg_conn, model)
    inserts_only = _model(entry, "    publish: [insert]\n")  # nothing to identify: fine
    assert lint_model(inserts_only, rules=["publication-replica-identity"]).active == ()
    assert not _update_refused(pg_conn, inserts_only)


@pytest.mark.postgres
def test_the_fix_publishes_the_key_and_the_server_accepts_updates(pg_conn: Any) -> None:
    model = _model("      - {table: orders, columns: [status, total]}\n")
    outcome = apply_fixes(model, ["publication-replica-identity"])
    assert outcome.model.publications[0].tables[0].columns == ("id", "status", "total")
    assert outcome.remaining == () and not _update_refused(pg_conn, outcome.model)
