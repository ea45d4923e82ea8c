"""Pattern commands (issue 9): the pattern library from the command line.

    tablewright pattern list [--json]
    tablewright pattern show NAME
    tablewright pattern apply MODEL NAME [--entity E ...] [--param k=v ...] [-o OUT] [--dry-run]
                                    [--migration-sql FILE]

``apply`` prints the preview (the changes in words, warnings, notes such as data migration SQL,
and the DDL diff) and saves the model atomically, in place or to ``OUT``; ``--dry-run`` only
prints; ``--migration-sql FILE`` writes the PostgreSQL data migration for a database that already
holds rows (``-``, or with ``--dry-run``: print it alone and write nothing), for the patterns that have one
(``multi-tenant``). A pattern that does not fit (or is applied already) is an error that says why.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``pattern`` (with ``list``, ``show`` and ``apply``) to the parser."""
    p = sub.add_parser("pattern", help="list, explain and apply proven design patterns",
                       description="The pattern library: soft delete, audit trail, temporal tables, "
                       "multi-tenancy, event store, CDC, hierarchies, documents, vectors, data vault...")
    psub = p.add_subparsers(dest="pattern_command", metavar="ACTION")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])

    ls = psub.add_parser("list", help="every pattern with its title")
    ls.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    ls.set_defaults(func=_list)

    show = psub.add_parser("show", help="what a pattern does, its trade-offs and parameters")
    show.add_argument("name", metavar="NAME")
    show.set_defaults(func=_show)

    ap = psub.add_parser("apply", help="apply a pattern to a model (one undoable step)",
                         epilog="example: tablewright pattern apply shop.yaml soft-delete --entity customers "
                         "--entity orders -o shop2.yaml")
    ap.add_argument("model", metavar="MODEL", help="a model file (.yaml)")
    ap.add_argument("name", metavar="NAME", help="the pattern (see `tablewright pattern list`)")
    ap.add_argument("--entity", "-e", action="append", default=[], metavar="E",
                    help="a target entity (repeatable; some patterns take none or default to all)")
    ap.add_argument("--param", "-p", action="append", default=[], metavar="K=V",
                    help="a parameter, e.g. --param column=removed_at (repeatable)")
    ap.add_argument("-o", "--output", metavar="OUT", help="write the new model here (default: in place)")
    ap.add_argument("--dry-run", action="store_true", help="print the preview, write nothing")
    ap.add_argument("--no-diff", action="store_true", help="leave the DDL diff out of the preview")
    ap.add_argument("--migration-sql", metavar="FILE",
                    help="write the PostgreSQL data migration for a database that already holds rows "
                    "('-' for stdout; patterns that change existing tables' data, e.g. multi-tenant)")
    ap.set_defaults(func=_apply)


def _shown(value: Any) -> Any:
    return ",".join(value) if isinstance(value, tuple) else value


def _list(args: argparse.Namespace) -> int:
    from core.patterns import PATTERNS

    if args.json:
        json.dump([p.describe() for p in PATTERNS.values()], sys.stdout, indent=2)
        print()
        return 0
    width = max(len(n) for n in PATTERNS)
    for name, p in PATTERNS.items():
        print(f"{name:<{width}}  {p.title}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from core.patterns import get_pattern

    p = get_pattern(args.name)
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="  ")
    print(f"{p.name}: {p.title}\n")
    print("When to use it:")
    print(wrap.fill(p.description) + "\n")
    print("Trade-offs:")
    print(wrap.fill(p.tradeoffs) + "\n")
    print(f"Targets: {p.targets_help}")
    if p.parameters:
        print("\nParameters:")
        for prm in p.parameters:
            kind = f"one of {', '.join(prm.choices)}" if prm.choices else prm.kind
            default = "required" if prm.required else f"default {_shown(prm.default)!r}"
            print(f"  {prm.name} ({kind}; {default})")
            print(textwrap.fill(prm.help, width=96, initial_indent="      ", subsequent_indent="      "))
    if p.name == "hierarchy":
        from core.patterns.hierarchy_tree import DECISION_TREE

        print("\nChoosing a strategy (the decision tree):")
        for q in DECISION_TREE:
            print(f"  {q.text}  " + " | ".join(f"{v} ({label})" for v, label in q.choices))
    return 0


def _apply(args: argparse.Namespace) -> int:
    from core.errors import CommandError
    from core.patterns import get_pattern
    from core.storage import load, save

    pattern = get_pattern(args.name)
    params: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(f'--param "{item}": write it as name=value')
        params[key.strip()] = value
    loaded = load(args.model)
    preview = pattern.preview(loaded.model, args.entity, params)
    if args.migration_sql:  # under --dry-run it is printed, not written
        target = "-" if args.dry_run else args.migration_sql
        _write_migration(pattern, loaded.model, preview.batch.apply(loaded.model)[0], target)
        if target == "-":
            return 0
    print(f"{pattern.name}: {preview.batch.label}")
    for change in preview.changes:
        print(f"  - {change}")
    for warning in preview.warnings:
        print(f"  warning: {warning}")
    for note in preview.notes:
        print("\n" + note)
    if not args.no_diff and preview.diff:
        print("\n" + preview.diff.rstrip("\n"))
    if args.dry_run:
        print("\n(dry run: nothing written)")
        return 0
    new, _ = preview.batch.apply(loaded.model)
    if args.output:
        save(new, args.output)
    else:
        save(new, args.model, expected_stamp=loaded.stamp)
    print(f"\nwrote {args.output or args.model}")
    return 0


def _write_migration(pattern: Any, before: Any, after: Any, path: str) -> None:
    """Write (or print, for ``-``) the pattern's data migration; a pattern without one is an error."""
    from core.errors import CommandError

    migrate = getattr(pattern, "migration_sql", None)  # patterns that change existing tables' data
    sql = migrate(before, after) if migrate is not None else None
    if sql is None:
        raise CommandError(f"pattern {pattern.name} needs no data migration: its DDL is all it takes "
                           "(leave out --migration-sql)")
    if path == "-":
        sys.stdout.write(sql)
        return
    from core.cli.ddl_cmds import write_atomic

    write_atomic(path, sql)
    print(f"wrote the data migration to {path}", file=sys.stderr)
