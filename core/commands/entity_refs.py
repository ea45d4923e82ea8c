"""The model-wide cascades of entity edits: what follows a renamed, moved or deleted entity.

A rename or a schema move updates every reference to the entity: foreign keys (``references``
and ``ref_schema``, including the moved entity's own unqualified references, which would
otherwise follow it to its new schema), co-location, ``partition_of``, table names inside
expressions (checks, policies with sub-selects...), view queries, the bodies of ``LANGUAGE sql``
functions (PL/pgSQL bodies are not parsed and stay as written), the tables of publications, the
multi-tenant setting, lint suppressions and applied-pattern records. A delete drops the foreign
keys that point at the entity, clears co-location with it, deletes its partitions and takes them
out of every publication (as ``DROP TABLE`` does).
"""

from __future__ import annotations

from collections.abc import Callable

from core.commands.refs import (
    changed,
    expression_texts,
    map_expressions,
    mapped,
    points_at,
    ref_schema,
    reference_text,
    targets,
    with_entities,
)
from core.expressions import rename_tables
from core.model import DataModel, Entity, EntityKey, ForeignKey, PublicationTable

__all__ = ["drop_entity", "retarget_entity"]


def retarget_entity(model: DataModel, old: EntityKey, new: EntityKey) -> DataModel:
    """Rename the entity at canonical key ``old`` to canonical key ``new`` (name and/or schema)
    and make every reference follow it."""
    if old == new:
        return model
    text = reference_text(model, new)

    def expr(schema: str | None) -> Callable[[str], str]:
        return lambda sql: rename_tables(sql, old, new, default_schema=model.default_schema,
                                         context_schema=schema)

    needle = old.name.lower()

    def follow(e: Entity) -> Entity:
        moved = model.canonical_key(e.key) == old
        if not moved and not _mentions(e, old.name, needle):
            return e
        owner = new if moved else model.canonical_key(e.key)

        def fk_fn(fk: ForeignKey) -> ForeignKey:
            target = model.canonical_key(fk.target(e.key))
            hit = targets(model, e.key, fk, old)
            if not hit and not moved:
                return fk
            goal = new if hit else target
            return changed(fk, references=goal.name, ref_schema=ref_schema(model, owner, goal, fk.ref_schema))

        out = changed(e, foreign_keys=mapped(e.foreign_keys, fk_fn))
        if points_at(model, e.partition_of, old):
            out = changed(out, partition_of=text)
        dist = out.distribution
        if dist is not None and points_at(model, dist.colocate_with, old):
            out = changed(out, distribution=changed(dist, colocate_with=text))
        out = map_expressions(out, expr(e.schema_name))
        if moved:
            schema = e.schema_name if old.schema == new.schema else new.schema
            out = changed(out, name=new.name, schema_name=schema)
        return out

    result = with_entities(model, mapped(model.entities, follow))
    views = mapped(model.views, lambda v: changed(v, sql=rename_tables(
        v.sql, old, new, default_schema=model.default_schema, statement=True, context_schema=v.schema_name)))
    functions = mapped(model.functions, lambda f: f if f.language.lower() != "sql" else changed(
        f, body=rename_tables(f.body, old, new, default_schema=model.default_schema, statement=True,
                              context_schema=f.schema_name)))
    settings = model.settings
    if points_at(model, settings.tenant_entity, old):
        settings = changed(settings, tenant_entity=text)
    lint = model.lint
    lint = changed(lint, suppress=mapped(lint.suppress, lambda s: changed(s, entity=text) if points_at(
        model, s.entity, old) else s))
    patterns = mapped(model.patterns, lambda p: changed(p, entities=tuple(
        text if points_at(model, n, old) else n for n in p.entities)))

    def published(t: PublicationTable) -> PublicationTable:
        if model.canonical_key(t.key) != old:
            return t
        return changed(t, table=new.name, schema_name=t.schema_name if old.schema == new.schema else new.schema)

    publications = mapped(model.publications, lambda p: changed(p, tables=mapped(p.tables, published)))
    return changed(result, views=views, functions=functions, settings=settings, lint=lint, patterns=patterns,
                   publications=publications)


def _mentions(e: Entity, name: str, needle: str) -> bool:
    """A quick test: could ``e`` refer to an entity called ``name`` at all?"""
    if any(fk.references == name for fk in e.foreign_keys):
        return True
    texts = [e.partition_of or "", e.distribution.colocate_with or "" if e.distribution else ""]
    return any(needle in t.lower() for t in (*texts, *expression_texts(e)))


def _doomed(model: DataModel, key: EntityKey) -> set[EntityKey]:
    """``key`` and, recursively, the partitions of it."""
    doomed = {key}
    grew = True
    while grew:
        grew = False
        for e in model.entities:
            k = model.canonical_key(e.key)
            if k not in doomed and any(points_at(model, e.partition_of, d) for d in doomed):
                doomed.add(k)
                grew = True
    return doomed


def drop_entity(model: DataModel, key: EntityKey) -> tuple[DataModel, list[EntityKey]]:
    """Delete the entity at canonical ``key`` and its partitions; drop the foreign keys that point
    at any of them and co-location with them. Returns the model and the deleted keys."""
    doomed = _doomed(model, key)

    def keep(e: Entity) -> Entity | None:
        if model.canonical_key(e.key) in doomed:
            return None
        fks = mapped(e.foreign_keys, lambda fk: None if model.canonical_key(fk.target(e.key)) in doomed else fk)
        out = changed(e, foreign_keys=fks)
        dist = out.distribution
        if dist is not None and any(points_at(model, dist.colocate_with, d) for d in doomed):
            out = changed(out, distribution=changed(dist, colocate_with=None))
        return out

    order = [model.canonical_key(e.key) for e in model.entities if model.canonical_key(e.key) in doomed]
    result = with_entities(model, mapped(model.entities, keep))
    publications = mapped(model.publications, lambda p: changed(p, tables=mapped(
        p.tables, lambda t: None if model.canonical_key(t.key) in doomed else t)))
    return changed(result, publications=publications), order
