"""Every key binding of the app, grouped by where it works (F1 or ?)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys that are not bindings of one of our classes but matter to users.
EXTRA = [
    ("Anywhere", "ctrl+p", "Command palette: every action, jump to an entity, switch dialect"),
    ("Anywhere", "tab / shift+tab", "Move between panes and inputs"),
    ("Inputs", "tab or →", "Accept the completion shown in grey"),
    ("Inputs", "enter / escape", "Apply / cancel"),
    ("Constraint list", "enter", "Edit the constraint as a line: pk (..), unique (..), check (..), "
                                 "fk (..) -> entity, index name (..) using gin where (..)"),
    ("Pattern picker", "enter", "Preview the pattern with these targets and parameters"),
    ("Pattern picker", "ctrl+a / f10", "Apply it (one undo step)"),
    ("Pattern picker", "f2", "Hierarchy: four questions choose the strategy"),
    ("File prompts", "tab", "Complete the file or folder name"),
]


def binding_groups() -> list[tuple[str, list[BindingType]]]:
    """The bindings of each part of the app, in the order the help lists them."""
    from tui.app import ModelerApp
    from tui.widgets.attribute_grid import AttributeGrid
    from tui.widgets.ddl_preview import DDLPreview
    from tui.widgets.entity_editor import EntityEditor
    from tui.widgets.entity_rows import EntityRows
    from tui.widgets.review_pane import ReviewPane

    return [("Anywhere", ModelerApp.BINDINGS), ("Entity list", EntityRows.BINDINGS),
            ("Entity editor", EntityEditor.BINDINGS),
            ("Attribute table", AttributeGrid.BINDINGS), ("DDL preview", DDLPreview.BINDINGS),
            ("Review panel", ReviewPane.BINDINGS)]


_SHOWN = {"question_mark": "?", "slash": "/", "space": "space", "delete": "del"}


def _key_text(keys: str) -> str:
    return " / ".join(_SHOWN.get(k.strip(), k.strip()) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; escape, q, F1 or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold", pad_edge=False)
        table.add_column("where", style="dim", no_wrap=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action", ratio=1)
        keymap = getattr(self.app, "_keymap", {}) or {}
        for group, bindings in binding_groups():
            for b in bindings:
                if not isinstance(b, Binding):
                    continue
                keys = keymap.get(b.id, None) if b.id else None
                table.add_row(group, _key_text(keys or b.key),
                              b.tooltip or b.description)
        for group, key, action in EXTRA:
            table.add_row(group, key, action)
        with Vertical(id="help-dialog"):
            yield Static("Keys  (escape closes)", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(table, id="help-table")
