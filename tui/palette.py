"""The command palette (ctrl+p): every action of the app and of the graph and normalization
panes, a jump to each entity, each dialect, each pattern.

Actions are listed once, in :data:`ACTIONS` (the app's) and :data:`PANE_ACTIONS` (a pane's: the
palette brings the pane to the front, then runs the action there), and the key the palette
shows is the one of the action's binding, so the palette and the footer never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType
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

#: (title, help, pane, action) for the actions of the graph and normalization panes (the keys
#: that only move the cursor or pan are left to the pane: the help lists them).
PANE_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Graph: overview / focus", "Switch between the selection with its neighbours and the whole model",
     "graph", "toggle_mode"),
    ("Graph: depth 1 / 2", "Neighbours, or neighbours of neighbours, in the focus view", "graph", "toggle_depth"),
    ("Graph: zoom in", "More in each box: names, key attributes, all attributes", "graph", "zoom(1)"),
    ("Graph: zoom out", "Less in each box: all attributes, key attributes, names", "graph", "zoom(-1)"),
    ("Graph: subject area…", "Show the entities of one tag in the overview", "graph", "pick_area"),
    ("Graph: next related entity", "Move the graph cursor to the next entity related to it", "graph", "follow(1)"),
    ("Graph: previous related entity", "Move the graph cursor to the previous entity related to it",
     "graph", "follow(-1)"),
    ("Graph: select the cursor's entity", "Make the graph cursor's entity the selection of every pane",
     "graph", "select"),
    ("Graph: centre the cursor", "Pan so that the cursor's box is in the middle", "graph", "centre"),
    ("Graph: ASCII / box drawing", "Draw the graph with ASCII characters only, or with box drawing",
     "graph", "toggle_ascii"),
    ("Normalize: add an FD", "Type a functional dependency of the selection: a, b -> c", "normalize", "add_fd"),
    ("Normalize: delete the highlighted FD", "Delete the FD highlighted in the list (one undo step)",
     "normalize", "delete_fd"),
    ("Normalize: apply 3NF", "Apply the 3NF synthesis of the selection (one undo step)", "normalize",
     "apply('3nf')"),
    ("Normalize: apply BCNF", "Apply the BCNF decomposition of the selection (one undo step)", "normalize",
     "apply('bcnf')"),
    ("Normalize: name the new entities…", "Choose the names of the entities a decomposition creates",
     "normalize", "name_components"),
    ("Normalize: migration SQL…", "The SQL that moves the data into the decomposition (and its export)",
     "normalize", "migration"),
    ("Normalize: discover FDs from data…", "Find the FDs that hold in the entity's data source",
     "normalize", "discover"),
    ("Normalize: analyze again", "Run the analysis of the selection again (after a stopped enumeration)",
     "normalize", "reanalyze"),
    ("Normalize: stop the key enumeration", "Stop a long candidate key enumeration (the keys found so far "
     "are used)", "normalize", "cancel"),
)


def _key_for(bindings: Sequence[BindingType], action: str) -> str:
    for binding in bindings:
        if isinstance(binding, Binding) and binding.action == action:
            return binding.key_display or binding.key.split(",")[0]
    return ""


def pane_bindings(pane: str) -> Sequence[BindingType]:
    """The bindings of the pane ``pane`` (``"graph"`` or ``"normalize"``)."""
    from tui.widgets.graph_view import GraphView
    from tui.widgets.normalize_pane import NormalizePane

    return GraphView.BINDINGS if pane == "graph" else NormalizePane.BINDINGS


def _shown(help_text: str, key: str, where: str = "") -> str:
    return f"{help_text}  [{key}{where}]" if key else help_text


class ModelerCommands(Provider):
    """Actions, entities and dialects for the command palette."""

    @property
    def modeler(self) -> ModelerApp:
        return self.app  # type: ignore[return-value]

    def _items(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.modeler
        items: list[tuple[str, str, Callable[[], Any]]] = []
        for title, help_text, action in ACTIONS:
            items.append((title, _shown(help_text, _key_for(type(app).BINDINGS, action)),
                          partial(app.run_action, action)))
        for title, help_text, pane, action in PANE_ACTIONS:
            items.append((title, _shown(help_text, _key_for(pane_bindings(pane), action), f" in the {pane} pane"),
                          partial(app.run_pane_action, pane, action)))
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
        for title, help_text, callback in self._items()[:len(ACTIONS) + len(PANE_ACTIONS)]:
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._items():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
