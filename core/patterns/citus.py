"""``citus-distribute``: spread tenant tables over a Citus cluster, co-located by tenant.

Tenant tables are distributed by the tenant column and co-located with the tenants table (so a
tenant's rows of every table live on one node and joins stay local); small shared tables become
reference tables (a copy on every node). The DDL writes the ``create_distributed_table`` /
``create_reference_table`` calls in their own, clearly marked section at the end (commented out
unless generated for Citus). The pattern refuses, with the reasons, a model where a key, a unique
constraint or a foreign key would break co-location: the rules of :mod:`core.validate_citus`, the
same that the ``citus-key`` and ``citus-colocation`` review rules report.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import DataModel, Distribution, Entity, ExclusionConstraint, ExclusionElement
from core.patterns.base import Param, Pattern
from core.patterns.common import key_elements, q, single_pk
from core.patterns.plan import Plan
from core.validate_citus import citus_problems

__all__ = ["CitusDistribute", "colocation_problems", "equality_on"]


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
        return tuple(e for e in model.entities if not e.partition_of  # partitions follow their parent
                     and (e.attribute(params["column"]) is not None or e.name == params["tenant_table"]))

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
            if t.partition_of:
                raise CommandError(f'pattern {self.name}: "{t.name}" is a partition of {t.partition_of}: Citus '
                                   "distributes it with its parent; distribute the parent")
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
            plan.put_entity(t.model_copy(update={"exclusions": equality_on(t, col), "distribution": Distribution(
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


def equality_on(entity: Entity, col: str) -> tuple[ExclusionConstraint, ...]:
    """The entity's exclusion constraints with ``int8range(col, col, '[]') WITH &&`` (the form that
    needs no btree_gist) written ``col WITH =``, the only form Citus accepts for the distribution
    column (a Citus server has btree_gist, which the DDL creates)."""
    ranged, _ = key_elements(entity, (col,))
    plain = ExclusionElement(expression=q(col), operator="=")
    return tuple(x.model_copy(update={"elements": tuple(plain if el in ranged else el for el in x.elements)})
                 if any(el in ranged for el in x.elements) and ranged != (plain,) else x for x in entity.exclusions)


def colocation_problems(model: DataModel) -> list[str]:
    """What breaks Citus co-location in ``model``'s distribution settings, one located sentence
    each: the rules of :mod:`core.validate_citus`, shared with the review rules."""
    return [str(p) for p in citus_problems(model)]
