"""Entity commands: add, delete, rename, move to another schema, reorder, update fields.

>>> from core.model import DataModel, Entity, Attribute, ForeignKey, PrimaryKey
>>> ids = (Attribute(name="id", type="bigint"),)
>>> m = DataModel(entities=(
...     Entity(name="customers", attributes=ids, primary_key=PrimaryKey(columns=("id",))),
...     Entity(name="orders", attributes=(*ids, Attribute(name="customer_id", type="bigint")),
...            foreign_keys=(ForeignKey(columns=("customer_id",), references="customers"),))))
>>> m2, undo = RenameEntity(EntityKey(None, "customers"), "clients").apply(m)
>>> m2.entities[1].foreign_keys[0].references
'clients'
>>> undo.apply(m2)[0] == m
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from core.commands.base import Command
from core.commands.entity_refs import drop_entity, retarget_entity
from core.commands.refs import changed, check_name, entity_at, with_entities
from core.errors import CommandError
from core.model import DataModel, Entity, EntityKey

__all__ = ["AddEntity", "DeleteEntity", "MoveEntity", "RenameEntity", "SetEntitySchema", "UpdateEntity"]


def _free(model: DataModel, key: EntityKey, what: str) -> None:
    """Raise when an entity or view already has the name ``key`` (canonical)."""
    if model.entity(key) is not None:
        raise CommandError(f'{what}: an entity named "{key.display()}" already exists')
    for v in model.views:
        if model.canonical_key(EntityKey(v.schema_name, v.name)) == key:
            raise CommandError(f'{what}: a view named "{key.display()}" already exists')


@dataclass(frozen=True)
class AddEntity(Command):
    """Insert ``entity`` at ``position`` (default: the end). Its name must be free and its
    references must hold (validated)."""

    entity: Entity
    position: int | None = None

    @property
    def label(self) -> str:
        return f"add entity {self.entity.key.display()}"

    def transform(self, model: DataModel) -> DataModel:
        if not isinstance(self.entity, Entity):
            raise CommandError(f"add entity: expected an Entity, not {type(self.entity).__name__}")
        check_name(self.entity.name, "add entity")
        if self.entity.schema_name is not None:
            check_name(self.entity.schema_name, f"add entity {self.entity.name}: schema")
        _free(model, model.canonical_key(self.entity.key), self.label)
        entities = list(model.entities)
        pos = len(entities) if self.position is None else max(0, min(self.position, len(entities)))
        entities.insert(pos, self.entity)
        return with_entities(model, tuple(entities))


@dataclass(frozen=True)
class DeleteEntity(Command):
    """Delete an entity, its partitions, the foreign keys that point at them and co-location
    with them (like ``DROP TABLE ... CASCADE``)."""

    key: EntityKey

    @property
    def label(self) -> str:
        return f"delete entity {self.key.display()}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.key)
        new, _ = drop_entity(model, model.canonical_key(entity.key))
        return new


@dataclass(frozen=True)
class RenameEntity(Command):
    """Rename an entity; every reference follows (see :mod:`core.commands.entity_refs`)."""

    key: EntityKey
    new_name: str

    @property
    def label(self) -> str:
        return f"rename entity {self.key.display()} to {self.new_name}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.key)
        check_name(self.new_name, self.label)
        old = model.canonical_key(entity.key)
        new = EntityKey(old.schema, self.new_name)
        if new == old:
            return model
        _free(model, new, self.label)
        return retarget_entity(model, old, new)

    def renames(self) -> tuple[tuple[EntityKey, EntityKey], ...]:
        return ((self.key, EntityKey(self.key.schema, self.new_name)),)


@dataclass(frozen=True)
class SetEntitySchema(Command):
    """Move an entity to another schema (``None``: the default schema); references follow."""

    key: EntityKey
    schema: str | None

    @property
    def label(self) -> str:
        return f"move entity {self.key.display()} to schema {self.schema or 'default'}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.key)
        if self.schema is not None:
            check_name(self.schema, self.label)
        old = model.canonical_key(entity.key)
        new = model.canonical_key(EntityKey(self.schema, entity.name))
        if new == old:
            return model
        _free(model, new, self.label)
        return retarget_entity(model, old, new)

    def renames(self) -> tuple[tuple[EntityKey, EntityKey], ...]:
        return ((self.key, EntityKey(self.schema, self.key.name)),)


@dataclass(frozen=True)
class MoveEntity(Command):
    """Move an entity to another position in the model (the file's order)."""

    key: EntityKey
    position: int

    @property
    def label(self) -> str:
        return f"move entity {self.key.display()}"

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.key)
        entities = [e for e in model.entities if e is not entity]
        entities.insert(max(0, min(self.position, len(entities))), entity)
        return with_entities(model, tuple(entities))


#: Entity fields :class:`UpdateEntity` sets directly (``name``/``schema`` go through the cascades).
ENTITY_FIELDS = ("note", "tags", "rls", "distribution", "partition_by", "partition_of", "partition_bound",
                 "data_source")


@dataclass(frozen=True)
class UpdateEntity(Command):
    """Set entity fields: ``changes`` is ``((field, value), ...)`` over ``note``, ``tags``,
    ``rls``, ``distribution``, ``partition_by``, ``partition_of``, ``partition_bound``,
    ``data_source``, and ``name``/``schema`` (applied as :class:`RenameEntity` /
    :class:`SetEntitySchema`). Values are validated like the model file (``tags`` may be
    ``"a, b"``, ``distribution`` a mapping)."""

    key: EntityKey
    changes: tuple[tuple[str, Any], ...]
    text: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        return f"edit {', '.join(name for name, _ in self.changes)} of {self.key.display()}"

    def merge_key(self) -> tuple[Any, ...] | None:
        names = tuple(sorted(name for name, _ in self.changes))
        if "name" in names or "schema" in names:
            return None
        return ("update entity", self.key, names)

    def _values(self, entity: Entity) -> dict[str, Any]:
        plain = {name: value for name, value in self.changes if name not in ("name", "schema")}
        for name in plain:
            if name not in ENTITY_FIELDS:
                raise CommandError(f'{self.label}: "{name}" is not an entity field that can be set here '
                                   f"(one of {', '.join(ENTITY_FIELDS)}, name, schema)")
        try:
            checked = Entity.model_validate({"name": entity.name, **plain})
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise CommandError(f"{self.label}: {where}: {first['msg']}") from None
        return {name: getattr(checked, name) for name in plain}

    def transform(self, model: DataModel) -> DataModel:
        entity = entity_at(model, self.key)
        values = self._values(entity)
        new_entity = changed(entity, **values)
        key = model.canonical_key(entity.key)
        if new_entity is not entity:
            entities = tuple(new_entity if e is entity else e for e in model.entities)
            model = with_entities(model, entities)
        updates = dict(self.changes)
        if "schema" in updates:
            model = SetEntitySchema(key, updates["schema"]).transform(model)
            key = model.canonical_key(EntityKey(updates["schema"], key.name))
        if "name" in updates:
            model = RenameEntity(key, updates["name"]).transform(model)
        return model

    def renames(self) -> tuple[tuple[EntityKey, EntityKey], ...]:
        updates = dict(self.changes)
        pairs: list[tuple[EntityKey, EntityKey]] = []
        key = self.key
        if "schema" in updates:
            pairs.append((key, EntityKey(updates["schema"], key.name)))
            key = pairs[-1][1]
        if "name" in updates:
            pairs.append((key, EntityKey(key.schema, updates["name"])))
        return tuple(pairs)
