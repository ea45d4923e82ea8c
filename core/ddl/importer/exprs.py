"""Expressions carried into the model (defaults, checks, predicates) as PostgreSQL text.

>>> to_postgres("GETDATE()", "tsql"), to_postgres("now()", "postgres")
('CURRENT_TIMESTAMP', 'now()')
>>> boolean_default("((1))")
'true'
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Any

__all__ = ["boolean_default", "recase", "to_postgres"]

_SPACES = re.compile(r"\s+")
_ZERO_DATE = re.compile(r"'0000-00-00")
_PLAIN_LITERAL = re.compile(r"-?\d+(?:\.\d+)?|'[^'\\]*'|\(-?\d+\)|\(\(-?\d+\)\)")
_INTRODUCER = re.compile(r"\b_(?:utf8mb4|utf8mb3|utf8|latin1|binary|ascii|ucs2|utf16|utf32)\s*(?=')", re.I)
_WORDS = re.compile(r"\w+")
_STRINGS = re.compile(r"'(?:[^']|'')*'")
_LOG = logging.getLogger("sqlglot")


@lru_cache(maxsize=4096)
def to_postgres(text: str, dialect: str, statement: bool = False) -> str | None:
    """``text`` (an expression written in ``dialect``) as PostgreSQL, or ``None`` when it
    cannot be read (the caller drops it with a warning)."""
    text = text.strip()
    if not text:
        return None
    if dialect == "postgres":
        return _SPACES.sub(" ", text) if "\n" in text else text
    if _ZERO_DATE.match(text):  # MySQL's zero date has no PostgreSQL equivalent
        return None
    if _PLAIN_LITERAL.fullmatch(text):  # most defaults: the same text in PostgreSQL
        return text
    if dialect == "mysql" and "_" in text:
        text = _INTRODUCER.sub("", text)  # _utf8'x': a character set introducer
    level = _LOG.level
    _LOG.setLevel(logging.CRITICAL)
    try:
        return _TOOLS.postgres(_parse(text, dialect, statement))
    except Exception:
        return None
    finally:
        _LOG.setLevel(level)


class _Tools(threading.local):
    """One sqlglot tokenizer and parser per dialect, and a PostgreSQL generator, per thread:
    creating them for each of thousands of small expressions costs more than the reading."""

    def __init__(self) -> None:
        self.readers: dict[str, tuple[Any, Any]] = {}
        self.generator: Any = None

    def parse_one(self, text: str, dialect: str) -> Any:
        from sqlglot.errors import ParseError

        tools = self.readers.get(dialect)
        if tools is None:
            from sqlglot.dialects.dialect import Dialect

            d = Dialect.get_or_raise(dialect)
            tools = self.readers[dialect] = (d.tokenizer(), d.parser())
        tokenizer, parser = tools
        trees = parser.parse(tokenizer.tokenize(text), text)
        if not trees or trees[0] is None:
            raise ParseError(f"no expression in {text[:40]!r}")
        return trees[0]

    def postgres(self, tree: Any) -> str:
        if self.generator is None:
            from sqlglot.dialects.dialect import Dialect

            self.generator = Dialect.get_or_raise("postgres").generator()
        return str(self.generator.generate(tree, copy=False))  # each tree is read for this only


_TOOLS = _Tools()


def _parse(text: str, dialect: str, statement: bool) -> Any:
    """``text`` as a sqlglot tree: a statement, or an expression read as ``SELECT <expression>``
    (so that a leading keyword-like name such as ``Lock`` stays a column)."""
    from sqlglot import exp

    if not statement:
        select = _TOOLS.parse_one("SELECT " + text, dialect)
        if isinstance(select, exp.Select) and len(select.expressions) == 1 and not select.args.get("from"):
            return select.expressions[0]
    return _TOOLS.parse_one(text, dialect)


def recase(sql: str, names: dict[str, str], statement: bool = False) -> str:
    """Spell the names in ``sql`` (PostgreSQL text converted from a case-insensitive dialect) as
    declared: ``names`` maps each lower-cased name to its declared spelling, which is quoted when
    PostgreSQL would otherwise fold it.

    >>> recase("BirthDate < CURRENT_TIMESTAMP", {"birthdate": "BirthDate"})
    '"BirthDate" < CURRENT_TIMESTAMP'
    >>> recase("a = 1", {"birthdate": "BirthDate"})
    'a = 1'
    """
    if _PLAIN_LITERAL.fullmatch(sql):
        return sql
    found = [(w, names[w.lower()]) for w in _WORDS.findall(_STRINGS.sub("''", sql)) if w.lower() in names]
    if all(w == declared and _bare(declared) for w, declared in found):
        return sql  # every name is written as declared and needs no quotes: nothing to respell
    return _recase(sql, tuple(sorted({(w.lower(), declared) for w, declared in found})), statement)


def _bare(name: str) -> bool:
    """Whether PostgreSQL reads ``name`` unquoted as itself (lower case, a plain identifier)."""
    return name == name.lower() and name.isidentifier()


@lru_cache(maxsize=4096)
def _recase(sql: str, used: tuple[tuple[str, str], ...], statement: bool) -> str:
    from sqlglot import exp

    names = dict(used)

    level = _LOG.level
    _LOG.setLevel(logging.CRITICAL)
    try:
        tree = _parse(sql, "postgres", statement)
        if isinstance(tree, exp.Command):
            return sql
        for ident in tree.find_all(exp.Identifier):
            declared = names.get(ident.name.lower())
            if declared is not None and (declared != ident.name or not ident.quoted):
                ident.set("this", declared)
                ident.set("quoted", declared != declared.lower() or not declared.isidentifier())
        return _TOOLS.postgres(tree)
    except Exception:
        return sql
    finally:
        _LOG.setLevel(level)


def boolean_default(text: str) -> str | None:
    """A numeric default of a boolean column (T-SQL ``bit``) spelt as ``true``/``false``."""
    core = text.strip().strip("()").strip().strip("'").lower()
    if core in ("0", "b'0", "false"):
        return "false"
    if core in ("1", "b'1", "true"):
        return "true"
    return None
