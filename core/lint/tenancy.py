"""Tenancy and scale rules: multi-tenant isolation, Citus distribution and vector search.

``tenant-missing``, ``tenant-index-order`` and ``rls-missing`` apply when the model is marked
multi-tenant (``settings: {multi_tenant: true}``); ``citus-key`` and ``citus-colocation`` when
tables are distributed; ``vector-without-index`` always.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.commands import (
    AddAttribute,
    AddItem,
    Batch,
    Command,
    ReplaceItem,
    SetPrimaryKey,
    UpdateEntity,
    add_foreign_key,
)
from core.lint.context import LintContext, constraint_label, mentions
from core.lint.finding import Hit
from core.lint.integrity import key_of
from core.lint.registry import rule
from core.model import Attribute, Distribution, Entity, Index, IndexKey, Policy, RowLevelSecurity
from core.types import base_name, family
from core.validate_citus import entity_citus_issues

__all__ = ["tenant_scoped"]

_GLOBAL_TAGS = {"global", "shared", "reference", "lookup"}


def tenant_scoped(ctx: LintContext, entity: Entity) -> bool:
    """Whether ``entity`` holds per-tenant rows in a multi-tenant model (every table but the
    tenant table itself, reference tables and tables tagged global/shared/reference/lookup)."""
    s = ctx.model.settings
    if not s.multi_tenant or entity.name == s.tenant_entity or entity.partition_of:
        return False
    if entity.distribution is not None and entity.distribution.kind == "reference":
        return False
    return not {t.lower() for t in entity.tags} & _GLOBAL_TAGS


@rule("tenant-missing", "error", "tenant table without the tenant column", "tenancy", fixable=True)
def tenant_missing(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """In a multi-tenant model every tenant-owned row must say whose it is: without the tenant
    column a table cannot be protected by row-level security, cannot be distributed with the
    tenant's other rows, and one missing ``WHERE tenant_id = ...`` leaks every customer's data.
    Tables shared by all tenants should be tagged ``global`` (or be Citus reference tables). The
    fix adds the column with its foreign key to the tenant table and an index."""
    s = ctx.model.settings
    if not tenant_scoped(ctx, entity) or entity.attribute(s.tenant_column) is not None:
        return
    key = key_of(ctx, entity)
    tenants = ctx.model.find_entity(s.tenant_entity)
    pk_type = "bigint"
    if tenants is not None and tenants.primary_key is not None and len(tenants.primary_key.columns) == 1:
        a = tenants.attribute(tenants.primary_key.columns[0])
        pk_type = a.type if a is not None else pk_type
    pk_type = {"bigserial": "bigint", "serial": "integer", "serial8": "bigint", "serial4": "integer"}.get(
        base_name(pk_type), pk_type)
    commands: list[Command] = [AddAttribute(key, Attribute(name=s.tenant_column, type=pk_type, nullable=False), 0)]
    if tenants is not None and tenants.primary_key is not None and len(tenants.primary_key.columns) == 1:
        commands.append(add_foreign_key(key, (s.tenant_column,), tenants.name, on_delete="cascade"))
        commands.append(AddItem(key, "indexes", Index(columns=(IndexKey(column=s.tenant_column),))))
    yield Hit(f'"{entity.name}" has no {s.tenant_column}: its rows belong to no tenant; add it (or tag the '
              "table global)", path=("attributes",),
              fix=Batch(tuple(commands), f"add {s.tenant_column} to {key.display()}"))


@rule("tenant-index-order", "warning", "tenant table key or index not led by the tenant column", "tenancy",
      fixable=True)
def tenant_index_order(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Every query of a multi-tenant application filters by tenant first, so the tenant column
    should lead the primary key, unique constraints and B-tree indexes of tenant tables: the
    index then serves that filter, stays local to one tenant's rows, and (on Citus) can be
    enforced on each node. A unique key without the tenant column is also a cross-tenant rule
    (two tenants cannot both have a project "Website"). The fix moves the tenant column to the
    front (keys referenced by foreign keys are left to you)."""
    tenant = ctx.model.settings.tenant_column
    if not tenant_scoped(ctx, entity) or entity.attribute(tenant) is None:
        return
    key = key_of(ctx, entity)
    pk = entity.primary_key
    if pk is not None and pk.columns and pk.columns[0] != tenant:
        cols = (tenant, *(c for c in pk.columns if c != tenant))
        fix: Command | None = None if ctx.referenced(entity, pk.columns) else SetPrimaryKey(key, cols)
        yield Hit(f"the primary key ({', '.join(pk.columns)}) does not lead with {tenant}",
                  constraint="primary key", path=("primary_key",), fix=fix)
    for k, u in enumerate(entity.uniques):
        if u.columns and u.columns[0] != tenant:
            new = u.model_copy(update={"columns": (tenant, *(c for c in u.columns if c != tenant))})
            fix = None if ctx.referenced(entity, u.columns) else ReplaceItem(key, "uniques", k, new)
            yield Hit(f"unique ({', '.join(u.columns)}) does not lead with {tenant}"
                      + ("" if tenant in u.columns else ": it is unique across all tenants"),
                      constraint=constraint_label(u), path=("uniques", k), fix=fix)
    for k, ix in enumerate(entity.indexes):
        if ix.method != "btree" or not ix.columns or ix.columns[0].column == tenant:
            continue
        keys = (IndexKey(column=tenant), *(c for c in ix.columns if c.column != tenant))
        yield Hit(f"this index does not lead with {tenant}", constraint=constraint_label(ix), path=("indexes", k),
                  fix=ReplaceItem(key, "indexes", k, ix.model_copy(update={"columns": keys})))


@rule("rls-missing", "error", "tenant table without forced row-level security", "tenancy", fixable=True)
def rls_missing(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Row-level security makes tenant isolation the database's job instead of every query's:
    with ``ENABLE ROW LEVEL SECURITY`` and a policy on the tenant column, a forgotten filter
    returns nothing rather than other tenants' rows. ``FORCE`` matters as much: without it the
    table's owner, which is usually the application's role, bypasses every policy. The fix
    enables and forces RLS with a ``tenant_isolation`` policy on ``app.tenant_id`` when the table
    has no policy."""
    tenant = ctx.model.settings.tenant_column
    column = entity.attribute(tenant)
    if not tenant_scoped(ctx, entity) or column is None:
        return
    rls = entity.rls
    if rls is not None and rls.enabled and rls.forced and rls.policies:
        return
    missing = [w for w, ok in (("ENABLE", rls is not None and rls.enabled), ("FORCE", rls is not None and rls.forced),
                                ("a policy", rls is not None and bool(rls.policies))) if not ok]
    policies = rls.policies if rls is not None and rls.policies else ()
    if not policies:
        cast = {"bigserial": "bigint", "serial": "integer"}.get(base_name(column.type), column.type)
        cond = f"{tenant} = current_setting('app.tenant_id')::{cast}"
        policies = (Policy(name="tenant_isolation", using=cond, with_check=cond),)
    new = RowLevelSecurity(enabled=True, forced=True, policies=policies)
    yield Hit(f'"{entity.name}" holds tenant rows without {", ".join(missing)} of row-level security',
              path=("rls",) if rls is not None else ("name",),
              fix=UpdateEntity(key_of(ctx, entity), (("rls", new),), f"enable and force RLS on {entity.name}"))


@rule("citus-key", "error", "distributed table key without the distribution column", "tenancy", fixable=True)
def citus_key(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Citus splits a distributed table into shards by the distribution column and each shard
    enforces its own constraints, so a primary key, unique constraint or unique index of a
    distributed table must include the distribution column, and an exclusion constraint must
    compare it with ``=``: otherwise ``create_distributed_table`` fails (a key over ``(id)`` alone
    could hold twice on two shards). The fix leads the key with the distribution column when no
    foreign key references it (a referenced key needs its foreign keys changed too); a globally
    unique value belongs in a reference table. The rules are :mod:`core.validate_citus`, shared
    with the citus-distribute pattern."""
    d = entity.distribution
    if d is None or d.kind != "distributed" or not d.column:
        return
    key = key_of(ctx, entity)
    for issue in entity_citus_issues(ctx.model, entity):
        if issue.kind != "key":
            continue
        field, k = issue.path[0], issue.path[1] if len(issue.path) > 1 else 0
        fix: Command | None = None
        if field == "primary_key" and entity.primary_key is not None \
                and not ctx.referenced(entity, entity.primary_key.columns):
            fix = SetPrimaryKey(key, (d.column, *entity.primary_key.columns))
        elif field == "uniques" and isinstance(k, int) and not ctx.referenced(entity, entity.uniques[k].columns):
            u = entity.uniques[k]
            fix = ReplaceItem(key, "uniques", k, u.model_copy(update={"columns": (d.column, *u.columns)}))
        elif field == "indexes" and isinstance(k, int):
            ix = entity.indexes[k]
            if not ctx.referenced(entity, ix.column_names):
                fix = ReplaceItem(key, "indexes", k, ix.model_copy(
                    update={"columns": (IndexKey(column=d.column), *ix.columns)}))
        yield Hit(issue.message, constraint=issue.constraint, path=issue.path, fix=fix)


@rule("citus-colocation", "error", "foreign key Citus cannot enforce", "tenancy", fixable=True)
def citus_colocation(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Citus enforces a foreign key between distributed tables only inside one shard group: the
    key must include the distribution column on both sides (``(tenant_id, project_id)`` to
    ``(tenant_id, id)``) and the tables must be co-located, with distribution columns of the same
    type; SET NULL / SET DEFAULT actions cannot touch the distribution column. A distributed table
    may reference a reference table but not a local one, and neither a reference nor a local table
    may reference a distributed one. Such keys fail at ``create_distributed_table``. The fix makes
    a referenced local table a reference table; the other cases need the key or the distribution
    changed. The rules are :mod:`core.validate_citus`, shared with the citus-distribute pattern."""
    if entity.distribution is None and not any(
            (t := ctx.target(entity, fk)) is not None and t.distribution is not None for fk in entity.foreign_keys):
        return
    for issue in entity_citus_issues(ctx.model, entity):
        if issue.kind == "key":
            continue
        fix: Command | None = None
        if issue.path[0] == "foreign_keys" and isinstance(issue.path[1], int):
            target = ctx.target(entity, entity.foreign_keys[issue.path[1]])
            if target is not None and target.distribution is None and entity.distribution is not None:
                fix = UpdateEntity(key_of(ctx, target), (("distribution", Distribution(kind="reference")),),
                                   f"make {target.name} a reference table")
        yield Hit(issue.message, constraint=issue.constraint, path=issue.path, fix=fix)


_VECTOR_DIMS = {"vector": 2000, "halfvec": 4000, "sparsevec": 1000}


@rule("vector-without-index", "warning", "embedding column without an HNSW/IVFFlat index", "tenancy", fixable=True)
def vector_without_index(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Nearest-neighbour search over an embedding column without an approximate index (HNSW or
    IVFFlat, from pgvector) computes the distance to every row: fine for a few thousand rows,
    seconds per query beyond. Add an HNSW index with the operator class of the distance the
    application orders by (``<=>`` cosine, ``<->`` L2, ``<#>`` inner product). The fix adds one
    for cosine distance; pgvector indexes at most 2,000 dimensions of ``vector`` (4,000 of
    ``halfvec``), so larger embeddings need an expression index on a ``halfvec`` cast."""
    key = key_of(ctx, entity)
    for j, a in enumerate(entity.attributes):
        if family(a.type) != "vector":
            continue
        indexed = any(ix.method in ("hnsw", "ivfflat") and any(
            k.column == a.name or mentions(k.expression, a.name) for k in ix.columns) for ix in entity.indexes)
        if indexed:
            continue
        base = base_name(a.type)
        dims = re.search(r"\(\s*(\d+)\s*\)", a.type)
        fits = base in _VECTOR_DIMS and (dims is None or int(dims.group(1)) <= _VECTOR_DIMS[base])
        fix = None
        if fits:
            index = Index(columns=(IndexKey(column=a.name, opclass=f"{base}_cosine_ops"),), method="hnsw")
            fix = AddItem(key, "indexes", index)
        yield Hit(f'"{a.name}" ({a.type}) has no HNSW or IVFFlat index: similarity search scans every row',
                  attribute=a.name, path=("attributes", j), fix=fix)

