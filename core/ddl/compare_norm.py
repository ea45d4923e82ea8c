"""The normalisations under which a model and a server's catalog count as equal.

A server does not give back the text it was given: it folds type aliases, adds casts and
parentheses, expands ``BETWEEN`` and ``IN``, re-spells ``*`` in views. :mod:`core.ddl.compare`
compares the *normal forms* computed here instead of the texts:

* **types** (:func:`pg_type_key`): aliases folded (``int4`` = ``integer``, ``varchar`` =
  ``character varying``, ``timestamptz`` = ``timestamp with time zone``, ``float`` =
  ``double precision``, ``decimal`` = ``numeric``, ``char`` = ``character(1)``), case folded
  outside quotes, spaces inside parameters dropped, an enum named with or without its schema;
* **expressions** (:func:`expression_key`), parsed with sqlglot: parentheses and casts are
  ignored (the server adds ``::text``, ``::numeric`` to constants and columns), a negative
  number written as ``'-1'::integer`` is ``-1``, ``x = ANY (ARRAY[...])`` is ``x IN (...)``,
  ``x BETWEEN a AND b`` is ``x >= a AND x <= b``, ``x IS NOT NULL`` is ``NOT x IS NULL``, numbers compare by value (``1e9`` is
  ``1000000000``), ``'1 day'::interval`` is ``interval
  '1 day'``, unquoted identifiers and function names are lower case;
* **view queries** (:func:`view_key`): the same, plus column qualifiers, table aliases and column
  aliases that only repeat a column or function name are ignored (the server qualifies every
  column of a join and renames a recursive reference), and ``*`` is expanded to the table's
  columns.

A text sqlglot cannot parse is compared with its white space collapsed.

>>> expression_key("price >= 0") == expression_key("(price >= (0)::numeric)")
True
>>> expression_key("status IN ('a', 'b')") == expression_key(
...     "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])")
True
>>> pg_type_key("VARCHAR(20)") == pg_type_key("character varying(20)")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import cast

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^-?\d+(\.\d*)?([eE][-+]?\d+)?$")
_TYPE_ALIASES = {
    "int": "integer", "int4": "integer", "int8": "bigint", "int2": "smallint",
    "float8": "double precision", "float": "double precision", "double": "double precision",
    "float4": "real", "bool": "boolean", "varchar": "character varying", "char": "character",
    "bpchar": "character", "decimal": "numeric", "timestamptz": "timestamp with time zone",
    "timestamp without time zone": "timestamp", "timetz": "time with time zone",
    "time without time zone": "time", "varbit": "bit varying", "serial4": "serial",
    "serial8": "bigserial", "serial2": "smallserial",
}
_NUMERIC_TYPES = {exp.DataType.Type.INT, exp.DataType.Type.BIGINT, exp.DataType.Type.SMALLINT,
                  exp.DataType.Type.DECIMAL, exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT}


def collapse(text: str) -> str:
    """``text`` with runs of white space made one space, trimmed (the fallback comparison)."""
    return _SPACES.sub(" ", text).strip()


def _lower_outside_quotes(text: str) -> str:
    parts = re.split(r'("(?:[^"]|"")*")', text)
    return "".join(p if p.startswith('"') else p.lower() for p in parts)


def _unquote(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == '"' and name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name.lower()


def _split_qualified(text: str) -> list[str]:
    return [p for p in re.findall(r'"(?:[^"]|"")*"|[^."]+', text) if p.strip()]


def pg_type_key(type_text: str, enums: Mapping[str, str] | None = None, default_schema: str = "public") -> str:
    """The normal form of a PostgreSQL type for comparison.

    ``enums`` maps every spelling of an enum's name (bare and ``schema.name``) to one key;
    types it names become ``enum:schema.name``.

    >>> pg_type_key("timestamp(3) with time zone"), pg_type_key("TIMESTAMPTZ(3)")
    ('timestamp(3) with time zone', 'timestamp(3) with time zone')
    >>> pg_type_key("numeric(10, 2)"), pg_type_key("char"), pg_type_key("int[]")
    ('numeric(10,2)', 'character(1)', 'integer[]')
    """
    text = collapse(type_text)
    dims = 0
    while True:
        stripped = re.sub(r"\s*\[\d*\]$", "", text)
        if stripped == text:
            m = re.search(r"\s+array(\s*\[\d*\])?$", text, flags=re.IGNORECASE)
            if not m:
                break
            stripped = text[: m.start()]
        text, dims = stripped, dims + 1
    low = _lower_outside_quotes(text)
    if enums:
        raw = _split_qualified(text)
        for parts in ([p.strip().strip('"') for p in raw], [_unquote(p) for p in raw]):
            found = enums.get(".".join(parts))
            if found is not None:
                return found + "[]" * dims
    params = ""
    m = re.search(r"\(([^)]*)\)", low)
    if m:
        params = "(" + m.group(1).replace(" ", "") + ")"
        low = collapse(low[: m.start()] + " " + low[m.end():])
    low = _TYPE_ALIASES.get(low, low)
    if low in ("timestamp with time zone", "time with time zone"):
        base = low.split(" ")[0]
        key = f"{base}{params} with time zone"
    elif low in ("timestamp", "time"):
        key = f"{low}{params}"
    else:
        if low in ("character", "bit") and not params:
            params = "(1)"
        if low == "numeric" and params and "," not in params:
            params = params[:-1] + ",0)"
        if low == "double precision" and params:
            low, params = ("real" if int(params[1:-1] or 53) <= 24 else "double precision"), ""
        key = low + params
    return key + "[]" * dims


def enum_spellings(enums: Sequence[tuple[str | None, str]], default_schema: str) -> dict[str, str]:
    """Map each spelling of each enum (``name`` in the default schema, ``schema.name``) to its key."""
    out: dict[str, str] = {}
    for schema, name in enums:
        real = schema or default_schema
        key = f"enum:{real}.{name}"
        out[f"{real}.{name}"] = key
        if real == default_schema:
            out[name] = key
    return out


def _to_number(node: exp.Literal) -> exp.Expr:
    return exp.Literal.number(_number_text(node.this))


def _number_text(text: str) -> str:
    """One spelling per numeric value (``1e9``, ``1000000000`` and ``1000000000.0`` are one)."""
    try:
        return str(Decimal(text).normalize())
    except InvalidOperation:
        return text


def _simplify(node: exp.Expr, *, view: bool) -> exp.Expr:
    """One rewriting step of the normal form (applied bottom-up)."""
    if isinstance(node, exp.Paren):
        return cast(exp.Expr, node.this)
    if isinstance(node, exp.Cast | exp.TryCast):
        inner: exp.Expr = node.this
        to = node.args.get("to")
        if isinstance(inner, exp.Literal) and inner.is_string and isinstance(to, exp.DataType):
            if to.this in _NUMERIC_TYPES and _NUMBER.match(inner.this):
                return _to_number(inner)
            if to.this == exp.DataType.Type.INTERVAL:
                return exp.Interval(this=exp.Literal.string(collapse(inner.this.lower())))
        return inner
    if isinstance(node, exp.Interval) and isinstance(node.this, exp.Literal):
        unit = node.args.get("unit")
        text = f"{node.this.this} {unit.name}" if unit is not None else node.this.this
        return exp.Interval(this=exp.Literal.string(collapse(text.lower())))
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return exp.Literal.number(_number_text("-" + node.this.this))
    if isinstance(node, exp.Literal) and not node.is_string and _number_text(node.this) != node.this:
        return exp.Literal.number(_number_text(node.this))
    if isinstance(node, exp.Is) and node.args.get("negate"):
        return exp.Not(this=exp.Is(this=node.this, expression=node.expression))
    if isinstance(node, exp.Between):
        return exp.and_(exp.GTE(this=node.this.copy(), expression=node.args["low"]),
                        exp.LTE(this=node.this.copy(), expression=node.args["high"]))
    if isinstance(node, exp.EQ | exp.NEQ):
        rhs = node.expression
        items = _array_items(rhs, "ANY" if isinstance(node, exp.EQ) else "ALL")
        if items is not None:
            found = exp.In(this=node.this, expressions=items)
            return found if isinstance(node, exp.EQ) else exp.Not(this=found)
    if isinstance(node, exp.Anonymous):
        node.set("this", str(node.this).lower())
    if view and isinstance(node, exp.Column) and node.args.get("table") is not None:
        return exp.column(node.args["this"])
    if view and isinstance(node, exp.Table) and node.args.get("alias") is not None:
        node.set("alias", None)
    if view and isinstance(node, exp.Alias):
        inner = node.this
        alias = node.alias.lower()
        name = inner.name.lower() if isinstance(inner, exp.Column) else ""
        if isinstance(inner, exp.Func):
            name = (inner.sql_name() if not isinstance(inner, exp.Anonymous) else str(inner.this)).lower()
        if alias == name:
            return inner
    return node


def _array_items(node: exp.Expr, word: str) -> list[exp.Expr] | None:
    """The items of ``ANY (ARRAY[...])`` / ``ALL (ARRAY[...])``, else ``None``."""
    if word == "ANY" and isinstance(node, exp.Any):
        inner = node.this
    elif isinstance(node, exp.Anonymous) and str(node.this).upper() == word and len(node.expressions) == 1:
        inner = node.expressions[0]
    elif isinstance(node, exp.All) and word == "ALL":
        inner = node.this
    else:
        return None
    while isinstance(inner, exp.Paren | exp.Cast):
        inner = inner.this
    return list(inner.expressions) if isinstance(inner, exp.Array) else None


def _rewrite(tree: exp.Expr, step: Callable[[exp.Expr], exp.Expr]) -> exp.Expr:
    """Apply ``step`` to every node, children first, until nothing changes."""
    for _ in range(8):
        before = repr(tree)
        tree = tree.transform(step, copy=False)
        if repr(tree) == before:
            break
    return tree


@lru_cache(maxsize=16384)
def expression_key(text: str | None, dialect: str = "postgres", fold_case: bool = False) -> str | None:
    """The normal form of a SQL expression (``None`` stays ``None``).

    ``fold_case`` folds quoted identifiers too, for databases whose names are case-insensitive
    (SQLite, DuckDB) and that give expressions back without quotes.
    """
    if text is None:
        return None
    try:
        tree = sqlglot.parse_one(text, read=dialect)
    except Exception:
        return "text:" + collapse(text)
    if tree is None:
        return "text:" + collapse(text)
    tree = normalize_identifiers(_rewrite(tree, lambda n: _simplify(n, view=False)), dialect="postgres")
    return _key_text(tree, fold_case)


def view_key(sql: str, columns_of: Mapping[str, Sequence[str]] | None = None, dialect: str = "postgres") -> str:
    """The normal form of a view's query; ``columns_of`` (table name -> columns) expands ``*``."""
    text = sql.strip().rstrip(";")
    try:
        tree = sqlglot.parse_one(text, read=dialect)
    except Exception:
        return "text:" + collapse(text)
    if tree is None:
        return "text:" + collapse(text)
    if columns_of:
        _expand_star(tree, columns_of)
    tree = normalize_identifiers(_rewrite(tree, lambda n: _simplify(n, view=True)), dialect="postgres")
    return _key_text(tree)


def view_columns(sql: str, dialect: str = "postgres") -> list[str] | None:
    """The column names a view's query gives (``None`` when it cannot tell, e.g. a ``*``).

    >>> view_columns("SELECT id, lower(email) AS email_key FROM t")
    ['id', 'email_key']
    """
    try:
        tree = sqlglot.parse_one(sql.strip().rstrip(";"), read=dialect)
    except Exception:
        return None
    if not isinstance(tree, exp.Select):
        return None
    names = [e.alias_or_name for e in tree.expressions]
    return None if any(not n or n == "*" for n in names) else names


def _key_text(tree: exp.Expr, fold_case: bool = False) -> str:
    """The structural text of a normalised tree (quoting no longer matters once case is folded)."""
    for ident in tree.find_all(exp.Identifier):
        ident.set("quoted", True)
        if fold_case:
            ident.set("this", ident.name.lower())
    return repr(tree)


def _expand_star(tree: exp.Expr, columns_of: Mapping[str, Sequence[str]]) -> None:
    for select in tree.find_all(exp.Select):
        from_ = select.args.get("from_") or select.args.get("from")
        if from_ is None or select.args.get("joins") or not isinstance(from_.this, exp.Table):
            continue
        star = select.expressions[0] if len(select.expressions) == 1 else None
        if not (isinstance(star, exp.Star) or (isinstance(star, exp.Column) and isinstance(star.this, exp.Star))):
            continue  # SELECT * or SELECT t.* over one table
        cols = columns_of.get(from_.this.name)
        if cols:
            select.set("expressions", [exp.column(exp.to_identifier(c, quoted=c != c.lower())) for c in cols])
