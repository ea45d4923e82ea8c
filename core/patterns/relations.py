"""Relationship structures: ``many-to-many`` (a junction table) and ``graph-edges`` (nodes and
typed edges).

``many-to-many``: a junction table with a composite primary key of the two references (one way),
a reverse index (the other way), ``created_at``, and foreign keys that delete links with either
side. A single target makes a self-relation (``<x>_id``, ``related_<x>_id``).

``graph-edges``: a nodes table (or a chosen table as the nodes) and an edges table with kinds,
JSONB properties, one edge per (source, target, kind), indexes in both directions, no self-loops
unless asked, and for an undirected graph one canonical order per pair.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import Attribute, CheckConstraint, Entity, ForeignKey, PrimaryKey, UniqueConstraint
from core.patterns.base import Param, Pattern
from core.patterns.common import index, ref_columns, ref_type, single_pk, singular
from core.patterns.plan import Plan

__all__ = ["GraphEdges", "ManyToMany"]


class ManyToMany(Pattern):
    """Junction table (see the module docstring)."""

    name = "many-to-many"
    title = "Many-to-many junction table"
    description = ("Relate rows of two tables many-to-many (books and authors, users and roles) through "
                   "a junction table holding each pair once. Give one table for a self-relation "
                   "(people following people).")
    tradeoffs = ("Attributes of the relationship itself (a role, an order) belong in the junction and may "
                 "turn it into an entity of its own; the primary key serves one direction, the reverse "
                 "index the other.")
    targets = (1, 2)
    targets_help = "the two related tables (one for a self-relation)"
    parameters = (
        Param("name", "str", "", "name of the junction table (default <a>_<b>)"),
        Param("on_delete", "choice", "cascade", "what deleting a related row does to its links",
              ("cascade", "restrict")),
    )

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        a, b = targets[0], targets[-1]
        return (params["name"] or (f"{a.name}_{b.name}" if a is not b else f"{singular(a.name)}_relations"),)

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        a = targets[0]
        b = targets[-1]
        settings = plan.model.settings
        tenant = settings.tenant_column if settings.multi_tenant else None
        left = ref_columns(a, self.name, singular(a.name), tenant)
        right = ref_columns(b, self.name, ("related_" if a is b else "") + singular(b.name), tenant)
        (name,) = self.record_entities(targets, params)
        lcols, rcols = tuple(n for n, _ in left), tuple(n for n, _ in right)
        shared = list({n: x for n, x in (*left, *right)}.items())  # a shared tenant column once

        def fk(cols: tuple[str, ...], ref: Entity, pairs: list[tuple[str, Attribute]]) -> ForeignKey:
            return ForeignKey(columns=cols, references=ref.name, ref_schema=ref.schema_name,
                              ref_columns=tuple(x.name for _, x in pairs), on_delete=params["on_delete"])

        checks: tuple[CheckConstraint, ...] = ()
        own_l, own_r = [c for c in lcols if c != tenant], [c for c in rcols if c != tenant]
        if a is b and len(own_l) == 1:
            checks = (CheckConstraint(name=f"{name}_not_self", expression=f"{own_l[0]} <> {own_r[0]}"),)
        plan.add_entity(Entity(
            name=name, schema_name=a.schema_name, note=f"Links {a.name} and {b.name}, each pair once.",
            attributes=(*(Attribute(name=n, type=ref_type(x), nullable=False) for n, x in shared),
                        Attribute(name="created_at", type="timestamptz", nullable=False, default="now()")),
            primary_key=PrimaryKey(columns=tuple(dict.fromkeys((*lcols, *rcols)))),
            checks=checks,
            foreign_keys=(fk(lcols, a, left), fk(rcols, b, right)),
            indexes=(index(tuple(dict.fromkeys((*rcols, *lcols))), name=f"{name}_reverse"),),
        ), f"add table {name} (key ({', '.join(dict.fromkeys((*lcols, *rcols)))}), reverse index, created_at)")


class GraphEdges(Pattern):
    """Nodes and edges (see the module docstring)."""

    name = "graph-edges"
    title = "Graph: nodes and edges"
    description = ("Store a general graph (social links, dependencies, knowledge graphs) as typed edges "
                   "between nodes, traversed with recursive queries. Give a table to use its rows as the "
                   "nodes, or let the pattern add a nodes table.")
    tradeoffs = ("Deep traversals are recursive queries (fine to a few hops; a graph database beats it "
                 "for long paths); properties in JSONB are flexible but unchecked; an undirected graph "
                 "stores each pair once (source < target), so queries look both ways.")
    targets = (0, 1)
    targets_help = "optionally, the table whose rows are the nodes"
    parameters = (
        Param("nodes", "str", "nodes", "name of the nodes table (when no table is given)"),
        Param("edges", "str", "edges", "name of the edges table"),
        Param("directed", "bool", True, "edges have a direction"),
        Param("self_loops", "bool", False, "allow an edge from a node to itself"),
    )

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        return (params["edges"],)

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        if targets:
            nodes = targets[0]
        elif plan.has_entity(params["nodes"]):
            nodes = plan.entity(params["nodes"])
            plan.changes.append(f"use the existing table {nodes.name} as the nodes")
        else:
            nodes = Entity(
                name=params["nodes"], note="Graph nodes.",
                attributes=(Attribute(name="id", type="bigint", nullable=False, identity="by default"),
                            Attribute(name="kind", type="text", nullable=False),
                            Attribute(name="properties", type="jsonb", nullable=False, default="'{}'::jsonb",
                                      check="jsonb_typeof(properties) = 'object'"),
                            Attribute(name="created_at", type="timestamptz", nullable=False, default="now()"),
                            Attribute(name="updated_at", type="timestamptz", nullable=False, default="now()")),
                primary_key=PrimaryKey(columns=("id",)),
                indexes=(index(("kind",)),),
            )
            plan.add_entity(nodes, f"add table {nodes.name} (id, kind, properties)")
            plan.suppress_found(nodes.name, {"status-without-check": _OPEN_KINDS})
        key = single_pk(nodes, self.name)
        ktype = ref_type(key)
        edges = params["edges"]
        loops, directed = params["self_loops"], params["directed"]
        checks = []
        if directed and not loops:
            checks.append(CheckConstraint(name=f"{edges}_no_self_loop", expression="source_id <> target_id"))
        elif not directed:  # one canonical order per pair (which also excludes loops unless allowed)
            op = "<=" if loops else "<"
            checks.append(CheckConstraint(name=f"{edges}_canonical_order", expression=f"source_id {op} target_id"))
        fk = dict(references=nodes.name, ref_schema=nodes.schema_name, ref_columns=(key.name,), on_delete="cascade")
        if plan.has_entity(edges):
            raise CommandError(f'pattern {self.name}: a table named "{edges}" already exists; choose another name')
        plan.add_entity(Entity(
            name=edges, schema_name=nodes.schema_name,
            note=f"{'Directed' if params['directed'] else 'Undirected'} edges between {nodes.name}.",
            attributes=(Attribute(name="id", type="bigint", nullable=False, identity="always"),
                        Attribute(name="source_id", type=ktype, nullable=False),
                        Attribute(name="target_id", type=ktype, nullable=False),
                        Attribute(name="kind", type="text", nullable=False, default="'related'"),
                        Attribute(name="properties", type="jsonb", nullable=False, default="'{}'::jsonb",
                                  check="jsonb_typeof(properties) = 'object'"),
                        Attribute(name="created_at", type="timestamptz", nullable=False, default="now()"),
                        Attribute(name="updated_at", type="timestamptz", nullable=False, default="now()")),
            primary_key=PrimaryKey(columns=("id",)),
            uniques=(UniqueConstraint(name=f"{edges}_source_target_kind_key",
                                      columns=("source_id", "target_id", "kind")),),
            checks=tuple(checks),
            foreign_keys=(ForeignKey(columns=("source_id",), **fk),
                          ForeignKey(columns=("target_id",), **fk)),
            indexes=(index(("target_id", "source_id", "kind"), name=f"{edges}_reverse"),),
        ), f"add table {edges} (one edge per source, target, kind; indexes both ways)")
        plan.suppress_found(edges, {"status-without-check": _OPEN_KINDS})


_OPEN_KINDS = "the kinds of a graph are an open vocabulary that grows with the data (a lookup table can pin them)"
