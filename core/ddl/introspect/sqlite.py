"""Reverse-engineer a SQLite database file into a :class:`~core.model.DataModel`.

The file is opened read-only (``file:...?mode=ro``), so introspection cannot change it. Columns,
declared types, defaults, ``NOT NULL``, keys, foreign keys with their actions and indexes come
from SQLite's ``PRAGMA`` functions; what those do not report (constraint names, checks,
``DEFERRABLE``, ``AUTOINCREMENT``, generated-column expressions, index expressions and
``WHERE``) is recovered from the ``CREATE`` statements SQLite keeps, parsed with sqlglot.
``INTEGER PRIMARY KEY AUTOINCREMENT`` becomes an identity column (``by default``: SQLite
accepts explicit values).
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, cast

import sqlglot
from sqlglot import exp

from core.errors import TablewrightError
from core.model import (
    Attribute,
    CheckConstraint,
    DataModel,
    Entity,
    FKAction,
    ForeignKey,
    Index,
    IndexKey,
    PrimaryKey,
    UniqueConstraint,
    View,
)

_ACTIONS: dict[str, FKAction | None] = {"NO ACTION": None, "RESTRICT": "restrict", "CASCADE": "cascade",
                                        "SET NULL": "set null", "SET DEFAULT": "set default"}


def introspect_sqlite(path: str | Path) -> DataModel:
    """Read the tables, indexes and views of a SQLite database file (read-only).

    Parameters
    ----------
    path:
        The database file; it must exist (SQLite would otherwise create an empty one).

    Returns
    -------
    DataModel
        One entity per table (``sqlite_*`` internal tables left out), and the views.
    """
    file = Path(path)
    if not file.is_file():
        raise TablewrightError(f"{file}: no such SQLite database file")
    uri = file.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            return introspect_sqlite_connection(conn, name=file.stem)
    except sqlite3.DatabaseError as exc:
        raise TablewrightError(f"{file}: cannot read it as a SQLite database: {exc}") from None


def introspect_sqlite_connection(conn: sqlite3.Connection, name: str = "sqlite") -> DataModel:
    """Read the model from an open ``sqlite3`` connection (nothing is written)."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY rowid").fetchall()
    index_sql = {r[1]: r[3] for r in rows if r[0] == "index" and r[3]}
    entities = tuple(_table(conn, r[1], r[3] or "", index_sql) for r in rows if r[0] == "table")
    views = tuple(View(name=r[1], sql=view_query(r[3] or "", "sqlite")) for r in rows if r[0] == "view")
    return DataModel(name=name, note="Introspected from a SQLite database.", entities=entities, views=views)


def view_query(create_sql: str, dialect: str) -> str:
    """The query of a ``CREATE VIEW name AS query`` statement, as written.

    >>> view_query('CREATE VIEW "a as b" AS SELECT 1 AS x;', "sqlite")
    'SELECT 1 AS x'
    """
    try:
        tokens = sqlglot.tokenize(create_sql, read=dialect)
    except Exception:
        tokens = []
    for tok in tokens:
        if tok.token_type == sqlglot.TokenType.ALIAS:
            return create_sql[tok.end + 1:].strip().rstrip(";").strip()
    return create_sql


def _parse_table(sql: str) -> exp.Schema | None:
    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
    except Exception:
        return None
    schema = tree.this if isinstance(tree, exp.Create) else None
    return schema if isinstance(schema, exp.Schema) else None


def _names(node: exp.Expr | None) -> tuple[str, ...]:
    if node is None:
        return ()
    return tuple(i.name for i in node.expressions)


class _Parsed:
    """What the ``CREATE TABLE`` text tells that the ``PRAGMA`` functions do not."""

    def __init__(self, sql: str) -> None:
        self.checks: list[tuple[str | None, str, str | None]] = []  # (name, expression, column)
        self.length_checks: set[tuple[str | None, str, str | None]] = set()  # the lengths of varchar(n)
        self.autoincrement: set[str] = set()
        self.generated: dict[str, str] = {}
        self.pk_name: str | None = None
        self.unique_names: dict[tuple[str, ...], str] = {}
        self.fk_info: dict[tuple[tuple[str, ...], str], tuple[str | None, bool, bool]] = {}
        schema = _parse_table(sql)
        if schema is None:
            return
        for item in schema.expressions:
            if isinstance(item, exp.ColumnDef):
                self._column(item)
            else:
                name = item.name if isinstance(item, exp.Constraint) else None
                parts = item.expressions if isinstance(item, exp.Constraint) else [item]
                for part in parts:
                    self._constraint(part, name, None)

    def _column(self, col: exp.ColumnDef) -> None:
        for cc in col.constraints:
            kind = cc.args.get("kind")
            cname = cc.name or None
            if isinstance(kind, exp.AutoIncrementColumnConstraint):
                self.autoincrement.add(col.name)
            elif isinstance(kind, exp.ComputedColumnConstraint | exp.GeneratedAsIdentityColumnConstraint):
                expr = kind.this if isinstance(kind, exp.ComputedColumnConstraint) else kind.args.get("expression")
                if expr is not None:
                    self.generated[col.name] = expr.sql("sqlite")
            elif kind is not None:
                self._constraint(kind, cname, col.name)

    def _constraint(self, part: exp.Expr, name: str | None, column: str | None) -> None:
        if isinstance(part, exp.CheckColumnConstraint):
            self.checks.append((name, part.this.sql("sqlite"), column))
        elif isinstance(part, exp.PrimaryKeyColumnConstraint | exp.PrimaryKey):
            self.pk_name = name
        elif isinstance(part, exp.UniqueColumnConstraint) and name:
            cols = _names(part.this) if part.this is not None else ((column,) if column else ())
            self.unique_names[cols] = name
        elif isinstance(part, exp.ForeignKey | exp.Reference):
            ref = part if isinstance(part, exp.Reference) else part.args.get("reference")
            cols = (column,) if isinstance(part, exp.Reference) and column else _names(part)
            if ref is not None:
                opts = " ".join(str(o).upper() for o in ref.args.get("options") or [])
                deferrable = "DEFERRABLE" in opts and "NOT DEFERRABLE" not in opts
                target = ref.this.this.name if isinstance(ref.this, exp.Schema) else ref.this.name
                self.fk_info[(tuple(cols), target)] = (name, deferrable, "INITIALLY DEFERRED" in opts)


def _table(conn: sqlite3.Connection, table: str, sql: str, index_sql: dict[str, str]) -> Entity:
    parsed = _Parsed(sql)
    cols = conn.execute("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
                        "FROM pragma_table_xinfo(?) ORDER BY cid", (table,)).fetchall()
    attributes = []
    for _cid, name, type_, notnull, default, _pk, hidden in cols:
        if hidden == 1:
            continue
        pg_type, default = _pg_type(type_ or "", default, name, parsed)
        attributes.append(Attribute(
            name=name, type=pg_type, nullable=not notnull, default=default,
            identity="by default" if name in parsed.autoincrement else None,
            generated=parsed.generated.get(name) if hidden in (2, 3) else None,
            original_type=type_ if type_ and type_.lower() != pg_type else None))
    pk_cols = tuple(r[1] for r in sorted((c for c in cols if c[5]), key=lambda c: c[5]))
    checks: list[CheckConstraint] = []
    for cname, text, column in parsed.checks:
        if (cname, text, column) in parsed.length_checks:
            continue  # the length of a varchar(n), which SQLite does not enforce on its own
        i = next((i for i, a in enumerate(attributes) if a.name == column), None)
        if i is not None and cname is None and attributes[i].check is None:
            attributes[i] = attributes[i].model_copy(update={"check": text})
        else:
            checks.append(CheckConstraint(expression=text, name=cname))
    uniques, indexes = _indexes(conn, table, parsed, index_sql)
    return Entity(name=table, attributes=tuple(attributes),
                  primary_key=PrimaryKey(columns=pk_cols, name=parsed.pk_name) if pk_cols else None,
                  uniques=uniques, checks=tuple(checks), foreign_keys=_foreign_keys(conn, table, parsed),
                  indexes=indexes)


_LENGTH_CHECK = re.compile(r'\s*length\s*\(\s*("?)(?P<col>[^")]+)\1\s*\)\s*<=\s*(?P<n>\d+)\s*', re.IGNORECASE)


def _pg_type(declared: str, default: str | None, column: str, parsed: _Parsed) -> tuple[str, str | None]:
    """The model (PostgreSQL) type of a column SQLite declares as ``declared``, and its default.

    The declared type is kept as the attribute's ``original_type``. An integer column whose
    default is ``TRUE`` or ``FALSE`` is a boolean (SQLite has none); a text column with a
    ``CHECK (length(col) <= n)`` is a ``varchar(n)`` (the check is how a ``varchar(n)`` is kept in
    SQLite, which stores any length), and that check is not listed again.
    """
    from core.ddl.importer.typemap import map_type

    mapped = map_type(declared, "sqlite").type if declared.strip() else "text"
    if mapped in ("integer", "bigint", "smallint") and default is not None and default.upper() in ("TRUE", "FALSE"):
        return "boolean", default.lower()
    if mapped in ("text", "varchar", "character varying", "char", "character") or mapped.startswith(
            ("varchar(", "char(", "character")):
        for check in parsed.checks:
            m = _LENGTH_CHECK.fullmatch(check[1])
            if check[0] is None and check[2] == column and m and m.group("col") == column:
                parsed.length_checks.add(check)
                return f"varchar({m.group('n')})", default
    return mapped, default


def _foreign_keys(conn: sqlite3.Connection, table: str, parsed: _Parsed) -> tuple[ForeignKey, ...]:
    groups: dict[int, list[Any]] = {}
    for row in conn.execute("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete "
                            "FROM pragma_foreign_key_list(?) ORDER BY id, seq", (table,)):
        groups.setdefault(row[0], []).append(row)
    out = []
    for rows in sorted(groups.values(), key=lambda rs: min(r[0] for r in rs), reverse=True):
        cols = tuple(r[3] for r in rows)
        target = rows[0][2]
        name, deferrable, deferred = parsed.fk_info.get((cols, target), (None, False, False))
        out.append(ForeignKey(columns=cols, references=target,
                              ref_columns=tuple(r[4] for r in rows) if all(r[4] for r in rows) else (),
                              name=name, on_update=_ACTIONS.get(rows[0][5].upper()),
                              on_delete=_ACTIONS.get(rows[0][6].upper()), deferrable=deferrable,
                              initially_deferred=deferred))
    return tuple(out)


def _indexes(conn: sqlite3.Connection, table: str, parsed: _Parsed,
             index_sql: dict[str, str]) -> tuple[tuple[UniqueConstraint, ...], tuple[Index, ...]]:
    uniques: list[UniqueConstraint] = []
    indexes: list[Index] = []
    rows = conn.execute("SELECT seq, name, \"unique\", origin FROM pragma_index_list(?) ORDER BY seq DESC",
                        (table,)).fetchall()
    for _seq, name, unique, origin in rows:
        if origin == "u":
            cols = tuple(r[0] for r in conn.execute(
                "SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,)))
            uniques.append(UniqueConstraint(columns=cols, name=parsed.unique_names.get(cols)))
        elif origin == "c" and name in index_sql:
            index = _index(name, bool(unique), index_sql[name])
            if index is not None:
                indexes.append(index)
    return tuple(uniques), tuple(indexes)


def _index(name: str, unique: bool, sql: str) -> Index | None:
    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
    except Exception:
        return None
    index = tree.this if isinstance(tree, exp.Create) else None
    if not isinstance(index, exp.Index):
        return None
    params = index.args.get("params")
    keys = []
    for item in (params.args.get("columns") or []) if params is not None else []:
        node = item.this if isinstance(item, exp.Ordered) else item
        desc = isinstance(item, exp.Ordered) and bool(item.args.get("desc"))
        if isinstance(node, exp.Column) and not node.table:
            keys.append(IndexKey(column=node.name, order="desc" if desc else None))
        else:
            keys.append(IndexKey(expression=node.sql("sqlite"), order="desc" if desc else None))
    where = params.args.get("where") if params is not None else None
    return Index(name=name, columns=tuple(keys), unique=unique,
                 where=cast(exp.Expr, where).this.sql("sqlite") if where is not None else None)
