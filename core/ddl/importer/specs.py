"""What a table element says, independent of who read it (sqlglot or the tolerant reader).

Both readers produce these specs; :mod:`core.ddl.importer.draft` applies them to a table.
Expressions (defaults, checks, generated columns, index predicates) are PostgreSQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ColumnSpec", "ConstraintSpec", "FKSpec", "IndexSpec", "TableRef"]


@dataclass(frozen=True)
class TableRef:
    """A table name as referenced: schema (``None`` = default) and name."""

    schema: str | None
    name: str


@dataclass
class FKSpec:
    columns: list[str]
    target: TableRef
    ref_columns: list[str]
    name: str | None = None
    on_delete: str | None = None
    on_update: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass
class ColumnSpec:
    name: str
    raw_type: str
    nullable: bool | None = None
    default: str | None = None
    identity: str | None = None  # "always" / "by default"
    generated: str | None = None
    check: str | None = None
    note: str | None = None
    primary_key: bool = False
    unique: bool = False
    fk: FKSpec | None = None
    extra: list[str] = field(default_factory=list)  # warnings about what was dropped
    ignored: list[str] = field(default_factory=list)  # words the reader did not understand


@dataclass
class ConstraintSpec:
    """A table-level constraint: ``kind`` is ``primary key``, ``unique``, ``foreign key``,
    ``check`` or ``index`` (MySQL ``KEY``); ``skipped`` names what could not be kept."""

    kind: str
    name: str | None = None
    columns: list[str] = field(default_factory=list)
    expression: str | None = None
    fk: FKSpec | None = None
    skipped: str | None = None


@dataclass
class IndexSpec:
    name: str | None
    table: TableRef
    keys: list[tuple[str | None, str | None, str | None, str | None]]  # column, expression, order, opclass
    unique: bool = False
    method: str = "btree"
    where: str | None = None
    include: list[str] = field(default_factory=list)
    skipped: str | None = None
