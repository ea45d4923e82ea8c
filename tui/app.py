"""The workstation app: owns the :class:`~core.document.Document`, runs every edit, keeps panes in step.

Widgets post :class:`~tui.messages.CommandRequested`; :meth:`ModelerApp.execute` runs the command
(all or nothing), records what it touched, and posts :class:`~tui.messages.ModelChanged` to the
main screen, which relays it to the panes. The title carries the file name and a dirty marker.
Every action has a binding (with an id, so users can remap it through ``set_keymap``) and a
palette entry (:mod:`tui.palette`). File actions (save, open, reload, quit, the recovery copy)
are in :mod:`tui.app_files`, DDL actions (copy, export, import) in :mod:`tui.app_ddl`, entity
actions in :mod:`tui.app_edits`.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from core.commands import Command
from core.document import Change, Document
from core.errors import TablewrightError
from core.model import EntityKey
from tui.app_ddl import DDLActions
from tui.app_edits import EditActions
from tui.app_files import FileActions
from tui.guard import guarded, report
from tui.messages import CommandRequested, ModelChanged
from tui.palette import ModelerCommands
from tui.recovery import Recovery
from tui.screens.main import MainScreen

#: How often the model file is checked for changes made by someone else (a stat: cheap).
DISK_CHECK_SECONDS = 3.0

#: How many changes the app remembers to tell panes what changed since the revision they show.
CHANGE_LOG = 64


class ModelerApp(FileActions, DDLActions, EditActions, App[int]):
    """tablewright's terminal workstation."""

    CSS_PATH = "app.tcss"
    TITLE = "tablewright"
    COMMANDS = App.COMMANDS | {ModelerCommands}
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_DISPLAY = "^p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save the model file"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y", "redo", "Redo", id="redo", show=False),
        Binding("ctrl+n", "new_entity", "New", id="new_entity", tooltip="Create an entity"),
        Binding("f1,question_mark", "help", "Help", id="help", key_display="f1"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f2", "rename_entity", "Rename", id="rename_entity", show=False),
        Binding("ctrl+g", "goto_entity", "Go to", id="goto_entity", show=False),
        Binding("ctrl+f", "filter_entities", "Filter", id="filter_entities", show=False),
        Binding("f4,ctrl+t", "next_dialect", "Dialect", id="next_dialect", show=False),
        Binding("f3", "toggle_scope", "Whole model", id="toggle_scope", show=False),
        Binding("ctrl+e", "export_ddl", "Export", id="export_ddl", show=False),
        Binding("ctrl+o", "import_ddl", "Import", id="import_ddl", show=False),
        Binding("ctrl+l", "open_model", "Open", id="open_model", show=False,
                tooltip="Open (load) another model file, or start one at a new path"),
        Binding("f5", "toggle_maximize", "Maximize", id="toggle_maximize", show=False),
        Binding("f6", "cycle_pane", "Next pane", id="cycle_pane", show=False),
        Binding("f7", "copy_ddl", "Copy DDL", id="copy_ddl", show=False),
        Binding("f8", "next_tab", "Next tab", id="next_tab", show=False,
                tooltip="Switch the right-hand area: DDL, review, ..."),
        Binding("f9", "pattern", "Pattern", id="pattern", show=False, tooltip="Apply a pattern from the library"),
        Binding("f10,ctrl+r", "show_graph", "Graph", id="show_graph", show=False,
                tooltip="The relationship graph of the selection or of the whole model"),
        Binding("f11,ctrl+d", "show_normalize", "Normalize", id="show_normalize", show=False,
                tooltip="Functional dependencies, keys, normal form and decompositions of the selection"),
    ]

    def __init__(self, document: Document, *, dialect: str = "postgres", tune_gc: bool = False) -> None:
        super().__init__()
        self.document = document
        self.initial_dialect = dialect
        self.tune_gc = tune_gc
        self._freeze_heap()  # the model: before the widgets are built
        self._changes: list[Change] = []
        #: Added to the document's revision for the panes, so that revisions keep growing when
        #: another document (reloaded, opened, new) replaces this one.
        self._epoch = 0
        self.recovery = Recovery(document.path, document.stamp.sha256 if document.stamp is not None else None)
        self._autosave_timer = None
        self._dirty_since: float | None = None
        self._autosave_failed = False
        self._disk_seen: object = None
        self._refresh_title()

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

    @property
    def main(self) -> MainScreen:
        """The main screen (also while a modal is open above it)."""
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def on_mount(self) -> None:
        self.theme = os.environ.get("TABLEWRIGHT_THEME", "textual-dark")
        self.call_after_refresh(self._freeze_heap)
        for problem in self.document.load_problems[:3]:
            self.notify(str(problem), title="Model problem", severity="warning", timeout=10)
        self.call_after_refresh(self.offer_recovery)
        self.set_interval(DISK_CHECK_SECONDS, self.check_file_on_disk, name="file on disk")

    # -- running edits -------------------------------------------------------------------------

    def execute(self, command: Command, *, select: EntityKey | None = None,
                focus_attribute: str | None = None) -> Change:
        """Run ``command`` on the document and bring the panes up to date; a
        :class:`~core.errors.TablewrightError` propagates with the model unchanged."""
        change = self.document.execute(command)
        self._after(change, select=select, focus_attribute=focus_attribute)
        return change

    def _after(self, change: Change, *, select: EntityKey | None = None,
               focus_attribute: str | None = None) -> None:
        self._changes.append(change)
        del self._changes[:-CHANGE_LOG]
        main = self.main
        current = main.selected
        if current is not None:
            for old, new in change.renamed:
                if current == old:
                    current = new
        if select is not None:
            current = self.document.model.canonical_key(select)
        if current != main.selected:
            main.selected = current
        if focus_attribute is not None:
            main.refresh_model(focus_attribute=focus_attribute)
        else:
            main.post_message(ModelChanged(change.revision))
        self._refresh_title()
        self.refresh_bindings()
        self.schedule_autosave()

    @property
    def revision(self) -> int:
        """The revision the panes show: the document's, grown across a change of document."""
        return self._epoch + self.document.revision

    def touched_since(self, revision: int) -> frozenset[EntityKey] | None:
        """Keys of the entities changed after app ``revision`` (``None``: unknown, refresh all)."""
        if revision == self.revision:
            return frozenset()
        newer = [c for c in self._changes if self._epoch + c.revision > revision]
        if not newer or self._epoch + newer[0].revision != revision + 1 or any(c.model_changed for c in newer):
            return None
        return frozenset().union(*(c.touched for c in newer))

    @guarded
    def on_command_requested(self, message: CommandRequested) -> None:
        try:
            self.execute(message.command, select=message.select)
        except TablewrightError as exc:
            if message.on_error is not None:
                message.on_error(str(exc))
            else:
                report(self, exc)

    def _refresh_title(self) -> None:
        doc = self.document
        name = doc.path.name if doc.path is not None else f"{doc.model.name} (not saved yet)"
        self.sub_title = f"{name} ●" if doc.dirty else name
        self.title = "tablewright"

    # -- undo / redo ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self.document.can_undo or None
        if action == "redo":
            return self.document.can_redo or None
        return True

    @guarded
    def action_undo(self) -> None:
        change = self.document.undo()
        if change is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._after(change)
        self.notify(f"Undid: {change.label}", timeout=2)

    @guarded
    def action_redo(self) -> None:
        change = self.document.redo()
        if change is None:
            self.notify("Nothing to redo.", timeout=2)
            return
        self._after(change)
        self.notify(f"Redid: {change.label}", timeout=2)

    def replace_document(self, document: Document) -> None:
        """Work on another document (reloaded, opened, new): its undo history starts afresh and
        the panes show it whole."""
        self._epoch = self.revision + 1 - document.revision
        self.document = document
        self._changes.clear()
        self._stop_autosave()
        self._dirty_since = None
        self._disk_seen = None
        self.recovery.clear()
        self.recovery = Recovery(document.path, document.stamp.sha256 if document.stamp is not None else None)
        self.main.refresh_model(force=True)
        self._refresh_title()
        self.call_after_refresh(self._freeze_heap)

    def _handle_exception(self, error: Exception) -> None:
        """An exception nobody handled: Textual is about to stop the app. Keep the unsaved work
        first (the next launch offers it back)."""
        self.write_recovery_now()
        super()._handle_exception(error)

    def _freeze_heap(self) -> None:
        """With ``tune_gc``: move everything alive (the model, the widgets) out of the garbage
        collector's sight. A large model is hundreds of thousands of objects, and a full
        collection that walks them all (hundreds of ms) would otherwise land in the middle of
        a keystroke; the model is immutable and freed by reference counting anyway."""
        if self.tune_gc:
            gc.freeze()


def make_app(path: str | Path | None = None, *, document: Document | None = None,
             dialect: str = "postgres", tune_gc: bool = False) -> ModelerApp:
    """The app for a model file (``None``: a new, empty model; a path that does not exist yet:
    a new model saved there on ctrl+s). Raises :class:`~core.errors.LoadError` for a file that
    cannot be read, :class:`~core.errors.TablewrightError` for a new file in a missing folder. ``tune_gc`` (what :func:`run_app` uses) keeps the garbage collector off the
    loaded model (:meth:`ModelerApp._freeze_heap`); tests leave the process's collector alone."""
    if document is None:
        if path is None:
            document = Document.new()
        elif Path(path).exists():
            document = _open(Path(path), tune_gc)
        else:
            from core.model import DataModel

            if not Path(path).expanduser().parent.is_dir():
                raise TablewrightError(f"{path}: the folder {Path(path).expanduser().parent} does not exist "
                                       "(create it, or give a model file in an existing folder)")
            document = Document(DataModel(name=Path(path).stem), path)
    return ModelerApp(document, dialect=dialect, tune_gc=tune_gc)


def _open(path: Path, tune_gc: bool) -> Document:
    """Open ``path``; with ``tune_gc`` the collector pauses while the model is built (every
    object built survives, so collections during a load only walk a growing heap: half the
    load time of a large model)."""
    paused = tune_gc and gc.isenabled()
    if paused:
        gc.disable()
    try:
        return Document.open(path, validate=False)
    finally:
        if paused:
            gc.enable()


def run_app(path: str | None = None) -> int:
    """Open the app (the ``tablewright [MODEL]`` entry point); returns the exit code."""
    import sys

    try:
        app = make_app(path, tune_gc=True)
    except TablewrightError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _keep_work_on_signals(app)
    app.run()
    return app.return_code or 0


def _keep_work_on_signals(app: ModelerApp) -> None:
    """A closed terminal or a dropped SSH connection (SIGHUP) and a polite kill (SIGTERM) would end
    the process at once: write the recovery copy first, then leave as if the user had quit."""
    import signal

    def handler(signum: int, _frame: object) -> None:
        app.write_recovery_now()
        try:
            app.call_later(app.exit, 128 + signum)
        except Exception:  # no event loop any more: just go
            os._exit(128 + signum)

    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)
