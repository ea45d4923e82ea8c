"""Import a legacy schema from a DDL script: statement by statement, never losing a table.

The script is split the way its dialect's client would (:mod:`core.ddl.script`), each statement
is classified from its first words, data statements are counted and dropped unread, and each
statement that describes the schema is read on its own, so one failure never costs the rest:

* CREATE TABLE through the importer's own tolerant reader, several times faster than a full
  grammar, with sqlglot as a second opinion for a statement the reader cannot place
  (:mod:`core.ddl.importer.tables`); no GPL parser is needed (``pglast`` serves only as an
  independent oracle in the tests);
* ALTER TABLE, CREATE INDEX, views, types, domains and comments through small token readers
  (:mod:`core.ddl.importer.statements`).

The result is a valid :class:`~core.model.DataModel` and an :class:`ImportReport`.

>>> result = import_text("CREATE TABLE a (id serial PRIMARY KEY);\\n"
...                      "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);\\n"
...                      "INSERT INTO a VALUES (1);", "postgres")
>>> [e.name for e in result.model.entities], result.report.foreign_keys, dict(result.report.skipped)
(['a', 'b'], 1, {'insert': 1})
>>> result.model.entity("a").attribute("id").identity
'by default'
"""

from __future__ import annotations

import io
import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from core.ddl.importer.classify import IMPORTED_KINDS
from core.ddl.importer.detect import detect_dialect
from core.ddl.importer.draft import ImportState
from core.ddl.importer.report import ImportReport, Recovery
from core.ddl.script import DIALECTS, Statement, chunks_of, split_script
from core.errors import DDLError
from core.model import DataModel

if TYPE_CHECKING:
    from core.ddl.importer.tables import TableRead

__all__ = ["DIALECTS", "ImportReport", "ImportResult", "clear_caches", "detect_dialect", "import_file", "import_text"]

_TEMPLATE_MARKS = ("PREFIX_", "{{", "${", "%%")


@dataclass(frozen=True)
class ImportResult:
    """The imported model and the report of what happened."""

    model: DataModel
    report: ImportReport


def import_text(
    text: str, dialect: str | None = None, *, name: str = "imported", source: str = "<string>",
) -> ImportResult:
    """Import DDL given as a string (see :func:`import_file`)."""
    return _import(chunks_of(io.StringIO(text, newline=None)), text[:262144], dialect, name, source)


def import_file(
    path: str | Path, dialect: str | None = None, *, name: str | None = None,
) -> ImportResult:
    """Import the DDL script at ``path``, streaming it statement by statement.

    Parameters
    ----------
    path
        The script (UTF-8, a BOM and CRLF line ends are fine; undecodable bytes are replaced).
    dialect
        ``postgres``, ``mysql``, ``sqlite``, ``tsql`` or ``oracle``; detected when ``None``.
    name
        The model's name (default: the file's stem).

    Raises
    ------
    DDLError
        The file cannot be opened, or the dialect is unknown.
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", errors="replace", newline=None)
    except OSError as exc:
        raise DDLError(f"{path}: cannot read the file ({exc.strerror or exc}); check the path") from exc
    with handle:
        head = handle.read(262144)
        if head and not head.endswith("\n"):
            head += handle.readline(1 << 20)
        chunks = itertools.chain([head] if head else [], chunks_of(handle))
        return _import(chunks, head, dialect, name or path.stem, str(path))


def clear_caches() -> None:
    """Forget the converted expressions and mapped types that imports share within a process
    (benchmarks call it to time each import as if it were the first)."""
    from core.ddl.importer import exprs, typemap

    for cached in (exprs.to_postgres, exprs._recase, typemap._parsed, typemap._map_cached):
        cached.cache_clear()


def _import(chunks: Iterable[str], head: str, dialect: str | None, name: str, source: str) -> ImportResult:
    started = time.perf_counter()
    detected = None
    if dialect is None:
        dialect, detected = detect_dialect(head)
    if dialect not in DIALECTS:
        raise DDLError(f"unknown dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
    report = ImportReport(dialect=dialect, source=source, detected=detected)
    state = ImportState(dialect, report)
    templated, first_templated = 0, None
    for statement in split_script(chunks, dialect):
        report.statements += 1
        if statement.client or statement.kind not in IMPORTED_KINDS:
            report.skip(statement.kind, statement.line)
            continue
        try:
            if _handle(statement, state):
                templated += 1
                first_templated = first_templated or statement.line
        except Exception as exc:  # one statement's failure never costs the rest
            reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            report.error(statement.line, f"{statement.kind}: {reason}")
    if templated:
        report.warn(first_templated, f"{templated} table name(s) contain a template placeholder (such as "
                                     "PREFIX_); imported as written", "templated")
    from core.ddl.importer.build import build_model

    model = build_model(state, name)
    report.seconds = time.perf_counter() - started
    return ImportResult(model, report)


_READERS: dict[str, Callable[[str, ImportState, int], object]] = {}
_STATEMENTS: list[ModuleType] = []
_READ_TABLE: list[Callable[[str, str], TableRead]] = []


def _handle(st: Statement, state: ImportState) -> int:
    """Read one statement into ``state``; returns 1 for a table with a templated name."""
    kind, text, line = st.kind, st.text, st.line
    if kind in ("create table", "create virtual table"):
        return _create_table(st, state)
    if not _READERS:
        _load_readers()
    s = _STATEMENTS[0]
    reader = _READERS.get(kind)
    if reader is not None:
        reader(text, state, line)
    elif kind in ("create view", "create materialized view"):
        s.create_view(text, state, line, kind == "create materialized view")
    elif kind == "create type":
        if not s.create_type(text, state, line):
            state.report.skip("create type (not an enum)", line)
    elif kind == "create extension" and state.dialect == "postgres":
        s.create_extension(text, state, line)
    elif kind == "create trigger":
        if not (state.dialect == "oracle" and s.sequence_trigger(text, state, line)):
            state.report.skip(kind, line)
    elif kind == "comment":
        if not s.comment_on(text, state, line):
            state.report.skip("comment (other object)", line)
    else:  # create sequence, alter sequence: a sequence matters when a default uses it
        state.report.skip(kind, line)
    return 0


def _load_readers() -> None:
    """The readers, imported on first use (they load sqlglot, which a bare start-up should not)."""
    from core.ddl.importer import statements as s
    from core.ddl.importer.tables import read_create_table

    _STATEMENTS[:] = [s]
    _READ_TABLE[:] = [read_create_table]
    _READERS.update({"alter table": s.alter_table, "create index": s.create_index,
                     "create domain": s.create_domain, "create schema": s.create_schema})


def _create_table(st: Statement, state: ImportState) -> int:
    if not _READERS:
        _load_readers()
    read = _READ_TABLE[0](st.text, state.dialect)
    if not read.table.name:
        state.report.error(st.line, "CREATE TABLE without a table name; skipped")
        return 0
    if not read.elements and read.partition_of is None:
        state.report.warn(st.line, f'CREATE TABLE "{read.table.name}": {read.why or "no columns"}; not imported',
                          "no-columns")
        return 0
    if read.how != "reader":
        state.report.recovered.append(Recovery(st.line, f"CREATE TABLE {read.table.name}", read.how, read.why))
    draft = state.add_table(read.table, st.line)
    if draft is None:
        return 0
    draft.note = read.note
    draft.partition_by = read.partition_by
    draft.partition_of = read.partition_of
    draft.partition_bound = read.partition_bound
    for element in read.elements:
        if st.kind == "create virtual table" and getattr(element, "raw_type", None) is not None and "=" in element.raw_type:  # type: ignore[union-attr]
            continue  # fts options such as tokenize=porter
        state.add_element(draft, element, st.line)
    return 1 if any(mark in read.table.name for mark in _TEMPLATE_MARKS) else 0
