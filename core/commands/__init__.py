"""Edit commands: every change to a model, with its inverse (see :mod:`core.commands.base`)."""

from core.commands.base import (
    Batch,
    Command,
    PutEntity,
    Restore,
    SetModel,
    replace_entities,
    require_entity,
)

__all__ = ["Batch", "Command", "PutEntity", "Restore", "SetModel", "replace_entities", "require_entity"]
