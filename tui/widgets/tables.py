"""The constraint table of the entity editor: one row per key, check, relationship, index or
table feature, edited as a line (the attributes are in :mod:`tui.widgets.attribute_grid`)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from core.model import Entity
from core.quickadd.items import ConstraintRow, constraint_rows
from tui.widgets.scrolling import QuietResize


class ConstraintTable(QuietResize, DataTable[str]):
    """Constraints, indexes and table features of one entity as lines of the constraint syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.rows_shown: list[ConstraintRow] = []

    def on_mount(self) -> None:
        self.add_column("kind", key="kind")
        self.add_column("definition", key="text")

    @property
    def current(self) -> ConstraintRow | None:
        """The row under the cursor."""
        if not self.rows_shown:
            return None
        return self.rows_shown[min(self.cursor_row, len(self.rows_shown) - 1)]

    def show(self, entity: Entity | None, rows: list[ConstraintRow] | None = None) -> None:
        """Show ``entity``'s constraints (``rows``: already computed), keeping the cursor row."""
        row = self.cursor_row
        self.clear()
        self.rows_shown = rows if rows is not None else constraint_rows(entity) if entity is not None else []
        for i, r in enumerate(self.rows_shown):
            kind = r.collection.replace("_", " ").rstrip("s") if r.collection != "indexes" else "index"
            self.add_row(kind if r.editable else f"({kind})", r.text, key=str(i))
        if self.rows_shown:
            self.move_cursor(row=min(row, len(self.rows_shown) - 1), animate=False)
