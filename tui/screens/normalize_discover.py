"""Discover FDs from an entity's data (issue 10, item 5): progress, cancel, accept.

Opened from the normalization pane (``d``) for an entity with a ``data_source``. The user may
bound the run (a sample of N rows, a maximum left-hand side), then ``enter`` starts the discovery
(:func:`core.discover.discover_entity`) in a thread worker; it reports its phases on a progress
bar and ``escape`` cancels it. The result lists every minimal FD found, plausible ones first and
checked, with the plausibility and the reasons for doubt; ``space`` checks or unchecks one,
``A`` checks all, ``P`` only the plausible ones, and ``a`` accepts the checked FDs as one
undoable command (:func:`core.discover.accept_discovered`): the screen dismisses with the
:class:`~core.discover.Acceptance` and the pane runs its command.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, SelectionList, Static
from textual.widgets.selection_list import Selection

from core.discover import (
    Acceptance,
    CancelToken,
    DiscoveredFD,
    Discovery,
    DiscoveryCancelled,
    Progress,
    accept_discovered,
    discover_entity,
)
from core.errors import TablewrightError
from core.model import DataModel, EntityKey
from tui.guard import guarded

#: FDs listed at most (the counts cover them all; "A" and "P" act on every FD found).
LIST_LIMIT = 500


def bound(text: str, what: str, smallest: int) -> int | None:
    """A whole number typed in a field (blank: ``None``), or a :class:`ValueError` saying why not."""
    text = text.strip().replace(",", "").replace("_", "")
    if not text or text.lower() in ("all", "none"):
        return None
    if not text.isdigit() or int(text) < smallest:
        raise ValueError(f"{what} must be a whole number of at least {smallest} (or blank), not {text!r}")
    return int(text)


class DiscoverScreen(ModalScreen[Acceptance | None]):
    """Run a discovery on the entity's rows and choose what to accept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel / close"),
        Binding("a", "accept", "Accept checked", tooltip="Store the checked FDs on the entity (one undo step)"),
        Binding("A", "check('all')", "Check all"),
        Binding("P", "check('plausible')", "Check plausible"),
    ]
    DEFAULT_CSS = """
    DiscoverScreen { align: center middle; }
    DiscoverScreen #discover { width: 90%; height: 85%; border: round $accent; background: $surface;
        padding: 0 1; }
    DiscoverScreen #discover-title { height: auto; text-style: bold; }
    DiscoverScreen #discover-options { height: 1; margin-top: 1; }
    DiscoverScreen #discover-options Label { padding: 0 1 0 0; }
    DiscoverScreen #discover-options Input { width: 14; height: 1; border: none; padding: 0 1;
        background: $boost; margin-right: 2; }
    DiscoverScreen #discover-options Input:focus { background: $surface-lighten-1; }
    DiscoverScreen ProgressBar { height: 1; margin: 1 0 0 0; }
    DiscoverScreen #discover-status { height: auto; color: $text-muted; }
    DiscoverScreen #discover-status.error { color: $text-error; }
    DiscoverScreen #discover-list { height: 1fr; border: none; padding: 0; background: transparent; }
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
        self.started = False

    def compose(self) -> ComposeResult:
        entity = self.model.entity(self.key)
        source = entity.data_source if entity is not None else ""
        with Vertical(id="discover"):
            yield Static(f"Discover FDs of {self.key.display()} from {_safe(source or '')}", id="discover-title")
            with Horizontal(id="discover-options"):
                yield Label("sample rows")
                yield Input(placeholder="all", id="discover-sample")
                yield Label("max LHS")
                yield Input(placeholder="none", id="discover-max-lhs")
            yield ProgressBar(total=None, show_eta=False, id="discover-progress")
            yield Static("enter starts (blank fields: every row, any left-hand side)", id="discover-status")
            yield SelectionList[int](id="discover-list")
            yield Static("enter: start   escape: close", id="discover-hint")

    def on_mount(self) -> None:
        self.query_one("#discover-sample", Input).focus()

    def on_unmount(self) -> None:
        self.token.cancel()

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#discover-status", Static)
        status.update(text)
        status.set_class(error, "error")

    @on(Input.Submitted)
    @guarded
    def _start(self, event: Input.Submitted) -> None:
        event.stop()
        if self.started:
            return
        try:
            sample = bound(self.query_one("#discover-sample", Input).value, "the sample", 2)
            max_lhs = bound(self.query_one("#discover-max-lhs", Input).value, "the maximum left-hand side", 1)
        except ValueError as exc:
            self._say(str(exc), error=True)
            return
        self.started = self.running = True
        for field in self.query(Input):
            field.disabled = True
        self._say("reading the rows…")
        self.query_one("#discover-hint", Static).update("escape: cancel")
        self._run(sample, max_lhs)

    @work(thread=True, exclusive=True, group="discover", description="FD discovery")
    def _run(self, sample: int | None, max_lhs: int | None) -> None:
        def report(p: Progress) -> None:
            self.post_message(self.Reported(p))

        try:
            found = discover_entity(self.model, self.key, base_dir=self.base_dir, progress=report,
                                    cancel=self.token, sample=sample, max_lhs=max_lhs)
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
        if p.total > 0:
            self.query_one(ProgressBar).update(total=p.total, progress=min(p.done, p.total))
        self._say(f"{p.phase}: {p.message}")

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        bar = self.query_one(ProgressBar)
        hint = self.query_one("#discover-hint", Static)
        if message.discovery is None:
            self._say("Cancelled: nothing was changed." if message.cancelled else message.error,
                      error=not message.cancelled)
            hint.update("escape: close")
            bar.update(total=1, progress=0)
            return
        d = self.discovery = message.discovery
        bar.update(total=1, progress=1)
        bounded = f"; left sides up to {d.max_lhs}" if d.max_lhs is not None else ""
        self._say(f"{len(d.fds)} minimal FDs in {d.rows:,} rows ({d.distinct_rows:,} distinct) in "
                  f"{d.seconds:.2f} s{bounded}; {len(d.plausible())} plausible (checked)")
        listing = self.query_one(SelectionList)
        listing.add_options([Selection(_label(fd), i, fd.plausible) for i, fd in enumerate(d.fds[:LIST_LIMIT])])
        if not d.fds:
            self._say("No dependency holds in these rows besides the trivial ones.")
        listing.focus()
        hint.update("space: check  a: accept the checked  A: check all  P: plausible only  escape: close")

    def action_cancel(self) -> None:
        if self.running:
            self.token.cancel()
            self._say("cancelling…")
        else:
            self.dismiss(None)

    def action_check(self, which: str) -> None:
        listing = self.query_one(SelectionList)
        if self.discovery is None:
            return
        listing.deselect_all()
        for i, fd in enumerate(self.discovery.fds[:LIST_LIMIT]):
            if which == "all" or fd.plausible:
                listing.select(i)

    def chosen(self) -> tuple[DiscoveredFD, ...]:
        """The checked FDs, in ranking order."""
        if self.discovery is None:
            return ()
        picked = set(self.query_one(SelectionList).selected)
        return tuple(fd for i, fd in enumerate(self.discovery.fds[:LIST_LIMIT]) if i in picked)

    @guarded
    def action_accept(self) -> None:
        if self.discovery is None:
            self.notify("Start the discovery (enter) and let it finish first.", timeout=3)
            return
        chosen = self.chosen()
        if not chosen:
            self.notify("No FD is checked: space checks one, A checks all.", timeout=3)
            return
        self.dismiss(accept_discovered(self.model, self.key, replace(self.discovery, fds=chosen), "all"))


def _safe(source: str) -> str:
    """The data source without a password (``postgresql://user:secret@host`` -> ``user:…@host``)."""
    import re

    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:…@", source)


def _label(fd: DiscoveredFD) -> Text:
    out = Text()
    out.append(f"{', '.join(fd.lhs) or '∅'} -> {fd.rhs}", style="bold" if fd.plausible else "")
    out.append(f"  {fd.plausibility:.2f}", style="dim")
    if fd.from_key:
        out.append("  from a key", style="dim")
    if fd.reasons:
        out.append(f"  {'; '.join(fd.reasons)}", style="italic dim")
    return out
