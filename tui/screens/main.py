"""The main screen: entity list, entity editor, and a tabbed right-hand area (the DDL preview; the
relationship graph and normalization panes join it as more tabs).

The screen owns the selection (``selected``) and relays the app's :class:`ModelChanged` to the
panes: each pane then pulls only what it shows. Wide terminals get three columns; below 120
columns the list stays on the left and the editor sits above the right-hand area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from core.model import DataModel, EntityKey
from tui.guard import guarded
from tui.messages import ModelChanged, SelectionChanged
from tui.widgets.ddl_preview import DDLPreview
from tui.widgets.entity_editor import EntityEditor
from tui.widgets.entity_list import EntityList
from tui.widgets.footer import QuietFooter
from tui.widgets.graph_view import GraphView
from tui.widgets.normalize_pane import NormalizePane
from tui.widgets.review_pane import ReviewPane

if TYPE_CHECKING:
    from tui.app import ModelerApp


class SidePanel(TabbedContent):
    """The right-hand area: one tab per view of the model (``add_pane`` adds more)."""

    ALLOW_MAXIMIZE = True


class MainScreen(Screen[None]):
    """Three panes over the document of the app."""

    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    selected: reactive[EntityKey | None] = reactive(None, init=False, repaint=False)

    def __init__(self) -> None:
        super().__init__(id="main")
        self._revision = -1

    @property
    def modeler(self) -> ModelerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(icon="▦")
        with Container(id="workspace"):
            yield EntityList(id="entities", on_select=self._select_from_list).data_bind(MainScreen.selected)
            yield EntityEditor(id="editor")
            with SidePanel(id="side", initial="tab-ddl"):
                with TabPane("DDL", id="tab-ddl"):
                    yield DDLPreview(id="ddl")
                with TabPane("Review", id="tab-review"):
                    yield ReviewPane(id="review")
                with TabPane("Graph", id="tab-graph"):
                    yield GraphView(id="graph")
                with TabPane("Normalize", id="tab-normalize"):
                    yield NormalizePane(id="normalize")
        yield QuietFooter()

    @property
    def entity_list(self) -> EntityList:
        return self.query_one(EntityList)

    @property
    def editor(self) -> EntityEditor:
        return self.query_one(EntityEditor)

    @property
    def preview(self) -> DDLPreview:
        return self.query_one(DDLPreview)

    @property
    def review(self) -> ReviewPane:
        return self.query_one(ReviewPane)

    @property
    def graph(self) -> GraphView:
        return self.query_one(GraphView)

    @property
    def normalize(self) -> NormalizePane:
        return self.query_one(NormalizePane)

    @property
    def side(self) -> SidePanel:
        """The tabbed right-hand area."""
        return self.query_one(SidePanel)

    def on_mount(self) -> None:
        self.preview.dialect = self.modeler.initial_dialect
        model = self.modeler.document.model
        if model.entities:
            self.selected = model.canonical_key(model.entities[0].key)
        self.refresh_model(force=True)
        self.entity_list.table.focus()

    @guarded
    def on_model_changed(self, message: ModelChanged) -> None:
        self.refresh_model()

    def refresh_model(self, *, force: bool = False, focus_attribute: str | None = None) -> None:
        """Bring every pane up to the document's revision."""
        doc = self.modeler.document
        model = doc.model
        touched = None if force else self.modeler.touched_since(self._revision)
        self._revision = self.modeler.revision
        self._fix_selection(model)
        self.entity_list.show_model(model, touched)
        key = self.selected
        editor = self.editor
        if touched is None or key is None or model.canonical_key(key) in touched or editor.entity is None \
                or model.entity(key) is not editor.entity:
            editor.show(model, key, focus_attribute=focus_attribute)
        self._update_views(model, self._revision, key)

    def _update_views(self, model: DataModel, revision: int, key: EntityKey | None) -> None:
        self.preview.update_source(model, revision, key)
        self.review.update_source(model, revision, key)
        self.graph.update_source(model, revision, key)
        self.normalize.update_source(model, revision, key)

    def _fix_selection(self, model: DataModel) -> None:
        key = self.selected
        if key is not None and model.entity(key) is None:
            key = None
        if key is None and model.entities:
            key = model.canonical_key(model.entities[min(self._last_index, len(model.entities) - 1)].key)
        if key != self.selected:
            self.selected = key

    @property
    def _last_index(self) -> int:
        return max(0, self.entity_list.table.cursor_row)

    @guarded
    def on_selection_changed(self, message: SelectionChanged) -> None:
        message.stop()
        self.select(message.key)

    @guarded
    def _select_from_list(self, key: EntityKey | None) -> None:
        """The entity list's cursor moved: select at once, in the handler of the key (a message
        would let the screen paint the list's cursor first and the rest a frame later)."""
        self.select(key)

    def select(self, key: EntityKey | None, *, focus_attribute: str | None = None) -> None:
        """Select ``key`` in every pane."""
        model = self.modeler.document.model
        if key is not None:
            key = model.canonical_key(key)
        self.selected = key
        self.editor.show(model, key, focus_attribute=focus_attribute)
        self._update_views(model, self.modeler.revision, key)

    @guarded
    def on_review_pane_marks(self, message: ReviewPane.Marks) -> None:
        self.entity_list.set_marks(message.marks)

    @guarded
    def on_review_pane_go_to(self, message: ReviewPane.GoTo) -> None:
        self.entity_list.clear_filter()
        self.select(message.key, focus_attribute=message.attribute)
        self.editor.attributes.focus()

    @guarded
    def on_review_pane_fix(self, message: ReviewPane.Fix) -> None:
        finding = message.finding
        if finding.fix is None:
            return
        from core.errors import TablewrightError
        from tui.guard import report

        try:
            self.modeler.execute(finding.fix)
        except TablewrightError as exc:
            report(self.modeler, exc)
            return
        self.notify(f"Fixed: {finding.fix_label} (ctrl+z undoes it)", timeout=4)

    @guarded
    def on_review_pane_suppress(self, message: ReviewPane.Suppress) -> None:
        from core.commands.base import SetModel
        from core.errors import TablewrightError
        from core.model import Suppression
        from tui.guard import report

        f, model = message.finding, self.modeler.document.model
        lint = model.lint
        entry = Suppression(rule=f.rule_id, reason=message.reason, entity=f.entity, attribute=f.attribute)
        command = SetModel((("lint", lint.model_copy(update={"suppress": (*lint.suppress, entry)})),),
                           f"accept {f.rule_id} on {f.location}")
        try:
            self.modeler.execute(command)
        except TablewrightError as exc:
            report(self.modeler, exc)
            return
        self.notify(f"Accepted {f.rule_id} on {f.location} (kept in the model file; ctrl+z undoes it)", timeout=4)

    def show_tab(self, tab_id: str) -> None:
        """Bring the right-hand tab ``tab_id`` to the front (and focus into it)."""
        side = self.side
        side.active = tab_id
        pane = side.get_pane(tab_id)
        target = next((w for w in pane.query("*") if w.focusable), None)
        if target is not None:
            target.focus()

    def next_tab(self) -> str:
        """Bring the next right-hand tab to the front; returns its id."""
        side = self.side
        ids = [pane.id for pane in side.query(TabPane) if pane.id]
        current = side.active
        tab = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
        self.show_tab(tab)
        return tab

    def add_side_pane(self, pane: TabPane) -> None:
        """Add a tab to the right-hand area (for the graph and normalization views)."""
        self.query_one(SidePanel).add_pane(pane)
