"""DDL commands: ``ddl`` (generate a model's DDL) and ``check`` (prove it on a real PostgreSQL).

- ``tablewright ddl MODEL [--dialect D] [--entity NAME ...] [-o FILE] [--citus]`` prints the DDL
  (or writes it atomically to ``FILE``); every feature the dialect lost is a ``warning:`` line on
  stderr, and a ``-- WARNING:`` comment in the DDL; with ``--citus`` every broken Citus rule
  (:mod:`core.validate_citus`: the calls would fail) is a warning at its file line;
- ``tablewright check MODEL [--dsn URL] [--json] [--server auto|embedded|system]`` runs the
  PostgreSQL DDL on a real server in a transaction that is rolled back (without ``--dsn`` a
  throwaway embedded PostgreSQL, or the machine's own when the model needs an extension only that
  one has, such as btree_gist), compares
  the catalog with the model, and exits 1 when a statement failed or the catalog differs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.errors import TablewrightError

DIALECT_CHOICES = ("postgres", "mysql", "sqlite", "tsql", "oracle", "duckdb")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``ddl`` and ``check``."""
    p = sub.add_parser("ddl", help="generate a model's DDL (PostgreSQL or another dialect)",
                       description="Generate the model's DDL. PostgreSQL is complete; other dialects get "
                       "what they can express, and every lost feature is reported on stderr and as a "
                       "-- WARNING: comment in the output.")
    p.add_argument("model", metavar="MODEL", help="a model file (.yaml)")
    p.add_argument("--dialect", "-d", default="postgres", metavar="DIALECT",
                   help=f"target dialect: {', '.join(DIALECT_CHOICES)} (default postgres)")
    p.add_argument("--entity", "-e", action="append", default=[], metavar="NAME",
                   help="only this entity (name or schema.name); repeat for several")
    p.add_argument("-o", "--output", metavar="FILE", help="write the DDL to FILE (atomically) instead of stdout")
    p.add_argument("--citus", action="store_true",
                   help="emit the Citus distribution calls live (by default they are commented out)")
    p.set_defaults(func=cmd_ddl)

    p = sub.add_parser("check", help="run the model's PostgreSQL DDL on a real server and compare the catalog",
                       description="Execute the model's PostgreSQL DDL inside a transaction that is rolled "
                       "back, report each failing statement with its entity, then compare the server's "
                       "catalog with the model. Without --dsn a throwaway embedded PostgreSQL is started.")
    p.add_argument("model", metavar="MODEL", help="a model file (.yaml)")
    p.add_argument("--dsn", metavar="URL", help="a PostgreSQL connection URL (default: embedded server)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--server", choices=("auto", "embedded", "system"), default="auto",
                   help="without --dsn: auto (the embedded PostgreSQL, or the machine's own PostgreSQL in "
                   "/usr/lib/postgresql when the model needs an extension such as btree_gist or pg_trgm that "
                   "only that one has), embedded, or system")
    p.set_defaults(func=cmd_check)


def _load(path: str) -> Any:
    from core.storage import load

    return load(path).model


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory and a rename, so
    a reader never sees half a file and a failure leaves the old file intact."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TablewrightError(f"{path}: cannot write here ({exc.strerror}); choose another -o path") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise TablewrightError(f"{path}: cannot write the DDL ({exc.strerror})") from None


def cmd_ddl(args: argparse.Namespace) -> int:
    """Generate and print (or write) the DDL; warnings on stderr."""
    from core.ddl import generate_ddl

    model = _load(args.model)
    with _located(args.model, model):
        result = generate_ddl(model, args.dialect, entities=args.entity or None, citus=args.citus)
    citus = _citus_warnings(args.model, model, args.entity) if args.citus else []
    types = _type_warnings(args.model, model, args.entity) if result.dialect == "postgres" else []
    for w in (*result.warnings, *citus, *types):
        print(f"warning: {w}", file=sys.stderr)
    if args.output:
        write_atomic(args.output, result.sql)
        print(f"wrote {args.output} ({result.dialect}, {len(result.warnings)} warning(s))", file=sys.stderr)
    else:
        sys.stdout.write(result.sql)
    return 0


def _type_warnings(path: str, model: Any, entities: list[str]) -> list[str]:
    """Column types PostgreSQL may not know (a typo, another dialect's name), at their lines."""
    from core.storage import read_text
    from core.storage.locate import with_lines
    from core.validate_sql import type_warnings

    wanted = {e.rpartition(".")[2] for e in entities}
    found = [p for p in type_warnings(model) if not wanted or model.entities[p.path[1]].name in wanted]
    return [str(p) for p in with_lines(found, read_text(path)[0], path)] if found else []


def _citus_warnings(path: str, model: Any, entities: list[str]) -> list[str]:
    """With ``--citus`` the distribution calls run for real: every broken Citus rule (which
    ``create_distributed_table`` would reject), located at its line of the model file."""
    from core.storage import read_text
    from core.storage.locate import with_lines
    from core.validate_citus import citus_issues

    wanted = {e.rpartition(".")[2] for e in entities}
    issues = [i for i in citus_issues(model) if not wanted or i.entity.name in wanted]
    if not issues:
        return []
    text, _ = read_text(path)
    return [f"{p}  [Citus would refuse this]" for p in with_lines([i.problem() for i in issues], text, path)]


def cmd_check(args: argparse.Namespace) -> int:
    """Run ``check_model`` and print its report (text or JSON); exit 1 unless all is well."""
    model = _load(args.model)
    try:
        from core.ddl.check import check_model
    except ImportError:  # pragma: no cover - the LIVE-DB module ships with the package
        raise TablewrightError("check is not available in this build (core.ddl.check is missing)") from None
    from core.ddl.locate import line_finder

    with _located(args.model, model):
        report = check_model(model, dsn=args.dsn, server=args.server)
    line_of = line_finder(args.model, model)
    if args.json:
        print(json.dumps(_report_json(report, line_of), indent=2, ensure_ascii=False))
    else:
        for line in report.lines(args.model, line_of):
            print(line)
    return 0 if report.ok else 1


@contextlib.contextmanager
def _located(path: str, model: Any) -> Iterator[None]:
    """Re-raise a :class:`DDLError` that starts with a model location (``entities[t].attributes[a]
    .default: ...``) with the model file's line in front: ``model.yaml:12: entities[t]...``."""
    from core.ddl.locate import line_finder
    from core.errors import DDLError

    try:
        yield
    except DDLError as exc:
        text = str(exc)
        find = line_finder(path, model)
        cut = text.find(": ")
        while cut > 0:
            line = find(text[:cut]) if "[" in text[:cut] else None
            if line is not None:
                raise DDLError(f"{path}:{line}: {text}") from None
            cut = text.find(": ", cut + 2)
        raise


def _report_json(report: Any, line_of: Any = None) -> dict[str, Any]:
    def model_line(where: str) -> int | None:
        return line_of(where) if line_of is not None and where != "DDL" else None

    return {
        "ok": report.ok,
        "server": report.server,
        "statements": report.statements,
        "executed": report.executed,
        "compared": report.compared,
        "errors": [{"where": e.where, "entity": e.entity, "kind": e.kind, "message": e.message,
                    "line": e.line, "position": e.position, "sqlstate": e.sqlstate, "hint": e.hint,
                    "detail": e.detail, "statement": e.statement, "element": e.element,
                    "model_line": model_line(e.where)} for e in report.errors],
        "differences": [{"where": d.where, "what": d.what, "expected": d.expected, "actual": d.actual,
                         "entity": d.entity, "message": d.message, "model_line": model_line(d.where)}
                        for d in report.differences],
        "warnings": list(report.warnings),
        "notes": list(report.notes),
    }
