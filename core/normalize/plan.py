"""Plan the decomposition of an entity: the model after it, ready to preview, apply or migrate.

:func:`plan_decomposition` turns an entity into its 3NF synthesis or BCNF decomposition:

* the main component (the one holding the preferred candidate key, the declared primary key
  first) keeps the entity's name, position and everything that still fits; every other
  component becomes a new entity right after it, named from its determinant (``zip`` ->
  ``zips``; ``names`` renames them) with the moved attributes' full definitions, its key as
  primary key, and the projected FDs its keys do not already imply;
* foreign keys link the components: from every component holding another's key to it (the main
  entity to the new ones, and between new ones where a determinant appears);
* foreign keys elsewhere that referenced the entity keep pointing at columns that are still a
  key: at the main entity when it holds them (a unique constraint is added when they are no
  longer its primary key), else retargeted to the component whose key they are; when no
  component keeps them as a key, the plan is refused with the foreign key named.

The plan carries the model before and after, the verdicts (lossless, dependency-preserving),
and warnings for what could not follow (a unique constraint spanning two components...).
:func:`core.normalize.apply.apply_decomposition` makes it one undoable command and
:func:`core.normalize.migrate.migration_sql` the SQL that moves the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from core.model import DataModel, Entity, EntityKey, ForeignKey, UniqueConstraint
from core.normalize.decompose import Decomposition
from core.normalize.fds import FD, NormalizeError
from core.normalize.model_bridge import analyze_entity, entity_relation, find_entity
from core.normalize.placement import Part, build_component, link, mentioned, stored_fds
from core.normalize.relation import Relation

__all__ = ["DecompositionPlan", "PlannedEntity", "plan_decomposition"]

Kind = Literal["3nf", "bcnf"]


@dataclass(frozen=True)
class PlannedEntity:
    """One component of a plan: its name, attributes, key, determinant, the projected FDs that
    hold in it (a minimal cover), and the entity as it will be in the model."""

    name: str
    attributes: tuple[str, ...]
    key: tuple[str, ...]
    determinant: tuple[str, ...]
    main: bool
    fds: tuple[FD, ...]
    entity: Entity

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "attributes": list(self.attributes), "key": list(self.key),
                "determinant": list(self.determinant), "main": self.main,
                "fds": [fd.to_json() for fd in self.fds],
                "foreign_keys": [{"columns": list(fk.columns), "references": fk.references}
                                 for fk in self.entity.foreign_keys]}


@dataclass(frozen=True)
class DecompositionPlan:
    """A decomposition of one entity, placed in the model (see the module docstring)."""

    entity: EntityKey
    kind: Kind
    decomposition: Decomposition
    components: tuple[PlannedEntity, ...]
    retargeted: tuple[tuple[str, ForeignKey, ForeignKey], ...]
    warnings: tuple[str, ...]
    before: DataModel
    after: DataModel

    @property
    def lossless(self) -> bool:
        return self.decomposition.lossless

    @property
    def dependency_preserving(self) -> bool:
        return self.decomposition.dependency_preserving

    @property
    def main(self) -> PlannedEntity:
        return next(c for c in self.components if c.main)

    @property
    def unchanged(self) -> bool:
        """True when the decomposition is the entity itself (already in the normal form)."""
        return len(self.components) == 1

    @property
    def original(self) -> Entity:
        return find_entity(self.before, self.entity)

    def to_json(self) -> dict[str, object]:
        return {"entity": self.entity.display(), "kind": self.kind, "lossless": self.lossless,
                "dependency_preserving": self.dependency_preserving,
                "components": [c.to_json() for c in self.components],
                "retargeted": [{"entity": owner, "columns": list(old.columns), "from": old.references,
                                "to": new.references} for owner, old, new in self.retargeted],
                "warnings": list(self.warnings)}


def _rename(d: Decomposition, names: Mapping[str, str] | None, taken: set[str]) -> dict[str, str]:
    """Final name of each component (by default name), after the user's ``names``."""
    chosen = {c.name: c.name for c in d.components}
    from core.validate import identifier_problem, suggest

    for old, new in (names or {}).items():
        if old not in chosen:
            raise NormalizeError(f'no component "{old}" in the decomposition{suggest(old, chosen)}; '
                                 f"components are {', '.join(chosen)}")
        main = next(c for c in d.components if c.main)
        if old == main.name and new != old:
            raise NormalizeError(f'"{old}" keeps the entity\'s name; rename the entity itself instead')
        if problem := identifier_problem(new):
            raise NormalizeError(f'component "{old}": {problem}')
        chosen[old] = new
    seen: set[str] = set()
    for c in d.components:
        final = chosen[c.name]
        if final in seen or (not c.main and final in taken):
            raise NormalizeError(f'component name "{final}" is already taken; choose another with '
                                 f"names={{'{c.name}': 'new_name'}} (CLI: --name {c.name}=NEW)")
        seen.add(final)
    return chosen


def _incoming(model: DataModel, entity: Entity, parts: list[Part], comps: dict[str, Entity],
              relation: Relation, kind: str
              ) -> tuple[list[tuple[str, ForeignKey, ForeignKey]], dict[EntityKey, Entity]]:
    """Point every foreign key that referenced ``entity`` at a component that keeps its columns
    as a key. Edits ``comps`` (component entities by name) in place; returns what moved and the
    other entities that changed (by canonical key)."""
    original_pk = tuple(entity.primary_key.columns) if entity.primary_key else ()
    key_of = model.canonical_key(entity.key)
    moved: list[tuple[str, ForeignKey, ForeignKey]] = []
    owners = [e for e in model.entities if e.name != entity.name or model.canonical_key(e.key) != key_of]
    targets = [(e.name, e, False) for e in owners] + [(name, e, True) for name, e in comps.items()]
    changed: dict[EntityKey, Entity] = {}
    for owner_name, owner, is_comp in targets:
        if is_comp:
            owner = comps[owner_name]
        new_fks = []
        for fk in owner.foreign_keys:
            if model.canonical_key(fk.target(owner.key)) != key_of:
                new_fks.append(fk)
                continue
            ref = tuple(fk.ref_columns or original_pk)
            home = next((p for p in sorted(parts, key=lambda p: not p.main)
                         if set(ref) <= p.attrs and relation.closure(ref) >= p.attrs), None)
            if home is None:
                raise NormalizeError(
                    f"cannot apply the {kind.upper()} decomposition of {entity.name}: the foreign key "
                    f"{owner.name}({', '.join(fk.columns)}) references {entity.name}({', '.join(ref)}), "
                    f"which no component keeps as a key; use the other decomposition or drop that "
                    f"foreign key first")
            target = comps[home.name]
            pk = tuple(target.primary_key.columns) if target.primary_key else ()
            if home.main:  # still the same table: keep the key as written when it still holds
                new = fk if fk.ref_columns or ref == pk else fk.model_copy(update={"ref_columns": ref})
            else:
                new = fk.model_copy(update={"references": home.name, "ref_columns": () if ref == pk else ref})
            if set(ref) != set(pk) and not any(set(u.columns) == set(ref) for u in target.uniques):
                target = comps[home.name] = target.model_copy(
                    update={"uniques": (*target.uniques, UniqueConstraint(columns=ref))})
                if is_comp and owner_name == home.name:
                    owner = target
            if new != fk:
                moved.append((owner.name, fk, new))
            new_fks.append(new)
        if tuple(new_fks) != owner.foreign_keys:
            updated = (comps[owner_name] if is_comp else owner).model_copy(update={"foreign_keys": tuple(new_fks)})
            if is_comp:
                comps[owner_name] = updated
            else:
                changed[model.canonical_key(owner.key)] = updated
    return moved, changed


def _not_preserved(relation: Relation, parts: list[Part], kind: str) -> list[str]:
    """One warning per FD of the minimal cover that no component's keys can enforce any more."""
    from core.normalize.fds import canonical_cover

    comps = [p.attributes for p in parts]
    return [f"{relation.name}: the {kind.upper()} decomposition does not preserve "
            f"{fd.format(relation.attributes)}; no table's key enforces it any more"
            for fd in canonical_cover(relation.fds, relation.attributes) if not _preserved_one(relation, comps, fd)]


def _preserved_one(relation: Relation, comps: list[tuple[str, ...]], fd: FD) -> bool:
    """Whether one FD follows from the FDs holding inside the components (Beeri-Honeyman)."""
    z = set(fd.lhs)
    while not fd.rhs <= z:
        before = set(z)
        for c in comps:
            z |= relation.closure(z & set(c)) & set(c)
        if z == before:
            return False
    return True


def plan_decomposition(model: DataModel, key: EntityKey | str, kind: Kind = "3nf",
                       names: Mapping[str, str] | None = None, *, discovered: bool = True) -> DecompositionPlan:
    """Plan turning entity ``key`` into its ``kind`` decomposition (``"3nf"`` synthesis or
    ``"bcnf"``), with new components renamed by ``names`` (default name -> chosen name).

    Raises
    ------
    NormalizeError
        Unknown entity or component name, a taken or invalid name, a partitioned entity, or a
        foreign key elsewhere whose referenced columns no component keeps as a key.
    """
    if kind not in ("3nf", "bcnf"):
        raise NormalizeError(f'unknown decomposition "{kind}"; choose 3nf or bcnf')
    entity = find_entity(model, key)
    if entity.partition_by or entity.partition_of:
        raise NormalizeError(f"{entity.name} is partitioned; decompose the table before partitioning it")
    analysis = analyze_entity(model, entity.key, discovered=discovered)
    d = analysis.synthesis_3nf if kind == "3nf" else analysis.bcnf_decomposition
    relation = entity_relation(entity, discovered=discovered)
    schema = model.canonical_key(entity.key).schema
    taken = {e.name for e in model.entities if model.canonical_key(e.key).schema == schema}
    final = _rename(d, names, taken)
    parts = [Part(final[c.name], c.attributes, c.key, c.main, c.determinant) for c in d.components]
    warnings: list[str] = []
    comps: dict[str, Entity] = {}
    projected: dict[str, tuple[FD, ...]] = {}
    for c, part in zip(d.components, parts, strict=True):
        projected[part.name] = d.component_fds(c) if len(parts) > 1 else relation.fds
        fds = stored_fds(relation, part, projected[part.name], kind) if len(parts) > 1 else entity.fds
        comps[part.name] = build_component(entity, part, parts, fds, warnings)
    # foreign keys that referenced the entity first, while the components carry only what came
    # from the entity: the links between components below already reference their parent's key
    moved, others = _incoming(model, entity, parts, comps, relation, kind) if len(parts) > 1 else ([], {})
    for child, cols, parent in d.references():
        comps[final[child]] = link(comps[final[child]], cols, final[parent])
    entities: list[Entity] = []
    for e in model.entities:
        if e is entity:
            entities.extend(comps[p.name] for p in sorted(parts, key=lambda p: not p.main))
        else:
            entities.append(others.get(model.canonical_key(e.key), e))
    after: DataModel = model.model_copy(update={"entities": tuple(entities)})
    if not d.dependency_preserving:
        warnings.extend(_not_preserved(relation, parts, kind))
    gone = set(entity.attribute_names) - parts[[p.main for p in parts].index(True)].attrs
    for v in model.views:
        if entity.name in mentioned([v.sql], [entity.name]) and len(parts) > 1:
            warnings.append(f"view {v.name} reads {entity.name}; check its SQL against the new tables")
    for s in model.lint.suppress:
        if s.entity == entity.name and s.attribute in gone:
            warnings.append(f"lint suppression {s.rule} on {entity.name}.{s.attribute}: the attribute moved")
    planned = tuple(PlannedEntity(p.name, p.attributes, p.key, p.determinant, p.main, projected[p.name],
                                  comps[p.name]) for p in sorted(parts, key=lambda p: not p.main))
    return DecompositionPlan(entity.key, kind, d, planned, tuple(moved), tuple(dict.fromkeys(warnings)),
                             model, after)
