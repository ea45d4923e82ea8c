"""Pick an entity from a filtered list: the target of a relationship, or where to jump."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from core.model import DataModel
from tui.widgets.line_input import LineInput

NONE_ID = "\x00none"


class PickEntityScreen(ModalScreen[str | None]):
    """Dismisses with the chosen entity (``schema.name`` outside the default schema), ``""`` for
    "no entity" (when ``allow_none``), or ``None`` on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, model: DataModel, title: str, *, allow_none: bool = False, current: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.allow_none, self.current = title, allow_none, current
        self.names = [model.canonical_key(e.key).display() for e in model.entities]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker"):
            yield Static(self.title_text, classes="dialog-title")
            yield LineInput(placeholder="type to filter, enter to choose", id="pick-filter")
            yield OptionList(id="pick-list")
            yield Static("enter: choose   escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(LineInput).focus()

    def _fill(self, text: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        low = text.lower()
        starts = [n for n in self.names if n.lower().startswith(low)]
        inside = [n for n in self.names if low in n.lower() and n not in starts]
        items: list[Option] = []
        if self.allow_none and not low:
            items.append(Option("(no reference)", id=NONE_ID))
        items += [Option(n, id=n) for n in starts + inside]
        options.add_options(items)
        if items:
            wanted = self.current.split(" ")[0] if not low else ""
            index = next((i for i, o in enumerate(items) if o.id == wanted), 0)
            options.highlighted = index

    @on(Input.Changed, "#pick-filter")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return
        self._choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    @on(LineInput.Cancelled)
    def _cancelled(self) -> None:
        self.dismiss(None)

    def _choose(self, option_id: str | None) -> None:
        if option_id is None:
            return
        self.dismiss("" if option_id == NONE_ID else option_id)
