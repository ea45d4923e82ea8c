"""A question with a few answers (each with its own key), for example before losing changes."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[str | None]):
    """Ask ``question``; dismisses with the chosen answer's id, or ``None`` on escape.

    ``choices`` are ``(id, label)`` pairs; the label's first letter is its key.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text, self.question, self.choices = title, question, choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for i, (choice, label) in enumerate(self.choices):
                    yield Button(f"{label}", id=f"choice-{choice}", variant="primary" if i == 0 else "default",
                                 compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_key(self, event: events.Key) -> None:
        key = event.character
        if not key or not key.isalpha():
            return
        for choice, label in self.choices:
            if label[:1].lower() == key.lower():
                event.stop()
                self.dismiss(choice)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))
