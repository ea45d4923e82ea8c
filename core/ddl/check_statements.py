"""Split generated PostgreSQL DDL into statements and tell which model object each one builds.

:func:`split_statements` cuts at top-level semicolons, respecting ``'...'`` and ``E'...'``
strings, ``"..."`` identifiers, ``$tag$...$tag$`` bodies and comments (``--`` and nested
``/* */``). :func:`statement_owner` reads a statement's first words (``CREATE TABLE x``,
``ALTER TABLE x``, ``CREATE INDEX ... ON x``, ``COMMENT ON COLUMN x.c``, ``CREATE POLICY p ON
x``, ``CREATE TRIGGER t ... ON x``, ``CREATE VIEW v``, ``CREATE TYPE e``...) and finds the model
object it belongs to, so a server error can name the entity.

>>> [s.text for s in split_statements("CREATE TABLE a (x text DEFAULT ';');\\n"
...                                     "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;")]
["CREATE TABLE a (x text DEFAULT ';')", 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import DataModel

_DOLLAR = re.compile(r"\$([A-Za-z_\u0080-\U0010ffff][\w\u0080-\U0010ffff]*)?\$")
_TOKEN = re.compile(r'"(?:[^"]|"")*"|[A-Za-z_\u0080-\U0010ffff][\w$\u0080-\U0010ffff]*|\S')


@dataclass(frozen=True)
class Statement:
    """One statement: its text (without the ``;``), and the 1-based line where it starts."""

    text: str
    line: int


def split_statements(sql: str) -> list[Statement]:
    """The statements of a script, in order (comments before a statement stay with it)."""
    out: list[Statement] = []
    start, i, n = 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif ch == "/" and sql.startswith("/*", i):
            i = _block_comment_end(sql, i)
        elif ch == "'":
            escapes = i > 0 and sql[i - 1] in "eE" and (i < 2 or not (sql[i - 2].isalnum() or sql[i - 2] == "_"))
            i = _quoted_end(sql, i, "'", escapes)
        elif ch == '"':
            i = _quoted_end(sql, i, '"', False)
        elif ch == "$" and (m := _DOLLAR.match(sql, i)) and not (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            end = sql.find(m.group(0), m.end())
            i = n if end < 0 else end + len(m.group(0))
        elif ch == ";":
            _emit(out, sql, start, i)
            start = i = i + 1
        else:
            i += 1
    _emit(out, sql, start, n)
    return out


def _emit(out: list[Statement], sql: str, start: int, end: int) -> None:
    text = sql[start:end]
    if not _code(text):
        return
    lead = len(text) - len(text.lstrip())
    line = sql.count("\n", 0, start + lead) + 1
    out.append(Statement(text.strip(), line))


def _block_comment_end(sql: str, i: int) -> int:
    depth, i = 1, i + 2
    while i < len(sql) and depth:
        if sql.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif sql.startswith("*/", i):
            depth, i = depth - 1, i + 2
        else:
            i += 1
    return i


def _quoted_end(sql: str, i: int, quote: str, escapes: bool) -> int:
    i += 1
    while i < len(sql):
        ch = sql[i]
        if escapes and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if sql.startswith(quote * 2, i):
                i += 2
                continue
            return i + 1
        i += 1
    return i


def code_offset(text: str) -> int:
    """Where the code of a statement starts, after its leading blanks and comments.

    >>> code_offset("-- Extensions\\nCREATE EXTENSION x")
    14
    """
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j + 1
        elif text.startswith("/*", i):
            i = _block_comment_end(text, i)
        else:
            break
    return min(i, len(text))


def _code(text: str) -> str:
    """``text`` without its comments (for reading the first words)."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("--", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j + 1
        elif text.startswith("/*", i):
            i = _block_comment_end(text, i)
        else:
            j = min([k for k in (text.find("--", i), text.find("/*", i)) if k >= 0], default=len(text))
            out.append(text[i:j])
            i = j
    return "".join(out).strip()


def code_words(text: str, n: int) -> list[str]:
    """The first ``n`` tokens of a statement's code, upper-cased (comments skipped).

    >>> code_words("-- Table t\nCREATE UNIQUE INDEX ix ON t (a)", 4)
    ['CREATE', 'UNIQUE', 'INDEX', 'IX']
    """
    return [t.upper() for t in _TOKEN.findall(_code(text[:4000]))[:n]]


def _ident(tok: str) -> str:
    return tok[1:-1].replace('""', '"') if tok.startswith('"') else tok


def _qualified(toks: list[str], i: int) -> tuple[list[str], int]:
    """A possibly schema-qualified name starting at ``toks[i]``; the parts and the next index."""
    parts = [_ident(toks[i])] if i < len(toks) else []
    i += 1
    while i + 1 < len(toks) and toks[i] == ".":
        parts.append(_ident(toks[i + 1]))
        i += 2
    return parts, i


def _after(toks: list[str], i: int, *skip: str) -> int:
    while i < len(toks) and toks[i].upper() in skip:
        i += 1
    return i


def statement_target(text: str) -> tuple[str, list[str]] | None:
    """``(kind, name parts)`` of what a statement creates or alters, or ``None``.

    >>> statement_target('CREATE UNIQUE INDEX IF NOT EXISTS ix ON ONLY "S"."T" (a)')
    ('table', ['S', 'T'])
    >>> statement_target("COMMENT ON COLUMN sales.orders.total IS 'x'")
    ('table', ['sales', 'orders'])
    """
    toks = _TOKEN.findall(_code(text)[:2000])
    up = [t.upper() for t in toks]
    if len(up) < 3:
        return None
    if up[0] == "CREATE":
        i = _after(up, 1, "OR", "REPLACE", "UNLOGGED", "TEMP", "TEMPORARY", "UNIQUE", "CONSTRAINT")
        word = up[i] if i < len(up) else ""
        if word in ("INDEX", "TRIGGER", "POLICY"):
            j = up.index("ON", i) if "ON" in up[i:] else -1
            return ("table", _qualified(toks, _after(up, j + 1, "ONLY"))[0]) if j > 0 else None
        if word == "MATERIALIZED":
            i, word = i + 1, "VIEW"
        kinds = {"TABLE": "table", "VIEW": "view", "TYPE": "enum", "FUNCTION": "function",
                 "EXTENSION": "extension", "SCHEMA": "schema", "PROCEDURE": "function", "PUBLICATION": "publication"}
        if word in kinds:
            return kinds[word], _qualified(toks, _after(up, i + 1, "IF", "NOT", "EXISTS"))[0]
    if up[0] == "ALTER" and up[1] in ("TABLE", "VIEW", "TYPE", "FUNCTION", "MATERIALIZED"):
        kind = {"TABLE": "table", "TYPE": "enum", "FUNCTION": "function"}.get(up[1], "view")
        return kind, _qualified(toks, _after(up, 2, "VIEW", "ONLY", "IF", "EXISTS"))[0]
    if up[0] == "COMMENT" and up[1] == "ON":
        return _comment_target(toks, up)
    return None


def _comment_target(toks: list[str], up: list[str]) -> tuple[str, list[str]] | None:
    word = up[2]
    if word == "COLUMN":
        parts, _ = _qualified(toks, 3)
        return "table", parts[:-1]
    if word in ("CONSTRAINT", "POLICY", "TRIGGER") and "ON" in up[3:]:
        return "table", _qualified(toks, up.index("ON", 3) + 1)[0]
    kinds = {"TABLE": "table", "VIEW": "view", "MATERIALIZED": "view", "TYPE": "enum", "FUNCTION": "function",
             "EXTENSION": "extension", "SCHEMA": "schema", "INDEX": "index", "PUBLICATION": "publication"}
    if word in kinds:
        return kinds[word], _qualified(toks, 4 if word == "MATERIALIZED" else 3)[0]
    return None


def statement_owner(text: str, model: DataModel) -> tuple[str, str] | None:
    """``(kind, display name)`` of the model object a statement belongs to, or ``None``.

    Kinds: ``entity``, ``view``, ``enum``, ``function``, ``extension``, ``schema``,
    ``publication``; an index
    comment resolves through the index name.
    """
    target = statement_target(text)
    if target is None:
        return None
    kind, parts = target
    if not parts:
        return None
    name, schema = parts[-1], (parts[-2] if len(parts) > 1 else None)
    if kind == "table":
        for e in model.entities:
            if e.name == name and (schema is None or model.schema_of(e) == schema):
                return "entity", e.key.display()
        for e in model.entities:
            if e.name.lower() == name.lower():
                return "entity", e.key.display()
    if kind == "index":
        for e in model.entities:
            if any(ix.name == name for ix in e.indexes):
                return "entity", e.key.display()
    names: dict[str, list[str]] = {"view": [v.name for v in model.views], "enum": [e.name for e in model.enums],
                                   "function": [f.name for f in model.functions],
                                   "publication": [p.name for p in model.publications]}
    for item in names.get(kind, []):
        if item == name or item.lower() == name.lower():
            return kind, item
    if kind in ("extension", "schema"):
        return kind, name
    return None
