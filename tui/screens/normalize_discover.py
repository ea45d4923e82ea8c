"""Discover FDs from an entity's data (issue 10, item 5): progress, cancel, accept.

Opened from the normalization pane (``d``) for an entity with a ``data_source``. The discovery
(:func:`core.discover.discover_entity`) runs in a thread worker and reports its phases on a
progress bar; ``escape`` cancels it. The result lists every minimal FD found, plausible ones
first, with the reasons for doubt; ``enter`` accepts the plausible ones and ``A`` all of them,
as one undoable command (:func:`core.discover.accept_discovered`): the screen dismisses with
the :class:`~core.discover.Acceptance` and the pane runs its command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from core.discover import (
    Acceptance,
    CancelToken,
    Discovery,
    DiscoveryCancelled,
    Progress,
    accept_discovered,
    discover_entity,
)
from core.errors import TablewrightError
from core.model import DataModel, EntityKey
from tui.guard import guarded

#: FDs listed at most (the counts cover them all).
LIST_LIMIT = 200


class DiscoverScreen(ModalScreen[Acceptance | None]):
    """Run a discovery on the entity's rows and choose what to accept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel / close"),
        Binding("enter", "accept('plausible')", "Accept plausible"),
        Binding("A", "accept('all')", "Accept all"),
    ]
    DEFAULT_CSS = """
    DiscoverScreen { align: center middle; }
    DiscoverScreen #discover { width: 90%; height: 80%; border: round $accent; background: $surface;
        padding: 0 1; }
    DiscoverScreen #discover-title { height: auto; text-style: bold; }
    DiscoverScreen #discover-status { height: auto; color: $text-muted; }
    DiscoverScreen #discover-status.error { color: $text-error; }
    DiscoverScreen ProgressBar { height: 1; margin: 1 0; }
    DiscoverScreen #discover-body { height: 1fr; }
    DiscoverScreen #discover-hint { height: 1; color: $text-muted; }
    """

    @dataclass
    class Reported(Message):
        progress: Progress

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DiscoverScreen.Reported)

    @dataclass
    class Finished(Message):
        discovery: Discovery | None
        error: str = ""
        cancelled: bool = False

    def __init__(self, model: DataModel, key: EntityKey, base_dir: str) -> None:
        super().__init__()
        self.model, self.key, self.base_dir = model, key, base_dir
        self.token = CancelToken()
        self.discovery: Discovery | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        entity = self.model.entity(self.key)
        source = entity.data_source if entity is not None else ""
        with Vertical(id="discover"):
            yield Static(f"Discover FDs of {self.key.display()} from {_safe(source or '')}", id="discover-title")
            yield ProgressBar(total=None, show_eta=False, id="discover-progress")
            yield Static("reading the rows…", id="discover-status")
            with VerticalScroll(id="discover-body"):
                yield Static("", id="discover-list")
            yield Static("escape: cancel", id="discover-hint")

    def on_mount(self) -> None:
        self.running = True
        self._run()

    def on_unmount(self) -> None:
        self.token.cancel()

    @work(thread=True, exclusive=True, group="discover", description="FD discovery")
    def _run(self) -> None:
        def report(p: Progress) -> None:
            self.post_message(self.Reported(p))

        try:
            found = discover_entity(self.model, self.key, base_dir=self.base_dir, progress=report,
                                    cancel=self.token)
        except DiscoveryCancelled:
            self.post_message(self.Finished(None, cancelled=True))
        except TablewrightError as exc:
            self.post_message(self.Finished(None, error=str(exc)))
        except (OSError, ValueError) as exc:
            self.post_message(self.Finished(None, error=f"cannot read the data: {exc}"))
        else:
            self.post_message(self.Finished(found))

    @on(Reported)
    def _reported(self, message: Reported) -> None:
        if not self.running:
            return
        p = message.progress
        bar = self.query_one(ProgressBar)
        if p.total > 0:
            bar.update(total=p.total, progress=min(p.done, p.total))
        self.query_one("#discover-status", Static).update(f"{p.phase}: {p.message}")

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        bar = self.query_one(ProgressBar)
        status = self.query_one("#discover-status", Static)
        hint = self.query_one("#discover-hint", Static)
        if message.discovery is None:
            status.update("Cancelled: nothing was changed." if message.cancelled else message.error)
            status.set_class(not message.cancelled, "error")
            hint.update("escape: close")
            bar.update(total=1, progress=0)
            return
        d = self.discovery = message.discovery
        bar.update(total=1, progress=1)
        plausible = len(d.plausible())
        status.update(f"{len(d.fds)} minimal FDs in {d.rows:,} rows ({d.distinct_rows:,} distinct) in "
                      f"{d.seconds:.2f} s; {plausible} plausible")
        self.query_one("#discover-list", Static).update(_listing(d))
        hint.update("enter: accept the plausible FDs   A: accept all   escape: close without accepting")

    def action_cancel(self) -> None:
        if self.running:
            self.token.cancel()
            self.query_one("#discover-status", Static).update("cancelling…")
        else:
            self.dismiss(None)

    @guarded
    def action_accept(self, mode: str) -> None:
        if self.discovery is None:
            self.notify("The discovery has not finished.", timeout=3)
            return
        acceptance = accept_discovered(self.model, self.key, self.discovery, mode)  # type: ignore[arg-type]
        self.dismiss(acceptance)


def _safe(source: str) -> str:
    """The data source without a password (``postgresql://user:secret@host`` -> ``user:…@host``)."""
    import re

    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:…@", source)


def _listing(d: Discovery) -> Text:
    out = Text()
    for fd in d.fds[:LIST_LIMIT]:
        out.append("✓ " if fd.plausible else "· ", style="bold" if fd.plausible else "dim")
        out.append(f"{', '.join(fd.lhs) or '∅'} -> {fd.rhs}", style="bold" if fd.plausible else "")
        out.append(f"  {fd.plausibility:.2f}", style="dim")
        if fd.from_key:
            out.append("  from a key", style="dim")
        if fd.reasons:
            out.append(f"  {'; '.join(fd.reasons)}", style="italic dim")
        out.append("\n")
    if len(d.fds) > LIST_LIMIT:
        out.append(f"… and {len(d.fds) - LIST_LIMIT} more\n", style="dim")
    if not d.fds:
        out.append("No dependency holds in these rows besides the trivial ones.")
    return out
