"""Integrity rules: keys, foreign keys and the indexes that serve them.

``pk-missing``, ``fk-dangling``, ``fk-type-mismatch``, ``fk-unindexed``, ``fk-cycle`` and
``relation-suggested``; the index rules (``index-redundant``, ``unique-nullable``) are in
:mod:`core.lint.indexes`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

import networkx as nx

from core.commands import (
    AddAttribute,
    Batch,
    RemoveItem,
    ReplaceItem,
    SetPrimaryKey,
    UpdateAttribute,
    add_foreign_key,
    add_index,
)
from core.lint.context import LintContext, constraint_label, fk_columns, length_limit
from core.lint.finding import Hit
from core.lint.registry import rule
from core.model import Attribute, Entity, EntityKey, ForeignKey
from core.types import base_name, compatible
from core.validate import partition_key_columns

_SERIALS = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
            "smallserial": "smallint", "serial2": "smallint"}


def key_of(ctx: LintContext, entity: Entity) -> EntityKey:
    return ctx.key(entity)


@rule("pk-missing", "error", "table without a primary key", "integrity", fixable=True)
def pk_missing(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Without a primary key a row cannot be identified: duplicates creep in, other tables cannot
    reference it, logical replication cannot publish its updates and deletes, and ORMs and
    editors cannot update one row. Every table needs one, even if it is only a surrogate key.
    The fix promotes a unique constraint over NOT NULL columns, or a NOT NULL ``id`` column, or
    adds a ``bigint`` identity column ``id``."""
    if entity.primary_key is not None and entity.primary_key.columns:
        return
    if entity.partition_of and ctx.model.find_entity(entity.partition_of) is not None:
        return  # a partition inherits its parent's key
    key = key_of(ctx, entity)
    part = partition_key_columns(entity.partition_by) if entity.partition_by else ((), False)
    if part is not None and part[1]:
        yield Hit(f'"{entity.name}" has no primary key, and being partitioned by an expression '
                  f"({entity.partition_by}) it can have none: declare one on each partition, or partition by "
                  "columns", path=("name",))
        return
    # a partitioned table's key must include its partition key columns (in their declared spelling)
    extra = tuple(a.name for c in (part[0] if part else ()) if (a := _attribute_ci(entity, c)) is not None)
    fix: Batch | None = None
    for k, u in enumerate(entity.uniques):
        attrs = [entity.attribute(c) for c in u.columns]
        if u.columns and all(a is not None and not a.nullable for a in attrs) and set(extra) <= set(u.columns):
            fix = Batch((SetPrimaryKey(key, u.columns), RemoveItem(key, "uniques", k)),
                        f"make unique ({', '.join(u.columns)}) the primary key of {key.display()}")
            break
    else:
        ident = entity.attribute("id")
        if part is None:  # a partition key it cannot read: no guess
            pass
        elif ident is not None and not ident.nullable:
            columns = ("id", *(c for c in extra if c != "id"))
            fix = Batch((*_not_null(key, entity, columns), SetPrimaryKey(key, columns)),
                        f"make ({', '.join(columns)}) the primary key of {key.display()}")
        else:
            name = "id" if ident is None else f"{entity.name}_id"
            column = Attribute(name=name, type="bigint", nullable=False, identity="always")
            columns = (name, *extra)
            fix = Batch((AddAttribute(key, column, 0), *_not_null(key, entity, columns), SetPrimaryKey(key, columns)),
                        f"add a bigint identity primary key {name} to {key.display()}"
                        + (f" (with the partition key: {', '.join(columns)})" if extra else ""))
    yield Hit(f'"{entity.name}" has no primary key; declare one (a natural key or a surrogate '
              "bigint/uuid key)", path=("name",), fix=fix)


def _attribute_ci(entity: Entity, name: str) -> Attribute | None:
    found = entity.attribute(name)
    return found if found is not None else next((a for a in entity.attributes if a.name.lower() == name.lower()), None)


def _not_null(key: EntityKey, entity: Entity, columns: Sequence[str]) -> tuple[UpdateAttribute, ...]:
    """Make the nullable ones of ``columns`` NOT NULL (a primary key's columns are)."""
    return tuple(UpdateAttribute(key, c, (("nullable", False),)) for c in columns
                 if (a := entity.attribute(c)) is not None and a.nullable)


@rule("fk-dangling", "error", "foreign key to something that does not exist", "integrity", fixable=True, partitions=True)
def fk_dangling(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A foreign key that names a missing table or column cannot be created: the DDL fails, and
    until it is fixed nothing guarantees the relationship. It usually comes from a rename or a
    typo, or from a partial import; the fix points it at the closest existing name when there is
    one."""
    key = key_of(ctx, entity)
    for k, fk in enumerate(entity.foreign_keys):
        label = constraint_label(fk)
        own = [c for c in fk.columns if entity.attribute(c) is None]
        if own:
            fixed = tuple(_closest(c, entity.attribute_names) or c for c in fk.columns)
            new = fk.model_copy(update={"columns": fixed})
            fix = None
            if fixed != fk.columns and len(set(fixed)) == len(fixed) and all(entity.attribute(c) for c in fixed):
                fix = ReplaceItem(key, "foreign_keys", k, new)
            yield Hit(f'the foreign key names "{own[0]}", which is not a column of "{entity.name}"',
                      constraint=label, path=("foreign_keys", k, "columns"), fix=fix)
            continue
        target = ctx.target(entity, fk)
        if target is None:
            names = [e.name for e in ctx.model.entities]
            close = difflib.get_close_matches(fk.references, names, n=1, cutoff=0.6)
            fix = None
            candidate = ctx.model.find_entity(close[0]) if close else None
            if candidate is not None:
                schema = ctx.model.schema_of(candidate)
                new = fk.model_copy(update={"references": candidate.name, "ref_schema": (
                    schema if schema != ctx.model.schema_of(entity) else None)})
                if _resolves(candidate, new) and ctx.target(entity, new) is candidate:
                    fix = ReplaceItem(key, "foreign_keys", k, new)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            yield Hit(f'the foreign key references "{fk.target(entity.key).display()}", which does not '
                      f"exist{hint}", constraint=label, path=("foreign_keys", k, "references"), fix=fix)
            continue
        ref = ctx.ref_columns(entity, fk)
        if not ref:
            yield Hit(f'the foreign key references "{target.name}", which has no primary key: give it one '
                      "or name the referenced columns", constraint=label, path=("foreign_keys", k))
            continue
        missing = [c for c in ref if target.attribute(c) is None]
        if missing:
            fixed = tuple(_closest(c, target.attribute_names) or c for c in ref)
            new = fk.model_copy(update={"ref_columns": fixed})
            fix = ReplaceItem(key, "foreign_keys", k, new) if fixed != ref and _resolves(target, new) else None
            yield Hit(f'the foreign key references "{target.name}.{missing[0]}", which does not exist',
                      constraint=label, path=("foreign_keys", k, "ref_columns"), fix=fix)


def _closest(name: str, choices: Sequence[str]) -> str | None:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _resolves(target: Entity, fk: ForeignKey) -> bool:
    ref = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
    return bool(ref) and len(ref) == len(fk.columns) and all(target.attribute(c) is not None for c in ref)


def comparable_type(type_text: str) -> str:
    """A type for comparison along a foreign key: serials are their integer type."""
    base = base_name(type_text)
    if base in _SERIALS:
        return _SERIALS[base]
    params = re.search(r"\(.*\)", type_text)
    return base + (re.sub(r"\s+", "", params.group(0)) if params and not base.endswith("[]") else "")


@rule("fk-type-mismatch", "warning", "foreign key column of another type than the key it references",
      "integrity", fixable=True)
def fk_type_mismatch(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A referencing column should have exactly the type of the key it references. An ``integer``
    column referencing a ``bigint`` key breaks once the key passes 2^31; a ``varchar(20)``
    referencing a ``varchar(40)`` rejects valid keys; mixed types also cost an implicit cast on
    every join. The fix gives the column the referenced key's type."""
    key = key_of(ctx, entity)
    for fk in entity.foreign_keys:
        target = ctx.target(entity, fk)
        ref = ctx.ref_columns(entity, fk)
        if target is None or len(ref) != len(fk.columns):
            continue
        for col, rcol in zip(fk.columns, ref, strict=True):
            a, ra = entity.attribute(col), target.attribute(rcol)
            if a is None or ra is None or comparable_type(a.type) == comparable_type(ra.type) or _same_text(a, ra):
                continue
            wanted = _SERIALS.get(base_name(ra.type), ra.type)
            ok = compatible(a.type, ra.type)
            how = "an incompatible" if not ok else "a different"
            why = _keep_key_type(ctx, entity, col, ok)
            yield Hit(f'"{col}" is {a.type} but references "{target.name}.{rcol}" ({ra.type}), {how} type; '
                      f"make it {wanted}{why}", attribute=col, constraint=constraint_label(fk),
                      path=("attributes", entity.attribute_position(col) or 0, "type"),
                      fix=None if why else UpdateAttribute(key, col, (("type", wanted),)))


_VARYING = {"text", "varchar", "nvarchar", "varchar2", "nvarchar2", "character varying"}


def _text_limit(a: Attribute) -> tuple[bool, int | None]:
    """Whether ``a`` is a varying-length string, and its character limit (the type's ``(n)`` or
    its CHECK's, the stricter)."""
    if base_name(a.type) not in _VARYING:
        return False, None
    m = re.search(r"\(\s*(\d+)\s*\)", a.type)
    limits = [n for n in (int(m.group(1)) if m else None, length_limit(a)) if n is not None]
    return True, min(limits) if limits else None


def _same_text(a: Attribute, b: Attribute) -> bool:
    """``text`` limited by a CHECK to n characters and ``varchar(n)`` hold the same keys (what
    ``prefer-text``'s fix makes of a varchar column)."""
    return (ta := _text_limit(a))[0] and ta == _text_limit(b)


def _keep_key_type(ctx: LintContext, entity: Entity, column: str, compatible_types: bool) -> str:
    """Why the referencing ``column`` is not retyped automatically ("" when it may be): it is
    itself referenced by a foreign key (its referencing columns would then mismatch), or it is
    a key of its table and the types are incompatible (a bigint primary key made text is a
    redesign, more likely the foreign key points at the wrong columns)."""
    for owner, fk in ctx.referrers.get(ctx.model.canonical_key(entity.key), []):
        if column in ctx.ref_columns(owner, fk):
            return (f'; not fixed automatically: "{owner.name}" references "{column}", so change the types '
                    "together by hand")
    keys = [entity.primary_key.columns] if entity.primary_key is not None else []
    keys += [u.columns for u in entity.uniques]
    if not compatible_types and any(column in k for k in keys):
        return (f'; not fixed automatically: "{column}" is a key of "{entity.name}": check that the foreign key '
                "references the right columns")
    return ""


_NOT_NULL = re.compile(r'^\(*\s*"?(\w+)"?\s+is\s+not\s+null\s*\)*$', re.IGNORECASE)


def _not_null_only(where: str | None, columns: Sequence[str]) -> bool:
    """Whether a partial index's predicate only excludes rows whose FK columns are NULL (rows a
    foreign key never checks), so the index still serves the key."""
    if where is None:
        return True
    parts = re.split(r"\s+and\s+", where.strip(), flags=re.IGNORECASE)
    found = [_NOT_NULL.match(p.strip()) for p in parts]
    return all(m is not None and m.group(1) in columns for m in found)


def covered(entity: Entity, columns: Sequence[str]) -> bool:
    """Whether an index, the primary key or a unique constraint has ``columns`` (in any order)
    as its leading keys, so the lookups a foreign key needs can use it; or is unique over some of
    them only (a lookup by the foreign key's values then finds at most one row through it)."""
    n, wanted = len(columns), set(columns)

    def leads(keys: Sequence[str | None]) -> bool:
        return len(keys) >= n and None not in keys[:n] and set(keys[:n]) == wanted

    def pins(keys: Sequence[str | None]) -> bool:  # unique over some of the columns: one row per value
        return bool(keys) and None not in keys and set(keys) <= wanted

    if entity.primary_key is not None and (leads(entity.primary_key.columns) or pins(entity.primary_key.columns)):
        return True
    if any(leads(u.columns) or pins(u.columns) for u in entity.uniques):
        return True
    for ix in entity.indexes:
        usable = ix.method == "btree" or (ix.method == "hash" and n == 1 and len(ix.columns) == 1)
        keys = [k.column for k in ix.columns]
        if usable and _not_null_only(ix.where, columns) and (leads(keys) or (ix.unique and pins(keys))):
            return True
    return False


@rule("fk-unindexed", "warning", "foreign key without an index", "integrity", fixable=True)
def fk_unindexed(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """PostgreSQL indexes the referenced key but never the referencing columns. Without an index
    whose leading columns are the foreign key's columns, every delete or key update in the parent
    scans the whole child table (holding locks meanwhile), and joins from parent to children
    cannot use an index. The primary key, a unique constraint or any B-tree index led by those
    columns (in any order) is enough; the fix adds one."""
    key = key_of(ctx, entity)
    for k, fk in enumerate(entity.foreign_keys):
        if not fk.columns or any(entity.attribute(c) is None for c in fk.columns) or covered(entity, fk.columns):
            continue
        yield Hit(f"no index leads with ({', '.join(fk.columns)}): deletes in \"{fk.references}\" scan "
                  f'"{entity.name}"; add an index', attribute=fk.columns[0] if len(fk.columns) == 1 else None,
                  constraint=constraint_label(fk), path=("foreign_keys", k),
                  fix=add_index(key, fk.columns))


def _hard_cycles(ctx: LintContext) -> dict[EntityKey, list[EntityKey]]:
    """Entity -> the members of its cycle of non-deferrable foreign keys (only cyclic entities)."""
    g: nx.DiGraph = nx.DiGraph()
    for owner, fk in ctx.model.iter_foreign_keys():
        target = ctx.target(owner, fk)
        if target is not None and not fk.deferrable and target is not owner:
            g.add_edge(key_of(ctx, owner), key_of(ctx, target))
    out: dict[EntityKey, list[EntityKey]] = {}
    for scc in nx.strongly_connected_components(g):
        if len(scc) > 1:
            members = sorted(scc, key=lambda k: ctx.model.entity_position(k) or 0)
            for k in members:
                out[k] = members
    return out


@rule("fk-cycle", "warning", "foreign keys in a cycle, none deferrable", "integrity", fixable=True, partitions=True)
def fk_cycle(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Tables that reference each other in a cycle cannot all be created with their foreign keys
    in ``CREATE TABLE`` (one key must be added later with ``ALTER TABLE``), and rows cannot be
    inserted in any order: with NOT NULL keys no first row is possible at all, with nullable
    keys it takes an insert and a later update. Making one foreign key of the cycle
    ``DEFERRABLE INITIALLY DEFERRED`` lets a transaction insert the rows in any order and checks
    the key at commit. The fix does that for this foreign key."""
    cycles = ctx.memoized("fk-cycle", lambda: _hard_cycles(ctx))
    key = key_of(ctx, entity)
    members = cycles.get(key)
    if not members:
        return
    inside = set(members)
    for k, fk in enumerate(entity.foreign_keys):
        target = ctx.target(entity, fk)
        if fk.deferrable or target is None or target is entity or key_of(ctx, target) not in inside:
            continue
        names = " -> ".join(m.display() for m in members[:6]) + (" ..." if len(members) > 6 else "")
        hard = all(a is not None and not a.nullable for a in map(entity.attribute, fk.columns))
        why = "its NOT NULL columns make a first row impossible" if hard else "rows need an insert then an update"
        new = fk.model_copy(update={"deferrable": True, "initially_deferred": True})
        yield Hit(f"this foreign key closes a reference cycle ({names}) in which no key is deferrable; "
                  f"{why}: make one DEFERRABLE INITIALLY DEFERRED", constraint=constraint_label(fk),
                  path=("foreign_keys", k), fix=ReplaceItem(key, "foreign_keys", k, new))


def _stems(name: str) -> str | None:
    if name.lower().endswith("_id") and len(name) > 3:
        return name[:-3]
    if (name.endswith("Id") or name.endswith("ID")) and len(name) > 2 and name[-3].isalnum():
        return name[:-2]
    return None


def _candidates(stem: str) -> list[str]:
    s = stem.lower().rstrip("_")
    out = [s, s + "s", s + "es"]
    if s.endswith("y"):
        out.append(s[:-1] + "ies")
    return out + [s.replace("_", "") + suffix for suffix in ("", "s")]


@rule("relation-suggested", "warning", "an *_id column that looks like a foreign key but has none",
      "integrity", fixable=True)
def relation_suggested(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A column named after another table (``customer_id`` next to a ``customers`` table) almost
    always holds that table's key. Without a declared foreign key nothing stops orphans and
    typos, and neither diagrams nor query tools can see the relationship. The fix declares the
    foreign key (types must be compatible)."""
    key = key_of(ctx, entity)
    taken = fk_columns(entity)
    tenant = ctx.model.settings.tenant_column
    for j, a in enumerate(entity.attributes):
        stem = _stems(a.name)
        if stem is None or a.name in taken:
            continue
        target = target_for(ctx, entity, stem)
        if target is None or target.primary_key is None:
            continue
        pk = target.primary_key.columns
        if target is entity and a.name in pk:  # its own key (tenant_id, stream_id): not a reference
            continue
        if len(pk) == 1:
            columns: tuple[str, ...] = (a.name,)
        elif len(pk) == 2 and pk[0] == tenant and entity.attribute(tenant) is not None and a.name != tenant:
            columns = (tenant, a.name)
        else:
            continue
        types_ok = all((c := entity.attribute(col)) is not None and (r := target.attribute(rc)) is not None
                       and compatible(c.type, r.type) for col, rc in zip(columns, pk, strict=True))
        if not types_ok:
            continue
        schema = None
        if ctx.model.schema_of(target) != ctx.model.schema_of(entity):
            schema = ctx.model.schema_of(target)
        fix = add_foreign_key(key, columns, target.name, **({"ref_schema": schema} if schema else {}))
        yield Hit(f'"{a.name}" looks like a reference to "{target.name}" but has no foreign key; declare it',
                  attribute=a.name, path=("attributes", j), fix=fix)


def target_for(ctx: LintContext, entity: Entity, stem: str) -> Entity | None:
    """The entity a column stem names (``customer`` -> ``customers``), preferring the same schema."""
    for name in _candidates(stem):
        found = ctx.names.get(name)
        if found:
            same = [e for e in found if e.schema_name == entity.schema_name]
            return (same or found)[0]
    return None

