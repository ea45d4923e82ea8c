"""``tablewright fd``: analyze a relation given on the command line (normalization, issue 5).

    tablewright fd "R(A,B,C,D)" "A->B" "B,C->D" [--mvd "A->>B"] [--json]

Prints candidate keys, prime attributes, a minimal cover, the highest normal form, every
violation explained, a 3NF synthesis and a BCNF decomposition with their verdicts (lossless,
dependency-preserving). ``--json`` prints the same as one JSON object.
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
    """Add ``fd`` (and, in phase 2, ``normalize``) to the parser."""
    p = sub.add_parser(
        "fd",
        help="analyze a relation and its functional dependencies",
        description="Candidate keys, normal form, violations, 3NF synthesis and BCNF decomposition "
        "of a relation given as text. Attribute names may be words; separate them with commas "
        "or spaces.",
        epilog='example: tablewright fd "R(A,B,C,D)" "A->B" "B,C->D" --mvd "A->>C"',
    )
    p.add_argument("relation", help='the relation, e.g. "R(A,B,C,D)" or "orders(order_id, zip, city)"')
    p.add_argument("fds", nargs="*", metavar="FD", help='functional dependencies, e.g. "A->B" "B,C->D"')
    p.add_argument("--mvd", action="append", default=[], metavar="MVD",
                   help='a multivalued dependency, e.g. "A->>B" (repeatable)')
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.add_argument("--max-keys", type=int, default=None, metavar="N",
                   help="stop enumerating candidate keys after N (default: all)")
    p.set_defaults(func=_fd)
    # TODO(issue 5, phase 2): `tablewright normalize MODEL --entity E [--json]
    #   [--apply 3nf|bcnf -o OUT_MODEL] [--migration-sql FILE]` registers here, building the
    #   Relation from the entity (Relation.build with its primary key and NOT NULL uniques) and
    #   reusing _print_human / Analysis.to_json for the output.


def _fd(args: argparse.Namespace) -> int:
    from core.normalize.analysis import analyze
    from core.normalize.fds import NormalizeError
    from core.normalize.parse import parse_relation

    if args.max_keys is not None and args.max_keys < 1:
        raise NormalizeError("--max-keys must be at least 1")
    relation = parse_relation(args.relation, args.fds, args.mvd)
    analysis = analyze(relation, key_limit=args.max_keys)
    if args.json:
        json.dump(analysis.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_human(analysis)
    return 0


def _names(names: Any) -> str:
    return ", ".join(names) if names else "∅"


def _print_human(a: Analysis) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    console = Console(highlight=False)
    rel = a.relation
    console.print(f"[bold]{escape(rel.name)}[/]({escape(', '.join(rel.attributes))})")
    keys = escape("; ".join("{" + _names(k) + "}" for k in a.candidate_keys))
    more = "" if a.keys_complete else "  [yellow](stopped early: more keys exist)[/]"
    console.print(f"candidate keys:   {keys}{more}")
    console.print(f"prime attributes: {escape(_names(a.prime_attributes))}")
    cover = escape("; ".join(fd.format(rel.attributes) for fd in a.minimal_cover) or "(none)")
    console.print(f"minimal cover:    {cover}")
    console.print(f"normal form:      [bold]{a.normal_form}[/]")
    if a.violations:
        console.print("violations:")
        for v in a.violations:
            dep = v.fd.format(rel.attributes) if v.fd is not None else ", ".join(v.attributes)
            key = f"  [dim](key: {_names(v.key)})[/]" if v.key else ""
            console.print(f"  [bold]{v.kind:<10}[/] {escape(dep)}{key}")
            console.print(Padding(Text(v.explanation), (0, 0, 0, 13)))
        if not a.violations_complete:
            console.print("[yellow]violation list cut short (too many to enumerate)[/]")
    else:
        console.print("violations:       none")
    for title, d in (("3NF synthesis", a.synthesis_3nf), ("BCNF decomposition", a.bcnf_decomposition)):
        _print_decomposition(console, title, d)


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
