"""The PostgreSQL data migration that applies a decomposition to an existing table.

:func:`migration_sql` writes one transaction that takes the table from the model before to the
model after a :class:`~core.normalize.plan.DecompositionPlan`:

1. ``LOCK`` the table, then check the data: for every new table, its key must determine the
   rest of it (the FD the split relies on); a violation stops the migration with
   ``RAISE EXCEPTION`` naming the FD and a violating value, instead of losing rows. Rows whose
   determinant is NULL while what depends on it is not are refused the same way, and so are
   duplicates of the remaining table's new key;
2. drop the foreign keys on and into the table (they are added back at the end, retargeted as
   the plan says) and the named constraints and indexes that move to a new table;
3. ``CREATE`` the new tables (with their keys, checks, indexes, comments) and fill them with
   ``INSERT ... SELECT DISTINCT`` from the table; identity sequences continue after the data;
4. drop the moved columns, change the remaining table's primary key when it changes, add the
   unique constraints that new foreign keys need;
5. add every foreign key; ``COMMIT``.

An error anywhere aborts the transaction, so a failed migration changes nothing. Identifiers are
quoted with :mod:`core.ddl.identifiers`; DDL fragments come from the model's own generator.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.ddl.context import GenContext
from core.ddl.identifiers import quote_ident, string_literal
from core.ddl.postgres import foreign_key, table_fragment
from core.model import DataModel, Entity, ForeignKey
from core.normalize.apply import Decompose
from core.normalize.plan import DecompositionPlan, PlannedEntity

__all__ = ["migration_sql"]

_TAG = "$tw$"


def _cols(names: Sequence[str]) -> str:
    return ", ".join(quote_ident(c) for c in names)


def _values(names: Sequence[str]) -> str:
    """SQL text showing ``a = 'x', b = NULL`` for the current row/group."""
    return "concat_ws(', ', " + ", ".join(f"{string_literal(c + ' = ')} || quote_nullable({quote_ident(c)}::text)"
                                          for c in names) + ")"


def _raise(query: str, message: str, hint: str) -> str:
    return (f"DO {_TAG}\nDECLARE bad text;\nBEGIN\n    {query}\n    IF bad IS NOT NULL THEN\n"
            f"        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = {string_literal(message)} || bad,\n"
            f"            HINT = {string_literal(hint)};\n    END IF;\nEND {_TAG};")


_HINT = "fix the rows shown (or the dependency in the model) and run the migration again; nothing was changed"


def _checks(plan: DecompositionPlan, table: str) -> list[str]:
    entity = plan.original
    main = plan.main
    name = entity.name
    out: list[str] = []
    for c in plan.components:
        if c.main:
            continue
        key, rest = list(c.key), [a for a in c.attributes if a not in c.key]
        if key and rest:
            nullable = [k for k in key if (a := entity.attribute(k)) is not None and a.nullable]
            not_null = " WHERE " + " AND ".join(f"{quote_ident(k)} IS NOT NULL" for k in nullable) if nullable else ""
            q = (f"SELECT {_values(key)} || ' has ' || count(*) || ' different values of ({', '.join(rest)}): ' || "
                 "left(string_agg(concat('(', concat_ws(', ', "
                 + ", ".join(f"quote_nullable({quote_ident(a)}::text)" for a in rest)
                 + f"), ')'), ', '), 400) INTO bad FROM (SELECT DISTINCT {_cols(c.attributes)} FROM {table}"
                 f"{not_null}) AS s GROUP BY {_cols(key)} HAVING count(*) > 1 LIMIT 1;")
            fd = f"{', '.join(key)} -> {', '.join(rest)}"
            out.append(_raise(q, f"cannot decompose {name}: the data violates the functional "
                              f"dependency {fd} (table {c.name} needs one row per {', '.join(key)}): ", _HINT))
        nullable = [k for k in key if (a := entity.attribute(k)) is not None and a.nullable]
        lost = [a for a in c.attributes if a not in c.key and a not in main.attributes]
        if nullable and lost:
            q = (f"SELECT {_values([*key, *lost])} INTO bad FROM {table} WHERE ("
                 + " OR ".join(f"{quote_ident(k)} IS NULL" for k in nullable) + ") AND ("
                 + " OR ".join(f"{quote_ident(a)} IS NOT NULL" for a in lost) + ") LIMIT 1;")
            out.append(_raise(q, f"cannot decompose {name}: a row has no {', '.join(nullable)} but has "
                              f"{', '.join(lost)}, which would be lost (table {c.name} is keyed by "
                              f"{', '.join(key)}): ", _HINT))
    declared = tuple(entity.primary_key.columns) if entity.primary_key else ()
    if main.key and set(main.key) != set(declared):
        nulls = [k for k in main.key if (a := entity.attribute(k)) is not None and a.nullable]
        if nulls:
            q = f"SELECT {_values(main.key)} INTO bad FROM {table} WHERE " + " OR ".join(
                f"{quote_ident(k)} IS NULL" for k in nulls) + " LIMIT 1;"
            out.append(_raise(q, f"cannot decompose {name}: its new key ({', '.join(main.key)}) "
                              "cannot be NULL, but a row has ", _HINT))
        q = (f"SELECT {_values(main.key)} || ' is on ' || count(*) || ' rows' INTO bad FROM {table} "
             f"GROUP BY {_cols(main.key)} HAVING count(*) > 1 LIMIT 1;")
        out.append(_raise(q, f"cannot decompose {name}: its new key ({', '.join(main.key)}) must "
                          "identify each row, but ", _HINT))
    return out


def _drop_matching(table: str, kinds: str, where: str) -> str:
    """A DO block dropping the constraints of ``table`` of ``kinds`` matching ``where``."""
    return (f"DO {_TAG}\nDECLARE r record;\nBEGIN\n    FOR r IN SELECT c.conname, c.conrelid::regclass AS tbl "
            f"FROM pg_catalog.pg_constraint c\n        WHERE c.contype IN ({kinds}) AND {where} LOOP\n"
            f"        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);\n"
            f"    END LOOP;\nEND {_TAG};")


def _regclass(table: str) -> str:
    return f"{string_literal(table)}::regclass"


def _moved_named(entity: Entity, main: Entity, ctx: GenContext, table: str) -> list[str]:
    """Drop the named unique constraints and indexes that leave the table (their names would
    clash with the copies the new tables get)."""
    out = []
    for u in entity.uniques:
        if u.name and u not in main.uniques:
            out.append(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {quote_ident(u.name)};")
    for ix in entity.indexes:
        if ix.name and ix not in main.indexes:
            out.append(f"DROP INDEX IF EXISTS {ctx.table_ref(entity.schema_name, ix.name)};")
    return out


def _fill(plan: DecompositionPlan, c: PlannedEntity, ctx: GenContext, table: str) -> list[str]:
    e = c.entity
    target = ctx.table_ref(e.schema_name, e.name)
    cols = [a.name for a in e.attributes if not a.generated]
    overriding = " OVERRIDING SYSTEM VALUE" if any(a.identity == "always" for a in e.attributes) else ""
    source = plan.original
    where = " AND ".join(f"{quote_ident(k)} IS NOT NULL" for k in c.key
                         if (a := source.attribute(k)) is None or a.nullable)
    out = [f"INSERT INTO {target} ({_cols(cols)}){overriding}\n    SELECT DISTINCT {_cols(cols)} FROM {table}"
           + (f"\n    WHERE {where}" if where else "") + ";"]
    for a in e.attributes:
        if a.identity:
            seq = f"pg_catalog.pg_get_serial_sequence({string_literal(target)}, {string_literal(a.name)})"
            out.append(f"SELECT pg_catalog.setval({seq}, coalesce(max({quote_ident(a.name)}), 0) + 1, false) "
                       f"FROM {target};")
    return out


def _main_changes(entity: Entity, main: Entity, table: str) -> list[str]:
    out = []
    for a in main.attributes:
        old = entity.attribute(a.name)
        if old is not None and old.identity and not a.identity:
            out.append(f"ALTER TABLE {table} ALTER COLUMN {quote_ident(a.name)} DROP IDENTITY;")
        if old is not None and old.generated and not a.generated:
            out.append(f"ALTER TABLE {table} ALTER COLUMN {quote_ident(a.name)} DROP EXPRESSION;")
    gone = [a for a in entity.attribute_names if main.attribute(a) is None]
    if gone:
        out.append(f"ALTER TABLE {table}\n" + ",\n".join(f"    DROP COLUMN {quote_ident(a)}" for a in gone) + ";")
    old_pk = set(entity.primary_key.columns) if entity.primary_key else set()
    new_pk = tuple(main.primary_key.columns) if main.primary_key else ()
    if set(new_pk) != old_pk:
        if old_pk:
            out.append(_drop_matching(table, "'p'", f"c.conrelid = {_regclass(table)}"))
        if new_pk:
            name = main.primary_key.name if main.primary_key else None
            constraint = f"CONSTRAINT {quote_ident(name)} " if name else ""
            out.append(f"ALTER TABLE {table} ADD {constraint}PRIMARY KEY ({_cols(new_pk)});")
    for u in main.uniques:
        if u not in entity.uniques:
            constraint = f"CONSTRAINT {quote_ident(u.name)} " if u.name else ""
            out.append(f"ALTER TABLE {table} ADD {constraint}UNIQUE ({_cols(u.columns)});")
    return out


def _foreign_keys(plan: DecompositionPlan, ctx: GenContext, deferred: list[str]) -> list[str]:
    """Every foreign key dropped at the start, as the model after has it, plus the new ones."""
    key = plan.after.canonical_key(plan.entity)
    new_names = {c.name for c in plan.components if not c.main}
    out = list(deferred)
    for e in plan.after.entities:
        if e.name in new_names and plan.after.canonical_key(e.key).schema == key.schema:
            continue
        table = ctx.table_ref(e.schema_name, e.name)
        is_main = plan.after.canonical_key(e.key) == key
        for i, fk in enumerate(e.foreign_keys):
            if is_main or _targets(plan.after, e, fk, key, new_names):
                out.append(f"ALTER TABLE {table} ADD {foreign_key(ctx, e, i, fk)};")
    return out


def _targets(model: DataModel, owner: Entity, fk: ForeignKey, key: object, new_names: set[str]) -> bool:
    target = model.canonical_key(fk.target(owner.key))
    return target == key or (target.schema == getattr(key, "schema", None) and target.name in new_names)


def migration_sql(source: DecompositionPlan | DataModel, change: Decompose | DecompositionPlan | None = None) -> str:
    """The PostgreSQL migration applying a decomposition to a database holding the model before.

    Parameters
    ----------
    source:
        A :class:`DecompositionPlan` (from :func:`~core.normalize.plan.plan_decomposition`), or
        the model before the change.
    change:
        With a model as ``source``: the :class:`~core.normalize.apply.Decompose` command (or
        its plan) applied to it.

    Returns
    -------
    str
        One transaction (see the module docstring); for a plan that changes nothing, a
        transaction that does nothing.
    """
    if isinstance(source, DecompositionPlan):
        plan = source
    elif isinstance(change, DecompositionPlan):
        plan = change
    elif isinstance(change, Decompose):
        plan = change.plan(source)
    else:
        raise TypeError("migration_sql needs a DecompositionPlan, or a model and the Decompose command")
    entity, main = plan.original, plan.main.entity
    ctx = GenContext(plan.after)
    table = ctx.table_ref(entity.schema_name, entity.name)
    names = ", ".join(c.name for c in plan.components)
    lines = [f"-- tablewright: decompose {entity.key.display()} into its {plan.kind.upper()} "
             f"{'synthesis' if plan.kind == '3nf' else 'decomposition'} ({names})",
             f"-- lossless: {'yes' if plan.lossless else 'NO'}; dependency-preserving: "
             f"{'yes' if plan.dependency_preserving else 'no'}",
             "BEGIN;", f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE;"]
    if plan.unchanged:
        return "\n".join([*lines, "-- nothing to do: the table is already in this normal form", "COMMIT;", ""])
    lines.append("\n-- 1. the data must satisfy the dependencies the decomposition relies on")
    lines.extend(_checks(plan, table))
    lines.append("\n-- 2. foreign keys on and into the table come back at the end")
    reg = _regclass(table)
    lines.append(_drop_matching(table, "'f'", f"(c.conrelid = {reg} OR c.confrelid = {reg})"))
    lines.extend(_moved_named(entity, main, ctx, table))
    lines.append("\n-- 3. the new tables, filled from the table")
    deferred: list[str] = []
    for c in plan.components:
        if c.main:
            continue
        fks = frozenset(range(len(c.entity.foreign_keys)))
        frag = table_fragment(ctx, c.entity, fks)
        lines.append(frag.sql)
        lines.extend(_fill(plan, c, ctx, table))
        deferred.extend(frag.deferred)
    lines.append("\n-- 4. the table keeps the rest")
    lines.extend(_main_changes(entity, main, table))
    lines.append("\n-- 5. foreign keys")
    lines.extend(_foreign_keys(plan, ctx, deferred))
    lines.extend(["COMMIT;", ""])
    return "\n".join(lines)
