"""A one-line question whose answer is checked before the dialog closes (names, file paths).

The ``check`` function returns the reason an answer is refused (shown under the input, the
dialog stays open) or ``None`` to accept it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.widgets.line_input import Completer, LineInput


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with it, or ``None`` on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "",
                 check: Callable[[str], str | None] | None = None, hint: str = "",
                 completer: Completer | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text, self.value, self.placeholder = title, value, placeholder
        self.check, self.hint, self.completer = check, hint, completer

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield LineInput(placeholder=self.placeholder, id="prompt-input", completer=self.completer)
            yield Static(self.hint or "enter: OK   escape: cancel", id="prompt-message", classes="dialog-hint")

    def on_mount(self) -> None:
        line = self.query_one(LineInput)
        line.value = self.value
        line.cursor_position = len(self.value)
        line.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        problem = self.check(text) if self.check is not None else None
        if problem is not None:
            message = self.query_one("#prompt-message", Static)
            message.update(problem)
            message.add_class("error")
            return
        self.dismiss(text)

    @on(LineInput.Cancelled)
    def _cancelled(self) -> None:
        self.dismiss(None)
