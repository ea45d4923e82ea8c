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

from typing import TYPE_CHECKING, Self

from textual.geometry import Region, Size
from textual.widget import Widget

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual collects CSS and component classes from widget bases


class QuietResize(_Base):
    """Mix in before a scroll view class (``class V(QuietResize, ScrollView)``) whose size is set
    by the layout, never by its content."""

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
            return super().refresh(*regions, repaint=repaint)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


def set_border_titles(widget: Widget, title: str | None = None, subtitle: str | None = None) -> None:
    """Set the border title / subtitle only when they change (Textual repaints the whole widget,
    a pane's full area, on every assignment). ``None`` leaves one as it is."""
    if title is not None and widget.border_title != title:
        widget.border_title = title
    if subtitle is not None and widget.border_subtitle != subtitle:
        widget.border_subtitle = subtitle
