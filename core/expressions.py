"""Rename column and table identifiers inside SQL text kept in the model (checks, index
expressions, policies, generated columns, views), through sqlglot's PostgreSQL parser.

The text is parsed, the identifiers that refer to the renamed object are found in the syntax tree,
and only those spans of the original text are replaced: the rest of what the user wrote (spacing,
case, casts) stays exactly as it was. The result is parsed again to check that it says what was
meant (otherwise the new names are quoted). Text that does not parse is left unchanged.

PostgreSQL's identifier rules apply: an unquoted identifier is folded to lower case, so ``Email``
refers to the column ``email``; a quoted one (``"Email"``) is exact. New names are written unquoted
when PostgreSQL allows it, quoted otherwise (or when the old reference was quoted).

>>> rename_columns("lower(Email) <> '' AND email_ok", {"email": "mail"})
"lower(mail) <> '' AND email_ok"
>>> rename_columns("NEW.status IS DISTINCT FROM OLD.status", {"status": "Status"}, qualifiers=("new", "old"))
'NEW."Status" IS DISTINCT FROM OLD."Status"'
>>> rename_columns("price >", {"price": "cost"})  # does not parse: unchanged
'price >'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp

from core.model import EntityKey

__all__ = [
    "columns_used",
    "needs_quotes",
    "quote_identifier",
    "rename_columns",
    "rename_record_fields",
    "rename_tables",
    "rename_view_columns",
    "uses_column",
]

# PostgreSQL's reserved key words (SQL Key Words appendix: "reserved" and "reserved (can be
# function or type)"): a column or table with one of these names must be quoted.
_RESERVED_WORDS = """
all analyse analyze and any array as asc asymmetric authorization binary both case cast check
collate collation column concurrently constraint create cross current_catalog current_date
current_role current_schema current_time current_timestamp current_user default deferrable desc
distinct do else end except false fetch for foreign freeze from full grant group having ilike in
initially inner intersect into is isnull join lateral leading left like limit localtime
localtimestamp natural not notnull null offset on only or order outer overlaps placing primary
references returning right select session_user similar some symmetric system_user table
tablesample then to trailing true union unique user using variadic verbose when where window with
"""
_RESERVED = frozenset(_RESERVED_WORDS.split())
_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*\Z")
_REFS = (exp.Column, exp.Table)


def needs_quotes(name: str) -> bool:
    """Whether PostgreSQL needs ``name`` quoted to mean exactly this identifier.

    >>> needs_quotes("email"), needs_quotes("Email"), needs_quotes("order"), needs_quotes("a b")
    (False, True, True, True)
    """
    return not _PLAIN.match(name) or name in _RESERVED


def quote_identifier(name: str, *, force: bool = False) -> str:
    """``name`` as a PostgreSQL identifier, quoted only when needed (or when ``force``).

    >>> quote_identifier("total"), quote_identifier("Order"), quote_identifier("user")
    ('total', '"Order"', '"user"')
    """
    if force or needs_quotes(name):
        return '"' + name.replace('"', '""') + '"'
    return name


@dataclass(frozen=True)
class _Edit:
    """Replace the identifier ``ident`` (part ``part`` of reference node ``node``) by ``name``,
    optionally preceded by a schema qualifier and followed by literal text."""

    node: exp.Expr
    part: str
    ident: exp.Identifier
    name: str
    schema: str | None = None
    suffix: str = ""

    def text(self, force: bool) -> str:
        quoted = force or bool(self.ident.quoted)
        prefix = quote_identifier(self.schema, force=force) + "." if self.schema is not None else ""
        return prefix + quote_identifier(self.name, force=quoted) + self.suffix


def _same(ident: exp.Expr | None, name: str) -> bool:
    """Whether an identifier in SQL text refers to the model name ``name``."""
    if not isinstance(ident, exp.Identifier):
        return False
    text = str(ident.this)
    if ident.quoted:
        return text == name
    return text == name or text.lower() == name


def _folded(ident: exp.Expr | None) -> str:
    if not isinstance(ident, exp.Identifier):
        return ""
    return str(ident.this) if ident.quoted else str(ident.this).lower()


def _span(ident: exp.Identifier) -> tuple[int, int] | None:
    meta = ident.meta
    if not meta or "start" not in meta or "end" not in meta:
        return None
    return int(meta["start"]), int(meta["end"])


@lru_cache(maxsize=4096)
def _parse(text: str, statement: bool) -> tuple[exp.Expr, ...] | None:
    """The syntax trees of ``text`` (one expression, or statements), or ``None`` if it does not
    parse. Cached: callers must never modify the trees."""
    try:
        if statement:
            trees = tuple(t for t in sqlglot.parse(text, read="postgres") if t is not None)
        else:
            trees = (sqlglot.parse_one(text, read="postgres"),)
    except Exception:  # sqlglot raises several kinds of errors on text it cannot read
        return None
    return trees or None


def _columns(trees: tuple[exp.Expr, ...]) -> Iterator[exp.Column]:
    for tree in trees:
        yield from tree.find_all(exp.Column)


def _mentions(text: str, names: Collection[str]) -> bool:
    low = text.lower()
    return any(n.lower() in low for n in names)


def _signature(nodes: Iterator[exp.Expr], overrides: Mapping[tuple[int, str], str]) -> list[tuple[str, ...]]:
    """Comparable descriptions of the column and table references, with ``overrides`` applied."""
    sig: list[tuple[str, ...]] = []
    for node in nodes:
        parts = ("db", "table", "this") if isinstance(node, exp.Column) else ("catalog", "db", "this")
        sig.append((type(node).__name__, *(overrides.get((id(node), p), _folded(node.args.get(p)))
                                          for p in parts)))
    return sorted(sig)


def _rewrite(text: str, statement: bool, trees: tuple[exp.Expr, ...], edits: list[_Edit]) -> str:
    """Splice ``edits`` into ``text``; if the result is read differently than intended (a plain
    name that is a key word for the parser), quote every new name instead."""
    spans = [(span, e) for e in edits if (span := _span(e.ident)) is not None]
    if not spans:
        return text
    overrides: dict[tuple[int, str], str] = {}
    for e in edits:
        overrides[(id(e.node), e.part)] = e.name
        if e.schema is not None:
            overrides[(id(e.node), "db")] = e.schema
    expected = _signature((n for t in trees for n in t.find_all(*_REFS)), overrides)
    for force in (False, True):
        out = text
        for (start, end), e in sorted(spans, key=lambda item: item[0], reverse=True):
            out = out[:start] + e.text(force) + out[end + 1:]
        new_trees = _parse(out, statement)
        if new_trees is not None and _signature((n for t in new_trees for n in t.find_all(*_REFS)), {}) == expected:
            return out
    return out


def _column_edit(col: exp.Column, renames: Mapping[str, str], suffix: str = "") -> _Edit | None:
    ident = col.this
    if not isinstance(ident, exp.Identifier):
        return None
    for old, new in renames.items():
        if _same(ident, old):
            return _Edit(col, "this", ident, new, suffix=suffix)
    return None


def rename_columns(text: str, renames: Mapping[str, str], *, qualifiers: Collection[str] = ()) -> str:
    """Rename columns of one table inside an expression (a check, an index key, a policy...).

    A column reference is renamed when it is unqualified (and not inside a sub-select, where it
    may belong to another table) or qualified by one of ``qualifiers`` (the table's own name;
    ``new``/``old`` in a trigger's ``WHEN``).

    >>> rename_columns("orders.total >= 0 AND total < 1e9", {"total": "amount"}, qualifiers=["orders"])
    'orders.amount >= 0 AND amount < 1e9'
    >>> rename_columns("id IN (SELECT id FROM users)", {"id": "key"})
    'key IN (SELECT id FROM users)'
    """
    if not renames or not _mentions(text, renames):
        return text
    trees = _parse(text, False)
    if trees is None:
        return text
    edits: list[_Edit] = []
    for col in _columns(trees):
        qualifier = col.args.get("table")
        if qualifier is None and col.find_ancestor(exp.Select) is not None:
            continue
        if qualifier is not None and not any(_same(qualifier, q) for q in qualifiers):
            continue
        if (edit := _column_edit(col, renames)) is not None:
            edits.append(edit)
    return _rewrite(text, False, trees, edits)


def columns_used(text: str, *, qualifiers: Collection[str] = ()) -> frozenset[str] | None:
    """The column names an expression refers to (unquoted ones folded to lower case; qualified
    references counted when qualified by ``qualifiers``), or ``None`` when it does not parse.

    >>> sorted(columns_used('a + "B" > t.c', qualifiers=["t"]) or ())
    ['B', 'a', 'c']
    """
    trees = _parse(text, False)
    if trees is None:
        return None
    return frozenset(_folded(col.this) for col in _columns(trees)
                     if col.args.get("table") is None or any(_same(col.args.get("table"), q) for q in qualifiers))


def uses_column(text: str, name: str, *, qualifiers: Collection[str] = ()) -> bool:
    """Whether an expression (conservatively) refers to column ``name``: references inside
    sub-selects count too, and text that does not parse counts when the name appears as a word.

    >>> uses_column("length(title) > 0", "title"), uses_column("subtitle <> ''", "title")
    (True, False)
    """
    if name.lower() not in text.lower():
        return False
    trees = _parse(text, False)
    if trees is None:
        return re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", text, re.IGNORECASE) is not None
    return any(_same(col.this, name) and (col.args.get("table") is None
                                          or any(_same(col.args.get("table"), q) for q in qualifiers))
               for col in _columns(trees))


def _refers(table: exp.Table, key: EntityKey, default_schema: str, context_schema: str | None) -> bool:
    """Whether a table reference names the entity ``key`` (canonical: schema ``None`` = default)."""
    db = table.args.get("db")
    if not _same(table.this, key.name):
        return False
    if db is None:
        return key.schema is None or key.schema == context_schema
    return _same(db, key.schema if key.schema is not None else default_schema)


def rename_tables(text: str, old: EntityKey, new: EntityKey, *, default_schema: str = "public",
                  statement: bool = False, context_schema: str | None = None) -> str:
    """Rename (or move to another schema) a table inside SQL text: table references, and column
    qualifiers that name the table (not an alias).

    ``old`` and ``new`` are canonical keys (schema ``None`` = the default schema); ``statement``
    parses whole statements (a view's query) instead of one expression; ``context_schema`` is the
    schema in which unqualified names are also looked up (a view's own schema).

    >>> rename_tables("SELECT o.id, orders.total FROM orders AS o, orders",
    ...               EntityKey(None, "orders"), EntityKey(None, "purchases"), statement=True)
    'SELECT o.id, purchases.total FROM purchases AS o, purchases'
    >>> rename_tables("SELECT * FROM sales.orders JOIN x ON true", EntityKey("sales", "orders"),
    ...               EntityKey(None, "orders"), statement=True)
    'SELECT * FROM public.orders JOIN x ON true'
    >>> rename_tables("SELECT * FROM orders", EntityKey(None, "orders"), EntityKey("crm", "orders"),
    ...               statement=True)
    'SELECT * FROM crm.orders'
    """
    if not _mentions(text, [old.name]):
        return text
    trees = _parse(text, statement)
    if trees is None:
        return text
    aliases = {_folded(a.this) for t in trees for a in t.find_all(exp.TableAlias)}
    target_schema = new.schema if new.schema is not None else default_schema
    edits: list[_Edit] = []
    for tree in trees:
        for table in tree.find_all(exp.Table):
            name, db = table.this, table.args.get("db")
            if not isinstance(name, exp.Identifier) or not _refers(table, old, default_schema, context_schema):
                continue
            if old.schema != new.schema and isinstance(db, exp.Identifier):
                edits.append(_Edit(table, "db", db, target_schema))
            insert = target_schema if old.schema != new.schema and db is None and new.schema is not None else None
            if old.name != new.name or insert is not None:
                edits.append(_Edit(table, "this", name, new.name, schema=insert))
        if old.name == new.name:
            continue
        for col in tree.find_all(exp.Column):
            qualifier = col.args.get("table")
            if not isinstance(qualifier, exp.Identifier) or not _same(qualifier, old.name):
                continue
            if _folded(qualifier) in aliases:
                continue
            db = col.args.get("db")
            schema = old.schema if old.schema is not None else default_schema
            if db is None or _same(db, schema):
                edits.append(_Edit(col, "table", qualifier, new.name))
    return _rewrite(text, statement, trees, edits)


def _sources(select: exp.Select) -> list[exp.Expr]:
    """The FROM and JOIN sources of one SELECT."""
    found: list[exp.Expr] = []
    from_ = select.args.get("from_") or select.args.get("from")
    if isinstance(from_, exp.From) and from_.this is not None:
        found.append(from_.this)
        found.extend(e for e in from_.expressions if isinstance(e, exp.Expr))
    for join in select.args.get("joins") or ():
        if isinstance(join, exp.Join) and join.this is not None:
            found.append(join.this)
    return found


def _source_of(col: exp.Column) -> exp.Expr | None:
    """The FROM/JOIN source a column reference belongs to, when that can be told for sure."""
    qualifier = col.args.get("table")
    select = col.find_ancestor(exp.Select)
    while select is not None:
        sources = _sources(select)
        if qualifier is None:
            return sources[0] if len(sources) == 1 else None
        for src in sources:
            alias = src.args.get("alias")
            if isinstance(alias, exp.TableAlias) and alias.this is not None:
                if _folded(alias.this) == _folded(qualifier):
                    return src
            elif isinstance(src, exp.Table) and _folded(src.this) == _folded(qualifier):
                return src
        select = select.find_ancestor(exp.Select)
    return None


def rename_view_columns(sql: str, table: EntityKey, renames: Mapping[str, str], *,
                        default_schema: str = "public", context_schema: str | None = None,
                        statement: bool = True) -> str:
    """Rename columns of ``table`` inside a query (a view): references qualified by the table or
    its alias, and unqualified references in a SELECT that reads that table alone. A renamed
    column that was a plain select-list item keeps its output name (``mail AS email``), so the
    view's own columns do not change. With ``statement=False`` the text is one expression whose
    sub-selects may read ``table`` (another table's policy or check).

    >>> rename_view_columns("SELECT u.email, n FROM users u JOIN t ON t.id = u.id",
    ...                     EntityKey(None, "users"), {"email": "mail", "id": "user_id"})
    'SELECT u.mail AS email, n FROM users u JOIN t ON t.id = u.user_id'
    >>> rename_view_columns("id = (SELECT u.id FROM users u WHERE u.id = owner)", EntityKey(None, "users"),
    ...                     {"id": "key"}, statement=False)
    'id = (SELECT u.key AS id FROM users u WHERE u.key = owner)'
    """
    if not renames or not _mentions(sql, renames):
        return sql
    trees = _parse(sql, statement)
    if trees is None:
        return sql
    edits: list[_Edit] = []
    for col in _columns(trees):
        source = _source_of(col)
        if not isinstance(source, exp.Table) or not _refers(source, table, default_schema, context_schema):
            continue
        select = col.parent
        suffix = ""
        if isinstance(select, exp.Select) and any(e is col for e in select.expressions) and (span := _span(col.this)):
            suffix = " AS " + sql[span[0]:span[1] + 1]
        if (edit := _column_edit(col, renames, suffix)) is not None:
            edits.append(edit)
    return _rewrite(sql, statement, trees, edits)


_RECORD_FIELD = re.compile(r'\b(new|old)(\s*\.\s*)(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))', re.IGNORECASE)


def rename_record_fields(body: str, renames: Mapping[str, str]) -> str:
    """``NEW.col`` and ``OLD.col`` in a trigger function's body (PL/pgSQL, which sqlglot does not
    parse) renamed by ``renames``; other text is left as it is.

    >>> rename_record_fields('BEGIN NEW.updated_at := now(); IF OLD."updated_at" IS NULL THEN '
    ...                      'RETURN new.Updated_At; END IF; END', {"updated_at": "Changed At"})
    'BEGIN NEW."Changed At" := now(); IF OLD."Changed At" IS NULL THEN RETURN new."Changed At"; END IF; END'
    """

    def sub(m: re.Match[str]) -> str:
        quoted, plain = m.group(3), m.group(4)
        name = quoted.replace('""', '"') if quoted is not None else plain.lower()
        new = renames.get(name)
        if new is None:
            return m.group(0)
        return m.group(1) + m.group(2) + quote_identifier(new)

    if not any(old.lower() in body.lower() for old in renames):
        return body
    return _RECORD_FIELD.sub(sub, body)
