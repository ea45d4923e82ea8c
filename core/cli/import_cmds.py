"""Import commands: ``import`` reads a legacy schema into a model file.

- ``tablewright import FILE.sql [--dialect D] [-o MODEL.yaml] [--report text|json]`` reads a DDL
  script (pg_dump, mysqldump, SQLite ``.schema``, sqlcmd and SQL*Plus scripts); the dialect is
  detected when ``--dialect`` is omitted, and the report says which was chosen and why;
- ``tablewright import --dsn postgresql://... [--schema S] -o MODEL.yaml`` reads a live
  PostgreSQL catalog (read-only), ``--sqlite FILE.db`` and ``--duckdb FILE.duckdb`` a database file.

The model goes to ``-o`` (written atomically; an existing file is kept unless ``--force``) or
to stdout; the report goes to stdout with ``-o`` and to stderr without. The exit code is 0 when
everything was read, 1 when some statements failed (the model holds everything else).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from core.errors import TablewrightError

DIALECTS = ("postgres", "mysql", "sqlite", "tsql", "oracle")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``import``."""
    p = sub.add_parser(
        "import", help="import a legacy schema from a DDL file or a live database",
        description="Read a DDL script (PostgreSQL, MySQL, SQLite, SQL Server or Oracle; the dialect is "
        "detected unless --dialect is given) or a live database (--dsn, --sqlite, --duckdb) into a "
        "model file, with a report of what was imported, skipped, recovered and what went wrong where.")
    p.add_argument("file", nargs="?", metavar="FILE.sql", help="the DDL script to import")
    p.add_argument("--dialect", "-d", choices=DIALECTS, help="the script's dialect (default: detected)")
    p.add_argument("--dsn", metavar="URL", help="import a live PostgreSQL database (read-only)")
    p.add_argument("--schema", action="append", metavar="S",
                   help="with --dsn: only this schema (repeat for several; default: all user schemas)")
    p.add_argument("--sqlite", metavar="FILE.db", help="import a SQLite database file (read-only)")
    p.add_argument("--duckdb", metavar="FILE", help="import a DuckDB database file (read-only)")
    p.add_argument("-o", "--output", metavar="MODEL.yaml", help="write the model here (default: stdout)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument("--name", help="the model's name (default: the file's or database's name)")
    p.add_argument("--report", choices=("text", "json"), default="text", help="report format (default text)")
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    sources = [s for s in (args.file, args.dsn, args.sqlite, args.duckdb) if s]
    if len(sources) != 1:
        raise TablewrightError("give exactly one source: a DDL file, --dsn URL, --sqlite FILE or --duckdb FILE "
                               "(see tablewright import --help)")
    if args.schema and not args.dsn:
        raise TablewrightError("--schema only applies to --dsn")
    if args.dialect and not args.file:
        raise TablewrightError("--dialect only applies to a DDL file")
    output = Path(args.output) if args.output else None
    if output is not None and output.exists() and not args.force:
        raise TablewrightError(f"{output} exists; choose another -o file or add --force to overwrite it")
    if args.file:
        from core.ddl.parse import import_file

        result = import_file(args.file, args.dialect, name=args.name)
        model, report = result.model, result.report
    else:
        model, report = _live(args)
    if args.name:
        model = model.model_copy(update={"name": args.name})
    _write(model, output)
    text = json.dumps(report.to_json(), indent=2) if args.report == "json" else report.render()
    print(text, file=sys.stdout if output is not None else sys.stderr)
    if output is not None and args.report == "text":
        print(f"Wrote {output}")
    return 1 if report.errors else 0


def _live(args: argparse.Namespace) -> tuple[Any, Any]:
    from core.ddl.importer.build import count_model
    from core.ddl.importer.report import ImportReport

    started = time.perf_counter()
    try:
        from core.ddl import introspect
    except ImportError as exc:  # pragma: no cover - the introspection package ships with core
        raise TablewrightError(f"live-database import is not available in this installation ({exc})") from None
    if args.dsn:
        from core.db import redact_dsn

        model = introspect.introspect_postgres(args.dsn, args.schema if args.schema else None)
        report = ImportReport(dialect="postgres", source=redact_dsn(args.dsn))
    elif args.sqlite:
        model = introspect.introspect_sqlite(args.sqlite)
        report = ImportReport(dialect="sqlite", source=args.sqlite)
    else:
        try:
            model = introspect.introspect_duckdb(args.duckdb)
        except ImportError:
            raise TablewrightError("--duckdb needs the duckdb package (pip install duckdb)") from None
        report = ImportReport(dialect="duckdb", source=args.duckdb)
    count_model(report, model)
    report.live = True
    report.comments = live_comments(model)
    report.sequences = _live_sequences(args, model)
    for where, default in sequence_defaults(model):
        report.warn(None, f'"{where}": default {default} draws from a sequence the model does not create',
                    "sequence")
    report.seconds = time.perf_counter() - started
    return model, report


def live_comments(model: Any) -> int:
    """The catalog comments a live import kept as notes: on tables, columns, constraints,
    indexes, views, enum types, functions and publications (the model's own note names the
    source database, it is not one)."""
    count = 0
    for e in model.entities:
        items = (e, *e.attributes, *e.foreign_keys, *e.indexes)
        count += sum(1 for item in items if item.note)
    for group in (model.views, model.enums, model.functions, getattr(model, "publications", ())):
        count += sum(1 for item in group if item.note)
    return count


def sequence_defaults(model: Any) -> list[tuple[str, str]]:
    """``(table.column, default)`` of the columns whose default calls ``nextval`` (a sequence the
    model keeps no trace of: only identities are)."""
    return [(f"{e.name}.{a.name}", a.default) for e in model.entities for a in e.attributes
            if a.default and "nextval(" in a.default.replace(" ", "").lower()]


def _live_sequences(args: argparse.Namespace, model: Any) -> int:
    """How many sequences the live database has where the import read (PostgreSQL: in the
    imported schemas; DuckDB: every non-temporary one; SQLite has none)."""
    if args.dsn:
        from core.db import connect

        schemas = sorted({model.default_schema, *(e.schema_name for e in model.entities if e.schema_name)})
        with connect(args.dsn, read_only=True) as conn:
            row = conn.execute("SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                               "ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = ANY(%s)",
                               (schemas,)).fetchone()
        return int(row[0]) if row else 0
    if args.duckdb:
        import duckdb

        db = duckdb.connect(args.duckdb, read_only=True)
        try:
            found = db.execute("SELECT count(*) FROM duckdb_sequences() WHERE NOT temporary").fetchone()
        finally:
            db.close()
        return int(found[0]) if found else 0
    return 0


def _write(model: Any, output: Path | None) -> None:
    from core.storage import dumps, save

    if output is None:
        sys.stdout.write(dumps(model))
        return
    try:
        save(model, output)
    except OSError as exc:
        raise TablewrightError(f"{output}: cannot write the model ({exc.strerror or exc})") from None
