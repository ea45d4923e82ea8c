"""Partial indexes in SQLite and DuckDB DDL (issue 3 audit): a WHERE that cannot be kept never
turns a unique index into one over every row; proven by inserting rows on the real engines."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from core.ddl.generate import generate_ddl
from core.model import Attribute, DataModel, Entity, Index, IndexKey, PrimaryKey


def _model(where: str, *, unique: bool) -> DataModel:
    users = Entity(
        name="users",
        attributes=(Attribute(name="id", type="bigint", nullable=False), Attribute(name="email", type="text", nullable=False),
                    Attribute(name="deleted_at", type="timestamptz")),
        primary_key=PrimaryKey(columns=("id",)),
        indexes=(Index(name="users_email_live", columns=(IndexKey(column="email"),), unique=unique, where=where),),
    )
    return DataModel(name="pu", entities=(users,))


UNTRANSLATABLE = "deleted_at IS NULL AND email ~ '@'"  # ~ becomes REGEXP, which SQLite lacks
PLAIN = "deleted_at IS NULL"


def _sqlite(sql: str) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql)
    return conn


def test_unique_index_whose_where_cannot_be_kept_is_left_out_in_sqlite() -> None:
    result = generate_ddl(_model(UNTRANSLATABLE, unique=True), "sqlite")
    assert "CREATE UNIQUE INDEX" not in result.sql
    (w,) = [w for w in result.warnings if w.feature == "partial index"]
    assert "users_email_live" in w.message and "index left out" in w.message
    assert "REGEXP" in w.message  # says why the WHERE could not be kept
    assert "has no partial indexes" not in w.message  # SQLite has them
    conn = _sqlite(result.sql)
    # the model allows the same email on a deleted row and a live one: the DDL must too
    conn.execute("INSERT INTO users VALUES (1, 'a@x', '2024-01-01'), (2, 'a@x', NULL)")


def test_unique_partial_index_that_translates_keeps_its_where_in_sqlite() -> None:
    result = generate_ddl(_model(PLAIN, unique=True), "sqlite")
    assert not [w for w in result.warnings if w.feature == "partial index"]
    conn = _sqlite(result.sql)
    conn.execute("INSERT INTO users VALUES (1, 'a@x', '2024-01-01'), (2, 'a@x', NULL)")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO users VALUES (3, 'a@x', NULL)")


def test_ordinary_index_whose_where_cannot_be_kept_covers_every_row() -> None:
    result = generate_ddl(_model(UNTRANSLATABLE, unique=False), "sqlite")
    assert "CREATE INDEX users_email_live ON users(email);" in result.sql.replace('"', "")
    (w,) = [w for w in result.warnings if w.feature == "partial index"]
    assert "the index covers every row" in w.message and "has no partial indexes" not in w.message
    _sqlite(result.sql).execute("INSERT INTO users VALUES (1, 'a@x', NULL), (2, 'a@x', NULL)")


def test_duckdb_has_no_partial_indexes_and_says_so() -> None:
    result = generate_ddl(_model(PLAIN, unique=True), "duckdb")
    assert "CREATE UNIQUE INDEX" not in result.sql
    (w,) = [w for w in result.warnings if w.feature == "partial index"]
    assert "DuckDB has no partial indexes" in w.message and "index left out" in w.message
    conn = duckdb.connect(":memory:")
    conn.execute(result.sql)
    conn.execute("INSERT INTO users VALUES (1, 'a@x', '2024-01-01'), (2, 'a@x', NULL)")
