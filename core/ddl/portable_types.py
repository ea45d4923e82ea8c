"""Column types and SQL expressions for the non-PostgreSQL dialects.

A model type is read as a PostgreSQL type by sqlglot and rendered in the target dialect, except
where sqlglot's mapping would not run there (``UUID`` in MySQL, ``TEXT`` as a MySQL key, ``TIME``
in Oracle): those are translated to the dialect's own equivalent here. Types a dialect has nothing
for (vectors, arrays, ranges, network addresses...) fall back to text or JSON with a warning.
Expressions (defaults, checks, generated columns, predicates) are parsed as PostgreSQL and
rendered by sqlglot; an expression sqlglot cannot read is reported, never passed through blindly.

>>> portable_type("uuid", "mysql").sql("mysql"), portable_type("numeric(12,2)", "oracle").sql("oracle")
('CHAR(36)', 'NUMBER(12, 2)')
>>> portable_type("text", "tsql", keyed=True).sql("tsql"), type_loss("int4range", "mysql")
('NVARCHAR(450)', 'a range type has no MySQL equivalent: stored as VARCHAR(255)')
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import sqlglot
from sqlglot import exp

from core.types import base_name, family

__all__ = ["array_default_json", "array_literal_json", "parse_expression", "portable_type", "type_loss"]

_TITLES = {"mysql": "MySQL", "sqlite": "SQLite", "tsql": "SQL Server", "oracle": "Oracle", "duckdb": "DuckDB"}
_LOSSY = {"vector": "a vector", "array": "an array", "range": "a range type", "network": "a network address",
          "xml": "XML", "tsvector": "a text-search vector", "interval": "an interval", "time": "a time of day",
          "json": "JSON", "jsonb": "JSON", "other": "this type"}

#: (dialect, family) -> replacement type; ``None`` keeps sqlglot's rendering of the PostgreSQL type.
_BY_FAMILY: dict[tuple[str, str], str] = {
    ("mysql", "uuid"): "CHAR(36)", ("mysql", "jsonb"): "JSON", ("mysql", "binary"): "LONGBLOB",
    ("mysql", "interval"): "VARCHAR(64)", ("mysql", "vector"): "JSON", ("mysql", "array"): "JSON",
    ("mysql", "range"): "VARCHAR(255)", ("mysql", "network"): "VARCHAR(45)", ("mysql", "xml"): "LONGTEXT",
    ("mysql", "tsvector"): "LONGTEXT", ("mysql", "other"): "LONGTEXT",
    ("tsql", "json"): "NVARCHAR(MAX)", ("tsql", "jsonb"): "NVARCHAR(MAX)", ("tsql", "binary"): "VARBINARY(MAX)",
    ("tsql", "interval"): "NVARCHAR(64)", ("tsql", "vector"): "NVARCHAR(MAX)", ("tsql", "array"): "NVARCHAR(MAX)",
    ("tsql", "range"): "NVARCHAR(255)", ("tsql", "network"): "VARCHAR(45)", ("tsql", "tsvector"): "NVARCHAR(MAX)",
    ("tsql", "other"): "NVARCHAR(MAX)", ("tsql", "boolean"): "BIT", ("tsql", "uuid"): "UNIQUEIDENTIFIER",
    ("oracle", "uuid"): "VARCHAR2(36)", ("oracle", "json"): "JSON", ("oracle", "jsonb"): "JSON",
    ("oracle", "binary"): "BLOB", ("oracle", "interval"): "INTERVAL DAY TO SECOND", ("oracle", "time"): "VARCHAR2(18)",
    ("oracle", "array"): "JSON", ("oracle", "range"): "VARCHAR2(255)", ("oracle", "network"): "VARCHAR2(45)",
    ("oracle", "xml"): "XMLTYPE", ("oracle", "tsvector"): "CLOB", ("oracle", "other"): "CLOB",
    ("sqlite", "uuid"): "TEXT", ("sqlite", "json"): "TEXT",
    ("sqlite", "jsonb"): "TEXT", ("sqlite", "boolean"): "INTEGER", ("sqlite", "vector"): "TEXT",
    ("sqlite", "array"): "TEXT", ("sqlite", "range"): "TEXT", ("sqlite", "network"): "TEXT",
    ("sqlite", "xml"): "TEXT", ("sqlite", "tsvector"): "TEXT", ("sqlite", "interval"): "TEXT",
    ("sqlite", "other"): "TEXT", ("sqlite", "binary"): "BLOB",
    ("duckdb", "jsonb"): "JSON", ("duckdb", "range"): "VARCHAR", ("duckdb", "network"): "VARCHAR",
    ("duckdb", "xml"): "VARCHAR", ("duckdb", "tsvector"): "VARCHAR", ("duckdb", "other"): "VARCHAR",
    ("duckdb", "binary"): "BLOB",
}
#: Families a dialect stores without losing meaning (no warning); the rest warn when replaced.
_FAITHFUL = {
    "mysql": {"uuid", "jsonb", "binary"},
    "tsql": {"binary", "boolean", "uuid"},
    "oracle": {"uuid", "json", "jsonb", "binary", "interval", "xml"},
    "sqlite": {"decimal", "uuid", "json", "jsonb", "boolean", "binary"},
    "duckdb": {"jsonb", "binary"},
}
#: Text types that cannot be a key (primary, unique, foreign, indexed) and their keyable stand-in.
_KEYED_TEXT = {"mysql": "VARCHAR(255)", "tsql": "NVARCHAR(450)", "oracle": "VARCHAR2(4000)"}
_UNBOUNDED_TEXT = {"text", "citext", "name", "bpchar", "string", "clob"}
_SERIAL = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
           "smallserial": "smallint", "serial2": "smallint"}


def is_serial(type_text: str) -> bool:
    """Whether the PostgreSQL type is a ``serial`` pseudo-type (an integer with an identity)."""
    return base_name(type_text) in _SERIAL


def type_loss(type_text: str, dialect: str) -> str | None:
    """Why ``type_text`` cannot be kept as it is in ``dialect`` (``None``: it can)."""
    fam = family(type_text)
    if fam == "decimal" and dialect == "sqlite":
        return _sqlite_decimal_loss(type_text)
    if fam == "vector" and dialect in ("duckdb", "oracle"):
        return None
    if fam == "array" and dialect == "duckdb":
        return None
    if (dialect, fam) not in _BY_FAMILY or fam in _FAITHFUL.get(dialect, set()):
        if fam == "other" and _parse_type(type_text) is None:
            return f"{_LOSSY['other']} is unknown to {_TITLES[dialect]}: stored as text"
        return None
    what = _LOSSY.get(fam, "this type")
    stand_in = _BY_FAMILY[(dialect, fam)]
    return f"{what} has no {_TITLES[dialect]} equivalent: stored as {stand_in}"


def _sqlite_decimal_loss(type_text: str) -> str | None:
    """SQLite keeps ``NUMERIC(p, s)`` as written but ignores ``p`` and ``s``: a column of NUMERIC
    affinity stores integers, and every other number as an 8-byte float (``1.10`` reads back
    ``1.1``, ``1.005`` is not rounded, twelve digits fit in ``numeric(10,2)``).

    >>> _sqlite_decimal_loss("numeric"), _sqlite_decimal_loss("numeric(10,2)")[:55]
    (None, 'SQLite ignores the precision and scale of numeric(10,2)')
    """
    dt = _parse_type(type_text)
    if dt is None or not dt.expressions:
        return None
    params = [p.sql() for p in dt.expressions]
    spelled = f"{base_name(type_text)}({','.join(params)})"
    limits = f"neither limited to {params[0]} digits" + (f" nor rounded to {params[1]} decimal places"
                                                          if len(params) > 1 else "")
    return (f"SQLite ignores the precision and scale of {spelled}: values are stored as integers or 8-byte "
            f"floats (inexact), {limits}; keep amounts in integer cents, or check them in the application")


@lru_cache(maxsize=4096)
def text_length(type_text: str) -> int | None:
    """The length limit of a ``varchar(n)``, ``char(n)``, ``character varying(n)`` type (``None``:
    not a bounded text type).

    >>> text_length("character varying(40)"), text_length("char(2)"), text_length("text"), text_length("varchar(9)[]")
    (40, 2, None, None)
    """
    if family(type_text) != "text":
        return None
    dt = _parse_type(type_text)
    if dt is None or len(dt.expressions) != 1:
        return None
    value = dt.expressions[0].name
    return int(value) if value.isdigit() else None


@lru_cache(maxsize=4096)
def _parse_type(type_text: str) -> exp.DataType | None:
    text = type_text.strip()
    base = base_name(text)
    if base in _SERIAL:
        text = _SERIAL[base]
    try:
        dt = exp.DataType.build(text, dialect="postgres")
    except Exception:
        return None
    return None if dt.this == exp.DataType.Type.USERDEFINED else dt


@lru_cache(maxsize=4096)
def portable_type(type_text: str, dialect: str, *, keyed: bool = False) -> exp.DataType:
    """The sqlglot type to render for a model type in ``dialect`` (a new copy each call is not
    needed: callers must not mutate it).

    ``keyed`` marks a column used in a key or index, where MySQL, SQL Server and Oracle cannot
    use an unbounded text type.
    """
    fam = family(type_text)
    base = base_name(type_text)
    if fam == "text" and keyed and base in _UNBOUNDED_TEXT and dialect in _KEYED_TEXT:
        return exp.DataType.build(_KEYED_TEXT[dialect], dialect=dialect)
    if fam == "text" and dialect == "tsql":
        dt = _parse_type(type_text)
        if base in _UNBOUNDED_TEXT or dt is None:
            return exp.DataType.build("NVARCHAR(MAX)", dialect="tsql")
        return exp.DataType(this=exp.DataType.Type.NCHAR if base in ("char", "character") else
                            exp.DataType.Type.NVARCHAR, expressions=dt.expressions)
    if fam == "vector" and dialect == "duckdb":
        dt = _parse_type(type_text)
        width = dt.expressions[0].name if dt is not None and dt.expressions else ""
        return exp.DataType.build(f"FLOAT[{width}]", dialect="duckdb")
    if fam == "decimal" and dialect == "sqlite":  # sqlglot says REAL: NUMERIC keeps integers exact
        dt = _parse_type(type_text)
        params = ", ".join(p.sql() for p in dt.expressions) if dt is not None else ""
        return exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=f"NUMERIC({params})" if params else "NUMERIC")
    if fam == "integer" and dialect == "sqlite":
        return exp.DataType.build("INTEGER", dialect="sqlite")
    replacement = _BY_FAMILY.get((dialect, fam))
    dt = _parse_type(type_text)
    if replacement is not None and not (fam == "other" and dt is not None):
        return exp.DataType.build(replacement, dialect=dialect)
    if dt is None:
        return exp.DataType.build("TEXT" if dialect != "oracle" else "CLOB", dialect=dialect)
    return dt


@lru_cache(maxsize=1 << 14)
def _parse_expression(text: str) -> exp.Expression | None:
    try:
        node = sqlglot.parse_one(text, read="postgres")
    except Exception:
        return None
    return node if isinstance(node, exp.Expression) else None


def parse_expression(text: str) -> exp.Expression | None:
    """``text`` parsed as a PostgreSQL expression (a fresh copy), or ``None`` if sqlglot cannot."""
    node = _parse_expression(text.strip())
    return None if node is None else node.copy()


_NUMERIC_FAMILIES = frozenset({"integer", "decimal", "float"})


def array_literal_json(text: str, element_type: str) -> str | None:
    """A PostgreSQL array literal (``{a,"b c",NULL}``) as the JSON array text the other dialects
    store arrays as (DuckDB reads it as a list too); ``None`` when it is not a one-dimensional
    array literal that can be read safely.

    >>> array_literal_json("{}", "text"), array_literal_json('{a, "b, c", NULL}', "text")
    ('[]', '["a", "b, c", null]')
    >>> array_literal_json("{1,2.5}", "numeric"), array_literal_json("{{1},{2}}", "int")
    ('[1, 2.5]', None)
    """
    body = text.strip()
    if len(body) < 2 or body[0] != "{" or body[-1] != "}":
        return None
    inner, items, i = body[1:-1], [], 0
    numeric = family(element_type) in _NUMERIC_FAMILIES
    while inner.strip():
        inner = inner.lstrip()
        if inner.startswith('"'):
            i, chars = 1, []
            while i < len(inner) and inner[i] != '"':
                if inner[i] == "\\" and i + 1 < len(inner):
                    i += 1
                chars.append(inner[i])
                i += 1
            if i >= len(inner):
                return None  # unterminated quote
            value: object = "".join(chars)
            rest = inner[i + 1:].lstrip()
        else:
            raw, _, after = inner.partition(",")
            raw = raw.strip()
            if not raw or any(c in raw for c in '{}"\\'):
                return None  # nested (multi-dimensional) or malformed
            rest = "," + after if _ else ""
            value = None if raw.upper() == "NULL" else raw
        if numeric and isinstance(value, str):
            try:
                value = int(value) if value.lstrip("+-").isdigit() else float(value)
            except ValueError:
                return None
            if isinstance(value, float) and not math.isfinite(value):
                return None
        items.append(value)
        if rest.startswith(","):
            inner = rest[1:]
            if not inner.strip():
                return None  # trailing comma
        elif rest:
            return None
        else:
            inner = ""
    return json.dumps(items, ensure_ascii=False)


def array_default_json(default: str, type_text: str) -> str | None:
    """An array column's default written as a PostgreSQL literal (``'{a,b}'``, optionally cast)
    as the SQL string literal of its JSON array text (``'["a", "b"]'``); ``None`` otherwise.

    >>> array_default_json("'{1,2}'::int[]", "int[]")
    "'[1, 2]'"
    """
    node = parse_expression(default)
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal):
        node = node.this
    if not (isinstance(node, exp.Literal) and node.is_string):
        return None
    as_json = array_literal_json(node.this, type_text.strip().removesuffix("[]"))
    return None if as_json is None else "'" + as_json.replace("'", "''") + "'"
