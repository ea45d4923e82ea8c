"""The tables being imported: mutable drafts that statements add to, built into a model at the end.

Names are resolved the way the dialect does: PostgreSQL compares exactly (unquoted names were
folded already), the other dialects compare case-insensitively, and the name kept is the one
the CREATE TABLE spelt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.ddl.importer.report import ImportReport
from core.ddl.importer.specs import ColumnSpec, ConstraintSpec, FKSpec, IndexSpec, TableRef

__all__ = ["ImportState", "TableDraft"]

_DEFAULT_SCHEMAS = {"postgres": {"public"}, "tsql": {"dbo"}}
_ACTIONS = {"no action": "no action", "restrict": "restrict", "cascade": "cascade",
            "set null": "set null", "set default": "set default"}


@dataclass
class TableDraft:
    """One table as the script has described it so far."""

    ref: TableRef
    line: int
    columns: dict[str, ColumnSpec] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)
    primary_key: tuple[list[str], str | None] | None = None
    uniques: list[tuple[list[str], str | None]] = field(default_factory=list)
    checks: list[tuple[str, str | None]] = field(default_factory=list)
    fks: list[tuple[FKSpec, int]] = field(default_factory=list)
    indexes: list[tuple[IndexSpec, int]] = field(default_factory=list)
    note: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    partition_by: str | None = None
    partition_of: TableRef | None = None
    partition_bound: str | None = None

    def column(self, name: str) -> ColumnSpec | None:
        found = self.columns.get(name)
        if found is None:
            real = self.folded.get(name.lower())
            found = self.columns.get(real) if real is not None else None
        return found

    def resolve(self, names: list[str]) -> list[str] | None:
        """The declared spelling of each column, or ``None`` when one does not exist."""
        out = []
        for name in names:
            col = self.column(name)
            if col is None:
                return None
            out.append(col.name)
        return out


class ImportState:
    """Everything imported so far; :mod:`core.ddl.importer.build` turns it into a model."""

    def __init__(self, dialect: str, report: ImportReport) -> None:
        self.dialect = dialect
        self.report = report
        self.tables: dict[tuple[str | None, str], TableDraft] = {}
        self.enums: dict[str, tuple[str, str | None, tuple[str, ...], int]] = {}  # key -> name, schema, values, line
        self.aliases: dict[str, str] = {}  # domain / alias type (lower case) -> base type as written
        self.views: list[tuple[str, str | None, str, bool, int]] = []  # name, schema, sql, materialized, line
        self.schemas: set[str] = set()
        self.extensions: list[str] = []
        self.sequences: set[str] = set()
        self.view_notes: dict[tuple[str | None, str], str] = {}
        #: (schema, table, name) -> the line of a named key, constraint or index (for the report)
        self.item_lines: dict[tuple[str | None, str, str], int] = {}

    def named(self, draft: TableDraft, name: str | None, line: int) -> None:
        """Remember where a named key, constraint or index was declared."""
        if name:
            self.item_lines.setdefault((draft.ref.schema, draft.ref.name, name), line)

    def line_of(self, schema: str | None, table: str, name: str) -> int | None:
        found = self.item_lines.get((schema, table, name))
        if found is None:
            draft = self.tables.get(self.key(TableRef(schema, table)))
            found = draft.line if draft is not None else None
        return found

    def schema_of(self, schema: str | None) -> str | None:
        """``None`` for the dialect's default schema (and for MySQL/SQLite/Oracle qualifiers)."""
        if schema is None or self.dialect not in _DEFAULT_SCHEMAS:
            return None
        return None if schema.lower() in _DEFAULT_SCHEMAS[self.dialect] else schema

    def key(self, ref: TableRef) -> tuple[str | None, str]:
        schema = self.schema_of(ref.schema)
        if self.dialect == "postgres":
            return (schema, ref.name)
        return (schema.lower() if schema else None, ref.name.lower())

    def table(self, ref: TableRef) -> TableDraft | None:
        return self.tables.get(self.key(ref))

    def add_table(self, ref: TableRef, line: int) -> TableDraft | None:
        """A new draft, or ``None`` (with a warning) when the table was created already."""
        key = self.key(ref)
        if key in self.tables:
            first = self.tables[key].line
            self.report.warn(line, f'table "{ref.name}" is created again (first at line {first}); '
                                   "the first definition is kept", "duplicate")
            return None
        draft = TableDraft(TableRef(self.schema_of(ref.schema), ref.name), line)
        self.tables[key] = draft
        if draft.ref.schema:
            self.schemas.add(draft.ref.schema)
        return draft

    # -- elements -------------------------------------------------------------------------

    def add_element(self, draft: TableDraft, spec: ColumnSpec | ConstraintSpec, line: int) -> None:
        name = draft.ref.name
        if isinstance(spec, ColumnSpec):
            if draft.column(spec.name) is not None:
                self.report.warn(line, f'"{name}" declares column "{spec.name}" twice; the first is kept', "duplicate")
                return
            draft.columns[spec.name] = spec
            draft.folded.setdefault(spec.name.lower(), spec.name)
            for message in spec.extra:
                self.report.warn(line, f'"{name}": {message}', "default")
            if spec.primary_key:
                self._primary_key(draft, [spec.name], None, line)
            if spec.unique:
                draft.uniques.append(([spec.name], None))
            if spec.fk is not None:
                draft.fks.append((spec.fk, line))
                self.named(draft, spec.fk.name, line)
            return
        if spec.skipped:
            self.report.warn(line, f'"{name}": {spec.skipped} was not imported',
                             "unsupported-index" if "index" in spec.skipped else "constraint")
            return
        self.named(draft, spec.name, line)
        if spec.kind == "primary key":
            self._primary_key(draft, spec.columns, spec.name, line)
        elif spec.kind == "unique":
            draft.uniques.append((spec.columns, spec.name))
        elif spec.kind == "check" and spec.expression:
            draft.checks.append((spec.expression, spec.name))
        elif spec.kind == "foreign key" and spec.fk is not None:
            draft.fks.append((spec.fk, line))
        elif spec.kind == "index":
            keys: list[tuple[str | None, str | None, str | None, str | None]] = [
                (c, None, None, None) for c in spec.columns]
            draft.indexes.append((IndexSpec(spec.name, draft.ref, keys), line))
        else:
            self.report.warn(line, f'"{name}": a {spec.kind} constraint was not imported', "constraint")

    def _primary_key(self, draft: TableDraft, columns: list[str], name: str | None, line: int) -> None:
        if draft.primary_key is not None:
            self.report.warn(line, f'"{draft.ref.name}" has a second primary key; it was not imported', "duplicate")
            return
        draft.primary_key = (columns, name)

    def add_index(self, spec: IndexSpec, line: int) -> None:
        draft = self.table(spec.table)
        label = f'index "{spec.name}"' if spec.name else "an unnamed index"
        if draft is None:
            if any(v[0].lower() == spec.table.name.lower() for v in self.views):
                self.report.warn(line, f'{label} is on the view "{spec.table.name}" (an indexed view); '
                                       "the model keeps no indexes on views; skipped", "view-index")
            else:
                self.report.warn(line, f'{label} is on "{spec.table.name}", which is not a table in the file; '
                                       "skipped", "missing-table")
            return
        if spec.skipped:
            self.report.warn(line, f'{label} on "{draft.ref.name}": {spec.skipped}; skipped', "unsupported-index")
            return
        draft.indexes.append((spec, line))
        self.named(draft, spec.name, line)

    def fk_action(self, action: str | None) -> str | None:
        return _ACTIONS.get(action.lower()) if action else None
