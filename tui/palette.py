"""The command palette (ctrl+p): every action of the app, a jump to each entity, each dialect.

Actions are listed once in :data:`ACTIONS` with the binding id whose key the palette shows, so
the palette and the footer never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.preview import DIALECT_LABELS, DIALECTS

if TYPE_CHECKING:
    from tui.app import ModelerApp

#: (title, help, action) for the palette; the action's binding supplies the key shown.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Save", "Save the model file (asks before overwriting a file changed on disk)", "save"),
    ("Save as…", "Save the model to another file", "save_as"),
    ("Open model…", "Open another model file (asks about unsaved changes first)", "open_model"),
    ("New model", "Start an empty model (asks about unsaved changes first)", "new_model"),
    ("Reload from disk", "Read the model file again (asks before throwing away unsaved changes)", "reload"),
    ("Undo", "Undo the last edit", "undo"),
    ("Redo", "Redo the edit undone last", "redo"),
    ("New entity", "Create an entity (with an id key)", "new_entity"),
    ("Rename entity", "Rename the selected entity; references follow", "rename_entity"),
    ("Delete entity", "Delete the selected entity and the references to it", "delete_entity"),
    ("Edit note", "Edit the selected entity's note", "edit_note"),
    ("Go to entity…", "Pick an entity to select", "goto_entity"),
    ("Filter entities", "Type to filter the entity list", "filter_entities"),
    ("Next dialect", "Switch the DDL preview to the next dialect", "next_dialect"),
    ("Whole model / selected entity", "Show the DDL of the whole model or of the selection", "toggle_scope"),
    ("Copy DDL", "Copy the previewed DDL to the clipboard (OSC 52: works over SSH)", "copy_ddl"),
    ("Export DDL…", "Write the whole model's DDL to a file", "export_ddl"),
    ("Import DDL…", "Add the tables of a DDL file to the model", "import_ddl"),
    ("Review the model", "Lint findings of the selection or the whole model, with fixes", "show_review"),
    ("Show the DDL", "The live DDL preview", "show_ddl"),
    ("Relationship graph", "The selection with its neighbours, or the whole model laid out", "show_graph"),
    ("Normalize", "FDs, candidate keys, normal form, violations and decompositions of the selection",
     "show_normalize"),
    ("Next tab", "Switch the right-hand area (DDL, review, graph, normalize)", "next_tab"),
    ("Apply a pattern…", "Soft delete, audit trail, multi-tenancy... previewed before applying", "pattern"),
    ("Maximize / restore pane", "Give the focused pane the whole screen", "toggle_maximize"),
    ("Next pane", "Move to the next pane", "cycle_pane"),
    ("Keys", "Show every key binding", "help"),
    ("Quit", "Quit (asks when there are unsaved changes)", "quit"),
)


def _key_for(app: ModelerApp, action: str) -> str:
    for binding in type(app).BINDINGS:
        if getattr(binding, "action", None) == action:
            return str(binding.key.split(",")[0])  # type: ignore[union-attr]
    return ""


class ModelerCommands(Provider):
    """Actions, entities and dialects for the command palette."""

    @property
    def modeler(self) -> ModelerApp:
        return self.app  # type: ignore[return-value]

    def _items(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.modeler
        items: list[tuple[str, str, Callable[[], Any]]] = []
        for title, help_text, action in ACTIONS:
            key = _key_for(app, action)
            shown = f"{help_text}  [{key}]" if key else help_text
            items.append((title, shown, partial(app.run_action, action)))
        for dialect in DIALECTS:
            items.append((f"Dialect: {DIALECT_LABELS[dialect]}", f"Show the DDL for {dialect}",
                          partial(app.set_dialect, dialect)))
        from core.patterns import PATTERNS

        for pattern in PATTERNS.values():
            items.append((f"Pattern: {pattern.title}", f"{pattern.name}: {pattern.description.splitlines()[0][:90]}",
                          partial(app.run_action, f"pattern('{pattern.name}')")))
        model = app.document.model
        for entity in model.entities:
            label = model.canonical_key(entity.key).display()
            items.append((f"Go to {label}", f"{len(entity.attributes)} attributes",
                          partial(self._goto, entity.key)))
        return items

    def _goto(self, key: Any) -> None:
        main = self.modeler.main
        main.entity_list.clear_filter()
        main.select(key)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._items()[:len(ACTIONS)]:
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._items():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
