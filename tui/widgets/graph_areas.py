"""Pick the subject area (an entity tag) that the graph overview shows."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from core.model import DataModel

WHOLE_MODEL = "\x00all"


def subject_areas(model: DataModel) -> list[tuple[str, int]]:
    """The model's tags with the number of entities carrying each, most used first."""
    counts = Counter(tag for e in model.entities for tag in dict.fromkeys(e.tags))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class AreaPickScreen(ModalScreen[str | None]):
    """Dismisses with the chosen tag, ``""`` for the whole model, or ``None`` on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, model: DataModel, current: str | None) -> None:
        super().__init__(classes="dialog")
        self.areas = subject_areas(model)
        self.total = len(model.entities)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker"):
            yield Static("Subject area of the overview", classes="dialog-title")
            yield OptionList(id="area-list")
            yield Static("enter: choose   escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        items = [Option(f"(whole model)  {self.total}", id=WHOLE_MODEL)]
        items += [Option(f"{tag}  {n}", id=tag) for tag, n in self.areas]
        if not self.areas:
            items.append(Option("no entity has tags: tag entities to make subject areas", disabled=True))
        options.add_options(items)
        ids = [o.id for o in items]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is not None:
            self.dismiss("" if option_id == WHOLE_MODEL else option_id)
