"""The app's file actions: save (never silently over a changed file), quit (never silently losing
changes), export the DDL, import a DDL file, copy the DDL to the clipboard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import SaveConflictError, TablewrightError
from tui.guard import guarded, report
from tui.screens.confirm import ConfirmScreen
from tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from textual.app import App

    from core.commands import Command
    from core.document import Change, Document
    from core.model import EntityKey
    from tui.screens.main import MainScreen

    _Base = App[int]
else:
    _Base = object


def _path_problem(text: str) -> str | None:
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
    def action_save_as(self) -> None:
        default = f"{self.document.model.name}.yaml"

        def chosen(path: str | None) -> None:
            if path:
                self._save(Path(path).expanduser(), force=False)

        self.push_screen(PromptScreen("Save the model as", value=str(self.document.path or default),
                                      check=_path_problem), chosen)

    def _save(self, path: Path | None, *, force: bool, then: Any = None) -> None:
        try:
            self.document.save(path, force=force)
        except SaveConflictError as exc:
            self._ask_overwrite(path, str(exc), then)
            return
        except TablewrightError as exc:
            report(self, exc)
            return
        self._refresh_title()
        self.notify(f"Saved {self.document.path}", timeout=3)
        if then is not None:
            then()

    def _ask_overwrite(self, path: Path | None, reason: str, then: Any) -> None:
        def answer(choice: str | None) -> None:
            if choice == "overwrite":
                self._save(path, force=True, then=then)
            elif choice == "save_as":
                self.action_save_as()

        self.push_screen(ConfirmScreen(
            "The file changed on disk", f"{reason}\n\nOverwrite it with this model, or save elsewhere?",
            [("save_as", "Save as…"), ("overwrite", "Overwrite"), ("cancel", "Cancel")]), answer)

    # -- quit ----------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        if not self.document.dirty:
            self.exit(0)
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                if self.document.path is None:
                    self.action_save_as()
                else:
                    self._save(None, force=False, then=lambda: self.exit(0))
            elif choice == "discard":
                self.exit(0)

        self.push_screen(ConfirmScreen("Unsaved changes", "The model has changes that are not saved.",
                                       [("save", "Save and quit"), ("discard", "Quit without saving"),
                                        ("cancel", "Cancel")]), answer)

    # -- DDL out -------------------------------------------------------------------------------

    @guarded
    def action_copy_ddl(self) -> None:
        text = self.main.preview.text
        if not text:
            self.notify("No DDL to copy yet.", timeout=2)
            return
        self.copy_to_clipboard(text)
        self.notify(f"Copied {len(text.splitlines())} lines of DDL (via the terminal, OSC 52).", timeout=3)

    @guarded
    def action_export_ddl(self) -> None:
        preview = self.main.preview
        dialect = preview.dialect
        base = self.document.path.with_suffix("") if self.document.path else Path(self.document.model.name)
        default = f"{base}.{dialect}.sql"

        def chosen(path: str | None) -> None:
            if path:
                self._export(Path(path).expanduser(), dialect)

        self.push_screen(PromptScreen(f"Export the whole model's DDL ({dialect}) to", value=default,
                                      check=_path_problem, hint="enter: export   escape: cancel"), chosen)

    def _export(self, path: Path, dialect: str) -> None:
        from core.ddl.generate import generate_ddl

        try:
            result = generate_ddl(self.document.model, dialect)
            path.write_text(result.sql, encoding="utf-8")
        except (TablewrightError, OSError) as exc:
            report(self, TablewrightError(f"export to {path} failed: {exc}"))
            return
        extra = f" with {len(result.warnings)} warning(s)" if result.warnings else ""
        self.notify(f"Exported {dialect} DDL to {path}{extra}", timeout=4)

    # -- DDL in --------------------------------------------------------------------------------

    @guarded
    def action_import_ddl(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._import(Path(path).expanduser())

        def exists(text: str) -> str | None:
            return None if Path(text).expanduser().is_file() else f"no file {text}"

        self.push_screen(PromptScreen("Import a DDL file (CREATE TABLE ...)", placeholder="schema.sql",
                                      check=exists), chosen)

    def _import(self, path: Path) -> None:
        """Read ``path`` in a thread (a large script takes a while), then show the report."""
        from tui.screens.import_ddl import read_ddl

        self.notify(f"Reading {path.name}…", timeout=2)

        def work() -> None:
            try:
                result = read_ddl(path)
            except TablewrightError as exc:
                self.call_from_thread(report, self, exc)
                return
            except Exception as exc:  # a bug in the importer: report it, keep the app
                self.call_from_thread(report, self, exc)
                return
            self.call_from_thread(self._review_import, path, result)

        self.run_worker(work, thread=True, exclusive=True, group="import", description="import DDL")

    @guarded
    def _review_import(self, path: Path, result: Any) -> None:
        from tui.screens.import_ddl import ImportReportScreen, plan_import

        imported = result.model
        warnings = [str(w) for w in [*result.report.warnings, *result.report.errors]]
        plan = plan_import(self.document.model, imported, warnings)

        def answer(go: bool | None) -> None:
            if not go or plan.command is None:
                return
            first = imported.entity(plan.added[0]) if plan.added else None
            self.execute(plan.command, select=first.key if first is not None else None)
            self.notify(f"Imported {len(plan.added)} entities from {path.name} (ctrl+z undoes).", timeout=5)

        self.push_screen(ImportReportScreen(result.report.render(limit=30), plan), answer)
