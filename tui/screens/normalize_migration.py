"""The data migration of a decomposition: its PostgreSQL SQL, shown and exported to a file.

Opened from the normalization pane (``m``) with the 3NF plan (and the BCNF one, when it can be
planned): ``k`` switches between them, ``e`` (or ctrl+e) writes the SQL to a file, ``escape``
closes. The SQL comes from :func:`core.normalize.migrate.migration_sql`: one transaction that
checks the FDs on the data before it moves anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from core.errors import TablewrightError
from core.normalize.plan import DecompositionPlan
from tui.guard import guarded, report
from tui.screens.prompt import PromptScreen


def default_path(folder: str, plan: DecompositionPlan) -> str:
    """``<folder>/<entity>.<kind>.migration.sql``."""
    return str(Path(folder) / f"{plan.entity.name}.{plan.kind}.migration.sql")


def _path_problem(text: str) -> str | None:
    if not text:
        return "type a file name"
    path = Path(text).expanduser()
    if path.is_dir():
        return f"{text} is a folder; add a file name"
    if not path.parent.exists():
        return f"folder {path.parent} does not exist"
    return None


class MigrationScreen(ModalScreen[None]):
    """The migration SQL of a decomposition plan, with export."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("e,ctrl+e", "export", "Export", tooltip="Write the migration SQL to a file"),
        Binding("k", "switch", "3NF / BCNF", tooltip="The migration of the other decomposition"),
    ]
    DEFAULT_CSS = """
    MigrationScreen { align: center middle; }
    MigrationScreen #migration { width: 90%; height: 90%; border: round $accent; background: $surface;
        padding: 0 1; }
    MigrationScreen #migration-title { height: auto; text-style: bold; }
    MigrationScreen #migration-sql { height: 1fr; border: none; }
    MigrationScreen #migration-hint { height: 1; color: $text-muted; }
    """

    def __init__(self, plan: DecompositionPlan, other: DecompositionPlan | None, folder: str) -> None:
        super().__init__()
        self.plans = [p for p in (plan, other) if p is not None and not p.unchanged]
        self.index = 0
        self.folder = folder
        self.sql = ""

    @property
    def plan(self) -> DecompositionPlan:
        return self.plans[self.index]

    def compose(self) -> ComposeResult:
        with Vertical(id="migration"):
            yield Static("", id="migration-title")
            yield TextArea("", id="migration-sql", read_only=True, language="sql", show_line_numbers=True,
                           soft_wrap=False)
            yield Static("e: export to a file   k: 3NF / BCNF   escape: close", id="migration-hint")

    def on_mount(self) -> None:
        self._show()
        self.query_one(TextArea).focus()

    def _show(self) -> None:
        from core.normalize.migrate import migration_sql

        plan = self.plan
        try:
            self.sql = migration_sql(plan)
        except TablewrightError as exc:
            self.sql = f"-- cannot write the migration: {exc}\n"
        names = ", ".join(c.name for c in plan.components)
        self.query_one("#migration-title", Static).update(
            f"Data migration ({plan.kind.upper()}) of {plan.original.name} into {names}  ·  PostgreSQL, "
            "one transaction; the FDs are checked on the data first")
        self.query_one(TextArea).load_text(self.sql)

    def action_switch(self) -> None:
        if len(self.plans) > 1:
            self.index = (self.index + 1) % len(self.plans)
            self._show()
        else:
            self.notify("Only this decomposition splits the entity.", timeout=3)

    @guarded
    def action_export(self) -> None:
        sql = self.sql

        def chosen(path: str | None) -> None:
            if path:
                self.write(Path(path).expanduser(), sql)

        self.app.push_screen(PromptScreen("Export the migration SQL to", value=default_path(self.folder, self.plan),
                                          check=_path_problem, hint="enter: export   escape: cancel"), chosen)

    def write(self, path: Path, sql: str) -> None:
        """Write ``sql`` to ``path`` and say so (or why not)."""
        try:
            path.write_text(sql, encoding="utf-8")
        except OSError as exc:
            report(self.app, TablewrightError(f"export to {path} failed: {exc.strerror or exc}"))
            return
        self.app.notify(f"Exported the migration SQL to {path}", timeout=4)
