"""Where each part of a decomposed entity goes: attributes, keys, constraints, indexes, FDs.

A decomposition splits an entity's attributes into components; everything else the entity
carries must follow the attributes it mentions. :func:`build_component` makes the new
:class:`~core.model.Entity` of one component: the attributes with their full definitions
(key attributes become NOT NULL; an identity stays only on the attribute's home component),
its key as primary key, and the unique constraints, checks, indexes, exclusions and foreign keys
whose columns all fall inside it, chosen by :func:`home_of`. What fits in no component is
dropped and reported as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.model import (
    Attribute,
    Entity,
    ForeignKey,
    FunctionalDependency,
    MultivaluedDependency,
    PrimaryKey,
)
from core.normalize.bitsets import ClosureIndex
from core.normalize.fds import FD, canonical_cover
from core.normalize.relation import Relation

__all__ = ["Part", "build_component", "home_of", "link", "mentioned", "stored_fds"]

_WORD = re.compile(r'"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)')


def mentioned(texts: Iterable[str | None], attributes: Iterable[str]) -> set[str]:
    """The attributes an SQL expression mentions (identifiers, quoted or not, that are names of
    ``attributes``; a crude but safe reading: a false match only keeps an item together).

    >>> sorted(mentioned(["price > 0 AND \\"Qty\\" < max_qty"], ["price", "Qty", "qty", "max_qty"]))
    ['Qty', 'max_qty', 'price']
    """
    names = set(attributes)
    lower = {n.lower(): n for n in names if n == n.lower()}
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        for m in _WORD.finditer(text):
            if m.group(1) is not None:
                word = m.group(1).replace('""', '"')
                if word in names:
                    found.add(word)
            elif m.group(2).lower() in lower:
                found.add(lower[m.group(2).lower()])
    return found


@dataclass(frozen=True)
class Part:
    """A component being built: its name, attribute set, key, and whether it is the main one."""

    name: str
    attributes: tuple[str, ...]
    key: tuple[str, ...]
    main: bool
    determinant: tuple[str, ...] = ()
    attrs: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "attrs", frozenset(self.attributes))


def home_of(parts: Sequence[Part], columns: Iterable[str], *, prefer_key: bool = False) -> Part | None:
    """The component an item over ``columns`` belongs to: with ``prefer_key``, one whose key is
    exactly those columns; else the main component when it holds them all; else the first that
    does; ``None`` when none does."""
    cols = frozenset(columns)
    holding = [p for p in parts if cols <= p.attrs]
    if not holding:
        return None
    if prefer_key:
        for p in holding:
            if frozenset(p.key) == cols:
                return p
    return next((p for p in holding if p.main), holding[0])


def _identity_home(parts: Sequence[Part], attribute: str) -> Part | None:
    holding = [p for p in parts if attribute in p.attrs]
    if len(holding) <= 1:
        return holding[0] if holding else None
    return home_of(holding, [attribute], prefer_key=True)


def _attribute(a: Attribute, part: Part, parts: Sequence[Part], entity: Entity, warnings: list[str]) -> Attribute:
    update: dict[str, object] = {}
    if a.name in part.key and a.nullable:
        update["nullable"] = False
    if a.identity and _identity_home(parts, a.name) is not part:
        update["identity"] = None
    if a.generated:
        needs = mentioned([a.generated], entity.attribute_names) - {a.name}
        if not needs <= part.attrs:
            update["generated"] = None
            warnings.append(f"{part.name}.{a.name}: no longer generated (its expression uses "
                            f"{', '.join(sorted(needs - part.attrs))}, which went to another table)")
    return a.model_copy(update=update) if update else a


def stored_fds(relation: Relation, part: Part, projected: Sequence[FD], kind: str) -> tuple[FunctionalDependency, ...]:
    """The projected FDs worth keeping on a component: those its own keys do not already imply,
    merged by left-hand side, noted as projected."""
    names = part.attributes
    space = {a: i for i, a in enumerate(names)}

    def mask(xs: Iterable[str]) -> int:
        return sum(1 << space[x] for x in xs)

    full = (1 << len(names)) - 1
    keyed = ClosureIndex(len(names), [(mask(part.key), full)] if part.key else [])
    keep = [fd for fd in projected if not keyed.derives(mask(fd.lhs), mask(fd.rhs))]
    note = f"projected from {relation.name} ({kind.upper()} decomposition)"
    return tuple(FunctionalDependency(lhs=tuple(a for a in names if a in fd.lhs),
                                      rhs=tuple(a for a in names if a in fd.rhs), note=note)
                 for fd in canonical_cover(keep, names))


def _mvds(entity: Entity, part: Part) -> tuple[MultivaluedDependency, ...]:
    out = []
    for m in entity.mvds:  # X ->> Y holds on a projection containing X as X ->> Y ∩ S
        lhs, rhs = set(m.lhs), set(m.rhs) & part.attrs
        if lhs <= part.attrs and rhs - lhs and part.attrs - lhs - rhs:
            out.append(m.model_copy(update={"rhs": tuple(a for a in part.attributes if a in rhs)}))
    return tuple(out)


def build_component(entity: Entity, part: Part, parts: Sequence[Part], fds: tuple[FunctionalDependency, ...],
                    warnings: list[str]) -> Entity:
    """The entity of ``part``: attributes, primary key, the entity's items that belong here
    (see :func:`home_of`), stored FDs and MVDs. Links between components are added later."""
    attrs = tuple(_attribute(a, part, parts, entity, warnings) for a in entity.attributes if a.name in part.attrs)
    pk: PrimaryKey | None = None
    if part.key:
        old = entity.primary_key
        pk = old if part.main and old is not None and tuple(old.columns) == part.key else PrimaryKey(columns=part.key)
    elif part.main:
        pk = None
    else:
        warnings.append(f"{part.name}: holds one row (it depends on nothing) and has no primary key")

    def here(cols: Iterable[str], what: str, prefer_key: bool = False) -> bool:
        cols = list(cols)
        home = home_of(parts, cols, prefer_key=prefer_key)
        if home is None and part.main:
            warnings.append(f"{entity.name}: {what} over {', '.join(cols)} spans several tables and is dropped")
        return home is part

    uniques = tuple(u for u in entity.uniques if here(u.columns, f"unique constraint {u.name or ''}".strip())
                    and (pk is None or set(u.columns) != set(pk.columns)))
    checks = tuple(c for c in entity.checks
                   if here(mentioned([c.expression], entity.attribute_names), f"check ({c.expression})"))
    indexes = tuple(ix for ix in entity.indexes if here(
        [*ix.column_names, *ix.include, *mentioned([k.expression for k in ix.columns] + [ix.where],
                                                    entity.attribute_names)], f"index {ix.name or ''}".strip()))
    exclusions = tuple(x for x in entity.exclusions if here(
        mentioned([e.expression for e in x.elements] + [x.where], entity.attribute_names), "exclusion constraint"))
    fks = tuple(fk for fk in entity.foreign_keys
                if here(fk.columns, f"foreign key to {fk.references}", prefer_key=True))
    if not part.main:
        det = ", ".join(part.determinant) or "nothing"
        return Entity(name=part.name, schema_name=entity.schema_name, attributes=attrs, primary_key=pk,
                      uniques=uniques, checks=checks, indexes=indexes, exclusions=exclusions,
                      foreign_keys=fks, fds=fds, mvds=_mvds(entity, part),
                      note=f"Split from {entity.name}: the attributes that depend on {det}.")
    update: dict[str, object] = {"attributes": attrs, "primary_key": pk, "uniques": uniques, "checks": checks,
                                 "indexes": indexes, "exclusions": exclusions, "foreign_keys": fks,
                                 "fds": fds, "mvds": _mvds(entity, part)}
    if entity.distribution is not None and entity.distribution.column not in (None, *part.attributes):
        update["distribution"] = None
        warnings.append(f"{entity.name}: distribution column {entity.distribution.column} moved; "
                        "distribution dropped")
    main: Entity = entity.model_copy(update=update)
    return main


def link(child: Entity, columns: Sequence[str], parent: str) -> Entity:
    """``child`` with a foreign key ``columns -> parent`` in the same schema (unless it has one)."""
    if any(tuple(fk.columns) == tuple(columns) and fk.references == parent for fk in child.foreign_keys):
        return child
    fk = ForeignKey(columns=tuple(columns), references=parent)
    linked: Entity = child.model_copy(update={"foreign_keys": (*child.foreign_keys, fk)})
    return linked
