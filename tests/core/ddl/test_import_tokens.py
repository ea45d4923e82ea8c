"""The importer's tokenizer against a plain reference: the same tokens for any text.

The tokenizer tries words first (with a look-ahead for string prefixes such as ``N'``) and reads
group numbers instead of names, for speed; the reference below is the straightforward pattern
(strings, quoted names, words, numbers, dollar tags, punctuation, in that order) read by name.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ddl.importer.tokens import Token, tokenize

_COMMON = r"""
 (?P<w>[^\W\d][\w$#@]*|[@#][\w$#@]*)
|(?P<n>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)
|(?P<d>\$(?:[A-Za-z_]\w*)?\$)
|(?P<p>::|<>|!=|<=|>=|\|\||=>|[^\s\w])
"""
_STRING_STD = r"(?P<s>[Ee]'(?:[^'\\]|\\[\s\S]|'')*'?|[NnXxBbUu]?'(?:[^']|'')*'?)"
_STRING_BS = r"(?P<s>[NnXxBb_]?'(?:[^'\\]|\\[\s\S]|'')*'?)"
_QUOTED = r'(?P<q>"(?:[^"]|"")*"?|`(?:[^`]|``)*`?'
_BRACKET = r"|\[(?:[^\]]|\]\])*\]?"
_DIALECTS = ["postgres", "mysql", "sqlite", "tsql", "oracle"]
_REFERENCE = {
    d: re.compile(r"\s*(?:" + (_STRING_BS if d == "mysql" else _STRING_STD) + "|" + _QUOTED
                  + (_BRACKET if d in ("tsql", "sqlite") else "") + ")|" + _COMMON + ")", re.VERBOSE)
    for d in _DIALECTS
}


def reference(text: str, dialect: str) -> list[Token]:
    out: list[Token] = []
    i = 0
    for m in _REFERENCE[dialect].finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        start, end = m.span(kind)
        if start < i:
            continue
        if kind == "d":
            tag = text[start:end]
            close = text.find(tag, end)
            end = len(text) if close < 0 else close + len(tag)
            out.append(Token("s", text[start:end], start))
            i = end
            continue
        out.append(Token(kind, text[start:end], start))
    return out


_PIECES = st.sampled_from([
    "a", "Ab", "E", "e", "N", "n", "X", "B", "U", "_", "_utf8", "E'", "n'", "_'", "b'", "u'", "xE'", "x1", "é", "ñame", "@v", "#t", "$", "$$", "$a$",
    "1", "2.5", ".5", "1e3", "'", "''", "\\", '"', "``", "`", "[", "]", "(", ")", ",", ";", "::", "<>", "!=",
    "<=", ">=", "||", "=>", "-", "+", "*", ".", " ", "  ", "\n", "\t", "--",
])


@pytest.mark.parametrize("dialect", _DIALECTS)
@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_tokens_are_those_of_the_reference(dialect: str, pieces: list[str]) -> None:
    text = "".join(pieces)
    assert tokenize(text, dialect) == reference(text, dialect)


def test_string_prefixes_per_dialect() -> None:
    assert [t.kind for t in tokenize("N'x' E'y' _utf8'z'", "postgres")] == ["s", "s", "w", "s"]
    assert [t.kind for t in tokenize("N'x' E'y' _'z'", "mysql")] == ["s", "w", "s", "s"]
