"""The import report: what was imported, skipped, recovered, and what went wrong where.

>>> r = ImportReport(dialect="postgres", source="x.sql", tables=2)
>>> r.skip("insert"); r.warn(3, "guessed type"); sorted(r.to_json())[:4]
['columns', 'dialect', 'errors', 'foreign_keys']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ImportReport", "Issue", "Recovery"]


@dataclass(frozen=True)
class Issue:
    """A warning or an error, with the script line it came from (``None``: the whole file)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True)
class Recovery:
    """A statement sqlglot could not read that was recovered anyway, and how."""

    line: int
    statement: str
    how: str
    why: str = ""


@dataclass
class ImportReport:
    """Counts per object kind, skipped statements by kind, recoveries, warnings, errors, time."""

    dialect: str
    source: str = "<string>"
    detected: str | None = None  # why this dialect was chosen, when it was detected
    statements: int = 0
    tables: int = 0
    columns: int = 0
    primary_keys: int = 0
    foreign_keys: int = 0
    uniques: int = 0
    checks: int = 0
    indexes: int = 0
    views: int = 0
    enums: int = 0
    sequences: int = 0
    comments: int = 0
    partitions: int = 0
    schemas: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    recovered: list[Recovery] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    seconds: float = 0.0

    def skip(self, kind: str) -> None:
        self.skipped[kind] += 1

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Issue(line, message))

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(Issue(line, message))

    def to_json(self) -> dict[str, Any]:
        """The report for ``--report json`` (exactly the documented keys)."""
        return {
            "dialect": self.dialect,
            "tables": self.tables,
            "columns": self.columns,
            "foreign_keys": self.foreign_keys,
            "indexes": self.indexes,
            "views": self.views,
            "skipped": dict(sorted(self.skipped.items())),
            "recovered": [{"line": r.line, "statement": r.statement, "how": r.how, "why": r.why}
                          for r in self.recovered],
            "errors": [{"line": e.line, "message": e.message} for e in self.errors],
            "warnings": [{"line": w.line, "message": w.message} for w in self.warnings],
            "seconds": round(self.seconds, 3),
        }

    def render(self, limit: int = 20) -> str:
        """The report as text for people (long lists cut at ``limit`` lines each)."""
        how = f" (detected: {self.detected})" if self.detected else ""
        lines = [
            f"Imported {self.source} as {self.dialect}{how} in {self.seconds:.2f} s "
            f"({self.statements} statements)",
            f"  tables {self.tables} (partitions {self.partitions}), columns {self.columns}, "
            f"primary keys {self.primary_keys}, foreign keys {self.foreign_keys}, uniques {self.uniques}, "
            f"checks {self.checks}",
            f"  indexes {self.indexes}, views {self.views}, enums {self.enums}, sequences {self.sequences}, "
            f"comments {self.comments}, schemas {self.schemas}",
        ]
        if self.skipped:
            total = sum(self.skipped.values())
            kinds = ", ".join(f"{k} {n}" for k, n in self.skipped.most_common())
            lines.append(f"Skipped {total} statements: {kinds}")
        for title, items in (("Recovered", self.recovered), ("Warnings", self.warnings), ("Errors", self.errors)):
            if not items:
                continue
            lines.append(f"{title} ({len(items)}):")
            for item in items[:limit]:
                if isinstance(item, Recovery):
                    why = f" (sqlglot: {item.why})" if item.why else ""
                    lines.append(f"  line {item.line}: {item.statement}: read by {item.how}{why}")
                else:
                    lines.append(f"  {item}")
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more (--report json lists them all)")
        return "\n".join(lines)
