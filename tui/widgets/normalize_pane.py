"""The normalization pane (issue 7): FDs, keys, normal form, violations and decompositions of
the selected entity, from ``core.normalize``.

The screen calls :meth:`NormalizePane.update_source` after every edit and selection change.
The pane shows, for the selected entity: the normal form as a badge, the FD list (from keys,
declared, discovered; ``delete`` removes one, ``enter`` edits one), an FD editor (``a, b -> c``,
tab completes attribute names, a mistake is shown under it and changes nothing), the candidate
keys, the prime attributes, every violation with its explanation, and the 3NF synthesis and BCNF
decomposition previewed as entities with keys and the lossless / dependency-preserving verdicts.
``3`` or ``b`` applies one (one undo step), ``n`` names the new entities first, ``m`` shows the
data migration SQL (and exports it), ``d`` discovers FDs from the entity's data source (those
actions are in :mod:`tui.widgets.normalize_actions`).

The analysis runs on the spot when it is quick (it is, for ordinary entities: a few ms); an
analysis that outlives :data:`~tui.widgets.normalize_work.SYNC_BUDGET` (a relation with
thousands of candidate keys) moves to a thread worker that reports the keys found so far, and
``escape`` cancels it (the pane then shows what the first keys found allow). The decomposition
previews are planned in a worker after the analysis is painted. A hidden pane does nothing and
catches up when its tab is shown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from core.model import DataModel, Entity, EntityKey
from core.normalize.analysis import Analysis, AnalysisCancelled
from core.normalize.fds import NormalizeError
from core.quickadd.complete import Completion
from tui.guard import guarded
from tui.messages import CommandRequested
from tui.widgets.line_input import LineInput
from tui.widgets.normalize_actions import DecompositionActions
from tui.widgets.normalize_render import (
    BADGE_CLASS,
    FDRow,
    complete_fd,
    fd_command,
    fd_label,
    fd_rows,
    remove_command,
    render_details,
    render_plan,
)
from tui.widgets.normalize_work import (
    KINDS,
    PARTIAL_BUDGET,
    PARTIAL_KEYS,
    PROGRESS_EVERY,
    SYNC_BUDGET,
    WORKER_PAUSE,
    Plans,
    RunToken,
    analyze_now,
    plan_both,
)

PLACEHOLDER = "a: add an FD (a, b -> c) · enter on an FD edits it"
#: Actions that work on the decomposition previews (from the palette they wait for them).
PLAN_ACTIONS = frozenset({"apply", "name_components", "migration"})


class NormalizePane(DecompositionActions, Vertical):
    """Analysis of the selected entity, with an FD editor and one-key decompositions."""

    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    NormalizePane { height: 1fr; }
    NormalizePane #normalize-top { height: 1; }
    NormalizePane #normalize-badge { width: auto; padding: 0 1; text-style: bold;
        background: $panel; color: $text; }
    NormalizePane #normalize-badge.-nf1 { background: $error; color: $text; }
    NormalizePane #normalize-badge.-nf2 { background: $warning; color: $background; }
    NormalizePane #normalize-badge.-nf3 { background: $secondary; color: $text; }
    NormalizePane #normalize-badge.-bcnf, NormalizePane #normalize-badge.-nf4 {
        background: $success; color: $background; }
    NormalizePane #normalize-status { width: 1fr; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis; }
    NormalizePane #normalize-fd-input { border: none; height: 1; padding: 0 1; background: $boost; }
    NormalizePane #normalize-fd-input:focus { background: $surface-lighten-1; }
    NormalizePane #normalize-message { height: auto; max-height: 3; padding: 0 1; color: $text-muted;
        display: none; }
    NormalizePane #normalize-message.error { color: $text-error; background: $error-muted; }
    NormalizePane #normalize-fds { height: auto; max-height: 40%; border: none; padding: 0 0 0 1;
        background: transparent; scrollbar-size-vertical: 1; }
    NormalizePane #normalize-body { height: 1fr; scrollbar-size-vertical: 1; }
    NormalizePane #normalize-details, NormalizePane .normalize-plan { padding: 0 1; }
    NormalizePane .normalize-plan { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_fd", "Add FD", tooltip="Type a functional dependency: a, b -> c"),
        Binding("delete", "delete_fd", "Delete FD", tooltip="Delete the highlighted FD (ctrl+z undoes it)"),
        Binding("3", "apply('3nf')", "3NF", tooltip="Apply the 3NF synthesis (one undo step)"),
        Binding("b", "apply('bcnf')", "BCNF", tooltip="Apply the BCNF decomposition (one undo step)"),
        Binding("n", "name_components", "Names", tooltip="Name the new entities of the decompositions"),
        Binding("m", "migration", "Migration SQL", tooltip="The SQL that moves the data (export with e)"),
        Binding("d", "discover", "Discover", tooltip="Discover FDs from the entity's data source"),
        Binding("escape", "cancel", "Cancel", show=False, tooltip="Stop a long key enumeration"),
        Binding("r", "reanalyze", "Analyze again", show=False),
    ]

    @dataclass
    class Analyzed(Message):
        """A worker finished the analysis of ``key`` at ``revision`` (``note`` says how)."""

        revision: int
        key: EntityKey
        analysis: Analysis | None
        note: str = ""
        error: str = ""

    @dataclass
    class KeysFound(Message):
        """A slow analysis of ``revision`` has found ``count`` candidate keys so far."""

        revision: int
        count: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, NormalizePane.KeysFound)

    @dataclass
    class Planned(Message):
        """Both decomposition previews of ``key`` at ``revision``."""

        revision: int
        key: EntityKey
        plans: Plans

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._model: DataModel | None = None
        self._revision = -1
        self._selected: EntityKey | None = None
        #: (revision, key) last drawn; the pane redraws when the source moves past it.
        self._drawn: tuple[int, EntityKey | None] | None = None
        self._entity: Entity | None = None
        self.analysis: Analysis | None = None
        #: The revision and entity :attr:`analysis` belongs to.
        self.analysis_for: tuple[int, EntityKey] | None = None
        self.plans: Plans | None = None
        self.plans_for: tuple[int, EntityKey] | None = None
        self.rows: list[FDRow] = []
        #: New names the user chose for decomposition components, per entity (default -> new).
        self.names: dict[EntityKey, dict[str, str]] = {}
        #: The stored FD the editor is changing (``None``: the editor adds a new one).
        self.editing: FDRow | None = None
        self._token: RunToken | None = None
        self.busy = False
        #: The entity (object) a running worker analyses: still valid while it is the selection's.
        self._busy_entity: Entity | None = None
        self._keys_found = 0
        #: An action asked for from the palette that waits for the previews of this entity.
        self._deferred: tuple[EntityKey, str] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="normalize-top"):
            yield Static("", id="normalize-badge")
            yield Static("", id="normalize-status")
        yield OptionList(id="normalize-fds")
        yield LineInput(placeholder=PLACEHOLDER,
                        id="normalize-fd-input", completer=self._complete)
        yield Static("", id="normalize-message")
        with VerticalScroll(id="normalize-body"):
            yield Static("", id="normalize-details")
            yield Static("", id="normalize-plan-3nf", classes="normalize-plan")
            yield Static("", id="normalize-plan-bcnf", classes="normalize-plan")

    @property
    def fd_input(self) -> LineInput:
        return self.query_one("#normalize-fd-input", LineInput)

    @property
    def fd_list(self) -> OptionList:
        return self.query_one("#normalize-fds", OptionList)

    @property
    def entity(self) -> Entity | None:
        """The entity the pane shows."""
        return self._entity

    # -- input -----------------------------------------------------------------------------------

    def update_source(self, model: DataModel, revision: int, key: EntityKey | None) -> None:
        """Analyse ``key`` in ``model`` at ``revision`` (now if the pane is shown, else when it is)."""
        if key != self._selected and self.is_mounted:
            self._deferred = None
            if self.editing is not None:
                self._stop_editing()
                self.fd_input.value = ""
            self._message("")
        self._model, self._revision, self._selected = model, revision, key
        if self._visible():
            self._refresh()

    def on_show(self) -> None:
        self._refresh()

    def on_unmount(self) -> None:
        self._cancel_running()

    def _visible(self) -> bool:
        return self.is_mounted and all(node.display for node in self.ancestors_with_self if isinstance(node, Widget))

    @property
    def current(self) -> tuple[int, EntityKey] | None:
        """(revision, key) of what the pane should show."""
        return None if self._selected is None else (self._revision, self._selected)

    def _refresh(self) -> None:
        model, key = self._model, self._selected
        if model is None or self._drawn == (self._revision, key):
            return
        self._drawn = (self._revision, key)
        entity = model.entity(key) if key is not None else None
        same_entity = entity is not None and entity is self._entity and self.analysis is not None \
            and self.analysis_for is not None and self.analysis_for[1] == key
        self._entity = entity
        if entity is None or key is None:
            self._cancel_running()
            self.analysis = self.analysis_for = self.plans = self.plans_for = None
            self._show_rows(None)
            self._status("", "select an entity to normalize it")
            self._set_details("", "", "")
            return
        self._show_rows(entity)
        if not entity.attributes:
            self._cancel_running()
            self.analysis = self.analysis_for = self.plans = self.plans_for = None
            self._status("", f"{entity.name} has no attributes yet: add some in the editor, then its FDs here")
            self._set_details("", "", "")
            return
        if self.busy and entity is self._busy_entity:  # another entity changed: the run still holds
            return
        if same_entity:  # the entity did not change: its analysis still holds, plans may not
            self.analysis_for = (self._revision, key)
            self._show_analysis()
            self._plan(model, self._revision, key)
            return
        self._cancel_running()
        try:
            analysis = analyze_now(model, key, budget=SYNC_BUDGET)
        except AnalysisCancelled:
            self._analyze_slowly(model, self._revision, key)
            return
        except NormalizeError as exc:
            self._failed(str(exc))
            return
        self.analysis, self.analysis_for = analysis, (self._revision, key)
        self._show_analysis()
        self._plan(model, self._revision, key)

    def _cancel_running(self) -> None:
        if self._token is not None:
            self._token.superseded = True
            self._token.cancel()
            self._token = None
        self.busy, self._busy_entity = False, None

    def _failed(self, reason: str) -> None:
        self._deferred = None
        self.analysis = self.analysis_for = self.plans = self.plans_for = None
        self._status("?", f"cannot analyze: {reason}")
        self._set_details(f"The dependencies of this entity cannot be analyzed: {reason}", "", "")

    # -- workers ---------------------------------------------------------------------------------

    def _analyze_slowly(self, model: DataModel, revision: int, key: EntityKey) -> None:
        self._token = token = RunToken()
        self.busy, self._keys_found, self._busy_entity = True, 0, self._entity
        self.analysis, self.analysis_for, self.plans, self.plans_for = None, None, None, None
        self._status("…", "enumerating candidate keys…  (escape stops)")
        self._set_details("Many candidate keys: the analysis runs in the background.", "", "")
        self._slow(model, revision, key, token)

    @work(thread=True, exclusive=True, group="normalize-analysis", description="normalization analysis")
    def _slow(self, model: DataModel, revision: int, key: EntityKey, token: RunToken) -> None:
        last = [0.0]

        def progress(count: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                self.post_message(self.KeysFound(revision, count))
            found[0] = count

        found = [0]
        try:
            analysis = analyze_now(model, key, cancel=token, progress=progress, pause=WORKER_PAUSE)
            self.post_message(self.Analyzed(revision, key, analysis))
            return
        except AnalysisCancelled:
            pass
        except NormalizeError as exc:
            self.post_message(self.Analyzed(revision, key, None, error=str(exc)))
            return
        if token.superseded:
            return
        try:  # stopped by the user: what the keys found so far say
            limit = max(1, min(found[0], PARTIAL_KEYS))
            analysis = analyze_now(model, key, key_limit=limit, budget=PARTIAL_BUDGET, pause=WORKER_PAUSE)
            note = f"; stopped by you after {found[0]:,} keys (judged on {limit}); r analyzes again"
            self.post_message(self.Analyzed(revision, key, analysis, note=note))
        except NormalizeError:
            self.post_message(self.Analyzed(revision, key, None,
                                            error=f"stopped after {found[0]} candidate keys; r analyzes again"))

    @on(KeysFound)
    def _keys_found_so_far(self, message: KeysFound) -> None:
        if self.busy:
            self._keys_found = message.count
            self._status("…", f"enumerating candidate keys: {message.count:,} found  (escape stops)")

    @on(Analyzed)
    def _analyzed(self, message: Analyzed) -> None:
        current = self.current
        if current is None or message.key != current[1] or (
                message.revision != current[0] and self._entity is not self._busy_entity):
            return  # superseded
        message.revision = current[0]  # the entity is the same object at the current revision
        self.busy, self._token, self._busy_entity = False, None, None
        if message.analysis is None:
            self._failed(message.error)
            return
        self.analysis, self.analysis_for = message.analysis, (message.revision, message.key)
        self._show_analysis(note=message.note)
        if message.analysis.keys_complete and self._model is not None:
            self._plan(self._model, message.revision, message.key)
        else:
            self._deferred = None
            self._set_plans({kind: "not all candidate keys are known; r analyzes again" for kind in KINDS})

    def _plan(self, model: DataModel, revision: int, key: EntityKey) -> None:
        if self.plans_for == (revision, key):
            return
        self._set_plans(None)
        # after the analysis is painted: a planning thread holding the GIL would delay that paint
        self.call_after_refresh(self._start_planner, model, revision, key)

    def _start_planner(self, model: DataModel, revision: int, key: EntityKey) -> None:
        if (revision, key) == self.current and self.plans_for != (revision, key):
            self._planner(model, revision, key)

    @work(thread=True, exclusive=True, group="normalize-plan", description="decomposition previews")
    def _planner(self, model: DataModel, revision: int, key: EntityKey) -> None:
        plans: Plans = {}
        for kind in KINDS:
            time.sleep(WORKER_PAUSE)  # let the UI thread in between
            if (revision, key) != self.current:
                return  # superseded
            plans.update(plan_both(model, key, (kind,), self.names.get(key)))
        self.post_message(self.Planned(revision, key, plans))

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        if (message.revision, message.key) != self.current:
            return
        self.plans_for = (message.revision, message.key)
        self._set_plans(message.plans)
        deferred, self._deferred = self._deferred, None
        if deferred is not None and deferred[0] == message.key:
            self._message("")
            self.call_later(self.run_action, deferred[1])

    # -- output ----------------------------------------------------------------------------------

    def _status(self, badge: str, text: str) -> None:
        b = self.query_one("#normalize-badge", Static)
        b.update(badge or " ")
        for cls in BADGE_CLASS.values():
            b.remove_class(cls)
        if badge in BADGE_CLASS:
            b.add_class(BADGE_CLASS[badge])
        self.query_one("#normalize-status", Static).update(text)

    def _set_details(self, details: object, plan3: object, planb: object) -> None:
        self.query_one("#normalize-details", Static).update(details)  # type: ignore[arg-type]
        self.query_one("#normalize-plan-3nf", Static).update(plan3)  # type: ignore[arg-type]
        self.query_one("#normalize-plan-bcnf", Static).update(planb)  # type: ignore[arg-type]

    def _set_plans(self, plans: Plans | None) -> None:
        self.plans = plans
        get = (lambda k: None) if plans is None else plans.get
        self.query_one("#normalize-plan-3nf", Static).update(render_plan(get("3nf"), "3nf", "3"))
        self.query_one("#normalize-plan-bcnf", Static).update(render_plan(get("bcnf"), "bcnf", "b"))

    def _show_rows(self, entity: Entity | None) -> None:
        rows = fd_rows(entity) if entity is not None else []
        if rows == self.rows and self.fd_list.option_count == max(1, len(rows)):
            return
        options = self.fd_list
        highlighted = options.highlighted
        self.rows = rows
        options.clear_options()
        if rows:
            options.add_options([Option(fd_label(r), id=str(i)) for i, r in enumerate(rows)])
            options.highlighted = min(highlighted or 0, len(rows) - 1)
        else:
            options.add_option(Option("No dependencies yet: press a and type one (a, b -> c).", disabled=True))

    def _show_analysis(self, note: str = "") -> None:
        a, entity = self.analysis, self._entity
        if a is None or entity is None:
            return
        declared = sum(1 for fd in entity.fds if fd.source == "declared")
        discovered = len(entity.fds) - declared
        counts = [f"{declared} declared"] + ([f"{discovered} discovered"] if discovered else [])
        if entity.mvds:
            counts.append(f"{len(entity.mvds)} MVD{'s' * (len(entity.mvds) != 1)}")
        status = f"{entity.name}: {', '.join(counts)}, {len(a.violations)} violation" \
                 f"{'s' * (len(a.violations) != 1)}{note}"
        self._status(a.normal_form, status)
        self.query_one("#normalize-details", Static).update(render_details(a))

    def _message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#normalize-message", Static)
        if not text and not message.display:
            return  # already empty and hidden: no layout (update() lays out the screen)
        message.update(text)
        message.set_class(error, "error")
        message.display = bool(text)

    # -- the FD editor ---------------------------------------------------------------------------

    def _complete(self, text: str) -> Completion:
        entity = self._entity
        return complete_fd(text, entity.attribute_names if entity is not None else ())

    @on(LineInput.Candidates, "#normalize-fd-input")
    def _candidates(self, message: LineInput.Candidates) -> None:
        message.stop()
        if message.candidates and not self.query_one("#normalize-message", Static).has_class("error"):
            shown = ", ".join(message.candidates[:6]) + (" …" if len(message.candidates) > 6 else "")
            self._message(f"tab: {shown}")

    @on(Input.Changed, "#normalize-fd-input")
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        if self.query_one("#normalize-message", Static).has_class("error"):
            self._message("")

    @on(Input.Submitted, "#normalize-fd-input")
    @guarded
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        entity = self._entity
        if entity is None:
            self._message("select an entity first", error=True)
            return
        editing = self.editing
        if editing is not None and editing not in fd_rows(entity):
            self._stop_editing()
            self._message(f"{editing.text} changed meanwhile; enter adds this one as a new FD", error=True)
            return
        command, note = fd_command(entity, event.value, editing)
        if command is None:
            self._message(note, error=True)
            return
        self.fd_input.value = ""
        self._stop_editing()
        self._message(note)
        self.post_message(CommandRequested(command, on_error=lambda reason: self._message(reason, error=True)))
        if editing is not None:
            self.fd_list.focus()

    @on(LineInput.Cancelled, "#normalize-fd-input")
    def _input_cancelled(self, message: LineInput.Cancelled) -> None:
        message.stop()
        self.fd_input.value = ""
        self._stop_editing()
        self._message("")
        self.fd_list.focus()

    @on(OptionList.OptionSelected, "#normalize-fds")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        """enter on an FD row: edit it in the editor (enter saves it in place, escape cancels)."""
        event.stop()
        index = event.option_index
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        if not row.deletable:
            self.app.notify(f"{row.text} comes from the {row.source}; change the key in the editor instead.",
                            timeout=4)
            return
        self.editing = row
        self.fd_input.value = row.text
        self.fd_input.cursor_position = len(row.text)
        self.fd_input.placeholder = f"editing {row.text}"
        self._message(f"editing {row.text}: enter saves it, escape leaves it as it is")
        self.fd_input.focus()

    def _stop_editing(self) -> None:
        self.editing = None
        self.fd_input.placeholder = PLACEHOLDER

    # -- actions ---------------------------------------------------------------------------------

    async def run_from_palette(self, action: str) -> None:
        """Run ``action`` from the command palette (the pane just brought to the front); one
        that needs the decomposition previews waits for them."""
        self._refresh()
        current = self.current
        coming = self.busy or (self.analysis_for == current and self.plans is None)  # previews on their way
        if action.split("(")[0] in PLAN_ACTIONS and current is not None and self.plans_for != current and coming:
            self._deferred = (current[1], action)
            self._message("previewing the decompositions first…")
            return
        await self.run_action(action)

    def action_add_fd(self) -> None:
        if self.editing is not None:
            self._stop_editing()
            self.fd_input.value = ""
        self.fd_input.focus()

    @guarded
    def action_delete_fd(self) -> None:
        entity, index = self._entity, self.fd_list.highlighted
        if entity is None or index is None or not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        command = remove_command(entity, row)
        if command is None:
            self.app.notify(f"{row.text} comes from the {row.source}; change the key in the editor instead.",
                            timeout=4)
            return
        self.post_message(CommandRequested(command))
        self._message(f"deleted {row.text} (ctrl+z undoes it)")

    def action_cancel(self) -> None:
        if self._token is not None and self.busy:
            self._token.cancel()
            self._status("…", f"stopping after {self._keys_found:,} keys…")
        elif self.fd_input.has_focus:
            self.fd_input.action_cancel()
        else:
            raise SkipAction()  # nothing to stop here: escape means what it means further up

    def action_reanalyze(self) -> None:
        self._drawn, self.analysis, self.analysis_for, self.plans_for = None, None, None, None
        if self._model is not None and self._selected is not None and self._revision >= 0:
            self._cancel_running()
            self._token = token = RunToken()
            self.busy, self._keys_found, self._busy_entity = True, 0, self._entity
            self._drawn = (self._revision, self._selected)
            self._status("…", "analyzing…  (escape stops)")
            self._slow(self._model, self._revision, self._selected, token)
