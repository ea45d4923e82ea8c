"""What kind of statement a piece of SQL is, from its first words (no parsing).

>>> classify("CREATE UNIQUE NONCLUSTERED INDEX ix ON t (a)", "tsql")
'create index'
>>> classify("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1", "mysql")
'create view'
>>> classify("insert into t values (1)", "sqlite"), classify("BEGIN", "oracle")
('insert', 'plsql block')
"""

from __future__ import annotations

import re

from core.ddl.importer.tokens import words

__all__ = ["DATA_KINDS", "IMPORTED_KINDS", "classify"]

#: Data statements: recognised from their first word and skipped without keeping their text.
DATA_KINDS = frozenset({"insert", "update", "delete", "merge", "load data"})

#: Statement kinds the importer reads; every other kind is skipped and counted.
IMPORTED_KINDS = frozenset({
    "create table", "create virtual table", "alter table", "create index", "create view",
    "create materialized view", "create type", "create domain", "create sequence",
    "alter sequence", "comment", "create schema", "create trigger", "create extension",
})

_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\[[^\]]*\]")
_MODIFIERS = words("OR REPLACE GLOBAL LOCAL TEMP TEMPORARY UNLOGGED EDITIONABLE NONEDITIONABLE FORCE NOFORCE "
    "ALGORITHM UNDEFINED MERGE TEMPTABLE DEFINER SQL SECURITY INVOKER CURRENT_USER UNIQUE "
    "CLUSTERED NONCLUSTERED FULLTEXT SPATIAL BITMAP MATERIALIZED VIRTUAL RECURSIVE TRUSTED "
    "PROCEDURAL CONSTRAINT DEFAULT PUBLIC SHAREABLE NONSHAREABLE")
_OBJECTS = {"PROC": "procedure", "PACKAGE": "package", "MATERIALIZED": "materialized view"}


def classify(text: str, dialect: str) -> str:
    """The kind of the statement that starts ``text`` (``create table``, ``insert``...)."""
    words: list[str] = [w.upper() for w in _WORD.findall(_QUOTED.sub(" ", text[:400]))[:16]]
    if not words:
        return "other"
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if first in ("INSERT", "REPLACE", "UPSERT"):
        return "insert"
    if first in ("UPDATE", "DELETE", "MERGE"):
        return first.lower()
    if first == "LOAD" and second == "DATA":
        return "load data"
    if first == "BULK":
        return "bulk insert"
    if first == "CREATE":
        return _create_kind(words[1:])
    if first == "ALTER":
        return "alter " + second.lower() if second else "alter"
    if first == "COMMENT" and second == "ON":
        return "comment"
    if first in ("DECLARE", "BEGIN") and dialect == "oracle":
        return "plsql block"
    if first in ("BEGIN", "COMMIT", "ROLLBACK", "START", "END", "SAVEPOINT", "RELEASE"):
        if dialect == "tsql" and first == "BEGIN" and second not in ("TRAN", "TRANSACTION"):
            return "begin"
        return "transaction"
    if first in ("EXEC", "EXECUTE"):
        return "extended property" if "SP_ADDEXTENDEDPROPERTY" in words else "exec"
    if first in ("LOCK", "UNLOCK"):
        return "lock tables"
    if first == "DROP":
        return "drop " + second.lower() if second else "drop"
    return first.lower()


def _create_kind(rest: list[str]) -> str:
    temporary = virtual = False
    if "XML" in rest[:2]:  # T-SQL XML indexes and schema collections: nothing the model keeps
        return "create xml index" if "INDEX" in rest[:4] else "create xml schema collection"
    for i, word in enumerate(rest):
        if word in ("TEMP", "TEMPORARY"):
            temporary = True
        if word == "VIRTUAL":
            virtual = True
        if word == "MATERIALIZED" and i + 1 < len(rest) and rest[i + 1] == "VIEW":
            return "create materialized view"
        if word in _MODIFIERS:
            continue
        if word == "TABLE":
            return "create temporary table" if temporary else "create virtual table" if virtual else "create table"
        if word in ("VIEW", "INDEX", "TYPE", "DOMAIN", "SEQUENCE", "SCHEMA", "FUNCTION", "PROCEDURE",
                    "TRIGGER", "EXTENSION", "DATABASE", "ROLE", "USER", "RULE", "EVENT", "SYNONYM",
                    "AGGREGATE", "LANGUAGE", "POLICY", "CAST", "OPERATOR", "COLLATION", "LIBRARY"):
            return "create " + word.lower()
        if word in _OBJECTS:
            return "create " + _OBJECTS[word]
        if i > 0 and rest[i - 1] in ("DEFINER", "SECURITY", "ALGORITHM"):
            continue
        return "create " + word.lower()
    return "create"
