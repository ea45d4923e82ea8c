"""Live-database timings: check, introspection and comparison of the 1,000-entity model.

Run: ``python tests/bench/bench_livedb.py [N_ENTITIES]`` (default 1000). It starts the embedded
PostgreSQL once (timed), runs ``check_model`` on ``big_model(N)`` against it (DDL statement by
statement under savepoints, then introspection and comparison, all rolled back), then creates the
same tables for real in a scratch database and times ``introspect_postgres`` and
``compare_models`` alone, and finally the SQLite and DuckDB round trips. Prints one line per
figure; the figures go in BENCHMARKS.md ("Live databases").
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.db import embedded_postgres
from core.ddl import generate_ddl
from core.ddl.check import check_model
from core.ddl.check_statements import split_statements
from core.ddl.compare import CompareOptions, compare_models
from core.ddl.introspect import introspect_duckdb, introspect_postgres
from core.ddl.introspect.sqlite import introspect_sqlite_connection
from tests.bench.bigmodel import big_model


def _timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = func(*args, **kwargs)
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)
    return value


def _with_bad_default(model, i: int):  # type: ignore[no-untyped-def]
    """``model`` with a default calling a function that does not exist on entity ``i``."""
    entities = list(model.entities)
    e = entities[i]
    bad = e.attributes[-1].model_copy(update={"default": "tw_no_such_function()", "identity": None,
                                              "generated": None})
    entities[i] = e.model_copy(update={"attributes": (*e.attributes[:-1], bad)})
    return model.model_copy(update={"entities": tuple(entities)})


def main(n: int = 1000) -> None:
    import duckdb
    import psycopg

    model = big_model(n)
    print(
        f"model: {len(model.entities)} entities, {sum(len(e.attributes) for e in model.entities)} columns, "
        f"{sum(len(e.foreign_keys) for e in model.entities)} foreign keys"
    )
    started = time.perf_counter()
    with embedded_postgres() as dsn:
        print(f"embedded PostgreSQL start: {time.perf_counter() - started:.2f} s")
        report = _timed(
            "check_model (generate, execute, introspect, compare; rolled back)",
            check_model,
            model,
            dsn,
            report_extra=True,
        )
        print(f"  ok={report.ok} statements={report.statements} differences={len(report.differences)}")
        broken = _with_bad_default(model, len(model.entities) // 2)
        report = _timed("check_model with one refused statement (batches halved around it)", check_model,
                        broken, dsn, report_extra=True)
        print(f"  errors={[str(e).splitlines()[0] for e in report.errors]} executed={report.executed}")
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("CREATE DATABASE bench")
        scratch = dsn.replace("/postgres?", "/bench?")
        sql = generate_ddl(model).sql
        with psycopg.connect(scratch, autocommit=True) as conn:
            _timed("execute the DDL (autocommit, one script)", conn.execute, sql.encode())
        actual = _timed("introspect_postgres", introspect_postgres, scratch)
        diffs = _timed("compare_models", compare_models, model, actual)
        print(f"  differences={len(diffs)}")
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("DROP DATABASE bench")
        stopping = time.perf_counter()
    print(f"embedded PostgreSQL stop and cleanup: {time.perf_counter() - stopping:.2f} s")
    for dialect in ("sqlite", "duckdb"):
        result = generate_ddl(model, dialect)
        options = CompareOptions(
            dialect=dialect, lost=frozenset((w.entity, w.feature) for w in result.warnings)
        )
        start = time.perf_counter()
        if dialect == "sqlite":
            conn3 = sqlite3.connect(":memory:")
            conn3.executescript(result.sql)
            back = introspect_sqlite_connection(conn3)
        else:
            conn4 = duckdb.connect()
            for st in split_statements(result.sql):
                conn4.execute(st.text)
            back = introspect_duckdb(conn4)
        left = compare_models(model, back, options)
        print(
            f"{dialect} round trip (execute, introspect, compare): {time.perf_counter() - start:.2f} s, "
            f"differences={len(left)}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
