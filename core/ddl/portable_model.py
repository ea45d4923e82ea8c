"""The whole script for a non-PostgreSQL dialect: header, schemas, sequences, tables in
dependency order, foreign keys that close cycles, views; and a warning for every model-level
object the dialect cannot hold (PL/pgSQL functions, extensions, materialized views, view
security options, publications...).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from sqlglot import exp

from core.ddl import fragments as frag
from core.ddl.context import GenContext
from core.ddl.identifiers import check_name, ident
from core.ddl.order import tables_read, view_order
from core.ddl.pg_model import header
from core.ddl.portable_caps import CAPS, TITLES
from core.ddl.portable_exprs import render
from core.ddl.portable_types import parse_expression
from core.ddl.result import DDLWarning, Fragment, comment_text
from core.model import Entity, View

__all__ = ["assemble"]


def _section(title: str, lines: Sequence[str]) -> str:
    return f"-- {comment_text(title)}\n" + "\n".join(lines) if lines else ""


class _Model:
    def __init__(self, ctx: GenContext) -> None:
        self.ctx = ctx
        self.d = ctx.dialect
        self.title = TITLES[ctx.dialect]
        self.warnings: list[DDLWarning] = []
        self.skipped: set[str] = set()

    def warn(self, entity: str, feature: str, message: str) -> str:
        w = DDLWarning(entity, feature, message)
        self.warnings.append(w)
        return w.comment()

    def render(self, node: exp.Expression, entity: str, *, pretty: bool = False) -> str:
        sql, lost = render(node, self.d, pretty=pretty)
        notes = [self.warn(entity, "unsupported", f"sqlglot cannot express this in {self.title}: {m}")
                 for m in lost]
        return "\n".join([*notes, sql + ";"])

    def schemas(self, entities: Sequence[Entity], views: Sequence[View]) -> list[str]:
        owners: list[Entity | View] = [*entities, *views]
        names = sorted({s for obj in owners
                        if (s := obj.schema_name) is not None and s != self.ctx.model.default_schema})
        for s in names:
            check_name(s, f"schema {s}")
        if not names:
            return []
        if self.d == "sqlite":
            return [self.warn("", "schema", f"SQLite has no schemas ({', '.join(names)}): tables are created "
                              "unqualified (attach a database per schema to keep them apart)")]
        if self.d == "oracle":
            return [self.warn("", "schema", f"an Oracle schema is a user: create {', '.join(names)} "
                              "(CREATE USER) before running this script")]
        out = []
        if self.d == "tsql":
            out.append(self.warn("", "schema", "SQL Server runs CREATE SCHEMA only first in a batch: run "
                                 "these statements on their own (end them with GO)"))
        exists = self.d != "tsql"  # sqlglot writes T-SQL's IF NOT EXISTS as an IF block it cannot read back
        out.extend(self.render(exp.Create(this=exp.Table(db=ident(s, self.d)), kind="SCHEMA", exists=exists), s)
                   for s in names)
        return out

    def view(self, v: View) -> list[str]:
        where = f"views[{v.name}]"
        check_name(v.name, where)
        label = v.name if v.schema_name is None else f"{v.schema_name}.{v.name}"
        query, _ = frag.statement(v.sql, f"{where}.sql")
        missing = sorted(name for _, name in tables_read(query) if name in self.skipped)
        if missing:
            self.skipped.add(v.name.lower())
            return [self.warn(label, "view", f"reads {', '.join(missing)}, which could not be generated; "
                              "view not generated")]
        out = self._view(v, label, query)
        if not any(line.startswith("CREATE") for line in out):
            self.skipped.add(v.name.lower())
        return out

    def _view(self, v: View, label: str, query: str) -> list[str]:
        tree = parse_expression(query)
        if not isinstance(tree, exp.Query):
            return [self.warn(label, "view", f"its query cannot be translated from PostgreSQL to {self.title}; "
                              "view not generated")]
        for t in tree.find_all(exp.Table):  # the default schema (and in SQLite every schema) is implicit
            if t.args.get("db") is not None and (self.d == "sqlite" or t.db == self.ctx.model.default_schema):
                t.set("db", None)
        schema = self.ctx.portable_schema(v.schema_name)
        table = exp.Table(this=ident(v.name, self.d), db=ident(schema, self.d) if schema else None)
        out = []
        props = None
        for option in ("security_invoker", "security_barrier"):
            if getattr(v, option):
                out.append(self.warn(label, option, f"{option} is a PostgreSQL view option; {self.title} views "
                                     "have no equivalent, so the view is created without it"))
        if v.materialized:
            if CAPS[self.d].materialized_views:
                props = exp.Properties(expressions=[exp.MaterializedProperty()])
            else:
                out.append(self.warn(label, "materialized view", f"{self.title} has no materialized views; "
                                     "created as a plain view"))
        statement = self.render(exp.Create(this=table, kind="VIEW", expression=tree, properties=props), label,
                                pretty=True)
        problem = _syntax_problem(statement, self.d)
        if problem is not None:
            return [self.warn(label, "view", f"sqlglot's {self.title} translation of its query does not "
                              f"parse ({problem}); view not generated")]
        out.append(statement)
        return out


def _syntax_problem(sql: str, dialect: str) -> str | None:
    """For the engines at hand (SQLite, DuckDB): the parser's complaint about ``sql``, if any.
    SQLite creates a view over missing tables, so only syntax is checked."""
    if dialect == "sqlite":
        import sqlite3

        with contextlib.closing(sqlite3.connect(":memory:")) as conn:
            try:
                conn.execute(sql.rstrip(";"))
            except sqlite3.Error as exc:
                return str(exc)
    elif dialect == "duckdb":
        import duckdb

        try:
            duckdb.extract_statements(sql)
        except duckdb.Error as exc:
            return str(exc).splitlines()[0]
    return None


def assemble(ctx: GenContext, entities: Sequence[Entity], fragments: Sequence[Fragment],
             whole_model: bool) -> tuple[str, list[DDLWarning]]:
    """The whole script from the entities' fragments (in creation order) and model-level objects."""
    m = _Model(ctx)
    model = ctx.model
    views = view_order(model) if whole_model else []
    sections = [header(ctx), _section("Schemas", m.schemas(entities, views))]
    other_ext = [x for x in model.extensions if x != "plpgsql"]
    if other_ext:
        sections.append(_section("Extensions", [m.warn("", "extension", f"PostgreSQL extensions "
                                                       f"({', '.join(other_ext)}) do not apply to {m.title}")]))
    wanted = {t.function for e in entities for t in e.triggers}
    functions = [f for f in model.functions if whole_model or f.name in wanted]
    sections.append(_section("Functions", [m.warn(f.name, "function", f"{f.language} functions are "
                                                  f"PostgreSQL-only; not generated") for f in functions]))
    sections.append(_section("Sequences (for identity columns)", [s for f in fragments for s in f.prelude]))
    table_warnings: list[DDLWarning] = []
    for e, f in zip(entities, fragments, strict=True):
        sections.append(_section(f"Table {ctx.label(e)}", [f.sql]))
        table_warnings.extend(f.warnings)
    sections.append(_section("Foreign keys that close a cycle (added once every table exists)",
                             [s for f in fragments for s in f.deferred]))
    sections.append(_section("Views", [s for v in views for s in m.view(v)]))
    if whole_model:
        sections.append(_section("Publications", [m.warn(p.name, "publication", "logical replication "
                                                         "publications are PostgreSQL-only; not generated")
                                                  for p in model.publications]))
    sql = "\n\n".join(s for s in sections if s) + "\n"
    return sql, [*m.warnings[:0], *_ordered(m.warnings, table_warnings, sql)]


def _ordered(model_level: list[DDLWarning], tables: list[DDLWarning], sql: str) -> list[DDLWarning]:
    """Every warning once, in the order the script shows them."""
    seen = [*model_level, *tables]
    return sorted(dict.fromkeys(seen), key=lambda w: sql.find(w.comment()))
