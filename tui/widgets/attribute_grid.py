"""The attribute table of the entity editor: one row per attribute, a cell cursor, drawn line by line.

Textual's :class:`~textual.widgets.DataTable` re-renders every cell of the table after any
change (its render caches are keyed by an update counter), which made each edit of a wide entity
cost tens of milliseconds. This grid keeps the cells as text, redraws only the rows whose text
changed and the two rows a cursor move touches, and uses Textual's line API, so an edit costs
about as much as moving the cursor. ``enter`` posts :class:`AttributeGrid.CellChosen`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from core.model import DataModel, Entity
from core.quickadd.cells import CELLS, cell_text
from tui.widgets.scrolling import FramedLines, QuietResize

LABELS = {"name": "name", "type": "type", "null": "null", "default": "default", "pk": "PK",
          "unique": "UQ", "references": "references"}
#: Widest a column gets (longer texts are cut with an ellipsis; the edit line shows them whole).
MAX_WIDTH = {"name": 28, "type": 22, "null": 8, "default": 22, "pk": 2, "unique": 2, "references": 26}
_STRONG = {"not null", "PK", "UQ"}


def shown(cell: str, value: str) -> str:
    """The text of a cell as the grid shows it (toggles as words, references with an arrow)."""
    if cell in ("pk", "unique"):
        return LABELS[cell] if value == "yes" else ""
    if cell == "null":
        return "null" if value == "yes" else "not null"
    if cell == "references" and value:
        return f"→ {value}"
    return value


class AttributeGrid(QuietResize, FramedLines, ScrollView, can_focus=True):
    """Attributes of one entity with a cell cursor (``cursor_row``, ``cursor_column``)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"grid--header", "grid--cursor", "grid--strong"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1, 0)", "Up", show=False),
        Binding("down,j", "move(1, 0)", "Down", show=False),
        Binding("left,h", "move(0, -1)", "Left", show=False),
        Binding("right,l", "move(0, 1)", "Right", show=False),
        Binding("home", "move(-1000, 0)", "First", show=False),
        Binding("end", "move(1000, 0)", "Last", show=False),
        Binding("enter", "choose", "Edit", tooltip="Edit the cell (toggle null, PK, UQ; pick a reference)"),
    ]

    @dataclass
    class CellChosen(Message):
        """Enter (or a click) on the cell under the cursor."""

        grid: AttributeGrid

        @property
        def control(self) -> AttributeGrid:
            return self.grid

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entity: Entity | None = None
        self.rows: list[tuple[str, ...]] = []
        self.widths: list[int] = [len(LABELS[c]) for c in CELLS]
        self.cursor_row = 0
        self.cursor_column = 0
        self._styles: tuple[Style, Style, Style] | None = None

    # -- what the editor asks ----------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def cell_name(self) -> str:
        """The column (``name``, ``type``... ``references``) under the cursor."""
        return CELLS[self.cursor_column]

    @property
    def attribute_name(self) -> str | None:
        """The attribute under the cursor."""
        if self.entity is None or not self.entity.attributes:
            return None
        return self.entity.attributes[min(self.cursor_row, len(self.entity.attributes) - 1)].name

    def show(self, model: DataModel, entity: Entity | None, *, focus_attribute: str | None = None) -> None:
        """Show ``entity``'s attributes (redrawing only rows that changed), keeping the cursor
        where it was for the same entity, or putting it on ``focus_attribute``."""
        same = self.entity is not None and entity is not None and self.entity.key == entity.key
        self.entity = entity
        rows = [] if entity is None else [
            tuple(shown(c, cell_text(model, entity, a, c)) for c in CELLS) for a in entity.attributes]
        widths = [max([len(LABELS[c])] + [min(len(r[i]), MAX_WIDTH[c]) for r in rows]) for i, c in enumerate(CELLS)]
        redraw_all = widths != self.widths or len(rows) != len(self.rows) or not same
        old = self.rows
        self.rows, self.widths = rows, widths
        row, column = (self.cursor_row, self.cursor_column) if same else (0, 0)
        if focus_attribute is not None and entity is not None \
                and (pos := entity.attribute_position(focus_attribute)) is not None:
            row = pos
        self.cursor_row, self.cursor_column = max(0, min(row, len(rows) - 1)), column
        self.virtual_size = Size(sum(w + 2 for w in widths), len(rows) + 1)
        if redraw_all:
            self.refresh()
        else:
            for i, (a, b) in enumerate(zip(rows, old, strict=True)):
                if a != b:
                    self._refresh_row(i)
        self._keep_visible()

    def move_cursor(self, *, row: int | None = None, column: int | None = None, animate: bool = False) -> None:
        """Put the cursor on ``row`` / ``column`` (clamped)."""
        old = self.cursor_row
        if row is not None:
            self.cursor_row = max(0, min(row, len(self.rows) - 1))
        if column is not None:
            self.cursor_column = max(0, min(column, len(CELLS) - 1))
        self._refresh_row(old)
        self._refresh_row(self.cursor_row)
        self._keep_visible()

    # -- keys and mouse ----------------------------------------------------------------------

    def action_move(self, rows: int, columns: int) -> None:
        self.move_cursor(row=self.cursor_row + rows, column=self.cursor_column + columns)

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.CellChosen(self))

    def on_click(self, event: events.Click) -> None:
        self.focus()
        row = event.y - 1 + self.scroll_offset.y
        x, column = event.x + self.scroll_offset.x, len(CELLS) - 1
        for i, width in enumerate(self.widths):
            if x < width + 2:
                column = i
                break
            x -= width + 2
        if 0 <= row < len(self.rows):
            self.move_cursor(row=row, column=column)
            if event.chain == 2:
                self.action_choose()

    def on_focus(self) -> None:
        self._refresh_row(self.cursor_row)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor_row)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _line_styles(self) -> tuple[Style, Style, Style]:
        """The header, cursor and strong styles (looked up once per style change)."""
        if self._styles is None:
            get = self.get_component_rich_style
            self._styles = (get("grid--header", partial=True), get("grid--cursor", partial=True),
                            get("grid--strong", partial=True))
        return self._styles

    # -- drawing -----------------------------------------------------------------------------

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.refresh_line(index + 1)  # line 0 is the header

    def _keep_visible(self) -> None:
        height = self.scrollable_content_region.height - 1
        if height <= 0:
            return
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)
        left = sum(w + 2 for w in self.widths[:self.cursor_column])
        right = left + self.widths[self.cursor_column] + 2
        width = self.scrollable_content_region.width
        if left < self.scroll_offset.x:
            self.scroll_to(x=left, animate=False, immediate=True)
        elif right > self.scroll_offset.x + width:
            self.scroll_to(x=right - width, animate=False, immediate=True)

    def _cells(self, values: tuple[str, ...], style: Style, strong: Style, cursor: int | None,
               cursor_style: Style) -> list[Segment]:
        segments = []
        for i, (value, width) in enumerate(zip(values, self.widths, strict=True)):
            text = value if len(value) <= width else value[:width - 1] + "…"
            cell_style = style + strong if value in _STRONG else style
            if i == cursor:
                cell_style = cell_style + cursor_style
            segments.append(Segment(" " + text.ljust(width) + " ", cell_style))
        return segments

    def render_line(self, y: int) -> Strip:
        base, width, scroll_x, scroll_y = self.line_frame()
        header_style, cursor_style, strong = self._line_styles()
        if y == 0:
            header = base + header_style
            strip = Strip(self._cells(tuple(LABELS[c] for c in CELLS), header, Style(), None, Style()))
            return strip.crop_extend(scroll_x, scroll_x + width, header)
        index = y - 1 + scroll_y
        if index >= len(self.rows):
            return Strip.blank(width, base)
        on_cursor = index == self.cursor_row and self.has_focus
        cursor = self.cursor_column if index == self.cursor_row else None
        segments = self._cells(self.rows[index], base, strong, cursor,
                               cursor_style if on_cursor else Style(underline=True))
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, base)
