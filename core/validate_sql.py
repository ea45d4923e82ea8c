"""The SQL written into a model, checked before it reaches any DDL: expressions and column types.

Validation errors (they make the PostgreSQL DDL fail, so :func:`core.validate.validate_model`
reports them and the model does not load):

- an expression that PostgreSQL cannot parse: attribute defaults, checks and generated columns,
  named checks, index expressions and predicates, exclusion elements and predicates, policy
  ``USING`` / ``WITH CHECK`` and trigger ``WHEN`` conditions, each read with sqlglot's PostgreSQL
  dialect (``qty >``, ``1 +``, ``(a``, two values without an operator);
- a column type that is not a type at all (``numeric(12,``), or a PostgreSQL built-in or
  extension type given parameters PostgreSQL refuses: ``varchar(0)``, ``numeric(2000,2)``,
  ``integer(11)`` (a MySQL display width), ``vector(0)``, ``timestamp(-1)``.

Warnings (:func:`type_warnings`; they do not stop the model from loading): a type name that is
neither a PostgreSQL built-in, nor an enum of the model, nor a type of a known extension
(vector, citext, hstore, ltree, PostGIS...). It may be a domain or composite type created outside
the model, which PostgreSQL knows and tablewright cannot (imported dumps use them: MusicBrainz
keeps its enums in another file), so it is not refused; but it usually is a typo (``strnig``) or
another dialect's name (``datetime``), and the warning says which type was probably meant.
A schema-qualified (``geo.point3``) or quoted (``"Money"``) name is taken as a deliberate
custom type, and so is any name when the model lists an extension whose types are not known here.

Parsing is memoized by text: a model of 1,000 entities repeats the same few defaults and checks.

>>> expression_problem("qty >", "the check")
'the check "qty >" is not valid SQL: an operand is missing after ">"; complete the expression'
>>> type_problem("varchar(0)")
'varchar(0): the length of varchar must be between 1 and 10485760'
>>> type_problem("numeric(12, 2)") is None, type_problem("text[]") is None
(True, True)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from core.errors import Problem
from core.model import DataModel, Entity

__all__ = ["expression_problem", "sql_problems", "type_problem", "type_warning", "type_warnings"]

# --------------------------------------------------------------------------------------------
# Expressions

_MISSING = re.compile(r"Required keyword: '(\w+)' missing")
#: Expressions that are plainly valid without asking sqlglot (whose import costs a quarter of a
#: second): a number, a string, a word, a call without arguments, optionally cast, or one column
#: compared with such a value. Anything else goes through the parser.
_VALUE = r"(?:-?\d+(?:\.\d+)?|'(?:[^'\\]|'')*'|[A-Za-z_][A-Za-z0-9_]*(?:\(\))?)(?:::[A-Za-z_][A-Za-z0-9_]*)?"
_SIMPLE = re.compile(rf"\s*(?:{_VALUE}|[A-Za-z_][A-Za-z0-9_]*\s*(?:[<>]=?|<>|!=|=)\s*{_VALUE})\s*\Z")
_BARE = re.compile(r"'(?:[^']|'')*'|([A-Za-z_][A-Za-z0-9_]*)")
#: PostgreSQL's reserved key words that cannot stand alone as a value (``true``, ``current_date``
#: and the like can): a fast-path expression holding one goes to the parser.
_RESERVED = frozenset((
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
    "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left",
    "like", "limit", "natural", "not", "notnull", "offset", "on", "only", "or", "order", "outer",
    "overlaps", "placing", "primary", "references", "returning", "right", "select", "similar", "some",
    "symmetric", "table", "tablesample", "then", "to", "trailing", "union", "unique", "using", "variadic",
    "verbose", "when", "where", "window", "with",
))


def _plainly_valid(text: str) -> bool:
    if not _SIMPLE.match(text):
        return False
    return not any(m.group(1) and m.group(1).lower() in _RESERVED for m in _BARE.finditer(text))


@lru_cache(maxsize=8192)
def _parse_error(text: str) -> str | None:
    """Why ``text`` is not one PostgreSQL expression (``None`` when it is), in plain words."""
    if not text.strip():
        return "it is empty"
    if _plainly_valid(text):
        return None
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError, TokenError

    statements = (exp.Select, exp.Union, exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Command,
                  exp.Alter, exp.Set)
    if not _balanced(text):
        return "a parenthesis or bracket is not closed, or closes none"
    try:
        trees = sqlglot.parse(_typed_literals(_plain_operators(text)), read="postgres")
    except TokenError:
        return "a quoted string or name is not closed"
    except ParseError as exc:
        if exc.errors and all(_call_arity(str(e.get("description", ""))) and str(e.get("highlight")) in "()"
                              for e in exc.errors):
            return None  # PostgreSQL parses any call; whether the function takes these arguments is its business
        err = exc.errors[0] if exc.errors else {}
        desc = str(err.get("description", ""))
        near = str(err.get("highlight", "")).strip()
        if _MISSING.match(desc):
            return f'an operand is missing after "{near}"' if near else "an operand is missing"
        if desc.startswith("Expecting )"):
            return "a parenthesis is not closed"
        if desc.startswith("Expected END"):
            return "CASE is not closed by END"
        if near:
            return f'unexpected "{near}" at column {err.get("col", "?")}'
        return desc or "it does not parse"
    except Exception as exc:
        return f"it does not parse ({type(exc).__name__})"
    found = [t for t in trees if t is not None]
    if len(found) != 1:
        return "it holds more than one statement" if found else "it is empty"
    tree = found[0]
    for alias in tree.find_all(exp.Alias):
        if alias.find_ancestor(exp.Select) is None:
            return (f'two values stand side by side ("{alias.this.sql("postgres")} {alias.alias}"): an operator '
                    "or a comma is missing")
    if isinstance(tree, statements):
        return "it is a statement, not an expression (a subquery is written in parentheses)"
    for ident in tree.find_all(exp.Identifier):
        col = ident.parent
        if (not ident.quoted and ident.name.lower() in _RESERVED and isinstance(col, exp.Column)
                and col.this is ident and not col.table):
            return f'"{ident.name}" is a reserved word in PostgreSQL: as a column name it is written in double quotes'
    return None


#: PostgreSQL operators sqlglot reads (as binary operators); any other run of operator characters
#: (``<<=`` of inet, ``<#>`` of pgvector, ``&&&`` of PostGIS, ``<%`` of pg_trgm, user operators)
#: is replaced by one it reads before parsing: PostgreSQL's grammar accepts any operator there.
_KNOWN_OPS = frozenset((
    "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^", "||", "~", "~*", "!~", "!~*",
    "~~", "!~~", "~~*", "!~~*", "@>", "<@", "&&", "->", "->>", "#>", "#>>", "#-", "?", "?|", "?&", "@?",
    "@@", "@@@", "<->", "<=>", "#", "<<", ">>", "&", "|", "&<", "&>", "-|-",
))
#: What PostgreSQL's lexer does not make an operator token, so it cannot stand before a value.
_NOT_PREFIX = frozenset({"=", "<", ">", "*", "/", "%", "^", "<=", ">=", "<>", "!=", "=>"})
_OPS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(?P<op>\bOPERATOR\s*\([^()]*\)|[+\-*/<>=~!@#%^&|`?]+)",
                  re.IGNORECASE)
_PREFIX_WORD = re.compile(r"(?:^|[\s(])(?:and|or|not|when|then|else|case|in|is|select|where|on|by)\s*\Z", re.IGNORECASE)


def _plain_operators(text: str) -> str:
    """``text`` with operators sqlglot does not know replaced by ``=`` (between values) or ``-``
    (before one): the same syntax, in words sqlglot reads."""
    out: list[str] = []
    last = 0
    for m in _OPS.finditer(text):
        op = m.group("op")
        if op is None or "--" in op or "/*" in op:
            continue
        tail = ("".join(out) + text[last:m.start()]).rstrip()
        prefix = not tail or tail[-1] in "([,+-*/<>=~!@#%^&|`?" or bool(_PREFIX_WORD.search(tail))
        if (op in ("-", "+", "~") or op in _NOT_PREFIX) if prefix else (op in _KNOWN_OPS):
            continue  # sqlglot reads it, or PostgreSQL refuses it as sqlglot does (= before a value)
        out.append(text[last:m.start()])
        out.append(" - " if prefix else " = ")
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


#: Words sqlglot tokenizes as names that stand before a string in PostgreSQL's grammar.
_KEYWORDS_BEFORE_TEXT = frozenset({"ZONE", "PLACING", "BOTH", "LEADING", "TRAILING", "UESCAPE", "SIMILAR", "TO",
                                   "AT", "SYMMETRIC", "OF", "VARYING", "PRECISION", "WITHOUT"})


def _typed_literals(text: str) -> str:
    """``name 'text'`` (PostgreSQL's typed literal, ``mood 'happy'``) as ``'text'::name``, which
    sqlglot reads; its own types (``date '...'``, ``interval '...'``) it reads already."""
    from sqlglot.dialects.postgres import Postgres
    from sqlglot.errors import TokenError
    from sqlglot.tokenizer_core import TokenType

    if "'" not in text:
        return text
    try:
        tokens = Postgres().tokenize(text)
    except TokenError:
        return text
    edits: list[tuple[int, int, str]] = []
    for i in range(len(tokens) - 1):
        tok, nxt = tokens[i], tokens[i + 1]
        prev = tokens[i - 1] if i else None
        if (tok.token_type == TokenType.VAR and nxt.token_type == TokenType.STRING
                and (tok.text.upper() not in _KEYWORDS_BEFORE_TEXT
                     or (tok.text.upper() == "ZONE" and not (prev and prev.token_type == TokenType.TIME)))
                and (prev is None or prev.token_type != TokenType.DOT)):
            edits.append((tok.start, tok.end + 1, ""))
            edits.append((nxt.end + 1, nxt.end + 1, "::" + tok.text))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text


def _balanced(text: str) -> bool:
    """Whether parentheses and brackets outside strings and quoted names pair up."""
    bare = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "''", text)
    stack: list[str] = []
    for ch in bare:
        if ch in "([":
            stack.append(")" if ch == "(" else "]")
        elif ch in ")]" and (not stack or stack.pop() != ch):
            return False
    return not stack


def _call_arity(description: str) -> bool:
    """Whether sqlglot refused a call only for the number of its arguments (``lower()``)."""
    from sqlglot import exp

    m = re.match(r"Required keyword: '\w+' missing for <class '[\w.]*\.(\w+)'>", description)
    found = getattr(exp, m.group(1), None) if m else None
    return isinstance(found, type) and issubclass(found, exp.Func) and not issubclass(found, exp.Binary)


def expression_problem(text: str, what: str) -> str | None:
    """Why ``text`` cannot be ``what`` (``the check``, ``the default``...), or ``None``."""
    why = _parse_error(text)
    if why is None:
        return None
    shown = text if len(text) <= 60 else text[:57] + "..."
    todo = "complete the expression" if "missing" in why or "not closed" in why else "fix the expression"
    return f'{what} "{shown}" is not valid SQL: {why}; {todo}'


# --------------------------------------------------------------------------------------------
# Types


@dataclass(frozen=True)
class _Params:
    """How many parameters a type takes and their ranges: ``ranges[i]`` bounds the i-th one."""

    ranges: tuple[tuple[int, int], ...] = ()
    min_count: int = 0
    labels: tuple[str, ...] = ("the parameter",)


_NONE = _Params()
_LENGTH = _Params(((1, 10485760),), labels=("the length",))
_BITS = _Params(((1, 83886080),), labels=("the length",))
_NUMERIC = _Params(((1, 1000), (-1000, 1000)), labels=("the precision", "the scale"))
_FLOAT = _Params(((1, 53),), labels=("the precision",))
_FRACTION = _Params(((0, 2**31 - 1),), labels=("the fractional-second precision",))  # > 6 is reduced to 6
_DIMS = _Params(((1, 16000),), labels=("the dimensions",))

#: PostgreSQL's built-in types (the names ``format_type`` and the grammar accept), by parameter rule.
_BUILTIN: dict[str, _Params] = {}
for _rule, _names in (
    (_NONE, "smallint int2 integer int int4 bigint int8 real float4 double_precision float8 smallserial serial2 "
            "serial serial4 bigserial serial8 money text bytea boolean bool date uuid json jsonb xml tsvector "
            "tsquery inet cidr macaddr macaddr8 point line lseg box path polygon circle int4range int8range "
            "numrange tsrange tstzrange daterange int4multirange int8multirange nummultirange tsmultirange "
            "tstzmultirange datemultirange pg_lsn pg_snapshot txid_snapshot oid xid xid8 cid tid regclass "
            "regtype regproc regprocedure regoper regoperator regconfig regdictionary regnamespace regrole "
            "regcollation jsonpath name int2vector oidvector aclitem refcursor"),
    (_LENGTH, "varchar character_varying char character bpchar"),
    (_BITS, "bit bit_varying varbit"),
    (_NUMERIC, "numeric decimal"),
    (_FLOAT, "float"),
    (_FRACTION, "time timetz timestamp timestamptz time_with_time_zone time_without_time_zone "
                "timestamp_with_time_zone timestamp_without_time_zone"),
):
    for _n in _names.split():
        _BUILTIN[_n] = _rule

#: Types of the extensions PostgreSQL users reach for, with the extension that defines them.
_EXTENSION_TYPES: dict[str, tuple[str, _Params]] = {
    "vector": ("vector", _DIMS), "halfvec": ("vector", _DIMS),
    "sparsevec": ("vector", _Params(((1, 1_000_000_000),), labels=("the dimensions",))),
    "citext": ("citext", _NONE), "hstore": ("hstore", _NONE), "ltree": ("ltree", _NONE),
    "lquery": ("ltree", _NONE), "ltxtquery": ("ltree", _NONE), "cube": ("cube", _NONE), "earth": ("earthdistance", _NONE),
    "seg": ("seg", _NONE), "isbn": ("isn", _NONE), "isbn13": ("isn", _NONE), "issn": ("isn", _NONE),
    "issn13": ("isn", _NONE), "ean13": ("isn", _NONE), "upc": ("isn", _NONE), "ismn": ("isn", _NONE),
    "ismn13": ("isn", _NONE), "box2d": ("postgis", _NONE), "box3d": ("postgis", _NONE),
    "raster": ("postgis_raster", _NONE), "semver": ("semver", _NONE), "uint4": ("uint", _NONE),
}
_FREE_PARAMS = frozenset({"geometry", "geography"})  # PostGIS: (Point, 4326), checked by PostGIS itself
_KNOWN_EXTENSIONS = frozenset({ext for ext, _ in _EXTENSION_TYPES.values()} | {"postgis"} | {
    "pg_trgm", "btree_gist", "btree_gin", "pgcrypto", "uuid-ossp", "uuid_ossp", "pg_stat_statements",
    "unaccent", "fuzzystrmatch", "tablefunc", "intarray", "citus", "plpgsql", "postgres_fdw", "dblink",
    "pg_partman", "timescaledb", "postgis_topology", "postgis_tiger_geocoder", "address_standardizer",
    "bloom", "pgrowlocks", "pg_buffercache", "amcheck", "tsm_system_rows", "lo"})

#: Names other SQL dialects use, with what PostgreSQL calls the type.
_FOREIGN: dict[str, str] = {
    "datetime": "timestamp", "datetime2": "timestamp", "smalldatetime": "timestamp(0)",
    "datetimeoffset": "timestamptz", "string": "text", "nvarchar": "varchar", "nchar": "char",
    "varchar2": "varchar", "nvarchar2": "varchar", "number": "numeric", "tinyint": "smallint",
    "mediumint": "integer", "tinytext": "text", "mediumtext": "text", "longtext": "text", "ntext": "text",
    "clob": "text", "nclob": "text", "blob": "bytea", "longblob": "bytea", "mediumblob": "bytea",
    "tinyblob": "bytea", "binary": "bytea", "varbinary": "bytea", "image": "bytea", "raw": "bytea",
    "uniqueidentifier": "uuid", "double": "double precision", "binary_double": "double precision",
    "binary_float": "real", "smallmoney": "money", "year": "smallint", "enum": "an enum of the model",
    "long": "text", "bit_": "boolean", "boolean_": "boolean", "signed": "integer", "unsigned": "bigint",
}

_WORD = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")'
_TYPE = re.compile(
    rf"\s*(?P<name>{_WORD}(?:\s*\.\s*{_WORD})?(?:\s+[A-Za-z_][A-Za-z0-9_]*)*?)"
    r"(?:\s*\((?P<args>[^()]*)\))?"
    r"(?P<tz>\s+(?:with|without)\s+time\s+zone)?"
    r"(?P<fields>(?:\s+(?:year|month|day|hour|minute|second)(?:\s+to\s+(?:month|hour|minute|second))?)"
    r"(?:\s*\(\s*\d+\s*\))?)?"
    r"(?P<array>(?:\s*\[\s*\d*\s*\])*|\s+array(?:\s*\[\s*\d*\s*\])?)\s*\Z",
    re.IGNORECASE,
)
_INTERVAL = re.compile(
    r"\s*interval(?:\s*\(\s*(?P<p1>-?\d+)\s*\))?"
    r"(?:\s+(?:year|month|day|hour|minute|second)(?:\s+to\s+(?:month|hour|minute|second))?)?"
    r"(?:\s*\(\s*(?P<p2>-?\d+)\s*\))?(?:\s*\[\s*\d*\s*\])*\s*\Z", re.IGNORECASE)
_INT = re.compile(r"-?\d+\Z")


def _known_names() -> list[str]:
    return sorted({n.replace("_", " ") for n in _BUILTIN} | set(_EXTENSION_TYPES) | _FREE_PARAMS)


_KNOWN_NAMES = _known_names()


@dataclass(frozen=True)
class _Parsed:
    name: str  # lower case, single spaces, "double precision", "character varying"
    args: tuple[str, ...] | None
    tz: bool
    qualified: bool
    quoted: bool


@lru_cache(maxsize=4096)
def _parse_type(text: str) -> _Parsed | str:
    m = _TYPE.match(text)
    if m is None:
        return "it is not a type name: a name, optional (parameters), optional [] for an array"
    raw = m.group("name")
    quoted = '"' in raw
    qualified = bool(re.search(r'\.(?=(?:[^"]*"[^"]*")*[^"]*\Z)', raw))
    name = " ".join(raw.lower().split()) if not quoted else raw
    args = None
    if m.group("args") is not None:
        args = tuple(a.strip() for a in m.group("args").split(","))
    return _Parsed(name, args, m.group("tz") is not None, qualified, quoted)


@lru_cache(maxsize=4096)
def _type_check(text: str) -> tuple[str | None, str | None]:
    """(error, unknown name) for one type text, independent of the model."""
    t = text.strip()
    if not t:
        return "an attribute needs a type", None
    if t.lower().startswith("interval") and _INTERVAL.match(t):
        m = _INTERVAL.match(t)
        assert m is not None
        for p in (m.group("p1"), m.group("p2")):
            if p is not None and int(p) < 0:
                return f"{t}: the fractional-second precision of interval cannot be negative", None
        return None, None
    parsed = _parse_type(t)
    if isinstance(parsed, str):
        return f"{t}: {parsed}", None
    if parsed.quoted or parsed.qualified:
        if parsed.qualified and parsed.name.startswith("pg_catalog."):
            return _type_check(t.split(".", 1)[1])
        return None, None
    key = parsed.name.replace(" ", "_")
    if parsed.tz and key not in ("time", "timestamp"):
        return f'{t}: only time and timestamp take "with time zone"', None
    rule = _BUILTIN.get(key)
    shown = parsed.name
    if rule is None and key in _EXTENSION_TYPES:
        rule = _EXTENSION_TYPES[key][1]
    if rule is None and key in _FREE_PARAMS:
        return None, None
    if rule is None:
        return None, parsed.name
    return _params_problem(t, shown, rule, parsed.args), None


def _params_problem(text: str, name: str, rule: _Params, args: tuple[str, ...] | None) -> str | None:
    if args is None:
        return None
    if not rule.ranges:
        hint = " (a display width of MySQL means nothing in PostgreSQL)" if "int" in name else ""
        return f"{text}: {name} takes no parameters{hint}; write {name}"
    if len(args) > len(rule.ranges) or len(args) < max(rule.min_count, 1):
        count = len(rule.ranges)
        return f"{text}: {name} takes {'one parameter' if count == 1 else f'at most {count} parameters'}"
    for value, (low, high), label in zip(args, rule.ranges, rule.labels, strict=False):
        if not _INT.match(value):
            return f'{text}: {label} of {name} must be a whole number, not "{value}"'
        if not low <= int(value) <= high:
            return f"{text}: {label} of {name} must be between {low} and {high}"
    return None


def type_problem(text: str) -> str | None:
    """Why ``text`` cannot be a PostgreSQL column type (an error), or ``None``."""
    error, _unknown = _type_check(text)
    return error


def type_warning(text: str, enums: frozenset[str], extensions: frozenset[str]) -> str | None:
    """A warning for a type name PostgreSQL may not know (see the module text), or ``None``."""
    error, unknown = _type_check(text)
    if error is not None or unknown is None:
        return None
    if unknown in enums or unknown.lower() in enums:
        return None
    if any(ext not in _KNOWN_EXTENSIONS for ext in extensions):
        return None  # an extension whose types we do not know may define it
    if unknown in _FOREIGN:
        return (f'type "{unknown}" is not a PostgreSQL type (other databases have it); PostgreSQL calls it '
                f"{_FOREIGN[unknown]}: change the type, or add the enum or create the type before the DDL")
    close = difflib.get_close_matches(unknown, [*_KNOWN_NAMES, *enums, *_FOREIGN], n=1, cutoff=0.75)
    hint = ""
    if close:
        meant = _FOREIGN.get(close[0], close[0])
        hint = f' (did you mean "{meant}"?)'
    return (f'unknown type "{unknown}"{hint}: PostgreSQL has no such built-in type and the model declares no '
            "enum of that name; fix the name, add the enum, or, for a domain or type created outside the "
            f"model, write it schema-qualified (public.{unknown}) to say so")


# --------------------------------------------------------------------------------------------
# Over a model


def _enum_names(model: DataModel) -> frozenset[str]:
    """The spellings by which a column type names a model enum (as the DDL generator reads them:
    ``name``, ``schema.name``, ``"name"``, each optionally ``[]``), and their lower case."""
    names: set[str] = set()
    for en in model.enums:
        for spelled in (en.name, f"{en.schema_name}.{en.name}" if en.schema_name else en.name):
            names.update((spelled, spelled.lower(), '"' + spelled.replace('"', '""') + '"'))
    return frozenset(names)


def _names_enum(type_text: str, enums: frozenset[str]) -> bool:
    text = type_text.strip()
    return text in enums or text.removesuffix("[]").rstrip() in enums


def _element(base: tuple[str | int, ...], ew: str, e: Entity) -> Iterator[tuple[tuple[str | int, ...], str,
                                                                                   str, str]]:
    """(path, where, text, what) for every SQL expression of entity ``e``."""
    for j, a in enumerate(e.attributes):
        aw = f"{ew}.attributes[{a.name}]"
        for field, what in (("default", "the default"), ("generated", "the generated expression"),
                            ("check", "the check")):
            text = getattr(a, field)
            if text is not None:
                yield (*base, "attributes", j, field), f"{aw}.{field}", text, what
    for k, c in enumerate(e.checks):
        yield (*base, "checks", k, "expression"), f"{ew}.checks[{c.name or k}]", c.expression, "the check"
    for k, ix in enumerate(e.indexes):
        iw = f"{ew}.indexes[{ix.name or k}]"
        for n, key in enumerate(ix.columns):
            if key.expression is not None:
                yield (*base, "indexes", k, "columns", n, "expression"), iw, key.expression, "the index expression"
        if ix.where is not None:
            yield (*base, "indexes", k, "where"), iw, ix.where, "the index predicate (where)"
    for k, x in enumerate(e.exclusions):
        xw = f"{ew}.exclusions[{x.name or k}]"
        for n, el in enumerate(x.elements):
            yield (*base, "exclusions", k, "elements", n, "expression"), xw, el.expression, "the exclusion element"
        if x.where is not None:
            yield (*base, "exclusions", k, "where"), xw, x.where, "the exclusion predicate (where)"
    if e.rls is not None:
        for k, p in enumerate(e.rls.policies):
            pw = f"{ew}.rls.policies[{p.name}]"
            if p.using is not None:
                yield (*base, "rls", "policies", k, "using"), pw, p.using, "the policy's USING"
            if p.with_check is not None:
                yield (*base, "rls", "policies", k, "with_check"), pw, p.with_check, "the policy's WITH CHECK"
    for k, trg in enumerate(e.triggers):
        if trg.when is not None:
            yield (*base, "triggers", k, "when"), f"{ew}.triggers[{trg.name}]", trg.when, "the trigger's WHEN"


def sql_problems(model: DataModel) -> list[Problem]:
    """Every expression that does not parse and every impossible type, located (errors)."""
    problems: list[Problem] = []
    enums = _enum_names(model)
    for i, e in enumerate(model.entities):
        base: tuple[str | int, ...] = ("entities", i)
        ew = f"entities[{e.name}]"
        for j, a in enumerate(e.attributes):
            if a.type.strip() and (msg := type_problem(a.type)) is not None and not _names_enum(a.type, enums):
                problems.append(Problem((*base, "attributes", j, "type"), f"{ew}.attributes[{a.name}].type", msg))
        for path, where, text, what in _element(base, ew, e):
            if _parse_error(text) is not None and (msg := expression_problem(text, what)) is not None:
                problems.append(Problem(path, where, msg))
    return problems


def type_warnings(model: DataModel) -> list[Problem]:
    """Column types PostgreSQL may not know, as ``warning`` problems (the model still loads)."""
    enums = _enum_names(model)
    extensions = frozenset(x.lower() for x in model.extensions)
    out: list[Problem] = []
    for i, e in enumerate(model.entities):
        for j, a in enumerate(e.attributes):
            if not _names_enum(a.type, enums) and (msg := type_warning(a.type, enums, extensions)) is not None:
                out.append(Problem(("entities", i, "attributes", j, "type"),
                                   f"entities[{e.name}].attributes[{a.name}].type", msg, severity="warning"))
    return out
