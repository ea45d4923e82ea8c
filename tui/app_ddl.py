"""The app's DDL actions: copy the previewed DDL to the clipboard (:mod:`tui.clipboard`), export
the whole model's DDL to a file, import the tables of a DDL file (with its report first)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import TablewrightError
from tui.app_files import path_problem
from tui.guard import guarded, report
from tui.paths import path_completer
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


class DDLActions(_Base):
    """Mixed into :class:`tui.app.ModelerApp`."""

    if TYPE_CHECKING:
        document: Document

        @property
        def main(self) -> MainScreen: ...

        def execute(self, command: Command, *, select: EntityKey | None = None,
                    focus_attribute: str | None = None) -> Change: ...

    # -- DDL out -------------------------------------------------------------------------------

    @guarded
    def action_copy_ddl(self) -> None:
        text = self.main.preview.text
        if not text:
            self.notify("No DDL to copy yet.", timeout=2)
            return
        from tui import clipboard

        lines = len(text.splitlines())
        osc52 = self.copy_to_clipboard  # writes to the terminal: on this thread, before the worker

        def work() -> None:
            done, failed = clipboard.copy(text, lambda t: self.call_from_thread(osc52, t))
            self.call_from_thread(self._copied, lines, done, failed)

        self.run_worker(work, thread=True, exclusive=True, group="clipboard", description="copy DDL")

    def _copied(self, lines: int, done: list[str], failed: list[str]) -> None:
        how = " + ".join(done)
        extra = f"\nNot via {'; '.join(failed)}" if failed else ""
        tip = "" if len(done) > 1 else "\nIf nothing arrives, your terminal ignores OSC 52: export instead (ctrl+e)."
        self.notify(f"Copied {lines} lines of DDL via {how}.{extra}{tip}", timeout=5)

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
                                      check=path_problem, hint="enter: export   escape: cancel",
                                      completer=path_completer(".sql")), chosen)

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
                                      check=exists, completer=path_completer(".sql", ".ddl")), chosen)

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
