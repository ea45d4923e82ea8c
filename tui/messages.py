"""Messages between the panes and the app: edits go up as commands, changes come down as revisions.

Widgets never change the model: they post :class:`CommandRequested` and the app runs the command
through the :class:`~core.document.Document`. The app then posts :class:`ModelChanged` to each
pane; a pane that is busy sees only the newest one (``can_replace``) and asks the app what changed
since the revision it last showed, so coalescing never loses an edit. :class:`SelectionChanged`
bubbles from whichever pane moved the selection up to the screen, which owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual.message import Message

from core.commands import Command
from core.model import EntityKey


@dataclass
class CommandRequested(Message):
    """Run ``command`` on the document; on failure call ``on_error`` with the reason (the model is
    left unchanged); on success select ``select`` when given."""

    command: Command
    on_error: Callable[[str], None] | None = field(default=None, compare=False)
    select: EntityKey | None = None


@dataclass
class ModelChanged(Message, bubble=False):
    """The document is now at ``revision`` (after an edit, an undo, a redo, a load or an import)."""

    revision: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ModelChanged)


@dataclass
class SelectionChanged(Message):
    """The user selected another entity (``None``: nothing selected)."""

    key: EntityKey | None
