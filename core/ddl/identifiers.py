"""Safe identifiers and string literals for every DDL dialect.

A name is quoted exactly when the dialect needs it: when it is a reserved word there, or is not
a plain identifier (PostgreSQL: lower-case letters, digits and ``_``, not starting with a digit;
upper case would be folded, so ``Order`` is quoted). Embedded quote characters are doubled, so a
quoted name can never end early and break out of the statement. Names PostgreSQL cannot hold
(empty, a NUL, longer than 63 bytes) raise :class:`~core.errors.DDLError`: never truncated.

>>> quote_ident("orders"), quote_ident("Order"), quote_ident("order"), quote_ident('a"b')
('orders', '"Order"', '"order"', '"a""b"')
>>> quote_ident("order", "mysql"), quote_ident("semi;colon", "tsql")
('`order`', '[semi;colon]')
>>> qualified_name("sales", "Orders"), qualified_name(None, "orders"), qualified_name("public", "x")
('sales."Orders"', 'orders', 'x')
>>> string_literal("it's"), string_literal("back\\\\slash")
("'it''s'", "E'back\\\\\\\\slash'")
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from sqlglot import exp

from core.ddl.keywords import reserved_words
from core.errors import DDLError
from core.validate import identifier_problem

__all__ = [
    "DIALECTS",
    "DIALECT_TITLES",
    "check_name",
    "dialect_name",
    "ident",
    "name_ok",
    "needs_quoting",
    "qualified_name",
    "quote_ident",
    "string_literal",
]

#: The dialects DDL can be generated for; PostgreSQL is first-class.
DIALECTS: tuple[str, ...] = ("postgres", "mysql", "sqlite", "tsql", "oracle", "duckdb")

DIALECT_TITLES = {
    "postgres": "PostgreSQL (15 and later)",
    "mysql": "MySQL (8.0.16 and later)",
    "sqlite": "SQLite (3.35 and later)",
    "tsql": "SQL Server (T-SQL)",
    "oracle": "Oracle Database (23ai)",
    "duckdb": "DuckDB",
}

_ALIASES = {
    "postgresql": "postgres", "pg": "postgres", "pgsql": "postgres", "mssql": "tsql",
    "sqlserver": "tsql", "sql-server": "tsql", "mariadb": "mysql", "sqlite3": "sqlite",
}

_PG_PLAIN = re.compile(r"[a-z_][a-z0-9_]*\Z")
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ORACLE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def dialect_name(name: str) -> str:
    """The canonical dialect name for ``name`` (``postgresql``, ``pg`` -> ``postgres``).

    >>> dialect_name("PostgreSQL"), dialect_name("mssql")
    ('postgres', 'tsql')
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in DIALECTS:
        raise DDLError(f'unknown dialect "{name}"; choose one of: {", ".join(DIALECTS)}')
    return key


@lru_cache(maxsize=65536)
def needs_quoting(name: str, dialect: str = "postgres") -> bool:
    """Whether ``name`` must be quoted in ``dialect`` to mean exactly this identifier.

    >>> needs_quoting("created_at"), needs_quoting("CreatedAt"), needs_quoting("2fa")
    (False, True, True)
    >>> needs_quoting("CreatedAt", "mysql"), needs_quoting("_x", "oracle")
    (False, True)
    """
    if dialect == "postgres":
        plain = _PG_PLAIN
    elif dialect == "oracle":
        plain = _ORACLE_PLAIN
    else:
        plain = _PLAIN
    return plain.match(name) is None or name.lower() in reserved_words(dialect)


@lru_cache(maxsize=65536)
def quote_ident(name: str, dialect: str = "postgres") -> str:
    """``name`` as an identifier in ``dialect``: plain, or quoted with embedded quotes doubled."""
    if not needs_quoting(name, dialect):
        return name
    if dialect == "postgres":
        return '"' + name.replace('"', '""') + '"'
    return exp.Identifier(this=name, quoted=True).sql(dialect)


def ident(name: str, dialect: str) -> exp.Identifier:
    """A sqlglot identifier for ``name``, quoted exactly when ``dialect`` needs it."""
    return exp.Identifier(this=name, quoted=needs_quoting(name, dialect))


def qualified_name(schema: str | None, name: str, dialect: str = "postgres") -> str:
    """``schema.name`` with each part quoted as needed; no schema (or ``public``) gives ``name``."""
    if schema is None or (dialect == "postgres" and schema == "public"):
        return quote_ident(name, dialect)
    return f"{quote_ident(schema, dialect)}.{quote_ident(name, dialect)}"


def string_literal(text: str, dialect: str = "postgres") -> str:
    """``text`` as a SQL string literal; in PostgreSQL an ``E''`` string when it has backslashes
    (correct whatever ``standard_conforming_strings`` says)."""
    if "\x00" in text:
        raise DDLError("a string cannot contain a NUL character (PostgreSQL text cannot hold it)")
    if dialect != "postgres":
        return exp.Literal.string(text).sql(dialect)
    body = text.replace("'", "''")
    if "\\" in text:
        return "E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"


def check_name(name: str, where: str | Callable[[], str], what: str = "name") -> str:
    """``name`` unchanged when it can be an identifier; otherwise :class:`DDLError` saying where.

    >>> check_name("x" * 64, "entities[t]")
    Traceback (most recent call last):
    ...
    core.errors.DDLError: entities[t]: name "xxxxxxxxxxxxxxxxxxxx..." is 64 bytes long; PostgreSQL allows at most 63 bytes: shorten it
    """
    problem = _name_problem(name)
    if problem is not None:
        at = where if isinstance(where, str) else where()
        raise DDLError(f"{at}: {problem}" if what == "name" else f"{at}: {what}: {problem}")
    return name


@lru_cache(maxsize=65536)
def _name_problem(name: str) -> str | None:
    return identifier_problem(name)


def name_ok(name: str) -> bool:
    """Whether ``name`` can be an identifier (cheap: the answer is cached)."""
    return _name_problem(name) is None
