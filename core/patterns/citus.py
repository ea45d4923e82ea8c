"""``citus-distribute``: spread tenant tables over a Citus cluster, co-located by tenant.

Tenant tables are distributed by the tenant column and co-located with the tenants table (so a
tenant's rows of every table live on one node and joins stay local); small shared tables become
reference tables (a copy on every node). The DDL writes the ``create_distributed_table`` /
``create_reference_table`` calls in their own, clearly marked section at the end (commented out
unless generated for Citus). The pattern refuses, with the reasons, a model where a key, a unique
constraint or a foreign key would break co-location (:func:`colocation_problems`).
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import DataModel, Distribution, Entity
from core.patterns.base import Param, Pattern
from core.patterns.common import single_pk
from core.patterns.plan import Plan

__all__ = ["CitusDistribute", "colocation_problems"]


class CitusDistribute(Pattern):
    """Citus distribution (see the module docstring)."""

    name = "citus-distribute"
    title = "Citus distribution (co-located tenant tables)"
    description = ("Distribute a multi-tenant model over Citus: tenant tables sharded by the tenant "
                   "column and co-located, small shared tables replicated as reference tables. Use it "
                   "when one PostgreSQL node no longer holds or serves all tenants.")
    tradeoffs = ("Every key, unique constraint and foreign key between distributed tables must include "
                 "the distribution column; queries without a tenant filter fan out to every node; "
                 "reference tables are written on every node (keep them small and rarely written).")
    targets = (0, None)
    targets_help = "the tables to distribute (default: every table with the tenant column, and the tenants table)"
    parameters = (
        Param("column", "str", "tenant_id", "the distribution column of tenant tables"),
        Param("tenant_table", "str", "tenants", "the tenants table (distributed by its key; the co-location anchor)"),
        Param("reference", "list", (), "small shared tables to make reference tables"),
    )

    def default_targets(self, model: DataModel, params: dict[str, Any]) -> tuple[Entity, ...]:
        return tuple(e for e in model.entities
                     if e.attribute(params["column"]) is not None or e.name == params["tenant_table"])

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        return (*(t.name for t in targets), *params["reference"])

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        col, anchor_name = params["column"], params["tenant_table"]
        names = {t.name for t in targets}
        anchor = plan.model.find_entity(anchor_name) if anchor_name in names else None
        if not targets and not params["reference"]:
            raise CommandError(f"pattern {self.name}: no table to distribute (none has a column {col}); "
                               "apply multi-tenant first or name the tables")
        for t in targets:
            if t.distribution is not None:
                raise CommandError(f'pattern {self.name}: "{t.name}" is already distributed ({t.distribution.kind})')
        if anchor is not None:
            anchor_col = single_pk(anchor, self.name).name
            plan.put_entity(anchor.model_copy(update={"distribution": Distribution(kind="distributed",
                                                                                    column=anchor_col)}),
                            f"{anchor.name}: distributed by {anchor_col} (co-location anchor)")
        for t in targets:
            if t.name == anchor_name:
                continue
            if t.attribute(col) is None:
                raise CommandError(f'pattern {self.name}: "{t.name}" has no column "{col}" to distribute by')
            colocate = anchor_name if anchor is not None else None
            plan.put_entity(t.model_copy(update={"distribution": Distribution(
                kind="distributed", column=col, colocate_with=colocate)}),
                f"{t.name}: distributed by {col}" + (f", co-located with {colocate}" if colocate else ""))
        for name in params["reference"]:
            ref = plan.entity(name)
            if ref.name in names:
                raise CommandError(f'pattern {self.name}: "{name}" cannot be both distributed and a reference table')
            plan.put_entity(ref.model_copy(update={"distribution": Distribution(kind="reference")}),
                            f"{ref.name}: reference table (a copy on every node)")
        problems = colocation_problems(plan.model)
        if problems:
            raise CommandError(f"pattern {self.name} would break co-location:\n" +
                               "\n".join(f"  {p}" for p in problems))
        plan.notes.append("The Citus calls are in the DDL's last section, commented out unless generated "
                          "with --citus.")


def colocation_problems(model: DataModel) -> list[str]:
    """What breaks Citus co-location in ``model``'s distribution settings, one sentence each.

    A distributed table's primary key and unique constraints must include its distribution
    column; a foreign key between distributed tables must map one distribution column onto the
    other, and the tables must be co-located; a distributed table may reference reference tables
    only; a reference table may reference reference tables only; a local table cannot reference a
    distributed table.
    """
    out: list[str] = []
    for e in model.entities:
        d = e.distribution
        if d is None or d.kind != "distributed":
            continue
        col = d.column or ""
        if e.attribute(col) is None:
            out.append(f'{e.name}: the distribution column "{col}" does not exist')
            continue
        if e.primary_key is not None and col not in e.primary_key.columns:
            out.append(f"{e.name}: the primary key ({', '.join(e.primary_key.columns)}) lacks {col}")
        for u in e.uniques:
            if col not in u.columns:
                out.append(f"{e.name}: unique ({', '.join(u.columns)}) lacks {col}")
        for ix in e.indexes:
            if ix.unique and col not in ix.column_names:
                out.append(f"{e.name}: unique index ({', '.join(ix.column_names)}) lacks {col}")
    for e, fk in model.iter_foreign_keys():
        target = model.fk_target(e, fk)
        if target is None:
            continue
        src, dst = _kind(e), _kind(target)
        where = f"{e.name} ({', '.join(fk.columns)}) -> {target.name}"
        if src == "distributed" and dst == "distributed":
            out.extend(_distributed_fk(model, e, target, fk.columns, fk.ref_columns, where))
        elif src == "distributed" and dst == "local":
            out.append(f"{where}: a distributed table cannot reference a local table; make {target.name} a "
                       "reference table or distribute it")
        elif src == "reference" and dst != "reference":
            out.append(f"{where}: a reference table can only reference reference tables")
        elif src == "local" and dst == "distributed":
            out.append(f"{where}: a local table cannot reference a distributed table; distribute {e.name} "
                       "or make it a reference table")
    return out


def _kind(e: Entity) -> str:
    return "local" if e.distribution is None else e.distribution.kind


def _group(model: DataModel, e: Entity) -> str:
    """The co-location group of a distributed table: the table it is co-located with, transitively."""
    seen = {e.name}
    while e.distribution is not None and e.distribution.colocate_with:
        nxt = model.find_entity(e.distribution.colocate_with)
        if nxt is None or nxt.name in seen:
            break
        seen.add(nxt.name)
        e = nxt
    return e.name


def _distributed_fk(model: DataModel, e: Entity, target: Entity, cols: tuple[str, ...],
                    ref_cols: tuple[str, ...], where: str) -> list[str]:
    assert e.distribution is not None and target.distribution is not None
    out = []
    if _group(model, e) != _group(model, target):
        out.append(f"{where}: the tables are not co-located")
    refs = ref_cols or (target.primary_key.columns if target.primary_key else ())
    pairs = dict(zip(cols, refs, strict=False))
    if pairs.get(e.distribution.column or "") != target.distribution.column:
        out.append(f"{where}: the foreign key must map {e.distribution.column} onto "
                   f"{target.name}.{target.distribution.column}")
    return out
