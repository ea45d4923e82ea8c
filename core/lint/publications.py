"""Publication rules: ``publication-replica-identity`` (a published table whose updates or deletes
the server will refuse)."""

from __future__ import annotations

from collections.abc import Iterator

from core.commands import PutPublication
from core.lint.context import LintContext
from core.lint.finding import Hit
from core.lint.registry import rule
from core.model import Entity, EntityKey, Publication, PublicationTable

__all__ = ["published_in"]


def published_in(ctx: LintContext, entity: Entity) -> list[tuple[Publication, int, PublicationTable]]:
    """The ``(publication, position, entry)`` of every publication that lists ``entity`` (memoized)."""
    def build() -> dict[EntityKey, list[tuple[Publication, int, PublicationTable]]]:
        found: dict[EntityKey, list[tuple[Publication, int, PublicationTable]]] = {}
        for pub in ctx.model.publications:
            for k, t in enumerate(pub.tables):
                e = ctx.model.entity(t.key)
                if e is not None:
                    found.setdefault(ctx.key(e), []).append((pub, k, t))
        return found

    index: dict[EntityKey, list[tuple[Publication, int, PublicationTable]]] = ctx.memoized("publications.tables", build)
    return index.get(ctx.key(entity), [])


@rule("publication-replica-identity", "error", "published table whose updates or deletes would be refused",
      "integrity", fixable=True)
def publication_replica_identity(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A publication that sends updates or deletes must say which row changed, by the table's
    replica identity (its primary key): without a primary key PostgreSQL refuses every UPDATE and
    DELETE of the table once it is published, with a column list that leaves out a key column
    it refuses them too, and so it does when a row filter uses a column outside the key. The
    DDL runs, the application breaks at its first update. Add a primary key, publish the key
    columns (the fix adds them to the column list), filter on key columns only, or publish
    inserts only. A table given REPLICA IDENTITY FULL outside the model is fine: suppress the
    finding with that reason."""
    if not ctx.model.publications:
        return
    for pub, k, t in published_in(ctx, entity):
        if not {"update", "delete"} & set(pub.publish):
            continue
        ops = "/".join(op for op in ("update", "delete") if op in pub.publish)
        where = f'publication "{pub.name}"'
        if entity.primary_key is None:
            yield Hit(f'{where} publishes {ops}s of "{entity.name}", which has no primary key: PostgreSQL will '
                      f"refuse every {ops.upper().replace('/', ' and ')} of it; add a key or publish inserts only",
                      constraint=where)
            continue
        key = entity.primary_key.columns
        missing = [c for c in key if t.columns and c not in t.columns]
        if missing:
            tables = tuple(t.model_copy(update={"columns": (*missing, *t.columns)}) if j == k else x
                           for j, x in enumerate(pub.tables))
            yield Hit(f'{where} leaves the key column(s) {", ".join(missing)} of "{entity.name}" out of its column '
                      f"list, so its {ops}s will be refused: publish them", constraint=where,
                      fix=PutPublication(pub.name, pub.model_copy(update={"tables": tables}),
                                         text=f"publish the key of {entity.name} in {pub.name}"))
        if t.where is not None:
            from core.expressions import columns_used

            used = columns_used(t.where, qualifiers=(entity.name,)) or frozenset()
            outside = sorted(c for c in used if entity.attribute(c) is not None and c not in key)
            if outside:
                yield Hit(f"{where} filters rows of \"{entity.name}\" on {', '.join(outside)}, outside its primary "
                          f"key, so its {ops}s will be refused: filter on key columns or publish inserts only",
                          attribute=outside[0], constraint=where)
