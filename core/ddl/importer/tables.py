"""CREATE TABLE: the importer's own reader first, sqlglot as a second opinion.

:func:`read_create_table` reads the statement with the tolerant token reader
(:mod:`core.ddl.importer.elements`): it knows the shape every dialect shares and is several
times faster than a full grammar, so it reads every table of a large dump within the speed
budget, and a construct no grammar knows (``ROWGUIDCOL``, a ``#`` comment, a ``PREFIX_``
placeholder, an unknown type) costs a word, never the table. When the reader meets something it
cannot place (no column list, an element it does not know), sqlglot reads the statement too (after
removing the constructs it misses, such as ``ROWGUIDCOL`` or ``NOT FOR REPLICATION``) and its
reading is kept when it succeeds. :class:`TableRead` says how the table was read: ``reader``,
``sqlglot`` (the second opinion) or ``tolerant`` (the reader, having skipped words it did not
understand; they are listed in ``why``). A CREATE TABLE is never silently lost.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from core.ddl.importer.elements import qualified_name, raw_type_at, read_element
from core.ddl.importer.simple import simple_create_table
from core.ddl.importer.specs import ColumnSpec, ConstraintSpec, FKSpec, TableRef
from core.ddl.importer.tokens import Token, matching, split_top, tokenize, upper_words

__all__ = ["TableRead", "read_create_table", "tolerant_create_table"]

Spec = ColumnSpec | ConstraintSpec


@dataclass
class TableRead:
    """A CREATE TABLE as read: the table, its elements and partitioning, and how it was read."""

    table: TableRef
    elements: list[Spec] = field(default_factory=list)
    how: str = "reader"
    why: str = ""
    partition_by: str | None = None
    partition_of: TableRef | None = None
    partition_bound: str | None = None
    note: str | None = None
    trouble: list[str] = field(default_factory=list)


_SQLGLOT = {"postgres": "postgres", "mysql": "mysql", "sqlite": "sqlite", "tsql": "tsql", "oracle": "oracle"}
#: Constructs sqlglot misses, removed before it reads a statement (each kept out of the model anyway).
_REWRITES = (
    re.compile(r"\bROWGUIDCOL\b", re.I),
    re.compile(r"\bNOT\s+FOR\s+REPLICATION\b", re.I),
    re.compile(r"\bCOLLATE\s+\w+", re.I),
)
_LOG = logging.getLogger("sqlglot")


def read_create_table(text: str, dialect: str) -> TableRead:
    """Read a CREATE TABLE statement; never raises for a statement that names a table.

    >>> r = read_create_table("CREATE TABLE t (id int ROWGUIDCOL NOT NULL, x int)", "tsql")
    >>> [c.name for c in r.elements], r.how
    (['id', 'x'], 'reader')
    """
    simple = simple_create_table(text, dialect)  # the plainest shape, without tokens
    if simple is not None:
        return simple
    read = tolerant_create_table(tokenize(text, dialect), text, dialect)
    if read.trouble:
        rewritten = text
        for pattern in _REWRITES:
            rewritten = pattern.sub(" ", rewritten)
        parsed = _sqlglot(rewritten, dialect)
        if isinstance(parsed, exp.Create):
            second = _from_ast(parsed, rewritten, dialect, "sqlglot")
            if second.table.name and len(second.elements) >= len(read.elements):
                second.why = "; ".join(read.trouble)
                return second
        read.how = "tolerant"
        read.why = "; ".join(read.trouble)
        return read
    ignored = [w for e in read.elements if isinstance(e, ColumnSpec) for w in e.ignored]
    if ignored:
        read.how = "tolerant"
        read.why = "ignored " + ", ".join(dict.fromkeys(ignored))
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
    if i >= len(tokens) or tokens[i].kind not in "wqs":  # CREATE TABLE (...: no name to read
        return TableRead(TableRef(None, ""))
    table, i = qualified_name(tokens, i, dialect)
    read = TableRead(table)
    if i + 1 < len(up) and up[i] == "PARTITION" and up[i + 1] == "OF":
        read.partition_of, i = qualified_name(tokens, i + 2, dialect)
        bound = next((k for k in range(i, len(up)) if up[k] in ("FOR", "DEFAULT")), None)
        if bound is not None:
            read.partition_bound = text[tokens[bound].pos:].strip()
            if i >= len(tokens) or tokens[i].text != "(":
                return read
    if i < len(up) and up[i] == "AS":
        read.trouble.append("CREATE TABLE ... AS SELECT: the columns are not written out")
        return read
    while i < len(tokens) and tokens[i].text != "(":
        i += 1
    if i >= len(tokens):
        read.trouble.append("no column list")
        return read
    end = matching(tokens, i)
    if tokens[end].text != ")":
        read.trouble.append("the column list is not closed")
    for a, b in split_top(tokens, i + 1, end):
        element = read_element(tokens[a:b], dialect, text, up[a:b])
        if element is not None:
            read.elements.append(element)
            if isinstance(element, ConstraintSpec) and element.kind == "other":
                read.trouble.append(element.skipped or "an element the reader does not know")
    rest = up[end + 1:]
    if "COMMENT" in rest:  # MySQL: ... ) ENGINE=InnoDB COMMENT='the table'
        k = end + 1 + rest.index("COMMENT") + 1
        k += 1 if k < len(tokens) and tokens[k].text == "=" else 0
        if k < len(tokens) and tokens[k].kind == "s":
            body = tokens[k].text[tokens[k].text.index("'") + 1:]
            read.note = (body[:-1] if body.endswith("'") else body).replace("''", "'")
    if "PARTITION" in rest:
        k = end + 1 + rest.index("PARTITION")
        if k + 2 < len(up) and up[k + 1] == "BY":
            read.partition_by = text[tokens[k + 2].pos:].strip().rstrip(";")
    return read


# -- sqlglot AST -> specs ---------------------------------------------------------------------


def _ident(node: Any, dialect: str) -> str:
    if isinstance(node, exp.Identifier):
        name = str(node.this)
        return name.lower() if dialect == "postgres" and not node.quoted else name
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
    try:
        snippet = " ".join(node.sql(dialect=_SQLGLOT[dialect]).split())
    except Exception:  # a node sqlglot read but cannot write back
        snippet = type(node).__name__
    return ConstraintSpec("other", name, skipped=f'the element "{snippet[:60]}"')


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


