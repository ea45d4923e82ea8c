"""PostgreSQL DDL for one entity: the table, its constraints, comments, indexes, security,
triggers and Citus call, as one :class:`~core.ddl.result.Fragment`.

PostgreSQL is the first-class dialect, written directly (with every name quoted as needed and
every fragment checked) so that the output reads like hand-written DDL: one column per line,
names and types aligned, constraints after the columns.

>>> from core.model import DataModel, Entity, Attribute, PrimaryKey
>>> e = Entity(name="Order", attributes=(Attribute(name="id", type="bigint", nullable=False,
...     identity="always"), Attribute(name="note", type="text", default="''")),
...     primary_key=PrimaryKey(columns=("id",)))
>>> print(table_fragment(GenContext(DataModel(entities=(e,))), e, frozenset()).sql)
CREATE TABLE "Order" (
    id    bigint  GENERATED ALWAYS AS IDENTITY NOT NULL,
    note  text    DEFAULT '',
    PRIMARY KEY (id)
);
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from core.ddl import fragments as frag
from core.ddl import pg_parts
from core.ddl.context import GenContext
from core.ddl.identifiers import check_name, name_ok, quote_ident
from core.ddl.result import DDLWarning, Fragment
from core.errors import DDLError
from core.model import Attribute, Entity, ForeignKey

__all__ = ["column_type", "foreign_key", "table_fragment"]

#: Names and types longer than this do not widen the alignment of the other columns.
_ALIGN_LIMIT = 32


def column_type(ctx: GenContext, entity: Entity, a: Attribute) -> str:
    """The column's type: a model enum's (qualified, quoted) name, or the type as written."""
    found = ctx.enum_for(a.type)
    if found is not None:
        enum, array = found
        return ctx.table_ref(enum.schema_name, enum.name) + ("[]" if array else "")
    return frag.type_text(a.type, lambda: f"{ctx.where(entity)}.attributes[{a.name}].type")


def _column_rest(ctx: GenContext, entity: Entity, a: Attribute) -> str:
    if a.nullable and a.default is None and not (a.identity or a.generated or a.check):
        return ""

    def where() -> str:
        return f"{ctx.where(entity)}.attributes[{a.name}]"

    parts = []
    if a.identity:
        parts.append(f"GENERATED {a.identity.upper()} AS IDENTITY")
    if a.generated:
        gen = frag.expression(a.generated, lambda: where() + ".generated")
        parts.append(f"GENERATED ALWAYS AS ({gen}) STORED")
    if not a.nullable:
        parts.append("NOT NULL")
    if a.default is not None:
        parts.append("DEFAULT " + frag.expression(a.default, lambda: where() + ".default", top_level_comma=False))
    if a.check:
        parts.append(f"CHECK ({frag.expression(a.check, lambda: where() + '.check')})")
    return " ".join(parts)


def _names(cols: tuple[str, ...], where: str | Callable[[], str]) -> str:
    text = _names_text(cols)
    if text is None:
        for c in cols:
            check_name(c, where)  # raises, naming the bad one
    return text or ""


@lru_cache(maxsize=1 << 14)
def _names_text(cols: tuple[str, ...]) -> str | None:
    if not all(name_ok(c) for c in cols):
        return None
    return ", ".join(quote_ident(c) for c in cols)


def _named(name: str | None, where: str | Callable[[], str], sql: str) -> str:
    return sql if name is None else f"CONSTRAINT {quote_ident(check_name(name, where))} {sql}"


def foreign_key(ctx: GenContext, entity: Entity, i: int, fk: ForeignKey) -> str:
    """``[CONSTRAINT n] FOREIGN KEY (cols) REFERENCES target (cols) [ON ...] [DEFERRABLE ...]``."""

    def where() -> str:
        return f"{ctx.where(entity)}.foreign_keys[{fk.name or i}]"

    key = fk.target(entity.key)
    target = ctx.model.entity(key)
    ref_schema = target.schema_name if target is not None else key.schema
    if not name_ok(fk.references):
        check_name(fk.references, lambda: where() + ".references")
    sql = f"FOREIGN KEY ({_names(fk.columns, where)}) REFERENCES {ctx.table_ref(ref_schema, fk.references)}"
    ref_cols = fk.ref_columns or (target.primary_key.columns if target is not None and target.primary_key else ())
    if ref_cols:
        sql += f" ({_names(ref_cols, where)})"
    if fk.on_delete:
        sql += f" ON DELETE {fk.on_delete.upper()}"
    if fk.on_update:
        sql += f" ON UPDATE {fk.on_update.upper()}"
    if fk.deferrable:
        sql += " DEFERRABLE INITIALLY DEFERRED" if fk.initially_deferred else " DEFERRABLE"
    return _named(fk.name, where, sql)


def _constraints(ctx: GenContext, entity: Entity, deferred: frozenset[int], parent: Entity | None) -> list[str]:
    ew = ctx.where(entity)
    out = []
    pk = entity.primary_key
    if pk is not None and not (parent is not None and parent.primary_key is not None):
        out.append(_named(pk.name, f"{ew}.primary_key", f"PRIMARY KEY ({_names(pk.columns, ew)})"))
    for k, u in enumerate(entity.uniques):
        if parent is not None and u in parent.uniques:
            continue
        w = f"{ew}.uniques[{u.name or k}]"
        nulls = "NULLS NOT DISTINCT " if u.nulls_not_distinct else ""
        out.append(_named(u.name, w, f"UNIQUE {nulls}({_names(u.columns, w)})"))
    for k, c in enumerate(entity.checks):
        if parent is not None and c in parent.checks:
            continue
        w = f"{ew}.checks[{c.name or k}]"
        out.append(_named(c.name, w, f"CHECK ({frag.expression(c.expression, w + '.expression')})"))
    for k, fk in enumerate(entity.foreign_keys):
        if k not in deferred and not (parent is not None and fk in parent.foreign_keys):
            out.append(foreign_key(ctx, entity, k, fk))
    for k, ex in enumerate(entity.exclusions):
        out.append(pg_parts.exclusion(ctx, entity, k, ex))
    return out


def _columns(ctx: GenContext, entity: Entity) -> list[str]:
    rows = []
    # Many columns recur across tables (id bigint, created_at timestamptz DEFAULT now()): their
    # text depends only on the model-wide context, so it is made once per generation.
    seen: dict[tuple[Any, ...], tuple[str, str, str]] = ctx.memo.setdefault("pg.column", {})
    for a in entity.attributes:
        shape = (a.name, a.type, a.nullable, a.default, a.identity, a.generated, a.check)
        row = seen.get(shape)
        if row is None:
            if not name_ok(a.name):
                check_name(a.name, f"{ctx.where(entity)}.attributes[{a.name}]")
            row = seen[shape] = (quote_ident(a.name), column_type(ctx, entity, a), _column_rest(ctx, entity, a))
        rows.append(row)
    wn = wt = 0
    for n, t, _ in rows:
        if wn < len(n) <= _ALIGN_LIMIT:
            wn = len(n)
        if wt < len(t) <= _ALIGN_LIMIT:
            wt = len(t)
    return [f"{n.ljust(wn)}  {t.ljust(wt)}  {r}" if r else f"{n.ljust(wn)}  {t}" for n, t, r in rows]


def _partition_by(ctx: GenContext, entity: Entity) -> str:
    if not entity.partition_by:
        return ""
    text = frag.expression(entity.partition_by, f"{ctx.where(entity)}.partition_by")
    if text.split("(")[0].strip().lower() not in ("range", "list", "hash"):
        raise DDLError(f"{ctx.where(entity)}.partition_by: write RANGE (...), LIST (...) or HASH (...)")
    return f" PARTITION BY {text}"


def _create_table(ctx: GenContext, entity: Entity, table: str, deferred: frozenset[int],
                  warnings: list[DDLWarning]) -> str:
    if not entity.partition_of:
        body = _columns(ctx, entity) + _constraints(ctx, entity, deferred, None)
        inner = ",\n".join("    " + line for line in body)
        return f"CREATE TABLE {table} (\n{inner}\n){_partition_by(ctx, entity)};"
    ew = ctx.where(entity)
    parent = ctx.model.find_entity(entity.partition_of)
    if parent is None:
        raise DDLError(f'{ew}.partition_of: "{entity.partition_of}" is not an entity of the model')
    if not entity.partition_bound:
        raise DDLError(f"{ew}.partition_bound: a partition needs its bound (FOR VALUES ... or DEFAULT)")
    bound = frag.expression(entity.partition_bound, f"{ew}.partition_bound")
    if not bound.lower().startswith(("for values", "default")):
        raise DDLError(f"{ew}.partition_bound: write FOR VALUES ... or DEFAULT")
    extra = [a.name for a in entity.attributes if parent.attribute(a.name) is None]
    if extra:
        warnings.append(DDLWarning(ctx.label(entity), "partition columns",
                                   f"a partition takes its columns from {parent.name}; "
                                   f"{', '.join(extra)} ignored (add them to the parent)"))
    body = _constraints(ctx, entity, deferred, parent)
    head = f"CREATE TABLE {table} PARTITION OF {ctx.table_ref(parent.schema_name, parent.name)}"
    inner = " (\n" + ",\n".join("    " + line for line in body) + "\n)" if body else ""
    return f"{head}{inner}\n    {bound}{_partition_by(ctx, entity)};"


def table_fragment(ctx: GenContext, entity: Entity, deferred: frozenset[int]) -> Fragment:
    """The entity's whole PostgreSQL DDL; ``deferred`` are the foreign keys (indexes) to add
    after every table exists."""
    ew = ctx.where(entity)
    check_name(entity.name, ew)
    if entity.schema_name is not None:
        check_name(entity.schema_name, f"{ew}.schema")
    table = ctx.table_ref(entity.schema_name, entity.name)
    warnings: list[DDLWarning] = []
    stmts = [_create_table(ctx, entity, table, deferred, warnings)]
    stmts.extend(pg_parts.index(ctx, entity, table, i, ix) for i, ix in enumerate(entity.indexes))
    notes, lost = pg_parts.comments(ctx, entity, table)
    stmts.extend(notes)
    warnings.extend(DDLWarning(ctx.label(entity), f, m) for f, m in lost)
    stmts.extend(pg_parts.policies(ctx, entity, table))
    stmts.extend(pg_parts.triggers(ctx, entity, table))
    late = tuple(f"ALTER TABLE {table} ADD {foreign_key(ctx, entity, k, entity.foreign_keys[k])};"
                 for k in sorted(deferred))
    call = pg_parts.citus_call(ctx, entity, table)
    sql = "\n".join([*(w.comment() for w in warnings), *stmts])
    return Fragment(sql=sql, deferred=late, trailing=(call,) if call else (), warnings=tuple(warnings),
                    extensions=pg_parts.extensions_for(entity))
