"""Round trips through SQLite (stdlib) and DuckDB: model -> DDL -> database -> introspection.

Only what the dialect can express is compared (:mod:`core.ddl.compare`, ``dialect=``), and what
the DDL generator reported as lost (its warnings, e.g. a regex CHECK SQLite cannot run) is
excused. Everything else must come back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import assume, given, settings

from core.ddl import generate_ddl
from core.ddl.check_statements import split_statements
from core.ddl.compare import CompareOptions, compare_models
from core.ddl.introspect import introspect_duckdb, introspect_sqlite
from core.ddl.introspect.sqlite import introspect_sqlite_connection
from core.model import DataModel
from core.storage import load
from tests.conftest import sample_model_paths
from tests.core.ddl.roundtrip_models import models

duckdb = pytest.importorskip("duckdb")
SAMPLES = sample_model_paths()


def _options(model: DataModel, dialect: str) -> tuple[str, CompareOptions]:
    result = generate_ddl(model, dialect)
    lost = frozenset((w.entity, w.feature) for w in result.warnings)
    return result.sql, CompareOptions(dialect=dialect, lost=lost)


def sqlite_round_trip(model: DataModel, path: Path | None = None) -> list[str]:
    sql, options = _options(model, "sqlite")
    if path is None:
        conn = sqlite3.connect(":memory:")
        conn.executescript(sql)
        back = introspect_sqlite_connection(conn)
        conn.close()
    else:
        with sqlite3.connect(path) as conn:
            conn.executescript(sql)
        conn.close()
        back = introspect_sqlite(path)
    return [str(d) for d in compare_models(model, back, options)]


def duckdb_round_trip(model: DataModel) -> list[str]:
    sql, options = _options(model, "duckdb")
    conn = duckdb.connect()
    for statement in split_statements(sql):
        conn.execute(statement.text)
    back = introspect_duckdb(conn)
    conn.close()
    return [str(d) for d in compare_models(model, back, options)]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_models_round_trip_through_sqlite(path: Path, tmp_path: Path) -> None:
    assert sqlite_round_trip(load(path).model, tmp_path / "model.db") == []


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_models_round_trip_through_duckdb(path: Path) -> None:
    assert duckdb_round_trip(load(path).model) == []


@settings(max_examples=40, deadline=None, derandomize=True)
@given(model=models())
def test_random_models_round_trip_through_sqlite(model: DataModel) -> None:
    assert sqlite_round_trip(model) == []


def _keys_on_nested_types(model: DataModel) -> bool:
    """Whether a key or index covers an array, JSON or interval column (DuckDB cannot index those)."""
    for e in model.entities:
        keyed = set(e.primary_key.columns if e.primary_key else ())
        keyed |= {c for u in e.uniques for c in u.columns} | {c for i in e.indexes for c in i.column_names}
        keyed |= {c for fk in e.foreign_keys for c in fk.columns}
        if any(a.name in keyed and (a.type.endswith("[]") or a.type in ("jsonb", "interval")) for a in e.attributes):
            return True
    return False


@settings(max_examples=25, deadline=None, derandomize=True)
@given(model=models())
def test_random_models_round_trip_through_duckdb(model: DataModel) -> None:
    assume(not _keys_on_nested_types(model))
    assert duckdb_round_trip(model) == []


def test_a_lost_feature_is_excused_only_where_the_generator_said_so() -> None:
    from core.storage import loads

    model = loads("""
name: m
entities:
  - name: a
    attributes:
      - {name: code, type: text, check: "code ~ '^[A-Z]+$'"}
      - {name: n, type: integer, check: n > 0}
""")
    sql, options = _options(model, "sqlite")
    assert ("a", "check") in options.lost
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql)
    back = introspect_sqlite_connection(conn)
    assert compare_models(model, back, options) == []
    # without the generator's word for it, the regex check is missing
    strict = compare_models(model, back, CompareOptions(dialect="sqlite"))
    assert [(d.where, d.what) for d in strict] == [("entities[a].checks[code ~ '^[A-Z]+$']", "missing")]
    # and a check the database lacks for no reason is still caught
    conn.execute("CREATE TABLE b (n INTEGER)")
    edited = model.model_copy(update={"entities": (*model.entities, loads(
        "name: x\nentities:\n  - {name: b, attributes: [{name: n, type: integer, check: n > 1}]}\n").entities[0])})
    found = compare_models(edited, introspect_sqlite_connection(conn), options)
    assert [(d.where, d.what) for d in found] == [("entities[b].checks[n > 1]", "missing")]
