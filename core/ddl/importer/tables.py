"""CREATE TABLE: sqlglot first, then a targeted re-parse, then the tolerant reader.

:func:`read_create_table` returns a :class:`TableRead` and says how it was read: ``sqlglot``,
``rewrite`` (sqlglot after removing a construct it misses, such as ``ROWGUIDCOL`` or ``NOT FOR
REPLICATION``), ``pglast`` (PostgreSQL's own parser, when installed and allowed) or
``tolerant`` (:mod:`core.ddl.importer.elements`). A CREATE TABLE is never silently lost.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from core.ddl.importer.elements import qualified_name, raw_type_at, read_element
from core.ddl.importer.exprs import to_postgres
from core.ddl.importer.specs import ColumnSpec, ConstraintSpec, FKSpec, TableRef
from core.ddl.importer.tokens import Token, matching, split_top, tokenize, upper_words

__all__ = ["TableRead", "read_create_table"]

Spec = ColumnSpec | ConstraintSpec


@dataclass
class TableRead:
    """A CREATE TABLE as read: the table, its elements and partitioning, and how it was read."""

    table: TableRef
    elements: list[Spec] = field(default_factory=list)
    how: str = "sqlglot"
    why: str = ""
    partition_by: str | None = None
    partition_of: TableRef | None = None
    partition_bound: str | None = None
    note: str | None = None


_SQLGLOT = {"postgres": "postgres", "mysql": "mysql", "sqlite": "sqlite", "tsql": "tsql", "oracle": "oracle"}
#: Constructs sqlglot misses, removed for a second try (each kept out of the model anyway).
_REWRITES = (
    re.compile(r"\bROWGUIDCOL\b", re.I),
    re.compile(r"\bNOT\s+FOR\s+REPLICATION\b", re.I),
    re.compile(r"\bCOLLATE\s+\w+", re.I),
    re.compile(r"\)\s*(?:ON\s+\[?\w+\]?\s*)?(?:TEXTIMAGE_ON\s+\[?\w+\]?\s*)?$", re.I),
)
_LOG = logging.getLogger("sqlglot")


def read_create_table(text: str, dialect: str, use_pglast: bool = False) -> TableRead:
    """Read a CREATE TABLE statement; never raises for a statement that names a table."""
    parsed = _sqlglot(text, dialect)
    if isinstance(parsed, exp.Create):
        return _from_ast(parsed, text, dialect, "sqlglot")
    why = parsed if isinstance(parsed, str) else "sqlglot kept it as an unparsed command"
    rewritten = text
    for pattern in _REWRITES[:-1]:
        rewritten = pattern.sub(" ", rewritten)
    if rewritten != text:
        again = _sqlglot(rewritten, dialect)
        if isinstance(again, exp.Create):
            read = _from_ast(again, rewritten, dialect, "rewrite")
            read.why = why
            return read
    if use_pglast and dialect == "postgres":
        from core.ddl.importer.pglast_reader import read_with_pglast

        read = read_with_pglast(text)
        if read is not None:
            read.why = why
            return read
    read = tolerant_create_table(tokenize(text, dialect), text, dialect)
    read.why = why
    return read


def _sqlglot(text: str, dialect: str) -> exp.Expression | str:
    import sqlglot

    level = _LOG.level
    _LOG.setLevel(logging.CRITICAL)
    try:
        tree = sqlglot.parse_one(text, read=_SQLGLOT[dialect])
    except Exception as exc:  # sqlglot's errors are many and not all ParseError
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return first[:160]
    finally:
        _LOG.setLevel(level)
    if isinstance(tree, exp.Create) and (
        isinstance(tree.this, exp.Schema) or tree.find(exp.PartitionedOfProperty) is not None
    ):
        return tree
    return "sqlglot did not read a column list"


def tolerant_create_table(tokens: list[Token], text: str, dialect: str) -> TableRead:
    """The tolerant reader: the name after TABLE, then each element of the column list."""
    up = upper_words(tokens)
    i = next((k for k, w in enumerate(up) if w == "TABLE"), 0) + 1
    while i < len(up) and up[i] in ("IF", "NOT", "EXISTS"):
        i += 1
    table, i = qualified_name(tokens, i, dialect)
    read = TableRead(table, how="tolerant")
    if i + 1 < len(up) and up[i] == "PARTITION" and up[i + 1] == "OF":
        read.partition_of, i = qualified_name(tokens, i + 2, dialect)
        bound = next((k for k in range(i, len(up)) if up[k] in ("FOR", "DEFAULT")), None)
        if bound is not None:
            read.partition_bound = text[tokens[bound].pos:].strip()
            if i >= len(tokens) or tokens[i].text != "(":
                return read
    while i < len(tokens) and tokens[i].text != "(":
        i += 1
    if i >= len(tokens):
        return read
    end = matching(tokens, i)
    for a, b in split_top(tokens, i + 1, end):
        element = read_element(tokens[a:b], dialect, text)
        if element is not None:
            read.elements.append(element)
    rest = up[end + 1:]
    if "PARTITION" in rest:
        k = end + 1 + rest.index("PARTITION")
        if k + 2 < len(up) and up[k + 1] == "BY":
            read.partition_by = text[tokens[k + 2].pos:].strip().rstrip(";")
    return read


# -- sqlglot AST -> specs ---------------------------------------------------------------------


def _ident(node: Any, dialect: str) -> str:
    if isinstance(node, exp.Identifier):
        return node.this.lower() if dialect == "postgres" and not node.quoted else node.this
    if isinstance(node, exp.Column | exp.Ordered | exp.Paren) and node.this is not None:
        return _ident(node.this, dialect)
    return node.name if isinstance(node, exp.Expression) else str(node)


def _table_ref(table: exp.Expression, dialect: str) -> TableRef:
    if isinstance(table, exp.Schema):
        table = table.this
    if not isinstance(table, exp.Table):
        return TableRef(None, _ident(table, dialect))
    db = table.args.get("db")
    return TableRef(_ident(db, dialect) if db is not None else None, _ident(table.this, dialect))


def _pg(node: exp.Expression | None, dialect: str) -> str | None:
    if node is None:
        return None
    if isinstance(node, exp.Literal):  # the common case, without the generator
        value = node.this
        return "'" + value.replace("'", "''") + "'" if node.is_string else str(value)
    try:
        return node.sql(dialect="postgres")
    except Exception:
        return None


def _from_ast(create: exp.Create, text: str, dialect: str, how: str) -> TableRead:
    schema = create.this
    read = TableRead(_table_ref(schema, dialect), how=how)
    for node in schema.expressions if isinstance(schema, exp.Schema) else ():
        spec = _element(node, text, dialect)
        if spec is not None:
            read.elements.append(spec)
    props = create.args.get("properties")
    for prop in props.expressions if props is not None else ():
        if isinstance(prop, exp.PartitionedByProperty):
            read.partition_by = _pg(prop.this, dialect)
        elif isinstance(prop, exp.PartitionedOfProperty):
            read.partition_of = _table_ref(prop.this, dialect)
            bound = _pg(prop.expression, dialect) or ""
            read.partition_bound = bound if bound.upper().startswith(("FOR", "DEFAULT")) else f"FOR VALUES {bound}"
        elif isinstance(prop, exp.SchemaCommentProperty):
            read.note = prop.this.name if isinstance(prop.this, exp.Expression) else None
    return read


def _element(node: exp.Expression, text: str, dialect: str) -> Spec | None:
    if isinstance(node, exp.ColumnDef):
        return _column(node, text, dialect)
    name = None
    if isinstance(node, exp.Constraint):
        name = _ident(node.this, dialect)
        inner = node.expressions
        cols = [_ident(e, dialect) for part in inner
                if isinstance(part, exp.ClusteredColumnConstraint | exp.NonClusteredColumnConstraint)
                for e in (part.this if isinstance(part.this, list) else [part.this])]
        node = inner[0] if inner else node
        if isinstance(node, exp.PrimaryKeyColumnConstraint):
            return ConstraintSpec("primary key", name, cols)
        if isinstance(node, exp.UniqueColumnConstraint) and not isinstance(node.this, exp.Schema):
            return ConstraintSpec("unique", name, cols)
    if isinstance(node, exp.PrimaryKey):
        return ConstraintSpec("primary key", name, [_ident(e, dialect) for e in node.expressions])
    if isinstance(node, exp.UniqueColumnConstraint):
        schema = node.this
        cols = schema.expressions if isinstance(schema, exp.Schema) else []
        if name is None and isinstance(schema, exp.Schema) and schema.this is not None:
            name = _ident(schema.this, dialect)
        return ConstraintSpec("unique", name, [_ident(e, dialect) for e in cols])
    if isinstance(node, exp.CheckColumnConstraint):
        expr = _pg(node.this, dialect)
        return ConstraintSpec("check", name, expression=expr, skipped=None if expr else "a CHECK")
    if isinstance(node, exp.ForeignKey):
        cols = [_ident(e, dialect) for e in node.expressions]
        fk = _reference(node.args.get("reference"), cols, dialect)
        if fk is None:
            return ConstraintSpec("foreign key", name, cols, skipped="a foreign key without a target")
        fk.name = name
        return ConstraintSpec("foreign key", name, cols, fk=fk)
    if isinstance(node, exp.IndexColumnConstraint):
        kind = (node.args.get("kind") or "").upper()
        cols = [_ident(e, dialect) for e in node.expressions]
        index_name = _ident(node.this, dialect) if node.this is not None else None
        if kind in ("FULLTEXT", "SPATIAL"):
            return ConstraintSpec("index", index_name, cols, skipped=f"a {kind.lower()} index")
        return ConstraintSpec("unique" if kind == "UNIQUE" else "index", index_name, cols)
    return ConstraintSpec("other", name, skipped=f"a {type(node).__name__} element")


def _reference(ref: exp.Expression | None, cols: list[str], dialect: str) -> FKSpec | None:
    if not isinstance(ref, exp.Reference):
        return None
    target = ref.this
    ref_cols = [_ident(e, dialect) for e in target.expressions] if isinstance(target, exp.Schema) else []
    fk = FKSpec(cols, _table_ref(target, dialect), ref_cols)
    for option in ref.args.get("options") or ():
        words = str(option).upper().split()
        if words[:2] in (["ON", "DELETE"], ["ON", "UPDATE"]):
            action = " ".join(words[2:]).lower()
            if words[1] == "DELETE":
                fk.on_delete = action
            else:
                fk.on_update = action
        elif words == ["DEFERRABLE"]:
            fk.deferrable = True
        elif words == ["INITIALLY", "DEFERRED"]:
            fk.initially_deferred = True
    return fk


def _column(node: exp.ColumnDef, text: str, dialect: str) -> ColumnSpec:
    ident = node.this
    name = _ident(ident, dialect)
    end = ident.meta.get("end") if isinstance(ident, exp.Identifier) else None
    if end is not None:
        raw_type = raw_type_at(text, end + 1)
    else:
        kind = node.args.get("kind")
        raw_type = kind.sql(dialect=_SQLGLOT[dialect]) if kind is not None else ""
    col = ColumnSpec(name, raw_type)
    for constraint in node.constraints:
        kind = constraint.args.get("kind")
        cname = _ident(constraint.this, dialect) if constraint.this is not None else None
        _column_constraint(col, kind, cname, dialect)
    return col


def _column_constraint(col: ColumnSpec, kind: Any, cname: str | None, dialect: str) -> None:
    if isinstance(kind, exp.NotNullColumnConstraint):
        col.nullable = bool(kind.args.get("allow_null"))
    elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
        col.primary_key = True
    elif isinstance(kind, exp.UniqueColumnConstraint):
        col.unique = True
    elif isinstance(kind, exp.DefaultColumnConstraint):
        value = kind.this
        if not isinstance(value, exp.Null):
            col.default = _pg(value, dialect)
    elif isinstance(kind, exp.AutoIncrementColumnConstraint):
        col.identity = "by default"
    elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
        if kind.args.get("expression") is not None:
            col.generated = _pg(kind.args["expression"], dialect)
        else:
            col.identity = "always" if kind.this else "by default"
    elif isinstance(kind, exp.ComputedColumnConstraint):
        col.generated = _pg(kind.this, dialect)
    elif isinstance(kind, exp.CheckColumnConstraint):
        col.check = _pg(kind.this, dialect)
    elif isinstance(kind, exp.Reference):
        fk = _reference(kind, [col.name], dialect)
        if fk is not None:
            fk.name = cname
            col.fk = fk
    elif isinstance(kind, exp.CommentColumnConstraint):
        col.note = kind.this.name if isinstance(kind.this, exp.Expression) else None


