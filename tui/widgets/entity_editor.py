"""The entity editor: the attribute table edited in place, the constraint list, the quick-add line.

Every edit is built by :mod:`core.quickadd` (which checks it against the model) and posted as a
:class:`~tui.messages.CommandRequested`; a line that cannot be understood stays in its input with
the reason shown under it, and the model does not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from core.commands import Command
from core.errors import TablewrightError
from core.model import DataModel, Entity, EntityKey
from core.quickadd import add_attribute_command
from core.quickadd.cells import TOGGLES, cell_text, set_cell_command, toggle_cell_command
from core.quickadd.complete import complete_attribute, complete_constraint
from core.quickadd.items import add_item_command, constraint_rows, remove_item_command, replace_item_command
from tui.guard import guarded
from tui.messages import CommandRequested
from tui.widgets.attribute_grid import AttributeGrid
from tui.widgets.line_input import LineInput
from tui.widgets.scrolling import TitledPane, set_border_titles
from tui.widgets.tables import ConstraintTable

QUICK_ADD_HINT = "+ name type [not null] [pk] [unique] [default x] [-> entity]"


@dataclass(frozen=True)
class _Editing:
    """What the edit line is editing: a cell, a new constraint, or an existing constraint."""

    kind: str  # "cell", "add-constraint", "constraint"
    attribute: str = ""
    cell: str = ""
    collection: str = ""
    index: int = 0


class EntityEditor(TitledPane, Vertical):
    """Attributes and constraints of the selected entity."""

    ALLOW_MAXIMIZE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add an attribute (or a constraint in the constraint list)"),
        Binding("e", "edit", "Edit", show=False),
        Binding("space", "toggle_cell", "Toggle", show=False),
        Binding("delete,x", "delete", "Delete", tooltip="Delete the attribute or constraint"),
        Binding("shift+up,K", "move(-1)", "Move up", show=False),
        Binding("shift+down,J", "move(1)", "Move down", show=False),
        Binding("c", "switch_view", "Constraints", tooltip="Switch between attributes and constraints"),
        Binding("f", "reference", "Reference", show=False, tooltip="Make the attribute reference an entity"),
        Binding("n", "app.edit_note", "Note", show=False),
        Binding("p", "app.pattern", "Pattern", show=False, tooltip="Apply a pattern to this entity"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: DataModel | None = None
        self.entity: Entity | None = None
        self._editing: _Editing | None = None
        self._message = ("", False)
        self._constraints_stale = False
        self.border_title = "Editor"

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="attributes", id="editor-views"):
            yield AttributeGrid(id="attributes")
            yield ConstraintTable(id="constraints")
        yield LineInput(id="edit-line", classes="hidden")
        yield LineInput(id="quick-add", placeholder=QUICK_ADD_HINT, completer=self._complete_attribute)
        message = Static("", id="editor-message")
        message.display = False
        yield message

    # -- showing -------------------------------------------------------------------------------

    @property
    def attributes(self) -> AttributeGrid:
        return self.query_one(AttributeGrid)

    @property
    def constraints(self) -> ConstraintTable:
        return self.query_one(ConstraintTable)

    @property
    def showing_constraints(self) -> bool:
        return self.query_one(ContentSwitcher).current == "constraints"

    def show(self, model: DataModel, key: EntityKey | None, *, focus_attribute: str | None = None) -> None:
        """Show the entity ``key`` of ``model`` (``None``: nothing to edit)."""
        self.model = model
        entity = model.entity(key) if key is not None else None
        self.entity = entity
        self.attributes.show(model, entity, focus_attribute=focus_attribute)
        rows = constraint_rows(entity) if entity is not None else []
        # the constraint list is a DataTable (rebuilt whole, with messages of its own): only
        # when it is the view shown; otherwise when the user switches to it
        self._constraints_stale = not self.showing_constraints
        if not self._constraints_stale:
            self.constraints.show(entity, rows)
        if entity is None:
            set_border_titles(self, "Editor", "")
            self.message("No entity selected: ctrl+n creates one." if not model.entities else "")
            return
        label = model.canonical_key(entity.key).display()
        extra = len(rows)
        set_border_titles(self, f"{label} · {len(entity.attributes)} attr · {extra} constr",
                          (entity.note or "").splitlines()[0][:60] if entity.note else "")

    def message(self, text: str, *, error: bool = False) -> None:
        """Show a hint or (``error=True``) the reason an input was refused."""
        if (text, error) == self._message:
            return  # unchanged: no repaint, no layout
        self._message = (text, error)
        widget = self.query_one("#editor-message", Static)
        widget.update(text)
        widget.set_class(error, "error")
        widget.display = bool(text)

    # -- requests ------------------------------------------------------------------------------

    def _request(self, command: Command, *, done: str = "") -> None:
        self.post_message(CommandRequested(command, on_error=lambda m: self.message(m, error=True)))
        self.message(done)

    def _complete_attribute(self, text: str):  # type: ignore[no-untyped-def]
        return complete_attribute(text, self.model, self.entity)

    def _complete_constraint(self, text: str):  # type: ignore[no-untyped-def]
        return complete_constraint(text, self.model, self.entity)

    # -- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "toggle_cell", "delete", "move", "switch_view", "reference"):
            return self.entity is not None and isinstance(self.screen.focused, (DataTable, AttributeGrid))
        return True

    @guarded
    def action_add(self) -> None:
        if self.showing_constraints:
            self._open_line(_Editing("add-constraint"), "", "new constraint: pk (...), unique (...), "
                            "check (...), fk (...) -> entity, index (...)")
        else:
            self.query_one("#quick-add", LineInput).focus()

    @guarded
    def action_switch_view(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not self.showing_constraints and self._constraints_stale:
            self._constraints_stale = False
            self.constraints.show(self.entity)
        switcher.current = "attributes" if self.showing_constraints else "constraints"
        (self.constraints if self.showing_constraints else self.attributes).focus()
        self.app.refresh_bindings()

    @guarded
    def action_edit(self) -> None:
        if self.model is None or self.entity is None:
            return
        if self.showing_constraints:
            row = self.constraints.current
            if row is None:
                return
            if not row.editable:
                self.message("This item is shown for reference: edit it in the model file, or delete it.",
                             error=True)
                return
            self._open_line(_Editing("constraint", collection=row.collection, index=row.index), row.text,
                            f"edit {row.collection.replace('_', ' ')}")
            return
        name, cell = self.attributes.attribute_name, self.attributes.cell_name
        if name is None:
            return
        if cell in TOGGLES:
            self.action_toggle_cell()
        elif cell == "references":
            self.action_reference()
        else:
            attr = self.entity.attribute(name)
            assert attr is not None
            value = cell_text(self.model, self.entity, attr, cell)
            self._open_line(_Editing("cell", attribute=name, cell=cell), value, f"{cell} of {name}")

    @guarded
    def action_toggle_cell(self) -> None:
        if self.model is None or self.entity is None or self.showing_constraints:
            return
        name, cell = self.attributes.attribute_name, self.attributes.cell_name
        if name is None:
            return
        if cell not in TOGGLES:
            self.message("space toggles null, PK and UQ; enter edits the other cells")
            return
        self._try(lambda: toggle_cell_command(self.model, self.entity.key, name, cell))

    @guarded
    def action_reference(self) -> None:
        if self.model is None or self.entity is None:
            return
        name = self.attributes.attribute_name
        if name is None:
            return
        from tui.screens.pick import PickEntityScreen

        current = cell_text(self.model, self.entity, self.entity.attribute(name), "references")  # type: ignore[arg-type]
        key = self.entity.key

        def picked(target: str | None) -> None:
            if target is None or self.model is None:
                return
            self._try(lambda: set_cell_command(self.model, key, name, "references", target))

        self.app.push_screen(PickEntityScreen(self.model, f"{name} references…", allow_none=True,
                                              current=current), picked)

    @guarded
    def action_delete(self) -> None:
        if self.model is None or self.entity is None:
            return
        key = self.entity.key
        if self.showing_constraints:
            row = self.constraints.current
            if row is not None:
                self._try(lambda: remove_item_command(self.model, key, row.collection, row.index))
            return
        name = self.attributes.attribute_name
        if name is not None:
            from core.commands import DeleteAttribute

            self._request(DeleteAttribute(key, name), done=f"deleted {name} (ctrl+z undoes)")

    @guarded
    def action_move(self, step: int) -> None:
        if self.entity is None or self.showing_constraints:
            return
        name = self.attributes.attribute_name
        pos = self.entity.attribute_position(name) if name else None
        if name is None or pos is None or not 0 <= pos + step < len(self.entity.attributes):
            return
        from core.commands import MoveAttribute

        self._request(MoveAttribute(self.entity.key, name, pos + step))
        self.attributes.move_cursor(row=pos + step)

    def _try(self, build) -> bool:  # type: ignore[no-untyped-def]
        """Build a command and request it; a refused edit shows its reason. Returns success."""
        try:
            command = build()
        except TablewrightError as exc:
            self.message(str(exc), error=True)
            return False
        self._request(command)
        return True

    # -- the edit line and the quick-add line --------------------------------------------------

    def _open_line(self, editing: _Editing, value: str, what: str) -> None:
        line = self.query_one("#edit-line", LineInput)
        self._editing = editing
        line.completer = self._complete_constraint if editing.kind != "cell" else None
        line.remove_class("hidden")
        line.value = value
        line.cursor_position = len(value)
        line.focus()
        self.message(f"{what}: enter saves, escape cancels")

    def _close_line(self) -> None:
        line = self.query_one("#edit-line", LineInput)
        line.add_class("hidden")
        self._editing = None
        (self.constraints if self.showing_constraints else self.attributes).focus()

    @on(Input.Submitted, "#edit-line")
    @guarded
    def _line_submitted(self, event: Input.Submitted) -> None:
        editing, model, entity = self._editing, self.model, self.entity
        if editing is None or model is None or entity is None:
            self._close_line()
            return
        text, key = event.value, entity.key
        if editing.kind == "cell":
            ok = self._try(lambda: set_cell_command(model, key, editing.attribute, editing.cell, text))
        elif editing.kind == "add-constraint":
            ok = self._try(lambda: add_item_command(model, key, text))
        else:
            ok = self._try(lambda: replace_item_command(model, key, editing.collection, editing.index, text))
        if ok:
            self._close_line()

    @on(LineInput.Cancelled, "#edit-line")
    def _line_cancelled(self) -> None:
        self._close_line()
        self.message("")

    @on(Input.Submitted, "#quick-add")
    @guarded
    def _quick_add(self, event: Input.Submitted) -> None:
        if self.model is None or self.entity is None:
            self.message("Select or create an entity first (ctrl+n).", error=True)
            return
        if not event.value.strip():
            self.attributes.focus()
            return
        model, key, text = self.model, self.entity.key, event.value
        if self._try(lambda: add_attribute_command(model, key, text)):
            event.input.value = ""
            self.message(f"added: {text.split()[0]}; type the next one, or escape")

    @on(LineInput.Cancelled, "#quick-add")
    def _quick_add_cancelled(self) -> None:
        self.attributes.focus()
        self.message("")

    @on(LineInput.Candidates)
    def _candidates(self, event: LineInput.Candidates) -> None:
        if event.candidates and event.line_input.has_focus:
            shown = "  ".join(event.candidates[:8]) + ("  …" if len(event.candidates) > 8 else "")
            self.message(f"tab: {shown}")

    @on(AttributeGrid.CellChosen, "#attributes")
    @on(DataTable.RowSelected, "#constraints")
    def _selected(self) -> None:
        self.action_edit()
