"""The model graph: creation order with deferred FKs, cycles, neighbourhoods, join paths,
components, "what references X" - checked against small oracles written here."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import TablewrightError
from core.graph import build_graph, components, creation_order, cycles, join_path, neighbourhood, referencing
from core.model import Attribute, DataModel, Entity, EntityKey, ForeignKey, PrimaryKey

Edges = list[tuple[int, int]]  # (child, parent) by entity number


def make(n: int, edges: Edges, partitions: dict[int, int] | None = None) -> DataModel:
    """Entities t0..t{n-1}; one FK per edge; ``partitions`` maps a child to its parent table."""
    entities = []
    for i in range(n):
        mine = [p for c, p in edges if c == i]
        attrs = (Attribute(name="id", type="bigint"), *(Attribute(name=f"f{j}", type="bigint") for j in range(len(mine))))
        fks = tuple(ForeignKey(columns=(f"f{j}",), references=f"t{p}") for j, p in enumerate(mine))
        part = f"t{partitions[i]}" if partitions and i in partitions else None
        entities.append(Entity(name=f"t{i}", attributes=attrs, primary_key=PrimaryKey(columns=("id",)),
                               foreign_keys=fks, partition_of=part))
    return DataModel(entities=tuple(entities))


def k(i: int) -> EntityKey:
    return EntityKey(None, f"t{i}")


def num(key: EntityKey) -> int:
    return int(key.name[1:])


def reaches(edges: Edges, start: int, goal: int) -> bool:
    """Oracle: is there a path start -> ... -> goal following (child -> parent) edges?"""
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for c, p in edges:
            if c == node and p not in seen:
                seen.add(p)
                todo.append(p)
    return False


def distance(edges: Edges, a: int, b: int) -> int | None:
    """Oracle: undirected BFS distance."""
    dist, todo = {a: 0}, deque([a])
    while todo:
        node = todo.popleft()
        for c, p in edges:
            for x, y in ((c, p), (p, c)):
                if x == node and y not in dist:
                    dist[y] = dist[node] + 1
                    todo.append(y)
    return dist.get(b)


graphs = st.integers(1, 10).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n)))


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_creation_order_respects_every_kept_fk_and_defers_only_cycle_edges(graph: tuple[int, Edges]) -> None:
    n, edges = graph
    order, deferred = creation_order(make(n, edges))
    assert sorted(map(num, order)) == list(range(n))
    rank = {num(key): i for i, key in enumerate(order)}
    deferred_pairs = {(num(key), int(fk.references[1:])) for key, fk in deferred}
    for c, p in edges:
        if c != p and (c, p) not in deferred_pairs:
            assert rank[p] < rank[c], f"t{p} must come before t{c}"
    for c, p in deferred_pairs:
        assert c != p  # self-references stay inline
        assert reaches(edges, p, c)  # a deferred FK closes a cycle
    acyclic = not any(c != p and reaches(edges, p, c) for c, p in edges)
    assert acyclic == (deferred == [])
    assert creation_order(make(n, edges)) == (order, deferred)  # deterministic


@pytest.mark.parametrize(("edges", "deferred"), [
    ([(0, 1), (1, 0)], 1),
    ([(0, 1), (1, 2), (2, 0)], 1),
    ([(0, 1), (1, 0), (1, 2), (2, 1)], 2),
    ([(0, 0), (1, 0)], 0),
    ([(0, 1), (1, 0), (0, 1)], 1),  # two FKs from t0 to t1, one back: the single one is deferred
    ([(0, 1), (1, 0), (1, 0), (1, 0)], 1),
])
def test_small_cycles_defer_few_fks(edges: Edges, deferred: int) -> None:
    assert len(creation_order(make(3, edges))[1]) == deferred


def test_model_order_decides_among_free_entities_and_partitions_follow_their_parent() -> None:
    order, _ = creation_order(make(4, [(0, 3)], partitions={1: 2}))
    assert [num(x) for x in order] == [2, 1, 3, 0]


def test_cycles() -> None:
    model = make(5, [(0, 1), (1, 2), (2, 0), (3, 3), (4, 0)])
    assert cycles(model) == [[k(3)], [k(0), k(1), k(2)]]
    assert cycles(make(2, [(0, 1)])) == []


def test_neighbourhood_levels() -> None:
    model = make(6, [(0, 1), (1, 2), (2, 3), (4, 1), (5, 4), (1, 1)])
    up, down = neighbourhood(model, k(1), depth=2)
    assert up == [[k(2)], [k(3)]]
    assert down == [[k(0), k(4)], [k(5)]]
    assert neighbourhood(model, k(1), depth=0) == ([], [])
    with pytest.raises(TablewrightError, match='"t9" does not exist'):
        neighbourhood(model, k(9))


@settings(max_examples=150, deadline=None)
@given(graphs, st.data())
def test_join_path_is_a_shortest_chain_of_fks(graph: tuple[int, Edges], data: st.DataObject) -> None:
    n, edges = graph
    a, b = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    model = make(n, edges)
    path = join_path(model, k(a), k(b))
    expected = distance(edges, a, b)
    if expected is None:
        assert path is None
        return
    assert path is not None and len(path) == expected
    node = k(a)
    for hop in path:
        assert hop.left == node
        child, parent = (hop.left, hop.right) if hop.forward else (hop.right, hop.left)
        assert hop.fk in model.entity(child).foreign_keys and hop.fk.references == parent.name  # type: ignore[union-attr]
        node = hop.right
    assert node == k(b)


@settings(max_examples=100, deadline=None)
@given(graphs)
def test_components_match_connectivity(graph: tuple[int, Edges]) -> None:
    n, edges = graph
    groups = components(make(n, edges))
    assert sorted(num(x) for g in groups for x in g) == list(range(n))
    for g in groups:
        for x in g:
            for y in g:
                assert distance(edges, num(x), num(y)) is not None
    firsts = [num(g[0]) for g in groups]
    assert firsts == sorted(firsts)
    for g1 in groups:
        for g2 in groups:
            if g1 is not g2:
                assert distance(edges, num(g1[0]), num(g2[0])) is None


def test_referencing_and_graph_edges() -> None:
    model = make(3, [(1, 0), (2, 0), (0, 0), (2, 0)])
    refs = referencing(model, k(0))
    assert [(num(key), fk.columns) for key, fk in refs] == [(0, ("f0",)), (1, ("f0",)), (2, ("f0",)), (2, ("f1",))]
    assert referencing(model, k(2)) == []
    g = build_graph(model)
    assert g.number_of_edges() == 4 and g.nodes[k(1)]["entity"] is model.entities[1]


def test_dangling_fks_and_schemas() -> None:
    a = Entity(name="a", schema="s", attributes=(Attribute(name="id", type="int"), Attribute(name="x", type="int")),
               primary_key=PrimaryKey(columns=("id",)),
               foreign_keys=(ForeignKey(columns=("x",), references="ghost"), ForeignKey(columns=("x",), references="b",
                                                                                        ref_schema="public")))
    b = Entity(name="b", schema="public", attributes=(Attribute(name="id", type="int"),),
               primary_key=PrimaryKey(columns=("id",)))
    model = DataModel(entities=(a, b))
    g = build_graph(model)
    assert set(g.nodes) == {EntityKey("s", "a"), EntityKey(None, "b")}
    assert list(g.edges()) == [(EntityKey("s", "a"), EntityKey(None, "b"))]
    assert creation_order(model)[0] == [EntityKey(None, "b"), EntityKey("s", "a")]
    assert join_path(model, EntityKey("public", "b"), EntityKey("s", "a")) is not None
