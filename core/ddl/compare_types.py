"""Whether a column's type in the model and in a database are the same, per dialect.

* PostgreSQL: the normal forms of :func:`core.ddl.compare_norm.pg_type_key` are equal;
* SQLite: the *affinity* of the type the model's type becomes in SQLite (through sqlglot) is
  the affinity of the declared type (SQLite keeps any type name and only uses its affinity);
* DuckDB: the logical family (:func:`core.types.family`) of the model's type translated to
  DuckDB is that of the type DuckDB reports (DuckDB drops ``varchar`` lengths, for example).

>>> sqlite_affinity("VARCHAR(20)"), sqlite_affinity("BIGINT"), sqlite_affinity("DECIMAL(10,2)")
('TEXT', 'INTEGER', 'NUMERIC')
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from core.ddl.compare_norm import pg_type_key
from core.model import Attribute
from core.types import family

#: Affinities SQLite DDL may use for a PostgreSQL type family it has no type for (a ``uuid`` or
#: ``jsonb`` is stored as text, a boolean as a number...).
_SQLITE_STAND_INS: dict[str, tuple[str, ...]] = {
    "integer": ("INTEGER",), "float": ("REAL",), "decimal": ("NUMERIC", "REAL"), "text": ("TEXT",),
    "boolean": ("NUMERIC", "INTEGER"), "binary": ("BLOB",),
}


def sqlite_affinity(declared: str) -> str:
    """SQLite's type affinity for a declared column type (its five rules, in order)."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if any(w in t for w in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in t or not t.strip():
        return "BLOB"
    if any(w in t for w in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


@lru_cache(maxsize=4096)
def translated(type_text: str, dialect: str) -> str:
    """``type_text`` (PostgreSQL spelling) as sqlglot writes it in ``dialect`` (itself if unknown)."""
    from sqlglot import exp

    try:
        return exp.DataType.build(type_text, dialect="postgres").sql(dialect)
    except Exception:
        return type_text


def type_matches(dialect: str, a: Attribute, b: Attribute, enums: Mapping[str, str],
                 db_enums: Mapping[str, str], default_schema: str) -> bool:
    """Whether model column ``a`` and database column ``b`` have the same type in ``dialect``."""
    if dialect == "postgres":
        return pg_type_key(a.type, enums, default_schema) == pg_type_key(b.type, db_enums, default_schema)
    is_enum = pg_type_key(a.type, enums, default_schema).startswith("enum:")
    if dialect == "sqlite":
        if is_enum:
            return sqlite_affinity(b.original_type or b.type) == "TEXT"
        if a.identity is not None or a.type.lower() in ("serial", "bigserial", "smallserial"):
            return sqlite_affinity(b.original_type or b.type) == "INTEGER"
        found = sqlite_affinity(b.original_type or b.type)  # the type SQLite was given decides
        if found in (sqlite_affinity(a.type), sqlite_affinity(translated(a.type, "sqlite"))):
            return True
        return found in _SQLITE_STAND_INS.get(family(a.type), ("TEXT", "NUMERIC"))
    if is_enum:
        return b.type.split(".")[-1].strip('"') == a.type.split(".")[-1].strip('"') or family(b.type) == "text"
    fa, fb = family(translated(a.type, "duckdb")), family(translated(b.original_type or b.type, "duckdb"))
    return fa == fb or {fa, fb} <= {"json", "jsonb"}
