"""The ``tablewright`` entry point: a sub-command goes to the core CLI, anything else opens the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from core.cli import command_names
    from core.cli import main as cli_main

    if args and (args[0].startswith("-") or args[0] in command_names()):
        return cli_main(args)
    if len(args) > 1:
        return cli_main(args)
    from tui.app import run_app  # imported only here: the CLI never pays for Textual

    return run_app(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
