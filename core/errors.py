"""The exception hierarchy: every error a user can cause is a ``TablewrightError``.

The CLI prints ``str(error)`` and exits non-zero; the app shows it as a notification. A
``TablewrightError`` message always says where (file:line, entity, attribute) and what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class TablewrightError(Exception):
    """Base of every error tablewright reports to a user (never shown as a traceback)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a model, with its location.

    ``path`` is the location inside the model file as keys and list positions, for example
    ``("entities", 3, "attributes", 0, "type")``; ``where`` is the same location in words for
    people (``entities[orders].attributes[email].type``); ``line`` is filled in by the loader
    when the model came from a file.
    """

    path: tuple[str | int, ...]
    where: str
    message: str
    line: int | None = None
    file: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        prefix = ""
        if self.file is not None:
            prefix = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        elif self.line is not None:
            prefix = f"line {self.line}: "
        where = f"{self.where}: " if self.where else ""
        return f"{prefix}{where}{self.message}"


class ModelError(TablewrightError):
    """A model that does not hold together: carries every problem found, not only the first."""

    def __init__(self, problems: Sequence[Problem], summary: str | None = None) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems]
        head = summary or f"{len(self.problems)} problem(s) in the model"
        super().__init__("\n".join([head, *lines]) if lines else head)


class LoadError(ModelError):
    """A model file that cannot be read: YAML syntax, unknown keys, wrong types, invalid model."""


class SaveConflictError(TablewrightError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


class CommandError(TablewrightError):
    """An edit that cannot be applied to the model as it is (the model is left unchanged)."""


class DDLError(TablewrightError):
    """DDL cannot be generated, parsed or executed; the message names the entity involved."""
