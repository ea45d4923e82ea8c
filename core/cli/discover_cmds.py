"""``tablewright discover``: the functional dependencies that hold in a table's rows.

``SOURCE`` is a ``.csv`` file, a SQLite file (``--table`` names the table when there are
several) or a ``postgresql://`` DSN (``--table`` required). Output: a table of dependencies,
plausible ones first, with the reasons for doubt; ``--json`` prints a list of
``{"lhs", "rhs", "plausibility", "reasons", "from_key"}`` objects.

With ``--model MODEL --entity E`` the rows come from the entity's ``data_source`` (or from
SOURCE, narrowed to the entity's attributes) and its keys mark the FDs they imply; ``--into
MODEL --entity E [--accept all|plausible]`` also stores the accepted FDs on the entity
(``source: discovered``, with the source, row count and date), skipping those already present or
implied, and saves the model atomically.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.discover import Discovery

MB = 1 << 20


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``discover`` sub-command."""
    p = sub.add_parser(
        "discover",
        help="find the functional dependencies that hold in a table's rows",
        description="Find every minimal functional dependency X -> A that holds in the rows of a CSV "
        "file, a SQLite table or a PostgreSQL table, proven on the rows, ranked by plausibility.",
    )
    p.add_argument(
        "source",
        metavar="SOURCE",
        nargs="?",
        help="a .csv file, a SQLite file or a postgresql:// DSN (default: the entity's data source)",
    )
    p.add_argument("--table", metavar="T", help="the table (databases); schema.table for PostgreSQL")
    p.add_argument("--sample", metavar="N", type=int, help="use a reproducible sample of N rows")
    p.add_argument(
        "--sample-method",
        choices=("random", "system", "bernoulli"),
        default="random",
        help="PostgreSQL sampling: seeded ORDER BY random() (default) or TABLESAMPLE SYSTEM/BERNOULLI",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    p.add_argument("--max-lhs", metavar="K", type=int, help="only left-hand sides of at most K columns")
    nulls = p.add_mutually_exclusive_group()
    nulls.add_argument(
        "--null-equals-null",
        dest="null_equals_null",
        action="store_true",
        default=True,
        help="NULL equals NULL (default)",
    )
    nulls.add_argument(
        "--null-distinct",
        dest="null_equals_null",
        action="store_false",
        help="each NULL is unequal to everything, other NULLs included",
    )
    p.add_argument("--sep", default=",", help="CSV field separator (default ','; 'tab' for a tab)")
    p.add_argument("--no-header", action="store_true", help="the CSV has no header line")
    p.add_argument("--null-token", default="", metavar="TOKEN", help="CSV text read as NULL (default: empty)")
    p.add_argument("--quote", default='"', metavar="CHAR", help="CSV quote character (default '\"')")
    p.add_argument(
        "--escape", metavar="CHAR", help="CSV escape character, e.g. '\\' for \\\" inside quoted values"
    )
    p.add_argument("--encoding", default="utf-8", help="CSV text encoding (default utf-8)")
    p.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="COLS",
        help="a declared key or unique column(s), comma-separated; repeatable",
    )
    p.add_argument(
        "--memory-cap",
        metavar="MB",
        type=int,
        default=2048,
        help="stop beyond this much memory (default 2048)",
    )
    p.add_argument("--json", action="store_true", help="print the dependencies as JSON")
    model = p.add_argument_group(
        "model entities",
        "Read an entity's rows from its data_source (--model or --into, no SOURCE), or narrow a SOURCE "
        "to the entity's attributes; --into stores the accepted FDs on the entity (one undo step).",
    )
    model.add_argument("--model", metavar="MODEL", help="the model file the entity is in (read only)")
    model.add_argument("--into", metavar="MODEL", help="store the accepted FDs on the entity of this model")
    model.add_argument("--entity", metavar="E", help="the entity (name or schema.name)")
    model.add_argument(
        "--accept",
        choices=("all", "plausible"),
        help="with --into: which FDs to store (default: plausible)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read the source, discover, print (and store with ``--into``); exit 0, or 1 on a user error."""
    from core.discover import DiscoveryError, discover_source

    _check(args)
    spec = _spec(args, args.source) if args.source else None
    keys = [tuple(c.strip() for c in key.split(",") if c.strip()) for key in args.key]
    options: dict[str, Any] = {
        "null_equals_null": args.null_equals_null,
        "max_lhs": args.max_lhs,
        "memory_cap": args.memory_cap * MB,
        "keys": keys,
    }
    path = args.into or args.model
    with _progress(enabled=not args.json and sys.stderr.isatty()) as report:
        if path is None:
            if spec is None:
                raise DiscoveryError(
                    "give a SOURCE (a .csv file, a SQLite file or a postgresql:// DSN), "
                    "or --model MODEL --entity E to read the entity's data source"
                )
            discovery = discover_source(spec, progress=report, **options)
        else:
            loaded, discovery = _discover_entity(args, path, spec, report, options)
    if args.into:
        _store(args, loaded, discovery)
    if args.json:
        json.dump([fd.to_json() for fd in discovery.fds], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(discovery)
    return 0


def _check(args: argparse.Namespace) -> None:
    from core.discover import DiscoveryError

    if args.max_lhs is not None and args.max_lhs < 0:
        raise DiscoveryError(f"--max-lhs must be 0 or more, not {args.max_lhs}")
    if args.memory_cap is not None and args.memory_cap < 1:
        raise DiscoveryError(f"--memory-cap must be at least 1 MB, not {args.memory_cap}")
    if len(args.quote) != 1:
        raise DiscoveryError(f"--quote must be one character, not {args.quote!r}")
    if args.escape is not None and len(args.escape) != 1:
        raise DiscoveryError(f"--escape must be one character, not {args.escape!r}")
    if args.into and args.model and args.into != args.model:
        raise DiscoveryError("--into MODEL already names the model; drop --model (or make them the same)")
    if (args.into or args.model) and not args.entity:
        raise DiscoveryError(f"{'--into' if args.into else '--model'} needs --entity E (the entity to use)")
    if args.accept and not args.into:
        raise DiscoveryError("--accept applies with --into MODEL --entity E (storing the FDs)")
    if args.entity and not (args.into or args.model):
        raise DiscoveryError("--entity needs --into MODEL (to store the FDs) or --model MODEL (to read)")


def _spec(args: argparse.Namespace, location: str) -> Any:
    from core.discover import SourceSpec

    return SourceSpec(
        location=location,
        table=args.table,
        sample=args.sample,
        sample_method=args.sample_method,
        seed=args.seed,
        csv=_csv_options(args),
    )


def _csv_options(args: argparse.Namespace) -> Any:
    from core.discover import CsvOptions

    return CsvOptions(
        sep=args.sep,
        header=not args.no_header,
        quotechar=args.quote,
        null_token=args.null_token,
        encoding=args.encoding,
        escapechar=args.escape,
    )


def _discover_entity(
    args: argparse.Namespace, path: str, spec: Any, report: Any, options: dict[str, Any]
) -> tuple[Any, Discovery]:
    """Load the model and discover over the entity (its data source unless SOURCE is given)."""
    from dataclasses import replace

    from core.discover import discover_entity, entity_source
    from core.discover.entity import find
    from core.storage import load

    loaded = load(path)
    entity = find(loaded.model, args.entity)
    if spec is None:
        spec = entity_source(
            entity,
            base_dir=loaded.path.resolve().parent,
            sample=args.sample,
            sample_method=args.sample_method,
            seed=args.seed,
            csv=_csv_options(args),
        )
        if args.table:
            spec = replace(spec, table=args.table)
    discovery = discover_entity(loaded.model, entity.key, source=spec, progress=report, **options)
    return loaded, discovery


def _store(args: argparse.Namespace, loaded: Any, discovery: Discovery) -> None:
    """Add the accepted FDs to the entity and save the model atomically (one undo step)."""
    from core.discover import accept_discovered
    from core.storage import save

    acceptance = accept_discovered(loaded.model, args.entity, discovery, args.accept or "plausible")
    if acceptance.command is not None:
        save(acceptance.command.transform(loaded.model), loaded.path, expected_stamp=loaded.stamp)
    sys.stderr.write(f"{args.into}: {acceptance.summary(args.entity)}\n")


class _progress:
    """A rich progress bar on stderr while the run lasts (a no-op when disabled)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("reading", total=1)
        return self.update

    def update(self, p: Any) -> None:
        self.bar.update(self.task, description=p.message, completed=p.done, total=max(p.total, 1))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_table(discovery: Discovery) -> None:
    from rich.console import Console
    from rich.table import Table

    # piped or captured output does not depend on the COLUMNS of whoever runs it
    console = Console() if sys.stdout.isatty() else Console(width=120)
    fds = discovery.fds
    plausible = sum(fd.plausible for fd in fds)
    rows = f"{discovery.rows:,} rows"
    if discovery.total_rows is not None and discovery.total_rows > discovery.rows:
        rows += f" of about {discovery.total_rows:,}"
    if discovery.distinct_rows != discovery.rows:
        rows += f" ({discovery.distinct_rows:,} distinct)"
    bound = f", left sides of at most {discovery.max_lhs} columns" if discovery.max_lhs is not None else ""
    nulls = "NULL = NULL" if discovery.null_equals_null else "NULLs distinct"
    console.print(
        f"[bold]{discovery.source}[/bold]: {rows}, {len(discovery.columns)} columns, {nulls}{bound}\n"
        f"{len(fds):,} minimal dependencies, {plausible:,} plausible, in {discovery.seconds:.2f} s",
        soft_wrap=True,  # the header never wraps, whatever the terminal width
        highlight=False,
    )
    if not fds:
        return
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("left side")
    table.add_column("right side")
    table.add_column("plausibility", justify="right")
    table.add_column("support", justify="right")
    table.add_column("notes")
    for number, fd in enumerate(fds, start=1):
        style = "green" if fd.plausible else "yellow" if fd.plausibility > 0 else "red"
        table.add_row(
            str(number),
            ", ".join(fd.lhs) or "(nothing: constant)",
            fd.rhs,
            f"[{style}]{fd.plausibility:.2f}[/{style}]",
            f"{fd.support:,.1f}",
            "; ".join(fd.reasons) + (" (key)" if fd.from_key and not fd.reasons else ""),
        )
    console.print(table)
