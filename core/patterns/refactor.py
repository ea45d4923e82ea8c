"""Refactorings of polymorphic associations: a ``<x>_type`` + ``<x>_id`` pair, which no foreign key
can check, becomes real foreign keys.

* ``polymorphic-to-exclusive-arc``: one nullable foreign key column per referenced table and a
  CHECK that exactly one is set (``num_nonnulls(...) = 1``; at most one when the id column was
  nullable), each with a partial index. The plan's
  notes hold the data migration SQL.
* ``polymorphic-to-shared-parent``: a supertype table (``commentables``: id, kind); each referenced
  table gets a one-to-one link to it whose kind is pinned (a composite foreign key on (id, kind)),
  and the polymorphic table references the supertype.
"""

from __future__ import annotations

from typing import Any

from core.commands import DeleteAttribute
from core.errors import CommandError
from core.model import Attribute, CheckConstraint, Entity, ForeignKey, PrimaryKey, UniqueConstraint
from core.patterns.base import Param, Pattern
from core.patterns.common import index, lit, q, ref_type, single_pk, singular, table_ref
from core.patterns.plan import Plan

__all__ = ["PolymorphicToExclusiveArc", "PolymorphicToSharedParent", "polymorphic_pair"]

_PARAMS = (
    Param("types", "list", None, "type value:referenced table pairs, e.g. post:posts,photo:photos", required=True),
    Param("type_column", "str", "", "the type column (default: the one <x>_type with a matching <x>_id)"),
    Param("id_column", "str", "", "the id column (default: <x>_id of the type column)"),
    Param("on_delete", "choice", "cascade", "what deleting a referenced row does", ("cascade", "restrict", "no action")),
)


def polymorphic_pair(entity: Entity, type_column: str = "", id_column: str = "") -> tuple[str, str]:
    """The ``(type column, id column)`` of ``entity``'s polymorphic association.

    Found from ``<x>_type`` / ``<x>_id`` when not given; :class:`CommandError` when absent or ambiguous.
    """
    if not type_column:
        found = [a.name for a in entity.attributes if a.name.endswith("_type")
                 and entity.attribute(a.name[:-5] + "_id") is not None]
        if len(found) != 1:
            raise CommandError(f'"{entity.name}" has {"no" if not found else "several"} <x>_type/<x>_id column '
                               "pair; name them with the type_column and id_column parameters")
        type_column = found[0]
    id_column = id_column or type_column.removesuffix("_type") + "_id"
    for col in (type_column, id_column):
        if entity.attribute(col) is None:
            raise CommandError(f'"{entity.name}" has no column "{col}"')
    return type_column, id_column


def _mapping(plan: Plan, specs: tuple[str, ...], pattern: str) -> list[tuple[str, Entity, Attribute]]:
    out = []
    for spec in specs:
        value, sep, table = (s.strip() for s in spec.partition(":"))
        if not sep or not value or not table:
            raise CommandError(f'pattern {pattern}: "{spec}" is not of the form value:table')
        target = plan.entity(table)
        out.append((value, target, single_pk(target, pattern)))
    if not out:
        raise CommandError(f"pattern {pattern}: list the types, e.g. types=post:posts,photo:photos")
    return out


class PolymorphicToExclusiveArc(Pattern):
    """Polymorphic association to an exclusive arc (see the module docstring)."""

    name = "polymorphic-to-exclusive-arc"
    title = "Polymorphic association to exclusive arc"
    description = ("Replace a type + id pair (comment -> post or photo) by one real foreign key per "
                   "referenced table, exactly one of them set. Use it when the referenced tables are "
                   "few and known, so that the database checks every reference.")
    tradeoffs = ("One column and one index per referenced table; adding a referenced table is a schema "
                 "change; queries join on the column of each kind (or COALESCE them).")
    targets = (1, 1)
    targets_help = "the table with the polymorphic type + id columns"
    parameters = _PARAMS

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        (target,) = targets
        type_col, id_col = polymorphic_pair(target, params["type_column"], params["id_column"])
        mapping = _mapping(plan, params["types"], self.name)
        cols = []
        entity = target
        for value, ref, key in mapping:
            col = f"{singular(ref.name)}_{key.name}"
            if entity.attribute(col) is not None or col in cols:
                raise CommandError(f'pattern {self.name}: "{target.name}" already has a column "{col}"')
            cols.append(col)
            entity = entity.model_copy(update={
                "attributes": (*entity.attributes, Attribute(name=col, type=ref_type(key),
                                                             note=f"Set when the {type_col} was '{value}'.")),
                "foreign_keys": (*entity.foreign_keys, ForeignKey(
                    columns=(col,), references=ref.name, ref_schema=ref.schema_name, ref_columns=(key.name,),
                    on_delete=params["on_delete"])),
                "indexes": (*entity.indexes, index((col,), where=f"{q(col)} IS NOT NULL")),
            })
        optional = target.attribute(id_col).nullable  # type: ignore[union-attr]
        arc = f"num_nonnulls({', '.join(q(c) for c in cols)}) {'<=' if optional else '='} 1"
        entity = entity.model_copy(update={"checks": (*entity.checks, CheckConstraint(
            name=_arc_name(target, optional), expression=arc))})
        plan.put_entity(entity, f"{target.name}: add {', '.join(cols)} (foreign keys, "
                                f"{'at most' if optional else 'exactly'} one set)",
                        key_of=target)
        for col in (type_col, id_col):
            plan.run(DeleteAttribute(entity.key, col), f"{target.name}: drop {col} (and what used it)")
        plan.notes.append(_migration(target, type_col, id_col, mapping, cols, arc, _arc_name(target, optional)))


def _arc_name(target: Entity, optional: bool) -> str:
    return f"{target.name}_{'at_most' if optional else 'exactly'}_one_parent"


def _migration(target: Entity, type_col: str, id_col: str, mapping: list[tuple[str, Entity, Attribute]],
               cols: list[str], arc: str, arc_name: str) -> str:
    t = table_ref(target)
    adds = ",\n  ".join(f"ADD COLUMN {q(c)} {ref_type(k)} REFERENCES {table_ref(r)} ({q(k.name)})"
                        for c, (_, r, k) in zip(cols, mapping, strict=True))
    sets = ",\n  ".join(f"{q(c)} = CASE WHEN {q(type_col)} = {lit(v)} THEN {q(id_col)}::{ref_type(k)} END"
                        for c, (v, _, k) in zip(cols, mapping, strict=True))
    return (f"-- data migration of {target.name}: run in one transaction\n"
            f"ALTER TABLE {t}\n  {adds};\n"
            f"UPDATE {t} SET\n  {sets};\n"
            f"ALTER TABLE {t} ADD CONSTRAINT {q(arc_name)} CHECK ({arc});\n"
            f"ALTER TABLE {t} DROP COLUMN {q(type_col)}, DROP COLUMN {q(id_col)};")


class PolymorphicToSharedParent(Pattern):
    """Polymorphic association to a shared parent (supertype) table (see the module docstring)."""

    name = "polymorphic-to-shared-parent"
    title = "Polymorphic association to shared parent table"
    description = ("Replace a type + id pair by a supertype table that every referenced table links to "
                   "one-to-one (posts and photos are both 'commentables'); the polymorphic table then "
                   "has one real foreign key. Use it when the referenced kinds are many or growing.")
    tradeoffs = ("A row of each referenced table needs its supertype row first (one more insert); one "
                 "more join to reach the concrete row; the kind is stored twice (pinned by a check).")
    targets = (1, 1)
    targets_help = "the table with the polymorphic type + id columns"
    parameters = (*_PARAMS, Param("parent", "str", "", "name of the supertype table (default: <x>s)"))

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        (target,) = targets
        type_col, id_col = polymorphic_pair(target, params["type_column"], params["id_column"])
        mapping = _mapping(plan, params["types"], self.name)
        stem = type_col.removesuffix("_type")
        parent = params["parent"] or f"{stem}s"
        kinds = ", ".join(lit(v) for v, _, _ in mapping)
        link, kind = f"{stem}_id", f"{stem}_kind"
        plan.add_entity(Entity(
            name=parent, schema_name=target.schema_name,
            note=f"The supertype of {', '.join(r.name for _, r, _ in mapping)}: what {target.name} refers to "
                 "(immutable: a row's kind never changes).",
            attributes=(Attribute(name="id", type="bigint", nullable=False, identity="by default"),
                        Attribute(name="kind", type="text", nullable=False, check=f"kind IN ({kinds})"),
                        Attribute(name="created_at", type="timestamptz", nullable=False, default="now()")),
            primary_key=PrimaryKey(columns=("id",)),
            uniques=(UniqueConstraint(name=f"{parent}_id_kind_key", columns=("id", "kind")),),
        ), f"add table {parent} (id, kind in {kinds})")
        for value, ref, _ in mapping:
            for col in (link, kind):
                if ref.attribute(col) is not None:
                    raise CommandError(f'pattern {self.name}: "{ref.name}" already has a column "{col}"')
            plan.put_entity(ref.model_copy(update={
                "attributes": (*ref.attributes, Attribute(name=link, type="bigint", nullable=False),
                               Attribute(name=kind, type="text", nullable=False, default=lit(value),
                                         check=f"{q(kind)} = {lit(value)}")),
                "uniques": (*ref.uniques, UniqueConstraint(columns=(link,))),
                "foreign_keys": (*ref.foreign_keys, ForeignKey(
                    columns=(link, kind), references=parent, ref_schema=target.schema_name,
                    ref_columns=("id", "kind"), on_delete="cascade")),
            }), f"{ref.name}: add {link} (one-to-one with a {parent} row of kind '{value}')")
        for col in (type_col, id_col):
            plan.run(DeleteAttribute(plan.entity(target.name).key, col), f"{target.name}: drop {col}")
        current = plan.entity(target.name)
        plan.put_entity(current.model_copy(update={
            "attributes": (*current.attributes, Attribute(name=link, type="bigint",
                                                          nullable=target.attribute(id_col).nullable)),  # type: ignore[union-attr]
            "foreign_keys": (*current.foreign_keys, ForeignKey(
                columns=(link,), references=parent, ref_schema=target.schema_name, ref_columns=("id",),
                on_delete=params["on_delete"])),
            "indexes": (*current.indexes, index((link,))),
        }), f"{target.name}: {link} references {parent}")
        plan.notes.append(f"Data migration: insert one {parent} row per existing row of "
                          f"{', '.join(r.name for _, r, _ in mapping)}, set their {link}, then set "
                          f"{target.name}.{link} from ({type_col}, {id_col}).")
