"""The ``tablewright`` command line: every core operation, for scripts and CI.

Each command family lives in its own module with a ``register(subparsers)`` function that adds
its sub-commands and sets ``func`` (a callable taking the parsed ``argparse.Namespace`` and
returning an exit code). Modules import their heavy dependencies inside the handlers so that
``tablewright --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from core import __version__
from core.errors import TablewrightError

#: Command-family modules under ``core.cli``, in help order.
COMMAND_MODULES = (
    "model_cmds",  # validate, fmt, info, schema
    "ddl_cmds",  # ddl, check
    "import_cmds",  # import
    "normalize_cmds",  # fd, normalize
    "lint_cmds",  # lint
    "pattern_cmds",  # pattern
    "discover_cmds",  # discover
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tablewright",
        description="A keyboard-driven data-modeling workstation. "
        "Run `tablewright [MODEL]` to open the app, or one of the commands below.",
    )
    parser.add_argument("--version", action="version", version=f"tablewright {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"core.cli.{name}")
        module.register(sub)
    return parser


def command_names() -> frozenset[str]:
    """The sub-command names, so the launcher can tell a command from a model path."""
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return frozenset(action.choices)
    return frozenset()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one CLI command and return its exit code; errors become messages, never tracebacks."""
    parser = build_parser()
    args, extras = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    if extras:
        # ``edit MODEL -o OUT 'op' 'op'``: operations may come after options; a command names the
        # list that takes such trailing positionals with ``set_defaults(trailing="ops")``.
        trailing = getattr(args, "trailing", None)
        unknown = extras if trailing is None else [x for x in extras if x.startswith("-")]
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        assert trailing is not None
        getattr(args, trailing).extend(extras)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except TablewrightError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours: say so plainly, never a traceback
        if os.environ.get("TABLEWRIGHT_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in tablewright; set TABLEWRIGHT_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return 3
