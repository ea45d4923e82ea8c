"""A read-only, syntax-highlighted SQL view that renders only the lines on screen.

The whole-model DDL of a 1,000-entity model is tens of thousands of lines, so the view uses
Textual's line API: it keeps the text as lines, highlights a line (with Pygments' SQL lexer) the
first time it is shown, and caches the result by line text, so replacing the text after an edit
re-highlights only lines that changed. Replacing the text keeps the scroll position.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.scrolling import FramedLines, QuietResize

#: Pygments token type (as a string prefix) -> component class that styles it.
_TOKEN_CLASSES: tuple[tuple[str, str], ...] = (
    ("Token.Comment", "ddl--comment"),
    ("Token.Literal.String", "ddl--string"),
    ("Token.Literal.Number", "ddl--number"),
    ("Token.Name.Builtin", "ddl--type"),
    ("Token.Keyword", "ddl--keyword"),
    ("Token.Operator", "ddl--operator"),
    ("Token.Punctuation", "ddl--operator"),
    ("Token.Name", "ddl--name"),
)

_CACHE_LINES = 8192


class DDLView(QuietResize, FramedLines, ScrollView, can_focus=True):
    """Shows SQL text; ``set_text`` replaces it (a no-op when the text is the same)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {cls for _, cls in _TOKEN_CLASSES}
    OWN_REPAINTS = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Up", show=False),
        Binding("down,j", "scroll_down", "Down", show=False),
        Binding("left,h", "scroll_left", "Left", show=False),
        Binding("right,l", "scroll_right", "Right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = ""
        self._lines: list[str] = []
        self._cache: OrderedDict[str, list[Segment]] = OrderedDict()
        self._styles: dict[Any, Style] = {}
        self._lexer = None
        #: A scroll waiting for the next refresh (set while the new text is laid out).
        self.pending_scroll: int | None = None

    @property
    def text(self) -> str:
        """The SQL shown."""
        return self._text

    def set_text(self, text: str) -> bool:
        """Show ``text``; returns whether it changed. The scroll position is kept (clamped). Only
        the lines on screen whose text changed are redrawn (after an edit, typically one)."""
        if text == self._text:
            return False
        old = self._lines
        self._text = text
        self._lines = new = text.splitlines()
        width = max((len(line) for line in new), default=0)
        self.virtual_size = Size(width + 1, len(new))  # repaints nothing by itself (OWN_REPAINTS)
        top = self.scroll_offset.y
        run = None  # first line of a run of changed lines
        for y in range(top, top + self.size.height + 1):
            changed = (old[y] if y < len(old) else None) != (new[y] if y < len(new) else None)
            if changed and run is None:
                run = y
            elif not changed and run is not None:
                self.refresh_lines(run, y - run)
                run = None
        if run is not None:
            self.refresh_lines(run, top + self.size.height + 1 - run)
        return True

    def scroll_to_table(self, name: str | None) -> None:
        """Scroll so that the section of table ``name`` (its ``-- Table`` comment) is at the top
        (``None``, or no such section: the top of the text)."""
        line = 0
        if name is not None:
            marker = f"-- Table {name}"
            line = next((i for i, text in enumerate(self._lines) if text == marker
                         or text.startswith(marker + " ") or (text.startswith("-- Table ")
                                                               and text.endswith(f".{name}"))), 0)
        self._scroll_top(line)

    def _scroll_top(self, line: int) -> None:
        self.scroll_to(0, line, animate=False)
        self.pending_scroll = line  # again once the new text is laid out (it may clamp now)
        self.call_after_refresh(self._finish_scroll)

    def _finish_scroll(self) -> None:
        if self.pending_scroll is not None:
            self.scroll_to(0, self.pending_scroll, animate=False)
            self.pending_scroll = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _style_for(self, token_type: Any) -> Style:
        style = self._styles.get(token_type)
        if style is None:
            style = Style()
            name = str(token_type)
            for prefix, cls in _TOKEN_CLASSES:
                if name.startswith(prefix):
                    style = self.get_component_rich_style(cls, partial=True)
                    break
            self._styles[token_type] = style
        return style

    def _lex(self, lines: list[str]) -> None:
        """Highlight ``lines`` with one lexer run (much cheaper than one run per line) and
        cache each line's segments."""
        if self._lexer is None:
            from pygments.lexers.sql import PostgresLexer

            self._lexer = PostgresLexer(stripnl=False, ensurenl=False)
        assert self._lexer is not None
        out: list[list[Segment]] = [[]]
        for token, value in self._lexer.get_tokens("\n".join(lines)):
            style = self._style_for(token)
            parts = value.split("\n")
            for i, part in enumerate(parts):
                if i:
                    out.append([])
                if part:
                    out[-1].append(Segment(part, style))
        for line, segments in zip(lines, out, strict=False):
            self._cache[line] = segments
        while len(self._cache) > _CACHE_LINES:
            self._cache.popitem(last=False)

    def _segments(self, line: str) -> list[Segment]:
        cached = self._cache.get(line)
        if cached is None:
            self._lex([line])
            cached = self._cache.get(line, [])
        else:
            self._cache.move_to_end(line)
        return cached

    def render_lines(self, crop: Region) -> list[Strip]:
        top = self.scroll_offset.y
        missing = [line for line in self._lines[top + crop.y:top + crop.bottom] if line not in self._cache]
        if len(missing) > 1:
            self._lex(list(dict.fromkeys(missing)))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        base, width, scroll_x, scroll_y = self.line_frame()
        index = y + scroll_y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = Strip(self._segments(self._lines[index])).apply_style(base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)
