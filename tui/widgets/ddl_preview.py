"""The live DDL preview: the selected entity's DDL (or the whole model's) in the chosen dialect.

The screen tells the pane the model, its revision and the selection. One entity's DDL from a
warm fragment cache (only the touched entity is regenerated: well under a millisecond) is made
at once, so it reaches the screen in the same paint as the keystroke's other changes. Anything
bigger (the first generation, another dialect, the whole model) waits a few milliseconds for the
burst of changes to settle, then runs in a thread worker (exclusive in its group, so a newer
request supersedes an older one). A result for a request that is no longer current (older
revision, other dialect, other entity) is dropped; the text is replaced only when it differs, so
the scroll position stays put. The dialect's warnings are listed under the DDL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from core.model import DataModel, EntityKey
from tui.guard import guarded
from tui.preview import DIALECT_LABELS, DIALECTS, Preview, PreviewRequest, PreviewService
from tui.widgets.ddl_view import DDLView
from tui.widgets.scrolling import TitledPane, set_border_titles

DEBOUNCE_SECONDS = 0.012


class DDLPreview(TitledPane, Vertical):
    """Status line, highlighted DDL, and the dialect's warnings."""

    ALLOW_MAXIMIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "app.next_dialect", "Dialect", tooltip="Switch the DDL dialect"),
        Binding("w", "app.toggle_scope", "Whole model", tooltip="Selected entity or whole model"),
        Binding("y,c", "app.copy_ddl", "Copy", tooltip="Copy the DDL to the clipboard (OSC 52)"),
        Binding("e", "app.export_ddl", "Export", show=False),
    ]

    dialect: reactive[str] = reactive("postgres", init=False, repaint=False)
    whole_model: reactive[bool] = reactive(False, init=False, repaint=False)

    @dataclass
    class Ready(Message):
        """A preview has been generated (possibly stale)."""

        preview: Preview

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.service = PreviewService()
        self._model: DataModel | None = None
        self._revision = -1
        self._selected: EntityKey | None = None
        self._timer: Timer | None = None
        #: The request whose text is on screen, and when it was put there (perf_counter).
        self.shown: Preview | None = None
        self.shown_at = 0.0
        self._warnings: tuple[str, ...] = ()
        self._status = ""
        self.border_title = "DDL · PostgreSQL"

    def compose(self) -> ComposeResult:
        yield Static("", id="ddl-status")
        yield DDLView(id="ddl-text")
        yield Static("", id="ddl-warnings")

    @property
    def view(self) -> DDLView:
        return self.query_one(DDLView)

    @property
    def text(self) -> str:
        """The DDL on screen."""
        return self.view.text

    def current_request(self) -> PreviewRequest:
        """What should be on screen now."""
        key = None if self.whole_model else self._selected
        return PreviewRequest(self._revision, self.dialect, key)

    def update_source(self, model: DataModel, revision: int, selected: EntityKey | None) -> None:
        """The model or the selection changed: regenerate soon (if what is shown would change)."""
        self._model, self._revision, self._selected = model, revision, selected
        self._schedule()

    def watch_dialect(self) -> None:
        self._schedule()

    def watch_whole_model(self) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if self._model is None:
            return
        request = self.current_request()
        if self.shown is not None and self.shown.request == request:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        preview = self.service.try_render(self._model, request)  # one warm fragment: < 1 ms
        if preview is not None:
            self._show(preview)
            return
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._model is not None:
            self._generate(self._model, self.current_request())

    @work(thread=True, exclusive=True, group="ddl", description="DDL preview")
    def _generate(self, model: DataModel, request: PreviewRequest) -> None:
        self.post_message(self.Ready(self.service.render(model, request)))

    @on(Ready)
    @guarded
    def _ready(self, message: Ready) -> None:
        self._show(message.preview)

    def _show(self, preview: Preview) -> None:
        if preview.request != self.current_request():
            return  # stale: a newer request is on its way
        moved = self.shown is None or self.shown.request.key != preview.request.key \
            or self.shown.request.dialect != preview.request.dialect
        self.view.set_text(preview.text)
        if moved:
            target = preview.request.key or self._selected
            self.view.scroll_to_table(target.name if target is not None else None)
        self.shown, self.shown_at = preview, time.perf_counter()
        if self._warnings != preview.warnings:  # a layout only when the warnings change
            self._warnings = preview.warnings
            warnings = self.query_one("#ddl-warnings", Static)
            warnings.update("\n".join(f"⚠ {w}" for w in preview.warnings))
            warnings.display = bool(preview.warnings)
        scope = "whole model" if preview.request.key is None else preview.request.key.display()
        count = f" · ⚠ {len(preview.warnings)}" if preview.warnings else ""
        set_border_titles(self, f"DDL · {DIALECT_LABELS[preview.request.dialect]}")
        status = f"{scope}{count} · d: dialect  w: scope  y: copy"
        if status != self._status:
            self._status = status
            self.query_one("#ddl-status", Static).update(status, layout=False)  # one line, always

    def next_dialect(self, step: int = 1) -> str:
        """Switch to the next dialect of :data:`DIALECTS` (``step=-1``: the previous one)."""
        self.dialect = DIALECTS[(DIALECTS.index(self.dialect) + step) % len(DIALECTS)]
        return self.dialect
