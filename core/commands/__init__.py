"""Edit commands: every change to a model, as a value that applies itself and returns its inverse.

The TUI, the CLI, lint fixes, patterns and the normalizer all edit models through these
commands, run by a :class:`core.document.Document` that keeps the undo history. Each command is a
frozen dataclass of plain values with a readable ``label``; ``apply(model)`` returns the new model
and the command that undoes it, or raises :class:`core.errors.CommandError` (a message naming the
entity/attribute, the model unchanged). A command never leaves a valid model invalid
(:mod:`core.commands.guard`). Renames cascade to every reference (:mod:`core.commands.entity_refs`,
:mod:`core.commands.column_refs`).

Modules: :mod:`~core.commands.base` (protocol, :class:`Batch`, primitives),
:mod:`~core.commands.entities`, :mod:`~core.commands.attributes`, :mod:`~core.commands.moves`,
:mod:`~core.commands.items` (constraints, indexes, FKs, FDs, triggers, policies),
:mod:`~core.commands.publications`.
"""

from core.commands.attributes import (
    AddAttribute,
    DeleteAttribute,
    MoveAttribute,
    RenameAttribute,
    SetPrimaryKey,
    UpdateAttribute,
)
from core.commands.base import (
    Batch,
    Command,
    PutEntity,
    Restore,
    SetModel,
    replace_entities,
    require_entity,
)
from core.commands.entities import (
    AddEntity,
    DeleteEntity,
    MoveEntity,
    RenameEntity,
    SetEntitySchema,
    UpdateEntity,
)
from core.commands.items import (
    COLLECTIONS,
    AddItem,
    RemoveItem,
    ReplaceItem,
    add_check,
    add_fd,
    add_foreign_key,
    add_index,
    add_unique,
)
from core.commands.moves import MoveAttributeTo
from core.commands.publications import PutPublication

__all__ = [
    "COLLECTIONS",
    "AddAttribute",
    "AddEntity",
    "AddItem",
    "Batch",
    "Command",
    "DeleteAttribute",
    "DeleteEntity",
    "MoveAttribute",
    "MoveAttributeTo",
    "MoveEntity",
    "PutEntity",
    "PutPublication",
    "RemoveItem",
    "RenameAttribute",
    "RenameEntity",
    "ReplaceItem",
    "Restore",
    "SetEntitySchema",
    "SetModel",
    "SetPrimaryKey",
    "UpdateAttribute",
    "UpdateEntity",
    "add_check",
    "add_fd",
    "add_foreign_key",
    "add_index",
    "add_unique",
    "replace_entities",
    "require_entity",
]
