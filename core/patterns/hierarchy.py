"""``hierarchy``: a tree of rows of one table, by one of three strategies.

* ``adjacency``: ``parent_id`` (a foreign key to the same table, never the row itself), an index
  on it (with ``sort_order`` when siblings are ordered) and a trigger refusing cycles. Subtrees
  are read with a recursive query.
* ``materialized-path``: also a ``path`` (``/1/4/9/``) and its ``depth``, kept by triggers from
  ``parent_id``, indexed for prefix search; a move rewrites the subtree's paths.
* ``closure-table``: also a ``<table>_closure`` of every (ancestor, descendant, depth) pair, kept
  by a trigger on insert and on moves; subtree and ancestor queries are one indexed join.

The choice between them is guided by :data:`core.patterns.hierarchy_tree.DECISION_TREE`. In a
multi-tenant model a table keyed ``(tenant_id, id)`` (``id`` an identity) takes a tree too: the
parent reference is ``(tenant_id, parent_id)``, so a parent is always of the same tenant, and the
closure pairs carry the tenant.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import (
    Attribute,
    CheckConstraint,
    Entity,
    EntityKey,
    ForeignKey,
    Function,
    Index,
    IndexKey,
    PrimaryKey,
    Trigger,
)
from core.patterns.base import Param, Pattern
from core.patterns.common import index, q, ref_type, single_pk, table_ref
from core.patterns.hierarchy_sql import (
    closure_backfill,
    closure_body,
    cycle_body,
    path_backfill,
    path_body,
    path_cascade_body,
)
from core.patterns.plan import Plan

__all__ = ["STRATEGIES", "Hierarchy"]

STRATEGIES = ("adjacency", "materialized-path", "closure-table")


class Hierarchy(Pattern):
    """Tree of rows (see the module docstring)."""

    name = "hierarchy"
    title = "Hierarchy (adjacency list, materialized path or closure table)"
    description = ("Organize rows of one table as a tree: categories, org charts, folders, threaded "
                   "comments. Pick the strategy with the decision tree: adjacency for small trees and "
                   "child lookups, materialized path for subtree reads with rare moves, closure table "
                   "for deep trees with frequent subtree and ancestor queries.")
    tradeoffs = ("adjacency: simplest, but subtree/ancestor reads are recursive queries. "
                 "materialized-path: fast prefix reads, but a move rewrites every path below. "
                 "closure-table: fastest reads at any depth, but storage grows with depth x nodes and a "
                 "move rewrites the subtree's pairs.")
    targets = (1, 1)
    targets_help = "the table whose rows form the tree"
    parameters = (
        Param("strategy", "choice", "adjacency", "how the tree is stored", STRATEGIES),
        Param("parent_column", "str", "parent_id", "the parent reference column"),
        Param("ordered", "bool", False, "siblings keep a user-defined order (sort_order)"),
        Param("on_delete", "choice", "restrict", "what deleting a parent does to its children",
              ("restrict", "cascade")),
        Param("path_column", "str", "path", "materialized-path: the path column"),
        Param("closure_table", "str", "", "closure-table: name of the table (default <table>_closure)"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        (target,) = targets
        strategy, parent = params["strategy"], params["parent_column"]
        key, tenant = self._key(plan, target)
        params = {**params, "tenant": tenant}
        existing = target.attribute(parent)
        table = target
        if existing is not None:
            self_fk = any(fk.columns in ((parent,), (tenant, parent)) and plan.model.fk_target(target, fk) == target
                          for fk in target.foreign_keys)
            if not self_fk:
                raise CommandError(f'pattern {self.name}: "{target.name}.{parent}" exists but does not '
                                   "reference the table itself; choose another parent_column")
            if strategy == "adjacency":
                raise CommandError(f'pattern {self.name}: "{target.name}" is already an adjacency list '
                                   f"({parent}); choose materialized-path or closure-table to add to it")
            plan.changes.append(f"{target.name}: keep the existing {parent}")
        else:
            table = _with_parent(target, key, parent, params)
            plan.changes.append(f"{target.name}: add {parent} (references {target.name}, on delete "
                                f"{params['on_delete']}; never the row itself) and its index")
        cyc = f"{target.name}_no_cycle"
        if strategy != "closure-table":
            plan.add_function(Function(name=cyc, schema_name=target.schema_name,
                                       body=cycle_body(table_ref(target), q(key.name), q(parent), ref_type(key)),
                                       note=f"Refuses a parent change that would put a {target.name} under itself."))
            table = _trigger(table, Trigger(name=cyc, function=cyc, timing="before", events=(f"update of {parent}",)))
        if strategy == "materialized-path":
            table = self._path(plan, table, key, parent, params)
        elif strategy == "closure-table":
            self._closure(plan, table, key, parent, params)
            table = _trigger(table, Trigger(
                name=f"{target.name}_closure", function=f"{target.name}_closure_maintain", timing="after",
                events=("insert", f"update of {parent}")))
        plan.put_entity(table, None, key_of=target)

    def _key(self, plan: Plan, target: Entity) -> tuple[Attribute, str | None]:
        """The tree's key column, and the tenant column when the key is (tenant_id, id) in a
        multi-tenant model (the id must then be unique on its own: an identity or a serial)."""
        settings = plan.model.settings
        pk = target.primary_key.columns if target.primary_key else ()
        if settings.multi_tenant and len(pk) == 2 and pk[0] == settings.tenant_column:
            attr = target.attribute(pk[1])
            assert attr is not None
            if attr.identity is None and "serial" not in attr.type.lower() and "nextval" not in (attr.default or ""):
                raise CommandError(f'pattern {self.name}: "{target.name}" is keyed ({", ".join(pk)}) and {pk[1]} is '
                                   "not an identity: the tree's triggers find rows by their id, so it must be "
                                   "unique on its own")
            return attr, settings.tenant_column
        return single_pk(target, self.name), None

    def _path(self, plan: Plan, table: Entity, key: Attribute, parent: str, params: dict[str, Any]) -> Entity:
        col = params["path_column"]
        if table.attribute(col) is not None:
            raise CommandError(f'pattern {self.name}: "{table.name}" already has a column "{col}"')
        fn, cascade = f"{table.name}_path_maintain", f"{table.name}_path_cascade"
        t, k, p, c = table_ref(table), q(key.name), q(parent), q(col)
        plan.add_function(Function(name=fn, schema_name=table.schema_name, body=path_body(t, k, p, c),
                                   note=f"Sets {col} from the parent's path."))
        plan.add_function(Function(name=cascade, schema_name=table.schema_name, body=path_cascade_body(t, c),
                                   note=f"Rewrites the paths below a moved {table.name}."))
        plan.changes.append(f"{table.name}: add {col} (/id/id/.../, kept by triggers), depth, and a prefix index")
        plan.notes.append(path_backfill(t, k, p, c))
        depth = f"length({c}) - length(replace({c}, '/', '')) - 2"
        table = table.model_copy(update={
            "attributes": (*table.attributes,
                           Attribute(name=col, type="text", nullable=False, check=f"{c} LIKE '/%/'",
                                     note="Ids from the root down to this row: /1/4/9/ (set by a trigger)."),
                           Attribute(name="depth", type="integer", generated=f"({depth})",
                                     note="0 for a root (from the path).")),
            "indexes": (*table.indexes, Index(name=f"{table.name}_{col}_prefix",
                                              columns=(IndexKey(column=col, opclass="text_pattern_ops"),))),
        })
        table = _trigger(table, Trigger(name=fn, function=fn, timing="before", events=("insert", f"update of {parent}")))
        return _trigger(table, Trigger(name=cascade, function=cascade, timing="after", events=(f"update of {parent}",)))

    def _closure(self, plan: Plan, table: Entity, key: Attribute, parent: str, params: dict[str, Any]) -> None:
        name = params["closure_table"] or f"{table.name}_closure"
        ktype = ref_type(key)
        fk = dict(references=table.name, ref_schema=table.schema_name, ref_columns=(key.name,), on_delete="cascade")
        plan.add_entity(Entity(
            name=name, schema_name=table.schema_name, tags=("hierarchy",),
            note=f"Every ancestor/descendant pair of {table.name} (a row is its own ancestor at depth 0).",
            attributes=(Attribute(name="ancestor_id", type=ktype, nullable=False),
                        Attribute(name="descendant_id", type=ktype, nullable=False),
                        Attribute(name="depth", type="integer", nullable=False, check="depth >= 0")),
            primary_key=PrimaryKey(columns=("ancestor_id", "descendant_id")),
            foreign_keys=(ForeignKey(columns=("ancestor_id",), **fk),
                          ForeignKey(columns=("descendant_id",), **fk)),
            indexes=(index(("descendant_id", "ancestor_id", "depth")),),
        ), f"add table {name} (ancestor, descendant, depth) kept by a trigger on insert and moves")
        plan.suppress_found(plan.model.canonical_key(EntityKey(table.schema_name, name)).display(),
                            {"naming-inconsistent": "a closure table, named after the pattern (<table>_closure)"})
        tenant = q(params["tenant"]) if params["tenant"] else None
        plan.notes.append(closure_backfill(table_ref(Entity(name=name, schema_name=table.schema_name)),
                                           table_ref(table), q(key.name), q(parent), tenant))
        fn = f"{table.name}_closure_maintain"
        plan.add_function(Function(
            name=fn, schema_name=table.schema_name,
            body=closure_body(table_ref(Entity(name=name, schema_name=table.schema_name)), q(key.name), q(parent),
                              tenant),
            note=f"Keeps {name} in step with {table.name}.{parent} (refuses cycles)."))


def _with_parent(target: Entity, key: Attribute, parent: str, params: dict[str, Any]) -> Entity:
    attrs = [Attribute(name=parent, type=ref_type(key), note="NULL for a root.")]
    tenant: str | None = params["tenant"]
    lead: tuple[str, ...] = (tenant,) if tenant else ()  # a parent of the same tenant
    cols: tuple[str, ...] = (*lead, parent)
    if params["ordered"]:
        if target.attribute("sort_order") is not None:
            raise CommandError(f'pattern hierarchy: "{target.name}" already has a column "sort_order"')
        attrs.append(Attribute(name="sort_order", type="integer", nullable=False, default="0",
                               note="Position among its siblings."))
        cols = (*lead, parent, "sort_order")
    result: Entity = target.model_copy(update={
        "attributes": (*target.attributes, *attrs),
        "checks": (*target.checks, CheckConstraint(name=f"{target.name}_not_own_parent",
                                                   expression=f"{q(parent)} <> {q(key.name)}")),
        "foreign_keys": (*target.foreign_keys, ForeignKey(
            columns=(*lead, parent), references=target.name, ref_schema=target.schema_name,
            ref_columns=(*lead, key.name), on_delete=params["on_delete"])),
        "indexes": (*target.indexes, index(cols)),
    })
    return result


def _trigger(entity: Entity, trigger: Trigger) -> Entity:
    if any(t.name == trigger.name for t in entity.triggers):
        raise CommandError(f'pattern hierarchy: "{entity.name}" already has a trigger "{trigger.name}"')
    result: Entity = entity.model_copy(update={"triggers": (*entity.triggers, trigger)})
    return result
