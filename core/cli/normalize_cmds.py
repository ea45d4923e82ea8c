"""Normalization commands (issue 5): ``fd`` for a relation typed on the command line, and
``normalize`` for the entities of a model.

    tablewright fd "R(A,B,C,D)" "A->B" "B,C->D" [--mvd "A->>B"] [--json]
    tablewright normalize MODEL [--entity E] [--json] [--apply 3nf|bcnf -o OUT_MODEL]
                                [--migration-sql FILE] [--name DEFAULT=NEW ...]

Both print candidate keys, prime attributes, a minimal cover, the highest normal form, every
violation explained, a 3NF synthesis and a BCNF decomposition with their verdicts (lossless,
dependency-preserving); ``--json`` prints the same as one JSON object with the same keys.
``normalize`` without ``--entity`` summarizes every entity that declares dependencies; with
``--apply`` it writes the decomposed model (``-o``) and the PostgreSQL data migration
(``--migration-sql``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.normalize.analysis import Analysis
    from core.normalize.decompose import Decomposition


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``fd`` and ``normalize`` to the parser."""
    p = sub.add_parser(
        "fd",
        help="analyze a relation and its functional dependencies",
        description="Candidate keys, normal form, violations, 3NF synthesis and BCNF decomposition "
        "of a relation given as text. Attribute names may be words; separate them with commas "
        "or spaces.",
        epilog='example: tablewright fd "R(A,B,C,D)" "A->B" "B,C->D" --mvd "A->>C"',
    )
    p.add_argument("relation", help='the relation, e.g. "R(A,B,C,D)" or "orders(order_id, zip, city)"')
    p.add_argument("fds", nargs="*", metavar="FD", help='functional dependencies, e.g. "A->B" "B,C->D"; '
                   'one with an empty left side is written "->B"')
    p.add_argument("--mvd", action="append", default=[], metavar="MVD",
                   help='a multivalued dependency, e.g. "A->>B" (repeatable)')
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    _max_keys_option(p)
    _empty_left_sides_are_positional(p)
    p.set_defaults(func=_fd)

    p = sub.add_parser(
        "normalize",
        help="analyze a model's entities for normal forms; decompose one and write its data migration",
        description="Without --entity: the normal form and violation count of every entity that "
        "declares functional or multivalued dependencies. With --entity: that entity's keys, normal "
        "form, violations and decompositions (as `fd` prints them). With --apply: write the model "
        "with the entity decomposed (-o) and the PostgreSQL migration that moves the data "
        "(--migration-sql).",
        epilog="example: tablewright normalize shop.yaml --entity legacy_orders --apply 3nf "
        "-o shop_3nf.yaml --migration-sql migrate.sql",
    )
    p.add_argument("model", metavar="MODEL", help="a model file (.yaml)")
    p.add_argument("--entity", "-e", metavar="E", help="the entity to analyze (name or schema.name)")
    p.add_argument("--json", action="store_true", help="print the analysis (or the summary) as JSON")
    p.add_argument("--apply", choices=("3nf", "bcnf"), metavar="3nf|bcnf",
                   help="decompose the entity: 3nf (synthesis) or bcnf")
    p.add_argument("-o", "--output", metavar="OUT_MODEL", help="with --apply: write the decomposed model here")
    p.add_argument("--migration-sql", metavar="FILE",
                   help="with --apply: write the PostgreSQL data migration here ('-' for stdout)")
    p.add_argument("--name", action="append", default=[], metavar="DEFAULT=NEW",
                   help="with --apply: rename a new entity, e.g. --name zips=postal_codes (repeatable)")
    p.add_argument("--no-discovered", action="store_true",
                   help="ignore discovered FDs (only declared ones and keys count)")
    _max_keys_option(p)
    p.set_defaults(func=_normalize)


#: Candidate keys enumerated by default: thousands take seconds (a relation of n attribute pairs
#: that determine each other has 2**n keys), and the normal form rarely needs them all.
DEFAULT_MAX_KEYS = 1000


def _max_keys_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-keys", type=int, default=DEFAULT_MAX_KEYS, metavar="N",
                   help=f"stop enumerating candidate keys after N (default: {DEFAULT_MAX_KEYS}; 0: all of them)")


def _empty_left_sides_are_positional(p: argparse.ArgumentParser) -> None:
    """Let ``"->B"`` (an FD with an empty left side) be an FD, not an unknown option: argparse
    takes an argument for a value when it looks like a negative number, so ``->...`` is made to
    look like one to this parser. Without that hook (another Python) ``-- "->B"`` still works."""
    import re

    matcher = getattr(p, "_negative_number_matcher", None)
    if isinstance(matcher, re.Pattern):
        setattr(p, "_negative_number_matcher", re.compile(f"(?:{matcher.pattern})|->"))  # noqa: B010


def _key_limit(value: int) -> int | None:
    from core.normalize.fds import NormalizeError

    if value < 0:
        raise NormalizeError("--max-keys must be 0 (all keys) or more")
    return value or None


def _cut_short_note(a: Analysis, limit: int | None) -> None:
    """On stderr: the key enumeration stopped at the bound, and what that means for the answer."""
    if a.keys_complete:
        return
    form = (f"the normal form ({a.normal_form}) is exact all the same" if a.normal_form_exact else
            f"the normal form is only known to be {a.normal_form_text}")
    print(f"note: candidate key enumeration stopped at --max-keys {limit}, and there are more keys; {form}; "
          "use --max-keys N for more, --max-keys 0 for all of them (which may take long)", file=sys.stderr)


def _fd(args: argparse.Namespace) -> int:
    from core.normalize.analysis import analyze
    from core.normalize.parse import parse_relation

    limit = _key_limit(args.max_keys)
    relation = parse_relation(args.relation, args.fds, args.mvd)
    analysis = analyze(relation, key_limit=limit)
    if args.json:
        json.dump(analysis.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_human(analysis)
    _cut_short_note(analysis, limit)
    return 0


def _names(names: Any) -> str:
    return ", ".join(names) if names else "∅"


def print_human(a: Analysis, title: str | None = None) -> None:
    """The analysis as text (rich markup): keys, cover, normal form, violations, decompositions."""
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    console = Console(highlight=False)
    rel = a.relation
    head = title if title is not None else rel.name
    console.print(f"[bold]{escape(head)}[/]({escape(', '.join(rel.attributes))})", soft_wrap=True)
    keys = escape("; ".join("{" + _names(k) + "}" for k in a.candidate_keys))
    more = "" if a.keys_complete else "  [yellow](stopped early: more keys exist)[/]"
    console.print(f"candidate keys:   {keys}{more}", soft_wrap=True)
    console.print(f"prime attributes: {escape(_names(a.prime_attributes))}")
    cover = escape("; ".join(fd.format(rel.attributes) for fd in a.minimal_cover) or "(none)")
    console.print(f"minimal cover:    {cover}", soft_wrap=True)
    known = "" if a.normal_form_exact else "  [yellow](not every key was enumerated)[/]"
    console.print(f"normal form:      [bold]{a.normal_form_text}[/]{known}")
    if a.violations:
        console.print("violations:")
        for v in a.violations:
            dep = v.fd.format(rel.attributes) if v.fd is not None else ", ".join(v.attributes)
            key = f"  [dim](key: {_names(v.key)})[/]" if v.key else ""
            console.print(f"  [bold]{v.kind:<10}[/] {escape(dep)}{key}", soft_wrap=True)
            console.print(Padding(Text(v.explanation), (0, 0, 0, 13)))
        if not a.violations_complete:
            console.print("[yellow]violation list cut short (too many to enumerate)[/]")
    else:
        console.print("violations:       none")
    for heading, d in (("3NF synthesis", a.synthesis_3nf), ("BCNF decomposition", a.bcnf_decomposition)):
        _print_decomposition(console, heading, d)


def _print_decomposition(console: Any, title: str, d: Decomposition) -> None:
    from rich.table import Table

    verdict = (f"lossless: {'yes' if d.lossless else 'NO'}, "
               f"dependency-preserving: {'yes' if d.dependency_preserving else 'no'}")
    from rich.text import Text

    console.print(f"{title} ({verdict}):")
    table = Table()
    for col in ("name", "attributes", "key"):
        table.add_column(col, overflow="fold")
    for c in d.components:
        table.add_row(Text(c.name), Text(", ".join(c.attributes)), Text(_names(c.key)))
    console.print(table)


def _normalize(args: argparse.Namespace) -> int:
    from core.errors import TablewrightError
    from core.normalize.model_bridge import analyze_entity, find_entity, has_dependencies
    from core.storage import load

    _check_options(args)
    model = load(args.model).model
    if args.entity is None:
        return _summary(model, args.json)
    entity = find_entity(model, args.entity)
    if not has_dependencies(entity):
        raise TablewrightError(
            f"entity {entity.key.display()} declares no functional or multivalued dependencies, so its "
            "keys alone decide its normal form; declare some under fds: in the model "
            "(e.g. fds: [{lhs: [zip], rhs: [city]}]) or find them with `tablewright discover`")
    limit = _key_limit(args.max_keys)
    analysis = analyze_entity(model, entity.key, discovered=not args.no_discovered, exhaustive=True,
                              key_limit=limit)
    if args.json:
        json.dump(analysis.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.migration_sql != "-":
        print_human(analysis, f"entity {entity.key.display()}")
    _cut_short_note(analysis, limit)
    if args.apply:
        _apply(args, model, entity.key)
    return 0


def _check_options(args: argparse.Namespace) -> None:
    from core.errors import TablewrightError

    if args.apply is None:
        for flag, value in (("-o", args.output), ("--migration-sql", args.migration_sql), ("--name", args.name)):
            if value:
                raise TablewrightError(f"{flag} goes with --apply 3nf|bcnf (which decomposition to apply)")
        return
    if args.entity is None:
        raise TablewrightError("--apply needs --entity E (the entity to decompose)")
    if not args.output and not args.migration_sql:
        raise TablewrightError("--apply needs -o OUT_MODEL and/or --migration-sql FILE (where to write)")
    if args.json and args.migration_sql == "-":
        raise TablewrightError("--migration-sql - and --json both write to stdout; give the SQL a file")
    for pair in args.name:
        if "=" not in pair or not pair.split("=", 1)[0].strip() or not pair.split("=", 1)[1].strip():
            raise TablewrightError(f'--name "{pair}": write DEFAULT=NEW, e.g. --name zips=postal_codes')


def _apply(args: argparse.Namespace, model: Any, key: Any) -> None:
    from core.cli.ddl_cmds import write_atomic
    from core.errors import TablewrightError
    from core.normalize.apply import apply_decomposition
    from core.normalize.migrate import migration_sql
    from core.storage import save
    from core.validate import validate_model

    names = dict(tuple(part.strip() for part in pair.split("=", 1)) for pair in args.name)
    command = apply_decomposition(model, key, args.apply, names, discovered=not args.no_discovered)
    plan = command.plan(model)
    after, _ = command.apply(model)
    problems = validate_model(after)
    if problems:  # the command's guard allows problems the model already had; say so
        print(f"note: the model has {len(problems)} problem(s) it already had before", file=sys.stderr)
    for w in plan.warnings:
        print(f"warning: {w}", file=sys.stderr)
    verdict = (f"lossless: {'yes' if plan.lossless else 'NO'}, "
               f"dependency-preserving: {'yes' if plan.dependency_preserving else 'no'}")
    tables = ", ".join(c.name for c in plan.components)
    if args.output:
        try:
            save(after, args.output)
        except OSError as exc:
            raise TablewrightError(f"{args.output}: cannot write the model ({exc.strerror})") from None
        print(f"wrote {args.output}: {key.display()} -> {tables} ({verdict})", file=sys.stderr)
    if args.migration_sql:
        sql = migration_sql(plan)
        if args.migration_sql == "-":
            sys.stdout.write(sql)
        else:
            write_atomic(args.migration_sql, sql)
            print(f"wrote {args.migration_sql}: the PostgreSQL data migration (one transaction)", file=sys.stderr)


def _summary(model: Any, as_json: bool) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from core.normalize.model_bridge import model_summary

    rows = model_summary(model)
    if as_json:
        json.dump({"model": model.name, "entities": [r.to_json() for r in rows]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    console = Console(highlight=False, soft_wrap=True)
    if not rows:
        console.print(f"no entity of {model.name} declares functional or multivalued dependencies; declare "
                      "them under fds:/mvds: or find them with `tablewright discover`")
        return 0
    table = Table(title=f"normal forms of {model.name}")
    for col in ("entity", "attributes", "FDs", "MVDs", "keys", "normal form", "violations"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(Text(r.entity), str(r.attributes), str(r.fds), str(r.mvds), str(r.candidate_keys),
                      r.normal_form, str(r.violations))
    console.print(table)
    console.print("details: tablewright normalize MODEL --entity E")
    return 0
