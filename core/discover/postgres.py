"""Rows of a PostgreSQL table, read in a read-only transaction (connected by :mod:`core.db`).

The table name may be schema-qualified (``sales.orders``; double quotes keep a dot or case in a
name: ``"Sales"."Order.Lines"``); it is checked against the catalog and quoted with
``psycopg.sql.Identifier``. Samples are reproducible: ``random`` runs ``setseed`` and
``ORDER BY random() LIMIT N`` with parallel and synchronized scans off (so the scan order, hence
the sample, is the same every time); ``system`` and ``bernoulli`` use
``TABLESAMPLE ... REPEATABLE (seed)`` with a percentage from the planner's row estimate. The
description of the source never contains the password.
"""

from __future__ import annotations

import re
from typing import Any

from core.discover.control import DiscoveryError
from core.discover.sources import SampleMethod, TableData

__all__ = ["public_dsn", "read_postgres", "split_table_name"]

_PART = re.compile(r'"((?:[^"]|"")*)"|([^."]+)')


def split_table_name(name: str) -> tuple[str | None, str]:
    """``schema.table`` into its parts (double quotes keep dots and case).

    Examples
    --------
    >>> split_table_name("sales.orders"), split_table_name('"Odd.Name"'), split_table_name("t")
    (('sales', 'orders'), (None, 'Odd.Name'), (None, 't'))
    """
    parts: list[str] = []
    pos = 0
    while pos < len(name):
        match = _PART.match(name, pos)
        if match is None:
            raise DiscoveryError(f"--table {name!r}: write it as table or schema.table")
        quoted, plain = match.groups()
        parts.append(quoted.replace('""', '"') if quoted is not None else plain.strip())
        pos = match.end()
        if pos < len(name):
            if name[pos] != ".":
                raise DiscoveryError(f"--table {name!r}: write it as table or schema.table")
            pos += 1
    if len(parts) == 1:
        return None, parts[0]
    if len(parts) == 2:
        return parts[0], parts[1]
    raise DiscoveryError(f"--table {name!r}: write it as table or schema.table")


def public_dsn(dsn: str) -> str:
    """The DSN without its password, for messages and provenance.

    Examples
    --------
    >>> public_dsn("postgresql://ann:secret@db.example:5433/sales?sslmode=require")
    'postgresql://ann@db.example:5433/sales'
    """
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(dsn)
    except Exception:
        return "postgresql://(unparsable DSN)"
    user = f"{info['user']}@" if info.get("user") else ""
    host = str(info.get("host") or "")
    if host.startswith("/"):
        host = "localhost"  # a socket directory says nothing useful
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname') or ''}"


def _scrub(message: str, dsn: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    try:
        password = conninfo_to_dict(dsn).get("password")
    except Exception:
        password = None
    text = message.replace(dsn, public_dsn(dsn))
    return text.replace(str(password), "***") if password else text


def read_postgres(
    dsn: str, table: str | None, sample: int | None = None, method: SampleMethod = "random", seed: int = 0
) -> TableData:
    """Read a table (all rows, or a reproducible sample) in a read-only transaction."""
    import psycopg
    from psycopg import sql

    where = public_dsn(dsn)
    if table is None:
        raise DiscoveryError(f"{where}: name the table with --table (schema.table or table)")
    schema, name = split_table_name(table)
    from core.db import connect

    conn = connect(dsn, autocommit=False, read_only=True)  # DatabaseError, redacted, on failure
    try:
        conn.read_only = True
        with conn.transaction():
            qualified = _resolve(conn, where, schema, name)
            ident = sql.Identifier(*qualified)
            conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            conn.execute("SET LOCAL synchronize_seqscans = off")
            estimate = _estimate(conn, qualified)
            boost = 1.0
            while True:  # a TABLESAMPLE short of N rows (whole pages, small tables): widen it
                cursor = conn.execute(_query(conn, ident, estimate, sample, method, seed, boost))
                columns = tuple(d.name for d in cursor.description or ())
                rows = [tuple(r) for r in cursor.fetchall()]
                if method == "random" or sample is None or len(rows) >= sample or boost >= 1024:
                    break
                boost *= 4
    except psycopg.Error as exc:
        raise DiscoveryError(f"{where}: {_scrub(str(exc).strip(), dsn)}") from None
    finally:
        conn.close()
    label = ".".join(qualified)
    how = "" if sample is None else f" (sample of {sample:,} rows, {method}, seed {seed})"
    if not rows:
        raise DiscoveryError(f"{where} table {label}: no rows{how}; nothing to discover from")
    total = len(rows) if sample is None or len(rows) < sample else estimate
    return TableData(f"{where} table {label}{how}", columns, rows, total)


def _resolve(conn: Any, where: str, schema: str | None, name: str) -> tuple[str, str]:
    row = conn.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
        "AND (n.nspname = %s OR (%s::text IS NULL AND n.nspname = ANY (current_schemas(false)))) "
        "ORDER BY array_position(current_schemas(false), n.nspname) NULLS LAST LIMIT 1",
        (name, schema, schema),
    ).fetchone()
    if row is None:
        shown = f"{schema}.{name}" if schema else name
        raise DiscoveryError(f"{where}: no table {shown!r} (check --table; schema.table for another schema)")
    return str(row[0]), str(row[1])


def _estimate(conn: Any, qualified: tuple[str, str]) -> int | None:
    """The planner's row estimate (``None`` when the table was never analyzed)."""
    row = conn.execute(
        "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = %s",
        qualified,
    ).fetchone()
    return int(row[0]) if row and row[0] is not None and row[0] >= 0 else None


def _query(
    conn: Any,
    ident: Any,
    estimate: int | None,
    sample: int | None,
    method: str,
    seed: int,
    boost: float = 1.0,
) -> Any:
    from psycopg import sql

    if sample is None:
        return sql.SQL("SELECT * FROM {}").format(ident)
    if method == "random":
        conn.execute("SELECT setseed(%s)", ((seed % 2_000_001) / 1_000_000 - 1.0,))
        return sql.SQL("SELECT * FROM {} ORDER BY random() LIMIT {}").format(ident, sql.Literal(sample))
    if method not in ("system", "bernoulli"):
        raise DiscoveryError(f"unknown sample method {method!r}: use random, system or bernoulli")
    if estimate is None or estimate <= 0:
        estimate = int(conn.execute(sql.SQL("SELECT count(*) FROM {}").format(ident)).fetchone()[0])
    rows = float(estimate)
    percent = min(100.0, 100.0 * sample / max(rows, 1.0) * 1.2 * boost)  # a margin: LIMIT trims
    return sql.SQL("SELECT * FROM {} TABLESAMPLE {} ({}) REPEATABLE ({}) LIMIT {}").format(
        ident, sql.SQL(method.upper()), sql.Literal(percent), sql.Literal(seed), sql.Literal(sample)
    )
