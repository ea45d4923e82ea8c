"""The model graph: entities as nodes, foreign keys as edges, and questions about it.

Every function is pure, ``f(model, ...)``. Nodes are canonical :class:`~core.model.EntityKey`
values (schema ``None`` = the default schema); an edge goes from the entity that declares a
foreign key (the child) to the entity it references (the parent) and carries the
:class:`~core.model.ForeignKey`. Foreign keys to entities that do not exist are left out.

>>> m = _example()  # lines -> orders -> customers, lines -> products, categories -> categories, notes
>>> [k.name for k in creation_order(m)[0]]
['customers', 'orders', 'products', 'lines', 'categories', 'notes']
>>> [(h.left.name, h.right.name) for h in join_path(m, EntityKey(None, "customers"), EntityKey(None, "products"))]
[('customers', 'orders'), ('orders', 'lines'), ('lines', 'products')]
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import OrderedDict
from typing import NamedTuple

import networkx as nx

from core.errors import TablewrightError
from core.model import Attribute, DataModel, Entity, EntityKey, ForeignKey, PrimaryKey

__all__ = [
    "Hop",
    "Neighbourhood",
    "build_graph",
    "components",
    "creation_order",
    "cycles",
    "join_path",
    "neighbourhood",
    "referencing",
]


def _example() -> DataModel:
    """The small model the examples in this module use."""
    def table(name: str, *refs: str) -> Entity:
        cols = (Attribute(name="id", type="int"), *(Attribute(name=f"{r}_id", type="int") for r in refs))
        fks = tuple(ForeignKey(columns=(f"{r}_id",), references=r) for r in refs)
        return Entity(name=name, attributes=cols, primary_key=PrimaryKey(columns=("id",)), foreign_keys=fks)

    return DataModel(entities=(table("lines", "orders", "products"), table("orders", "customers"),
                               table("customers"), table("products"), table("categories", "categories"),
                               table("notes")))


def build_graph(model: DataModel) -> nx.MultiDiGraph:
    """The model as a directed multigraph.

    Nodes are canonical entity keys with ``entity`` (the :class:`~core.model.Entity`) and
    ``position`` (its place in the model) as data. Each foreign key is an edge from its entity
    to the referenced one, keyed by the FK's position in the entity, with ``fk`` as data;
    self-references are loops. The graph is new: the caller may change it.

    Parameters
    ----------
    model
        The model.

    Returns
    -------
    networkx.MultiDiGraph
        One node per entity (the first of duplicates), one edge per resolvable foreign key.

    See Also
    --------
    creation_order, referencing

    Examples
    --------
    >>> g = build_graph(_example())
    >>> g.number_of_nodes(), g.number_of_edges(), g.is_multigraph()
    (6, 4, True)
    >>> [fk.references for _, _, fk in g.out_edges(EntityKey(None, "lines"), data="fk")]
    ['orders', 'products']
    """
    g = nx.MultiDiGraph()
    nodes: dict[EntityKey, int] = {}
    for i, e in enumerate(model.entities):
        nodes.setdefault(model.canonical_key(e.key), i)
    for k, i in nodes.items():
        g.add_node(k, entity=model.entities[i], position=i)
    for k, i in nodes.items():
        e = model.entities[i]
        for j, fk in enumerate(e.foreign_keys):
            target = model.canonical_key(fk.target(e.key))
            if target in nodes:
                g.add_edge(k, target, j, fk=fk)
    return g


_CACHE: OrderedDict[int, tuple[DataModel, nx.MultiDiGraph]] = OrderedDict()
_LOCK = threading.Lock()  # the app calls these functions from worker threads


def _graph(model: DataModel) -> nx.MultiDiGraph:
    """A frozen graph of ``model``, shared by the functions here (a few recent models kept; the
    cache holds the model itself, so its ``id`` cannot be reused while cached)."""
    with _LOCK:
        hit = _CACHE.get(id(model))
        if hit is not None and hit[0] is model:
            _CACHE.move_to_end(id(model))
            return hit[1]
    g = nx.freeze(build_graph(model))
    with _LOCK:
        _CACHE[id(model)] = (model, g)
        while len(_CACHE) > 4:
            _CACHE.popitem(last=False)
    return g


def _node(model: DataModel, g: nx.MultiDiGraph, key: EntityKey) -> EntityKey:
    canon = model.canonical_key(key)
    if canon not in g:
        raise TablewrightError(f'entity "{key.display()}" does not exist')
    return canon


Weights = dict[EntityKey, dict[EntityKey, int]]


def _feedback_order(d: Weights, nodes: set[EntityKey], pos: dict[EntityKey, int]) -> list[EntityKey]:
    """An order of one strongly connected component with few backward edges (the greedy
    heuristic of Eades, Lin and Smyth, 1993, weighted by the number of foreign keys per edge):
    sinks go last, sources first, otherwise the node with the most outgoing minus incoming weight
    goes first; ties by model position."""
    outs = {n: {v: w for v, w in d.get(n, {}).items() if v in nodes} for n in nodes}
    ins: Weights = {n: {} for n in nodes}
    for u, vs in outs.items():
        for v, w in vs.items():
            ins[v][u] = w
    left, right = [], []
    remaining = set(nodes)

    def remove(n: EntityKey) -> None:
        remaining.discard(n)
        for v in outs[n]:
            del ins[v][n]
        for u in ins[n]:
            del outs[u][n]

    while remaining:
        ordered = sorted(remaining, key=pos.__getitem__)
        sink = next((n for n in ordered if not outs[n]), None)
        if sink is not None:
            right.append(sink)
            remove(sink)
            continue
        source = next((n for n in ordered if not ins[n]), None)
        best = source if source is not None else max(
            ordered, key=lambda n: (sum(outs[n].values()) - sum(ins[n].values()), -pos[n]))
        left.append(best)
        remove(best)
    return left + right[::-1]


def creation_order(model: DataModel) -> tuple[list[EntityKey], list[tuple[EntityKey, ForeignKey]]]:
    """The order in which to create the entities, and the foreign keys to add afterwards.

    A referenced entity comes before the entities that reference it, and a partitioned table
    before its partitions; among entities free to go, model order decides. When foreign keys form
    cycles, a small set of them (chosen greedily, deterministic) is *deferred*: created later with
    ``ALTER TABLE ... ADD FOREIGN KEY``; without them the graph has no cycle. Self-references are
    never deferred: PostgreSQL accepts a table that references itself in its own ``CREATE
    TABLE``. A cycle made of ``partition_of`` links alone cannot be created at all and is broken
    arbitrarily (the model is wrong).

    Returns
    -------
    order
        Every entity's canonical key, in creation order.
    deferred
        ``(entity key, foreign key)`` pairs to add after every table exists, in model order.

    >>> from core.model import Entity, Attribute, ForeignKey
    >>> a = Entity(name="a", attributes=(Attribute(name="b_id", type="int"),),
    ...            foreign_keys=(ForeignKey(columns=("b_id",), references="b"),))
    >>> b = Entity(name="b", attributes=(Attribute(name="a_id", type="int"),),
    ...            foreign_keys=(ForeignKey(columns=("a_id",), references="a"),))
    >>> order, deferred = creation_order(DataModel(entities=(a, b)))
    >>> [k.name for k in order], [(k.name, fk.references) for k, fk in deferred]
    (['a', 'b'], [('a', 'b')])
    """
    g = _graph(model)
    pos = {k: g.nodes[k]["position"] for k in g}
    before: Weights = {}  # parent -> child -> weight: "create parent before child"
    for child, parent in g.edges():
        if parent != child:
            row = before.setdefault(parent, {})
            row[child] = row.get(child, 0) + 1
    heavy = len(g) + 1  # a partition must follow its parent: never worth breaking
    partitioned = False
    for e in model.entities:
        parent = model.find_entity(e.partition_of) if e.partition_of else None
        child = model.canonical_key(e.key)
        if parent is not None and model.canonical_key(parent.key) != child:
            before.setdefault(model.canonical_key(parent.key), {})[child] = heavy
            partitioned = True
    backward: set[tuple[EntityKey, EntityKey]] = set()
    for scc in nx.strongly_connected_components(_before_graph(g, before) if partitioned else g):
        if len(scc) > 1:
            rank = {n: i for i, n in enumerate(_feedback_order(before, scc, pos))}
            backward |= {(u, v) for u in scc for v in before.get(u, {}) if v in scc and rank[v] < rank[u]}
    indegree = dict.fromkeys(g, 0)
    for u, vs in before.items():
        for v in vs:
            if (u, v) not in backward:
                indegree[v] += 1
    ready = [(pos[k], k) for k, n in indegree.items() if n == 0]
    heapq.heapify(ready)
    order: list[EntityKey] = []
    while ready:
        _, u = heapq.heappop(ready)
        order.append(u)
        for v in before.get(u, {}):
            if (u, v) not in backward:
                indegree[v] -= 1
                if indegree[v] == 0:
                    heapq.heappush(ready, (pos[v], v))
    deferred = [(child, data["fk"]) for child, parent, data in g.edges(data=True) if (parent, child) in backward]
    deferred.sort(key=lambda item: pos[item[0]])
    return order, deferred


def _before_graph(g: nx.MultiDiGraph, before: Weights) -> nx.DiGraph:
    """The "create before" relation (foreign keys and partitions) as a graph."""
    d = nx.DiGraph()
    d.add_nodes_from(g)
    d.add_edges_from((u, v) for u, vs in before.items() for v in vs)
    return d


def cycles(model: DataModel, limit: int = 1000) -> list[list[EntityKey]]:
    """Reference cycles: lists of entities each referencing the next (the last the first),
    self-references included; each starts at its first entity in model order, shortest first;
    at most ``limit`` of them.

    Parameters
    ----------
    model
        The model.
    limit
        The most cycles to enumerate (a dense graph has exponentially many).

    Returns
    -------
    list of list of EntityKey
        Each cycle in FK direction (child, parent, grandparent, ...).

    Examples
    --------
    >>> [[k.name for k in c] for c in cycles(_example())]
    [['categories']]
    """
    g = _graph(model)
    pos = {k: g.nodes[k]["position"] for k in g}
    found = []
    for cycle in itertools.islice(nx.simple_cycles(nx.DiGraph(g)), limit):
        start = min(range(len(cycle)), key=lambda i: pos[cycle[i]])
        found.append(cycle[start:] + cycle[:start])
    found.sort(key=lambda c: (len(c), [pos[k] for k in c]))
    return found


class Neighbourhood(NamedTuple):
    """Entities around one entity, level by level: ``parents[0]`` are those it references,
    ``parents[1]`` those they reference, and so on; ``children`` likewise for the entities that
    reference it. Each entity appears once per direction, at its nearest level."""

    parents: list[list[EntityKey]]
    children: list[list[EntityKey]]


def neighbourhood(model: DataModel, key: EntityKey, depth: int = 1) -> Neighbourhood:
    """The entities within ``depth`` foreign keys of ``key``, parents and children by level.

    Parameters
    ----------
    model
        The model.
    key
        The entity at the centre.
    depth
        How many foreign keys away to look (levels).

    Returns
    -------
    Neighbourhood
        ``(parents, children)``, each a list of levels; empty levels at the end are left out.

    Raises
    ------
    TablewrightError
        When the entity does not exist.

    Examples
    --------
    >>> up, down = neighbourhood(_example(), EntityKey(None, "orders"), depth=2)
    >>> [[k.name for k in level] for level in up], [[k.name for k in level] for level in down]
    ([['customers']], [['lines']])
    """
    g = _graph(model)
    start = _node(model, g, key)
    pos = {k: g.nodes[k]["position"] for k in g}

    def levels(step: str) -> list[list[EntityKey]]:
        seen, frontier, out = {start}, [start], []
        for _ in range(depth):
            nxt = {m for n in frontier for m in (g.successors(n) if step == "up" else g.predecessors(n))} - seen
            if not nxt:
                break
            frontier = sorted(nxt, key=pos.__getitem__)
            seen |= nxt
            out.append(frontier)
        return out

    return Neighbourhood(levels("up"), levels("down"))


class Hop(NamedTuple):
    """One step of a join path from ``left`` to ``right`` through ``fk``: declared by ``left``
    and referencing ``right`` when ``forward``, else declared by ``right`` referencing ``left``."""

    left: EntityKey
    right: EntityKey
    fk: ForeignKey
    forward: bool


def join_path(model: DataModel, a: EntityKey, b: EntityKey) -> list[Hop] | None:
    """The shortest chain of foreign keys (followed in either direction) from ``a`` to ``b``.

    Among equally short paths the one found first in model order wins.

    Parameters
    ----------
    model
        The model.
    a, b
        The entities to join.

    Returns
    -------
    list of Hop or None
        The hops in order (``[]`` when ``a`` is ``b``), or ``None`` when they are not connected.

    Raises
    ------
    TablewrightError
        When either entity does not exist.

    Examples
    --------
    >>> path = join_path(_example(), EntityKey(None, "lines"), EntityKey(None, "customers"))
    >>> [(h.left.name, h.right.name, h.fk.columns, h.forward) for h in path]
    [('lines', 'orders', ('orders_id',), True), ('orders', 'customers', ('customers_id',), True)]
    >>> join_path(_example(), EntityKey(None, "notes"), EntityKey(None, "lines")) is None
    True
    """
    g = _graph(model)
    start, goal = _node(model, g, a), _node(model, g, b)
    back: dict[EntityKey, Hop | None] = {start: None}
    frontier = [start]
    while frontier and goal not in back:
        nxt = []
        for n in frontier:
            steps = [Hop(n, t, data["fk"], True) for _, t, data in g.out_edges(n, data=True)]
            steps += [Hop(n, s, data["fk"], False) for s, _, data in g.in_edges(n, data=True)]
            for hop in steps:
                if hop.right not in back:
                    back[hop.right] = hop
                    nxt.append(hop.right)
        frontier = nxt
    if goal not in back:
        return None
    path: list[Hop] = []
    step = back[goal]
    while step is not None:
        path.append(step)
        step = back[step.left]
    return path[::-1]


def components(model: DataModel) -> list[list[EntityKey]]:
    """Groups of entities connected by foreign keys (in either direction).

    Parameters
    ----------
    model
        The model.

    Returns
    -------
    list of list of EntityKey
        Each group in model order; groups ordered by their first entity.

    Examples
    --------
    >>> [[k.name for k in c] for c in components(_example())]
    [['lines', 'orders', 'customers', 'products'], ['categories'], ['notes']]
    """
    g = _graph(model)
    pos = {k: g.nodes[k]["position"] for k in g}
    groups = [sorted(c, key=pos.__getitem__) for c in nx.weakly_connected_components(g)]
    return sorted(groups, key=lambda c: pos[c[0]])


def referencing(model: DataModel, key: EntityKey) -> list[tuple[EntityKey, ForeignKey]]:
    """What references the entity at ``key``.

    Parameters
    ----------
    model
        The model.
    key
        The referenced entity.

    Returns
    -------
    list of (EntityKey, ForeignKey)
        The referencing entities' canonical keys with their foreign keys, in model order (and FK
        order within an entity), self-references included.

    Raises
    ------
    TablewrightError
        When the entity does not exist.

    Examples
    --------
    >>> [(k.name, fk.columns) for k, fk in referencing(_example(), EntityKey(None, "orders"))]
    [('lines', ('orders_id',))]
    """
    g = _graph(model)
    target = _node(model, g, key)
    pos = {k: g.nodes[k]["position"] for k in g}
    pairs = [(child, k, data["fk"]) for child, _, k, data in g.in_edges(target, keys=True, data=True)]
    pairs.sort(key=lambda p: (pos[p[0]], p[1]))
    return [(child, fk) for child, _, fk in pairs]
