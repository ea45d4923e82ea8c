"""Asking the real engine whether it accepts a translated expression (SQLite, DuckDB).

sqlglot translates PostgreSQL expressions faithfully where it can, but it cannot know which
functions an engine has: ``email ~ '^...'`` becomes ``REGEXP``, which stock SQLite lacks;
``jsonb_typeof(x)`` passes through to DuckDB, which has no such function. SQLite and DuckDB are
at hand (stdlib ``sqlite3``, the ``duckdb`` package), so each translated check, default, generated
column and index expression is prepared against an empty scratch table with the entity's columns:
what the engine rejects is dropped with a warning instead of breaking the script.

>>> probe_problem("sqlite", (("a", "INTEGER"),), "a + 1"), probe_problem("sqlite", (("a", "TEXT"),), "nosuch(a)")
(None, 'no such function: nosuch')
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from functools import lru_cache
from typing import Any

__all__ = ["probe_problem"]

_lock = threading.Lock()
_duck: list[Any] = []


@lru_cache(maxsize=1 << 14)
def probe_problem(dialect: str, columns: tuple[tuple[str, str], ...], expression: str) -> str | None:
    """The engine's complaint about ``SELECT (expression) FROM t`` where ``t`` has ``columns``
    (rendered names and types), or ``None`` when it accepts it (or cannot be asked)."""
    table = "(" + ", ".join(f"{n} {t}" for n, t in columns) + ")" if columns else "(x INTEGER)"
    if dialect == "sqlite":
        with contextlib.closing(sqlite3.connect(":memory:")) as conn:
            try:
                conn.execute(f"CREATE TABLE tw_probe {table}")
            except sqlite3.Error:
                return None  # the table itself is checked when the script runs
            try:
                conn.execute(f"SELECT ({expression}) FROM tw_probe LIMIT 0")
            except sqlite3.Error as exc:
                return str(exc)
        return None
    if dialect == "duckdb":
        return _duckdb_problem(table, expression)
    return None


def _duckdb_problem(table: str, expression: str) -> str | None:
    import duckdb

    with _lock:
        if not _duck:
            _duck.append(duckdb.connect())
        conn = _duck[0]
        try:
            conn.execute(f"CREATE OR REPLACE TEMP TABLE tw_probe {table}")
        except duckdb.Error:
            return None
        try:
            conn.execute(f"SELECT ({expression}) FROM tw_probe LIMIT 0")
        except duckdb.Error as exc:
            return str(exc).splitlines()[0]
        finally:
            conn.execute("DROP TABLE IF EXISTS tw_probe")
    return None
