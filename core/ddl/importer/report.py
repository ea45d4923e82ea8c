"""The import report: what was imported, skipped, recovered, and what went wrong where.

Every warning and error carries the script line it comes from and a kind (:data:`KINDS`); the
text report groups them by kind, says once per kind what to do about it, and points at each
place as ``FILE:LINE`` (the form editors and terminals jump to).

>>> r = ImportReport(dialect="postgres", source="x.sql", tables=2)
>>> r.skip("insert", 7); r.warn(3, '"t.c": type "geometry" is not known', "guessed-type")
>>> print(r.render())  # doctest: +NORMALIZE_WHITESPACE
Imported x.sql as postgres in 0.00 s (0 statements)
  tables 2 (partitions 0), columns 0, primary keys 0, foreign keys 0, uniques 0, checks 0
  indexes 0, views 0, enums 0, sequences 0, comments 0, schemas 0, extensions 0
Skipped 1 statements that a model does not keep, by kind (line of the first):
  data: insert 1 (7)
Warnings (1):
  types not known, imported as text (1): set the right type with tablewright edit MODEL 'set TABLE COLUMN type TYPE'
    x.sql:3: "t.c": type "geometry" is not known
>>> sorted(r.to_json())[:4]
['columns', 'dialect', 'errors', 'foreign_keys']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "ImportReport", "Issue", "Recovery"]

#: Warning and error kinds: (title, what to do). The title heads the group in the text report.
KINDS: dict[str, tuple[str, str]] = {
    "guessed-type": ("types not known, imported as text",
                     "set the right type with tablewright edit MODEL 'set TABLE COLUMN type TYPE'"),
    "default": ("defaults that have no PostgreSQL equivalent, dropped",
                "MySQL's zero dates ('0000-00-00') have no PostgreSQL value; the column now defaults to "
                "NULL; set another default with 'set TABLE COLUMN default VALUE' if one is needed"),
    "computed": ("computed columns imported as plain columns",
                 "the expression is kept in the column's note; rewrite it as a PostgreSQL generated "
                 "column if the value must stay computed"),
    "identity": ("identities PostgreSQL cannot have", "change the column type to an integer type to keep it"),
    "unsupported-index": ("fulltext, spatial and unreadable indexes not imported",
                          "in PostgreSQL use a GIN index on to_tsvector(...) for text search and a GiST "
                          "index (PostGIS) for geometry; add it with 'add TABLE index (...)'"),
    "constraint": ("constraints not imported",
                   "add the constraint in a form PostgreSQL accepts with 'add TABLE check (...)' or "
                   "'add TABLE fk (a) -> other' if it is needed"),
    "view-index": ("indexes on views not imported",
                   "the model keeps no indexes on views; a materialized view can be indexed instead"),
    "missing-table": ("references to tables not in the file",
                      "import the file that creates those tables too (concatenate the files), or add the "
                      "tables to the model and then the foreign keys ('add TABLE fk (a) -> other')"),
    "missing-column": ("constraints and indexes naming columns that do not exist, dropped",
                       "check the statement at that line; the file refers to a column it never creates"),
    "renamed": ("index and key names made unique (PostgreSQL keeps them per schema, the source "
                "dialect per table)", "nothing to do unless other code uses the old names"),
    "too-long": ("names longer than PostgreSQL's 63 bytes, shortened",
                 "PostgreSQL would shorten them the same way; rename them if the short form is unclear"),
    "unnamed": ("names that clash, left for PostgreSQL to choose",
                "name them with 'remove' and 'add' in tablewright edit if other code needs the names"),
    "templated": ("templated names imported as written",
                  "replace the placeholder in the file (e.g. sed 's/PREFIX_/shop_/g') and import again, "
                  "or rename the entities"),
    "no-columns": ("tables without a column list, not imported",
                   "a CREATE TABLE ... AS SELECT takes its columns from a query the importer does not run: "
                   "add the table to the model by hand (tablewright edit MODEL 'add-entity T' 'add-attr T ...')"),
    "duplicate": ("objects declared twice (the first declaration kept)",
                  "check which declaration is right; edit the model if it is the second"),
    "view": ("views kept as written in the source dialect",
             "rewrite the view's SQL for PostgreSQL in the model (its SQL fails on a PostgreSQL server)"),
    "enum": ("enumerations imported as text", "add the enum with 'add-enum NAME a, b' and set the column's type"),
    "model": ("items removed to keep the model valid", "the message says what was wrong; add the item again "
              "in a valid form if it is needed"),
    "statement": ("statements that could not be read",
                  "the rest of the file was imported; fix the statement at that line (or import it by hand) "
                  "and import again"),
    "sequence": ("defaults that draw from a sequence the model does not create",
                 "make the column an identity ('set TABLE COLUMN identity always') or create the sequence "
                 "before the model's DDL runs (the DDL alone fails on a new database)"),
    "other": ("other warnings", "read each message"),
}

#: Why statements of a kind are skipped (a prefix of the kind is enough), for the text report.
_SKIP_REASONS = (
    (("insert", "copy", "bulk insert", "update", "delete", "merge", "load data"), "data"),
    (("set", "use", "pragma", "transaction", "begin", "lock tables", "flush", "select", "print", "exec", "if",
      "do", "declare", "plsql block", "exit", "disable", "alter database", "alter session"), "session or script"),
    (("grant", "revoke", "alter table owner", "alter schema", "alter function", "alter aggregate", "alter type",
      "alter domain", "alter index", "alter xml"), "privileges and ownership"),
    (("drop", "alter table if exists", "alter table drop"), "drops and clean-up"),
    (("alter table (option)",), "table options (keys disabled for loading, triggers enabled...)"),
    (("create sequence", "alter sequence"), "sequences (one that numbers a column became its identity)"),
    (("create database", "create schema", "create catalog", "create xml", "create type", "comment",
      "create extension", "create synonym", "create role", "create user"), "other objects"),
    (("create function", "create procedure", "create trigger", "create aggregate", "create package",
      "create operator", "create rule", "create event"), "code"),
    (("mysql client command", "psql meta-command", "sqlplus command", "sqlcmd command", "sqlite dot-command"),
     "client command"),
)


def skip_reason(kind: str) -> str:
    """A few words on why statements of ``kind`` are not part of a model ('' when unknown)."""
    for kinds, reason in _SKIP_REASONS:
        if any(kind == k or kind.startswith(k + " ") for k in kinds):
            return reason
    return ""


@dataclass(frozen=True)
class Issue:
    """A warning or an error: the script line it came from (``None``: the whole file), the
    message, and its kind (a key of :data:`KINDS`)."""

    line: int | None
    message: str
    kind: str = "other"

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message

    def located(self, source: str) -> str:
        """``FILE:LINE: message`` (``FILE: message`` without a line)."""
        return f"{source}:{self.line}: {self.message}" if self.line is not None else f"{source}: {self.message}"


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
    extensions: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    first_skipped: dict[str, int] = field(default_factory=dict)  # kind -> line of the first one
    recovered: list[Recovery] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    seconds: float = 0.0
    live: bool = False  # read from a live database's catalog: no statements to count

    def skip(self, kind: str, line: int | None = None) -> None:
        self.skipped[kind] += 1
        if line is not None and kind not in self.first_skipped:
            self.first_skipped[kind] = line

    def warn(self, line: int | None, message: str, kind: str = "other") -> None:
        self.warnings.append(Issue(line, message, kind))

    def error(self, line: int | None, message: str, kind: str = "statement") -> None:
        self.errors.append(Issue(line, message, kind))

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
            "errors": [_issue_json(e) for e in self.errors],
            "warnings": [_issue_json(w) for w in self.warnings],
            "seconds": round(self.seconds, 3),
        }

    def render(self, limit: int = 20) -> str:
        """The report as text for people: warnings and errors grouped by kind, each kind with
        what to do and at most ``limit`` places (``FILE:LINE``)."""
        how = f" (detected: {self.detected})" if self.detected else ""
        head = (f"Imported {self.source} ({self.dialect}, read from the live database's catalog) in "
                f"{self.seconds:.2f} s" if self.live else
                f"Imported {self.source} as {self.dialect}{how} in {self.seconds:.2f} s ({self.statements} statements)")
        lines = [
            head,
            f"  tables {self.tables} (partitions {self.partitions}), columns {self.columns}, "
            f"primary keys {self.primary_keys}, foreign keys {self.foreign_keys}, uniques {self.uniques}, "
            f"checks {self.checks}",
            f"  indexes {self.indexes}, views {self.views}, enums {self.enums}, sequences {self.sequences}, "
            f"comments {self.comments}, schemas {self.schemas}, extensions {self.extensions}",
        ]
        if self.skipped:
            total = sum(self.skipped.values())
            lines.append(f"Skipped {total} statements that a model does not keep, by kind (line of the first):")
            reasons: dict[str, list[str]] = {}
            for kind, n in self.skipped.most_common():
                first = self.first_skipped.get(kind)
                reasons.setdefault(skip_reason(kind), []).append(f"{kind} {n}" + (f" ({first})" if first else ""))
            lines.extend(f"  {reason or 'other'}: {', '.join(kinds)}" for reason, kinds in reasons.items())
        if self.recovered:
            lines.append(f"Recovered ({len(self.recovered)}): tables with something the importer's reader does not "
                         "know, read another way; check these tables in the model")
            for r in self.recovered[:limit]:
                how = "sqlglot" if r.how == "sqlglot" else "the reader, skipping what it does not know"
                why = f" (because of {r.why})" if r.why else ""
                lines.append(f"  {self.source}:{r.line}: {r.statement}: read by {how}{why}")
            if len(self.recovered) > limit:
                lines.append(f"  ... and {len(self.recovered) - limit} more (--report json lists them all)")
        for title, items in (("Warnings", self.warnings), ("Errors", self.errors)):
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines.extend(self._grouped(items, limit))
        return "\n".join(lines)

    def _grouped(self, items: list[Issue], limit: int) -> list[str]:
        groups: dict[str, list[Issue]] = {}
        for item in items:
            groups.setdefault(item.kind if item.kind in KINDS else "other", []).append(item)
        each = max(3, limit // max(1, len(groups)))
        out = []
        for kind, group in groups.items():
            title, todo = KINDS[kind]
            out.append(f"  {title} ({len(group)}): {todo}")
            out.extend(f"    {item.located(self.source)}" for item in group[:each])
            if len(group) > each:
                out.append(f"    ... and {len(group) - each} more (--report json lists them all)")
        return out


def _issue_json(issue: Issue) -> dict[str, Any]:
    return {"line": issue.line, "message": issue.message, "kind": issue.kind, "todo": KINDS.get(issue.kind,
                                                                                               KINDS["other"])[1]}
