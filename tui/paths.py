"""Completion of file paths in the app's prompts (open, save as, import, export).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "shop.yaml").write_text(""); _ = (d / "shop.sql").write_text(""); (d / "shapes").mkdir()
>>> complete_path(f"{d}/sh", (".yaml",)).candidates
('shapes/', 'shop.yaml')
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from core.quickadd.complete import Completion

#: At most this many names are offered (a huge folder stays fast).
LIMIT = 200


def complete_path(text: str, suffixes: Sequence[str] = ()) -> Completion:
    """Names in the folder of ``text`` that start with its last part: folders (ending in ``/``)
    and files with one of ``suffixes`` (all files when empty), hidden ones only when asked for."""
    start = text.rfind(os.sep) + 1
    folder, prefix = text[:start], text[start:]
    directory = Path(os.path.expanduser(folder)) if folder else Path.cwd()
    names: list[str] = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                name = entry.name
                if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_dir:
                    names.append(name + os.sep)
                elif not suffixes or name.endswith(tuple(suffixes)):
                    names.append(name)
                if len(names) >= LIMIT:
                    break
    except OSError:
        return Completion(start, prefix, ())
    return Completion(start, prefix, tuple(sorted(n for n in names if n != prefix)))


def path_completer(*suffixes: str) -> Callable[[str], Completion]:
    """A completer for :class:`~tui.widgets.line_input.LineInput` (files ending in ``suffixes``)."""
    return lambda text: complete_path(text, suffixes)
