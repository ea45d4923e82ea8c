"""A layered (Sugiyama-style) layout of a directed graph, independent of what the nodes are.

The four classic phases, each simple and predictable:

1. **cycle removal**: edges that close a cycle (found by a depth-first search in input order)
   are laid out reversed, so the rest of the work sees a DAG;
2. **layering**: longest path; every edge goes from a higher layer to a lower one (a node's
   layer is one more than the highest of its targets), so a "parent" sits above its children;
3. **crossing reduction**: long edges get one dummy node per layer they cross, then
   barycenter sweeps down and up reorder each layer, keeping the order with fewest crossings;
4. **coordinates**: nodes are placed along their layer in that order, pulled towards the mean
   of their neighbours and pushed apart to keep a gap.

Everything is deterministic: the same input gives the same layout.

>>> lay = layered_layout(["a", "b", "c"], [("b", "a"), ("c", "a")], sizes={"a": 3, "b": 3, "c": 3})
>>> lay.layer["a"], lay.layer["b"], lay.layer["c"]
(0, 1, 1)
>>> lay.crossings
0
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Dummy", "LayeredLayout", "count_crossings", "layered_layout"]

N = TypeVar("N", bound=Hashable)


@dataclass(frozen=True)
class Dummy:
    """A bend point of a long edge in one layer: ``edge`` is the edge's index in the input."""

    edge: int
    layer: int


@dataclass
class LayeredLayout(Generic[N]):
    """The result: ``layers[i]`` lists the nodes (and dummies) of layer ``i`` in order;
    ``position`` gives each one's start along its layer; ``chains[j]`` lists the dummies of
    input edge ``j`` from its source's layer towards its target's; ``reversed_edges`` are the
    indexes of edges laid out backwards to break cycles."""

    layers: list[list[N | Dummy]]
    layer: dict[N, int]
    position: dict[N | Dummy, int]
    size: dict[N | Dummy, int]
    chains: dict[int, list[Dummy]] = field(default_factory=dict)
    reversed_edges: frozenset[int] = frozenset()
    crossings: int = 0


def _nothing() -> None:
    return None


def _feedback_edges(nodes: Sequence[N], edges: Sequence[tuple[N, N]]) -> set[int]:
    """Indexes of edges that point back into the depth-first search stack (iterative DFS)."""
    out: dict[N, list[tuple[N, int]]] = {n: [] for n in nodes}
    for i, (u, v) in enumerate(edges):
        if u != v:
            out[u].append((v, i))
    state: dict[N, int] = {}  # 1 on the stack, 2 done
    back: set[int] = set()
    for root in nodes:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(out[root]))]
        while stack:
            node, it = stack[-1]
            for v, i in it:
                s = state.get(v)
                if s == 1:
                    back.add(i)
                elif s is None:
                    state[v] = 1
                    stack.append((v, iter(out[v])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return back


def _longest_path(nodes: Sequence[N], dag: Sequence[tuple[N, N]]) -> dict[N, int]:
    """Layer = 1 + the highest layer among a node's targets; sinks are layer 0."""
    targets: dict[N, list[N]] = {n: [] for n in nodes}
    indeg: dict[N, int] = {n: 0 for n in nodes}
    for u, v in dag:
        targets[u].append(v)
        indeg[v] += 1
    # reverse topological order: process a node once every node pointing at it is known
    order: list[N] = [n for n in nodes if indeg[n] == 0]
    i = 0
    while i < len(order):
        for v in targets[order[i]]:
            indeg[v] -= 1
            if indeg[v] == 0:
                order.append(v)
        i += 1
    layer: dict[N, int] = {}
    for n in reversed(order):
        layer[n] = 1 + max((layer[v] for v in targets[n]), default=-1)
    return layer


def count_crossings(
    upper: Sequence[Hashable], lower: Sequence[Hashable], links: Iterable[tuple[Hashable, Hashable]]
) -> int:
    """Crossings between two adjacent layers: ``links`` are (lower node, upper node) pairs.

    >>> count_crossings(["a", "b"], ["c", "d"], [("c", "b"), ("d", "a")])
    1
    """
    up = {n: i for i, n in enumerate(upper)}
    low = {n: i for i, n in enumerate(lower)}
    return _inversions([(low[a], up[b]) for a, b in links if a in low and b in up], len(upper))


def _inversions(pairs: list[tuple[int, int]], size: int) -> int:
    """Pairs ``(i, j)``, ``(k, l)`` with ``i < k`` and ``j > l``: counted with a Fenwick tree."""
    pairs.sort()
    tree = [0] * (size + 1)
    inv = 0
    for seen, (_, b) in enumerate(pairs):
        # how many seen so far have an upper position greater than b
        i, le = b + 1, 0
        while i > 0:
            le += tree[i]
            i -= i & -i
        inv += seen - le
        i = b + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return inv


def layered_layout(
    nodes: Sequence[N],
    edges: Sequence[tuple[N, N]],
    *,
    sizes: Mapping[N, int],
    gap: int = 2,
    sweeps: int = 6,
    layer_of: Mapping[N, int] | None = None,
    check: Callable[[], None] | None = None,
) -> LayeredLayout[N]:
    """Lay out ``nodes`` in layers so that each edge ``(child, parent)`` points upwards.

    Parameters
    ----------
    nodes
        The nodes, in a stable order (it breaks ties).
    edges
        ``(source, target)`` pairs; the target is placed in a lower-numbered layer. Self-loops
        are ignored; parallel edges are kept (they share a route).
    sizes
        Each node's extent along its layer (its width when layers are rows).
    gap
        Minimum space between neighbours in a layer.
    sweeps
        Rounds of barycenter reordering (each a downward and an upward pass).
    layer_of
        Fixed layers (for example a focus view's levels) instead of longest-path layering.
    check
        Called between rounds of work; it may raise to abandon the layout (a worker whose
        result is no longer wanted).

    Returns
    -------
    LayeredLayout
    """
    node_list = list(dict.fromkeys(nodes))
    index = {n: i for i, n in enumerate(node_list)}
    edges = [(u, v) for u, v in edges if u in index and v in index]
    back = _feedback_edges(node_list, edges) if layer_of is None else set()
    dag = [(v, u) if i in back else (u, v) for i, (u, v) in enumerate(edges)]
    if layer_of is None:
        layer = _longest_path(node_list, [(u, v) for u, v in dag if u != v])
    else:
        layer = {n: layer_of[n] for n in node_list}
    n_layers = 1 + max(layer.values(), default=-1)

    # internally every element is an int: nodes 0..n-1, dummies after them
    n = len(node_list)
    lay_of: list[int] = [layer[x] for x in node_list]
    size: list[int] = [max(1, sizes[x]) for x in node_list]
    is_dummy: list[bool] = [False] * n
    dummies: list[Dummy] = []
    layers: list[list[int]] = [[] for _ in range(n_layers)]
    for i in range(n):
        layers[lay_of[i]].append(i)
    chains: dict[int, list[int]] = {}
    links: list[list[tuple[int, int]]] = [[] for _ in range(max(0, n_layers - 1))]
    for j, (u, v) in enumerate(dag):
        iu, iv = index[u], index[v]
        lu, lv = lay_of[iu], lay_of[iv]
        if lu == lv:
            continue  # self-loops, or same-layer edges with fixed layers: drawn directly
        lo, hi = (iu, iv) if lu > lv else (iv, iu)
        llo, lhi = max(lu, lv), min(lu, lv)
        prev = lo
        chain: list[int] = []
        for k in range(llo - 1, lhi, -1):
            d = len(size)
            dummies.append(Dummy(j, k))
            size.append(1)
            is_dummy.append(True)
            lay_of.append(k)
            layers[k].append(d)
            chain.append(d)
            links[k].append((prev, d))
            prev = d
        links[lhi].append((prev, hi))
        # from the input edge's source (the far end of a reversed edge)
        chains[j] = chain if layer[edges[j][0]] > layer[edges[j][1]] else chain[::-1]

    ups: list[list[int]] = [[] for _ in size]
    downs: list[list[int]] = [[] for _ in size]
    for ls in links:
        for lo_, hi_ in ls:
            ups[lo_].append(hi_)
            downs[hi_].append(lo_)
    order = [0] * len(size)  # position of each element in its layer

    def renumber(k: int) -> None:
        for i, x in enumerate(layers[k]):
            order[x] = i

    for k in range(n_layers):
        renumber(k)

    def total() -> int:
        return sum(
            _inversions([(order[a], order[b]) for a, b in links[k]], len(layers[k]))
            for k in range(len(links))
        )

    def reorder(k: int, neighbours: list[list[int]]) -> None:
        scale = 1.0 / max(1, len(layers[k]))
        keyed = []
        for x in layers[k]:
            ns = neighbours[x]
            b = (
                sum(order[m] for m in ns) / len(ns)
                if ns
                else order[x] * scale * len(layers[k - 1 if neighbours is ups else k + 1])
            )
            keyed.append((b, order[x], x))
        keyed.sort()
        layers[k] = [x for _, _, x in keyed]
        renumber(k)

    best = [list(layer_) for layer_ in layers]
    best_count = total()
    tick = check if check is not None else _nothing
    for _ in range(sweeps if best_count else 0):
        tick()
        for k in range(1, n_layers):
            reorder(k, ups)
        for k in range(n_layers - 2, -1, -1):
            reorder(k, downs)
        c = total()
        if c < best_count:
            best, best_count = [list(layer_) for layer_ in layers], c
        if c == 0:
            break
    layers = best

    tick()
    pos = _coordinates(layers, size, is_dummy, ups, downs, gap, tick)

    def elem(x: int) -> N | Dummy:
        return node_list[x] if x < n else dummies[x - n]

    return LayeredLayout(
        layers=[[elem(x) for x in layer_] for layer_ in layers],
        layer=layer,
        position={elem(x): p for x, p in enumerate(pos)},
        size={elem(x): sz for x, sz in enumerate(size)},
        chains={j: [dummies[x - n] for x in c] for j, c in chains.items()},
        reversed_edges=frozenset(back),
        crossings=best_count,
    )


def _pack(
    order: list[int], want: list[float], size: list[int], is_dummy: list[bool], gap: int, pos: list[int]
) -> None:
    """Place the layer ``order`` as close to ``want`` (centres, by element) as order and gaps
    allow: a left-to-right pass and a right-to-left pass, averaged, then made feasible."""
    m = len(order)
    left = [0.0] * m
    end = float("-inf")
    for i, x in enumerate(order):
        p = max(want[x] - size[x] / 2, end)
        left[i] = p
        end = p + size[x] + (1 if is_dummy[x] else gap)
    right = [0.0] * m
    start = float("inf")
    for i in range(m - 1, -1, -1):
        x = order[i]
        p = min(want[x] - size[x] / 2, start - size[x])
        right[i] = p
        start = p - (1 if is_dummy[x] else gap)
    end_i = -(10**9)
    for i, x in enumerate(order):
        p = max(round((left[i] + right[i]) / 2), end_i)
        pos[x] = p
        end_i = p + size[x] + (1 if is_dummy[x] else gap)


def _coordinates(
    layers: list[list[int]],
    size: list[int],
    is_dummy: list[bool],
    ups: list[list[int]],
    downs: list[list[int]],
    gap: int,
    tick: Callable[[], None],
) -> list[int]:
    pos = [0] * len(size)
    for order in layers:
        x = 0
        for e in order:
            pos[e] = x
            x += size[e] + (1 if is_dummy[e] else gap)
    want = [0.0] * len(size)

    def pull(k: int, nbrs: list[list[int]]) -> None:
        for e in layers[k]:
            ns = nbrs[e]
            want[e] = sum(pos[m] + size[m] / 2 for m in ns) / len(ns) if ns else pos[e] + size[e] / 2
        _pack(layers[k], want, size, is_dummy, gap, pos)

    for _ in range(3):
        tick()
        for k in range(1, len(layers)):
            pull(k, ups)
        for k in range(len(layers) - 2, -1, -1):
            pull(k, downs)
    low = min(pos, default=0)
    return [p - low for p in pos]
