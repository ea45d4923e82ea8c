"""The two tables of the entity editor: attributes (one row per column, edited cell by cell) and
constraints (one row per key, check, relationship, index or table feature, edited as a line)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from core.model import DataModel, Entity
from core.quickadd.cells import CELLS, cell_text
from core.quickadd.items import ConstraintRow, constraint_rows
from tui.widgets.scrolling import QuietResize

_LABELS = {"name": "name", "type": "type", "null": "null", "default": "default", "pk": "PK",
           "unique": "UQ", "references": "references"}


def _show(cell: str, value: str) -> str | Text:
    if cell in ("pk", "unique"):
        return Text(_LABELS[cell] if value == "yes" else "", style="bold")
    if cell == "null":
        return Text("null" if value == "yes" else "not null", style="" if value == "yes" else "bold")
    if cell == "references" and value:
        return f"→ {value}"
    return value


class AttributeTable(QuietResize, DataTable[str | Text]):
    """Attributes of one entity; the cursor is a cell so each column is edited in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("h", "cursor_left", "Left", show=False),
        Binding("l", "cursor_right", "Right", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=False)
        self.entity: Entity | None = None
        self._cells: list[tuple[str | Text, ...]] = []

    def on_mount(self) -> None:
        for cell in CELLS:
            self.add_column(_LABELS[cell], key=cell)

    @property
    def cell_name(self) -> str:
        """The column (``name``, ``type``... ``references``) under the cursor."""
        return CELLS[min(self.cursor_column, len(CELLS) - 1)]

    @property
    def attribute_name(self) -> str | None:
        """The attribute under the cursor."""
        if self.entity is None or not self.entity.attributes:
            return None
        return self.entity.attributes[min(self.cursor_row, len(self.entity.attributes) - 1)].name

    def show(self, model: DataModel, entity: Entity | None, *, focus_attribute: str | None = None) -> None:
        """Show ``entity``'s attributes, keeping the cursor where it was (or on ``focus_attribute``)."""
        row, column = self.cursor_row, self.cursor_column
        previous = self.entity
        same = previous is not None and entity is not None and previous.key == entity.key
        self.entity = entity
        if entity is None:
            self.clear()
            self._cells = []
            return
        cells = [tuple(_show(c, cell_text(model, entity, attr, c)) for c in CELLS) for attr in entity.attributes]
        if same and len(cells) == len(self._cells) and self.row_count == len(cells):
            # the same entity with as many attributes: change only the cells that differ
            for i, (new, old) in enumerate(zip(cells, self._cells, strict=True)):
                for cell, a, b in zip(CELLS, new, old, strict=True):
                    if a != b:
                        self.update_cell(str(i), cell, a, update_width=True)
        else:
            self.clear()
            for i, values in enumerate(cells):
                self.add_row(*values, key=str(i))
        self._cells = cells
        if focus_attribute is not None and (pos := entity.attribute_position(focus_attribute)) is not None:
            row = pos
        elif not same:
            row, column = 0, 0
        if entity.attributes:
            self.move_cursor(row=min(row, len(entity.attributes) - 1), column=column, animate=False)


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

    def show(self, entity: Entity | None) -> None:
        """Show ``entity``'s constraints, keeping the cursor row."""
        row = self.cursor_row
        self.clear()
        self.rows_shown = constraint_rows(entity) if entity is not None else []
        for i, r in enumerate(self.rows_shown):
            kind = r.collection.replace("_", " ").rstrip("s") if r.collection != "indexes" else "index"
            self.add_row(kind if r.editable else f"({kind})", r.text, key=str(i))
        if self.rows_shown:
            self.move_cursor(row=min(row, len(self.rows_shown) - 1), animate=False)
