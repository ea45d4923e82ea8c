"""What can be typed where: the types offered for completion, and checks of types and expressions.

A type is accepted when it belongs to a known family (:func:`core.types.family`), when sqlglot
can read it as a PostgreSQL type, when it is one of the model's enums, or when it is a common
extension type; anything else is probably a typo and is refused with a suggestion.

>>> type_problem("numeric(12, 2)", None) is None, type_problem("geometry(Point, 4326)", None) is None
(True, True)
>>> type_problem("intger", None)
'unknown type "intger" (did you mean "integer"?); use a SQL type such as text or bigint, or an enum of the model'
"""

from __future__ import annotations

from functools import lru_cache

from core.model import DataModel
from core.types import base_name, family
from core.validate import suggest

#: Types offered by completion, most used first.
TYPE_CHOICES: tuple[str, ...] = (
    "bigint", "integer", "smallint", "text", "varchar(255)", "boolean", "numeric(12,2)", "numeric",
    "date", "timestamptz", "timestamp", "time", "interval", "uuid", "jsonb", "json", "bytea",
    "double precision", "real", "char(1)", "citext", "inet", "cidr", "macaddr", "tsvector",
    "vector(1536)", "halfvec(1536)", "int4range", "int8range", "numrange", "tstzrange", "daterange",
    "xml", "money", "serial", "bigserial", "text[]", "bigint[]", "uuid[]",
)

#: Extension and geometric types that sqlglot may not know but PostgreSQL users write.
EXTRA_TYPES = frozenset((
    "halfvec", "sparsevec", "hstore", "ltree", "lquery", "cube", "earth", "geometry", "geography",
    "box2d", "box3d", "raster", "point", "line", "lseg", "box", "path", "polygon", "circle", "oid",
    "regclass", "regtype", "pg_lsn", "tsquery", "jsonpath", "varbit", "txid_snapshot", "int2vector",
    "name",
))

_SERIAL_TYPES = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
                 "smallserial": "smallint", "serial2": "smallint"}


def type_problem(type_text: str, model: DataModel | None) -> str | None:
    """Why ``type_text`` is not a usable column type, or ``None`` when it is."""
    text = type_text.strip()
    if not text:
        return "the type is missing: write one after the name (for example: email text)"
    base = base_name(text)
    core = base[:-2] if base.endswith("[]") else base
    if model is not None and any(e.name == core or e.name.lower() == core for e in model.enums):
        return None
    if family(core) != "other" or core.split(".")[-1] in EXTRA_TYPES or _sqlglot_knows(text):
        return None
    names = sorted({base_name(t) for t in TYPE_CHOICES} | EXTRA_TYPES | _enum_names(model))
    return (f'unknown type "{text}"{suggest(core, names)}; use a SQL type such as text or bigint, '
            "or an enum of the model")


def _enum_names(model: DataModel | None) -> set[str]:
    return set() if model is None else {e.name for e in model.enums}


@lru_cache(maxsize=512)
def _sqlglot_knows(text: str) -> bool:
    from sqlglot import exp
    from sqlglot.errors import ParseError

    try:
        exp.DataType.build(text, dialect="postgres")
    except (ParseError, ValueError):
        return False
    return True


def reference_type(type_text: str) -> str:
    """The type a column referencing a column of ``type_text`` should have (serials become the
    plain integer they stand for).

    >>> reference_type("bigserial"), reference_type("uuid")
    ('bigint', 'uuid')
    """
    return _SERIAL_TYPES.get(base_name(type_text), type_text)


def expression_problem(expression: str) -> str | None:
    """Why ``expression`` is not a SQL expression sqlglot can read (PostgreSQL), or ``None``.

    >>> expression_problem("price >= 0") is None
    True
    >>> expression_problem("price >=")
    'not a valid SQL expression: "price >=" (Required keyword: \\'expression\\' missing)'
    """
    from sqlglot import parse_one
    from sqlglot.errors import ParseError, TokenError

    try:
        parse_one(expression, read="postgres")
    except (ParseError, TokenError) as exc:
        reason = str(exc).split(" for <")[0].split(". Line")[0].strip().rstrip(".")
        return f'not a valid SQL expression: "{expression}" ({reason})'
    return None


def type_choices(model: DataModel | None) -> tuple[str, ...]:
    """Completion candidates for a type: the common types, then the model's enums."""
    enums = tuple(sorted(_enum_names(model)))
    return TYPE_CHOICES + enums
