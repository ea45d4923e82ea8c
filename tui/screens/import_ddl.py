"""Import a DDL file into the model: read it with the DDL importer, show the report, add what is new.

The importer (:func:`core.ddl.parse.import_file`) reads the script statement by statement
(detecting its dialect) into a model and an :class:`~core.ddl.importer.report.ImportReport`
(counts, skipped statements, recoveries, warnings, errors). :func:`plan_import` compares it with
the open model: entities, enums, views and extensions the model does not have yet are added as one
undo step (a ``Batch`` of ``SetModel`` and ``AddEntity``); entities that exist already are left
alone and listed. :class:`ImportReportScreen` shows the report and the plan before anything
changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from core.commands import AddEntity, Batch, Command, SetModel
from core.model import DataModel

if TYPE_CHECKING:
    from core.ddl.parse import ImportResult


@dataclass(frozen=True)
class ImportPlan:
    """What importing a DDL file would do."""

    command: Command | None
    added: tuple[str, ...]
    skipped: tuple[str, ...]
    warnings: tuple[str, ...]


def read_ddl(path: Path, dialect: str | None = None) -> ImportResult:
    """The model a DDL file describes, with the importer's report (``dialect=None``: detected).
    Raises :class:`~core.errors.DDLError` for a file that cannot be read."""
    from core.ddl.parse import import_file

    return import_file(path, dialect)


def plan_import(model: DataModel, imported: DataModel, warnings: Sequence[str] = ()) -> ImportPlan:
    """The command adding ``imported``'s new entities, enums, views and extensions to ``model``
    (``None``: nothing new)."""
    commands: list[Command] = []
    added: list[str] = []
    skipped: list[str] = []
    for entity in imported.entities:
        label = imported.canonical_key(entity.key).display()
        if model.entity(entity.key) is not None:
            skipped.append(label)
        else:
            commands.append(AddEntity(entity))
            added.append(label)
    have = {(e.schema_name, e.name) for e in model.enums}
    enums = tuple(e for e in imported.enums if (e.schema_name, e.name) not in have)
    extensions = tuple(x for x in imported.extensions if x not in model.extensions)
    if enums or extensions:  # enums first: the new entities' types may need them
        commands.insert(0, SetModel(update=(("enums", model.enums + enums),
                                            ("extensions", model.extensions + extensions))))
    seen_views = {(v.schema_name, v.name) for v in model.views}
    views = tuple(v for v in imported.views if (v.schema_name, v.name) not in seen_views)
    if views:  # views last: they read the new tables
        commands.append(SetModel(update=(("views", model.views + views),)))
    label = f"import {len(added)} entities" + (f" and {len(views)} views" if views else "")
    command = Batch(tuple(commands), label) if commands else None
    return ImportPlan(command, tuple(added), tuple(skipped), tuple(warnings))


def plan_text(plan: ImportPlan) -> str:
    """What :class:`ImportReportScreen` says the import will do."""
    if plan.command is None:
        return "Nothing new: every table of the file is in the model already."
    lines = [f"Adds {len(plan.added)} entities: {', '.join(plan.added[:12])}"
             + (" …" if len(plan.added) > 12 else "")]
    if plan.skipped:
        lines.append(f"Leaves {len(plan.skipped)} alone (in the model already): {', '.join(plan.skipped[:8])}"
                     + (" …" if len(plan.skipped) > 8 else ""))
    lines.append("One undo step (ctrl+z) takes it all back.")
    return "\n".join(lines)


class ImportReportScreen(ModalScreen[bool]):
    """The importer's report and the plan; dismisses with ``True`` to import (enter or i)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c", "dismiss(False)", "Cancel"),
        Binding("i", "dismiss(True)", "Import", show=False),
    ]

    def __init__(self, report: str, plan: ImportPlan) -> None:
        super().__init__(classes="dialog")
        self.report, self.plan = report, plan

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="report"):
            yield Static("Import DDL", classes="dialog-title")
            with VerticalScroll(id="import-report"):
                yield Static(self.report, id="import-report-text", markup=False)
            yield Static(plan_text(self.plan), classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                if self.plan.command is not None:
                    yield Button("Import", id="import-go", variant="primary", compact=True)
                yield Button("Cancel", id="import-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "import-go" and self.plan.command is not None)
