"""The order in which DDL creates tables and views.

Tables come in dependency order (a table after the tables its foreign keys reference, a partition
after its parent), ties broken by model order so the output reads like the model. A foreign key
that closes a cycle cannot be created with its table: the table is created without it and the
key is added afterwards (``ALTER TABLE ... ADD CONSTRAINT``). A self-reference is no cycle: a
table may reference itself in its own ``CREATE TABLE``.

>>> from core.model import DataModel, Entity, Attribute, ForeignKey
>>> def t(name, *refs):
...     fks = tuple(ForeignKey(columns=("id",), references=r) for r in refs)
...     return Entity(name=name, attributes=(Attribute(name="id", type="int"),), foreign_keys=fks)
>>> m = DataModel(entities=(t("b", "a"), t("a"), t("c", "d"), t("d", "c")))
>>> keys, deferred = creation_order(m)
>>> [k.name for k in keys], {k.name: sorted(v) for k, v in deferred.items()}
(['a', 'b', 'd', 'c'], {'d': [0]})
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from functools import lru_cache

from core.model import DataModel, EntityKey, View

__all__ = ["creation_order", "tables_read", "view_order"]


def creation_order(
    model: DataModel, keys: Collection[EntityKey] | None = None
) -> tuple[list[EntityKey], dict[EntityKey, frozenset[int]]]:
    """Canonical keys of the entities to create, in order, and the foreign keys (indexes into
    each entity's ``foreign_keys``) to add only after every table exists.

    A depth-first walk in model order: each entity comes right after what it depends on, so the
    output stays close to the model's order; a reference back to an entity still being walked
    closes a cycle, and that foreign key is deferred.

    Parameters
    ----------
    model : DataModel
        The model.
    keys : collection of EntityKey, optional
        Only these entities (canonical keys); references to other entities count as existing.
    """
    canon = model.canonical_key
    wanted = None if keys is None else set(keys)
    selected = [k for k in (canon(e.key) for e in model.entities) if wanted is None or k in wanted]
    present = set(selected)
    deps: dict[EntityKey, list[tuple[int, EntityKey]]] = {}
    parents: dict[EntityKey, EntityKey] = {}
    for k in selected:
        e = model.entities[model.entity_position(k) or 0]
        out: list[tuple[int, EntityKey]] = []
        if e.partition_of:
            parent = model.find_entity(e.partition_of)
            if parent is not None and canon(parent.key) in present and canon(parent.key) != k:
                out.append((-1, canon(parent.key)))
                parents[k] = canon(parent.key)
        for i, fk in enumerate(e.foreign_keys):
            t = canon(fk.target(e.key))
            if t in present and t != k:
                out.append((i, t))
        deps[k] = out
    state: dict[EntityKey, int] = {}  # 1 = being walked, 2 = placed
    order: list[EntityKey] = []
    late: dict[EntityKey, set[int]] = {}
    for root in selected:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[EntityKey, Iterator[tuple[int, EntityKey]]]] = [(root, iter(deps[root]))]
        while stack:
            node, it = stack[-1]
            for i, t in it:
                seen = state.get(t)
                if seen is None and i >= 0 and _waits_for_walk(t, parents, state):
                    seen = 1  # t is a partition of a table being walked: it must come later
                if seen is None:
                    state[t] = 1
                    stack.append((t, iter(deps[t])))
                    break
                if seen == 1 and i >= 0:  # closes a cycle: add this key at the end
                    late.setdefault(node, set()).add(i)
            else:
                stack.pop()
                state[node] = 2
                order.append(node)
    return order, {k: frozenset(v) for k, v in late.items()}


def _waits_for_walk(key: EntityKey, parents: dict[EntityKey, EntityKey], state: dict[EntityKey, int]) -> bool:
    """Whether ``key``'s partition parents (transitively) include a table still being walked."""
    seen = {key}
    parent = parents.get(key)
    while parent is not None and parent not in seen:
        if state.get(parent) == 1:
            return True
        seen.add(parent)
        parent = parents.get(parent)
    return False


def view_order(model: DataModel, views: tuple[View, ...] | None = None) -> list[View]:
    """Views in dependency order where it can be seen (a view after the views its query reads),
    otherwise in model order."""
    items = list(model.views if views is None else views)
    names = {(v.schema_name, v.name.lower()): i for i, v in enumerate(items)}
    bare = {v.name.lower(): i for i, v in enumerate(items)}
    deps: list[set[int]] = []
    for i, v in enumerate(items):
        found: set[int] = set()
        for schema, name in tables_read(v.sql):
            j = names.get((schema, name)) if schema is not None else bare.get(name)
            if j is not None and j != i:
                found.add(j)
        deps.append(found)
    order: list[int] = []
    placed: set[int] = set()
    while len(order) < len(items):
        ready = [i for i in range(len(items)) if i not in placed and deps[i] <= placed]
        i = ready[0] if ready else min(i for i in range(len(items)) if i not in placed)
        placed.add(i)
        order.append(i)
    return [items[i] for i in order]


@lru_cache(maxsize=1024)
def tables_read(sql: str) -> frozenset[tuple[str | None, str]]:
    """The ``(schema, lower-case name)`` of every table a query reads (empty if unreadable)."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except Exception:  # a query sqlglot cannot read keeps its model position
        return frozenset()
    if tree is None:
        return frozenset()
    return frozenset((t.db or None, t.name.lower()) for t in tree.find_all(exp.Table) if t.name)
