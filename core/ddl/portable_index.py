"""Indexes and comments in the non-PostgreSQL dialects, as sqlglot nodes.

Index features a dialect lacks are dropped with a warning when the index keeps its meaning
(an ``INCLUDE`` list, an operator class, storage options, ``NULLS LAST``), and the whole index is
left out with a warning when it would not (a unique partial index without its predicate would
forbid rows PostgreSQL allows; a GIN or HNSW index has no equivalent).
"""

from __future__ import annotations

import hashlib

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from core.ddl.identifiers import check_name, ident
from core.ddl.portable_caps import TITLES
from core.ddl.portable_exprs import Builder
from core.model import Index

__all__ = ["comments", "index_name", "index_statements"]

_NO_EQUIVALENT = {"gin", "gist", "spgist", "hnsw", "ivfflat"}


def index_name(table: str, ix: Index, i: int) -> str:
    """A name for an unnamed index (other dialects need one): ``table_cols_idx``, at most 63
    bytes (a long one ends in a hash of the whole, so it stays unique)."""
    cols = "_".join(ix.column_names) or f"expr{i}"
    name = f"{table}_{cols}_{'key' if ix.unique else 'idx'}"
    if len(name.encode("utf-8")) <= 63:
        return name
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    head = name.encode("utf-8")[:54].decode("utf-8", "ignore")
    return f"{head}_{digest}"


def _nulls_first(dialect: str, desc: bool) -> bool:
    """Where ``dialect`` puts NULLs by default, so that sqlglot writes no NULLS clause."""
    ordering = Dialect.get_or_raise(dialect).NULL_ORDERING
    if ordering == "nulls_are_small":
        return not desc
    if ordering == "nulls_are_large":
        return desc
    return False


def index_statements(b: Builder) -> list[str]:
    """``CREATE [UNIQUE] INDEX`` statements for the entity's indexes."""
    out = []
    for i, ix in enumerate(b.entity.indexes):
        node = _index(b, i, ix)
        if node is not None:
            out.append(b.render(node))
    return out


def _index(b: Builder, i: int, ix: Index) -> exp.Create | None:
    d, caps, t = b.dialect, b.caps, TITLES[b.dialect]
    where = f"{b.where}.indexes[{ix.name or i}]"
    name = check_name(ix.name, where) if ix.name else index_name(b.entity.name, ix, i)
    label = ix.name or f"index on {', '.join(ix.column_names) or 'an expression'}"
    if ix.method in _NO_EQUIVALENT:
        b.warn("index method", f"{label}: {t} has no {ix.method.upper()} indexes; index left out")
        return None
    if ix.where and not caps.partial_index and ix.unique:
        b.warn("partial index", f"{label}: {t} has no partial indexes, and a unique index without its "
               "WHERE would reject rows; index left out (enforce it in the application)")
        return None
    if any(k.expression for k in ix.columns) and not caps.expression_index:
        b.warn("expression index", f"{label}: {t} cannot index an expression; index left out "
               "(index a computed column instead)")
        return None
    pred = _predicate(b, ix, where, label) if ix.where and caps.partial_index else None
    if ix.where and caps.partial_index and pred is None and ix.unique:
        return None  # a unique index over every row would reject rows the model allows
    if ix.method in ("brin", "hash"):
        b.warn("index method", f"{label}: {t} has no {ix.method.upper()} indexes; an ordinary index instead")
    keys = []
    for n, k in enumerate(ix.columns):
        kw = f"{where}.columns[{n}]"
        if k.column is not None:
            this: exp.Expression = exp.column(ident(check_name(k.column, kw), d))
        else:
            node = b.expr(k.expression or "", f"{kw}.expression", "expression index")
            if node is None:
                return None
            this = exp.Paren(this=node)
        desc = k.order == "desc"
        nulls_first = _nulls_first(d, desc)
        if k.nulls is not None and (k.nulls == "first") != nulls_first:
            if caps.index_nulls:
                nulls_first = k.nulls == "first"
            else:
                b.warn("index nulls order", f"{label}: {t} cannot order NULLs in an index; "
                       f"NULLS {k.nulls.upper()} dropped")
        if k.opclass:
            b.warn("operator class", f"{label}: {k.opclass} is PostgreSQL-only; dropped")
        keys.append(exp.Ordered(this=this, desc=desc or None, nulls_first=nulls_first))
    params = exp.IndexParameters(columns=keys)
    if ix.include:
        if caps.include:
            params.set("include", [ident(check_name(c, where), d) for c in ix.include])
        else:
            b.warn("index include", f"{label}: {t} has no INCLUDE columns; "
                   f"{', '.join(ix.include)} dropped from the index")
    if ix.with_:
        b.warn("index options", f"{label}: storage options "
               f"({', '.join(k for k, _ in ix.with_)}) are PostgreSQL-only; dropped")
    if pred is not None:
        params.set("where", exp.Where(this=pred))
    elif ix.where and not caps.partial_index:
        b.warn("partial index", f"{label}: {t} has no partial indexes; the index covers every row")
    index = exp.Index(this=ident(name, d), table=b.table.copy(), params=params)
    return exp.Create(this=index, kind="INDEX", unique=ix.unique)


def _predicate(b: Builder, ix: Index, where: str, label: str) -> exp.Expression | None:
    """The index's WHERE in the dialect, or ``None`` (with one warning) when it cannot be kept.

    An ordinary index then covers every row (larger, still correct); a unique one is left out,
    since over every row it would reject rows that the model allows.
    """
    before = len(b.warnings)
    pred = b.expr(ix.where or "", f"{where}.where", "partial index")
    if pred is not None:
        return pred
    reasons = [w.message.removesuffix("; dropped") for w in b.warnings[before:]]
    del b.warnings[before:]
    why = "; ".join(reasons) or f"{ix.where!r} cannot be translated"
    t = TITLES[b.dialect]
    if ix.unique:
        b.warn("partial index", f"{label}: its WHERE cannot be kept in {t} ({why}), and a unique index over every "
               "row would reject rows the model allows; index left out (enforce it in the application)")
    else:
        b.warn("partial index", f"{label}: its WHERE cannot be kept in {t} ({why}); the index covers every row")
    return None


def comments(b: Builder) -> list[str]:
    """``COMMENT ON`` statements (Oracle, DuckDB); a warning where the dialect has no comments."""
    e, d = b.entity, b.dialect
    notes = [a for a in e.attributes if a.note]
    lost_notes = sum(1 for ix in e.indexes if ix.note) + sum(1 for fk in e.foreign_keys if fk.note)
    if b.caps.comments == "none":
        lost_notes += len(notes) + (1 if e.note else 0)
    if lost_notes:
        b.warn("note", f"{lost_notes} note(s) cannot be stored as comments in {TITLES[d]}; dropped")
    if b.caps.comments != "comment_on":
        return []
    out = []
    if e.note:
        out.append(b.render(exp.Comment(this=b.table.copy(), kind="TABLE",
                                        expression=exp.Literal.string(e.note))))
    for a in notes:
        column = exp.Column(this=ident(a.name, d), table=b.table.this.copy(),
                            db=b.table.args["db"].copy() if b.table.args.get("db") else None)
        out.append(b.render(exp.Comment(this=column, kind="COLUMN", expression=exp.Literal.string(a.note or ""))))
    return out
