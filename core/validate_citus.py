"""Citus distribution rules: what ``create_distributed_table`` and Citus foreign keys refuse.

One source of truth for the ``citus-distribute`` pattern (which refuses to produce such a model),
the ``citus-key`` / ``citus-colocation`` review rules (which locate them in a hand-written or
imported model, with fixes) and ``tablewright ddl --citus`` (which will not emit live Citus calls
that fail). The rules, from the Citus documentation ("Creating and Modifying Distributed Objects",
"Table Management"):

- a distributed table's primary key, unique constraints and unique indexes must include the
  distribution column (each shard can only enforce uniqueness over its own rows), and an
  exclusion constraint must include it with the ``=`` operator;
- a foreign key between distributed tables must include the distribution column on both sides,
  mapped onto each other, and the two tables must be co-located; a foreign key of a distributed
  table that includes its distribution column (to a distributed or a reference table) cannot
  have ``ON DELETE SET NULL / SET DEFAULT`` nor ``ON UPDATE SET NULL / SET DEFAULT / CASCADE``;
- a distributed table may reference reference tables, not local ones; neither a reference table
  nor a local table may reference a distributed one (reference and local tables may reference each
  other since Citus 10: the local table becomes a Citus local table);
- a table can only be co-located with a distributed table whose distribution column has the same
  type; a partition has no distribution of its own (it follows its parent's).

A distributed table without ``colocate_with`` is co-located by Citus with the other such tables of
the same distribution column type (``colocate_with => 'default'``), so they form one group here too.

>>> from core.model import Attribute, DataModel, Distribution, Entity, PrimaryKey
>>> t = Entity(name="t", attributes=(Attribute(name="id", type="int"), Attribute(name="org", type="int")),
...            primary_key=PrimaryKey(columns=("id",)), distribution=Distribution(kind="distributed", column="org"))
>>> [p.message.split(":")[0] for p in citus_problems(DataModel(entities=(t,)))]
['the primary key (id) does not include the distribution column org']
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from core.errors import Problem
from core.model import DataModel, Entity, ExclusionConstraint, ForeignKey
from core.types import base_name

__all__ = ["CitusIssue", "citus_issues", "citus_order", "citus_problems", "colocation_group", "entity_citus_issues"]

#: Serial pseudo-types as the column type Citus compares for co-location.
_SERIALS = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
            "smallserial": "smallint", "serial2": "smallint"}


@dataclass(frozen=True)
class CitusIssue:
    """One broken Citus rule, located in the model.

    ``index`` is the entity's position in ``model.entities``; ``path`` is relative to the entity
    (``("primary_key",)``, ``("foreign_keys", 2)``); ``constraint`` a readable label of the key
    or foreign key; ``message`` says what is wrong and what to do. ``kind`` is ``key`` (a key or
    unique/exclusion constraint of a distributed table) or ``foreign-key`` / ``colocation``.
    """

    index: int
    entity: Entity
    path: tuple[str | int, ...]
    constraint: str | None
    kind: str
    message: str

    def problem(self) -> Problem:
        """As a located model problem (``entities[orders].primary_key: ...``)."""
        label = ".".join(str(p) for p in self.path[:1])
        if len(self.path) > 1:
            label += f"[{self.path[1]}]"
        where = f"entities[{self.entity.name}]" + (f".{label}" if label else "")
        return Problem(("entities", self.index, *self.path), where, self.message)


def citus_problems(model: DataModel) -> list[Problem]:
    """Every broken Citus rule of ``model``, as located problems (empty without distribution)."""
    return [issue.problem() for issue in citus_issues(model)]


def citus_issues(model: DataModel) -> list[CitusIssue]:
    """Every broken Citus rule of ``model``, in model order."""
    if not any(e.distribution is not None for e in model.entities):
        return []
    return [issue for i, e in enumerate(model.entities) for issue in entity_citus_issues(model, e, i)]


def entity_citus_issues(model: DataModel, entity: Entity, index: int = -1) -> list[CitusIssue]:
    """The broken Citus rules located on ``entity`` (its keys, its distribution, its foreign
    keys); ``index`` is its position in the model, for :meth:`CitusIssue.problem`."""
    out: list[CitusIssue] = []
    d = entity.distribution
    if d is not None and entity.partition_of:
        out.append(CitusIssue(index, entity, ("distribution",), "distribution", "colocation",
                              f"a partition is distributed with its parent {entity.partition_of} (Citus "
                              "distributes a partitioned table's partitions with it): remove its distribution"))
        return out
    if d is not None and d.kind == "distributed" and d.column and entity.attribute(d.column) is not None:
        out.extend(_keys(index, entity, d.column))
        out.extend(_colocation(model, index, entity))
    for k, fk in enumerate(entity.foreign_keys):
        out.extend(_foreign_key(model, index, entity, k, fk))
    return out


def colocation_group(model: DataModel, entity: Entity) -> str:
    """The co-location group of a distributed table: the table at the end of its ``colocate_with``
    chain (a name, even when that table is missing), or ``default:<type>`` for Citus' implicit
    group of tables distributed by a column of that type without ``colocate_with``."""
    seen = {entity.name}
    e = entity
    while e.distribution is not None and e.distribution.colocate_with:
        name = e.distribution.colocate_with
        nxt = model.find_entity(name)
        if nxt is None or nxt.name in seen:
            return name
        seen.add(nxt.name)
        e = nxt
    if e is entity:
        return f"default:{_column_type(e)}"
    d = e.distribution
    if d is not None and d.kind == "distributed" and not d.colocate_with:
        return f"default:{_column_type(e)}"
    return e.name


def _column_type(e: Entity) -> str:
    d = e.distribution
    a = e.attribute(d.column) if d is not None and d.column else None
    if a is None:
        return "?"
    base = base_name(a.type)
    return _SERIALS.get(base, base)


def _keys(i: int, e: Entity, col: str) -> Iterator[CitusIssue]:
    fix = (f"add {col} to it, or make {e.name} a reference table if it is small and shared by all")
    pk = e.primary_key
    if pk is not None and col not in pk.columns:
        yield CitusIssue(i, e, ("primary_key",), "primary key", "key",
                         f"the primary key ({', '.join(pk.columns)}) does not include the distribution column "
                         f"{col}: Citus enforces a key per shard only; make it ({_led(col, pk.columns)}) "
                         f"or make {e.name} a reference table")
    for k, u in enumerate(e.uniques):
        if col not in u.columns:
            label = f"unique {u.name}" if u.name else f"unique ({', '.join(u.columns)})"
            yield CitusIssue(i, e, ("uniques", k), label, "key",
                             f"unique ({', '.join(u.columns)}) does not include the distribution column {col}: "
                             f"Citus cannot enforce it across shards; {fix}")
    for k, ix in enumerate(e.indexes):
        if ix.unique and col not in ix.column_names:
            label = f"index {ix.name}" if ix.name else f"unique index ({', '.join(ix.column_names) or '...'})"
            yield CitusIssue(i, e, ("indexes", k), label, "key",
                             f"the unique index does not include the distribution column {col} as a column: "
                             f"Citus cannot enforce it across shards; {fix}")
    for k, x in enumerate(e.exclusions):
        ops = [el.operator.strip() for el in x.elements if _is_column(el.expression, col)]
        label = f"exclusion {x.name}" if x.name else f"exclusion ({_exclusion_text(x)})"
        if not ops:
            yield CitusIssue(i, e, ("exclusions", k), label, "key",
                             f"the exclusion constraint does not include the distribution column {col}: "
                             f"add ({col} WITH =) to it, or make {e.name} a reference table")
        elif "=" not in ops:
            yield CitusIssue(i, e, ("exclusions", k), label, "key",
                             f"the exclusion constraint compares the distribution column {col} with {ops[0]}: "
                             f"Citus needs {col} WITH =; change the operator")


def _colocation(model: DataModel, i: int, e: Entity) -> Iterator[CitusIssue]:
    d = e.distribution
    assert d is not None
    if not d.colocate_with:
        return
    other = model.find_entity(d.colocate_with)
    if other is None or other is e:
        return  # a missing table is a validation problem of its own
    od = other.distribution
    if od is None or od.kind != "distributed":
        kind = "a local table" if od is None else "a reference table"
        yield CitusIssue(i, e, ("distribution",), "distribution", "colocation",
                         f'co-located with "{other.name}", which is {kind}: a table can only be co-located with '
                         f"a distributed table; distribute {other.name} or co-locate with another table")
    elif _column_type(e) != _column_type(other) and "?" not in (_column_type(e), _column_type(other)):
        yield CitusIssue(i, e, ("distribution",), "distribution", "colocation",
                         f'co-located with "{other.name}", but {d.column} is {_column_type(e)} and '
                         f"{other.name}.{od.column} is {_column_type(other)}: co-located tables need "
                         "distribution columns of the same type; change one of the types")


def _foreign_key(model: DataModel, i: int, e: Entity, k: int, fk: ForeignKey) -> Iterator[CitusIssue]:
    target = model.fk_target(e, fk)
    if target is None:
        return
    src, dst = _kind(e), _kind(target)
    label = f"foreign key ({', '.join(fk.columns)}) -> {fk.references}"
    path = ("foreign_keys", k)

    def issue(message: str) -> CitusIssue:
        return CitusIssue(i, e, path, label, "foreign-key", message)

    if src == "distributed" and dst == "distributed":
        yield from _between_distributed(model, e, target, fk, issue)
    elif src == "distributed" and dst == "reference":
        yield from _actions(e, fk, issue)
    elif src == "distributed" and dst == "local":
        yield issue(f'distributed "{e.name}" cannot reference local table "{target.name}": make {target.name} '
                    "a reference table (small, shared) or distribute it co-located")
    elif src == "reference" and dst == "distributed":
        yield issue(f'reference table "{e.name}" cannot reference distributed "{target.name}": distribute '
                    f"{e.name} co-located with {target.name}, or drop the foreign key")
    elif src == "local" and dst == "distributed":
        yield issue(f'local table "{e.name}" cannot reference distributed "{target.name}": distribute '
                    f"{e.name} co-located with {target.name}, or drop the foreign key")


def _between_distributed(model: DataModel, e: Entity, target: Entity, fk: ForeignKey,
                         issue: Callable[[str], CitusIssue]) -> Iterator[CitusIssue]:
    d, td = e.distribution, target.distribution
    assert d is not None and td is not None
    refs = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
    pairs = list(zip(fk.columns, refs, strict=False))
    if (d.column, td.column) not in pairs:
        mine = _led(d.column or "", fk.columns)
        theirs = _led(td.column or "", refs)
        yield issue(f"the foreign key does not map the distribution column {d.column} onto "
                    f"{target.name}.{td.column}: Citus enforces it within one shard only; make it "
                    f"({mine}) -> {target.name} ({theirs})")
        return
    if colocation_group(model, e) != colocation_group(model, target):
        yield issue(f'"{e.name}" and "{target.name}" are not co-located: set colocate_with of {e.name} to '
                    f"{target.name} (or both to the same table)")
    yield from _actions(e, fk, issue)


def _actions(e: Entity, fk: ForeignKey, issue: Callable[[str], CitusIssue]) -> Iterator[CitusIssue]:
    """A foreign key of a distributed table that includes its distribution column cannot change
    that column through an action: no ON DELETE SET NULL / SET DEFAULT, no ON UPDATE SET NULL /
    SET DEFAULT / CASCADE (Citus refuses them, to distributed and to reference tables alike)."""
    d = e.distribution
    if d is None or d.column not in fk.columns:
        return
    for when, action, refused, allowed in (
            ("delete", fk.on_delete, ("set null", "set default"), "CASCADE, RESTRICT or NO ACTION"),
            ("update", fk.on_update, ("set null", "set default", "cascade"), "RESTRICT or NO ACTION")):
        if action is not None and action in refused:
            yield issue(f"ON {when.upper()} {action.upper()} would change the distribution column {d.column}, "
                        f"which Citus does not allow in a foreign key that includes it; use {allowed}")


def _kind(e: Entity) -> str:
    return "local" if e.distribution is None else e.distribution.kind


def _led(col: str, cols: tuple[str, ...]) -> str:
    return ", ".join((col, *(c for c in cols if c != col)))


def _is_column(expression: str, col: str) -> bool:
    text = expression.strip()
    return text == col or text == '"' + col.replace('"', '""') + '"' or bool(
        re.fullmatch(rf"\(\s*{re.escape(col)}\s*\)", text))


def _exclusion_text(x: ExclusionConstraint) -> str:
    return ", ".join(f"{el.expression} WITH {el.operator}" for el in x.elements)


def citus_order(model: DataModel, entities: Sequence[Entity]) -> list[int]:
    """Positions in ``entities`` of the tables with a distribution, in the order their Citus calls
    must run: a table after the table it is co-located with and after the Citus tables it
    references (``create_distributed_table`` refuses a ``colocate_with`` or a foreign key to a
    table that is not distributed yet); otherwise reference tables first, then the given order.
    Tables in a cycle of foreign keys keep the given order.
    """
    at = {model.canonical_key(e.key): i for i, e in enumerate(entities) if e.distribution is not None}
    after: dict[int, set[int]] = {i: set() for i in at.values()}
    for i in at.values():
        e = entities[i]
        d = e.distribution
        assert d is not None
        targets = [model.fk_target(e, fk) for fk in e.foreign_keys]
        if d.colocate_with:
            targets.append(model.find_entity(d.colocate_with))
        for t in targets:
            j = at.get(model.canonical_key(t.key)) if t is not None else None
            if j is not None and j != i:
                after[i].add(j)
    waiting = {i: len(deps) for i, deps in after.items()}
    users: dict[int, list[int]] = {i: [] for i in after}
    for i, deps in after.items():
        for j in deps:
            users[j].append(i)

    def rank(i: int) -> tuple[int, int]:
        d = entities[i].distribution
        return (0 if d is not None and d.kind == "reference" else 1, i)

    ready = [rank(i) for i, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    out: list[int] = []
    done: set[int] = set()
    while len(out) < len(after):
        if not ready:  # a cycle: the first table left goes next
            heapq.heappush(ready, min(rank(i) for i in after if i not in done))
        _, i = heapq.heappop(ready)
        if i in done:
            continue
        out.append(i)
        done.add(i)
        for u in users[i]:
            waiting[u] -= 1
            if waiting[u] == 0:
                heapq.heappush(ready, rank(u))
    return out
