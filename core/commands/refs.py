"""Small helpers shared by the commands: name checks, references by name, copy-on-change.

Every helper returns the very same object when nothing changes, so that an edit copies only the
objects on the path to the change and unchanged entities stay shared between model versions
(which is how :func:`core.commands.guard.entity_diff` finds what an edit touched).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from core.errors import CommandError
from core.model import DataModel, Entity, EntityKey, ForeignKey, Node
from core.validate import identifier_problem, suggest

N = TypeVar("N", bound=Node)
T = TypeVar("T")


def check_name(name: str, what: str) -> None:
    """Raise :class:`CommandError` when ``name`` cannot be an identifier."""
    if not isinstance(name, str):
        raise CommandError(f"{what}: a name must be text, not {type(name).__name__}")
    problem = identifier_problem(name)
    if problem:
        raise CommandError(f"{what}: {problem}")


def changed(obj: N, **changes: Any) -> N:
    """``obj`` with ``changes`` applied, or ``obj`` itself when every value is already equal."""
    diff = {k: v for k, v in changes.items() if getattr(obj, k) is not v and getattr(obj, k) != v}
    result: N = obj.model_copy(update=diff) if diff else obj
    return result


def mapped(items: tuple[T, ...], fn: Callable[[T], T | None]) -> tuple[T, ...]:
    """``fn`` applied to every item (``None`` drops it); the same tuple when nothing changed."""
    out: list[T] = []
    same = True
    for item in items:
        new = fn(item)
        if new is not item:
            same = False
        if new is not None:
            out.append(new)
    return items if same else tuple(out)


def renamed_names(names: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    """``names`` with ``old`` replaced by ``new`` (the same tuple when ``old`` is absent)."""
    if old not in names:
        return names
    return tuple(new if n == old else n for n in names)


def entity_at(model: DataModel, key: EntityKey) -> Entity:
    """The entity at ``key``, or a :class:`CommandError` naming it with a suggestion."""
    if not isinstance(key, EntityKey):
        raise CommandError(f"an entity key is a (schema, name) pair, not {key!r}")
    entity = model.entity(key)
    if entity is None:
        hint = suggest(key.display(), [e.key.display() for e in model.entities])
        raise CommandError(f'entity "{key.display()}" does not exist{hint}')
    return entity


def attribute_of(entity: Entity, name: str) -> int:
    """The position of attribute ``name`` in ``entity``, or a :class:`CommandError`."""
    pos = entity.attribute_position(name)
    if pos is None:
        raise CommandError(f'entity "{entity.name}" has no attribute "{name}"'
                           f"{suggest(name, entity.attribute_names)}")
    return pos


def missing_columns(entity: Entity, columns: Sequence[str], what: str) -> None:
    """Raise :class:`CommandError` when one of ``columns`` is not an attribute of ``entity``."""
    for c in columns:
        if entity.attribute(c) is None:
            raise CommandError(f'{what} names attribute "{c}", which does not exist in "{entity.name}"'
                               f"{suggest(c, entity.attribute_names)}")
    if len(set(columns)) != len(columns):
        raise CommandError(f'{what} lists an attribute of "{entity.name}" twice')


def points_at(model: DataModel, text: str | None, key: EntityKey) -> bool:
    """Whether an entity reference written as text (``name`` or ``schema.name``) resolves to the
    entity at canonical ``key``."""
    if not text:
        return False
    found = model.find_entity(text)
    return found is not None and model.canonical_key(found.key) == key


def reference_text(model: DataModel, new_key: EntityKey) -> str:
    """How to write a reference to the entity at canonical ``new_key`` (``name``/``schema.name``)."""
    return new_key.name if new_key.schema is None else f"{new_key.schema}.{new_key.name}"


def targets(model: DataModel, owner: EntityKey, fk: ForeignKey, key: EntityKey) -> bool:
    """Whether ``fk`` (declared by the entity at ``owner``) references the entity at canonical ``key``."""
    return fk.references == key.name and model.canonical_key(fk.target(owner)) == key


def ref_schema(model: DataModel, owner: EntityKey, target: EntityKey, previous: str | None) -> str | None:
    """The ``ref_schema`` an FK of ``owner`` needs to reach ``target`` (both canonical): ``None``
    when the target is in the owner's schema and the FK did not spell the schema out."""
    owner_schema = model.canonical_key(owner).schema
    if target.schema == owner_schema and previous is None:
        return None
    return target.schema if target.schema is not None else model.default_schema


def with_entities(model: DataModel, entities: tuple[Entity, ...]) -> DataModel:
    """``model`` with a new entity tuple (the same model when nothing changed)."""
    if entities is model.entities:
        return model
    result: DataModel = model.model_copy(update={"entities": entities})
    return result


def expression_texts(entity: Entity) -> Iterator[str]:
    """Every SQL expression text ``entity`` holds (those :func:`map_expressions` visits)."""
    if entity.partition_by:
        yield entity.partition_by
    for a in entity.attributes:
        if a.generated:
            yield a.generated
        if a.check:
            yield a.check
    for c in entity.checks:
        yield c.expression
    for ix in entity.indexes:
        if ix.where:
            yield ix.where
        yield from (k.expression for k in ix.columns if k.expression)
    for x in entity.exclusions:
        if x.where:
            yield x.where
        yield from (el.expression for el in x.elements)
    if entity.rls is not None:
        yield from (t for p in entity.rls.policies for t in (p.using, p.with_check) if t)
    yield from (t.when for t in entity.triggers if t.when)


def map_expressions(entity: Entity, fn: Callable[[str], str],
                    when: Callable[[str], str] | None = None) -> Entity:
    """``entity`` with ``fn`` applied to every SQL expression it holds: attribute ``generated``
    and ``check``, check constraints, index expression keys and ``where``, exclusion elements
    and ``where``, policies' ``using``/``with_check``, ``partition_by``; ``when`` (default
    ``fn``) is applied to trigger ``WHEN`` conditions, where the row is ``NEW``/``OLD``."""
    def opt(text: str | None, f: Callable[[str], str] = fn) -> str | None:
        return None if text is None else f(text)

    attributes = mapped(entity.attributes, lambda a: changed(a, generated=opt(a.generated), check=opt(a.check)))
    checks = mapped(entity.checks, lambda c: changed(c, expression=fn(c.expression)))
    indexes = mapped(entity.indexes, lambda ix: changed(
        ix, where=opt(ix.where),
        columns=mapped(ix.columns, lambda k: changed(k, expression=opt(k.expression)))))
    exclusions = mapped(entity.exclusions, lambda x: changed(
        x, where=opt(x.where),
        elements=mapped(x.elements, lambda el: changed(el, expression=fn(el.expression)))))
    rls = entity.rls
    if rls is not None:
        rls = changed(rls, policies=mapped(rls.policies, lambda p: changed(
            p, using=opt(p.using), with_check=opt(p.with_check))))
    triggers = mapped(entity.triggers, lambda t: changed(t, when=opt(t.when, when or fn)))
    return changed(entity, attributes=attributes, checks=checks, indexes=indexes, exclusions=exclusions,
                   rls=rls, triggers=triggers, partition_by=opt(entity.partition_by))
