"""PostgreSQL DDL for the parts of a table that are separate statements or clauses: indexes,
exclusion constraints, comments, row-level security, triggers, Citus calls, and the extensions
an entity needs.

Every name goes through :func:`~core.ddl.identifiers.quote_ident`, every text through
:func:`~core.ddl.identifiers.string_literal`, every SQL fragment through
:mod:`core.ddl.fragments`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.ddl import fragments as frag
from core.ddl.context import GenContext
from core.ddl.identifiers import check_name, quote_ident, string_literal
from core.errors import DDLError
from core.model import Entity, ExclusionConstraint, Index, IndexKey, Policy, Trigger
from core.types import base_name, family

__all__ = ["citus_call", "comments", "exclusion", "extensions_for", "index", "policies", "triggers"]

_ROLE_KEYWORDS = frozenset({"public", "current_user", "current_role", "session_user"})
_EVENTS = frozenset({"insert", "update", "delete", "truncate"})
_UPDATE_OF = re.compile(r"update\s+of\s+(.+)\Z", re.IGNORECASE)
_OPTION_KEY = re.compile(r"[a-z_][a-z0-9_.]*\Z")
_SCALAR_FAMILIES = frozenset({"integer", "decimal", "float", "text", "boolean", "date", "time", "timestamp",
                              "timestamptz", "interval", "uuid", "network", "binary"})
_TYPE_EXTENSIONS = {"citext": "citext", "hstore": "hstore", "ltree": "ltree", "lquery": "ltree",
                    "cube": "cube", "geometry": "postgis", "geography": "postgis", "vector": "vector",
                    "halfvec": "vector", "sparsevec": "vector"}
_DEFAULT_EXTENSIONS = (("uuid_generate_v", "uuid-ossp"), ("gen_random_bytes(", "pgcrypto"),
                       ("crypt(", "pgcrypto"), ("digest(", "pgcrypto"))


def qualified_parts(text: str, where: str) -> str:
    """An operator class or similar ``[schema.]name``, each part quoted as needed."""
    parts = [p.strip() for p in text.split(".")]
    for p in parts:
        check_name(p, where)
    return ".".join(quote_ident(p) for p in parts)


def index_key(key: IndexKey, where: str) -> str:
    """One key of an index: a column or ``(expression)``, opclass, order, nulls."""
    if key.column is not None:
        text = quote_ident(check_name(key.column, where))
    else:
        text = frag.parenthesized(frag.expression(key.expression or "", f"{where}.expression"))
    if key.opclass:
        text += " " + qualified_parts(key.opclass, f"{where}.opclass")
    if key.order:
        text += " " + key.order.upper()
    if key.nulls:
        text += " NULLS " + key.nulls.upper()
    return text


def storage_options(pairs: tuple[tuple[str, str], ...], where: str) -> str:
    """``WITH (k = v, ...)`` for index storage parameters (HNSW ``m``, BRIN ``pages_per_range``)."""
    items = []
    for k, v in pairs:
        if not _OPTION_KEY.match(k):
            raise DDLError(f'{where}: "{k}" is not a storage parameter name (like fillfactor, m, lists)')
        items.append(f"{k} = {v if frag.option_value(v) else string_literal(v)}")
    return f" WITH ({', '.join(items)})" if items else ""


def index(ctx: GenContext, entity: Entity, table: str, i: int, ix: Index) -> str:
    """``CREATE [UNIQUE] INDEX [name] ON table [USING method] (keys) [INCLUDE] [WITH] [WHERE];``"""
    where = f"{ctx.where(entity)}.indexes[{ix.name or i}]"
    head = "CREATE UNIQUE INDEX" if ix.unique else "CREATE INDEX"
    if ix.name:
        head += " " + quote_ident(check_name(ix.name, where))
    head += f" ON {table}"
    if ix.method != "btree":
        head += f" USING {ix.method}"
    keys = ", ".join(index_key(k, f"{where}.columns[{n}]") for n, k in enumerate(ix.columns))
    sql = f"{head} ({keys})"
    if ix.include:
        sql += " INCLUDE (" + ", ".join(quote_ident(check_name(c, where)) for c in ix.include) + ")"
    sql += storage_options(ix.with_, f"{where}.with")
    if ix.where:
        sql += " WHERE " + frag.expression(ix.where, f"{where}.where")
    return sql + ";"


def exclusion(ctx: GenContext, entity: Entity, i: int, ex: ExclusionConstraint) -> str:
    """A table constraint line ``EXCLUDE USING method (element WITH op, ...) [WHERE (...)]``."""
    where = f"{ctx.where(entity)}.exclusions[{ex.name or i}]"
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", ex.method):
        raise DDLError(f'{where}: "{ex.method}" is not an index method (like gist)')
    items = []
    for n, el in enumerate(ex.elements):
        ew = f"{where}.elements[{n}]"
        if entity.attribute(el.expression) is not None:
            item = quote_ident(el.expression)
        elif frag.is_column_name(el.expression):
            item = el.expression.strip()
        else:
            item = frag.parenthesized(frag.expression(el.expression, f"{ew}.expression"))
        items.append(f"{item} WITH {frag.operator(el.operator, f'{ew}.operator')}")
    sql = f"EXCLUDE USING {ex.method} ({', '.join(items)})"
    if ex.where:
        sql += " WHERE (" + frag.expression(ex.where, f"{where}.where") + ")"
    if ex.name:
        sql = f"CONSTRAINT {quote_ident(check_name(ex.name, where))} {sql}"
    return sql


def comments(ctx: GenContext, entity: Entity, table: str) -> tuple[list[str], list[tuple[str, str]]]:
    """``COMMENT ON`` statements for the notes, and (feature, message) for notes that cannot be
    attached (an unnamed index or foreign key has no name to comment on)."""
    out, lost = [], []
    if entity.note:
        out.append(f"COMMENT ON TABLE {table} IS {string_literal(entity.note)};")
    for a in entity.attributes:
        if a.note and not entity.partition_of:
            out.append(f"COMMENT ON COLUMN {table}.{quote_ident(a.name)} IS {string_literal(a.note)};")
    for ix in entity.indexes:
        if ix.note and ix.name:
            name = ctx.table_ref(entity.schema_name, ix.name)
            out.append(f"COMMENT ON INDEX {name} IS {string_literal(ix.note)};")
        elif ix.note:
            lost.append(("note", "an unnamed index cannot carry a comment; name the index to keep its note"))
    for fk in entity.foreign_keys:
        if fk.note and fk.name:
            out.append(f"COMMENT ON CONSTRAINT {quote_ident(fk.name)} ON {table} IS {string_literal(fk.note)};")
        elif fk.note:
            lost.append(("note", "an unnamed foreign key cannot carry a comment; name it to keep its note"))
    return out, lost


def _role(name: str) -> str:
    return name.lower() if name.lower() in _ROLE_KEYWORDS else quote_ident(name)


def policies(ctx: GenContext, entity: Entity, table: str) -> list[str]:
    """``ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY`` and ``CREATE POLICY`` statements."""
    rls = entity.rls
    if rls is None:
        return []
    out = []
    if rls.enabled:
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;")
    if rls.forced:
        out.append(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;")
    out.extend(_policy(ctx, entity, table, p) for p in rls.policies)
    return out


def _policy(ctx: GenContext, entity: Entity, table: str, p: Policy) -> str:
    where = f"{ctx.where(entity)}.rls.policies[{p.name}]"
    sql = f"CREATE POLICY {quote_ident(check_name(p.name, where))} ON {table}"
    if not p.permissive:
        sql += " AS RESTRICTIVE"
    if p.command != "all":
        sql += f" FOR {p.command.upper()}"
    if p.roles:
        sql += " TO " + ", ".join(_role(check_name(r, f"{where}.roles")) for r in p.roles)
    if p.using:
        sql += "\n    USING (" + frag.expression(p.using, f"{where}.using") + ")"
    if p.with_check:
        sql += "\n    WITH CHECK (" + frag.expression(p.with_check, f"{where}.with_check") + ")"
    return sql + ";"


def triggers(ctx: GenContext, entity: Entity, table: str) -> list[str]:
    """``CREATE TRIGGER ... EXECUTE FUNCTION`` statements."""
    return [_trigger(ctx, entity, table, t) for t in entity.triggers]


def _trigger(ctx: GenContext, entity: Entity, table: str, t: Trigger) -> str:
    where = f"{ctx.where(entity)}.triggers[{t.name}]"
    events = []
    for ev in t.events:
        m = _UPDATE_OF.match(ev.strip())
        if m:
            cols = [c.strip() for c in m.group(1).split(",")]
            events.append("UPDATE OF " + ", ".join(quote_ident(check_name(c, where)) for c in cols))
        elif ev.strip().lower() in _EVENTS:
            events.append(ev.strip().upper())
        else:
            raise DDLError(f'{where}: unknown trigger event "{ev}"; use insert, update, delete or truncate')
    fn = ctx.function(t.function)
    fname = ctx.table_ref(fn.schema_name, fn.name) if fn else quote_ident(check_name(t.function, where))
    args = ", ".join(string_literal(a) for a in t.arguments)
    sql = (f"CREATE TRIGGER {quote_ident(check_name(t.name, where))}\n    {t.timing.upper()} "
           f"{' OR '.join(events)} ON {table}\n    FOR EACH {t.level.upper()}")
    if t.when:
        sql += " WHEN (" + frag.expression(t.when, f"{where}.when") + ")"
    return sql + f"\n    EXECUTE FUNCTION {fname}({args});"


def citus_call(ctx: GenContext, entity: Entity, table: str) -> str | None:
    """The Citus call that distributes the table or makes it a reference table."""
    d = entity.distribution
    if d is None:
        return None
    if d.kind == "reference":
        return f"SELECT create_reference_table({string_literal(table)});"
    sql = f"SELECT create_distributed_table({string_literal(table)}, {string_literal(d.column or '')}"
    if d.colocate_with:
        other = ctx.model.find_entity(d.colocate_with)
        name = ctx.table_ref(other.schema_name, other.name) if other else quote_ident(d.colocate_with)
        sql += f", colocate_with => {string_literal(name)}"
    return sql + ");"


def extensions_for(entity: Entity) -> frozenset[str]:
    """The PostgreSQL extensions the entity's types, indexes and constraints need."""
    found: set[str] = set()
    for a in entity.attributes:
        ext = _type_extension(a.type)
        if ext is not None:
            found.add(ext)
        if a.default is not None and "(" in a.default:
            low = a.default.lower()
            found.update(ext for needle, ext in _DEFAULT_EXTENSIONS if needle in low)
    for ix in entity.indexes:
        if ix.method in ("hnsw", "ivfflat"):
            found.add("vector")
        for k in ix.columns:
            op = (k.opclass or "").lower().split(".")[-1]
            if op in ("gin_trgm_ops", "gist_trgm_ops"):
                found.add("pg_trgm")
            elif op.startswith(("vector_", "halfvec_", "sparsevec_")):
                found.add("vector")
            if ix.method == "gin" and k.column and not op:
                col = entity.attribute(k.column)
                if col is not None and family(col.type) in _SCALAR_FAMILIES:
                    found.add("btree_gin")
    for ex in entity.exclusions:
        for el in ex.elements:
            col = entity.attribute(el.expression.strip())
            scalar = col is None or family(col.type) not in ("range", "network", "array")
            if ex.method == "gist" and el.operator.strip() in ("=", "<>") and scalar:
                found.add("btree_gist")
    return frozenset(found)


@lru_cache(maxsize=4096)
def _type_extension(type_text: str) -> str | None:
    return _TYPE_EXTENSIONS.get(base_name(type_text).removesuffix("[]").split(".")[-1])
