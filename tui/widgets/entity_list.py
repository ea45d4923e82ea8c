"""The entity list: every entity with its attribute and relationship counts, filtered as you type.

Moving the cursor selects an entity: at once through the ``on_select`` callback the screen gives
(so the key's handler changes the editor and the DDL preview too, and one paint shows the whole
move), or else by posting :class:`~tui.messages.SelectionChanged`. The selection set elsewhere (the palette's jump, a new entity) moves the cursor here through the bound ``selected``
reactive. After an edit only the rows of the touched entities are recomputed and redrawn; a change
in the set or order of entities (add, delete, rename, undo of those) rebuilds the rows, which is
cheap because :class:`~tui.widgets.entity_rows.EntityRows` draws only the lines on screen.
The review panel marks entities with findings (:meth:`EntityList.set_marks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input

from core.model import DataModel, Entity, EntityKey
from tui.guard import guarded
from tui.messages import SelectionChanged
from tui.widgets.entity_rows import EntityRow, EntityRows
from tui.widgets.line_input import LineInput
from tui.widgets.scrolling import TitledPane, set_border_titles


class EntityList(TitledPane, Vertical):
    """Filter line and entity rows; the pane's title shows ``shown/total``."""

    ALLOW_MAXIMIZE = True
    selected: reactive[EntityKey | None] = reactive(None, init=False, repaint=False)

    def __init__(self, *, id: str | None = None,
                 on_select: Callable[[EntityKey | None], None] | None = None) -> None:
        super().__init__(id=id)
        self._on_select = on_select
        self._all: list[EntityRow] = []
        self._pos: dict[EntityKey, int] = {}
        self._marks: dict[EntityKey, str] = {}
        self._filter = ""
        self.border_title = "Entities"

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder="filter (/)", id="entity-filter")
        yield EntityRows(id="entity-table", on_highlight=self._highlighted)

    @property
    def table(self) -> EntityRows:
        """The rows (with the cursor)."""
        return self.query_one(EntityRows)

    def _row(self, model: DataModel, entity: Entity) -> EntityRow:
        key = model.canonical_key(entity.key)
        return EntityRow(key, key.display(), len(entity.attributes), len(entity.foreign_keys),
                         self._marks.get(key, ""))

    def show_model(self, model: DataModel, touched: Iterable[EntityKey] | None = None) -> None:
        """Show ``model``'s entities; with ``touched`` (the keys an edit changed, none added or
        removed) only those rows are recomputed."""
        if touched is not None and self._all and len(model.entities) == len(self._all):
            changed = []
            for key in touched:
                entity = model.entity(key)
                if entity is None or key not in self._pos:
                    break
                changed.append(self._row(model, entity))
            else:
                rows = self.table
                for row in changed:
                    self._all[self._pos[row.key]] = row
                    rows.update_row(row)
                return
        self._all = [self._row(model, e) for e in model.entities]
        self._pos = {row.key: i for i, row in enumerate(self._all)}
        self._rebuild()

    def set_marks(self, marks: Mapping[EntityKey, str]) -> None:
        """Show ``marks`` (for example a finding count) next to the entities (others: none);
        only the rows whose mark changed are redrawn."""
        old, self._marks = self._marks, dict(marks)
        rows = self.table
        for key in old.keys() | self._marks.keys():
            pos = self._pos.get(key)
            if pos is None or old.get(key) == self._marks.get(key):
                continue
            r = self._all[pos]
            self._all[pos] = row = EntityRow(r.key, r.label, r.attributes, r.references, self._marks.get(key, ""))
            rows.update_row(row)

    def _matches(self, row: EntityRow) -> bool:
        return not self._filter or self._filter in row.label.lower()

    def _rebuild(self) -> None:
        visible = [r for r in self._all if self._matches(r)] if self._filter else list(self._all)
        self.table.set_rows(visible, cursor_key=self.selected)
        total = len(self._all)
        set_border_titles(self, f"Entities {len(visible)}/{total}" if self._filter else f"Entities {total}")

    def watch_selected(self, key: EntityKey | None) -> None:
        self.table.move_to(key)

    @on(Input.Changed, "#entity-filter")
    @guarded
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip().lower()
        self._rebuild()
        table = self.table
        if table.row_count and (self.selected is None or table.index_of(self.selected) is None):
            table.set_rows(table.rows, cursor_key=table.rows[0].key)
            self._select(table.rows[0].key)

    @on(Input.Submitted, "#entity-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    @on(LineInput.Cancelled, "#entity-filter")
    def _filter_cancelled(self) -> None:
        self.clear_filter()
        self.table.focus()

    def _highlighted(self, index: int, key: EntityKey) -> None:
        if key != self.selected:
            self._select(key)

    def _select(self, key: EntityKey | None) -> None:
        if self._on_select is not None:
            self._on_select(key)
        else:
            self.post_message(SelectionChanged(key))

    def focus_filter(self) -> None:
        self.query_one("#entity-filter", Input).focus()

    def clear_filter(self) -> None:
        filt = self.query_one("#entity-filter", Input)
        if filt.value:
            filt.value = ""
