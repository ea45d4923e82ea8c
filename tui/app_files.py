"""The app's file actions: save (never silently over a changed file), open, new, reload, quit
(never silently losing changes), a model file changed on disk, and the recovery copy of unsaved
work (:mod:`tui.recovery`). The DDL going out and coming in is in :mod:`tui.app_ddl`."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import SaveConflictError, TablewrightError
from tui.guard import guarded, report
from tui.paths import path_completer
from tui.recovery import AUTOSAVE_MAX_SECONDS, AUTOSAVE_SECONDS, Found, Recovery
from tui.screens.confirm import ConfirmScreen
from tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from core.commands import Command
    from core.document import Change, Document
    from core.model import DataModel, EntityKey
    from tui.screens.main import MainScreen

    _Base = App[int]
else:
    _Base = object


def path_problem(text: str) -> str | None:
    """Why ``text`` cannot be a file to write (``None``: it can)."""
    if not text:
        return "type a file name"
    parent = Path(text).expanduser().parent
    if not parent.is_dir():
        return f"the folder {parent} does not exist"
    return None


class FileActions(_Base):
    """Mixed into :class:`tui.app.ModelerApp`."""

    if TYPE_CHECKING:
        document: Document
        recovery: Recovery
        _autosave_timer: Timer | None
        _dirty_since: float | None
        _autosave_failed: bool
        _disk_seen: object

        def replace_document(self, document: Document) -> None: ...

        @property
        def main(self) -> MainScreen: ...

        def _refresh_title(self) -> None: ...

        def execute(self, command: Command, *, select: EntityKey | None = None,
                    focus_attribute: str | None = None) -> Change: ...

    # -- save ----------------------------------------------------------------------------------

    @guarded
    def action_save(self) -> None:
        if self.document.path is None:
            self.action_save_as()
            return
        self._save(None, force=False)

    @guarded
    def action_save_as(self, then: Any = None) -> None:
        default = f"{self.document.model.name}.yaml"

        def chosen(path: str | None) -> None:
            if path:
                self._save(Path(path).expanduser(), force=False, then=then)

        self.push_screen(PromptScreen("Save the model as", value=str(self.document.path or default),
                                      check=path_problem, completer=path_completer(".yaml", ".yml", ".json")),
                         chosen)

    def _save(self, path: Path | None, *, force: bool, then: Any = None) -> None:
        try:
            self.document.save(path, force=force)
        except SaveConflictError as exc:
            self._ask_overwrite(path, str(exc), then)
            return
        except TablewrightError as exc:
            report(self, exc)
            return
        self._work_is_safe()
        self._refresh_title()
        self.notify(f"Saved {self.document.path}", timeout=3)
        if dropped := self.document.dropped_comments:
            self.notify(f"The comments on line(s) {', '.join(map(str, dropped[:5]))} were not kept: a model file "
                        "keeps remarks in note: fields", severity="warning", timeout=8)
        if then is not None:
            then()

    def _ask_overwrite(self, path: Path | None, reason: str, then: Any) -> None:
        def answer(choice: str | None) -> None:
            if choice == "overwrite":
                self._save(path, force=True, then=then)
            elif choice == "save_as":
                self.action_save_as(then=then)
            elif choice == "reload":
                self.action_reload()

        self.push_screen(ConfirmScreen(
            "The file changed on disk", f"{reason}\n\nOverwrite it with this model, save elsewhere, or "
            "reload theirs (asks before throwing away the changes here)?",
            [("save_as", "Save as…"), ("overwrite", "Overwrite"), ("reload", "Reload theirs"),
             ("cancel", "Cancel")]), answer)

    # -- open and new ----------------------------------------------------------------------------

    def _when_safe(self, what: str, then: Any) -> None:
        """Run ``then`` once unsaved changes are saved or deliberately dropped (asks first)."""
        if not self.document.dirty:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                if self.document.path is None:
                    self.action_save_as(then=then)
                else:
                    self._save(None, force=False, then=then)
            elif choice == "discard":
                self._stop_autosave()
                self.recovery.clear()
                then()

        self.push_screen(ConfirmScreen("Unsaved changes", f"The model has changes that are not saved. {what}?",
                                       [("save", "Save first"), ("discard", "Discard them"), ("cancel", "Cancel")]),
                         answer)

    @guarded
    def action_open_model(self) -> None:
        def problem(text: str) -> str | None:
            path = Path(text).expanduser()
            if not text:
                return "type a file name"
            if path.is_dir():
                return f"{text} is a folder: add a file name"
            if not path.exists() and not path.parent.is_dir():
                return f"the folder {path.parent} does not exist"
            return None

        def chosen(text: str | None) -> None:
            if text:
                self._open_model(Path(text).expanduser())

        start = f"{self.document.path.parent}{os.sep}" if self.document.path is not None else ""
        self._when_safe("Open another model anyway", lambda: self.push_screen(PromptScreen(
            "Open a model file (a name that does not exist yet starts a new model there)", value=start,
            check=problem, completer=path_completer(".yaml", ".yml", ".json"),
            hint="tab: complete   enter: open   escape: cancel"), chosen))

    def _open_model(self, path: Path) -> None:
        from core.document import Document
        from core.model import DataModel

        try:
            document = Document.open(path, validate=False) if path.exists() else \
                Document(DataModel(name=path.stem), path)
        except TablewrightError as exc:
            report(self, exc)
            return
        self.replace_document(document)
        for problem in document.load_problems[:3]:
            self.notify(str(problem), title="Model problem", severity="warning", timeout=10)
        self.notify(f"Opened {path}" if path.exists() else f"New model {path.name} (saved there on ctrl+s)",
                    timeout=3)
        self.offer_recovery()

    @guarded
    def action_new_model(self) -> None:
        from core.document import Document

        def fresh() -> None:
            self.replace_document(Document.new())
            self.notify("New empty model (ctrl+n adds an entity).", timeout=3)
            self.offer_recovery()

        self._when_safe("Start a new model anyway", fresh)

    # -- quit ----------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        if not self.document.dirty:
            self._quit_on_purpose()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                if self.document.path is None:
                    self.action_save_as(then=self._quit_on_purpose)
                else:
                    self._save(None, force=False, then=self._quit_on_purpose)
            elif choice == "discard":
                self._quit_on_purpose()

        self.push_screen(ConfirmScreen("Unsaved changes", "The model has changes that are not saved.",
                                       [("save", "Save and quit"), ("discard", "Quit without saving"),
                                        ("cancel", "Cancel")]), answer)

    def _quit_on_purpose(self) -> None:
        """Quit with nothing left to recover (saved, or the user threw the changes away)."""
        self._stop_autosave()
        self.recovery.clear()
        self.exit(0)

    # -- the file on disk ----------------------------------------------------------------------

    def check_file_on_disk(self) -> None:
        """Tell the user (once per change) when the model file changed on disk since it was
        loaded or saved: another editor, a ``git pull``... Saving would ask; reloading is offered."""
        doc = self.document
        if doc.path is None or doc.stamp is None:
            return
        try:
            st = doc.path.stat()
        except OSError:
            seen: object = "missing"
        else:
            seen = (st.st_mtime_ns, st.st_size)
            if seen == (doc.stamp.mtime_ns, doc.stamp.size):
                return
        if seen == self._disk_seen:
            return
        self._disk_seen = seen
        if seen == "missing":
            self.notify(f"{doc.path.name} was deleted or moved on disk; ctrl+s writes it again.",
                        title="Model file", severity="warning", timeout=10)
            return
        from core.storage import FileStamp

        now = FileStamp.of(doc.path)
        if now is None or now.sha256 == doc.stamp.sha256:
            return  # touched, same content
        mine = " Your unsaved changes stay here; saving will ask before overwriting." if doc.dirty else ""
        self.notify(f"{doc.path.name} changed on disk (another editor? git?).{mine} "
                    "Palette: \"Reload from disk\" reads it again.",
                    title="Model file changed", severity="warning", timeout=12)

    @guarded
    def action_reload(self) -> None:
        doc = self.document
        if doc.path is None:
            self.notify("This model has no file yet.", timeout=3)
            return
        path = doc.path

        def reload() -> None:
            from core.document import Document

            try:
                fresh = Document.open(path, validate=False)
            except TablewrightError as exc:
                report(self, exc)
                return
            self.replace_document(fresh)
            self._disk_seen = None
            self.notify(f"Reloaded {path.name} from disk.", timeout=3)

        if not doc.dirty:
            reload()
            return
        self.push_screen(ConfirmScreen(
            "Reload from disk", f"Read {path.name} again and throw away the unsaved changes here "
            "(and their undo history)?", [("keep", "Keep my changes"), ("reload", "Reload")]),
            lambda choice: reload() if choice == "reload" else None)

    # -- the recovery copy ---------------------------------------------------------------------

    def _work_is_safe(self) -> None:
        """The document was saved (perhaps under a new name): no recovery copy is needed."""
        doc = self.document
        self._stop_autosave()
        self.recovery.retarget(doc.path, doc.stamp.sha256 if doc.stamp is not None else None)
        self.recovery.clear()

    def _stop_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None

    def schedule_autosave(self) -> None:
        """After an edit: keep a recovery copy of a dirty model once the user pauses for
        :data:`~tui.recovery.AUTOSAVE_SECONDS`, and at least every
        :data:`~tui.recovery.AUTOSAVE_MAX_SECONDS` while the edits keep coming (writing a large
        model takes a moment of CPU: not in the middle of a burst of keys); a clean one needs none."""
        if not self.document.dirty:
            self._stop_autosave()
            self._dirty_since = None
            self.recovery.clear()
            return
        now = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        self._stop_autosave()
        # at least a millisecond: Textual's timer divides by its interval when it runs late
        delay = min(AUTOSAVE_SECONDS, max(0.001, self._dirty_since + AUTOSAVE_MAX_SECONDS - now))
        self._autosave_timer = self.set_timer(delay, self._autosave, name="autosave")

    def _autosave(self) -> None:
        self._autosave_timer = None
        self._dirty_since = None
        if self.document.dirty:
            model = self.document.model

            def write() -> None:
                try:
                    self.recovery.write(model)
                except (TablewrightError, OSError) as exc:
                    self.call_from_thread(self._autosave_problem, exc)

            self.run_worker(write, thread=True, exclusive=True, group="autosave", description="recovery copy")

    def _autosave_problem(self, exc: BaseException) -> None:
        if not self._autosave_failed:  # once per session is enough
            self._autosave_failed = True
            self.notify(f"No recovery copy of unsaved work: {exc}. Save often (ctrl+s).",
                        title="Recovery copy", severity="warning", timeout=10)

    def write_recovery_now(self) -> None:
        """Write the recovery copy at once, on this thread (before the process goes away)."""
        if self.document.dirty:
            with contextlib.suppress(Exception):  # dying anyway: nothing better to do
                self.recovery.write(self.document.model)

    def offer_recovery(self) -> None:
        """At launch: offer the unsaved work an earlier session left behind."""
        found = self.recovery.left_behind()
        if found is None:
            return
        try:
            model = found.load()
        except TablewrightError as exc:
            self.notify(f"A recovery copy ({found.slot}) cannot be read: {exc}", title="Recovery copy",
                        severity="warning", timeout=10)
            return
        if model == self.document.model:
            found.discard()  # nothing in it that is not here already
            return
        what = str(found.model_path) if found.model_path is not None else "a model that was never saved"
        changed = ("\n\nThe model file has changed on disk since that session started: recovering puts "
                   "the session's version in front of you; compare before saving.") if found.file_changed() else ""
        entities = len(model.entities)

        def answer(choice: str | None) -> None:
            if choice == "recover":
                self.recover(found, model)
            elif choice == "discard":
                found.discard()
                self.notify("Recovery copy deleted.", timeout=3)

        self.push_screen(ConfirmScreen(
            "Unsaved work found",
            f"A session editing {what} ended without saving ({found.age}); its last state "
            f"({entities} entities) was kept.{changed}\n\nRecover it (ctrl+z goes back to the file), "
            "delete it, or decide later (escape)?",
            [("recover", "Recover"), ("discard", "Delete it"), ("later", "Later")]), answer)

    def recover(self, found: Found, model: DataModel) -> None:
        """Put ``model`` (from ``found``) in front of the user as one undoable step."""
        from core.commands.base import Restore

        self.execute(Restore(model, "recover unsaved work"))
        found.discard()  # this session's own copy takes over
        self.notify("Recovered the unsaved work (ctrl+z returns to the file as it was loaded).", timeout=6)
