"""Where a problem is in the file: model paths -> line numbers and readable locations.

Loading takes the fast path (a plain ``yaml.load``) and only composes the YAML node tree when
there is something to report; the node tree keeps every key's and value's line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import yaml

from core.errors import Problem

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (``None`` when it cannot be composed)."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    return node


def node_line(root: yaml.Node | None, path: Path) -> int | None:
    """The 1-based line of the deepest node along ``path`` (a key's own line when the path ends
    at a key of a mapping), or ``None`` without a tree."""
    if root is None:
        return None
    node: yaml.Node = root
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value
                          if isinstance(k, yaml.ScalarNode) and k.value == str(step)), None)
            if found is None:
                break
            line = found[0].start_mark.line + 1
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def with_lines(problems: Sequence[Problem], text: str | None, filename: str | None) -> list[Problem]:
    """``problems`` with their file and line filled in (composing ``text`` once, if needed), in line
    order."""
    if not problems:
        return []
    root = compose(text) if text is not None and any(p.line is None for p in problems) else None
    out = []
    for p in problems:
        line = p.line if p.line is not None else node_line(root, p.path)
        out.append(replace(p, line=line, file=filename if p.file is None else p.file))
    out.sort(key=lambda p: (p.line is None, p.line or 0))  # stable: model order within a line
    return out


def where(data: Any, path: Path) -> str:
    """A readable location for ``path`` in raw file data: list items by their ``name``.

    >>> where({"entities": [{"name": "orders", "attributes": [{"name": "id"}]}]},
    ...       ("entities", 0, "attributes", 0, "type"))
    'entities[orders].attributes[id].type'
    """
    out = ""
    node = data
    for step in path:
        if isinstance(node, list) and isinstance(step, int):
            item = node[step] if 0 <= step < len(node) else None
            label = _label(item, step)
            out += f"[{label}]"
            node = item
        else:
            out += f".{step}" if out else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return out


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        name = item.get("name")
        if isinstance(name, str | int) and not isinstance(name, bool) and str(name).strip():
            return str(name)
        lhs, rhs = item.get("lhs"), item.get("rhs")
        if lhs is not None and rhs is not None:
            return f"{_names(lhs)} -> {_names(rhs)}"
    return str(index)


def _names(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


_HASH = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def comment_lines(text: str) -> list[int]:
    """The 1-based lines that hold a YAML comment (a ``#`` outside every scalar), which rewriting
    the file drops; empty when the text cannot be scanned.

    >>> comment_lines("# top\\na: 1  # why\\nb: 'x # y'\\nc: |\\n  # kept\\nd: a#b\\n")
    [1, 2]
    """
    lines: list[int] = []
    for pos in comment_starts(text):
        line = text.count("\n", 0, pos) + 1
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def comment_starts(text: str) -> list[int]:
    """Where each YAML comment of ``text`` starts (the index of its ``#``); empty when there is
    none or the text cannot be scanned."""
    if "#" not in text:
        return []
    starts: list[int] = []
    ends: list[int] = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken):
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
    except yaml.YAMLError:
        return []
    found = []
    for match in _HASH.finditer(text):
        pos = match.start()
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0 or pos >= ends[k]:  # not inside a scalar (a quoted string, a literal block)
            found.append(pos)
    return found


def without_trailing_comments(text: str) -> str | None:
    """``text`` with each comment that follows a value on its line cut (with the blanks before
    it); ``None`` when there is none or the text cannot be scanned. Comments on lines of their own
    stay: cutting them could join a block scalar to the lines after it.

    >>> without_trailing_comments("a: 1  # why\\n# top\\nb: 'x # y' #\\n")
    "a: 1\\n# top\\nb: 'x # y'\\n"
    """
    out = []
    done = 0
    for pos in comment_starts(text):
        line_start = text.rfind("\n", 0, pos) + 1
        if not text[line_start:pos].strip(" \t"):
            continue  # a comment line: the fast reader reads those
        end = text.find("\n", pos)
        out.append(text[done:pos].rstrip(" \t"))
        done = len(text) if end == -1 else end
    if not out:
        return None
    out.append(text[done:])
    return "".join(out)
