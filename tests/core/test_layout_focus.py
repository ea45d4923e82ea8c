"""The focus diagram: every entity within the depth whichever way its relationships point, each
beside the neighbour that brought it in, and every relationship between the entities shown
drawn, those between two entities of one column included.

Expectations come from the model's foreign keys (a breadth-first search written here), never
from the layout's own output.
"""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from core.layout import focus_layout, overview_layout, render
from core.layout.diagram import Diagram, focus_columns
from core.layout.layered import layered_layout
from core.model import DataModel, EntityKey
from tests.core.test_layout import models, no_overlap, routes_join_borders, table, tracks_never_shared


def _k(name: str) -> EntityKey:
    return EntityKey(None, name)


def links(m: DataModel) -> set[tuple[str, str]]:
    """(child, parent) of every foreign key between two distinct entities."""
    return {(e.name, fk.references) for e in m.entities for fk in e.foreign_keys if fk.references != e.name}


def distances(m: DataModel, start: str, depth: int) -> dict[str, int]:
    """Oracle: how many relationships (either way) each entity within ``depth`` is from ``start``."""
    near: dict[str, set[str]] = {e.name: set() for e in m.entities}
    for c, p in links(m):
        near[c].add(p)
        near[p].add(c)
    dist = {start: 0}
    frontier = [start]
    for d in range(1, depth + 1):
        frontier = sorted({n for f in frontier for n in near[f]} - set(dist))
        dist.update((n, d) for n in frontier)
    return dist


def route_cells(points: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    cells: list[tuple[int, int]] = [points[0]]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        dx, dy = (bx > ax) - (bx < ax), (by > ay) - (by < ay)
        x, y = ax, ay
        while (x, y) != (bx, by):
            x, y = x + dx, y + dy
            cells.append((x, y))
    return cells


def lines_avoid_boxes(d: Diagram) -> None:
    """Between its two ends (on its boxes' borders) a line runs outside every box."""
    for e in d.edges:
        for cell in route_cells(e.points)[1:-1]:
            inside = [b.key.name for b in d.boxes.values() if b.contains(*cell)]
            assert not inside, (e.child.name, e.parent.name, cell, inside)


def lines_never_merge(d: Diagram, inside_columns: bool = False) -> None:
    """No two lines run along the same cells (crossing is fine): each cell of a line, taken with
    the axis the line runs along there, belongs to one line. With ``inside_columns``, only the
    pairs where one line joins two entities of one column (the router cannot help two lines
    between columns that each enter a channel where the other leaves it, at the same height)."""
    owner: dict[tuple[int, int, bool], list[int]] = {}
    for i, e in enumerate(d.edges):
        for (ax, ay), (bx, by) in itertools.pairwise(e.points):
            for x, y in route_cells(((ax, ay), (bx, by))):
                owner.setdefault((x, y, ay == by), []).append(i)
    column = {k: b.x for k, b in d.boxes.items()}
    for cell, edges in owner.items():
        pairs = [(a, b) for a, b in itertools.combinations(sorted(set(edges)), 2) if not inside_columns or any(
            column[d.edges[n].child] == column[d.edges[n].parent] for n in (a, b))]
        assert not pairs, [(d.edges[n].child.name, d.edges[n].parent.name) for n in pairs[0]] + [cell]


@settings(max_examples=60, deadline=None)
@given(models(), st.integers(0, 11), st.sampled_from([1, 2]))
def test_focus_shows_everything_within_the_depth_and_every_relationship_among_it(
        m: DataModel, i: int, depth: int) -> None:
    focus = m.entities[i % len(m.entities)].name
    d = focus_layout(m, _k(focus), depth)
    dist = distances(m, focus, depth)
    assert {k.name for k in d.boxes} == set(dist)
    # every foreign key between two entities shown is a line (one per FK), same column or not
    shown = set(dist)
    want = Counter((e.name, fk.references) for e in m.entities if e.name in shown
                   for fk in e.foreign_keys if fk.references in shown and fk.references != e.name)
    assert Counter((e.child.name, e.parent.name) for e in d.edges) == want
    no_overlap(d)
    routes_join_borders(d)
    tracks_never_shared(d)
    lines_avoid_boxes(d)
    lines_never_merge(d, inside_columns=True)
    # each entity sits one column beside a nearer neighbour: right of one it references, left
    # of one referencing it
    box = {k.name: b for k, b in d.boxes.items()}
    pairs = links(m)
    for name, n in dist.items():
        if n == 0:
            continue
        nearer = [o for o in dist if dist[o] == n - 1 and ((name, o) in pairs or (o, name) in pairs)]
        assert any(((name, o) in pairs and box[name].x >= box[o].x + box[o].w)
                   or ((o, name) in pairs and box[name].x + box[name].w <= box[o].x) for o in nearer), (name, nearer)


@settings(max_examples=40, deadline=None)
@given(models())
def test_overview_lines_never_cross_boxes(m: DataModel) -> None:
    # a line reversed to break a cycle bends through its layers from the right end (it used to
    # take its bends in the opposite order and cut through the boxes between)
    d = overview_layout(m, detail=True)
    lines_avoid_boxes(d)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=16))
def test_every_chain_of_bends_runs_from_its_edges_source(edges: list[tuple[int, int]]) -> None:
    lay = layered_layout(list(range(8)), edges, sizes=dict.fromkeys(range(8), 3))
    for j, chain in lay.chains.items():
        src, dst = lay.layer[edges[j][0]], lay.layer[edges[j][1]]
        step = 1 if src < dst else -1
        assert [d.layer for d in chain] == list(range(src + step, dst, step)), (j, edges[j])


def test_depth_two_brings_in_the_other_children_of_a_parent_and_the_other_parents_of_a_child() -> None:
    m = DataModel(entities=[table("customers"), table("orders", "customers"), table("carts", "customers"),
                            table("lines", "orders", "products"), table("products"), table("regions"),
                            table("warehouses", "regions", "products")])
    cols = {k.name: c for k, c in focus_columns(m, _k("orders"), 2).items()}
    # carts: another child of the parent; products: another parent of the child; both beside
    # the focus, in its column
    assert cols == {"orders": 0, "customers": -1, "lines": 1, "carts": 0, "products": 0}
    assert "warehouses" not in cols  # three relationships away
    assert {k.name for k in focus_layout(m, _k("orders"), 1).boxes} == {"orders", "customers", "lines"}


def test_a_hub_is_shown_but_not_followed() -> None:
    from core.layout.diagram import HUB_LIMIT

    n = HUB_LIMIT + 5
    m = DataModel(entities=[table("tenants"), table("plans"), table("orders", "tenants", "customers"),
                            table("customers", "tenants"),
                            *(table(f"x{i}", "tenants") for i in range(n))])
    d = focus_layout(m, _k("orders"), 2)
    # customers is followed (its other relative, tenants, is already in); tenants is not
    assert {k.name for k in d.boxes} == {"orders", "tenants", "customers"}
    assert d.collapsed == {_k("tenants"): n}  # the x0.. entities left out
    assert d.boxes[_k("tenants")].title.endswith(f"+{n}")
    full = focus_columns(m, _k("orders"), 2, hub_limit=None)
    assert {k.name for k in full} == set(distances(m, "orders", 2))  # without the limit: everything
    assert len(focus_layout(m, _k("tenants"), 1).boxes) == n + 3  # the focus itself is always followed


def test_a_relationship_inside_a_column_is_drawn_around_its_side_with_its_marks() -> None:
    # orders references customers and addresses, and addresses references customers: the
    # two parents share the column left of orders
    m = DataModel(entities=[table("customers"), table("addresses", "customers"),
                            table("orders", "customers", "addresses")])
    d = focus_layout(m, _k("orders"))
    inner = [e for e in d.edges if (e.child.name, e.parent.name) == ("addresses", "customers")]
    assert len(inner) == 1
    e = inner[0]
    a, c = d.boxes[_k("addresses")], d.boxes[_k("customers")]
    assert a.x == c.x  # the same column
    picture = render(d, 0, 0, d.width, d.height).lines
    (x0, y0), (x1, y1) = e.points[0], e.points[-1]
    assert (x0, x1) == (a.x + a.w - 1, c.x + c.w - 1)  # out of each box's right border
    assert picture[y0][x0 + 1] == "*" and picture[y1][x1 + 1] == "1"  # many addresses, one customer
    lane = max(x for x, _ in e.points)
    assert lane > max(a.x + a.w, c.x + c.w)  # beside the column, not through it
    for x, y in route_cells(e.points)[2:-2]:
        assert picture[y][x] in "─│┌┐└┘├┤┬┴┼", (x, y, picture[y][x])


def test_focus_on_every_entity_of_a_sample_at_depth_two() -> None:
    from core.storage import load
    from tests.conftest import SAMPLES

    m = load(SAMPLES / "saas_multitenant.yaml").model
    for e in m.entities:
        d = focus_layout(m, e.key, 2)
        assert {k.name for k in d.boxes} == set(distances(m, e.name, 2))
        no_overlap(d)
        routes_join_borders(d)
        lines_avoid_boxes(d)
        lines_never_merge(d)
