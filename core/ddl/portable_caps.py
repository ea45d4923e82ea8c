"""What each non-PostgreSQL dialect can express, as data the portable generator consults.

Each entry says how the dialect spells a PostgreSQL feature, or that it cannot (then the generator
translates or reports the loss as a warning).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CAPS", "TITLES", "Caps"]

TITLES = {"mysql": "MySQL", "sqlite": "SQLite", "tsql": "SQL Server", "oracle": "Oracle", "duckdb": "DuckDB"}


@dataclass(frozen=True)
class Caps:
    """The capabilities of one dialect."""

    identity: str  # auto_increment | autoincrement (SQLite) | identity (T-SQL) | generated | sequence
    schemas: bool  # CREATE SCHEMA exists
    stored_generated: bool  # stored generated columns (else virtual)
    deferrable: bool
    on_delete: frozenset[str]  # FK actions allowed on delete
    on_update: frozenset[str]
    alter_add_fk: bool  # ALTER TABLE ... ADD FOREIGN KEY
    partial_index: bool
    expression_index: bool
    include: bool
    index_nulls: bool  # NULLS FIRST/LAST in an index key
    comments: str  # inline | comment_on | none
    materialized_views: bool
    enum_inline: bool  # MySQL's ENUM(...) column type
    unique_one_null: bool  # a unique constraint admits a single NULL (SQL Server)


_ALL = frozenset({"no action", "restrict", "cascade", "set null", "set default"})

CAPS: dict[str, Caps] = {
    "mysql": Caps("auto_increment", True, True, False, _ALL - {"set default"}, _ALL - {"set default"},
                  True, False, True, False, False, "inline", False, True, False),
    "sqlite": Caps("autoincrement", False, True, True, _ALL, _ALL, False, True, True, False, False, "none",
                   False, False, False),
    "tsql": Caps("identity", True, True, False, _ALL, _ALL, True, True, False, True, False, "none", False,
                 False, True),
    "oracle": Caps("generated", False, False, True, frozenset({"no action", "cascade", "set null"}),
                   frozenset({"no action"}), True, False, True, False, False, "comment_on", True, False, False),
    "duckdb": Caps("sequence", True, False, False, frozenset({"no action", "restrict"}),
                   frozenset({"no action", "restrict"}), False, False, True, False, True, "comment_on", False,
                   False, False),
}
