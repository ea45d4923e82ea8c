"""``soft-delete``: rows are marked deleted instead of removed.

Each chosen table gets a nullable ``deleted_at``; its unique constraints become unique indexes
on live rows only (so a deleted row frees its value); a partial index on the key of the live rows
keeps the common lookups fast; and an ``active_<table>`` view shows only the live rows (created
``security_invoker`` over a table with row-level security, so its policies still apply through the
view: see :func:`core.patterns.common.secure_views`).
"""

from __future__ import annotations

from typing import Any

from core.model import Attribute, Entity, Index, View
from core.patterns.base import Param, Pattern
from core.patterns.common import index, pk_columns, q, require_absent, table_ref
from core.patterns.plan import Plan

__all__ = ["SoftDelete"]


class SoftDelete(Pattern):
    """Soft delete (see the module docstring)."""

    name = "soft-delete"
    title = "Soft delete"
    description = ("Keep deleted rows, marked with a deletion time, so they can be restored, audited or "
                   "purged later. Use it when users expect an undo or a recycle bin, or when other "
                   "records must keep pointing at deleted ones.")
    tradeoffs = ("Every query must filter live rows (use the active_ view); unique values are only "
                 "unique among live rows; foreign keys still see deleted rows, so a cascade does not "
                 "happen by itself; tables grow until deleted rows are purged.")
    parameters = (
        Param("column", "str", "deleted_at", "name of the deletion-time column"),
        Param("view_prefix", "str", "active_", "prefix of the view of live rows"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        col: str = params["column"]
        live = f"{q(col)} IS NULL"
        for target in targets:
            require_absent(target, [col], self.name)
            pk = pk_columns(target, self.name)
            kept = []
            added: list[Index] = []
            referenced = {tuple(fk.ref_columns) for _, fk in plan.referencing(target)}
            for u in target.uniques:
                if tuple(u.columns) in referenced:
                    kept.append(u)
                    plan.warnings.append(f"{target.name}: unique ({', '.join(u.columns)}) stays a constraint "
                                         "on all rows because a foreign key references it")
                    continue
                if u.nulls_not_distinct:
                    plan.warnings.append(f"{target.name}: unique ({', '.join(u.columns)}) loses NULLS NOT "
                                         "DISTINCT as a partial unique index")
                name = u.name or f"{target.name}_{'_'.join(u.columns)}_key"
                added.append(index(u.columns, name=name, where=live, unique=True))
                plan.changes.append(f"{target.name}: unique ({', '.join(u.columns)}) applies to live rows only")
            indexes: list[Index] = []
            for ix in target.indexes:
                if ix.unique:
                    where = live if ix.where is None else f"({ix.where}) AND {live}"
                    ix = ix.model_copy(update={"where": where})
                    plan.changes.append(f"{target.name}: unique index ({', '.join(ix.column_names)}) "
                                        "applies to live rows only")
                indexes.append(ix)
            indexes += [*added, index(pk, name=f"{target.name}_live", where=live)]
            entity: Entity = target.model_copy(update={
                "attributes": (*target.attributes, Attribute(
                    name=col, type="timestamptz", note="When the row was deleted; NULL while it is live.")),
                "uniques": tuple(kept),
                "indexes": tuple(indexes),
            })
            plan.put_entity(entity, f"{target.name}: add {col} timestamptz (NULL while live) and a partial "
                                    f"index on ({', '.join(pk)}) of the live rows")
            cols = ", ".join(q(a.name) for a in target.attributes)
            plan.add_view(View(name=f"{params['view_prefix']}{target.name}", schema_name=target.schema_name,
                               sql=f"SELECT {cols} FROM {table_ref(target)} WHERE {live}",
                               note=f"The live rows of {target.name} (soft delete)."))

