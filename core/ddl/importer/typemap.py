"""Column types: from the type as written in a dialect to a PostgreSQL-compatible logical type.

The model keeps both: ``Attribute.original_type`` is the text as written (``int(10) unsigned``,
``[nvarchar](60)``, ``NUMBER (12, 0)``) and ``Attribute.type`` the PostgreSQL type the model
uses (``bigint``, ``varchar(60)``, ``bigint``). A type we do not know becomes ``text`` and is
reported as guessed.

>>> t = map_type("int(10) unsigned", "mysql"); (t.type, t.guessed)
('bigint', False)
>>> map_type("NUMBER (12, 0)", "oracle").type, map_type("[nvarchar](max)", "tsql").type
('bigint', 'text')
>>> t = map_type("bigserial", "postgres"); (t.type, t.serial)
('bigint', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from core.ddl.importer.tokens import matching, name_of, tokenize
from core.types import split_top_level

__all__ = ["MappedType", "map_type", "parse_type"]


@dataclass(frozen=True)
class MappedType:
    """The PostgreSQL type for a column, and what else the type said."""

    type: str
    serial: bool = False  # serial/bigserial: an identity column
    guessed: bool = False  # an unknown type replaced by text
    enum_values: tuple[str, ...] = ()  # MySQL ENUM('a', 'b')


_INTS = {
    "tinyint": "smallint", "smallint": "smallint", "int2": "smallint", "mediumint": "integer",
    "int": "integer", "integer": "integer", "int4": "integer", "bigint": "bigint", "int8": "bigint",
    "pls_integer": "integer", "binary_integer": "integer", "long integer": "integer",
}
_UNSIGNED = {"smallint": "integer", "integer": "bigint", "bigint": "numeric(20)"}
_SERIALS = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
            "smallserial": "smallint", "serial2": "smallint"}
_CHARS = {"char", "character", "nchar", "national char", "national character", "bpchar"}
_VARCHARS = {"varchar", "nvarchar", "varchar2", "nvarchar2", "character varying", "char varying",
             "national character varying", "national char varying", "varying character",
             "native character", "nvarchar character", "string"}
_TEXTS = {"text", "tinytext", "mediumtext", "longtext", "ntext", "clob", "nclob", "long", "citext",
          "sysname", "sql_variant", "set"}
_BINARY = {"blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary", "image", "raw",
           "long raw", "bytea", "bfile", "rowversion", "hierarchyid", "binary varying"}
_SIMPLE = {
    "boolean": "boolean", "bool": "boolean", "date": "date", "uuid": "uuid",
    "uniqueidentifier": "uuid", "json": "json", "jsonb": "jsonb", "xml": "xml", "year": "smallint",
    "real": "real", "float4": "real", "binary_float": "real", "double": "double precision",
    "double precision": "double precision", "float8": "double precision",
    "binary_double": "double precision", "money": "numeric(19,4)", "smallmoney": "numeric(10,4)",
    "datetime": "timestamp", "datetime2": "timestamp", "smalldatetime": "timestamp",
    "timestamptz": "timestamptz", "datetimeoffset": "timestamptz", "timetz": "timetz",
    "interval": "interval", "tsvector": "tsvector", "tsquery": "tsquery", "inet": "inet",
    "cidr": "cidr", "macaddr": "macaddr", "oid": "oid", "name": "name", "regclass": "regclass",
    "point": "point", "box": "box", "line": "line", "lseg": "lseg", "polygon": "polygon",
    "circle": "circle", "path": "path", "int4range": "int4range", "int8range": "int8range",
    "numrange": "numrange", "tsrange": "tsrange", "tstzrange": "tstzrange",
    "daterange": "daterange", "vector": "vector", "halfvec": "halfvec", "bit varying": "bit varying",
    "varbit": "bit varying", "character large object": "text", "urowid": "text", "rowid": "text",
}


_PG_ONLY = frozenset({"name", "oid", "regclass", "line", "path", "point", "box", "circle", "lseg", "polygon"})


def parse_type(raw: str, dialect: str) -> tuple[str, list[str], int, bool]:
    """Split a written type into (base words in lower case, parameters, array depth, unsigned).

    >>> parse_type("timestamp(3) with time zone", "postgres")
    ('timestamp with time zone', ['3'], 0, False)
    """
    toks = tokenize(raw, dialect)
    words: list[str] = []
    params: list[str] = []
    array, unsigned, i = 0, False, 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "p" and t.text == "(":
            j = matching(toks, i)
            if not params:
                inner = raw[t.pos + 1:toks[j].pos]
                params = [p.strip() for p in split_top_level(inner)] if inner else []
            i = j + 1
            continue
        if t.kind == "p" and t.text == "[":
            array += 1
        elif t.kind == "p" and t.text == ".":
            words.append(".")
        elif t.kind in "wq":
            word = name_of(t, "tsql").lower() if t.kind == "q" else t.text.lower()
            if word == "unsigned":
                unsigned = True
            elif word == "array":
                array += 1
            elif word not in ("signed", "zerofill") and not (word in ("binary", "ascii", "unicode", "byte")
                                                            and words and dialect == "mysql"):
                words.append(word)
        i += 1
    base = " ".join(words).replace(" . ", ".")
    return base, params, array, unsigned


@lru_cache(maxsize=4096)
def _parsed(raw: str, dialect: str) -> tuple[str, list[str], int, bool]:
    return parse_type(raw, dialect)


def map_type(
    raw: str, dialect: str, known: Mapping[str, str] | None = None
) -> MappedType:
    """The PostgreSQL type for ``raw`` written in ``dialect``.

    ``known`` maps user-defined type names (enums declared in the script, in lower case) to the
    name the model uses for them.
    """
    base, params, array, unsigned = _parsed(raw, dialect)
    if dialect == "postgres" and base.startswith(("public.", "pg_catalog.")) and base.count(".") == 1:
        qualified = base
        base = base.split(".", 1)[1]
        if base not in _SIMPLE and base not in _INTS and not (known and base in known):
            base = qualified  # a type of the file's own: keep its schema
    if known and (base in known or base.rsplit(".", 1)[-1] in known):
        mapped = MappedType(known.get(base) or known[base.rsplit(".", 1)[-1]])
    else:
        mapped = _map_cached(base, tuple(params), unsigned, dialect)
    if array and not mapped.guessed:
        return MappedType(mapped.type + "[]" * array, mapped.serial)
    return mapped


@lru_cache(maxsize=4096)
def _map_cached(base: str, params: tuple[str, ...], unsigned: bool, dialect: str) -> MappedType:
    return _map_base(base, list(params), unsigned, dialect)


def _map_base(base: str, params: list[str], unsigned: bool, dialect: str) -> MappedType:
    p = [x for x in params if x]
    nums = [x.split()[0] for x in p if x.split() and x.split()[0].isdigit()]
    if not base:
        return MappedType("text", guessed=True)
    if base in _SERIALS:
        return MappedType(_SERIALS[base], serial=True)
    if base in _INTS:
        t = _INTS[base]
        if dialect == "mysql" and base == "tinyint" and not unsigned:
            t = "smallint"
        return MappedType(_UNSIGNED.get(t, t) if unsigned and base != "tinyint" else t)
    if base in ("number", "numeric", "decimal", "dec", "fixed"):
        return MappedType(_numeric(nums, dialect, base))
    if base == "float":
        if dialect == "mysql" and not nums:
            return MappedType("real")
        return MappedType("real" if nums and int(nums[0]) <= 24 else "double precision")
    if base in _CHARS:
        return MappedType(f"char({nums[0]})" if nums else "char(1)")
    if base in _VARCHARS:
        if (p and p[0].lower() == "max") or not nums:
            return MappedType("text" if (p and p[0].lower() == "max") or dialect != "postgres" else "varchar")
        return MappedType(f"varchar({nums[0]})")
    if base in _TEXTS:
        return MappedType("text", guessed=base == "sql_variant")
    if base in _BINARY:
        return MappedType("bytea")
    if base == "enum":
        values = tuple(x.strip().strip("'").replace("''", "'") for x in p)
        return MappedType("text", enum_values=values)
    if base == "bit":
        if dialect in ("tsql", "sqlite") or (nums and nums[0] == "1" and dialect != "postgres"):
            return MappedType("boolean")
        return MappedType(f"bit({nums[0]})" if nums else "bit")
    if base == "date":
        return MappedType("timestamp(0)" if dialect == "oracle" else "date")
    if base.startswith(("timestamp", "datetime", "time")):
        return MappedType(_temporal(base, nums, dialect))
    if base.startswith("interval"):
        return MappedType("interval")
    if base in _SIMPLE and (base not in _PG_ONLY or dialect == "postgres"):
        t = _SIMPLE[base]
        if t in ("vector", "halfvec", "bit varying") and nums:
            t = f"{t}({nums[0]})"
        return MappedType(t)
    if dialect == "postgres":  # an extension type or a type defined elsewhere: keep it as written
        kept = base if base == base.lower() else f'"{base}"'
        return MappedType(f"{kept}({','.join(p)})" if p else kept, guessed=False)
    return MappedType("text", guessed=True)


def _numeric(nums: list[str], dialect: str, base: str) -> str:
    if not nums:
        return "numeric"
    precision = int(nums[0])
    scale = int(nums[1]) if len(nums) > 1 else 0
    if scale == 0 and (dialect == "oracle" or base == "number"):
        if precision <= 4:
            return "smallint"
        if precision <= 9:
            return "integer"
        if precision <= 18:
            return "bigint"
    precision = min(precision, 1000)
    return f"numeric({precision},{scale})" if len(nums) > 1 else f"numeric({precision})"


def _temporal(base: str, nums: list[str], dialect: str) -> str:
    frac = f"({min(int(nums[0]), 6)})" if nums else ""
    zoned = "with time zone" in base or "with local time zone" in base or base == "datetimeoffset"
    if base.startswith("time") and not base.startswith("timestamp"):
        return f"timetz{frac}" if zoned or base == "timetz" else f"time{frac}"
    if base == "timestamp" and dialect == "mysql":
        zoned = True
    if base == "timestamp" and dialect == "tsql":  # T-SQL timestamp is rowversion
        return "bytea"
    return f"timestamptz{frac}" if zoned or base == "timestamptz" else f"timestamp{frac}"
