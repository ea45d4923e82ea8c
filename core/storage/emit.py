"""A small YAML emitter for the model file: compact, deterministic, easy to read in a diff.

PyYAML's dumper cannot produce the layout we want (one line per simple attribute, flow lists
of names, literal blocks for SQL, block sequences for the model's collections), so the file is
written here from plain data (mappings, lists, strings, integers, booleans, dates, ``None``).

Layout rules, applied recursively:

- a list of scalars is always a flow sequence: ``tags: [sales, core]``;
- an item of a model collection (attributes, indexes, foreign keys...) is a flow mapping on one
  line when it holds no multi-line text and fits in :data:`WIDTH` columns, else a block mapping;
- the items of ``entities``, ``views``, ``functions`` and ``publications`` are always block mappings;
- a string with line breaks is a literal block scalar (``|``) when that reads back exactly.

Every string is quoted exactly when needed: plain when the YAML resolver reads it back as the
same string, single quotes when it only needs protecting, double quotes with escapes when it
holds characters that cannot appear literally.

>>> print(emit_document({"name": "shop", "tags": ["a", "yes"], "note": "two\\nlines\\n"}), end="")
name: shop
tags: [a, 'yes']
note: |
  two
  lines
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import yaml

from core.errors import TablewrightError

#: The widest line a flow mapping may take before it is written as a block mapping.
WIDTH = 110
#: Keys whose list items are written one per line (the model's collections).
BLOCK_SEQUENCES = frozenset({
    "entities", "views", "functions", "enums", "attributes", "uniques", "checks", "foreign_keys",
    "indexes", "exclusions", "triggers", "fds", "mvds", "policies", "suppress", "patterns", "elements",
    "publications", "tables",
})
#: Top-level collections whose items are always block mappings.
BLOCK_ITEMS = frozenset({"entities", "views", "functions", "publications"})

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SPECIAL_WORDS = frozenset({
    "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
})
#: Characters that must be escaped (double quotes): outside YAML's printable set, line breaks
#: other than ``\n``, the byte-order mark.
_NEEDS_ESCAPE = re.compile(
    "[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)
_ESCAPES = {
    "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
    "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L",
    "\u2029": "\\P",
}
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}?")  # "?" ends a flow plain scalar for pure-Python PyYAML
_RESOLVER = yaml.resolver.Resolver()


def emit_document(data: Mapping[str, Any]) -> str:
    """The YAML text of a mapping (the whole model file)."""
    lines: list[str] = []
    _block_mapping(data, 0, lines, top=True)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Scalars


def scalar(value: Any, *, flow: bool) -> str:
    """One scalar on one line, quoted only when needed (``flow``: inside ``[...]``/``{...}``).

    >>> scalar("numeric(12,2)", flow=True), scalar("numeric(12,2)", flow=False)
    ("'numeric(12,2)'", 'numeric(12,2)')
    >>> scalar("'{}'::jsonb", flow=False), scalar("no", flow=False), scalar(None, flow=False)
    ('"\\'{}\\'::jsonb"', "'no'", 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"cannot write a {type(value).__name__} to a model file")
    if _plain_ok(value, flow):
        return value
    if _NEEDS_ESCAPE.search(value) or "\n" in value:
        return double_quoted(value)
    if "'" in value and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def double_quoted(text: str) -> str:
    """``text`` as a double-quoted scalar with every special character escaped."""
    out = []
    for ch in text:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif _NEEDS_ESCAPE.match(ch):
            code = ord(ch)
            if 0xD800 <= code <= 0xDFFF:
                raise TablewrightError(
                    f"cannot save text containing a lone surrogate (U+{code:04X}): {text[:40]!r}"
                )
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF
                       else f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@lru_cache(maxsize=65536)
def _plain_ok(text: str, flow: bool) -> bool:
    """Whether ``text`` reads back as the same string when written without quotes."""
    if _IDENTIFIER.match(text):
        return text not in _SPECIAL_WORDS
    if not text or text[0] in _INDICATORS or text[0] in " \t" or text[-1] in " \t:":
        return False
    if _NEEDS_ESCAPE.search(text) or "\n" in text or "\t" in text:
        return False
    if ": " in text or " #" in text:
        return False
    if flow and (any(c in _FLOW_INDICATORS for c in text) or ":" in text):
        return False
    if text.startswith(("---", "...")):
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str")


def _literal_ok(text: str) -> bool:
    """Whether a multi-line string can be written as a literal block that reads back exactly."""
    if "\n" not in text or _NEEDS_ESCAPE.search(text) or not text.strip():
        return False
    return not any(line != line.rstrip(" \t") for line in text.split("\n"))


def _literal(text: str, indent: int) -> list[str]:
    """The header indicator and the content lines of a literal block at ``indent``."""
    stripped = text.rstrip("\n")
    trailing = len(text) - len(stripped)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    header = "|" + ("2" if text[0] in " \t\n" else "") + chomp
    pad = " " * indent
    body = [pad + line if line else "" for line in stripped.split("\n")]
    body.extend([""] * (trailing - 1))
    return [header, *body]


# --------------------------------------------------------------------------------------------
# Collections


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list | tuple)


def _flow(value: Any, *, strict: bool = True) -> str | None:
    """``value`` on one line in flow style, or ``None`` when it holds multi-line text (unless
    ``strict`` is off: then multi-line text is double-quoted)."""
    if isinstance(value, Mapping):
        parts = []
        for k, v in value.items():
            inner = _flow(v, strict=strict)
            if inner is None:
                return None
            parts.append(f"{scalar(k, flow=True)}: {inner}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list | tuple):
        items = []
        for v in value:
            inner = _flow(v, strict=strict)
            if inner is None:
                return None
            items.append(inner)
        return "[" + ", ".join(items) + "]"
    if isinstance(value, str) and "\n" in value:
        return None if strict else double_quoted(value)
    return scalar(value, flow=True)


def _wants_block(mapping: Mapping[str, Any]) -> bool:
    """A mapping holding a non-empty model collection of mappings is never written in flow."""
    return any(k in BLOCK_SEQUENCES and isinstance(v, list | tuple) and any(isinstance(x, Mapping) for x in v)
               for k, v in mapping.items())


def _block_mapping(data: Mapping[str, Any], indent: int, lines: list[str], *, top: bool = False) -> None:
    pad = " " * indent
    for key, value in data.items():
        head = f"{pad}{scalar(key, flow=False)}:"
        if _is_scalar(value):
            if isinstance(value, str) and "\n" in value and _literal_ok(value):
                header, *body = _literal(value, indent + 2)
                lines.append(f"{head} {header}")
                lines.extend(body)
            else:
                lines.append(f"{head} {scalar(value, flow=False)}")
        elif isinstance(value, Mapping):
            flow = None if _wants_block(value) else _flow(value)
            if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
                lines.append(f"{head} {flow}")
            else:
                lines.append(head)
                _block_mapping(value, indent + 2, lines)
        else:
            _sequence_value(head, key, value, indent, lines, top)


def _sequence_value(head: str, key: str, items: Sequence[Any], indent: int, lines: list[str],
                    top: bool) -> None:
    if all(_is_scalar(v) and not (isinstance(v, str) and "\n" in v) for v in items):
        lines.append(f"{head} {_flow(items)}")
        return
    if key not in BLOCK_SEQUENCES:
        flow = _flow(items)
        if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
            lines.append(f"{head} {flow}")
            return
    lines.append(head)
    item_pad = " " * (indent + 2)
    for item in items:
        if isinstance(item, Mapping) and item:
            flow = None if (top and key in BLOCK_ITEMS) or _wants_block(item) else _flow(item)
            if flow is not None and indent + 4 + len(flow) <= WIDTH:
                lines.append(f"{item_pad}- {flow}")
                continue
            start = len(lines)
            _block_mapping(item, indent + 4, lines)
            lines[start] = f"{item_pad}- {lines[start][indent + 4:]}"
        else:
            lines.append(f"{item_pad}- {_flow(item, strict=False)}")
