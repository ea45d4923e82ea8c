"""Reverse-engineer a DuckDB database into a :class:`~core.model.DataModel`.

Reads DuckDB's catalog functions (``duckdb_tables()``, ``duckdb_columns()``,
``duckdb_constraints()``, ``duckdb_indexes()``, ``duckdb_views()``, ``duckdb_types()``) for the
current database. A file is opened read-only. DuckDB names every constraint itself and keeps no
user-given constraint names, so none are recorded; index keys and ``DESC`` come from the index's
``CREATE`` text. Enum columns are typed with the enum's name when one enum has those labels.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

from core.ddl.introspect.sqlite import view_query
from core.errors import TablewrightError
from core.model import (
    Attribute,
    CheckConstraint,
    DataModel,
    Entity,
    EnumType,
    ForeignKey,
    Index,
    IndexKey,
    PrimaryKey,
    UniqueConstraint,
    View,
)

_FILTER = "WHERE database_name = current_database() AND NOT internal"


def introspect_duckdb(path_or_conn: str | Path | Any) -> DataModel:
    """Read the tables, enum types and views of a DuckDB database.

    Parameters
    ----------
    path_or_conn:
        A database file (opened read-only) or an open ``duckdb`` connection.
    """
    import duckdb

    if isinstance(path_or_conn, str | Path):
        file = Path(path_or_conn)
        if not file.is_file():
            raise TablewrightError(f"{file}: no such DuckDB database file")
        try:
            conn = duckdb.connect(str(file), read_only=True)
        except duckdb.Error as exc:
            raise TablewrightError(f"{file}: cannot open it as a DuckDB database: {exc}") from None
        try:
            return _introspect(conn, file.stem)
        finally:
            conn.close()
    return _introspect(path_or_conn, "duckdb")


def _rows(conn: Any, query: str) -> list[dict[str, Any]]:
    cur = conn.execute(query)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _introspect(conn: Any, name: str) -> DataModel:
    default_schema = str(conn.execute("SELECT current_schema()").fetchone()[0])
    enums = [r for r in _rows(conn, "SELECT schema_name, type_name, labels FROM duckdb_types() "
                                    "WHERE logical_type = 'ENUM' AND labels IS NOT NULL AND NOT internal "
                                    "AND database_name = current_database()")]
    by_labels: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for e in enums:
        by_labels[tuple(e["labels"])].append(e["type_name"])
    columns: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(conn, f"SELECT * FROM duckdb_columns() {_FILTER} ORDER BY table_oid, column_index"):
        columns[(r["schema_name"], r["table_name"])].append(r)
    constraints: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(conn, "SELECT * FROM duckdb_constraints() WHERE database_name = current_database() "
                         "ORDER BY table_oid, constraint_index"):
        constraints[(r["schema_name"], r["table_name"])].append(r)
    indexes: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(conn, "SELECT * FROM duckdb_indexes() WHERE database_name = current_database() "
                         "ORDER BY index_oid"):
        indexes[(r["schema_name"], r["table_name"])].append(r)
    entities = []
    for t in _rows(conn, f"SELECT * FROM duckdb_tables() {_FILTER} ORDER BY table_oid"):
        key = (t["schema_name"], t["table_name"])
        entities.append(_entity(t, columns[key], constraints[key], indexes[key], by_labels, default_schema))
    views = tuple(
        View(name=v["view_name"], sql=view_query(v["sql"] or "", "duckdb"), note=v.get("comment"),
             schema_name=None if v["schema_name"] == default_schema else v["schema_name"])
        for v in _rows(conn, f"SELECT * FROM duckdb_views() {_FILTER} ORDER BY view_oid"))
    # DuckDB's "main" is PostgreSQL's "public": the model's tables land there when generated
    model_schema = "public" if default_schema == "main" else default_schema
    return DataModel(
        name=name, note="Introspected from a DuckDB database.", default_schema=model_schema,
        enums=tuple(EnumType(name=e["type_name"], values=tuple(e["labels"]),
                             schema_name=None if e["schema_name"] == default_schema else e["schema_name"])
                    for e in enums),
        entities=tuple(entities), views=views)


#: DuckDB types whose PostgreSQL spelling differs (FLOAT is 4 bytes; unsigned and huge integers
#: need the next wider type; FLOAT[n] is how a pgvector vector(n) is stored).
_DUCK_TYPES = {"float": "real", "float4": "real", "hugeint": "numeric(39)", "uhugeint": "numeric(39)",
               "ubigint": "numeric(20)", "uinteger": "bigint", "usmallint": "integer", "utinyint": "smallint",
               "varchar": "text", "string": "text", "blob": "bytea", "bytea": "bytea", "double": "double precision"}
_FIXED_ARRAY = re.compile(r"(?i)\s*FLOAT\s*\[\s*(\d+)\s*\]\s*")


def _pg_type(data_type: str) -> str:
    """The model (PostgreSQL) type of a DuckDB column type.

    >>> [_pg_type(t) for t in ("FLOAT", "FLOAT[3]", "VARCHAR[]", "DECIMAL(12,2)", "UBIGINT", "BLOB")]
    ['real', 'vector(3)', 'text[]', 'numeric(12,2)', 'numeric(20)', 'bytea']
    """
    from core.ddl.importer.typemap import map_type

    fixed = _FIXED_ARRAY.fullmatch(data_type)
    if fixed:
        return f"vector({fixed.group(1)})"
    base, arrays = data_type.strip(), ""
    while base.endswith("[]"):
        base, arrays = base[:-2].rstrip(), arrays + "[]"
    known = _DUCK_TYPES.get(base.lower())
    if known is None:
        mapped = map_type(base, "postgres")
        known = base if mapped.guessed else mapped.type
    return known + arrays


def _type(data_type: str, by_labels: dict[tuple[str, ...], list[str]]) -> str:
    if data_type.upper().startswith("ENUM("):
        try:
            dt = exp.DataType.build(data_type, dialect="duckdb")
            labels = tuple(e.name for e in dt.expressions)
        except Exception:
            return data_type
        names = by_labels.get(labels, [])
        if len(names) == 1:
            return names[0]
        return data_type
    return _pg_type(data_type)


def _entity(t: dict[str, Any], cols: list[dict[str, Any]], cons: list[dict[str, Any]],
            idx: list[dict[str, Any]], by_labels: dict[tuple[str, ...], list[str]],
            default_schema: str) -> Entity:
    attributes = [_attribute(c, by_labels) for c in cols]
    pk = next((c for c in cons if c["constraint_type"] == "PRIMARY KEY"), None)
    checks = []
    for c in cons:
        if c["constraint_type"] != "CHECK":
            continue
        names = list(c["constraint_column_names"] or [])
        i = next((i for i, a in enumerate(attributes) if len(names) == 1 and a.name == names[0]), None)
        if i is not None and attributes[i].check is None:
            attributes[i] = attributes[i].model_copy(update={"check": _pg_expression(c["expression"])})
        else:
            checks.append(CheckConstraint(expression=_pg_expression(c["expression"]) or c["expression"]))
    return Entity(
        name=t["table_name"],
        schema_name=None if t["schema_name"] == default_schema else t["schema_name"],
        note=t["comment"],
        attributes=tuple(attributes),
        primary_key=PrimaryKey(columns=tuple(pk["constraint_column_names"])) if pk else None,
        uniques=tuple(UniqueConstraint(columns=tuple(c["constraint_column_names"]))
                      for c in cons if c["constraint_type"] == "UNIQUE"),
        checks=tuple(checks),
        foreign_keys=tuple(ForeignKey(columns=tuple(c["constraint_column_names"]), references=c["referenced_table"],
                                      ref_columns=tuple(c["referenced_column_names"] or ()))
                           for c in cons if c["constraint_type"] == "FOREIGN KEY"),
        indexes=tuple(i for i in (_index(r) for r in idx) if i is not None),
    )


_NEXTVAL = re.compile(r"(?i)\s*nextval\s*\(\s*'[^']*'\s*\)\s*")


def _attribute(c: dict[str, Any], by_labels: dict[tuple[str, ...], list[str]]) -> Attribute:
    """A column: model type (the DuckDB one kept as ``original_type`` when spelled otherwise); a
    ``nextval('seq')`` default is an identity (DuckDB has no identity columns); expressions in
    PostgreSQL's spelling (``regexp_matches(a, p)`` is ``a ~ p``)."""
    type_ = _type(c["data_type"], by_labels)
    default = c["column_default"]
    identity = None
    if default is not None and _NEXTVAL.fullmatch(default):
        default, identity = None, "by default"
    declared = str(c["data_type"])
    original = declared if not declared.upper().startswith("ENUM(") and declared.lower() != type_.lower() else None
    return Attribute(name=c["column_name"], type=type_, nullable=bool(c["is_nullable"]),
                     default=_pg_expression(default), identity=identity, note=c["comment"],
                     original_type=original)


def _pg_expression(text: str | None) -> str | None:
    """A DuckDB expression in PostgreSQL's spelling (unchanged when sqlglot cannot read it)."""
    if text is None or "regexp_matches" not in text.lower():
        return text
    try:
        return sqlglot.transpile(text, read="duckdb", write="postgres")[0]
    except Exception:
        return text


def _index(row: dict[str, Any]) -> Index | None:
    try:
        tree = sqlglot.parse_one(row["sql"] or "", read="duckdb")
    except Exception:
        return None
    index = tree.this if isinstance(tree, exp.Create) else None
    params = index.args.get("params") if isinstance(index, exp.Index) else None
    if params is None:
        return None
    keys = []
    for item in params.args.get("columns") or []:
        node = item.this if isinstance(item, exp.Ordered) else item
        while isinstance(node, exp.Paren):
            node = node.this
        desc = isinstance(item, exp.Ordered) and bool(item.args.get("desc"))
        order = "desc" if desc else None
        if isinstance(node, exp.Column) and not node.table:
            keys.append(IndexKey(column=node.name, order=order))
        else:
            keys.append(IndexKey(expression=node.sql("duckdb"), order=order))
    return Index(name=row["index_name"], columns=tuple(keys), unique=bool(row["is_unique"]))
