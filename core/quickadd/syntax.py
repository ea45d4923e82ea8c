"""The tokenizer shared by the quick-add attribute line and the one-line constraint syntax.

A quick-add line is short and typed by hand, so the tokenizer is forgiving: words (identifiers,
type names, numbers, ``text[]``), double-quoted identifiers, single-quoted strings, balanced
parenthesised groups (kept whole, so ``numeric(12, 2)`` and ``(price >= 0)`` are one token each),
``->``, commas, any other operator character, and a trailing ``-- note``. Every token keeps its
span in the line, so errors can point at a column and expressions can be sliced out verbatim.

>>> [t.text for t in tokenize("price numeric(12, 2) check (price >= 0) -- in cents")]
['price', 'numeric', '(12, 2)', 'check', '(price >= 0)', '-- in cents']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.errors import CommandError

TokenKind = Literal["word", "quoted", "string", "group", "arrow", "comma", "op", "comment"]

_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.[]:")


class QuickAddError(CommandError):
    """A quick-add or constraint line that cannot be understood; ``column`` is 0-based."""

    def __init__(self, message: str, column: int = 0) -> None:
        self.column = column
        super().__init__(message)


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text as written and its ``[start, end)`` span in the line."""

    kind: TokenKind
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        """The text in lower case (keywords are case-insensitive)."""
        return self.text.lower()

    def is_word(self, *words: str) -> bool:
        """Whether this is an unquoted word equal (case-insensitively) to one of ``words``."""
        return self.kind == "word" and self.lower in words


def tokenize(text: str) -> list[Token]:
    """Split a line into tokens; an unbalanced bracket or quote is a :class:`QuickAddError`.

    >>> [(t.kind, t.text) for t in tokenize('"Order Id" -> orders, x')]
    [('quoted', '"Order Id"'), ('arrow', '->'), ('word', 'orders'), ('comma', ','), ('word', 'x')]
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("--", i):
            tokens.append(Token("comment", text[i:].rstrip(), i, n))
            i = n
        elif text.startswith("->", i):
            tokens.append(Token("arrow", "->", i, i + 2))
            i += 2
        elif ch in "\"'":
            end = _close_quote(text, i)
            tokens.append(Token("quoted" if ch == '"' else "string", text[i:end], i, end))
            i = end
        elif ch == "(":
            end = _close_group(text, i)
            tokens.append(Token("group", text[i:end], i, end))
            i = end
        elif ch == ")":
            raise QuickAddError("a closing parenthesis without its opening one", i)
        elif ch == ",":
            tokens.append(Token("comma", ",", i, i + 1))
            i += 1
        elif ch in _WORD_CHARS or ch.isalnum():
            j = i
            while j < n and (text[j] in _WORD_CHARS or text[j].isalnum()):
                j += 1
            tokens.append(Token("word", text[i:j], i, j))
            i = j
        else:
            tokens.append(Token("op", ch, i, i + 1))
            i += 1
    return tokens


def _close_quote(text: str, start: int) -> int:
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == quote:
            if i + 1 < len(text) and text[i + 1] == quote:  # doubled quote: an escaped one
                i += 2
                continue
            return i + 1
        i += 1
    what = "identifier" if quote == '"' else "string"
    raise QuickAddError(f"the quoted {what} is not closed: add a {quote}", start)


def _close_group(text: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            i = _close_quote(text, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise QuickAddError("a parenthesis is not closed: add a )", start)


def identifier(token: Token) -> str:
    """The name a word or quoted-identifier token stands for (quotes removed, ``""`` unescaped)."""
    if token.kind == "quoted":
        return token.text[1:-1].replace('""', '"')
    if token.kind != "word":
        raise QuickAddError(f'expected a name, found "{token.text}"', token.start)
    return token.text


def qualified_name(tokens: Sequence[Token], i: int) -> tuple[str | None, str, int]:
    """Read ``name``, ``schema.name``, ``"Schema"."Name"`` (any mix) starting at ``tokens[i]``:
    the schema (or ``None``), the name, and the index of the next token.

    >>> qualified_name(tokenize('sales."Big Customer" (id)'), 0)
    ('sales', 'Big Customer', 2)
    """
    first = tokens[i]
    if first.kind == "word" and first.text.endswith(".") and i + 1 < len(tokens) \
            and tokens[i + 1].kind == "quoted" and tokens[i + 1].start == first.end:
        return first.text[:-1], identifier(tokens[i + 1]), i + 2
    if first.kind == "quoted" and i + 1 < len(tokens) and tokens[i + 1].start == first.end:
        nxt = tokens[i + 1]
        if nxt.kind == "word" and nxt.text.startswith(".") and len(nxt.text) > 1:
            return identifier(first), nxt.text[1:], i + 2
        if nxt.kind == "word" and nxt.text == "." and i + 2 < len(tokens) and tokens[i + 2].kind == "quoted":
            return identifier(first), identifier(tokens[i + 2]), i + 3
    if first.kind == "word" and "." in first.text.strip("."):
        schema, _, name = first.text.rpartition(".")
        return schema, name, i + 1
    return None, identifier(first), i + 1


def quote_name(name: str) -> str:
    """``name`` as it can be typed back into a line: bare when it is a plain word, else quoted.

    >>> quote_name("email"), quote_name("Order Id")
    ('email', '"Order Id"')
    """
    plain = name and (name[0].isalpha() or name[0] == "_") and all(
        c.isalnum() or c in "_$" for c in name)
    return name if plain and name.lower() not in RESERVED else '"' + name.replace('"', '""') + '"'


def split_names(group: Token) -> tuple[str, ...]:
    """The names listed in a parenthesised group: ``(a, "B c")`` is ``("a", "B c")``."""
    if group.kind != "group":
        raise QuickAddError(f'expected a list of names in parentheses, found "{group.text}"', group.start)
    inner = tokenize(group.text[1:-1])
    names: list[str] = []
    expect_name = True
    for tok in inner:
        pos = tok.start + group.start + 1
        if expect_name:
            if tok.kind not in ("word", "quoted"):
                raise QuickAddError(f'expected a column name, found "{tok.text}"', pos)
            names.append(identifier(tok))
        elif tok.kind != "comma":
            raise QuickAddError(f'expected a comma between column names, found "{tok.text}"', pos)
        expect_name = not expect_name
    if not names:
        raise QuickAddError("the list of columns is empty", group.start)
    if expect_name:
        raise QuickAddError("a column name is missing after the last comma", group.end - 1)
    return tuple(names)


def group_items(group: Token) -> list[tuple[str, int]]:
    """The comma-separated items of a parenthesised group as ``(text, column)`` pairs."""
    inner = group.text[1:-1]
    items: list[tuple[str, int]] = []
    start = 0
    for tok in [*tokenize(inner), Token("comma", ",", len(inner), len(inner))]:
        if tok.kind == "comma":
            piece = inner[start:tok.start]
            if not piece.strip():
                raise QuickAddError("an item of the list is empty", group.start + 1 + start)
            items.append((piece.strip(), group.start + 1 + start + (len(piece) - len(piece.lstrip()))))
            start = tok.end
    return items


def span_text(text: str, tokens: Sequence[Token]) -> str:
    """The source text covered by ``tokens`` (from the first one's start to the last one's end)."""
    return text[tokens[0].start:tokens[-1].end] if tokens else ""


#: Words that stay quoted when a name is written back (they start a modifier or a clause).
RESERVED = frozenset((
    "not", "null", "pk", "primary", "key", "unique", "default", "check", "identity", "references",
    "generated", "on", "constraint", "foreign", "index", "using", "where", "include", "with", "name",
    "as", "nulls", "asc", "desc", "first", "last", "deferrable", "initially", "deferred", "immediate",
    "always", "by", "stored",
))
