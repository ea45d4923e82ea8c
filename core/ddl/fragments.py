"""Checks for the SQL the user wrote into the model, before it is placed into DDL.

Defaults, checks, generated columns, index predicates and expressions, policies, partition
bounds, view queries and function bodies are SQL fragments: they are passed through as written
(they are the user's SQL), but first read with sqlglot's PostgreSQL tokenizer so that none can end
the statement it is placed in. A fragment is refused (:class:`~core.errors.DDLError`, naming
where it came from) when it holds a ``;`` outside strings, an unterminated string or comment, a
parenthesis closing one it did not open, or a ``--`` comment (which would swallow the rest of the
generated line). Column types must look like a type; operators like an operator.

>>> expression("price >= 0", "entities[items].checks[0]")
'price >= 0'
>>> expression("0; DROP TABLE users", "entities[t].attributes[a].default")
Traceback (most recent call last):
...
core.errors.DDLError: entities[t].attributes[a].default: ";" ends the statement: an expression cannot contain one outside a string
>>> dollar_tag("select 1"), dollar_tag("x $body$ y")
('$body$', '$body_1$')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import TokenError
from sqlglot.tokenizer_core import Token, TokenType

from core.errors import DDLError

__all__ = ["dollar_tag", "expression", "is_column_name", "operator", "option_value", "parenthesized",
           "statement", "type_text"]

_OPEN = {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE}
_CLOSE = {TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE}

_TYPE_WORD = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")'
_TYPE = re.compile(
    rf"{_TYPE_WORD}(?:\s*\.\s*{_TYPE_WORD})?"  # name or schema.name
    r"(?:\s+[A-Za-z_][A-Za-z0-9_]*)*"  # more words: double precision, character varying
    r"(?:\s*\(\s*[A-Za-z0-9_.+\- ]*(?:,\s*[A-Za-z0-9_.+\- ]*)*\))?"  # (12, 2), (Point, 4326)
    r"(?:\s+(?:with|without)\s+time\s+zone)?"
    r"(?:\s*\[\s*\d*\s*\])*\Z",
    re.IGNORECASE,
)
_OPERATOR = re.compile(r"[+\-*/<>=~!@#%^&|`?]{1,8}\Z|OPERATOR\(\s*[a-z_][a-z0-9_]*\.[+\-*/<>=~!@#%^&|`?]+\s*\)\Z",
                       re.IGNORECASE)
_PLAIN_VALUE = re.compile(r"-?\d+(?:\.\d+)?\Z|[A-Za-z_][A-Za-z0-9_]*\Z")
_COLUMN = re.compile(r'[A-Za-z_][A-Za-z0-9_$]*\Z|"(?:[^"]|"")+"\Z')


Where = str | Callable[[], str]


def _at(where: Where) -> str:
    return where if isinstance(where, str) else where()


def expression(text: str, where: Where, *, top_level_comma: bool = True) -> str:
    """``text`` (stripped) when it is a safe expression to embed; :class:`DDLError` otherwise.

    ``top_level_comma=False`` also refuses a comma outside parentheses (a ``DEFAULT`` is not
    parenthesised, so a comma there would start a new column). ``where`` may be a function
    that says where, called only for the error message.
    """
    problem = _expression_problem(text, top_level_comma)
    if problem is not None:
        raise DDLError(f"{_at(where)}: {problem}")
    return text.strip()


def statement(text: str, where: str) -> tuple[str, bool]:
    """A view query or similar single statement: trailing ``;`` removed, no ``;`` inside.

    Returns the text and whether it holds a comment (then the caller ends the statement on a
    line of its own, so a trailing ``--`` comment cannot swallow the ``;``).
    """
    body = text.strip()
    while body.endswith(";"):
        body = body[:-1].rstrip()
    problem, has_comment = _statement_problem(body)
    if problem is not None:
        raise DDLError(f"{where}: {problem}")
    return body, has_comment


def type_text(text: str, where: Where) -> str:
    """A column type as written (``numeric(12, 2)``, ``timestamp with time zone``, ``text[]``)."""
    stripped = _type_ok(text)
    if stripped is None:
        raise DDLError(f'{_at(where)}: "{text}" is not a type name (like integer, varchar(40), '
                       "numeric(12, 2), text[]); fix the type")
    return stripped


@lru_cache(maxsize=4096)
def _type_ok(text: str) -> str | None:
    stripped = text.strip()
    return stripped if _TYPE.match(stripped) else None


def operator(text: str, where: str) -> str:
    """An operator of an exclusion constraint (``=``, ``&&``, ``OPERATOR(pg_catalog.=)``)."""
    stripped = text.strip()
    if not _OPERATOR.match(stripped):
        raise DDLError(f'{where}: "{text}" is not an operator (like =, &&, <->)')
    return stripped


def option_value(text: str) -> bool:
    """Whether a storage option value can be written bare (a number or a word)."""
    return _PLAIN_VALUE.match(text) is not None


def is_column_name(text: str) -> bool:
    """Whether an index or exclusion key written as text is a bare (or quoted) column name."""
    return _COLUMN.match(text.strip()) is not None


def parenthesized(text: str) -> str:
    """``(text)``, unless the whole of ``text`` is already one parenthesised expression.

    >>> parenthesized("lower(a)"), parenthesized("(a IS NULL)"), parenthesized("(a) + (b)")
    ('(lower(a))', '(a IS NULL)', '((a) + (b))')
    """
    tokens = _tokens(text)
    if not isinstance(tokens, str) and tokens and tokens[0].token_type == TokenType.L_PAREN:
        depth = 0
        for i, tok in enumerate(tokens):
            if tok.token_type in _OPEN:
                depth += 1
            elif tok.token_type in _CLOSE:
                depth -= 1
                if depth == 0:
                    if i == len(tokens) - 1:
                        return text.strip()
                    break
    return f"({text.strip()})"


def dollar_tag(body: str) -> str:
    """A dollar-quote tag that does not occur in ``body`` (``$body$``, then ``$body_1$``...)."""
    tag, n = "$body$", 0
    while tag in body:
        n += 1
        tag = f"$body_{n}$"
    return tag


@lru_cache(maxsize=1 << 15)
def _tokens(text: str) -> tuple[Token, ...] | str:
    try:
        return tuple(Dialect.get_or_raise("postgres").tokenize(text))
    except TokenError:
        return "cannot be read as SQL: an unterminated string, quoted name or comment"


@lru_cache(maxsize=1 << 15)
def _expression_problem(text: str, top_level_comma: bool) -> str | None:
    tokens = _tokens(text)
    if isinstance(tokens, str):
        return tokens
    if not tokens:
        return "the expression is empty"
    depth = 0
    for tok in tokens:
        if tok.token_type == TokenType.SEMICOLON:
            return '";" ends the statement: an expression cannot contain one outside a string'
        if tok.comments:
            return "comments are not allowed inside an expression; put them in the note"
        if tok.token_type in _OPEN:
            depth += 1
        elif tok.token_type in _CLOSE:
            depth -= 1
            if depth < 0:
                return f'"{tok.text}" closes a parenthesis the expression did not open'
        elif tok.token_type == TokenType.COMMA and depth == 0 and not top_level_comma:
            return "a comma outside parentheses would end this clause; remove it or add parentheses"
    if depth != 0:
        return "unbalanced parentheses: a parenthesis is opened and never closed"
    return None


@lru_cache(maxsize=1 << 12)
def _statement_problem(text: str) -> tuple[str | None, bool]:
    tokens = _tokens(text)
    if isinstance(tokens, str):
        return tokens, False
    if not tokens:
        return "the statement is empty", False
    depth, has_comment = 0, False
    for tok in tokens:
        has_comment = has_comment or bool(tok.comments)
        if tok.token_type == TokenType.SEMICOLON:
            return '";" inside: write a single statement (a second one is not allowed)', False
        if tok.token_type in _OPEN:
            depth += 1
        elif tok.token_type in _CLOSE:
            depth -= 1
            if depth < 0:
                return f'"{tok.text}" closes a parenthesis that was not opened', False
    if depth != 0:
        return "unbalanced parentheses: a parenthesis is opened and never closed", False
    return None, has_comment
