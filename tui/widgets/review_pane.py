"""The review panel: the model's lint findings, where they are, why they matter, one-key fixes.

The panel lists the findings of the selected entity or of the whole model (``s`` switches),
most serious first, with the rule's rationale and the fix under the list. ``enter`` jumps to the
finding's entity (and attribute) in the editor; ``f`` applies the finding's fix, which is one
core command, so ctrl+z undoes it. The entity list marks entities with errors (✖) or warnings (▲).

Reviews run in a thread worker: after an edit only the touched entities are reviewed again, as
soon as the edit is painted (the worker would otherwise hold the GIL while the edit's DDL is
drawn); a whole-model review (for the rules that look across entities) follows when the user
pauses (:data:`FULL_AFTER_SECONDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from core.model import DataModel, EntityKey
from tui.guard import guarded
from tui.review import Review, ReviewService

if TYPE_CHECKING:
    from core.lint import Finding

FULL_AFTER_SECONDS = 1.5
FIRST_REVIEW_DELAY = 0.25
#: Seconds a background whole-model review sleeps after each entity (the UI thread runs then).
BACKGROUND_PAUSE = 0.0005
#: Findings listed at most in the whole-model scope (the counts cover them all).
LIST_LIMIT = 300
_SYMBOL = {"error": "✖", "warning": "▲", "info": "·"}


class ReviewPane(Vertical):
    """Findings list, status line and the selected finding's explanation."""

    ALLOW_MAXIMIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fix", "Fix", tooltip="Apply the fix of the selected finding (ctrl+z undoes it)"),
        Binding("s", "toggle_scope", "Scope", tooltip="Findings of the selected entity or of the whole model"),
        Binding("i", "suppress", "Accept", show=False,
                tooltip="Accept the finding on purpose: suppress it with a reason kept in the model file"),
        Binding("enter", "go", "Go to", show=False, tooltip="Show the finding's entity in the editor"),
        Binding("R", "rerun", "Review again", show=False),
    ]

    whole_model: reactive[bool] = reactive(False, init=False, repaint=False)

    @dataclass
    class Ready(Message):
        """A review finished (possibly for an older revision)."""

        review: Review

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.service = ReviewService()
        self.review: Review | None = None
        self._model: DataModel | None = None
        self._revision = -1
        self._selected: EntityKey | None = None
        self._full_timer: Timer | None = None
        self.shown: tuple[Finding, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("reviewing…", id="review-status")
        yield OptionList(id="review-list")
        yield Static("", id="review-detail")

    @property
    def options(self) -> OptionList:
        return self.query_one("#review-list", OptionList)

    # -- input -----------------------------------------------------------------------------------

    def update_source(self, model: DataModel, revision: int, selected: EntityKey | None) -> None:
        """The model or the selection changed: review what changed since the last review."""
        changed = revision != self._revision
        self._model, self._revision, self._selected = model, revision, selected
        if changed:
            if self.review is None:  # the first, whole-model review: once the screen is painted
                if self._full_timer is None:
                    self._full_timer = self.set_timer(FIRST_REVIEW_DELAY, self._full_review)
            else:  # once the edit is painted: the review thread would hold the GIL meanwhile
                self.call_after_refresh(self._review_touched, revision)
        self._show()

    def _review_touched(self, revision: int) -> None:
        """Review the entities touched since the last review (if ``revision`` is still the newest:
        else the newer one's call does it). Reviewing one entity of a new model recomputes the
        rules' model-wide lookups (tens of milliseconds on 1,000 entities)."""
        if revision != self._revision or self._model is None or self.review is None:
            return
        touched = getattr(self.app, "touched_since", lambda _r: None)(self.review.revision)
        self._review(self._model, revision, touched)

    def watch_whole_model(self) -> None:
        self._show()

    @work(thread=True, exclusive=True, group="review", description="model review")
    def _review(self, model: DataModel, revision: int, touched: frozenset[EntityKey] | None) -> None:
        if touched is None:  # in the background: yield to the UI between entities, stop when superseded
            worker = get_current_worker()
            review = self.service.full(model, revision, lambda: worker.is_cancelled, BACKGROUND_PAUSE)
        else:
            review = self.service.update(model, revision, touched)
        if review is not None:
            self.post_message(self.Ready(review))

    @on(Ready)
    @guarded
    def _ready(self, message: Ready) -> None:
        review = message.review
        if review.revision != self._revision:
            return  # a newer review is on its way
        self.review = review
        self._show()
        self.post_message(ReviewPane.Marks(review.marks()))
        if self._full_timer is not None:
            self._full_timer.stop()
            self._full_timer = None
        if not review.complete:
            self._full_timer = self.set_timer(FULL_AFTER_SECONDS, self._full_review)

    def _full_review(self) -> None:
        self._full_timer = None
        if self._model is not None:
            self._review(self._model, self._revision, None)

    @dataclass
    class Marks(Message):
        """Marks for the entity list (entity key -> ``✖2`` / ``▲1``)."""

        marks: dict[EntityKey, str]

    # -- output ----------------------------------------------------------------------------------

    def _visible(self) -> bool:
        return all(node.display for node in self.ancestors_with_self if isinstance(node, Widget))

    def on_show(self) -> None:
        self._show()

    def _show(self) -> None:
        if not self._visible():
            return  # in a hidden tab: brought up to date when shown
        review = self.review
        status = self.query_one("#review-status", Static)
        if review is None:
            status.update("reviewing…", layout=False)
            return
        if self.whole_model or self._selected is None:
            found, scope = review.findings(), "whole model"
        else:
            found, scope = review.findings(self._selected), self._selected.display()
        found = tuple(sorted(found, key=lambda f: (f.suppressed, ("error", "warning", "info").index(f.severity)
                                                   if f.severity in ("error", "warning", "info") else 3)))
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in found:
            if not f.suppressed:
                counts[f.severity] = counts.get(f.severity, 0) + 1
        stale = "" if review.revision == self._revision else " (updating…)"
        status.update(f"{scope}: ✖ {counts['error']}  ▲ {counts['warning']}  · {counts['info']}{stale}"
                      "  ·  f: fix  i: accept  s: scope  enter: go", layout=False)
        if found == self.shown:
            return
        self.shown = found[:LIST_LIMIT]
        options = self.options
        highlighted = options.highlighted
        options.clear_options()
        items = [Option(self._label(f), id=str(i)) for i, f in enumerate(self.shown)]
        if len(found) > LIST_LIMIT:
            items.append(Option(f"… {len(found) - LIST_LIMIT} more: select an entity (s) to see its own",
                                disabled=True))
        if not items:
            items.append(Option("No findings. ✓", disabled=True))
        options.add_options(items)
        if self.shown:
            options.highlighted = min(highlighted or 0, len(self.shown) - 1)
        self._detail()

    def _label(self, f: Finding) -> str:
        where = f.location if self.whole_model or self._selected is None else \
            (f.attribute or f.constraint or "(table)")
        fix = "  [fix]" if f.fix is not None and not f.suppressed else ""
        muted = "  (suppressed)" if f.suppressed else ""
        return f"{_SYMBOL.get(f.severity, '?')} {f.rule_id}  {where}{fix}{muted}"

    @property
    def current(self) -> Finding | None:
        """The highlighted finding."""
        index = self.options.highlighted
        return self.shown[index] if index is not None and 0 <= index < len(self.shown) else None

    @on(OptionList.OptionHighlighted, "#review-list")
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        from core.lint import RULES

        f = self.current
        detail = self.query_one("#review-detail", Static)
        if f is None:
            detail.update("")
            return
        rule = RULES.get(f.rule_id)
        lines = [f"{f.location}: {f.message}"]
        if f.suppressed_reason:
            lines.append(f"Suppressed: {f.suppressed_reason}")
        if f.fix is not None:
            lines.append(f"Fix (f): {f.fix_label}")
        if rule is not None:
            lines.append(f"Why: {rule.rationale}")
        detail.update("\n".join(lines))

    # -- actions ---------------------------------------------------------------------------------

    def action_toggle_scope(self) -> None:
        self.whole_model = not self.whole_model

    @guarded
    def action_rerun(self) -> None:
        if self._model is not None:
            self._review(self._model, self._revision, None)

    @guarded
    def action_go(self) -> None:
        f = self.current
        if f is not None and f.entity_key is not None:
            self.post_message(ReviewPane.GoTo(f.entity_key, f.attribute))

    @guarded
    def action_fix(self) -> None:
        f = self.current
        if f is None or f.fix is None:
            self.app.notify("This finding has no automatic fix.", timeout=3)
            return
        if self.review is None or self.review.revision != self._revision:
            self.app.notify("The review is catching up with the last edit; try again.", timeout=3)
            return
        self.post_message(ReviewPane.Fix(f))

    @guarded
    def action_suppress(self) -> None:
        f = self.current
        if f is None or self._model is None:
            return
        if f.suppressed:
            self.app.notify(f"Already accepted: {f.suppressed_reason}", timeout=3)
            return
        from tui.screens.prompt import PromptScreen

        def chosen(reason: str | None) -> None:
            if reason:
                self.post_message(ReviewPane.Suppress(f, reason))

        self.app.push_screen(PromptScreen(
            f"Accept {f.rule_id} on {f.location}: why is it right here?", placeholder="the reason (kept in the file)",
            check=lambda t: None if t else "a suppression needs a reason (the next reader will ask)",
            hint="enter: suppress (ctrl+z undoes)   escape: cancel"), chosen)

    @dataclass
    class Suppress(Message):
        """Suppress ``finding`` in the model's lint configuration, because of ``reason``."""

        finding: Finding
        reason: str

    @dataclass
    class GoTo(Message):
        """Show entity ``key`` (and ``attribute``) in the editor."""

        key: EntityKey
        attribute: str | None

    @dataclass
    class Fix(Message):
        """Apply ``finding``'s fix."""

        finding: Finding

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_go()
