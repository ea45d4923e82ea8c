"""Fixtures for the pattern tests: one PostgreSQL database per test module, a schema per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from core.ddl import generate_ddl
from core.model import DataModel


def _with_dbname(dsn: str, dbname: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


@pytest.fixture(scope="module")
def pattern_db(pg_dsn: str) -> Iterator[str]:
    """The DSN of a database of this test module's own (dropped afterwards), with pgvector."""
    import psycopg

    name = f"p_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = _with_dbname(pg_dsn, name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public")
    try:
        yield dsn
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class SchemaDB:
    """A schema of its own in the module's database; ``connect()`` opens more connections to it."""

    def __init__(self, dsn: str, schema: str) -> None:
        self.dsn = dsn
        self.schema = schema
        self.conns: list[Any] = []
        self.conn = self.connect()

    def connect(self, *, autocommit: bool = True) -> Any:
        import psycopg

        conn = psycopg.connect(self.dsn, autocommit=autocommit,
                               options=f"-c search_path={self.schema},public")
        self.conns.append(conn)
        return conn

    def run_model(self, model: DataModel) -> str:
        """Generate the model's PostgreSQL DDL and run it; the DDL."""
        sql = generate_ddl(model).sql
        self.conn.execute(sql)
        return sql

    def rows(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(sql, params).fetchall())

    def close(self) -> None:
        for c in self.conns:
            c.close()


@pytest.fixture()
def db(pattern_db: str) -> Iterator[SchemaDB]:
    """A fresh schema (first on the search path) in the module's database."""
    import psycopg

    schema = f"s_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pattern_db, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    handle = SchemaDB(pattern_db, schema)
    try:
        yield handle
    finally:
        handle.close()
