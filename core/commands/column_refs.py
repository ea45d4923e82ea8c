"""The cascades of attribute edits: what follows a renamed or deleted attribute.

A rename reaches the primary key, unique constraints, indexes (column keys, expression keys,
``include``, ``where``), the entity's own foreign keys and the ``ref_columns`` of foreign keys
that reference it (self-references included), functional and multivalued dependencies, checks,
generated and per-column check expressions, exclusion constraints, policies, trigger ``WHEN``
conditions and the bodies of functions only its triggers execute (``NEW.col``/``OLD.col``),
``partition_by``, the distribution column, the same column
of the entity's partitions, views that read the entity, sub-selects reading it in any entity's
expressions (a policy ``EXISTS (SELECT ... FROM t WHERE t.col = ...)``), the column lists and row
filters of publications, and lint suppressions.

A delete behaves like ``ALTER TABLE ... DROP COLUMN ... CASCADE``: it drops the primary key,
unique constraints, indexes, checks, foreign keys (the entity's own and those referencing the
column from elsewhere), exclusion constraints, policies, triggers and multivalued dependencies
that use the column; a functional dependency loses the column from its right-hand side and is
dropped when the column is in its left-hand side (or nothing is left on the right); a publication
whose column list or row filter uses the column stops publishing the table. It refuses,
naming the reason, to delete an entity's last attribute, the distribution column, a partition key
column, or a column another generated column is computed from.
"""

from __future__ import annotations

from core.commands.refs import (
    changed,
    expression_texts,
    map_expressions,
    mapped,
    points_at,
    renamed_names,
    with_entities,
)
from core.errors import CommandError
from core.expressions import rename_columns, rename_record_fields, rename_view_columns, uses_column
from core.model import DataModel, Entity, EntityKey, ForeignKey, Function, PublicationTable, View

__all__ = ["drop_column", "partitions", "referenced_columns", "rename_column"]


def referenced_columns(model: DataModel, owner: Entity, fk: ForeignKey) -> tuple[str, ...]:
    """The columns ``fk`` references: its ``ref_columns``, or the target's primary key."""
    if fk.ref_columns:
        return fk.ref_columns
    target = model.fk_target(owner, fk)
    if target is None or target.primary_key is None:
        return ()
    return target.primary_key.columns


def partitions(model: DataModel, key: EntityKey, column: str) -> list[EntityKey]:
    """``key`` and, recursively, those of its partitions that have ``column`` (canonical keys)."""
    found = [key]
    for k in found:  # grows while iterating: breadth-first over the partition tree
        for e in model.entities:
            if e.partition_of and points_at(model, e.partition_of, k) and e.attribute(column) is not None:
                ek = model.canonical_key(e.key)
                if ek not in found:
                    found.append(ek)
    return found


def _rename_in(e: Entity, old: str, new: str) -> Entity:
    def ren(sql: str) -> str:
        return rename_columns(sql, {old: new}, qualifiers=(e.name,))

    def when(sql: str) -> str:
        return rename_columns(sql, {old: new}, qualifiers=(e.name, "new", "old"))

    out = map_expressions(e, ren, when)
    pk = out.primary_key
    dist = out.distribution
    return changed(
        out,
        attributes=mapped(out.attributes, lambda a: changed(a, name=new) if a.name == old else a),
        primary_key=None if pk is None else changed(pk, columns=renamed_names(pk.columns, old, new)),
        uniques=mapped(out.uniques, lambda u: changed(u, columns=renamed_names(u.columns, old, new))),
        indexes=mapped(out.indexes, lambda ix: changed(
            ix, include=renamed_names(ix.include, old, new),
            columns=mapped(ix.columns, lambda k: changed(k, column=new) if k.column == old else k))),
        foreign_keys=mapped(out.foreign_keys, lambda fk: changed(fk, columns=renamed_names(fk.columns, old, new))),
        fds=mapped(out.fds, lambda fd: changed(fd, lhs=renamed_names(fd.lhs, old, new),
                                               rhs=renamed_names(fd.rhs, old, new))),
        mvds=mapped(out.mvds, lambda d: changed(d, lhs=renamed_names(d.lhs, old, new),
                                                rhs=renamed_names(d.rhs, old, new))),
        distribution=None if dist is None else changed(dist, column=new if dist.column == old else dist.column),
    )


def rename_column(model: DataModel, key: EntityKey, old: str, new: str) -> DataModel:
    """Rename attribute ``old`` of the entity at canonical ``key`` (and of its partitions) to
    ``new`` everywhere it is referenced."""
    owners = partitions(model, key, old)

    needle = old.lower()

    def sub_selects(sql: str) -> str:
        for owner in owners:
            sql = rename_view_columns(sql, owner, {old: new}, default_schema=model.default_schema,
                                      statement=False)
        return sql

    def follow(e: Entity) -> Entity:
        out = _rename_in(e, old, new) if model.canonical_key(e.key) in owners else e
        if any(needle in low and "select" in low for low in map(str.lower, expression_texts(out))):
            out = map_expressions(out, sub_selects)  # sub-selects reading the renamed column
        return changed(out, foreign_keys=mapped(out.foreign_keys, lambda fk: changed(
            fk, ref_columns=renamed_names(fk.ref_columns, old, new))
            if model.canonical_key(fk.target(e.key)) in owners else fk))

    result = with_entities(model, mapped(model.entities, follow))
    def view(v: View) -> View:
        sql = v.sql
        for owner in owners:
            sql = rename_view_columns(sql, owner, {old: new}, default_schema=model.default_schema,
                                      context_schema=v.schema_name)
        return changed(v, sql=sql)

    views = mapped(model.views, view)
    lint = changed(model.lint, suppress=mapped(model.lint.suppress, lambda s: changed(s, attribute=new)
                   if s.attribute == old and any(points_at(model, s.entity, o) for o in owners) else s))

    def published(t: PublicationTable) -> PublicationTable:
        if model.canonical_key(t.key) not in owners:
            return t
        where = None if t.where is None else rename_columns(t.where, {old: new}, qualifiers=(t.table,))
        return changed(t, columns=renamed_names(t.columns, old, new), where=where)

    publications = mapped(model.publications, lambda p: changed(p, tables=mapped(p.tables, published)))
    return changed(result, views=views, lint=lint, functions=_trigger_functions(model, owners, old, new),
                   publications=publications)


def _trigger_functions(model: DataModel, owners: list[EntityKey], old: str, new: str) -> tuple[Function, ...]:
    """The model's functions with ``NEW.old``/``OLD.old`` renamed in the bodies of those that only
    the renamed entities' triggers execute (a function shared with another table is left alone:
    that table still has the old column)."""
    users: dict[str, set[EntityKey]] = {}
    for e in model.entities:
        for trigger in e.triggers:
            users.setdefault(trigger.function, set()).add(model.canonical_key(e.key))
    mine = set(owners)

    def follow(f: Function) -> Function:
        keys = users.get(f.name)
        if not keys or not keys <= mine:
            return f
        return changed(f, body=rename_record_fields(f.body, {old: new}))

    return mapped(model.functions, follow)


def _refuse(e: Entity, name: str) -> None:
    where = f'"{e.name}.{name}"'
    if len(e.attributes) == 1:
        raise CommandError(f'{where} is the only attribute of "{e.name}": delete the entity instead')
    if e.distribution is not None and e.distribution.column == name:
        raise CommandError(f'{where} is the distribution column of "{e.name}": change the distribution first')
    if e.partition_by and uses_column(e.partition_by, name, qualifiers=(e.name,)):
        raise CommandError(f'{where} is in the partition key of "{e.name}" ({e.partition_by}): '
                           "change partition_by first")
    for a in e.attributes:
        if a.name != name and a.generated and uses_column(a.generated, name, qualifiers=(e.name,)):
            raise CommandError(f'the generated column "{e.name}.{a.name}" is computed from {where}: '
                               "change or delete it first")


def _drop_in(e: Entity, name: str) -> Entity:
    def uses(sql: str | None, *extra: str) -> bool:
        return sql is not None and uses_column(sql, name, qualifiers=(e.name, *extra))

    pk = e.primary_key
    rls = e.rls
    if rls is not None:
        rls = changed(rls, policies=tuple(p for p in rls.policies if not (uses(p.using) or uses(p.with_check))))
    fds = mapped(e.fds, lambda fd: None if name in fd.lhs else fd if name not in fd.rhs else
                 (changed(fd, rhs=tuple(c for c in fd.rhs if c != name)) if len(fd.rhs) > 1 else None))
    return changed(
        e,
        attributes=tuple(changed(a, check=None) if uses(a.check) else a for a in e.attributes if a.name != name),
        primary_key=None if pk is None or name in pk.columns else pk,
        uniques=tuple(u for u in e.uniques if name not in u.columns),
        checks=tuple(c for c in e.checks if not uses(c.expression)),
        indexes=tuple(ix for ix in e.indexes if not (
            name in ix.column_names or name in ix.include or uses(ix.where)
            or any(uses(k.expression) for k in ix.columns))),
        foreign_keys=tuple(fk for fk in e.foreign_keys if name not in fk.columns),
        fds=fds,
        mvds=tuple(d for d in e.mvds if name not in d.lhs and name not in d.rhs),
        exclusions=tuple(x for x in e.exclusions if not (
            uses(x.where) or any(uses(el.expression) for el in x.elements))),
        rls=rls,
        triggers=tuple(t for t in e.triggers if not uses(t.when, "new", "old")),
    )


def drop_column(model: DataModel, key: EntityKey, name: str) -> DataModel:
    """Delete attribute ``name`` of the entity at canonical ``key`` (and of its partitions), with
    everything that depends on it; :class:`CommandError` when that cannot be done."""
    owners = partitions(model, key, name)
    before = {k: model.entity(k) for k in owners}
    for e in before.values():
        if e is not None:
            _refuse(e, name)

    def refs_it(e: Entity, fk: ForeignKey) -> bool:
        target = model.canonical_key(fk.target(e.key))
        return target in owners and name in referenced_columns(model, e, fk)

    def follow(e: Entity) -> Entity:
        out = _drop_in(e, name) if model.canonical_key(e.key) in owners else e
        return changed(out, foreign_keys=mapped(out.foreign_keys, lambda fk: None if refs_it(e, fk) else fk))

    def published(t: PublicationTable) -> PublicationTable | None:
        if model.canonical_key(t.key) not in owners:
            return t
        uses = name in t.columns or (t.where is not None and uses_column(t.where, name, qualifiers=(t.table,)))
        return None if uses else t

    result = with_entities(model, mapped(model.entities, follow))
    return changed(result, publications=mapped(model.publications, lambda p: changed(
        p, tables=mapped(p.tables, published))))
