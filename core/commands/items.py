"""Commands on an entity's collections: unique constraints, checks, foreign keys, indexes,
exclusion constraints, triggers, functional and multivalued dependencies, and row-level-security
policies, with a few convenience constructors.

>>> from core.model import DataModel, Entity, Attribute, PrimaryKey
>>> t = Entity(name="t", attributes=(Attribute(name="id", type="int"), Attribute(name="a", type="text")),
...            primary_key=PrimaryKey(columns=("id",)))
>>> m = DataModel(entities=(t,))
>>> m2, _ = add_fd(EntityKey(None, "t"), ["id"], ["a"]).apply(m)
>>> m2.entities[0].fds[0].rhs
('a',)
>>> add_index(EntityKey(None, "t"), ["b"]).apply(m)
Traceback (most recent call last):
...
core.errors.CommandError: add index (b) to t: the index names attribute "b", which does not exist in "t"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.commands.attributes import put
from core.commands.base import Command
from core.commands.refs import changed, check_name, entity_at, missing_columns
from core.errors import CommandError
from core.model import (
    CheckConstraint,
    DataModel,
    Entity,
    EntityKey,
    ExclusionConstraint,
    ForeignKey,
    FunctionalDependency,
    Index,
    IndexKey,
    MultivaluedDependency,
    Node,
    Policy,
    RowLevelSecurity,
    Trigger,
    UniqueConstraint,
)
from core.validate import suggest

__all__ = ["COLLECTIONS", "AddItem", "RemoveItem", "ReplaceItem", "add_check", "add_fd", "add_foreign_key",
           "add_index", "add_unique"]

#: Collection name -> (item class, what to call one in messages).
COLLECTIONS: dict[str, tuple[type[Node], str]] = {
    "uniques": (UniqueConstraint, "unique constraint"),
    "checks": (CheckConstraint, "check"),
    "foreign_keys": (ForeignKey, "foreign key"),
    "indexes": (Index, "index"),
    "exclusions": (ExclusionConstraint, "exclusion constraint"),
    "triggers": (Trigger, "trigger"),
    "fds": (FunctionalDependency, "functional dependency"),
    "mvds": (MultivaluedDependency, "multivalued dependency"),
    "policies": (Policy, "policy"),
}


def _noun(collection: str) -> str:
    if collection not in COLLECTIONS:
        raise CommandError(f'"{collection}" is not a collection of an entity; use one of '
                           f"{', '.join(COLLECTIONS)}{suggest(collection, COLLECTIONS)}")
    return COLLECTIONS[collection][1]


def items_of(entity: Entity, collection: str) -> tuple[Any, ...]:
    """The items of one of ``entity``'s collections (``policies`` live in ``rls``)."""
    _noun(collection)
    if collection == "policies":
        return entity.rls.policies if entity.rls is not None else ()
    items: tuple[Any, ...] = getattr(entity, collection)
    return items


def _with_items(entity: Entity, collection: str, items: tuple[Any, ...]) -> Entity:
    if collection == "policies":
        rls = entity.rls if entity.rls is not None else RowLevelSecurity()
        return changed(entity, rls=changed(rls, policies=items))
    return changed(entity, **{collection: items})


def describe(collection: str, item: Any) -> str:
    """A short description of an item for labels (``(a, b)``, ``t(a) -> u``, ``a -> b``)."""
    if isinstance(item, ForeignKey):
        return f"({', '.join(item.columns)}) -> {item.references}"
    if isinstance(item, FunctionalDependency | MultivaluedDependency):
        arrow = "->" if isinstance(item, FunctionalDependency) else "->>"
        return f"{', '.join(item.lhs)} {arrow} {', '.join(item.rhs)}"
    name = getattr(item, "name", None)
    if name:
        return str(name)
    if isinstance(item, Index):
        return "(" + ", ".join(k.column or k.expression or "" for k in item.columns) + ")"
    if isinstance(item, UniqueConstraint):
        return f"({', '.join(item.columns)})"
    if isinstance(item, CheckConstraint):
        return item.expression
    return ""


def _check_item(model: DataModel, entity: Entity, collection: str, item: Any, label: str,
                replacing: int | None = None) -> None:
    cls, noun = COLLECTIONS[collection]
    if not isinstance(item, cls):
        raise CommandError(f"{label}: expected a {cls.__name__}, not {type(item).__name__}")
    name = getattr(item, "name", None)
    if name is not None:
        check_name(name, label)
        for i, other in enumerate(items_of(entity, collection)):
            if i != replacing and getattr(other, "name", None) == name:
                raise CommandError(f'{label}: "{entity.name}" already has a {noun} named "{name}"')
    what = f"{label}: the {noun}"
    if isinstance(item, UniqueConstraint):
        _columns(entity, item.columns, what)
    elif isinstance(item, Index):
        if any((k.column is None) == (k.expression is None) for k in item.columns):
            raise CommandError(f"{label}: each index key is either a column or an expression")
        _columns(entity, item.column_names, what)
        missing_columns(entity, item.include, f"{what}'s include")
    elif isinstance(item, ForeignKey):
        _check_fk(model, entity, item, what)
    elif isinstance(item, FunctionalDependency | MultivaluedDependency):
        if not item.rhs:
            raise CommandError(f"{label}: a dependency needs a right-hand side")
        missing_columns(entity, tuple(dict.fromkeys((*item.lhs, *item.rhs))), what)
    elif isinstance(item, Trigger) and item.function not in {f.name for f in model.functions}:
        raise CommandError(f'{label}: function "{item.function}" is not in the model'
                           f"{suggest(item.function, [f.name for f in model.functions])}; add it first")
    elif isinstance(item, ExclusionConstraint) and not item.elements:
        raise CommandError(f"{label}: an exclusion constraint needs at least one element")


def _columns(entity: Entity, columns: Sequence[str], what: str) -> None:
    if not columns:
        raise CommandError(f"{what} needs at least one column")
    missing_columns(entity, columns, what)


def _check_fk(model: DataModel, entity: Entity, fk: ForeignKey, what: str) -> None:
    _columns(entity, fk.columns, what)
    target = model.fk_target(entity, fk)
    if target is None:
        hint = suggest(fk.references, [e.name for e in model.entities])
        raise CommandError(f'{what} references entity "{fk.target(entity.key).display()}", which does not '
                           f"exist{hint}")
    ref = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
    if not ref:
        raise CommandError(f'{what} references "{target.name}", which has no primary key: name ref_columns')
    missing_columns(target, ref, what)
    if len(ref) != len(fk.columns):
        raise CommandError(f"{what} has {len(fk.columns)} column(s) but references {len(ref)} column(s) "
                           f'of "{target.name}"')


@dataclass(frozen=True)
class AddItem(Command):
    """Add ``item`` to ``collection`` of an entity at ``position`` (default: the end)."""

    entity_key: EntityKey
    collection: str
    item: Any
    position: int | None = None

    @property
    def label(self) -> str:
        noun = COLLECTIONS.get(self.collection, (None, self.collection))[1]
        return f"add {noun} {describe(self.collection, self.item)} to {self.entity_key.display()}"

    def transform(self, model: DataModel) -> DataModel:
        _noun(self.collection)
        entity = entity_at(model, self.entity_key)
        _check_item(model, entity, self.collection, self.item, self.label)
        items = list(items_of(entity, self.collection))
        pos = len(items) if self.position is None else max(0, min(self.position, len(items)))
        items.insert(pos, self.item)
        return put(model, entity, _with_items(entity, self.collection, tuple(items)))


def _position(entity: Entity, collection: str, index: int, label: str) -> tuple[Any, ...]:
    items = items_of(entity, collection)
    if not isinstance(index, int) or not 0 <= index < len(items):
        raise CommandError(f'{label}: "{entity.name}" has {len(items)} {collection}; there is no #{index}')
    return items


@dataclass(frozen=True)
class RemoveItem(Command):
    """Remove item number ``index`` (from 0) of ``collection`` of an entity."""

    entity_key: EntityKey
    collection: str
    index: int

    @property
    def label(self) -> str:
        noun = COLLECTIONS.get(self.collection, (None, self.collection))[1]
        return f"remove {noun} #{self.index + 1} from {self.entity_key.display()}"

    def transform(self, model: DataModel) -> DataModel:
        _noun(self.collection)
        entity = entity_at(model, self.entity_key)
        items = _position(entity, self.collection, self.index, self.label)
        return put(model, entity, _with_items(entity, self.collection, items[:self.index] + items[self.index + 1:]))


@dataclass(frozen=True)
class ReplaceItem(Command):
    """Replace item number ``index`` (from 0) of ``collection`` of an entity with ``item``."""

    entity_key: EntityKey
    collection: str
    index: int
    item: Any

    @property
    def label(self) -> str:
        noun = COLLECTIONS.get(self.collection, (None, self.collection))[1]
        return f"edit {noun} {describe(self.collection, self.item)} of {self.entity_key.display()}"

    def transform(self, model: DataModel) -> DataModel:
        _noun(self.collection)
        entity = entity_at(model, self.entity_key)
        items = _position(entity, self.collection, self.index, self.label)
        _check_item(model, entity, self.collection, self.item, self.label, replacing=self.index)
        new = (*items[:self.index], self.item, *items[self.index + 1:])
        return put(model, entity, _with_items(entity, self.collection, new))


def add_foreign_key(entity_key: EntityKey, columns: Sequence[str], references: str,
                    ref_columns: Sequence[str] = (), **options: Any) -> AddItem:
    """An :class:`AddItem` of a :class:`ForeignKey` (``options``: ``ref_schema``, ``name``,
    ``on_delete``, ``on_update``, ``deferrable``, ``cardinality``, ``optional``...)."""
    fk = ForeignKey(columns=tuple(columns), references=references, ref_columns=tuple(ref_columns), **options)
    return AddItem(entity_key, "foreign_keys", fk)


def add_index(entity_key: EntityKey, columns: Sequence[str], **options: Any) -> AddItem:
    """An :class:`AddItem` of an :class:`Index` on plain ``columns`` (``options``: ``name``,
    ``unique``, ``method``, ``where``, ``include``...)."""
    keys = tuple(IndexKey(column=c) for c in columns)
    return AddItem(entity_key, "indexes", Index(columns=keys, **options))


def add_unique(entity_key: EntityKey, columns: Sequence[str], name: str | None = None) -> AddItem:
    """An :class:`AddItem` of a :class:`UniqueConstraint`."""
    return AddItem(entity_key, "uniques", UniqueConstraint(columns=tuple(columns), name=name))


def add_check(entity_key: EntityKey, expression: str, name: str | None = None) -> AddItem:
    """An :class:`AddItem` of a :class:`CheckConstraint`."""
    return AddItem(entity_key, "checks", CheckConstraint(expression=expression, name=name))


def add_fd(entity_key: EntityKey, lhs: Sequence[str], rhs: Sequence[str]) -> AddItem:
    """An :class:`AddItem` of a declared :class:`FunctionalDependency` ``lhs -> rhs``."""
    return AddItem(entity_key, "fds", FunctionalDependency(lhs=tuple(lhs), rhs=tuple(rhs)))
