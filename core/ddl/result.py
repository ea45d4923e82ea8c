"""What DDL generation returns: the SQL text and the features a dialect could not express.

A :class:`DDLWarning` names the entity (or model-level object), the lost or translated feature
and what happened to it; the same warning appears in the output as a ``-- WARNING:`` comment, so
a pasted script never hides a loss. A :class:`Fragment` is one entity's share of the output,
kept by the incremental cache (:mod:`core.ddl.cache`).

>>> w = DDLWarning("orders", "row-level security", "MySQL has no policies; 2 dropped")
>>> w.comment()
'-- WARNING: orders: row-level security: MySQL has no policies; 2 dropped'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["DDLResult", "DDLWarning", "Fragment", "comment_text"]

_LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")


def comment_text(text: str) -> str:
    """``text`` made safe for a ``--`` comment: every line break becomes a space.

    A line break inside a ``--`` comment would end the comment and turn the rest into live SQL.

    >>> comment_text("two\\nlines; DROP TABLE x")
    'two lines; DROP TABLE x'
    """
    return _LINE_BREAKS.sub(" ", text)


@dataclass(frozen=True)
class DDLWarning:
    """A feature of the model that the target dialect lost or translated.

    Attributes
    ----------
    entity : str
        The entity, view, function or enum concerned (``schema.name`` outside the default
        schema); empty for the model as a whole.
    feature : str
        The feature, in a few words (``row-level security``, ``partial index``).
    message : str
        What was done instead, and what the user can do.
    """

    entity: str
    feature: str
    message: str

    def __str__(self) -> str:
        where = f"{self.entity}: " if self.entity else ""
        return f"{where}{self.feature}: {self.message}"

    def comment(self) -> str:
        """The warning as a one-line SQL comment for the generated script."""
        return "-- WARNING: " + comment_text(str(self))


@dataclass(frozen=True)
class DDLResult:
    """Generated DDL: ``sql`` (the whole script) and every ``warning`` it also carries inline."""

    sql: str
    warnings: list[DDLWarning] = field(default_factory=list)
    dialect: str = "postgres"


@dataclass(frozen=True)
class Fragment:
    """One entity's DDL, as cached by the live preview.

    Attributes
    ----------
    sql : str
        The entity's section: table, comments, indexes, security, triggers.
    deferred : tuple of str
        Statements that must wait until every table exists (foreign keys closing a cycle).
    trailing : tuple of str
        Statements for the trailing optional section (the Citus calls).
    warnings : tuple of DDLWarning
        What the dialect lost from this entity.
    extensions : frozenset of str
        PostgreSQL extensions the entity needs (``vector``, ``pg_trgm``...).
    prelude : tuple of str
        Statements that must precede every table (DuckDB sequences for identity columns).
    """

    sql: str
    deferred: tuple[str, ...] = ()
    trailing: tuple[str, ...] = ()
    warnings: tuple[DDLWarning, ...] = ()
    extensions: frozenset[str] = frozenset()
    prelude: tuple[str, ...] = ()
