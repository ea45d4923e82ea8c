"""Scroll views whose content changes size without laying out the whole screen.

Textual's ``virtual_size`` is a layout reactive: every change (a longer DDL text, an entity with
more attributes in the editor) lays out and repaints every widget of the screen, which on a large
screen is most of the cost of a keystroke. A pane sized by the layout (``1fr``) does not change
size with its content; only its scroll bars may appear or disappear. :class:`QuietResize` turns
the layout that a ``virtual_size`` change asks for into an update of the widget's own scroll bars
and a repaint of the widget; the bars' own reactives still ask for a layout when one appears or
disappears, so the screen stays right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Self

from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual collects CSS and component classes from widget bases


class QuietResize(_Base):
    """Mix in before a scroll view class (``class V(QuietResize, ScrollView)``) whose size is set
    by the layout, never by its content."""

    #: ``True``: a change of ``virtual_size`` repaints nothing by itself (the widget refreshes the
    #: lines whose content changed; a scroll that the new size clamps repaints as scrolls do).
    OWN_REPAINTS = False
    _quiet_pending = False
    _quiet_running = False

    def validate_virtual_size(self, size: Size) -> Size:
        if size != self.virtual_size and self.is_mounted:
            self._quiet_pending = True  # the refresh(layout=True) that follows is ours
        return size

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if layout and self._quiet_pending and not self._quiet_running and not recompose:
            self._quiet_pending = False
            if not self.display:  # hidden: showing it again lays it out anyway
                return super().refresh(*regions, repaint=repaint)
            if not self.container_size:  # never laid out yet: the ordinary way
                return super().refresh(*regions, repaint=repaint, layout=True)
            self._quiet_running = True
            try:
                self._scroll_update(self.virtual_size)  # may lay out: a scroll bar came or went
            finally:
                self._quiet_running = False
            return super().refresh(*regions, repaint=repaint and (bool(regions) or not self.OWN_REPAINTS))
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class LineFrame(NamedTuple):
    """What every line of one render needs: the widget's base style, the content width and the
    scroll offset."""

    base: Style
    width: int
    scroll_x: int
    scroll_y: int


class FramedLines(_Base):
    """Mix in before a line-API widget class: :meth:`line_frame` gives ``render_line`` the base
    style, width and scroll offset, looked up once per ``render_lines`` (the base style walks the
    widget's ancestors: about 40 µs, most of the cost of drawing a line if done per line)."""

    _frame_now: LineFrame | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_now = self._new_frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame_now = None

    def _new_frame(self) -> LineFrame:
        x, y = self.scroll_offset
        return LineFrame(self.rich_style, self.scrollable_content_region.width, x, y)

    def line_frame(self) -> LineFrame:
        """The frame of the render in progress (outside one: computed now)."""
        return self._frame_now or self._new_frame()


class TitledPane(_Base):
    """Mix in before a bordered container class whose titles change often (the editor's title
    names the selected entity): :func:`set_border_titles` then repaints the top and bottom border
    rows only, not the pane's whole area (which Textual's title assignment repaints, and which
    costs a few milliseconds on a large screen: every line of the pane and of what lies under it)."""

    _title_rows_only = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if self._title_rows_only and not regions and repaint and not layout and not recompose:
            width, height = self.outer_size
            if width and height and self.is_mounted:
                dx, dy = self.content_offset  # refresh() takes content coordinates
                regions = (Region(-dx, -dy, width, 1), Region(-dx, height - 1 - dy, width, 1))
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


def set_border_titles(widget: Widget, title: str | None = None, subtitle: str | None = None) -> None:
    """Set the border title / subtitle only when they change (Textual repaints the whole widget,
    a pane's full area, on every assignment; a :class:`TitledPane` repaints its border rows
    only). ``None`` leaves one as it is."""
    pane = widget if isinstance(widget, TitledPane) else None
    if pane is not None:
        pane._title_rows_only = True
    try:
        if title is not None and widget.border_title != title:
            widget.border_title = title
        if subtitle is not None and widget.border_subtitle != subtitle:
            widget.border_subtitle = subtitle
    finally:
        if pane is not None:
            pane._title_rows_only = False
