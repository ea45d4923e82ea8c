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
    ("Graph", "click / double click", "Move the cursor to a box / make it the selection"),
    ("Graph", "mouse wheel", "Pan the diagram"),
    ("Normalize", "enter", "On an FD: edit it in place (enter saves, escape leaves it as it was)"),
    ("Normalize", "tab", "In the FD editor: complete the attribute name"),
    ("Discover FDs", "enter", "In the sample / max LHS fields: start the discovery"),
    ("Discover FDs", "space", "Check or uncheck the highlighted FD"),
    ("Subject areas", "enter / escape", "Show the highlighted subject area / keep the current one"),
]


def binding_groups() -> list[tuple[str, list[BindingType]]]:
    """The bindings of each part of the app, in the order the help lists them."""
    from tui.app import ModelerApp
    from tui.screens.normalize_discover import DiscoverScreen
    from tui.screens.normalize_migration import MigrationScreen
    from tui.widgets.attribute_grid import AttributeGrid
    from tui.widgets.ddl_preview import DDLPreview
    from tui.widgets.entity_editor import EntityEditor
    from tui.widgets.entity_rows import EntityRows
    from tui.widgets.graph_view import GraphView
    from tui.widgets.normalize_pane import NormalizePane
    from tui.widgets.review_pane import ReviewPane

    return [("Anywhere", ModelerApp.BINDINGS), ("Entity list", EntityRows.BINDINGS),
            ("Entity editor", EntityEditor.BINDINGS),
            ("Attribute table", AttributeGrid.BINDINGS), ("DDL preview", DDLPreview.BINDINGS),
            ("Review panel", ReviewPane.BINDINGS), ("Graph", GraphView.BINDINGS),
            ("Normalize", NormalizePane.BINDINGS), ("Migration SQL", MigrationScreen.BINDINGS),
            ("Discover FDs", DiscoverScreen.BINDINGS)]


_SHOWN = {"question_mark": "?", "slash": "/", "space": "space", "delete": "del", "plus": "+",
          "equals_sign": "=", "minus": "-", "left_square_bracket": "[", "right_square_bracket": "]"}


def help_rows(keymap: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(where, keys, what it does) for every binding (keys remapped through ``keymap``, by
    binding id) and every key of :data:`EXTRA`, each after the bindings of its group."""
    keymap = keymap or {}
    rows: list[tuple[str, str, str]] = []
    groups = binding_groups()
    for group, bindings in groups:
        for b in bindings:
            if isinstance(b, Binding):
                keys = keymap.get(b.id) if b.id else None
                rows.append((group, _key_text(keys or b.key), b.tooltip or b.description))
        rows += [row for row in EXTRA if row[0] == group]
    named = {group for group, _ in groups}
    return rows + [row for row in EXTRA if row[0] not in named]


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
        for group, key, action in help_rows(getattr(self.app, "_keymap", {}) or {}):
            table.add_row(group, key, action)
        with Vertical(id="help-dialog"):
            yield Static("Keys  (escape closes)", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(table, id="help-table")
