"""The logical type catalogue: what family a column's SQL type belongs to.

Types are kept in the model as written (``bigint``, ``varchar(255)``, ``NUMBER(10)``,
``vector(1536)``, ``text[]``, an enum name); this module tells which logical family a type
belongs to, so validation and lint can compare types across spellings and dialects
(``int4`` and ``integer`` are the same; ``int`` and ``bigint`` are compatible but not equal).

>>> family("bigint"), family("INT8"), family("varchar(20)"), family("numeric(12, 2)")
('integer', 'integer', 'text', 'decimal')
>>> base_name("timestamp(3) with time zone")
'timestamptz'
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Base type name (lower case, aliases folded) -> logical family.
_FAMILIES: dict[str, str] = {}
for _family, _names in {
    "integer": "smallint int2 integer int int4 bigint int8 serial serial4 bigserial serial8 smallserial "
    "serial2 tinyint mediumint number_int",
    "decimal": "numeric decimal number money smallmoney",
    "float": "real float4 double float8 float double_precision binary_float binary_double",
    "text": "text varchar char character character_varying nvarchar nchar varchar2 nvarchar2 "
    "clob nclob ntext tinytext mediumtext longtext string citext bpchar name",
    "boolean": "boolean bool bit",
    "date": "date",
    "time": "time timetz",
    "timestamp": "timestamp datetime datetime2 smalldatetime",
    "timestamptz": "timestamptz datetimeoffset",
    "interval": "interval",
    "uuid": "uuid uniqueidentifier",
    "json": "json",
    "jsonb": "jsonb",
    "binary": "bytea blob binary varbinary image raw longblob mediumblob tinyblob",
    "vector": "vector halfvec sparsevec",
    "range": "int4range int8range numrange tsrange tstzrange daterange",
    "network": "inet cidr macaddr",
    "xml": "xml",
    "tsvector": "tsvector",
}.items():
    for _n in _names.split():
        _FAMILIES[_n] = _family

_ALIASES = {
    "int4": "integer",
    "int": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "float8": "double precision",
    "float4": "real",
    "bool": "boolean",
    "character varying": "varchar",
    "character": "char",
    "timestamp with time zone": "timestamptz",
    "timestamp without time zone": "timestamp",
    "time with time zone": "timetz",
    "time without time zone": "time",
    "double": "double precision",
    "decimal": "numeric",
}

_PARAMS = re.compile(r"\s*\([^)]*\)")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def base_name(type_text: str) -> str:
    """The type's name without parameters, lower case, with common aliases folded.

    >>> base_name("VARCHAR(40)"), base_name("int4"), base_name("text[]")
    ('varchar', 'integer', 'text[]')
    """
    text = _SPACES.sub(" ", _PARAMS.sub("", type_text.strip().lower()))
    array = text.endswith("[]")
    core = text[:-2].strip() if array else text
    core = _ALIASES.get(core, core)
    return core + "[]" if array else core


@lru_cache(maxsize=4096)
def family(type_text: str) -> str:
    """The logical family of a type (``integer``, ``text``, ``decimal``, ``timestamptz``...).

    Arrays are ``array``; a name that is not a known type (an enum or a domain) is ``other``.

    >>> family("text[]"), family("mood"), family("double precision")
    ('array', 'other', 'float')
    """
    base = base_name(type_text)
    if base.endswith("[]"):
        return "array"
    key = base.replace(" ", "_")
    if key in _FAMILIES:
        return _FAMILIES[key]
    first = base.split(" ")[0]
    return _FAMILIES.get(first, "other")


def compatible(a: str, b: str) -> bool:
    """Whether a foreign key column of type ``a`` can reference a column of type ``b``.

    Same family is compatible (``integer`` to ``bigint``: lint warns about the width); an unknown
    type (enum, domain) is compatible only with the same spelling.

    >>> compatible("bigint", "int8"), compatible("integer", "bigint"), compatible("text", "uuid")
    (True, True, False)
    """
    fa, fb = family(a), family(b)
    if fa == "other" or fb == "other":
        return base_name(a) == base_name(b)
    if {fa, fb} == {"timestamp", "timestamptz"}:
        return True
    return fa == fb


def split_top_level(text: str) -> list[str]:
    """``text`` cut at the commas outside parentheses and quotes (a type's parameters, a list of
    key columns); the pieces are not stripped, and an empty text gives one empty piece.

    >>> split_top_level("10, 2"), split_top_level("a, f(b, c), 'x,y'"), split_top_level("")
    (['10', ' 2'], ['a', ' f(b, c)', " 'x,y'"], [''])
    """
    parts: list[str] = []
    depth, quote, start = 0, "", 0
    for k, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return parts
