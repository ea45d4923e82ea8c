"""What a command changed, and the guard that keeps a valid model valid.

Models share every unchanged entity object, so the entities an edit touched are found by object
identity in O(n) pointer comparisons (:func:`entity_diff`). :func:`new_problems` validates only
the touched entities, the entities that reference them, and what those point at, and reports the
problems that were not there before: a command on a valid model can never leave it invalid, and
a model that was already broken (an imported legacy schema) can still be edited.

>>> from core.model import DataModel, Entity, Attribute
>>> a = Entity(name="a", attributes=(Attribute(name="id", type="int"),))
>>> m = DataModel(entities=(a,))
>>> m2 = m.model_copy(update={"entities": (a, Entity(name="b"))})
>>> [e.name for e in entity_diff(m, m2)[1]]
['b']
>>> [p.message for p in new_problems(m, m2)]
['an entity needs at least one attribute']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from core.errors import Problem
from core.model import DataModel, Entity, EntityKey
from core.validate import relation_name_problems, validate_model

__all__ = ["entity_diff", "model_fields_changed", "new_problems", "referrers", "touched_keys"]

#: Model-level fields that entity validation depends on (the rest never affect it).
_VALIDATED_FIELDS = ("default_schema", "enums", "views", "functions", "publications")
#: What the entities that reference an entity see of it (foreign-key checks read nothing else).
_SURFACE = ("attributes", "primary_key", "uniques", "indexes")


def entity_diff(before: DataModel, after: DataModel) -> tuple[list[Entity], list[Entity]]:
    """The entities of ``before`` that are gone from ``after`` (removed or replaced), and those
    of ``after`` that are new (added or replacing one), by object identity."""
    old, new = before.entities, after.entities
    if old is new:
        return [], []
    if len(old) == len(new):  # the usual edit: a few entities replaced in place
        moved = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a is not b]
        old_sub, new_sub = [old[i] for i in moved], [new[i] for i in moved]
    else:
        old_sub, new_sub = list(old), list(new)
    old_ids = {id(e) for e in old_sub}
    new_ids = {id(e) for e in new_sub}
    return [e for e in old_sub if id(e) not in new_ids], [e for e in new_sub if id(e) not in old_ids]


def touched_keys(before: DataModel, after: DataModel) -> frozenset[EntityKey]:
    """Canonical keys of the entities added, removed or changed between two models."""
    removed, added = entity_diff(before, after)
    return frozenset([before.canonical_key(e.key) for e in removed]
                     + [after.canonical_key(e.key) for e in added])


def model_fields_changed(before: DataModel, after: DataModel) -> tuple[str, ...]:
    """Names of the model-level fields (not ``entities``) whose value object changed."""
    return tuple(name for name in type(before).model_fields
                 if name != "entities" and getattr(before, name) is not getattr(after, name)
                 and getattr(before, name) != getattr(after, name))


def referrers(model: DataModel, keys: Iterable[EntityKey]) -> list[Entity]:
    """Entities that point at one of ``keys`` (canonical): by a foreign key, as a partition, or by
    co-location (these two by name alone, so that a reference left to a deleted entity counts)."""
    wanted = set(keys)
    names = {k.name for k in wanted}
    found: list[Entity] = []
    for e in model.entities:
        hit = any(fk.references in names and model.canonical_key(fk.target(e.key)) in wanted
                  for fk in e.foreign_keys)
        if not hit:
            texts = (e.partition_of, e.distribution.colocate_with if e.distribution else None)
            hit = any(text and text.rpartition(".")[2] in names for text in texts)
        if hit:
            found.append(e)
    return found


def _neighbourhood(model: DataModel, keys: set[EntityKey]) -> DataModel:
    """A model holding the entities of ``keys`` (those that exist) and, as bare targets (without
    references of their own, which would only be reported as dangling here), what they point at."""
    chosen: dict[EntityKey, Entity] = {}
    for key in keys:
        e = model.entity(key)
        if e is not None:
            chosen[model.canonical_key(e.key)] = e
    for e in list(chosen.values()):
        targets = [model.fk_target(e, fk) for fk in e.foreign_keys]
        for text in (e.partition_of, e.distribution.colocate_with if e.distribution else None):
            if text:
                targets.append(model.find_entity(text))
        for t in targets:
            if t is not None and model.canonical_key(t.key) not in chosen:
                chosen[model.canonical_key(t.key)] = t.model_copy(update={
                    "foreign_keys": (), "partition_of": None, "distribution": None, "triggers": ()})
    entities = tuple(chosen[k] for k in sorted(chosen, key=lambda k: model.entity_position(k) or 0))
    result: DataModel = model.model_copy(update={"entities": entities})
    return result


def _counted(problems: Iterable[Problem], heads: set[str] | None) -> Counter[tuple[str, str]]:
    """Problems as (model part, message), entity problems restricted to the entities in ``heads``
    and counted by message alone (so renaming a broken entity is not refused for old problems)."""
    counts: Counter[tuple[str, str]] = Counter()
    for p in problems:
        head = _head(p)
        if not head.startswith("entities["):
            counts[(head, p.message)] += 1
        elif heads is None or head in heads:
            counts[("entities", p.message)] += 1
    return counts


def _head(p: Problem) -> str:
    return p.where.split(".", 1)[0]


def _fresh(old: list[Problem], new: list[Problem], old_heads: set[str] | None,
           new_heads: set[str] | None) -> list[Problem]:
    fresh = _counted(new, new_heads) - _counted(old, old_heads)
    found: list[Problem] = []
    for p in new:
        head = _head(p)
        key = (head, p.message) if not head.startswith("entities[") else ("entities", p.message)
        if fresh[key] > 0 and (new_heads is None or not head.startswith("entities[") or head in new_heads):
            fresh[key] -= 1
            found.append(p)
    return found


def _same_surface(before: DataModel, after: DataModel, removed: list[Entity], added: list[Entity]
                  ) -> set[EntityKey]:
    """Keys of the entities replaced by a version that looks the same to the entities that
    reference them (same attributes, keys and indexes): their referrers need no new check."""
    old = {before.canonical_key(e.key): e for e in removed}
    same: set[EntityKey] = set()
    for e in added:
        key = after.canonical_key(e.key)
        prev = old.get(key)
        if prev is not None and all(getattr(prev, f) is getattr(e, f) for f in _SURFACE):
            same.add(key)
    return same


def new_problems(before: DataModel, after: DataModel) -> list[Problem]:
    """Problems of ``after`` that ``before`` did not have, looking only where the edit reached."""
    if any(getattr(before, f) != getattr(after, f) for f in _VALIDATED_FIELDS):
        return _fresh(validate_model(before), validate_model(after), None, None)
    removed, added = entity_diff(before, after)
    if not removed and not added:
        return []
    keys = {before.canonical_key(e.key) for e in removed} | {after.canonical_key(e.key) for e in added}
    affected = {after.canonical_key(e.key) for e in added}
    targets = keys - _same_surface(before, after, removed, added)
    if targets:
        affected |= {after.canonical_key(e.key) for e in referrers(after, targets)}
    old_keys = affected | {before.canonical_key(e.key) for e in removed}
    new_list = validate_model(_neighbourhood(after, affected))
    old_list = validate_model(_neighbourhood(before, old_keys))
    found = _fresh(old_list, new_list, {f"entities[{k.name}]" for k in old_keys},
                   {f"entities[{k.name}]" for k in affected})
    # Index names share one namespace per schema: a clash can be with any entity, not only neighbours.
    shown = {(p.where, p.message) for p in found}
    found += [p for p in _fresh(relation_name_problems(before), relation_name_problems(after), None, None)
              if (p.where, p.message) not in shown]
    if after.publications:  # a publication names tables and columns of any entity
        from core.model_checks import publication_problems

        found += _fresh(list(publication_problems(before)), list(publication_problems(after)), None, None)
    return found
