"""``multi-tenant``: every chosen table belongs to one tenant, and the database enforces it.

Each table gets ``tenant_id`` (NOT NULL, first, a foreign key to ``tenants``, defaulting to the
session's tenant so that rows written by triggers, such as audit or history rows, belong to it too);
its primary key (when it has one), exclusion constraints (per tenant: tenant_id WITH =),
unique constraints, foreign keys between tenant tables and indexes are led by ``tenant_id`` (so a
row can only reference rows of its own tenant, and every lookup is per tenant); row-level security
is enabled and forced, with an isolation policy on ``current_setting('app.tenant_id')``.
The Citus distribution of such a model is the ``citus-distribute`` pattern (:mod:`.citus`).
"""

from __future__ import annotations

import re
from typing import Any

from core.errors import CommandError
from core.model import (
    Attribute,
    DataModel,
    Distribution,
    Entity,
    ExclusionElement,
    ForeignKey,
    Index,
    IndexKey,
    Policy,
    PrimaryKey,
    RowLevelSecurity,
    Settings,
)
from core.patterns.base import Param, Pattern
from core.patterns.common import key_elements, lit, q, ref_type, rls_view_warning, single_pk
from core.patterns.plan import Plan

__all__ = ["MultiTenant", "tenant_own"]


class MultiTenant(Pattern):
    """Multi-tenancy with row-level security (see the module docstring)."""

    name = "multi-tenant"
    title = "Multi-tenant (shared tables, row-level security)"
    description = ("Keep many customers' data in the same tables, each row owned by one tenant, with "
                   "the database itself refusing to show or accept another tenant's rows. Use it for "
                   "SaaS products with many small tenants.")
    tradeoffs = ("Keys and indexes grow by one column; the application must set app.tenant_id in every "
                 "transaction (queries fail when it is missing); superusers and BYPASSRLS roles see "
                 "everything; cross-tenant reporting needs a separate role; a noisy tenant shares the "
                 "same tables (consider Citus distribution to spread them).")
    targets = (1, None)
    targets_help = "the tenant-owned tables (default: every table but the tenants table)"
    parameters = (
        Param("tenant_table", "str", "tenants", "the table of tenants (created when missing)"),
        Param("column", "str", "tenant_id", "the tenant column added to each table"),
        Param("setting", "str", "app.tenant_id", "the session setting holding the current tenant"),
        Param("policy", "str", "tenant_isolation", "name of the row-level-security policy"),
        Param("default_tenant", "str", "", "for tables that already hold rows: the tenant id given to the rows "
              "that no parent row gives a tenant (see pattern apply --migration-sql)"),
    )

    def migration_sql(self, before: DataModel, after: DataModel) -> str | None:
        """Add tenant_id to tables that hold rows: nullable, backfilled from the parent row or the
        default tenant, then NOT NULL, keys and row-level security (:mod:`.tenancy_migration`)."""
        from core.patterns.tenancy_migration import tenant_migration_sql

        return tenant_migration_sql(before, after)

    def default_targets(self, model: DataModel, params: dict[str, Any]) -> tuple[Entity, ...]:
        tenant = params["tenant_table"]
        return tuple(e for e in model.entities if e.name != tenant and e.attribute(params["column"]) is None
                     and not e.partition_of)  # a partition follows its parent

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        tenant_name, col = params["tenant_table"], params["column"]
        if not plan.has_entity(tenant_name):
            plan.add_entity(_tenants_table(tenant_name))
        tenants = plan.entity(tenant_name)
        tid = single_pk(tenants, self.name)
        ctype = ref_type(tid)
        chosen = {plan.model.canonical_key(t.key) for t in targets}
        for target in targets:
            if target.name == tenant_name:
                raise CommandError(f"pattern {self.name}: the tenants table {tenant_name} cannot own tenants")
            if target.partition_of:
                raise CommandError(f'pattern {self.name}: "{target.name}" is a partition of {target.partition_of}, '
                                   "whose columns it has: make the parent tenant-owned instead")
            if target.attribute(col) is not None:
                raise CommandError(f'pattern {self.name}: "{target.name}" already has a column "{col}" '
                                   "(multi-tenant already?)")
            for owner, fk in plan.referencing(target):
                if plan.model.canonical_key(owner.key) not in chosen:
                    raise CommandError(
                        f'pattern {self.name}: "{owner.name}" references "{target.name}" but is not among the '
                        f"tables made tenant-owned; its foreign key ({', '.join(fk.columns)}) would no longer "
                        "match the key (tenant_id first); add it to the targets")
        # tables already tenant-owned (an earlier application): foreign keys to them are led by the column too
        chosen |= {plan.model.canonical_key(e.key) for e in plan.model.entities
                   if e.name != tenant_name and e.attribute(col) is not None and not e.partition_of}
        for target in targets:
            new = _scoped(plan.model, target, chosen, col, ctype, tenants, params, plan)
            plan.put_entity(new, f"{target.name}: add {col} (NOT NULL, references {tenant_name}); key, uniques, "
                                 f"foreign keys and indexes led by {col}; row-level security forced, policy "
                                 f"{params['policy']}")
            _partitions_follow(plan, new, col)
        for view in plan.get("views"):
            over = [t.name for t in targets if re.search(rf'(?<![\w"]){re.escape(t.name)}(?![\w"])|"{re.escape(t.name)}"',
                                                         view.sql)]
            if over:
                plan.warnings.append(rls_view_warning(plan.entity(over[0]), view.name))
        settings = Settings(multi_tenant=True, tenant_column=col, tenant_entity=tenant_name)
        plan.set_model("settings", settings, "model settings: multi-tenant")


def _tenants_table(name: str) -> Entity:
    return Entity(
        name=name, note="A customer organization; its id is the tenant column of every row it owns.",
        attributes=(Attribute(name="id", type="bigint", nullable=False, identity="always"),
                    Attribute(name="name", type="text", nullable=False),
                    Attribute(name="created_at", type="timestamptz", nullable=False, default="now()"),
                    Attribute(name="updated_at", type="timestamptz", nullable=False, default="now()")),
        primary_key=PrimaryKey(columns=("id",)),
    )


def _scoped(model: DataModel, target: Entity, chosen: set[Any], col: str, ctype: str, tenants: Entity,
            params: dict[str, Any], plan: Plan) -> Entity:
    def lead(cols: tuple[str, ...]) -> tuple[str, ...]:
        return cols if cols and cols[0] == col else (col, *[c for c in cols if c != col])

    fks = []
    for fk in target.foreign_keys:
        if model.canonical_key(fk.target(target.key)) in chosen:
            if fk.on_delete == "set null" or fk.on_update == "set null":
                plan.warnings.append(f"{target.name}: foreign key ({', '.join(fk.columns)}) has SET NULL, which "
                                     f"would also clear {col} (NOT NULL): the action will fail; change it")
            fk = fk.model_copy(update={"columns": lead(fk.columns),
                                       "ref_columns": lead(fk.ref_columns) if fk.ref_columns else ()})
        fks.append(fk)
    if not any(fk.columns == (col,) and fk.references == tenants.name for fk in fks):
        # an unqualified reference stays in the table's schema: name the tenants' schema when it differs
        other = model.schema_of(target) != model.schema_of(tenants)
        fks.insert(0, ForeignKey(columns=(col,), references=tenants.name, on_delete="cascade",
                                 ref_schema=model.schema_of(tenants) if other else tenants.schema_name))
    indexes = []
    for ix in target.indexes:
        keys = ix.columns
        if ix.method == "btree" and not (keys and keys[0].column == col):
            keys = (IndexKey(column=col), *[k for k in keys if k.column != col])
        indexes.append(ix.model_copy(update={"columns": keys}) if keys != ix.columns else ix)
    current = f"current_setting({lit(params['setting'])})::{ctype}"
    check = f"{q(col)} = {current}"
    policy = Policy(name=params["policy"], using=check, with_check=check)
    old = target.rls.policies if target.rls is not None else ()
    mine = any(p.name == policy.name and p.using == policy.using for p in old)
    if old and not mine:
        plan.warnings.append(f"{target.name}: its existing policies stay; permissive policies add up, so "
                             "check that none of them shows other tenants' rows")
    owner = Attribute(name=col, type=ctype, nullable=False, default=current,
                      note="The owning tenant; defaults to the session's current tenant.")
    have = target.attribute(col)
    attributes = ((owner, *target.attributes) if have is None else
                  tuple(owner.model_copy(update={"note": a.note or owner.note}) if a.name == col else a
                        for a in target.attributes))
    result: Entity = target.model_copy(update={
        "attributes": attributes,
        "primary_key": None if target.primary_key is None else
        target.primary_key.model_copy(update={"columns": lead(target.primary_key.columns)}),
        "uniques": tuple(u.model_copy(update={"columns": lead(u.columns)}) for u in target.uniques),
        "foreign_keys": tuple(fks),
        "indexes": tuple(_lead_unique(ix, col) for ix in indexes),
        "rls": RowLevelSecurity(enabled=True, forced=True, policies=old if mine else (*old, policy)),
    })
    if result.exclusions:  # "no overlap" holds per tenant
        spread = tenants.distribution is not None and tenants.distribution.kind == "distributed"
        same = ((ExclusionElement(expression=q(col), operator="="),) if spread  # Citus: tenant_id WITH =
                else key_elements(result, (col,))[0])  # no extension needed for an integer tenant id
        scoped: Entity = result.model_copy(update={"exclusions": tuple(
            x if any(el.expression.strip() in (col, q(col)) or el in same for el in x.elements)
            else x.model_copy(update={"elements": (*same, *x.elements)}) for x in result.exclusions)})
        return scoped
    return result


def _partitions_follow(plan: Plan, parent: Entity, col: str) -> None:
    """The partitions of ``parent`` get its new column too (the database gives it to them: a
    partition has its parent's columns), first like the parent's, and nothing else (not its note:
    a partition's DDL repeats no column, so no comment)."""
    column = parent.attribute(col)
    assert column is not None
    column = column.model_copy(update={"note": None})
    mine = plan.model.canonical_key(parent.key)
    for e in plan.model.entities:
        of = plan.model.find_entity(e.partition_of) if e.partition_of else None
        if of is not None and e.attribute(col) is None and plan.model.canonical_key(of.key) == mine:
            plan.put_entity(e.model_copy(update={"attributes": (column, *e.attributes)}),
                            f"{e.name}: {col}, like its parent {parent.name}")


def _lead_unique(ix: Index, col: str) -> Index:
    if ix.unique and not any(k.column == col for k in ix.columns):
        led: Index = ix.model_copy(update={"columns": (IndexKey(column=col), *ix.columns)})
        return led
    return ix


def shared_log_check(plan: Plan, pattern: str, log: Entity, targets: tuple[Entity, ...]) -> None:
    """Refuse to write rows of tenant tables into an existing log shared by all tenants."""
    col = plan.model.settings.tenant_column
    if not plan.model.settings.multi_tenant or log.attribute(col) is not None:
        return
    owned = [t.name for t in targets if t.attribute(col) is not None]
    if owned:
        raise CommandError(f'pattern {pattern}: "{log.name}" is shared by all tenants (no {col}), so the rows of '
                           f"{', '.join(owned)} would be visible to every tenant; choose another log_table for them")


def tenant_own(plan: Plan, targets: tuple[Entity, ...] = ()) -> None:
    """Make the tables a pattern added to a multi-tenant model tenant-owned like the model's
    others: ``tenant_id`` (kept when the pattern made it, as a junction of tenant tables does),
    keys and indexes led by it, a foreign key to the tenants, row-level security forced with the
    model's policy; in a model distributed over Citus (the tenants table distributed), distributed
    by the tenant column and co-located with the tenants. Tables tagged ``global``, and those made
    for shared targets only (the history or closure of a ``plans`` table without tenant_id), stay
    shared."""
    _citus_exclusions(plan, targets)
    model = plan.model
    settings = model.settings
    tenants = model.find_entity(settings.tenant_entity)
    if not settings.multi_tenant or tenants is None or tenants.primary_key is None \
            or len(tenants.primary_key.columns) != 1:
        return
    before = {plan.original.canonical_key(e.key) for e in plan.original.entities}
    added = [e for e in model.entities if model.canonical_key(e.key) not in before
             and "global" not in e.tags and e.key != tenants.key]
    if not added:
        return
    if targets and all(t.attribute(settings.tenant_column) is None for t in targets):
        for entity in added:  # made for shared tables: shared too
            plan.put_entity(entity.model_copy(update={"tags": (*entity.tags, "global")}),
                            f"{entity.name}: shared by all tenants (tagged global), like "
                            f"{', '.join(t.name for t in targets)}", key_of=entity)
        return
    record = next((r for r in reversed(model.patterns) if r.pattern == MultiTenant.name), None)
    params = {"setting": "app.tenant_id", "policy": "tenant_isolation", **(dict(record.params) if record else {})}
    col = settings.tenant_column
    tid = tenants.attribute(tenants.primary_key.columns[0])
    assert tid is not None
    chosen = {model.canonical_key(e.key) for e in model.entities if e.attribute(col) is not None}
    chosen |= {model.canonical_key(e.key) for e in added}
    spread = tenants.distribution is not None and tenants.distribution.kind == "distributed"
    for entity in added:
        new = _scoped(plan.model, entity, chosen, col, ref_type(tid), tenants, params, plan)
        how = ""
        if spread and new.distribution is None:  # on Citus: distributed with the tenant's other rows
            new = new.model_copy(update={"distribution": Distribution(kind="distributed", column=col,
                                                                      colocate_with=tenants.name)})
            how = f"; distributed by {col}, co-located with {tenants.name}"
        plan.put_entity(new, f"{entity.name}: owned by a tenant like the model's other tables ({col} leads its "
                             f"keys; row-level security, policy {params['policy']}{how})", key_of=entity)


def _citus_exclusions(plan: Plan, targets: tuple[Entity, ...]) -> None:
    """On a distributed target, a pattern's "no overlap" exclusion compares the distribution
    column with ``=`` (the only form Citus accepts; btree_gist, which Citus servers have)."""
    from core.patterns.citus import equality_on

    for t in targets:
        cur = plan.model.entity(t.key)
        d = cur.distribution if cur is not None else None
        if cur is None or d is None or d.kind != "distributed" or not d.column:
            continue
        fixed = equality_on(cur, d.column)
        if fixed != cur.exclusions:
            plan.put_entity(cur.model_copy(update={"exclusions": fixed}),
                            f"{cur.name}: exclusion constraints compare {d.column} with = (distributed by it)")
