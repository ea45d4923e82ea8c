"""The data migration of ``multi-tenant`` for tables that already hold rows.

``ALTER TABLE ... ADD COLUMN tenant_id ... NOT NULL`` fails on a table with rows, and the rows
need the right tenant, not any tenant. :func:`tenant_migration_sql` writes one PostgreSQL
transaction that takes a database holding the model before the pattern to the model after it:

1. ``LOCK`` the tables; create the tenants table when the pattern adds it, and the default tenant
   (parameter ``default_tenant``) when there is one and it is missing;
2. add ``tenant_id`` nullable to every table;
3. backfill, parents first: a row takes the tenant of the row it references through a foreign key
   to another tenant table (the chain reaches from ``order_lines`` through ``orders`` to
   ``customers``); rows with no such parent take the default tenant; without a default tenant, a
   row still without one stops the migration (``RAISE EXCEPTION`` with the table and the count).
   Only rows without a tenant are filled: to give root rows their own tenants, add an ``UPDATE``
   before step 3 (the chain then carries each one to its children);
4. ``SET DEFAULT`` (the session's tenant) and ``SET NOT NULL``;
5. rebuild the keys, unique and exclusion constraints, foreign keys and indexes led by
   ``tenant_id`` (dropped first, foreign keys before the keys they rely on), add the foreign key
   to the tenants table;
6. the comments of the new column and of the rebuilt constraints and indexes;
7. enable and force row-level security, create the isolation policy, and make the views over the
   tables ``security_invoker`` where the model after does (so the policy applies through them);
   ``COMMIT``.

The database then matches the model after, but for one thing: ``tenant_id`` comes last in each
table (PostgreSQL adds a column at the end and cannot move it; SQL never depends on it).

An error anywhere aborts the transaction, so a failed migration changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.ddl.context import GenContext
from core.ddl.identifiers import quote_ident, string_literal
from core.ddl.pg_parts import comments, exclusion, index, policies
from core.ddl.postgres import foreign_key, table_fragment
from core.errors import CommandError
from core.model import DataModel, Entity, EntityKey, ForeignKey

__all__ = ["tenant_migration_sql"]

_TAG = "$tw$"


def _cols(names: Sequence[str]) -> str:
    return ", ".join(quote_ident(c) for c in names)


def tenant_migration_sql(before: DataModel, after: DataModel) -> str:
    """The PostgreSQL migration of a database holding ``before`` to ``after``, the model the
    ``multi-tenant`` pattern made of it (see the module docstring).

    Raises :class:`CommandError` when ``after`` has no multi-tenant application that ``before``
    lacks (nothing to migrate).
    """
    record = next((r for r in reversed(after.patterns) if r.pattern == "multi-tenant"), None)
    if record is None or not after.settings.multi_tenant:
        raise CommandError("the model after has no multi-tenant pattern applied: nothing to migrate")
    params = dict(record.params)
    col, tenant_name = after.settings.tenant_column, after.settings.tenant_entity
    tenants = after.find_entity(tenant_name)
    if tenants is None or tenants.primary_key is None or len(tenants.primary_key.columns) != 1:
        raise CommandError(f'the tenants table "{tenant_name}" needs a one-column primary key')
    tid = tenants.primary_key.columns[0]
    owned: list[tuple[Entity, Entity]] = []  # (before, after) of the tables that gain the column
    for old in before.entities:
        new = after.entity(before.canonical_key(old.key))
        if new is not None and old.attribute(col) is None and new.attribute(col) is not None and not old.partition_of:
            owned.append((old, new))  # a partition gets the column, and its rows the tenant, from its parent
    if not owned:
        raise CommandError(f"no table gains {col}: nothing to migrate")
    ctx = GenContext(after)
    ref = {before.canonical_key(o.key): ctx.table_ref(o.schema_name, o.name) for o, _ in owned}
    # tables that had the column before: parents to take the tenant from, not to migrate
    earlier = {before.canonical_key(e.key): ctx.table_ref(e.schema_name, e.name) for e in before.entities
               if e.attribute(col) is not None and e.name != tenant_name}
    tenants_ref = ctx.table_ref(tenants.schema_name, tenants.name)
    default = str(params.get("default_tenant", "") or "").strip()
    tid_attr = tenants.attribute(tid)
    ctype = tid_attr.type if tid_attr is not None else "bigint"
    ctype = {"bigserial": "bigint", "serial": "integer", "smallserial": "smallint"}.get(ctype.lower(), ctype)
    names = ", ".join(o.name for o, _ in owned)
    lines = [f"-- tablewright: make {names} tenant-owned ({col}) on a database that already holds their rows",
             f"-- default tenant for rows no parent row gives a tenant: {default or 'none (such rows stop it)'}",
             "BEGIN;", f"LOCK TABLE {', '.join(ref.values())} IN ACCESS EXCLUSIVE MODE;"]
    lines.append(f"\n-- 1. the tenants table{' and the default tenant' if default else ''}")
    if before.find_entity(tenant_name) is None:
        frag = table_fragment(ctx, tenants, frozenset(range(len(tenants.foreign_keys))))
        lines.append(frag.sql)
    if default:
        lines.extend(_default_tenant(tenants, tenants_ref, tid, default, ctype))
    lines.append(f"\n-- 2. {col}, nullable until every row has one")
    for old, _ in owned:
        lines.append(f"ALTER TABLE {ref[before.canonical_key(old.key)]} ADD COLUMN {quote_ident(col)} {ctype};")
    lines.append("\n-- 3. every row's tenant: its parent's (parents first), else the default")
    for old, parent_fk in _parents_first(before, [o for o, _ in owned], set(earlier)):
        table = ref[before.canonical_key(old.key)]
        if parent_fk is not None:
            lines.append(_inherit(before, old, parent_fk, table, {**earlier, **ref}, col))
        if default:
            lines.append(f"UPDATE {table} SET {quote_ident(col)} = {string_literal(default)}::{ctype} "
                         f"WHERE {quote_ident(col)} IS NULL;")
        else:
            lines.append(_refuse_missing(table, old.name, col))
    lines.append(f"\n-- 4. {col} required from now on, the session's tenant by default")
    for old, new in owned:
        a = new.attribute(col)
        assert a is not None
        table = ref[before.canonical_key(old.key)]
        default_sql = f"\n    ALTER COLUMN {quote_ident(col)} SET DEFAULT {a.default}," if a.default else ""
        lines.append(f"ALTER TABLE {table}{default_sql}\n    ALTER COLUMN {quote_ident(col)} SET NOT NULL;")
    lines.append(f"\n-- 5. keys, constraints, foreign keys and indexes led by {col}")
    lines.extend(_rebuild(before, ctx, owned, ref))
    lines.append("\n-- 6. comments (the new column's, and those of the rebuilt constraints and indexes)")
    for old, new in owned:
        lines.extend(comments(ctx, new, ref[before.canonical_key(old.key)])[0])
    lines.append("\n-- 7. row-level security; views over the tables read them as the querying user")
    for old, new in owned:
        table = ref[before.canonical_key(old.key)]
        have = {p.name for p in old.rls.policies} if old.rls is not None else set()
        fresh = new.model_copy(update={"rls": new.rls.model_copy(update={"policies": tuple(
            p for p in new.rls.policies if p.name not in have)})}) if new.rls is not None else new
        lines.extend(policies(ctx, fresh, table))
    was = {(v.schema_name, v.name): v for v in before.views}
    for v in after.views:
        prior = was.get((v.schema_name, v.name))
        if prior is not None and v.security_invoker and not prior.security_invoker and not v.materialized:
            lines.append(f"ALTER VIEW {ctx.table_ref(v.schema_name, v.name)} SET (security_invoker = true);")
    lines.extend(["COMMIT;", ""])
    return "\n".join(lines)


def _default_tenant(tenants: Entity, table: str, tid: str, default: str, ctype: str) -> list[str]:
    """Insert the default tenant when missing (its other required columns get a placeholder
    where they have no default), and move the identity past it."""
    cols, values = [tid], [f"{string_literal(default)}::{ctype}"]
    for a in tenants.attributes:
        if a.name == tid or a.nullable or a.default is not None or a.identity or a.generated:
            continue
        cols.append(a.name)
        values.append(f"{string_literal('default')}::{a.type}")
    key = tenants.attribute(tid)
    overriding = " OVERRIDING SYSTEM VALUE" if key is not None and key.identity == "always" else ""
    out = [f"INSERT INTO {table} ({_cols(cols)}){overriding}\n    VALUES ({', '.join(values)})\n"
           f"    ON CONFLICT DO NOTHING;"]
    if key is not None and key.identity:
        seq = f"pg_catalog.pg_get_serial_sequence({string_literal(table)}, {string_literal(tid)})"
        out.append(f"SELECT pg_catalog.setval({seq}, greatest(coalesce(max({quote_ident(tid)}), 0) + 1, "
                   f"pg_catalog.nextval({seq})), false) FROM {table};")
    return out


def _parents_first(model: DataModel, tables: list[Entity], earlier: set[EntityKey]
                   ) -> list[tuple[Entity, ForeignKey | None]]:
    """The tables in an order where a table comes after the parent it takes its tenant from,
    each with that parent's foreign key (``None`` for a root); a parent is another of the tables
    or one of ``earlier`` (tenant-owned already; a mandatory foreign key preferred); in a cycle,
    the first table left is a root."""
    keys = {model.canonical_key(t.key) for t in tables} | earlier
    parent: dict[EntityKey, ForeignKey | None] = {}
    for t in tables:
        me = model.canonical_key(t.key)
        candidates = [fk for fk in t.foreign_keys if model.canonical_key(fk.target(t.key)) in keys
                      and model.canonical_key(fk.target(t.key)) != me]
        mandatory = [fk for fk in candidates if all(
            (a := t.attribute(c)) is not None and not a.nullable for c in fk.columns)]
        parent[me] = (mandatory or candidates)[0] if candidates else None
    done: set[EntityKey] = set(earlier)
    out: list[tuple[Entity, ForeignKey | None]] = []
    pending = list(tables)
    while pending:
        progress = False
        for t in list(pending):
            me = model.canonical_key(t.key)
            fk = parent[me]
            if fk is None or model.canonical_key(fk.target(t.key)) in done:
                out.append((t, fk))
                done.add(me)
                pending.remove(t)
                progress = True
        if not progress:  # a cycle: its first table starts from the default tenant
            t = pending.pop(0)
            parent[model.canonical_key(t.key)] = None
            out.append((t, None))
            done.add(model.canonical_key(t.key))
    return out


def _inherit(model: DataModel, child: Entity, fk: ForeignKey, table: str, ref: dict[EntityKey, str],
             col: str) -> str:
    target = model.fk_target(child, fk)
    assert target is not None
    refs = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
    match = " AND ".join(f"c.{quote_ident(a)} = p.{quote_ident(b)}" for a, b in zip(fk.columns, refs, strict=True))
    parent = ref[model.canonical_key(target.key)]
    return (f"UPDATE {table} AS c SET {quote_ident(col)} = p.{quote_ident(col)}\n    FROM {parent} AS p\n"
            f"    WHERE {match} AND c.{quote_ident(col)} IS NULL;")


def _refuse_missing(table: str, name: str, col: str) -> str:
    message = f"{name}: %s row(s) have no {col} (no parent row gives one)"
    hint = "apply multi-tenant with --param default_tenant=ID, or fill these rows first; nothing was changed"
    return (f"DO {_TAG}\nDECLARE n bigint;\nBEGIN\n    SELECT count(*) INTO n FROM {table} WHERE {quote_ident(col)} IS NULL;\n"
            f"    IF n > 0 THEN\n        RAISE EXCEPTION USING ERRCODE = 'not_null_violation', MESSAGE = "
            f"format({string_literal(message)}, n), HINT = {string_literal(hint)};\n    END IF;\nEND {_TAG};")


def _rebuild(before: DataModel, ctx: GenContext, owned: list[tuple[Entity, Entity]],
             ref: dict[EntityKey, str]) -> list[str]:
    """Drop the foreign keys on and into the tables, their keys, unique and exclusion constraints
    and indexes (a partition's copies go with its parent's); add them back as the model after has
    them (tables first, foreign keys last)."""
    regs = ", ".join(f"{string_literal(t)}::regclass" for t in ref.values())
    out = [f"DO {_TAG}\nDECLARE r record;\nBEGIN\n"
           f"    FOR r IN SELECT c.conname, c.conrelid::regclass AS tbl FROM pg_catalog.pg_constraint c\n"
           f"        WHERE c.contype = 'f' AND c.conparentid = 0\n"
           f"            AND (c.conrelid IN ({regs}) OR c.confrelid IN ({regs})) LOOP\n"
           f"        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);\n    END LOOP;\n"
           f"    FOR r IN SELECT c.conname, c.conrelid::regclass AS tbl FROM pg_catalog.pg_constraint c\n"
           f"        WHERE c.contype IN ('p', 'u', 'x') AND c.conparentid = 0 AND c.conrelid IN ({regs}) LOOP\n"
           f"        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);\n    END LOOP;\n"
           f"    FOR r IN SELECT i.indexrelid::regclass AS idx FROM pg_catalog.pg_index i\n"
           f"        WHERE i.indrelid IN ({regs}) LOOP\n"
           f"        EXECUTE format('DROP INDEX %s', r.idx);\n    END LOOP;\nEND {_TAG};"]
    fks: list[str] = []
    for old, new in owned:
        table = ref[before.canonical_key(old.key)]
        adds = []
        if new.primary_key is not None:
            name = f"CONSTRAINT {quote_ident(new.primary_key.name)} " if new.primary_key.name else ""
            adds.append(f"ADD {name}PRIMARY KEY ({_cols(new.primary_key.columns)})")
        for u in new.uniques:
            name = f"CONSTRAINT {quote_ident(u.name)} " if u.name else ""
            nulls = "NULLS NOT DISTINCT " if u.nulls_not_distinct else ""
            adds.append(f"ADD {name}UNIQUE {nulls}({_cols(u.columns)})")
        adds.extend(f"ADD {exclusion(ctx, new, i, x)}" for i, x in enumerate(new.exclusions))
        if adds:
            out.append(f"ALTER TABLE {table}\n    " + ",\n    ".join(adds) + ";")
        out.extend(index(ctx, new, table, i, ix) for i, ix in enumerate(new.indexes))
        fks.extend(f"ALTER TABLE {table} ADD {foreign_key(ctx, new, i, fk)};" for i, fk in enumerate(new.foreign_keys))
    # foreign keys into the tables from tables that were not touched (none when the pattern applied)
    return out + fks
