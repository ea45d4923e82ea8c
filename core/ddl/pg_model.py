"""PostgreSQL DDL for the model as a whole: the header, extensions, schemas, enum types,
functions, views, the foreign keys that close cycles and the Citus section, assembled around the
per-entity fragments.

Order of the script: extensions, schemas, enum types, functions (other than ``LANGUAGE sql``),
tables in dependency order (each with its comments, indexes, security and triggers), foreign keys
that close a cycle, ``LANGUAGE sql`` functions (their bodies are checked against the tables), views
in dependency order, publications (in model order, once every table exists), then the Citus
calls, commented out unless asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.ddl import fragments as frag
from core.ddl.context import GenContext
from core.ddl.identifiers import DIALECT_TITLES, check_name, quote_ident, string_literal
from core.ddl.order import view_order
from core.ddl.result import DDLWarning, Fragment, comment_text
from core.errors import DDLError
from core.model import PUBLISH_OPERATIONS, DataModel, Entity, EnumType, Function, Publication, View

__all__ = ["assemble", "enum_sql", "function_sql", "header", "publication_sql", "view_sql"]

CITUS_HEADER = (
    "-- Citus distribution. Commented out so that this script runs on plain PostgreSQL;\n"
    "-- generate with --citus (citus=True) to run these calls on a Citus cluster."
)


def header(ctx: GenContext) -> str:
    """The script's opening comment: model name and dialect."""
    text = (f"-- tablewright DDL for model {comment_text(ctx.model.name)}\n"
            f"-- Dialect: {DIALECT_TITLES[ctx.dialect]}\n"
            "-- Generated from the model file: edit the model, then generate again.")
    if ctx.dialect == "sqlite" and any(e.foreign_keys for e in ctx.model.entities):
        text += ("\n-- SQLite enforces these foreign keys (and their ON DELETE actions) only on connections "
                 "that run\n-- PRAGMA foreign_keys = ON; (it is off by default).")
    return text


def enum_sql(ctx: GenContext, en: EnumType) -> list[str]:
    """``CREATE TYPE ... AS ENUM (...)`` and its comment."""
    where = f"enums[{en.name}]"
    check_name(en.name, where)
    name = ctx.table_ref(en.schema_name, en.name)
    values = ", ".join(string_literal(v) for v in en.values)
    out = [f"CREATE TYPE {name} AS ENUM ({values});"]
    if en.note:
        out.append(f"COMMENT ON TYPE {name} IS {string_literal(en.note)};")
    return out


def function_sql(ctx: GenContext, fn: Function) -> list[str]:
    """``CREATE OR REPLACE FUNCTION`` with a dollar-quoted body, and its comment."""
    where = f"functions[{fn.name}]"
    check_name(fn.name, where)
    name = ctx.table_ref(fn.schema_name, fn.name)
    args = frag.expression(fn.arguments, f"{where}.arguments") if fn.arguments.strip() else ""
    returns = frag.expression(fn.returns, f"{where}.returns")
    language = quote_ident(check_name(fn.language, f"{where}.language"))
    tag = frag.dollar_tag(fn.body)
    body = fn.body.strip("\n")
    out = [f"CREATE OR REPLACE FUNCTION {name}({args})\nRETURNS {returns}\nLANGUAGE {language}\n"
           f"AS {tag}\n{body}\n{tag};"]
    if fn.note:
        out.append(f"COMMENT ON FUNCTION {name}({args}) IS {string_literal(fn.note)};")
    return out


def view_sql(ctx: GenContext, view: View) -> list[str]:
    """``CREATE [MATERIALIZED] VIEW name [WITH (security_invoker = true, ...)] AS query;`` and its
    comment."""
    where = f"views[{view.name}]"
    check_name(view.name, where)
    name = ctx.table_ref(view.schema_name, view.name)
    query, has_comment = frag.statement(view.sql, f"{where}.sql")
    kind = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    options = [f"{o} = true" for o in ("security_invoker", "security_barrier") if getattr(view, o)]
    if options and view.materialized:
        raise DDLError(f"{where}: {options[0].split(' ')[0]} is an option of plain views, not of materialized views")
    with_ = f" WITH ({', '.join(options)})" if options else ""
    out = [f"CREATE {kind} {name}{with_} AS\n{query}{chr(10) if has_comment else ''};"]
    if view.note:
        out.append(f"COMMENT ON {kind} {name} IS {string_literal(view.note)};")
    return out


def publication_sql(ctx: GenContext, pub: Publication) -> list[str]:
    """``CREATE PUBLICATION`` (one table, schema or ``ALL TABLES`` per line) and its comment.

    >>> from core.model import Attribute, DataModel, Entity, Publication
    >>> m = DataModel(entities=(Entity(name="Order", attributes=(Attribute(name="id", type="int"),
    ...     Attribute(name="qty", type="int"))),))
    >>> pub = Publication.model_validate({"name": "cdc", "publish": ["insert", "update"],
    ...     "tables": [{"table": "Order", "columns": ["id", "qty"], "where": "qty > 0"}]})
    >>> print("\\n".join(publication_sql(GenContext(m), pub)))
    CREATE PUBLICATION cdc
        FOR TABLE "Order" (id, qty) WHERE (qty > 0)
        WITH (publish = 'insert, update');
    """
    where = f"publications[{pub.name}]"
    name = quote_ident(check_name(pub.name, where))
    objects: list[str] = []
    for t in pub.tables:
        tw = f"{where}.tables[{t.table}]"
        entity = ctx.model.entity(t.key)
        if entity is None:
            raise DDLError(f'{tw}: "{t.key.display()}" is not an entity of the model')
        text = "TABLE " + ctx.table_ref(entity.schema_name, entity.name)
        if t.columns:
            text += f" ({', '.join(quote_ident(check_name(c, tw + '.columns')) for c in t.columns)})"
        if t.where is not None:
            text += f" WHERE ({frag.expression(t.where, tw + '.where')})"
        objects.append(text)
    objects += [f"TABLES IN SCHEMA {quote_ident(check_name(s, where + '.schemas'))}" for s in pub.schemas]
    for op in pub.publish:
        if op not in PUBLISH_OPERATIONS:
            raise DDLError(f'{where}.publish: "{op}" is not an operation (insert, update, delete, truncate)')
    lines = [f"CREATE PUBLICATION {name}"]
    if pub.all_tables:
        lines.append("    FOR ALL TABLES")
    elif objects:
        lines.append("    FOR " + ",\n        ".join(objects))
    params = []
    if tuple(pub.publish) != PUBLISH_OPERATIONS:
        params.append(f"publish = {string_literal(', '.join(pub.publish))}")
    if pub.via_partition_root:
        params.append("publish_via_partition_root = true")
    if params:
        lines.append(f"    WITH ({', '.join(params)})")
    out = ["\n".join(lines) + ";"]
    if pub.note:
        out.append(f"COMMENT ON PUBLICATION {name} IS {string_literal(pub.note)};")
    return out


def _schemas(ctx: GenContext, entities: Sequence[Entity], enums: Sequence[EnumType],
             functions: Sequence[Function], views: Sequence[View], published: Sequence[str] = ()) -> list[str]:
    names: set[str] = {check_name(s, f"schema {s}") for s in published if s != "public"}
    owners: list[Entity | EnumType | Function | View] = [*entities, *enums, *functions, *views]
    for obj in owners:
        s = ctx.schema_of(obj.schema_name)
        if s != "public":
            names.add(check_name(s, f"schema {s}"))
    return [f"CREATE SCHEMA IF NOT EXISTS {quote_ident(s)};" for s in sorted(names)]


def _section(title: str | None, statements: Sequence[str]) -> str:
    if not statements:
        return ""
    head = f"-- {comment_text(title)}\n" if title else ""
    return head + "\n".join(statements)


def assemble(ctx: GenContext, entities: Sequence[Entity], fragments: Sequence[Fragment],
             whole_model: bool) -> tuple[str, list[DDLWarning]]:
    """The whole script from the entities' fragments (in creation order) and the model-level
    objects (all of them for the whole model; those the entities need for a selection)."""
    model = ctx.model
    if whole_model:
        enums, functions, views = list(model.enums), list(model.functions), view_order(model)
    else:
        wanted = {ctx.enum_for(a.type)[0].name for e in entities for a in e.attributes  # type: ignore[index]
                  if ctx.enum_for(a.type) is not None}
        enums = [en for en in model.enums if en.name in wanted]
        used = {t.function for e in entities for t in e.triggers}
        functions = [f for f in model.functions if f.name in used]
        views = []
    extensions = list(dict.fromkeys(model.extensions))
    inferred = set().union(*(f.extensions for f in fragments)) if fragments else set()
    if ctx.citus:
        inferred.add("citus")
    extensions += sorted(inferred - set(extensions))
    ext_sql = [f"CREATE EXTENSION IF NOT EXISTS {quote_ident(check_name(x, 'extensions'))};"
               for x in extensions]
    early = [f for f in functions if f.language.lower() != "sql"]
    late = [f for f in functions if f.language.lower() == "sql"]
    sections = [
        header(ctx),
        _section("Extensions", ext_sql),
        _section("Schemas", _schemas(ctx, entities, enums, functions, views,
                                     [s for p in model.publications for s in p.schemas] if whole_model else ())),
        _section("Enum types", [s for en in enums for s in enum_sql(ctx, en)]),
        _section("Functions", [s for f in early for s in function_sql(ctx, f)]),
    ]
    for e, f in zip(entities, fragments, strict=True):
        sections.append(_section(f"Table {ctx.label(e)}", [f.sql]))
    sections.append(_section("Foreign keys that close a cycle (added once every table exists)",
                             [s for f in fragments for s in f.deferred]))
    sections.append(_section("Functions in SQL (after the tables they read)",
                             [s for f in late for s in function_sql(ctx, f)]))
    sections.append(_section("Views", [s for v in views for s in view_sql(ctx, v)]))
    if whole_model:
        sections.append(_section("Publications (logical replication; subscribers need wal_level = logical)",
                                 [s for p in model.publications for s in publication_sql(ctx, p)]))
    calls = _citus_calls(ctx.model, entities, fragments)
    if calls:
        body = calls if ctx.citus else ["-- " + c for c in calls]
        sections.append(_section(None, [CITUS_HEADER if not ctx.citus else "-- Citus distribution", *body]))
    warnings = [w for f in fragments for w in f.warnings]
    return "\n\n".join(s for s in sections if s) + "\n", warnings


def _citus_calls(model: DataModel, entities: Sequence[Entity], fragments: Sequence[Fragment]) -> list[str]:
    """Each table's Citus call after those of the tables it is co-located with or references,
    reference tables first otherwise (:func:`core.validate_citus.citus_order`)."""
    from core.validate_citus import citus_order

    return [s for i in citus_order(model, entities) if fragments[i].trailing for s in fragments[i].trailing]
