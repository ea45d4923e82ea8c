"""The command protocol: every model edit is a value that applies itself and returns its inverse.

A command's :meth:`Command.apply` takes a model and returns ``(new_model, inverse)``. Models are
immutable and share every unchanged entity, so the inverse of any command is simply
:class:`Restore` of the model before it: exact by construction and cheap (structural sharing).
Commands are frozen dataclasses holding plain values, so they can be logged, compared, merged
and replayed; the TUI, the CLI, lint fixes, patterns and the normalizer all produce them.

>>> from core.model import DataModel, Entity, Attribute
>>> m = DataModel()
>>> add = PutEntity(None, Entity(name="t", attributes=(Attribute(name="id", type="int"),)))
>>> m2, undo = add.apply(m)
>>> [e.name for e in m2.entities], undo.apply(m2)[0] == m
(['t'], True)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.commands.guard import new_problems
from core.errors import CommandError
from core.model import DataModel, Entity, EntityKey


class Command(ABC):
    """An edit of a model. Subclasses are frozen dataclasses and implement :meth:`transform`."""

    @property
    def label(self) -> str:
        """A short description for menus and the undo history (``add attribute email``)."""
        return type(self).__name__

    @abstractmethod
    def transform(self, model: DataModel) -> DataModel:
        """The edited model; raise :class:`CommandError` (and change nothing) when impossible."""

    def apply(self, model: DataModel) -> tuple[DataModel, Command]:
        """Apply to ``model``: the new model and the command that undoes this one.

        Raises :class:`CommandError` when the edit is impossible or would leave problems that
        ``model`` did not have (see :mod:`core.commands.guard`); ``model`` is never changed.
        """
        new = self.transform(model)
        problems = new_problems(model, new)
        if problems:
            shown = "\n".join(f"  {p}" for p in problems[:8])
            more = f"\n  ... and {len(problems) - 8} more" if len(problems) > 8 else ""
            raise CommandError(f"cannot {self.label}: the model would become invalid:\n{shown}{more}")
        return new, Restore(model, f"undo {self.label}")

    def merge_key(self) -> tuple[Any, ...] | None:
        """Consecutive commands with the same non-``None`` key may merge into one undo step
        (typing in one field); the default is never."""
        return None

    def renames(self) -> tuple[tuple[EntityKey, EntityKey], ...]:
        """Entities this command renames or moves to another schema, as ``(old, new)`` keys in
        order (not canonicalized), so views can follow a selection across a rename."""
        return ()


@dataclass(frozen=True, eq=False)
class Restore(Command):
    """Put a whole earlier model back: the inverse of every command."""

    model: DataModel
    text: str = "restore"

    @property
    def label(self) -> str:
        return self.text

    def transform(self, model: DataModel) -> DataModel:
        return self.model

    def apply(self, model: DataModel) -> tuple[DataModel, Command]:
        return self.model, Restore(model, self.text.removeprefix("undo ") if self.text.startswith("undo ")
                                   else f"undo {self.text}")


@dataclass(frozen=True)
class Batch(Command):
    """Several commands applied in order as one undo step; all or nothing."""

    commands: tuple[Command, ...]
    text: str = "batch"

    @property
    def label(self) -> str:
        return self.text

    def transform(self, model: DataModel) -> DataModel:
        for command in self.commands:
            model = command.transform(model)
        return model

    def renames(self) -> tuple[tuple[EntityKey, EntityKey], ...]:
        return tuple(pair for command in self.commands for pair in command.renames())


@dataclass(frozen=True)
class PutEntity(Command):
    """The primitive entity edit: replace the entity at ``key`` with ``entity``.

    ``key=None`` inserts a new entity (at ``position``, default the end); ``entity=None`` deletes.
    The new entity's key must not collide with another entity.
    """

    key: EntityKey | None
    entity: Entity | None
    position: int | None = None
    text: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        if self.key is None and self.entity is not None:
            return f"add entity {self.entity.name}"
        if self.entity is None and self.key is not None:
            return f"delete entity {self.key.name}"
        return f"edit entity {self.entity.name if self.entity else ''}"

    def transform(self, model: DataModel) -> DataModel:
        entities = list(model.entities)
        index: int | None = None
        if self.key is not None:
            index = model.entity_position(self.key)
            if index is None:
                raise CommandError(f'entity "{self.key.display()}" does not exist')
        if self.entity is not None:
            clash = model.entity_position(self.entity.key)
            if clash is not None and clash != index:
                raise CommandError(f'an entity named "{self.entity.key.display()}" already exists')
        if index is None:
            assert self.entity is not None
            pos = len(entities) if self.position is None else max(0, min(self.position, len(entities)))
            entities.insert(pos, self.entity)
        elif self.entity is None:
            del entities[index]
        elif self.position is not None and self.position != index:
            del entities[index]
            entities.insert(max(0, min(self.position, len(entities))), self.entity)
        else:
            entities[index] = self.entity
        result: DataModel = model.model_copy(update={"entities": tuple(entities)})
        return result


def replace_entities(model: DataModel, changed: Sequence[Entity]) -> DataModel:
    """``model`` with each entity of ``changed`` put in place of the entity of the same key."""
    by_key = {model.canonical_key(e.key): e for e in changed}
    entities = tuple(by_key.get(model.canonical_key(e.key), e) for e in model.entities)
    result: DataModel = model.model_copy(update={"entities": entities})
    return result


def require_entity(model: DataModel, key: EntityKey | str) -> Entity:
    """The entity, or a :class:`CommandError` naming it."""
    entity = model.entity(key) if not isinstance(key, str) else model.find_entity(key)
    if entity is None:
        shown = key if isinstance(key, str) else key.display()
        raise CommandError(f'entity "{shown}" does not exist')
    return entity


@dataclass(frozen=True)
class SetModel(Command):
    """Set model-level fields (``settings``, ``extensions``, ``enums``, ``views``, ``functions``,
    ``lint``, ``patterns``, ``name``, ``note``...) to new values."""

    update: tuple[tuple[str, Any], ...]
    text: str = field(default="edit model", compare=False)

    @property
    def label(self) -> str:
        return self.text

    def transform(self, model: DataModel) -> DataModel:
        fields = DataModel.model_fields
        for name, _ in self.update:
            if name not in fields or name == "entities":
                raise CommandError(f'"{name}" is not a model-level field that SetModel can set')
        result: DataModel = model.model_copy(update=dict(self.update))
        return result
