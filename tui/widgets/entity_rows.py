"""The rows of the entity list: a cursor over thousands of entities, drawing only what is on screen.

A :class:`~textual.widgets.DataTable` measures every cell of every row when rows are added, which
for a 1,000-entity model costs a large part of a second at launch and again whenever the rows are
rebuilt. This widget uses Textual's line API instead: it keeps the rows as plain tuples and
renders a line only when it is visible, so launch, filtering and updates after an edit cost
(almost) nothing beyond the rows on screen. Each row shows the entity, its attribute count, its
foreign-key count and a mark (the review panel's finding count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from core.model import EntityKey
from tui.widgets.scrolling import FramedLines, QuietResize


@dataclass(frozen=True)
class EntityRow:
    """One line of the list."""

    key: EntityKey
    label: str
    attributes: int
    references: int
    mark: str = ""


class EntityRows(QuietResize, FramedLines, ScrollView, can_focus=True):
    """The entity rows with a cursor; ``set_rows`` replaces them, ``update_row`` changes one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"rows--cursor", "rows--count", "rows--mark", "rows--header"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "app.filter_entities", "Filter", show=False),
        Binding("enter", "app.focus_editor", "Edit", tooltip="Edit the selected entity"),
        Binding("delete,x", "app.delete_entity", "Delete", tooltip="Delete the selected entity"),
        Binding("r", "app.rename_entity", "Rename", show=False),
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False, repaint=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to ``index`` (the row of ``key``)."""

        rows: EntityRows
        index: int
        key: EntityKey

        @property
        def control(self) -> EntityRows:
            return self.rows

    def __init__(self, *, id: str | None = None,
                 on_highlight: Callable[[int, EntityKey], None] | None = None) -> None:
        """``on_highlight``: called at once (in the same handler as the key or click) when the
        cursor moves to another row, instead of posting :class:`Highlighted`; the selection then
        changes before the screen is next painted, so one paint shows the whole move."""
        super().__init__(id=id)
        self.on_highlight = on_highlight
        self.rows: list[EntityRow] = []
        self._index: dict[EntityKey, int] = {}
        self._styles: tuple[Style, Style, Style] | None = None

    # -- the data ------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return len(self.rows)

    @property
    def current(self) -> EntityRow | None:
        """The row under the cursor."""
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    def index_of(self, key: EntityKey) -> int | None:
        """The row of ``key`` (``None``: not shown)."""
        return self._index.get(key)

    def set_rows(self, rows: list[EntityRow], *, cursor_key: EntityKey | None = None) -> None:
        """Show ``rows``; the cursor goes to ``cursor_key`` if shown (else stays, clamped),
        without posting :class:`Highlighted`."""
        self.rows = rows
        self._index = {row.key: i for i, row in enumerate(rows)}
        self.virtual_size = Size(0, len(rows))  # lines are cut to the width: no horizontal scroll
        target = self._index.get(cursor_key) if cursor_key is not None else None
        row = target if target is not None else min(self.cursor_row, max(0, len(rows) - 1))
        self.set_reactive(EntityRows.cursor_row, row)
        self._keep_visible()
        self.refresh()

    def update_row(self, row: EntityRow) -> None:
        """Replace the row of ``row.key`` (if shown), redrawing that line only."""
        index = self._index.get(row.key)
        if index is None or self.rows[index] == row:
            return
        self.rows[index] = row
        self._refresh_row(index)

    def move_to(self, key: EntityKey | None) -> None:
        """Put the cursor on ``key``'s row (no :class:`Highlighted`: the caller selected it)."""
        index = self._index.get(key) if key is not None else None
        if index is not None and index != self.cursor_row:
            old = self.cursor_row
            self.set_reactive(EntityRows.cursor_row, index)
            self._refresh_row(old)
            self._refresh_row(index)
            self._keep_visible()

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """Move the cursor to ``row`` (tells ``on_highlight``, or posts :class:`Highlighted`)."""
        self.cursor_row = max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._keep_visible()
        if 0 <= new < len(self.rows):
            if self.on_highlight is not None:
                self.on_highlight(new, self.rows[new].key)
            else:
                self.post_message(self.Highlighted(self, new, self.rows[new].key))

    def _refresh_row(self, index: int) -> None:
        if 0 <= index - self.scroll_offset.y < self.size.height:
            self.refresh_line(index)  # virtual coordinates

    def _keep_visible(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        row = self.cursor_row
        if height <= 0:
            self.call_after_refresh(self._keep_visible_later)
            return
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def _keep_visible_later(self) -> None:
        if self.scrollable_content_region.height > 0:
            self._keep_visible()

    # -- keys and mouse ------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(self.cursor_row + step, len(self.rows) - 1))

    def action_page(self, step: int) -> None:
        self.action_cursor(step * max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.action_cursor(-len(self.rows))

    def action_last(self) -> None:
        self.action_cursor(len(self.rows))

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            self.focus()
            self.cursor_row = index

    # -- drawing -------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _line_styles(self) -> tuple[Style, Style, Style]:
        """The cursor, count and mark styles (looked up once per style change, not per line)."""
        if self._styles is None:
            get = self.get_component_rich_style
            self._styles = (get("rows--cursor", partial=True), get("rows--count", partial=True),
                            get("rows--mark", partial=True))
        return self._styles

    def on_focus(self) -> None:
        self._styles = None  # the cursor style depends on the focus
        self._refresh_row(self.cursor_row)

    def on_blur(self) -> None:
        self._styles = None
        self._refresh_row(self.cursor_row)

    def render_line(self, y: int) -> Strip:
        base, width, scroll_x, scroll_y = self.line_frame()
        index = y + scroll_y
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        cursor, count_style, mark_style = self._line_styles()
        if index == self.cursor_row:
            base = base + cursor
        refs = f"→{row.references}" if row.references else ""
        counts = f" {row.attributes:>2} {refs:<3}"
        mark = f" {row.mark}" if row.mark else ""
        label_width = max(1, width - 1 - len(counts) - len(mark))
        label = row.label if len(row.label) <= label_width else row.label[:label_width - 1] + "…"
        segments = [Segment(" " + label.ljust(label_width), base), Segment(counts, base + count_style)]
        if mark:
            segments.append(Segment(mark, base + mark_style))
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, base)
