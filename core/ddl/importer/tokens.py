"""A small, forgiving SQL tokenizer for the importer's own readers (no grammar, never raises).

>>> [t.text for t in tokenize("CREATE TABLE [dbo].[x] (a int)", "tsql")]
['CREATE', 'TABLE', '[dbo]', '.', '[x]', '(', 'a', 'int', ')']
>>> name_of(tokenize('"Order Details"', "postgres")[0], "postgres"), name_of(tokenize("Foo", "postgres")[0], "postgres")
('Order Details', 'foo')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["Token", "matching", "name_of", "split_top", "tokenize", "upper_words", "words"]


class Token(NamedTuple):
    """A token: kind (``w`` word, ``q`` quoted identifier, ``s`` string, ``n`` number, ``p``
    punctuation or operator), its text and where it starts in the statement."""

    kind: str
    text: str
    pos: int


_WORD = r"(?P<w>(?!{prefixes}')[^\W\d][\w$#@]*+|[@#][\w$#@]*+)"
_REST = r"""
|(?P<n>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)
|(?P<d>\$(?:[A-Za-z_]\w*)?\$)
|(?P<p>::|<>|!=|<=|>=|\|\||=>|[^\s\w])
"""
_STRING_STD = r"(?P<s>[Ee]'(?:[^'\\]|\\[\s\S]|'')*'?|[NnXxBbUu]?'(?:[^']|'')*'?)"
_STRING_BS = r"(?P<s>[NnXxBb_]?'(?:[^'\\]|\\[\s\S]|'')*'?)"
_QUOTED = r'(?P<q>"(?:[^"]|"")*"?|`(?:[^`]|``)*`?'
_BRACKET = r"|\[(?:[^\]]|\]\])*\]?"


def _tokenizer(dialect: str) -> re.Pattern[str]:
    """Words first (most tokens are words), unless the letter opens a string (``N'...'``)."""
    mysql = dialect == "mysql"
    return re.compile(
        r"\s*+(?:" + _WORD.format(prefixes="[NnXxBb_]" if mysql else "[EeNnXxBbUu]") + "|"
        + (_STRING_BS if mysql else _STRING_STD) + "|" + _QUOTED
        + (_BRACKET if dialect in ("tsql", "sqlite") else "") + ")" + _REST + ")",
        re.VERBOSE,
    )


#: Leading white space is part of each match, so that a run of blanks (schema dumps align their
#: columns with dozens) costs one step instead of a failed attempt per character.
_TOKENIZERS = {d: _tokenizer(d) for d in ("postgres", "mysql", "sqlite", "tsql", "oracle")}
#: The kind of each group, by its number (``Match.lastindex`` is cheaper than ``lastgroup``).
_KINDS = {d: ("", *sorted(p.groupindex, key=p.groupindex.__getitem__)) for d, p in _TOKENIZERS.items()}


def tokenize(text: str, dialect: str) -> list[Token]:
    """The tokens of ``text`` (comments are gone already: the pre-pass drops them)."""
    if "$" not in text:  # no dollar quoting: one token per match
        new, kinds = tuple.__new__, _KINDS[dialect]
        return [new(Token, (kinds[k], m.group(k), m.start(k)))
                for m in _TOKENIZERS[dialect].finditer(text) if (k := m.lastindex)]
    out: list[Token] = []
    append = out.append
    new = tuple.__new__  # Token(...) without the named tuple's Python-level constructor
    i = 0
    for m in _TOKENIZERS[dialect].finditer(text):
        kind = m.lastgroup
        if kind is None:  # trailing white space
            continue
        start, end = m.span(kind)
        if start < i:
            continue
        if kind == "d":  # a dollar-quoted string: find its end
            tag = text[start:end]
            close = text.find(tag, end)
            end = len(text) if close < 0 else close + len(tag)
            append(new(Token, ("s", text[start:end], start)))
            i = end
            continue
        append(new(Token, (kind, text[start:end], start)))
    return out


def name_of(token: Token, dialect: str) -> str:
    """The identifier a token names: quotes removed; PostgreSQL folds unquoted names to lower case."""
    text = token.text
    if token.kind == "q":
        if text[0] == "[":
            return text[1:-1].replace("]]", "]") if text.endswith("]") else text[1:]
        q = text[0]
        inner = text[1:-1] if len(text) > 1 and text.endswith(q) else text[1:]
        return inner.replace(q + q, q)
    if token.kind == "s":  # MySQL accepts 'name' in a few places
        return text.strip("'")
    return text.lower() if dialect == "postgres" else text


def words(text: str) -> frozenset[str]:
    """The set of the space-separated words of ``text`` (keyword tables)."""
    return frozenset(text.split())


def upper_words(tokens: Sequence[Token]) -> list[str]:
    """Token texts in upper case for words, unchanged otherwise (for keyword matching)."""
    return [t.text.upper() if t.kind == "w" else t.text for t in tokens]


def split_top(tokens: Sequence[Token], start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """Ranges ``(a, b)`` of the comma-separated items between ``start`` and ``stop`` at depth 0."""
    stop = len(tokens) if stop is None else stop
    items: list[tuple[int, int]] = []
    depth, a = 0, start
    for i in range(start, stop):
        t = tokens[i].text
        if t in "([" and tokens[i].kind == "p":
            depth += 1
        elif t in ")]" and tokens[i].kind == "p":
            depth -= 1
        elif t == "," and depth == 0:
            items.append((a, i))
            a = i + 1
    if a < stop:
        items.append((a, stop))
    return items


def matching(tokens: Sequence[Token], i: int) -> int:
    """The index of the ``)`` closing the ``(`` at ``i`` (or the last token)."""
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.kind == "p":
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
                if depth == 0:
                    return j
    return len(tokens) - 1
