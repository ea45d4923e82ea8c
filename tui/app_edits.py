"""The app's entity and view actions: create, rename, delete, jump to an entity, edit its note,
switch the DDL dialect or scope, move between and maximise panes, run a pane's action from the
palette, show the keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.commands import AddEntity, DeleteEntity, RenameEntity, UpdateEntity
from core.model import Attribute, Entity, EntityKey, PrimaryKey
from core.validate import identifier_problem
from tui.guard import guarded
from tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from textual.app import App

    from core.commands import Command
    from core.document import Change, Document
    from tui.screens.main import MainScreen

    _Base = App[int]
else:
    _Base = object

PANES = ("#entity-table", "#editor-views", "#ddl-text")


def new_entity(text: str, default_schema: str) -> Entity:
    """An entity named ``text`` (``schema.name`` for another schema) with an identity key ``id``,
    so it is valid (an entity needs an attribute) and ready for references."""
    schema, _, name = text.rpartition(".")
    return Entity(name=name, schema_name=schema if schema and schema != default_schema else None,
                  attributes=(Attribute(name="id", type="bigint", nullable=False, identity="always"),),
                  primary_key=PrimaryKey(columns=("id",)))


class EditActions(_Base):
    """Mixed into :class:`tui.app.ModelerApp`."""

    if TYPE_CHECKING:
        document: Document

        @property
        def main(self) -> MainScreen: ...

        def execute(self, command: Command, *, select: EntityKey | None = None,
                    focus_attribute: str | None = None) -> Change: ...

    def _selected(self) -> Entity | None:
        key = self.main.selected
        return self.document.model.entity(key) if key is not None else None

    def _name_problem(self, text: str, current: EntityKey | None = None) -> str | None:
        model = self.document.model
        name = text.rpartition(".")[2]
        if problem := identifier_problem(name):
            return problem
        found = model.find_entity(text)
        if found is not None and (current is None or model.canonical_key(found.key) != current):
            return f'an entity "{text}" exists already'
        return None

    @guarded
    def action_new_entity(self) -> None:
        def chosen(text: str | None) -> None:
            if not text:
                return
            entity = new_entity(text, self.document.model.default_schema)
            self.execute(AddEntity(entity), select=entity.key)
            self.main.editor.query_one("#quick-add").focus()
            self.main.editor.message(f"{entity.name} has an id key; add attributes: name type [not null] …")

        self.push_screen(PromptScreen("New entity", placeholder="name (or schema.name)",
                                      check=self._name_problem,
                                      hint="It starts with an id key; enter: create   escape: cancel"), chosen)

    @guarded
    def action_rename_entity(self) -> None:
        entity = self._selected()
        if entity is None:
            self.notify("Select an entity to rename.", timeout=2)
            return
        key = self.document.model.canonical_key(entity.key)

        def chosen(text: str | None) -> None:
            if text and text != entity.name:
                self.execute(RenameEntity(key, text))

        self.push_screen(PromptScreen(f"Rename {key.display()} to", value=entity.name,
                                      check=lambda t: self._name_problem(t, key),
                                      hint="References to it follow.  enter: rename   escape: cancel"), chosen)

    @guarded
    def action_delete_entity(self) -> None:
        entity = self._selected()
        if entity is None:
            return
        key = self.document.model.canonical_key(entity.key)
        self.execute(DeleteEntity(key))
        self.notify(f"Deleted {key.display()} and the references to it (ctrl+z undoes).", timeout=4)

    @guarded
    def action_edit_note(self) -> None:
        entity = self._selected()
        if entity is None:
            return
        from tui.screens.note import NoteScreen

        key = self.document.model.canonical_key(entity.key)

        def chosen(text: str | None) -> None:
            if text is not None and (text or None) != entity.note:
                self.execute(UpdateEntity(key, (("note", text or None),)))

        self.push_screen(NoteScreen(f"Note of {key.display()}", entity.note or ""), chosen)

    @guarded
    def action_goto_entity(self) -> None:
        from tui.screens.pick import PickEntityScreen

        def chosen(text: str | None) -> None:
            if text:
                found = self.document.model.find_entity(text)
                if found is not None:
                    self.main.entity_list.clear_filter()
                    self.main.select(found.key)

        self.push_screen(PickEntityScreen(self.document.model, "Go to entity"), chosen)

    def action_filter_entities(self) -> None:
        self.main.entity_list.focus_filter()

    def action_focus_editor(self) -> None:
        self.main.editor.attributes.focus()

    @guarded
    def action_next_dialect(self) -> None:
        dialect = self.main.preview.next_dialect()
        self.notify(f"DDL dialect: {dialect}", timeout=2)

    def set_dialect(self, dialect: str) -> None:
        """Show the DDL in ``dialect``."""
        self.main.preview.dialect = dialect

    def action_toggle_scope(self) -> None:
        preview = self.main.preview
        preview.whole_model = not preview.whole_model

    def action_toggle_maximize(self) -> None:
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
        elif screen.focused is not None:
            screen.maximize(screen.focused)

    def action_cycle_pane(self) -> None:
        screen = self.screen
        focused = screen.focused
        current = next((i for i, sel in enumerate(PANES) if focused is not None and
                        (focused.id == sel[1:] or any(a.id == sel[1:] for a in focused.ancestors_with_self))),
                       -1)
        target = screen.query_one(PANES[(current + 1) % len(PANES)])
        if target.id == "editor-views":
            self.main.editor.attributes.focus() if not self.main.editor.showing_constraints \
                else self.main.editor.constraints.focus()
        else:
            target.focus()

    def action_next_tab(self) -> None:
        self.main.next_tab()

    def action_show_review(self) -> None:
        self.main.show_tab("tab-review")

    def action_show_ddl(self) -> None:
        self.main.show_tab("tab-ddl")

    def action_show_graph(self) -> None:
        self.main.show_tab("tab-graph")

    def action_show_normalize(self) -> None:
        self.main.show_tab("tab-normalize")

    @guarded
    async def run_pane_action(self, pane: str, action: str) -> None:
        """Bring the ``"graph"`` or ``"normalize"`` pane to the front and run its ``action`` there
        (what the command palette does for a pane's action)."""
        self.main.show_tab(f"tab-{pane}")
        target = self.main.graph if pane == "graph" else self.main.normalize
        await target.run_from_palette(action)

    @guarded
    def action_pattern(self, name: str = "") -> None:
        from tui.screens.patterns import PatternScreen

        key = self.main.selected
        targets = (key.display(),) if key is not None else ()

        def chosen(command: Command | None) -> None:
            if command is not None:
                self.execute(command)
                self.notify(f"{command.label} (ctrl+z undoes it)", timeout=4)

        self.push_screen(PatternScreen(self.document.model, targets, name), chosen)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
