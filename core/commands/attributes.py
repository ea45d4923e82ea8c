"""Attribute commands: add, delete, rename, change, reorder, move to another entity; the
primary key.

>>> from core.model import DataModel, Entity, Attribute, PrimaryKey
>>> m = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="id", type="int"),),
...                                primary_key=PrimaryKey(columns=("id",))),))
>>> m2, _ = RenameAttribute(EntityKey(None, "t"), "id", "t_id").apply(m)
>>> m2.entities[0].primary_key.columns
('t_id',)
>>> UpdateAttribute(EntityKey(None, "t"), "t_id", (("type", "text"), ("identity", "always"))).apply(m2)
Traceback (most recent call last):
...
core.errors.CommandError: edit attribute t.t_id: an identity column needs an integer type (smallint, integer, bigint), not "text"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from core.commands.base import Command
from core.commands.column_refs import drop_column, referenced_columns, rename_column
from core.commands.refs import attribute_of, changed, check_name, entity_at, missing_columns, with_entities
from core.errors import CommandError
from core.model import Attribute, DataModel, Entity, EntityKey, ForeignKey, PrimaryKey
from core.types import base_name, family

__all__ = ["AddAttribute", "DeleteAttribute", "MoveAttribute", "RenameAttribute", "SetPrimaryKey",
           "UpdateAttribute", "put"]


def put(model: DataModel, old: Entity, new: Entity) -> DataModel:
    """``model`` with entity object ``old`` replaced by ``new``."""
    if new is old:
        return model
    return with_entities(model, tuple(new if e is old else e for e in model.entities))


@dataclass(frozen=True)
class AddAttribute(Command):
    """Add ``attribute`` to an entity at ``position`` (default: the end)."""

    entity_key: EntityKey
    attribute: Attribute
    position: int | None = None

    @property
    def label(self) -> str:
        return f"add attribute {self.entity_key.display()}.{self.attribute.name}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.entity_key)
        if not isinstance(self.attribute, Attribute):
            raise CommandError(f"{self.label}: expected an Attribute, not {type(self.attribute).__name__}")
        check_name(self.attribute.name, self.label)
        if entity.attribute(self.attribute.name) is not None:
            raise CommandError(f'{self.label}: "{entity.name}" already has an attribute "{self.attribute.name}"')
        _check_attribute(self.attribute, self.label)
        attrs = list(entity.attributes)
        pos = len(attrs) if self.position is None else max(0, min(self.position, len(attrs)))
        attrs.insert(pos, self.attribute)
        return put(model, entity, changed(entity, attributes=tuple(attrs)))


@dataclass(frozen=True)
class DeleteAttribute(Command):
    """Delete an attribute and what depends on it (see :mod:`core.commands.column_refs`)."""

    entity_key: EntityKey
    name: str

    @property
    def label(self) -> str:
        return f"delete attribute {self.entity_key.display()}.{self.name}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.entity_key)
        attribute_of(entity, self.name)
        return drop_column(model, model.canonical_key(entity.key), self.name)


@dataclass(frozen=True)
class RenameAttribute(Command):
    """Rename an attribute; every reference follows (see :mod:`core.commands.column_refs`)."""

    entity_key: EntityKey
    old: str
    new: str

    @property
    def label(self) -> str:
        return f"rename attribute {self.entity_key.display()}.{self.old} to {self.new}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.entity_key)
        attribute_of(entity, self.old)
        check_name(self.new, self.label)
        if self.new == self.old:
            return model
        if entity.attribute(self.new) is not None:
            raise CommandError(f'{self.label}: "{entity.name}" already has an attribute "{self.new}"')
        return rename_column(model, model.canonical_key(entity.key), self.old, self.new)


#: Attribute fields :class:`UpdateAttribute` sets (the name goes through :class:`RenameAttribute`).
ATTRIBUTE_FIELDS = ("type", "nullable", "default", "identity", "generated", "check", "note", "original_type")


def _check_attribute(a: Attribute, label: str) -> None:
    if not isinstance(a.type, str) or not a.type.strip():
        raise CommandError(f"{label}: an attribute needs a type")
    if a.identity is not None and family(a.type) != "integer":
        raise CommandError(f"{label}: an identity column needs an integer type (smallint, integer, bigint), "
                           f'not "{a.type}"')
    for one, other in (("identity", "generated"), ("identity", "default"), ("generated", "default")):
        if getattr(a, one) is not None and getattr(a, other) is not None:
            raise CommandError(f"{label}: a column cannot have both {one} and {other}; clear one of them")


@dataclass(frozen=True)
class UpdateAttribute(Command):
    """Change fields of an attribute: ``changes`` is ``((field, value), ...)`` over ``type``,
    ``nullable``, ``default``, ``identity``, ``generated``, ``check``, ``note``, ``original_type``.

    A new type follows along foreign keys: columns that reference this one with the same type as
    it had get the new type too (as a modeling tool propagates a key's domain). Consecutive edits of
    the same fields of the same attribute merge into one undo step (:meth:`merge_key`).
    """

    entity_key: EntityKey
    name: str
    changes: tuple[tuple[str, Any], ...]
    text: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        if len(self.changes) == 1:
            what, value = self.changes[0]
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
            return f"set {what} of {self.entity_key.display()}.{self.name} to {shown}"
        return f"edit attribute {self.entity_key.display()}.{self.name}"

    def merge_key(self) -> tuple[Any, ...] | None:
        return ("update attribute", self.entity_key, self.name, tuple(sorted(n for n, _ in self.changes)))

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.entity_key)
        current = entity.attributes[attribute_of(entity, self.name)]
        for what, _ in self.changes:
            if what not in ATTRIBUTE_FIELDS:
                raise CommandError(f'{self.label}: "{what}" is not an attribute field that can be set here '
                                   f"(one of {', '.join(ATTRIBUTE_FIELDS)})")
        try:
            checked = Attribute.model_validate({"name": current.name, "type": current.type, **dict(self.changes)})
        except ValidationError as error:
            first = error.errors()[0]
            raise CommandError(f"{self.label}: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
        new_attr = changed(current, **{what: getattr(checked, what) for what, _ in self.changes})
        _check_attribute(new_attr, self.label)
        model = put(model, entity, changed(entity, attributes=tuple(
            new_attr if a is current else a for a in entity.attributes)))
        if new_attr.type != current.type:
            model = _propagate_type(model, model.canonical_key(entity.key), current.name, current.type, new_attr.type)
        return model


_SERIALS = {"smallserial": "smallint", "serial2": "smallint", "serial": "integer", "serial4": "integer",
            "bigserial": "bigint", "serial8": "bigint"}


def referencing_type(type_text: str) -> str:
    """The type of a column that references one of ``type_text``: the integer behind a serial.

    >>> referencing_type("bigserial"), referencing_type("BIGINT"), referencing_type("serial")
    ('bigint', 'BIGINT', 'integer')
    """
    return _SERIALS.get(type_text.strip().lower(), type_text)


def _propagate_type(model: DataModel, key: EntityKey, column: str, old: str, new: str) -> DataModel:
    """Give type ``new`` to the FK columns that reference ``key.column`` (transitively, along
    chains of foreign keys) and had its old type ``old``."""
    olds = {base_name(old), base_name(referencing_type(old))}
    new = referencing_type(new)
    incoming: dict[EntityKey, list[tuple[Entity, ForeignKey]]] = {}
    for e, fk in model.iter_foreign_keys():
        if fk.references:
            incoming.setdefault(model.canonical_key(fk.target(e.key)), []).append((e, fk))
    todo = [(key, column)]
    seen = set(todo)
    found: dict[EntityKey, set[str]] = {}
    while todo:
        target, col = todo.pop()
        for e, fk in incoming.get(target, ()):
            ek = model.canonical_key(e.key)
            for own, ref in zip(fk.columns, referenced_columns(model, e, fk), strict=False):
                a = e.attribute(own)
                if ref == col and a is not None and (ek, own) not in seen and base_name(a.type) in olds:
                    seen.add((ek, own))
                    todo.append((ek, own))
                    found.setdefault(ek, set()).add(own)
    if not found:
        return model

    def retype(e: Entity) -> Entity:
        names = found.get(model.canonical_key(e.key))
        if not names:
            return e
        return changed(e, attributes=tuple(changed(a, type=new) if a.name in names else a for a in e.attributes))

    return with_entities(model, tuple(retype(e) for e in model.entities))


@dataclass(frozen=True)
class MoveAttribute(Command):
    """Move an attribute to another position within its entity."""

    entity_key: EntityKey
    name: str
    position: int

    @property
    def label(self) -> str:
        return f"move attribute {self.entity_key.display()}.{self.name}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.entity_key)
        attr = entity.attributes[attribute_of(entity, self.name)]
        attrs = [a for a in entity.attributes if a is not attr]
        attrs.insert(max(0, min(self.position, len(attrs))), attr)
        return put(model, entity, changed(entity, attributes=tuple(attrs)))


@dataclass(frozen=True)
class SetPrimaryKey(Command):
    """Set an entity's primary key to ``columns`` (``None`` or empty: no primary key); a named
    primary key keeps its name."""

    entity_key: EntityKey
    columns: tuple[str, ...] | None

    @property
    def label(self) -> str:
        cols = ", ".join(self.columns or ()) or "none"
        return f"set primary key of {self.entity_key.display()} to ({cols})"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.entity_key)
        if not self.columns:
            return put(model, entity, changed(entity, primary_key=None))
        if isinstance(self.columns, str):
            raise CommandError(f"{self.label}: columns must be a list of attribute names")
        missing_columns(entity, self.columns, "the primary key")
        pk = entity.primary_key
        new_pk = PrimaryKey(columns=tuple(self.columns), name=pk.name if pk else None)
        return put(model, entity, changed(entity, primary_key=new_pk if new_pk != pk else pk))
