"""The script pre-pass: split a SQL script into statements the way the dialect's client does.

Each dialect's command-line client decides what a statement is before the server sees it:
``GO`` batches and ``:setvar``/``$(var)`` for ``sqlcmd`` (T-SQL), SQL*Plus commands and the
``/`` line for Oracle, ``DELIMITER`` and ``source`` for the ``mysql`` client, meta-commands,
dollar quoting and ``COPY ... FROM stdin`` data blocks for ``psql``, dot-commands and trigger
bodies for ``sqlite3``. :func:`split_script` does the same, streaming: it reads the text chunk
by chunk (a line, or 1 MB of a longer line), keeps the line number where each statement starts,
drops comments, and never buffers the text of a data statement (``INSERT``, ``COPY`` rows...):
those are recognised from their first words and only counted.

>>> [(s.line, s.kind, s.text) for s in split_script("SELECT 1;\\n-- note\\nCREATE TABLE t (a int)", "postgres")]
[(1, 'select', 'SELECT 1'), (3, 'create table', 'CREATE TABLE t (a int)')]
>>> [(s.line, s.kind) for s in split_script("CREATE TABLE t (a int)\\nGO\\nINSERT t VALUES (1)\\n", "tsql")]
[(1, 'create table'), (3, 'insert')]
"""

from __future__ import annotations

import io
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

from core.ddl.importer.classify import DATA_KINDS, classify
from core.ddl.importer.lexing import ScanRules, client_command, rules_for

__all__ = ["DIALECTS", "Statement", "chunks_of", "split_script"]

#: The dialects the importer reads, as accepted by ``--dialect``.
DIALECTS = ("postgres", "mysql", "sqlite", "tsql", "oracle")

_BLOCK_CHARS = 1 << 18
_LONG_LINE = 1 << 20


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a script: its code without comments (empty for a skipped data
    statement), the 1-based lines where it starts and ends, and its kind (``create table``,
    ``insert``, ``psql meta-command``...)."""

    text: str
    line: int
    end_line: int
    kind: str
    client: bool = False


def chunks_of(source: str | io.TextIOBase | Iterable[str]) -> Iterator[str]:
    """The text as blocks of whole lines (about 256 KB; a longer line is cut at 1 MB)."""
    if isinstance(source, str):
        source = io.StringIO(source, newline=None)
    if isinstance(source, io.TextIOBase):
        reader = source
        while block := reader.read(_BLOCK_CHARS):
            if not block.endswith("\n"):
                block += reader.readline(_LONG_LINE)
            yield block
        return
    yield from source


def split_script(source: str | io.TextIOBase | Iterable[str], dialect: str) -> Iterator[Statement]:
    """Split a script into statements as ``dialect``'s client would, streaming.

    Parameters
    ----------
    source
        The script text, a text stream, or an iterable of chunks (usually lines).
    dialect
        One of :data:`DIALECTS`.

    Yields
    ------
    Statement
        In script order; client commands (``\\set``, ``rem``, ``:setvar``, ``DELIMITER``...) come
        out as statements with ``client=True`` so they can be counted.
    """
    splitter = _Splitter(rules_for(dialect))
    for chunk in chunks_of(source):
        yield from splitter.feed(chunk)
    yield from splitter.finish()


_CODE, _SQ, _DQ, _BQ, _BR, _LINE, _BLOCK, _DOLLAR, _COPY = range(9)
_CLOSERS = {_DQ: '"', _BQ: "`", _BR: "]"}
_END_WORD = re.compile(r"\bEND\s*$", re.IGNORECASE)
_COPY_STDIN = re.compile(r"\bFROM\s+STDIN\b", re.IGNORECASE)
_COPY_END = re.compile(r"^\\\.\r?$", re.MULTILINE)


class _Splitter:
    """The state machine behind :func:`split_script` (one instance per script).

    It scans a block of text token by token (quotes, comments, terminators and the line starts
    where a client command may stand), keeping the code of the pending statement in ``buf``.
    """

    def __init__(self, rules: ScanRules) -> None:
        self.rules = rules
        self.state = _CODE
        self.backslash = False
        self.depth = 0  # nested block comments (PostgreSQL)
        self.tag = ""
        self.cond = 0  # open MySQL /*! ... */ conditional comments
        self.delimiter = ";"
        self.variables: dict[str, str] = {}
        self.text = ""
        self.line = 1  # line number at position ``mark`` of ``text``
        self.mark = 0
        self.base = 1  # line number at the start of ``text``
        self._reset()

    def _reset(self) -> None:
        self.buf: list[str] = []
        self.start = 0
        self.kind: str | None = None
        self.skip = False
        self.paren = 0

    def line_at(self, pos: int) -> int:
        """The line number of position ``pos`` of the current block."""
        if pos < self.mark:
            self.line, self.mark = self.base, 0
        self.line += self.text.count("\n", self.mark, pos)
        self.mark = pos
        return self.line

    def feed(self, block: str) -> Iterator[Statement]:
        if self.rules.substitutes and self.variables and "$(" in block:
            block = self.rules.substitute(block, self.variables)
        self.text = block
        self.mark = 0
        self.base = self.line
        yield from self._scan()
        self.line_at(len(block))
        self.base, self.mark = self.line, 0

    def finish(self) -> Iterator[Statement]:
        if self.buf or self.skip:
            yield from self._end(self.line)

    # -- the scanner ------------------------------------------------------------------------

    def _take(self, a: int, b: int) -> None:
        if a >= b or self.skip:
            return
        piece = self.text[a:b]
        if not self.buf:
            stripped = piece.lstrip()
            if not stripped:
                return
            self.start = self.line_at(b - len(stripped))
            piece = stripped
        self.buf.append(piece)
        if self.kind is None:
            head = "".join(self.buf)
            if len(head) > 200 or len(head.split()) > 8:
                self._classify(head)

    def _space(self) -> None:
        if self.buf and not self.skip:
            self.buf.append(" ")

    def _classify(self, head: str) -> None:
        self.kind = classify(head, self.rules.dialect)
        if self.kind in DATA_KINDS:
            self.skip = True
            self.buf = []
            self.paren = 0

    def _scan(self) -> Iterator[Statement]:
        text = self.text
        pos, n = 0, len(text)
        while pos < n:
            state = self.state
            rules = self.rules
            if state == _CODE:
                if self.skip:
                    pos = rules.skip_re.match(text, pos).end()  # type: ignore[union-attr]
                    if pos >= n:
                        break
                else:  # plain text and whole quotes at once
                    if not self.buf and rules.delimiter == ";":
                        whole = rules.statement_re.match(text, pos)
                        if whole is not None:  # a whole statement up to its ';', most often
                            end = whole.end() - 1
                            code = text[pos:end]
                            stripped = code.lstrip()
                            kind = classify(stripped, rules.dialect) if stripped else None
                            if kind is None or (kind not in rules.block_kinds and kind not in _NOT_WHOLE):
                                if stripped:
                                    line = self.line_at(end - len(stripped))
                                    stripped = stripped.rstrip()
                                    yield Statement("" if kind in DATA_KINDS else stripped, line,
                                                    max(self.line_at(end), line), kind or "other")
                                pos = end + 1
                                continue
                    run = rules.run_re.match(text, pos)
                    if run is not None and run.end() > pos:
                        self._take(pos, run.end())
                        pos = run.end()
                m = rules.code_re.search(text, pos)
                if m is None:
                    self._take(pos, n)
                    break
                start = m.start()
                self._take(pos, start)
                if m.group(1) is not None:  # a line start where a client command may stand
                    pos = yield from self._line_command(start, m.end())
                    text, n = self.text, len(self.text)
                else:
                    pos = m.end()
                    yield from self._token(m.group(), start, pos)
            elif state == _SQ:
                body = rules.sq_bs_re if self.backslash else rules.sq_re
                end = body.match(text, pos).end()  # type: ignore[union-attr]
                if end >= n:
                    self._take(pos, n)
                    break
                self._take(pos, end + 1)
                pos = end + 1
                self.state = _CODE
            elif state in _CLOSERS:
                pos = self._closer(_CLOSERS[state], pos)
            elif state == _LINE:
                i = text.find("\n", pos)
                if i < 0:
                    break
                pos = i
                self.state = _CODE
            elif state == _BLOCK:
                pos = self._block(pos)
            elif state == _DOLLAR:
                i = text.find(self.tag, pos)
                if i < 0:
                    self._take(pos, n)
                    break
                self._take(pos, i + len(self.tag))
                pos = i + len(self.tag)
                self.state = _CODE
            else:  # COPY ... FROM stdin data, up to a line "\."
                m = _COPY_END.search(text, pos)
                if m is None:
                    break
                pos = m.end()
                self.state = _CODE

    def _closer(self, closer: str, pos: int) -> int:
        text, n = self.text, len(self.text)
        i = pos
        while True:
            i = text.find(closer, i)
            if i < 0 or i + 1 >= n or text[i + 1] != closer:
                break
            i += 2
        if i < 0:
            self._take(pos, n)
            return n
        self._take(pos, i + 1)
        self.state = _CODE
        return i + 1

    def _block(self, pos: int) -> int:
        text = self.text
        while True:
            close = text.find("*/", pos)
            opened = text.find("/*", pos) if self.rules.nested_comments else -1
            if close < 0 and opened < 0:
                return len(text)
            if opened >= 0 and (close < 0 or opened < close):
                self.depth += 1
                pos = opened + 2
                continue
            self.depth -= 1
            pos = close + 2
            if self.depth <= 0:
                self.depth = 0
                self.state = _CODE
                self._space()
                return pos

    def _line_command(self, start: int, end: int) -> Generator[Statement, None, int]:
        text = self.text
        eol = text.find("\n", start)
        eol = len(text) if eol < 0 else eol + 1
        line = text[start:eol]
        empty = not self.skip and not self.buf
        if self.kind is None and self.buf:
            self._classify("".join(self.buf))
        rules = self.rules
        found = client_command(rules, line, empty, self.kind, self.paren)
        if found is None:  # plain SQL after all
            self._take(start, end)
            return end
        action, value = found
        here = self.line_at(start)
        if action == "split":  # a new T-SQL statement starts on this line (no ';' before)
            yield from self._end(here)
            return start + (len(line) - len(line.lstrip()))
        if action in ("go", "slash"):
            if self.buf or self.skip:
                yield from self._end(here)
            return eol
        if action == "delimiter":
            self.delimiter = value or ";"
            self.rules = rules.with_delimiter(self.delimiter)
        elif action == "setvar":
            name, _, val = value.partition(" ")
            self.variables[name] = val.strip().strip('"')
            self.text = text[:eol] + rules.substitute(text[eol:], self.variables)
        if empty:
            yield Statement(line.strip(), here, here, rules.client_kind, client=True)
        return eol

    def _token(self, tok: str, start: int, end: int) -> Iterator[Statement]:
        c = tok[0]
        if tok == self.delimiter or (c == ";" and self.delimiter == ";"):
            yield from self._terminator(tok, start, end)
        elif c == "'":
            text = self.text
            prev = text[start - 1] if start else ""
            self.backslash = self.rules.backslash or (
                prev in "eE" and (start < 2 or not text[start - 2].isalnum()))
            self.state = _SQ
            self._take(start, end)
        elif c in _OPENERS:
            self.state = _OPENERS[c]
            self._take(start, end)
        elif tok == "--" or c == "#":
            self.state = _LINE
        elif tok.startswith("/*!"):
            self.cond += 1
            self._space()
        elif tok == "/*":
            self.state = _BLOCK
            self.depth = 1
        elif tok == "*/" and self.cond:
            self.cond -= 1
        elif c == "$":
            self.state = _DOLLAR
            self.tag = tok
            self._take(start, end)
        else:
            if c == "(":
                self.paren += 1
            elif c == ")":
                self.paren = max(0, self.paren - 1)
            self._take(start, end)

    def _terminator(self, tok: str, start: int, end: int) -> Iterator[Statement]:
        kind = self.kind
        if kind is None and self.buf:
            self._classify("".join(self.buf))
            kind = self.kind
        rules = self.rules
        if kind is not None and not self.skip and tok == ";" and self.delimiter == ";":
            if kind in rules.block_kinds:  # PL/SQL and T-SQL bodies: ';' is inside
                self._take(start, end)
                return
            if kind == "create trigger" and rules.dialect == "sqlite" and not _END_WORD.search(self.buf[-1]):
                self._take(start, end)
                return
        copy = kind == "copy" and _COPY_STDIN.search("".join(self.buf)) is not None
        yield from self._end(self.line_at(start))
        if copy:
            self.state = _COPY

    def _end(self, line: int) -> Iterator[Statement]:
        text = "".join(self.buf).strip()
        kind = self.kind
        skip = self.skip
        start = self.start or line
        self._reset()
        if not text and not skip:
            return
        if kind is None:
            kind = classify(text, self.rules.dialect)
            skip = kind in DATA_KINDS  # a data statement that ends the script unterminated
        yield Statement(text if not skip else "", start, max(line, start), kind)


_OPENERS = {'"': _DQ, "`": _BQ, "[": _BR}
#: Kinds where a ';' may not end the statement (a SQLite trigger body, COPY data): token by token.
_NOT_WHOLE = frozenset({"create trigger", "copy"})
