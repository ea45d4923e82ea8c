"""The entity list: every entity with its attribute and relationship counts, filtered as you type.

Moving the cursor selects an entity (:class:`~tui.messages.SelectionChanged`); the selection set
elsewhere (the palette's jump, a new entity) moves the cursor here through the bound ``selected``
reactive. After an edit only the rows whose counts changed are updated; a change in the set or
order of entities (add, delete, rename, undo) rebuilds the rows.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Input

from core.model import DataModel, Entity, EntityKey
from tui.guard import guarded
from tui.messages import SelectionChanged
from tui.widgets.line_input import LineInput

Row = tuple[str, str, str]  # label, attributes, references


def _row(model: DataModel, entity: Entity) -> Row:
    key = model.canonical_key(entity.key)
    return key.display(), str(len(entity.attributes)), str(len(entity.foreign_keys)) if entity.foreign_keys else ""


class EntityTable(DataTable[str]):
    """The rows of the list (a plain :class:`DataTable` with list-like keys)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "app.filter_entities", "Filter", show=False),
        Binding("enter", "app.focus_editor", "Edit", tooltip="Edit the selected entity"),
        Binding("delete,x", "app.delete_entity", "Delete", tooltip="Delete the selected entity"),
        Binding("r", "app.rename_entity", "Rename", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class EntityList(Vertical):
    """Filter line and entity table; the pane's title shows ``shown/total``."""

    ALLOW_MAXIMIZE = True
    selected: reactive[EntityKey | None] = reactive(None, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[tuple[EntityKey, Row]] = []
        self._keys: dict[str, EntityKey] = {}
        self._model: DataModel | None = None
        self._filter = ""
        self.border_title = "Entities"

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder="filter (/)", id="entity-filter")
        table = EntityTable(id="entity-table", cursor_type="row", zebra_stripes=False)
        table.add_column("entity", key="entity")
        table.add_column("#", key="attrs")
        table.add_column("→", key="refs")
        yield table

    @property
    def table(self) -> EntityTable:
        return self.query_one(EntityTable)

    def show_model(self, model: DataModel) -> None:
        """Show ``model``'s entities (updating only the rows that changed when possible)."""
        rows = [(model.canonical_key(e.key), _row(model, e)) for e in model.entities]
        self._model = model
        visible = [r for r in rows if self._matches(r[1][0])]
        table = self.table
        current = [(k, r) for k, r in self._rows if self._matches(r[0])]
        if [k for k, _ in visible] == [k for k, _ in current] and len(visible) == table.row_count:
            for (key, row), (_, old) in zip(visible, current, strict=True):
                if row != old:
                    label = key.display()
                    table.update_cell(label, "attrs", row[1])
                    table.update_cell(label, "refs", row[2])
            self._rows = rows
        else:
            self._rows = rows
            self._rebuild()
        self._update_title()

    def _matches(self, label: str) -> bool:
        return not self._filter or self._filter in label.lower()

    def _rebuild(self) -> None:
        table = self.table
        with self.app.batch_update():
            table.clear()
            self._keys = {}
            for key, row in self._rows:
                if self._matches(row[0]):
                    table.add_row(*row, key=row[0])
                    self._keys[row[0]] = key
        self._move_cursor_to(self.selected)

    def _update_title(self) -> None:
        total = len(self._rows)
        shown = self.table.row_count
        self.border_title = f"Entities {shown}/{total}" if self._filter else f"Entities {total}"

    def _move_cursor_to(self, key: EntityKey | None) -> None:
        table = self.table
        if key is None or table.row_count == 0:
            return
        try:
            index = table.get_row_index(key.display())
        except Exception:
            return
        if table.cursor_row != index:
            table.move_cursor(row=index, animate=False)

    def watch_selected(self, key: EntityKey | None) -> None:
        self._move_cursor_to(key)

    @on(Input.Changed, "#entity-filter")
    @guarded
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip().lower()
        self._rebuild()
        self._update_title()
        table = self.table
        if table.row_count and (self.selected is None or self.selected.display() not in self._keys):
            table.move_cursor(row=0)
            self._select_row(0)

    @on(Input.Submitted, "#entity-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    @on(LineInput.Cancelled, "#entity-filter")
    def _filter_cancelled(self) -> None:
        self.clear_filter()
        self.table.focus()

    @on(DataTable.RowHighlighted, "#entity-table")
    @guarded
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self.table.cursor_row:
            return  # an intermediate position while the rows were rebuilt
        self._select_row(event.cursor_row)

    def _select_row(self, index: int) -> None:
        table = self.table
        if not 0 <= index < table.row_count:
            return
        label = table.coordinate_to_cell_key((index, 0)).row_key.value
        key = self._keys.get(label or "")
        if key is not None and key != self.selected:
            self.post_message(SelectionChanged(key))

    def focus_filter(self) -> None:
        self.query_one("#entity-filter", Input).focus()

    def clear_filter(self) -> None:
        filt = self.query_one("#entity-filter", Input)
        if filt.value:
            filt.value = ""
