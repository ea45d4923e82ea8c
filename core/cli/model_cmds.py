"""Model-file commands: ``validate``, ``fmt``, ``info`` and ``schema``.

- ``tablewright validate MODEL...`` prints every problem as ``file:line: where: message`` (or,
  with ``--json``, one JSON report) and exits 1 when any file has one (0 when all are valid);
  a directory stands for the model files under it;
- ``tablewright fmt MODEL... [--check]`` rewrites files in the canonical layout; with
  ``--check`` it changes nothing, names each file that would change and exits 1 if any would;
  a file with comments is left alone (the layout has none) unless ``--drop-comments``;
- ``tablewright info MODEL [--json]`` counts entities, attributes, relationships, indexes and
  functional dependencies;
- ``tablewright schema`` prints the JSON Schema of the model file (for editor completion);
- ``tablewright edit MODEL OP...`` applies edit operations (:mod:`core.cli.edit_ops`) as one
  batch, all or nothing, and saves the file atomically.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from typing import Any

from core.errors import Problem, TablewrightError

INFO_KEYS = ("entities", "attributes", "relationships", "indexes", "fds")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``validate``, ``fmt``, ``info`` and ``schema``."""
    p = sub.add_parser("validate", help="check model files and report every problem with its line",
                       description="Check model files: YAML syntax, keys, types and the model's "
                       "structure. Prints file:line: where: message for every problem; exits 1 if any.")
    p.add_argument("models", nargs="+", metavar="MODEL", help="model files (.yaml), or directories of them")
    p.add_argument("--json", action="store_true", help="print one JSON object: files, each with its "
                   "problems (line, path, where, message), for editors and CI")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("fmt", help="rewrite model files in the canonical layout",
                       description="Rewrite model files in tablewright's canonical layout (what the app "
                       "saves). The layout has no comments (remarks go in note: fields), so a file with "
                       "comments is left alone unless --drop-comments is given.")
    p.add_argument("models", nargs="+", metavar="MODEL", help="model files (.yaml), or directories of them")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    p.add_argument("--drop-comments", action="store_true", help="rewrite files even when that drops their comments")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("info", help="count a model's entities, attributes, relationships, indexes, FDs")
    p.add_argument("model", metavar="MODEL", help="a model file (.yaml)")
    p.add_argument("--json", action="store_true", help=f"print JSON with the keys {', '.join(INFO_KEYS)}")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("schema", help="print the JSON Schema of the model file (for editors)",
                       description="Print the JSON Schema of the model file. Save it and map it to your "
                       "model files in the editor's settings, e.g. for yaml-language-server (VS Code): "
                       '"yaml.schemas": {"./tablewright.schema.json": "models/*.yaml"} (a "# $schema=" '
                       "comment in the file would be dropped by a save).")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("edit", help="apply edit operations to a model file (all or nothing)",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Apply edit operations in order, as one batch: if one fails, or the "
                       "result has new problems, nothing is written. Quote each operation.",
                       epilog=_ops_help())
    p.add_argument("model", metavar="MODEL", help="the model file (.yaml)")
    p.add_argument("ops", nargs="*", metavar="OP", help="an operation, e.g. 'add-attr orders total numeric(12,2)'")
    p.add_argument("-f", "--file", metavar="FILE", help="read operations from FILE, one per line ('-': stdin; "
                   "# starts a comment line)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the edited model here (default: in place)")
    p.add_argument("--new", action="store_true", help="start a new, empty model (MODEL must not exist)")
    p.add_argument("--dry-run", action="store_true", help="check and list the edits, write nothing")
    p.add_argument("--drop-comments", action="store_true", help="edit in place even when that drops the "
                   "file's comments (the saved layout has none: remarks go in note: fields)")
    p.set_defaults(func=cmd_edit, trailing="ops")


def _report(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        print(problem)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate each file; print its problems or ``PATH: ok``."""
    from core.errors import LoadError
    from core.storage import load

    failed = 0
    paths = model_paths(args.models)
    report: list[dict[str, Any]] = []
    for path in paths:
        try:
            loaded = load(path)
        except LoadError as exc:
            failed += 1
            report.append({"file": path, "ok": False, "problems": [_problem_json(p) for p in exc.problems]})
            if not args.json:
                _report(exc.problems)
            continue
        n = len(loaded.model.entities)
        warnings = _warnings(loaded.model, path)
        report.append({"file": path, "ok": True, "entities": n, "problems": [_problem_json(p) for p in warnings]})
        if not args.json:
            for w in warnings:
                print(f"{w.file}:{w.line}: warning: {w.where}: {w.message}")
            print(f"{path}: ok ({n} entit{'y' if n == 1 else 'ies'})"
                  + (f", {len(warnings)} warning(s)" if warnings else ""))
    if args.json:
        print(json.dumps({"ok": not failed, "files": report}, ensure_ascii=False, indent=2))
    if failed:
        print(f"{failed} of {len(paths)} file(s) have problems", file=sys.stderr)
    return 1 if failed else 0


def _warnings(model: Any, path: str) -> list[Problem]:
    """What may fail in PostgreSQL without being an error of the model (types it may not know)."""
    from core.storage import read_text
    from core.storage.locate import with_lines
    from core.validate_sql import type_warnings

    found = type_warnings(model)
    return with_lines(found, read_text(path)[0], path) if found else []


def _problem_json(p: Problem) -> dict[str, Any]:
    return {"line": p.line, "path": list(p.path), "where": p.where, "message": p.message, "severity": p.severity}


def model_paths(args: list[str]) -> list[str]:
    """The paths given, with each directory replaced by the ``.yaml``/``.yml`` files under it
    (sorted; hidden directories skipped). A directory without any is an error."""
    import os
    from pathlib import Path

    out: list[str] = []
    for arg in args:
        if not os.path.isdir(arg):
            out.append(arg)
            continue
        found = sorted(str(p) for p in Path(arg).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(arg).parts))
        if not found:
            raise TablewrightError(f"{arg}: a directory without model files (.yaml, .yml)")
        out.extend(found)
    return out


def cmd_fmt(args: argparse.Namespace) -> int:
    """Rewrite each file canonically (or, with ``--check``, name those that would change)."""
    from core.errors import LoadError
    from core.storage import dumps, parse, read_text, save
    from core.storage.locate import comment_lines

    changed = failed = 0
    paths = model_paths(args.models)
    for path in paths:
        try:
            text, stamp = read_text(path)
            model = parse(text, path)
            canonical = dumps(model)
            if hashlib.sha256(canonical.encode("utf-8")).hexdigest() == stamp.sha256:
                continue
            dropped = comment_lines(text)
            if dropped and not args.check and not args.drop_comments:
                failed += 1
                print(f"{path}: not reformatted: that would drop the comments on {_lines(dropped)}; move them "
                      "into note: fields, or pass --drop-comments")
                continue
            changed += 1
            if args.check:
                print(f"would reformat {path}" + (f" (dropping the comments on {_lines(dropped)})" if dropped else ""))
            else:
                save(model, path, expected_stamp=stamp)
                print(f"reformatted {path}")
        except LoadError as exc:
            failed += 1
            _report(exc.problems)
        except TablewrightError as exc:
            failed += 1
            print(f"{path}: {exc}")
    total = len(paths)
    verb = "would be reformatted" if args.check else "reformatted"
    print(f"{changed} file(s) {verb}, {total - changed - failed} unchanged"
          + (f", {failed} with problems" if failed else ""), file=sys.stderr)
    return 1 if failed or (args.check and changed) else 0


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5]) + (f" and {len(numbers) - 5} more" if len(numbers) > 5 else "")
    return f"line{'s' if len(numbers) > 1 else ''} {shown}"


def model_counts(model: Any) -> dict[str, int]:
    """The counts ``info`` reports, with exactly the keys :data:`INFO_KEYS`."""
    entities = model.entities
    return {
        "entities": len(entities),
        "attributes": sum(len(e.attributes) for e in entities),
        "relationships": sum(len(e.foreign_keys) for e in entities),
        "indexes": sum(len(e.indexes) for e in entities),
        "fds": sum(len(e.fds) for e in entities),
    }


def cmd_info(args: argparse.Namespace) -> int:
    """Print the model's counts as a table or as JSON."""
    from core.storage import load

    loaded = load(args.model, validate=False)
    counts = model_counts(loaded.model)
    if args.json:
        print(json.dumps(counts))
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console()
        console.print(Text.assemble((loaded.model.name, "bold"), f"  {args.model}"))
        table = Table()
        table.add_column("what")
        table.add_column("count", justify="right")
        for key in INFO_KEYS:
            table.add_row(key, str(counts[key]))
        console.print(table)
    if loaded.problems:
        print(f"note: the model has {len(loaded.problems)} problem(s); run `tablewright validate "
              f"{args.model}` to see them", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the model file."""
    from core.schema_json import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def _ops_help() -> str:
    from core.cli import edit_ops

    doc = edit_ops.__doc__ or ""
    table = doc[doc.index("The operations::") + len("The operations::"):]
    return "operations (E: an entity, A: an attribute; quote names with spaces):" + table.rstrip()


def cmd_edit(args: argparse.Namespace) -> int:
    """Apply the operations to the model and save it (or, with ``--dry-run``, only list them)."""
    import os
    from pathlib import Path

    from core.cli.edit_ops import apply_ops
    from core.model import DataModel
    from core.storage import FileStamp, load, save

    ops = list(args.ops)
    if args.file:
        text = sys.stdin.read() if args.file == "-" else _read_ops(args.file)
        ops += [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not ops:
        raise TablewrightError("no operations given: pass them as arguments or with --file")
    stamp: FileStamp | None = None
    if args.new:
        if os.path.exists(args.model):
            raise TablewrightError(f"{args.model} already exists; leave out --new to edit it")
        model = DataModel(name=Path(args.model).stem)
    else:
        loaded = load(args.model, validate=False)
        model, stamp = loaded.model, loaded.stamp
    edited, labels = apply_ops(model, ops)
    for label in labels:
        print(label)
    target = args.output or args.model
    if args.dry_run:
        print(f"dry run: {len(labels)} edit(s) checked, nothing written", file=sys.stderr)
        return 0
    in_place = os.path.realpath(target) == os.path.realpath(args.model)
    if args.output and os.path.exists(args.output) and not in_place:
        raise TablewrightError(f"{args.output} already exists; remove it or write to another file")
    if in_place and not args.new and not args.drop_comments:
        from core.storage import read_text
        from core.storage.locate import comment_lines

        dropped = comment_lines(read_text(args.model)[0])
        if dropped:
            raise TablewrightError(f"{args.model}: not saved: that would drop the comments on {_lines(dropped)}; "
                                   "move them into note: fields, write elsewhere with -o, or pass --drop-comments")
    save(edited, target, expected_stamp=stamp if in_place else None)
    print(f"saved {target} ({len(labels)} edit(s))", file=sys.stderr)
    return 0


def _read_ops(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise TablewrightError(f"cannot read operations from {path}: {exc}") from None
