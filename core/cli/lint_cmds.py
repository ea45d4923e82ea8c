"""``tablewright lint``: review a model against the expert rules, as text, JSON or SARIF.

Exit code 1 when an unsuppressed error-severity finding remains (the CI gate), 0 otherwise;
``--fix RULE[,RULE...]`` applies those rules' fixes and saves the model file atomically first,
only when the model is valid (or the fixes make it valid: fixes computed on a broken model can
land on the wrong table), else it lists the model's problems and writes nothing.

MODEL may also be a DDL script (``.sql``/``.ddl``): it is imported (dialect detected, or
``--dialect``) and reviewed with the default configuration, findings pointing at the line of
their ``CREATE TABLE``; ``--fix`` needs a model file (``tablewright import`` makes one).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.lint.finding import Finding
    from core.lint.runner import LintReport

_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``lint`` to the parser."""
    p = sub.add_parser(
        "lint", help="review a model against the expert rules (exit 1 on errors)",
        description="Review MODEL: every rule's findings with where they are and why they matter. "
        "Configure rules in the model file's `lint:` section (disable, severity, suppress with a reason, "
        "options). Exit code 1 when an unsuppressed error remains.")
    p.add_argument("model", nargs="?", metavar="MODEL",
                   help="the model file (YAML), or a DDL script (.sql, .ddl) to review as imported")
    p.add_argument("--dialect", choices=("postgres", "mysql", "sqlite", "tsql", "oracle"), default=None,
                   help="the dialect of a DDL script (default: detected)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format (default text)")
    p.add_argument("--fix", action="append", type=_rule_list, default=[], metavar="RULE[,RULE...]",
                   help="apply the fixes of these rules (comma-separated, or `all`; repeatable) and save the "
                   "model; a model with problems is not changed")
    p.add_argument("--entity", metavar="ENTITY", help="review only this entity (name or schema.name)")
    p.add_argument("--rule", action="append", type=_rule_list, default=None, metavar="RULE[,RULE...]", dest="rules",
                   help="run only these rules (comma-separated; repeatable)")
    p.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    p.add_argument("--explain", metavar="RULE_ID", help="show a rule's rationale and options, and exit")
    p.set_defaults(func=_lint, trailing="extra", extra=[])


def _rule_list(text: str) -> list[str]:
    """``a,b`` -> ``["a", "b"]`` (one option value, so ``--fix RULE MODEL`` is unambiguous)."""
    rules = [r.strip() for r in text.split(",") if r.strip()]
    if not rules:
        raise argparse.ArgumentTypeError("name at least one rule id (comma-separated)")
    return rules


def _flat(lists: list[list[str]] | None) -> list[str] | None:
    return None if lists is None else list(dict.fromkeys(r for rules in lists for r in rules))


def _lint(args: argparse.Namespace) -> int:
    from core.errors import TablewrightError
    from core.lint import RULES, apply_fixes, lint_model
    from core.storage import load, save
    from core.validate import validate_model

    if args.list_rules:
        return _list_rules()
    if args.explain:
        if args.explain not in RULES:
            from core.validate import suggest

            raise TablewrightError(f'unknown rule "{args.explain}"{suggest(args.explain, RULES)}')
        return _explain(args.explain)
    args.fix, args.rules = _flat(args.fix) or [], _flat(args.rules)
    if args.extra:
        _extra_arguments(args)
    if not args.model:
        raise TablewrightError("lint needs a MODEL file (or --list-rules / --explain RULE)")
    if _is_ddl(args.model):
        return _lint_ddl(args)
    loaded = load(args.model, validate=False)
    model = loaded.model
    if args.fix:
        wanted = list(RULES) if "all" in args.fix else args.fix
        lint_model(model, rules=wanted)  # unknown rule ids raise here, before any change
        outcome = apply_fixes(model, wanted, entity=args.entity)
        if loaded.problems and validate_model(outcome.model):
            # fixes computed on an invalid model can land on the wrong table (two of one name) or
            # build on a broken reference: unless they repair it all, nothing is written
            for located in loaded.problems:
                print(located, file=sys.stderr)
            print(f"lint: {args.model} has {len(loaded.problems)} problem(s) (above); --fix changes only a valid "
                  "model: correct them first (`tablewright lint` without --fix suggests fixes for some). "
                  "Nothing written.", file=sys.stderr)
            return 1
        for f, reason in outcome.failed:
            print(f"lint: could not fix {f.rule_id} at {f.location}: {reason}", file=sys.stderr)
        if outcome.applied:
            save(outcome.model, args.model, expected_stamp=loaded.stamp)
            model = outcome.model
        print(f"lint: applied {len(outcome.applied)} fix(es) to {args.model}"
              + (f", which also repaired its {len(loaded.problems)} problem(s)" if loaded.problems else "")
              + (f"; {len(outcome.remaining)} finding(s) of those rules remain" if outcome.remaining else ""),
              file=sys.stderr)
    report = lint_model(model, entity=args.entity, rules=args.rules)
    for problem in report.config_problems:
        print(f"{args.model}: warning: {problem}", file=sys.stderr)
    return _report(args, report, _line_finder(args.model))


def _extra_arguments(args: argparse.Namespace) -> None:
    """Refuse words besides MODEL, saying how to name several rules when they are rule ids
    (``--fix a b MODEL``, the old spelling)."""
    from core.errors import TablewrightError
    from core.lint import RULES

    words = [w for w in (args.model, *args.extra) if w]
    rules = [w for w in words if w in RULES or w == "all"]
    files = [w for w in words if w not in rules]
    if rules and len(files) <= 1 and (args.fix or args.rules):
        option, named = ("--fix", args.fix) if args.fix else ("--rule", args.rules or [])
        raise TablewrightError(f"lint takes one MODEL, and {' '.join(rules)} look(s) like rule ids: name several "
                               f"rules with commas: tablewright lint {files[0] if files else 'MODEL'} {option} "
                               f"{','.join([*named, *rules])}")
    raise TablewrightError(f"lint takes one MODEL file; unexpected argument(s): {' '.join(args.extra)}")


_DDL_SUFFIXES = (".sql", ".ddl")


def _is_ddl(path: str) -> bool:
    return Path(path).suffix.lower() in _DDL_SUFFIXES


def _lint_ddl(args: argparse.Namespace) -> int:
    """Review a DDL script as imported (no configuration, nothing saved)."""
    from core.ddl.parse import import_file
    from core.errors import TablewrightError
    from core.lint import lint_model

    if args.fix:
        raise TablewrightError(f"{args.model}: --fix edits a model file; import the script first "
                               f"(tablewright import {args.model} -o model.yaml), then lint and fix the model")
    result = import_file(args.model, args.dialect)
    if result.report.errors:
        print(f"{args.model}: warning: {len(result.report.errors)} statement(s) could not be imported; "
              "their tables are not reviewed (see `tablewright import`)", file=sys.stderr)
    report = lint_model(result.model, entity=args.entity, rules=args.rules)
    return _report(args, report, _ddl_line_finder(args.model))


_CREATE_TABLE = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED|VIRTUAL)\s+)*"
                           r"TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:[\w$]+|\"[^\"]+\"|`[^`]+`|\[[^\]]+\])"
                           r"(?:\s*\.\s*(?:[\w$]+|\"[^\"]+\"|`[^`]+`|\[[^\]]+\]))*)", re.IGNORECASE)
_NAME_PART = re.compile(r'[\w$]+|"[^"]+"|`[^`]+`|\[[^\]]+\]')


def _ddl_line_finder(path: str) -> Any:
    """A function giving the line of a finding's ``CREATE TABLE`` in a DDL script.

    Tables are matched by their last name part, case-insensitively, then by their full name
    (``schema.table``) when several schemas have one of that name.
    """
    from core.storage import read_text

    text, _ = read_text(path)
    by_name: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        m = _CREATE_TABLE.match(line)
        if m is None:
            continue
        parts = [p.strip('"`[]').lower() for p in _NAME_PART.findall(m.group(1))]
        for key in (".".join(parts), parts[-1]):
            by_name.setdefault(key, number)

    def line_of(f: Finding) -> int | None:
        if not f.entity:
            return None
        name = f.entity.lower()
        return by_name.get(name) or by_name.get(name.rsplit(".", 1)[-1])

    return line_of


def _report(args: argparse.Namespace, report: LintReport, line_of: Any) -> int:
    if args.format == "json":
        rows = [{**f.to_dict(), "line": line_of(f)} for f in report.findings]
        print(json.dumps(rows, indent=2))
    elif args.format == "sarif":
        from core.lint import to_sarif

        print(json.dumps(to_sarif(report, Path(args.model).as_posix(), line_of), indent=2))
    else:
        _print_text(report, args.model, line_of)
    return report.exit_code


def _line_finder(path: str) -> Any:
    """A function giving a finding's line in the model file (``None`` when it cannot tell)."""
    from core.storage import read_text
    from core.storage.locate import compose, node_line

    text, _ = read_text(path)
    root = compose(text)

    def line_of(f: Finding) -> int | None:
        return node_line(root, f.path) if f.path and root is not None else None

    return line_of


def _print_text(report: LintReport, path: str, line_of: Any) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(soft_wrap=True, highlight=False)
    for entity, findings in report.by_entity().items():
        first = next((line_of(f) for f in findings if line_of(f) is not None), None)
        where = f"{path}:{first}" if first is not None else path
        console.print(f"[bold]{escape(entity or 'model')}[/bold]  [dim]{escape(where)}[/dim]")
        for f in findings:
            line = line_of(f)
            loc = ".".join(x for x in (f.attribute,) if x) or ""
            if f.constraint:
                loc = f"{loc} [{f.constraint}]".strip()
            head = f"  [{_STYLES.get(f.severity, '')}]{f.severity:<7}[/] [bold]{f.rule_id}[/bold]"
            at = f" line {line}" if line is not None else ""
            body = f"{escape(loc) + ': ' if loc else ''}{escape(f.message)}"
            if f.suppressed:
                console.print(f"  [dim]{f.severity:<7} {f.rule_id}{at}: {body} (suppressed: "
                              f"{escape(f.suppressed_reason or '')})[/dim]")
                continue
            console.print(f"{head}[dim]{at}[/dim] {body}")
            if f.fix_label:
                console.print(f"          [green]fix:[/green] {escape(f.fix_label)}  "
                              f"[dim](tablewright lint {escape(path)} --fix {f.rule_id})[/dim]")
    for s in report.unused_suppressions:
        where = ".".join(x for x in (s.entity, s.attribute) if x) or "the model"
        console.print(f"[dim]note: the suppression of {s.rule} on {escape(where)} matches nothing; remove it[/dim]")
    counts = ", ".join(f"{report.count(s)} {s}{'s' if report.count(s) != 1 else ''}"
                       for s in ("error", "warning", "info"))
    suppressed = len(report.suppressed)
    console.print(f"[bold]{escape(path)}[/bold]: {counts}" + (f", {suppressed} suppressed" if suppressed else ""))


def _list_rules() -> int:
    from rich.console import Console
    from rich.table import Table

    from core.lint import RULES

    table = Table(box=None, pad_edge=False)
    for column in ("rule", "severity", "theme", "fix", "title"):
        table.add_column(column)
    for r in RULES.values():
        table.add_row(r.id, f"[{_STYLES[r.severity]}]{r.severity}[/]", r.theme, "yes" if r.fixable else "", r.title)
    Console(soft_wrap=True).print(table)
    return 0


def _explain(rule_id: str) -> int:
    from core.lint import RULES

    r = RULES[rule_id]
    print(f"{r.id} ({r.severity}, {r.theme}{', fixable' if r.fixable else ''}): {r.title}\n")
    print(r.rationale)
    for o in r.options:
        print(f"\noption {r.id}.{o.name} (default {o.default}): {o.help}")
    return 0
