"""The footer: Textual's, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` recomposes (removes and mounts a widget per key, then
lays out the whole screen) every time the bindings are refreshed, which this app does after each
edit (undo and redo are enabled or dimmed) and on every focus change. This footer compares what it
would show (key, label, enabled) with what it shows and recomposes only on a difference.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Footer

#: Below this width the footer leaves out the command palette hint (``f1`` lists ``ctrl+p``), so
#: that the keys of the focused pane and ``f1 Help`` fit on one line of an 80-column terminal.
PALETTE_HINT_WIDTH = 100

Shown = tuple[tuple[str, str, str, bool], ...]


def shown_bindings(screen: Screen[object]) -> Shown:
    """What a footer on ``screen`` shows: (action, key, description, enabled) per shown binding."""
    seen: dict[str, tuple[str, str, str, bool]] = {}
    for _, binding, enabled, _ in screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen[binding.action] = (binding.action, binding.key, binding.description, enabled)
    return tuple(seen.values())


class QuietFooter(Footer):
    """A :class:`~textual.widgets.Footer` that recomposes only when its keys change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)  # 80 columns hold the keys up to f1 Help
        self._shown: Shown | None = None

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= PALETTE_HINT_WIDTH
        if wide != self.show_command_palette:
            self.show_command_palette = wide

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not screen.app.app_focus or not (self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        shown = shown_bindings(screen)
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)
