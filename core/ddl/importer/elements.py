"""The tolerant reader: table elements (column definitions and constraints) read from tokens.

It knows the shape every dialect shares (``name type [constraints]``, ``[CONSTRAINT n]
PRIMARY KEY (...)``...) and skips what it does not understand instead of failing, so a
statement sqlglot rejects (``ROWGUIDCOL``, a ``#`` comment, a ``PREFIX_`` placeholder, an
unknown type) still yields its columns and keys.

>>> from core.ddl.importer.tokens import tokenize, words
>>> toks = tokenize("id int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'key'", "mysql")
>>> c = read_element(toks, "mysql", "id int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'key'")
>>> (c.name, c.raw_type, c.nullable, c.identity, c.note)
('id', 'int(10) unsigned', False, 'by default', 'key')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.ddl.importer.exprs import to_postgres
from core.ddl.importer.specs import ColumnSpec, ConstraintSpec, FKSpec, TableRef
from core.ddl.importer.tokens import Token, matching, name_of, split_top, words

__all__ = ["qualified_name", "raw_type_at", "read_element", "read_name_list", "text_of", "type_end"]

_STOP = words("NOT NULL DEFAULT PRIMARY UNIQUE REFERENCES CHECK CONSTRAINT COLLATE GENERATED IDENTITY "
    "AUTO_INCREMENT AUTOINCREMENT COMMENT ON ROWGUIDCOL AS CHARSET SPARSE FILESTREAM ENCODE "
    "VISIBLE INVISIBLE ENABLE DISABLE MASKED STORAGE COMPRESSION KEY")
_CONSTRAINT_START = words("CONSTRAINT PRIMARY UNIQUE FOREIGN CHECK LIKE")
_INDEX_START = words("KEY INDEX FULLTEXT SPATIAL")
#: Column options that change nothing the model keeps (storage, replication, visibility...).
_HARMLESS = words("ROWGUIDCOL SPARSE FILESTREAM PERSISTED NOT FOR REPLICATION VISIBLE INVISIBLE ENABLE DISABLE "
    "MASKED STORAGE COMPRESSION ENCODE CLUSTERED NONCLUSTERED ASC DESC ON CONFLICT ABORT FAIL "
    "IGNORE REPLACE ROLLBACK SIGNED ZEROFILL BINARY WITH DEFERRABLE INITIALLY DEFERRED IMMEDIATE "
    "NOCHECK CHECK ENABLE VALIDATE NOVALIDATE RELY NORELY USING INDEX PLAIN EXTERNAL EXTENDED MAIN "
    "DEFAULT FORMAT FIXED DYNAMIC MEMORY DISK STORED VIRTUAL")
_ACTIONS = {"CASCADE": "cascade", "RESTRICT": "restrict", "NO": "no action", "SET": None}


def qualified_name(tokens: Sequence[Token], i: int, dialect: str) -> tuple[TableRef, int]:
    """Read ``[catalog.][schema.]name`` at ``i``; returns the reference and the next index."""
    parts = [name_of(tokens[i], dialect)] if i < len(tokens) else [""]
    i += 1
    while i + 1 < len(tokens) and tokens[i].text == "." and tokens[i + 1].kind in "wq":
        parts.append(name_of(tokens[i + 1], dialect))
        i += 2
    schema = parts[-2] if len(parts) > 1 else None
    return TableRef(schema, parts[-1]), i


def read_name_list(tokens: Sequence[Token], i: int, dialect: str) -> tuple[list[str], int]:
    """Read ``(a [ASC], b(10), ...)`` at ``i`` (the ``(``); returns names and the index after ``)``."""
    if i >= len(tokens) or tokens[i].text != "(":
        return [], i
    end = matching(tokens, i)
    names = []
    for a, b in split_top(tokens, i + 1, end):
        if a < b and tokens[a].kind in "wq":
            names.append(name_of(tokens[a], dialect))
    return names, end + 1


def text_of(tokens: Sequence[Token], a: int, b: int, source: str) -> str:
    if a >= b:
        return ""
    last = tokens[b - 1]
    return source[tokens[a].pos:last.pos + len(last.text)]


def _expr_end(tokens: Sequence[Token], i: int, up: Sequence[str]) -> int:
    """Where an unparenthesised expression (a DEFAULT value) ends."""
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "p" and t.text == "(":
            depth += 1
        elif t.kind == "p" and t.text == ")":
            depth -= 1
        elif depth == 0 and t.kind == "w" and up[i] in _STOP and up[i] not in ("ON", "AS", "KEY"):
            if not (up[i] == "NULL" and ((i > 0 and up[i - 1] in ("IS", "NOT"))
                                         or (i + 1 < len(up) and up[i + 1] == "::"))):
                break
        elif depth == 0 and t.kind == "w" and up[i] == "ON" and i + 1 < len(tokens) and up[i + 1] == "UPDATE":
            break
        i += 1
    return i


def read_element(tokens: Sequence[Token], dialect: str, source: str,
                 up: Sequence[str] | None = None) -> ColumnSpec | ConstraintSpec | None:
    """Read one element of a column list: ``tokens`` are the element's tokens of the
    statement ``source`` (their positions point into it), ``up`` their
    :func:`~core.ddl.importer.tokens.upper_words` when the caller has them already."""
    if not tokens:
        return None
    if up is None:
        up = [t.text.upper() if t.kind == "w" else t.text for t in tokens]
    first = up[0]
    if tokens[0].kind == "w" and (first in _CONSTRAINT_START or (
            first in ("PERIOD", "EXCLUDE") and len(up) > 1 and up[1] in ("FOR", "USING", "("))):
        return _constraint(tokens, up, dialect, source)
    if tokens[0].kind == "w" and first in _INDEX_START and dialect in ("mysql", "sqlite"):
        nxt = tokens[1] if len(tokens) > 1 else None
        if first in ("FULLTEXT", "SPATIAL") and nxt is not None and (nxt.text == "(" or up[1] in ("KEY", "INDEX")):
            name = next((name_of(t, dialect) for t, w in zip(tokens[1:], up[1:], strict=True)
                         if t.text == "(" or w not in ("KEY", "INDEX")), None)
            cols, _ = read_name_list(tokens, _to_paren(tokens, 1), dialect)
            return ConstraintSpec("index", None if name == "(" else name, cols,
                                  skipped=f"a {first.lower()} index (no PostgreSQL equivalent)")
        if nxt is not None and (nxt.text == "(" or (len(tokens) > 2 and tokens[2].text == "(" and up[1] not in _TYPE_WORDS)):
            return _constraint(tokens, up, dialect, source)
    return _column(tokens, up, dialect, source)


_TYPE_WORDS = words("INT INTEGER VARCHAR CHAR TEXT BIGINT SMALLINT TINYINT DECIMAL NUMERIC DATE "
                        "DATETIME TIMESTAMP BOOLEAN FLOAT DOUBLE BLOB")


_PIECE = re.compile(r"\s*(\((?:[^()]|\([^()]*\))*\)|\[\]|[^\s,()]+)")
_STOP_RE = re.compile(r"(?:" + "|".join(sorted(_STOP)) + r"|CHARACTER\s+SET)\b", re.IGNORECASE)


def raw_type_at(text: str, pos: int) -> str:
    """The type written at ``pos`` (just after a column name), up to its first constraint.

    >>> raw_type_at("a int(10) unsigned NOT NULL", 1), raw_type_at("b character varying(20), c", 1)
    ('int(10) unsigned', 'character varying(20)')
    """
    start, end, n = pos, pos, len(text)
    while end < n:
        m = _PIECE.match(text, end)
        if m is None or _STOP_RE.match(m.group(1)):
            break
        end = m.end()
    return text[start:end].strip()


def type_end(tokens: Sequence[Token], up: Sequence[str], i: int) -> int:
    """Where the type that starts at ``i`` ends (the first constraint keyword at depth 0)."""
    depth, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if t.kind == "p" and t.text in "([":
            depth += 1
        elif t.kind == "p" and t.text in ")]":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ((t.kind == "p" and t.text == ",") or (t.kind == "w" and (
                up[i] in _STOP or (up[i] == "CHARACTER" and i + 1 < n and up[i + 1] == "SET")))):
            break
        i += 1
    return i


def _column(tokens: Sequence[Token], up: Sequence[str], dialect: str, source: str) -> ColumnSpec:
    name = name_of(tokens[0], dialect)
    n = len(tokens)
    i = type_end(tokens, up, 1)
    col = ColumnSpec(name=name, raw_type=text_of(tokens, 1, i, source).strip())
    pending_name: str | None = None
    while i < n:
        w = up[i]
        if w == "NOT" and i + 1 < n and up[i + 1] == "NULL":
            col.nullable = False
            i += 2
        elif w == "NULL":
            col.nullable = True if col.nullable is None else col.nullable
            i += 1
        elif w == "CONSTRAINT" and i + 1 < n:
            pending_name = name_of(tokens[i + 1], dialect)
            i += 2
        elif w == "DEFAULT":
            end = _expr_end(tokens, i + 1, up)
            raw = text_of(tokens, i + 1, end, source)
            if raw.strip().upper().split("::")[0].strip("() ") != "NULL":
                col.default = to_postgres(raw, dialect)
                if col.default is None and raw:
                    col.extra.append(f'default "{raw[:40]}" of "{name}" could not be converted; dropped')
            i = end
        elif w == "PRIMARY":
            col.primary_key = True
            i += 2
        elif w == "UNIQUE":
            col.unique = True
            i += 1
        elif w == "REFERENCES":
            fk, i = _references(tokens, up, i + 1, dialect, [name])
            fk.name = pending_name
            col.fk = fk
        elif w == "CHECK" and i + 1 < n and tokens[i + 1].text == "(":
            end = matching(tokens, i + 1)
            col.check = to_postgres(text_of(tokens, i + 2, end, source), dialect)
            i = end + 1
        elif w in ("AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY"):
            col.identity = "by default"
            i += 1
            if i < n and tokens[i].text == "(":
                i = matching(tokens, i) + 1
        elif w == "GENERATED":
            i = _generated(tokens, up, i, col, dialect, source)
        elif w == "AS" and i + 1 < n and tokens[i + 1].text == "(":
            end = matching(tokens, i + 1)
            col.generated = to_postgres(text_of(tokens, i + 2, end, source), dialect)
            i = end + 1
        elif w == "AS" and i == 1 and i + 1 < n:  # T-SQL: name AS expression [PERSISTED] [NOT NULL]
            end = _expr_end(tokens, i + 1, up)
            while end > i + 1 and up[end - 1] == "PERSISTED":
                end -= 1
            col.generated = to_postgres(text_of(tokens, i + 1, end, source), dialect)
            i = end
        elif w == "COMMENT" and i + 1 < n and tokens[i + 1].kind == "s":
            col.note = _string(tokens[i + 1].text)
            i += 2
        elif w in ("COLLATE", "CHARSET") and i + 1 < n:
            i += 2
        elif w == "CHARACTER" and i + 2 < n and up[i + 1] == "SET":
            i += 3
        elif w == "ON" and i + 1 < n and up[i + 1] == "UPDATE":
            i = _expr_end(tokens, i + 2, up)
        else:
            if w not in _HARMLESS:
                col.ignored.append(tokens[i].text)
            i += 1
    return col


def _generated(tokens: Sequence[Token], up: Sequence[str], i: int, col: ColumnSpec, dialect: str, source: str) -> int:
    n = len(tokens)
    j = i + 1
    always = j < n and up[j] == "ALWAYS"
    while j < n and up[j] in ("ALWAYS", "BY", "DEFAULT", "ON", "NULL", "AS"):
        j += 1
    if j < n and up[j] == "IDENTITY":
        col.identity = "always" if always else "by default"
        j += 1
        if j < n and tokens[j].text == "(":
            j = matching(tokens, j) + 1
        return j
    if j < n and tokens[j].text == "(":
        end = matching(tokens, j)
        col.generated = to_postgres(text_of(tokens, j + 1, end, source), dialect)
        return end + 1
    return j


def _string(text: str) -> str:
    body = text[text.index("'") + 1:]
    body = body[:-1] if body.endswith("'") else body
    return body.replace("''", "'")


def _references(tokens: Sequence[Token], up: Sequence[str], i: int, dialect: str, columns: list[str]) -> tuple[FKSpec, int]:
    target, i = qualified_name(tokens, i, dialect)
    ref_cols, i = read_name_list(tokens, i, dialect)
    fk = FKSpec(columns=columns, target=target, ref_columns=ref_cols)
    n = len(tokens)
    while i < n:
        w = up[i]
        if w == "ON" and i + 2 < n and up[i + 1] in ("DELETE", "UPDATE"):
            event, action = up[i + 1], _ACTIONS.get(up[i + 2])
            step = 3
            if up[i + 2] == "SET" and i + 3 < n:
                action = "set null" if up[i + 3] == "NULL" else "set default"
                step = 4
            elif up[i + 2] == "NO":
                step = 4
            if event == "DELETE":
                fk.on_delete = action
            else:
                fk.on_update = action
            i += step
        elif w == "DEFERRABLE":
            fk.deferrable = True
            i += 1
        elif w == "INITIALLY" and i + 1 < n:
            fk.initially_deferred = up[i + 1] == "DEFERRED"
            i += 2
        elif w in ("MATCH", "NOT") and i + 1 < n:
            i += 2
        elif w in ("PRIMARY", "UNIQUE", "CHECK", "CONSTRAINT", "REFERENCES", "DEFAULT", "NULL"):
            break
        else:
            i += 1
    return fk, i


def _constraint(tokens: Sequence[Token], up: Sequence[str], dialect: str, source: str) -> ConstraintSpec:
    i, n = 0, len(tokens)
    name = None
    if up[0] == "CONSTRAINT" and n > 1:
        name = name_of(tokens[1], dialect)
        i = 2
    if i >= n:
        return ConstraintSpec("other", name, skipped="an empty constraint")
    w = up[i]
    if w == "PRIMARY":
        j = _to_paren(tokens, i)
        cols, _ = read_name_list(tokens, j, dialect)
        return ConstraintSpec("primary key", name, cols)
    if w == "UNIQUE" or w in ("KEY", "INDEX"):
        j = i + 1
        while j < n and tokens[j].text != "(":
            if up[j] not in ("KEY", "INDEX", "CLUSTERED", "NONCLUSTERED", "USING", "BTREE", "HASH") and name is None:
                name = name_of(tokens[j], dialect) if w in ("KEY", "INDEX") or up[i + 1] in ("KEY", "INDEX") else name
            j += 1
        cols, _ = read_name_list(tokens, j, dialect)
        return ConstraintSpec("unique" if w == "UNIQUE" else "index", name, cols)
    if w == "FOREIGN":
        j = _to_paren(tokens, i)
        cols, j = read_name_list(tokens, j, dialect)
        while j < n and up[j] != "REFERENCES":
            j += 1
        if j >= n:
            return ConstraintSpec("foreign key", name, cols, skipped="a foreign key without REFERENCES")
        fk, _ = _references(tokens, up, j + 1, dialect, cols)
        fk.name = name
        return ConstraintSpec("foreign key", name, cols, fk=fk)
    if w == "CHECK" and i + 1 < n and tokens[i + 1].text == "(":
        end = matching(tokens, i + 1)
        expr = to_postgres(text_of(tokens, i + 2, end, source), dialect)
        if expr is None:
            return ConstraintSpec("check", name, skipped="a CHECK that could not be converted")
        return ConstraintSpec("check", name, expression=expr)
    return ConstraintSpec("other", name, skipped=f"a {w.lower()} constraint")


def _to_paren(tokens: Sequence[Token], i: int) -> int:
    while i < len(tokens) and tokens[i].text != "(":
        i += 1
    return i
