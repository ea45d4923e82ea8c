"""SQL Server's rule on cascading foreign keys: no cycles and no multiple cascade paths.

SQL Server refuses (error 1785, "may cause cycles or multiple cascade paths") a foreign key whose
``ON DELETE`` (or ``ON UPDATE``) action is ``CASCADE``, ``SET NULL`` or ``SET DEFAULT`` when,
together with the cascading foreign keys already created, deleting (updating) one row could reach
a table along two different paths, or come back to where it started. The classic cases: a
closure table whose ``ancestor_id`` and ``descendant_id`` both cascade from the same table, and
``tasks`` cascading from both ``projects`` and ``tenants`` while ``projects`` cascades from
``tenants``.

:func:`refused_cascades` replays the script's order (tables in creation order, then the foreign
keys added afterwards) and tells, per entity, which actions SQL Server would refuse, so that the
T-SQL DDL leaves them out with a warning instead of failing on the server. References of a table
to itself are left to the generator (always refused there).

>>> from core.model import Attribute, DataModel, Entity, ForeignKey, PrimaryKey
>>> pk = PrimaryKey(columns=("id",))
>>> ids = (Attribute(name="id", type="int"), Attribute(name="a", type="int"), Attribute(name="b", type="int"))
>>> nodes = Entity(name="nodes", attributes=ids[:1], primary_key=pk)
>>> edges = Entity(name="edges", attributes=ids, primary_key=pk, foreign_keys=(
...     ForeignKey(columns=("a",), references="nodes", on_delete="cascade"),
...     ForeignKey(columns=("b",), references="nodes", on_delete="cascade")))
>>> refused_cascades(DataModel(entities=(nodes, edges)))
{EntityKey(schema=None, name='edges'): frozenset({(1, 'on_delete', 'nodes')})}
"""

from __future__ import annotations

from core.model import DataModel, EntityKey

__all__ = ["CASCADING", "refused_cascades"]

#: Actions that make SQL Server follow the foreign key on its own (the ones rule 1785 is about).
CASCADING = frozenset({"cascade", "set null", "set default"})


def refused_cascades(model: DataModel) -> dict[EntityKey, frozenset[tuple[int, str, str]]]:
    """``{canonical entity key: {(foreign key index, "on_delete" | "on_update", why), ...}}`` of the
    cascading actions SQL Server would refuse, in the order the script creates them; ``why`` names
    the table that would reach the entity along two paths, or is ``""`` for a cycle."""
    from core.ddl.order import creation_order

    canon = model.canonical_key
    keys, deferred = creation_order(model)
    steps: list[tuple[EntityKey, int]] = []
    for k in keys:
        e = model.entity(k)
        if e is not None:
            late = deferred.get(k, frozenset())
            steps.extend((k, i) for i in range(len(e.foreign_keys)) if i not in late)
    steps.extend((k, i) for k in keys for i in sorted(deferred.get(k, frozenset())))
    out: dict[EntityKey, set[tuple[int, str, str]]] = {}
    for action in ("on_delete", "on_update"):
        parents: dict[EntityKey, set[EntityKey]] = {}  # child -> tables it cascades from
        for k, i in steps:
            entity = model.entity(k)
            assert entity is not None
            fk = entity.foreign_keys[i]
            if getattr(fk, action) not in CASCADING:
                continue
            parent = canon(fk.target(entity.key))
            if parent == k:
                continue  # a self-reference: the generator drops it on its own
            above_parent = _ancestors(parents, parent) | {parent}
            # a cycle (the child already cascades into the parent), or a second path: something
            # the parent cascades from (or the parent itself) already cascades into the child
            if k in above_parent:
                out.setdefault(k, set()).add((i, action, ""))
                continue
            common = above_parent & (_ancestors(parents, k) | parents.get(k, set()))
            if common:
                out.setdefault(k, set()).add((i, action, min(common).display()))
                continue
            parents.setdefault(k, set()).add(parent)
    return {k: frozenset(v) for k, v in out.items()}


def _ancestors(parents: dict[EntityKey, set[EntityKey]], key: EntityKey) -> set[EntityKey]:
    seen: set[EntityKey] = set()
    stack = list(parents.get(key, ()))
    while stack:
        k = stack.pop()
        if k not in seen:
            seen.add(k)
            stack.extend(parents.get(k, ()))
    return seen
