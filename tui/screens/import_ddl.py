"""Import a DDL file into the model: read it with the DDL importer, then add what is new.

The importer (:mod:`core.ddl.parse`) turns ``CREATE TABLE``/``CREATE TYPE``... into a model;
entities and enums the model does not have yet are added as one undo step (a ``Batch`` of
``AddEntity`` and one ``SetModel``); entities that exist already are left alone and listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.commands import AddEntity, Batch, Command, SetModel
from core.errors import TablewrightError
from core.model import DataModel


@dataclass(frozen=True)
class ImportPlan:
    """What importing a DDL file would do."""

    command: Command | None
    added: tuple[str, ...]
    skipped: tuple[str, ...]
    warnings: tuple[str, ...]


def read_ddl(path: Path, dialect: str = "postgres") -> tuple[DataModel, list[str]]:
    """The model a DDL file describes, and the importer's warnings."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TablewrightError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    try:
        from core.ddl import parse as ddl_parse
    except ImportError:
        raise TablewrightError("importing DDL needs core.ddl.parse, which is not available yet") from None
    parse: Any = getattr(ddl_parse, "parse_ddl", None) or ddl_parse.import_ddl
    result = parse(text, dialect=dialect)
    model = result if isinstance(result, DataModel) else result.model
    warnings = [str(w) for w in getattr(result, "warnings", ())]
    return model, warnings


def plan_import(model: DataModel, imported: DataModel, warnings: Sequence[str] = ()) -> ImportPlan:
    """The command adding ``imported``'s new entities and enums to ``model`` (``None``: nothing new)."""
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
    command = Batch(tuple(commands), f"import {len(added)} entities") if commands else None
    return ImportPlan(command, tuple(added), tuple(skipped), tuple(warnings))
