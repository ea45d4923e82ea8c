"""A one-line input with completion (tab or right arrow accepts) and escape to cancel.

The completion comes from a function of the text (the quick-add and constraint completers of
:mod:`core.quickadd.complete`); the first candidate is shown inline, the others are posted in
:class:`LineInput.Candidates` so the editor can list them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input

from core.quickadd.complete import Completion

Completer = Callable[[str], Completion]


class _Suggester(Suggester):
    def __init__(self, owner: LineInput) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.owner = owner

    async def get_suggestion(self, value: str) -> str | None:
        completer = self.owner.completer
        if completer is None or not value:
            self.owner.post_message(LineInput.Candidates(self.owner, ()))
            return None
        try:
            found = completer(value)
        except Exception:  # completion must never get in the way of typing
            return None
        self.owner.post_message(LineInput.Candidates(self.owner, found.candidates))
        if not found.candidates:
            return None
        first = found.candidates[0]
        if not first.lower().startswith(found.prefix.lower()):
            return None
        return value + first[len(found.prefix):]


class LineInput(Input):
    """An :class:`~textual.widgets.Input` with completion and a cancel key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "accept_completion", "Complete", show=False),
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    @dataclass
    class Cancelled(Message):
        """Escape was pressed in the input."""

        line_input: LineInput

        @property
        def control(self) -> LineInput:
            return self.line_input

    @dataclass
    class Candidates(Message):
        """The completion candidates for the current text (best first)."""

        line_input: LineInput
        candidates: tuple[str, ...]

        @property
        def control(self) -> LineInput:
            return self.line_input

    def __init__(self, *, completer: Completer | None = None, placeholder: str = "",
                 id: str | None = None, classes: str | None = None) -> None:
        self.completer = completer
        super().__init__(placeholder=placeholder, id=id, classes=classes, select_on_focus=False)
        self.suggester = _Suggester(self)

    def action_accept_completion(self) -> None:
        if self.cursor_at_end and self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
            return
        raise SkipAction()

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))
