"""The script pre-pass against two oracles, on random scripts full of traps.

1. A simple reference splitter written here character by character, for the grammar the
   scripts are drawn from: strings (with ``''``, backslash escapes in MySQL and ``E'...'``),
   quoted identifiers, line and block comments (nested in PostgreSQL), dollar quotes, ``GO``
   batches, SQL*Plus ``/`` lines and MySQL ``DELIMITER`` blocks, each holding ``;``, ``--``,
   ``/*`` or the delimiter where they do not end anything.
2. The pre-pass itself with its fast paths turned off (``run_re`` and ``statement_re`` matching
   nothing), so that
   every character goes through the state machine: the statements must be the same.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import replace
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ddl.importer.lexing import ScanRules
from core.ddl.script import split_script

_DATA = ("INSERT", "UPDATE", "DELETE")
_SPACE = re.compile(r"\s+")
_FIRST_WORD = re.compile(r"[A-Za-z_]\w*")
_QUOTES = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\[[^\]]*\]")


# -- the scripts --------------------------------------------------------------------------

def _words(dialect: str) -> list[str]:
    words = ["a", "b1", "x_y", "end", "(", ")", ",", "=", "-", "*", "42", "3.5", "e", "Ee"]
    if dialect != "oracle":  # a '/' or '.' alone on a line ends an SQL*Plus statement
        words += ["/", "a.b"]
    if dialect == "postgres":
        words += ["$1", "a$b"]
    return words


_TEXT = st.text(alphabet=list("ab ;-/*'\"`[]$\\#\n"), max_size=12)


@st.composite
def _fragment(draw: st.DrawFn, dialect: str) -> str:
    kind = draw(st.sampled_from(["word"] * 6 + ["string", "quoted", "comment", "block", "special"]))
    body = draw(_TEXT)
    if kind == "word":
        return draw(st.sampled_from(_words(dialect)))
    if kind == "string":
        if dialect == "mysql":  # backslash escapes
            inner = body.replace("\\", "\\\\").replace("'", draw(st.sampled_from(["''", "\\'"])))
            return f"'{inner}'"
        inner = body.replace("'", "''")
        if draw(st.booleans()):  # E'...' takes backslash escapes everywhere
            return "E'" + body.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return f"'{inner}'"
    if kind == "quoted":
        quotes = ['"'] + (["`"] if dialect in ("mysql", "sqlite") else []) + (["["] if dialect in ("sqlite", "tsql") else [])
        q = draw(st.sampled_from(quotes))
        if q == "[":
            return "[" + body.replace("]", "]]") + "]"
        return q + body.replace(q, q + q) + q
    if kind == "comment":
        mark = draw(st.sampled_from(["-- ", "# "] if dialect in ("mysql", "sqlite") else ["-- ", "--"]))
        return mark + body.replace("\n", " ") + "\n"
    if kind == "block":
        inner = body.replace("*/", "* /").replace("/*", "/ *")
        if dialect == "postgres" and draw(st.booleans()):
            return f"/* {inner} /* nested */ {inner} */"
        if dialect == "mysql" and inner.startswith("!"):
            inner = " " + inner
        return f"/*{inner}*/"
    if dialect == "postgres":  # dollar quotes
        tag = draw(st.sampled_from(["$$", "$f$", "$body$"]))
        return tag + body.replace("$", "") + tag
    return draw(st.sampled_from(_words(dialect)))


@st.composite
def scripts(draw: st.DrawFn, dialect: str) -> str:
    out: list[str] = []
    delimiter = ";"
    for _ in range(draw(st.integers(1, 6))):
        if dialect == "mysql" and draw(st.integers(0, 3)) == 0:
            delimiter = draw(st.sampled_from([";", "//", "$$", ";;", "|"]))
            out.append(f"\nDELIMITER {delimiter}\n")
        head = draw(st.sampled_from(["CREATE TABLE t", "SELECT", "INSERT INTO t VALUES", "UPDATE t SET",
                                     "ALTER TABLE t ADD", "COMMENT ON TABLE t IS"]))
        parts = [head] + [draw(_fragment(dialect)) for _ in range(draw(st.integers(0, 8)))]
        seps = [draw(st.sampled_from([" ", "\n", "\t", "  \n  "])) for _ in parts]
        statement = "".join(p + s for p, s in zip(parts, seps, strict=True))
        if dialect == "tsql" and draw(st.booleans()):
            out.append(statement + "\nGO\n")
        elif dialect == "oracle" and draw(st.booleans()):
            out.append(statement + "\n/\n")
        else:
            out.append(statement + delimiter + draw(st.sampled_from(["\n", " ", "\n\n"])))
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(_fragment(dialect)) if draw(st.booleans()) else "-- between\n")
    if dialect == "mysql" and delimiter != ";":
        out.append("\nDELIMITER ;\n")
    return "".join(out)


# -- the reference splitter ----------------------------------------------------------------

def reference(text: str, dialect: str) -> list[tuple[int, str]]:
    """(first line, text with comments as blanks) of each statement, data statements empty."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    start = 0
    line = 1
    delimiter = ";"
    i, n = 0, len(text)

    def end() -> None:
        nonlocal buf, start
        code = "".join(buf).strip()
        if code:  # the first word outside quotes says whether it is data
            first = _FIRST_WORD.search(_QUOTES.sub(" ", code))
            out.append((start, "" if first and first.group().upper() in _DATA else code))
        buf, start = [], 0

    def take(s: str) -> None:
        nonlocal start
        if not buf and not s.strip():
            return
        if not buf:
            start = line + s[:len(s) - len(s.lstrip())].count("\n")
        buf.append(s)

    while i < n:
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start:
            eol = text.find("\n", i)
            eol = n if eol < 0 else eol
            row = text[i:eol].strip()
            if (dialect == "tsql" and row.upper() == "GO") or (dialect == "oracle" and row == "/"):
                end()
                line += 1 if eol < n else 0
                i = eol + 1
                continue
            if dialect == "mysql" and not "".join(buf).strip() and row.upper().startswith("DELIMITER "):
                delimiter = row.split()[1]
                line += 1 if eol < n else 0
                i = eol + 1
                continue
        c = text[i]
        if text.startswith(delimiter, i):
            end()
            i += len(delimiter)
            continue
        if c == "'" or (c in "eE" and text.startswith("'", i + 1) and not (i and text[i - 1].isalnum())):
            j = i + (2 if c != "'" else 1)
            backslash = dialect == "mysql" or c != "'"
            while j < n:
                if backslash and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == "'":
                    if text.startswith("''", j):
                        j += 2
                        continue
                    break
                j += 1
            piece = text[i:j + 1]
        elif c in "\"`[" and (c == '"' or (c == "`" and dialect in ("mysql", "sqlite"))
                               or (c == "[" and dialect in ("sqlite", "tsql"))):
            close = "]" if c == "[" else c
            j = i + 1
            while j < n:
                if text[j] == close:
                    if text.startswith(close * 2, j):
                        j += 2
                        continue
                    break
                j += 1
            piece = text[i:j + 1]
        elif (text.startswith("--", i) and (dialect != "mysql" or text[i + 2:i + 3] in (" ", "\t", "\n", ""))) or (
                c == "#" and dialect in ("mysql", "sqlite")):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if dialect == "postgres" and text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            line += text.count("\n", i, j)
            i = j
            if buf:
                buf.append(" ")
            continue
        elif c == "$" and dialect == "postgres" and (m := re.match(r"\$(?:[A-Za-z_]\w*)?\$", text[i:])) and not (
                i and (text[i - 1].isalnum() or text[i - 1] in "_$")):
            tag = m.group()
            j = text.find(tag, i + len(tag))
            piece = text[i:(n if j < 0 else j + len(tag))]
        else:
            piece = c
        take(piece)
        line += piece.count("\n")
        i += len(piece)
    end()
    return out


def _ours(text: str, dialect: str) -> list[tuple[int, str]]:
    return [(s.line, s.text) for s in split_script(text, dialect) if not s.client]


def _squeezed(statements: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(line, _SPACE.sub(" ", code).strip()) for line, code in statements]


_NOTHING = re.compile(r"(?!)")


@contextlib.contextmanager
def _slow_scanner() -> Iterator[None]:
    """The pre-pass without its fast path: every token through the state machine."""
    from core.ddl import script

    rules_for, with_delimiter = script.rules_for, ScanRules.with_delimiter
    with mock.patch.object(script, "rules_for", lambda d: replace(rules_for(d), run_re=_NOTHING, statement_re=_NOTHING)), \
            mock.patch.object(ScanRules, "with_delimiter",
                              lambda self, d: replace(with_delimiter(self, d), run_re=_NOTHING, statement_re=_NOTHING)):
        yield


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite", "tsql", "oracle"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_pre_pass_agrees_with_a_reference_splitter(dialect: str, data: st.DataObject) -> None:
    text = data.draw(scripts(dialect))
    assert _squeezed(_ours(text, dialect)) == _squeezed(reference(text, dialect))


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite", "tsql", "oracle"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_path_changes_nothing(dialect: str, data: st.DataObject) -> None:
    text = data.draw(scripts(dialect))
    fast = [(s.text, s.line, s.end_line, s.kind, s.client) for s in split_script(text, dialect)]
    with _slow_scanner():
        slow = [(s.text, s.line, s.end_line, s.kind, s.client) for s in split_script(text, dialect)]
    assert fast == slow


def test_found_by_the_reference_a_data_statement_under_a_slash_delimiter_ends_there() -> None:
    text = "DELIMITER //\nINSERT INTO t VALUES (1, 2, 3, 4, 5, 6) -- \n //\nDELIMITER ;\nCREATE TABLE t (a int);\n"
    assert [(s.line, s.kind) for s in split_script(text, "mysql") if not s.client] == [
        (2, "insert"), (5, "create table")]


def test_found_by_the_reference_an_escaped_quote_in_a_data_statement_is_no_end() -> None:
    text = "INSERT INTO t VALUES (1, 2, 3, 4, 5, E'\\';' );\nCREATE TABLE t (a int);\n"
    assert [(s.line, s.kind, s.text) for s in split_script(text, "postgres")] == [
        (1, "insert", ""), (2, "create table", "CREATE TABLE t (a int)")]
    assert [s.text for s in split_script("INSERT INTO t VALUES (1 /* never closed", "postgres")] == [""]
