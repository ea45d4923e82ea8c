"""The drawing surface of the relationship graph: one window of a :class:`~core.layout.Diagram`.

The canvas keeps an origin (the diagram cell at its top-left corner) and draws only the window
its size covers, through :func:`core.layout.render`, once per change of diagram, origin, size,
cursor or character set; each row then becomes a :class:`~textual.strip.Strip` styled from the
render's regions. Panning a huge overview therefore costs what the window holds.
"""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from core.layout import Diagram, Region, Rendered, render
from core.model import EntityKey


class GraphCanvas(Widget, can_focus=True):
    """A window of a diagram with a cursor box (drawn double, its lines and marks in the accent
    colour) and the selected entity's title marked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "graph-canvas--line",
        "graph-canvas--border",
        "graph-canvas--title",
        "graph-canvas--attribute",
        "graph-canvas--mark",
        "graph-canvas--cursor",
        "graph-canvas--cursor-title",
        "graph-canvas--cursor-line",
        "graph-canvas--cursor-mark",
        "graph-canvas--selected",
    }
    DEFAULT_CSS = """
    GraphCanvas {
        height: 1fr;
        width: 1fr;
    }
    GraphCanvas > .graph-canvas--line { color: $foreground-muted; }
    GraphCanvas > .graph-canvas--border { color: $foreground; }
    GraphCanvas > .graph-canvas--title { color: $text; text-style: bold; }
    GraphCanvas > .graph-canvas--attribute { color: $text-muted; }
    GraphCanvas > .graph-canvas--mark { color: $text-warning; text-style: bold; }
    GraphCanvas > .graph-canvas--cursor { color: $text-accent; }
    GraphCanvas > .graph-canvas--cursor-title { color: $text-accent; text-style: bold; }
    GraphCanvas > .graph-canvas--cursor-line { color: $text-accent; }
    GraphCanvas > .graph-canvas--cursor-mark { color: $text-accent; text-style: bold; }
    GraphCanvas > .graph-canvas--selected { color: $text-success; text-style: bold underline; }
    GraphCanvas:focus > .graph-canvas--cursor-title { color: $text-accent; text-style: bold reverse; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diagram: Diagram | None = None
        self.origin: tuple[int, int] = (0, 0)
        self.cursor: EntityKey | None = None
        self.selected: EntityKey | None = None
        self.ascii_only = False
        self.placeholder = ""
        # what was drawn last: (diagram, origin, size, cursor, ascii, placeholder), text, regions by row
        self._drawn: tuple[tuple[object, ...], Rendered, dict[int, list[Region]]] | None = None
        self._styles: dict[str, Style] | None = None

    # -- state -----------------------------------------------------------------------------------

    def show(
        self,
        diagram: Diagram | None,
        *,
        origin: tuple[int, int] | None = None,
        cursor: EntityKey | None = None,
        selected: EntityKey | None = None,
        placeholder: str = "",
    ) -> None:
        """Draw ``diagram`` (``None``: show ``placeholder`` instead)."""
        self.diagram = diagram
        if origin is not None:
            self.origin = origin
        self.cursor, self.selected, self.placeholder = cursor, selected, placeholder
        self.refresh()

    def move_origin(self, x: int, y: int) -> None:
        """Put diagram cell ``(x, y)`` at the top-left corner (kept within the diagram)."""
        self.origin = self._clamp(x, y)
        self.refresh()

    def _clamp(self, x: int, y: int) -> tuple[int, int]:
        d = self.diagram
        if d is None:
            return 0, 0
        w, h = self.size
        return max(0, min(x, d.width - w)), max(0, min(y, d.height - h))

    def reveal(self, key: EntityKey | None, *, centre: bool = False) -> None:
        """Pan so that ``key``'s box is in view (whole if it fits; centred when asked or when
        it is far away)."""
        d = self.diagram
        if d is None or key is None or key not in d.boxes:
            return
        b = d.boxes[key]
        w, h = self.size
        if w <= 0 or h <= 0:
            return
        ox, oy = self.origin
        if centre or b.x + b.w <= ox or b.x >= ox + w or b.y + b.h <= oy or b.y >= oy + h:
            ox, oy = b.x + b.w // 2 - w // 2, b.y + min(b.h, h) // 2 - h // 2
        else:
            if b.x < ox:
                ox = b.x
            elif b.x + b.w > ox + w:
                ox = min(b.x, b.x + b.w - w)
            if b.y < oy:
                oy = b.y
            elif b.y + b.h > oy + h:
                oy = min(b.y, b.y + b.h - h)
        self.move_origin(ox, oy)

    def on_resize(self) -> None:
        self.origin = self._clamp(*self.origin)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._drawn = None

    # -- drawing ---------------------------------------------------------------------------------

    def window(self) -> Rendered:
        """The text and regions of the window now in view (cached until something changes)."""
        return self._draw()[0]

    def _draw(self) -> tuple[Rendered, dict[int, list[Region]]]:
        w, h = self.size
        d = self.diagram
        key = (d, self.origin, w, h, self.cursor, self.ascii_only, self.placeholder)
        drawn = self._drawn
        if drawn is not None and drawn[0][0] is d and drawn[0][1:] == key[1:]:
            return drawn[1], drawn[2]
        if d is None:
            text = [row for para in self.placeholder.splitlines() for row in textwrap.wrap(para, max(1, w))]
            text = text[: max(0, h)]
            out = Rendered([s[:w].ljust(w) for s in text] + [" " * w] * (h - len(text)), [])
        else:
            out = render(d, self.origin[0], self.origin[1], w, h, selected=self.cursor,
                         ascii_only=self.ascii_only)
        rows: dict[int, list[Region]] = {}
        for region in out.regions:
            rows.setdefault(region.row, []).append(region)
        self._drawn = (key, out, rows)
        return out, rows

    def _style_table(self) -> dict[str, Style]:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                name: base + self.get_component_rich_style(f"graph-canvas--{name}", partial=True)
                for name in ("line", "border", "title", "attribute", "mark", "cursor", "cursor-title",
                             "cursor-line", "cursor-mark", "selected")
            }
            self._styles["plain"] = base
        return self._styles

    def text_lines(self) -> list[str]:
        """The window as plain text (what a test or a screen reader sees)."""
        return list(self.window().lines)

    def render_line(self, y: int) -> Strip:
        rendered, rows = self._draw()
        if y >= len(rendered.lines):
            return Strip.blank(self.size.width, self.rich_style)
        text = rendered.lines[y]
        styles = self._style_table()
        if self.diagram is None:
            return Strip([Segment(text, styles["attribute"])], len(text))
        cells: list[Style] = [styles["line"]] * len(text)
        for i, ch in enumerate(text):
            if ch == " ":
                cells[i] = styles["plain"]
        for region in rows.get(y, ()):
            kind = region.kind
            if kind == "border" and region.key == self.cursor:
                style = styles["cursor"]
            elif kind == "focus":
                style = styles["cursor-title"]
            elif kind == "title" and region.key is not None and region.key == self.selected:
                style = styles["selected"]
            elif kind == "line" or (kind == "mark" and region.key is not None):
                style = styles["cursor-line"] if kind == "line" else styles["cursor-mark"]
            else:
                style = styles.get(kind, styles["line"])
            for i in range(region.start, min(region.end, len(cells))):
                cells[i] = style
        segments: list[Segment] = []
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or cells[i] is not cells[start]:
                segments.append(Segment(text[start:i], cells[start]))
                start = i
        return Strip(segments, len(text))
