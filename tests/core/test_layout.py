"""Layout of the relationship diagrams: layers, crossings, boxes that never overlap, routes
that join the right borders, and windows that match the whole picture."""

from __future__ import annotations

import functools
import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import TablewrightError
from core.layout import count_crossings, focus_layout, layered_layout, overview_layout, render
from core.layout.diagram import Box, Diagram
from core.model import Attribute, DataModel, Entity, EntityKey, ForeignKey, PrimaryKey
from core.storage import load
from tests.conftest import sample_model_paths


def table(name: str, *refs: str, nullable: bool = False) -> Entity:
    cols = [Attribute(name="id", type="bigint", nullable=False)]
    cols += [Attribute(name=f"{r}_id", type="bigint", nullable=nullable) for r in refs]
    fks = [ForeignKey(columns=[f"{r}_id"], references=r) for r in refs]
    return Entity(name=name, attributes=cols, primary_key=PrimaryKey(columns=["id"]), foreign_keys=fks)


@st.composite
def models(draw: st.DrawFn) -> DataModel:
    n = draw(st.integers(1, 12))
    names = [f"t{i}" for i in range(n)]
    ents = []
    for name in names:
        refs = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        ents.append(table(name, *refs, nullable=draw(st.booleans())))
    return DataModel(entities=ents)


def brute_crossings(upper: list[str], lower: list[str], links: list[tuple[str, str]]) -> int:
    up = {n: i for i, n in enumerate(upper)}
    low = {n: i for i, n in enumerate(lower)}
    c = 0
    for (a, b), (x, y) in itertools.combinations(links, 2):
        if (low[a] - low[x]) * (up[b] - up[y]) < 0:
            c += 1
    return c


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=25))
def test_crossing_count_matches_pairwise_check(links: list[tuple[int, int]]) -> None:
    upper = [f"u{i}" for i in range(6)]
    lower = [f"l{i}" for i in range(6)]
    named = [(f"l{a}", f"u{b}") for a, b in links]
    assert count_crossings(upper, lower, named) == brute_crossings(upper, lower, named)


def no_overlap(d: Diagram) -> None:
    boxes = list(d.boxes.values())
    for a, b in itertools.combinations(boxes, 2):
        apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
        assert apart, (a.key, b.key)


def routes_join_borders(d: Diagram) -> None:
    for e in d.edges:
        c, p = d.boxes[e.child], d.boxes[e.parent]
        first, last = e.points[0], e.points[-1]
        assert _on_border(c, first)
        assert _on_border(p, last)
        for (ax, ay), (bx, by) in itertools.pairwise(e.points):
            assert ax == bx or ay == by  # orthogonal


def tracks_never_shared(d: Diagram) -> None:
    """No cell of a turn along a channel (a track) belongs to two edges: lines never merge."""
    owner: dict[tuple[int, int], int] = {}
    for i, e in enumerate(d.edges):
        for (ax, ay), (bx, by) in itertools.pairwise(e.points):
            along_track = ay == by if d.orientation == "TB" else ax == bx
            if not along_track:
                continue
            cells = (
                [(x, ay) for x in range(min(ax, bx), max(ax, bx) + 1)]
                if ay == by
                else [(ax, y) for y in range(min(ay, by), max(ay, by) + 1)]
            )
            for c in cells:
                assert owner.setdefault(c, i) == i, (c, d.edges[owner[c]].child, e.child)


def _on_border(b: Box, pt: tuple[int, int]) -> bool:
    x, y = pt
    inside = b.contains(x, y)
    edge = x in (b.x, b.x + b.w - 1) or y in (b.y, b.y + b.h - 1)
    return inside and edge


@settings(max_examples=60, deadline=None)
@given(models())
def test_overview_is_deterministic_without_overlaps_and_edges_point_up(m: DataModel) -> None:
    d = overview_layout(m, detail=True)
    assert set(d.boxes) == {m.canonical_key(e.key) for e in m.entities}
    no_overlap(d)
    routes_join_borders(d)
    tracks_never_shared(d)
    again = overview_layout(m, detail=True)
    assert again.boxes == d.boxes and again.edges == d.edges
    # every edge's parent sits above its child unless the edge closes a cycle
    ups = sum(1 for e in d.edges if d.boxes[e.parent].y < d.boxes[e.child].y)
    assert ups >= len(d.edges) - sum(1 for e in d.edges if d.levels[e.parent] >= d.levels[e.child])


@settings(max_examples=40, deadline=None)
@given(models(), st.integers(0, 11), st.sampled_from([1, 2]))
def test_focus_puts_parents_left_and_children_right(m: DataModel, i: int, depth: int) -> None:
    key = m.entities[i % len(m.entities)].key
    d = focus_layout(m, key, depth)
    no_overlap(d)
    routes_join_borders(d)
    tracks_never_shared(d)
    me = d.boxes[key]
    direct_parents = {fk.references for fk in m.entity(key).foreign_keys} - {key.name}  # type: ignore[union-attr]
    direct_children = {
        e.name for e in m.entities if any(f.references == key.name for f in e.foreign_keys)
    } - {key.name}
    for name in direct_parents - direct_children:
        assert d.boxes[EntityKey(None, name)].x + d.boxes[EntityKey(None, name)].w <= me.x
    for name in direct_children - direct_parents:
        assert d.boxes[EntityKey(None, name)].x >= me.x + me.w


def test_barycenter_beats_a_shuffled_order() -> None:
    rng = random.Random(4)
    top = [f"p{i}" for i in range(12)]
    bottom = [f"c{i}" for i in range(12)]
    edges = [(c, top[(i + rng.randint(0, 2)) % 12]) for i, c in enumerate(bottom)]
    lay = layered_layout(top + bottom, edges, sizes={n: 4 for n in top + bottom})
    shuffled = list(bottom)
    rng.shuffle(shuffled)
    naive = count_crossings(lay.layers[0], shuffled, edges)
    assert lay.crossings <= naive
    assert lay.crossings <= 3


def test_long_edges_bend_through_one_dummy_per_layer() -> None:
    lay = layered_layout(
        ["a", "b", "c", "d"], [("b", "a"), ("c", "b"), ("d", "c"), ("d", "a")], sizes=dict.fromkeys("abcd", 3)
    )
    assert [lay.layer[n] for n in "abcd"] == [0, 1, 2, 3]
    assert [dm.layer for dm in lay.chains[3]] == [2, 1]


def test_cycles_are_laid_out() -> None:
    m = DataModel(entities=[table("a", "c"), table("b", "a"), table("c", "b")])
    d = overview_layout(m)
    assert len(d.edges) == 3
    no_overlap(d)


def test_window_is_a_slice_of_the_whole_picture() -> None:
    m = load(sample_model_paths()[0]).model
    d = overview_layout(m, detail=True)
    whole = render(d, 0, 0, d.width, d.height).lines
    for x, y, w, h in [(0, 0, 20, 10), (7, 3, 31, 9), (d.width - 5, d.height - 4, 12, 8)]:
        part = render(d, x, y, w, h).lines
        for r in range(h):
            want = whole[y + r][x : x + w] if 0 <= y + r < len(whole) else ""
            assert part[r][: len(want)] == want


def test_marks_show_cardinality_and_optionality() -> None:
    one = table("profiles", "users")
    one = one.model_copy(update={"uniques": ()})
    one = one.model_copy(update={"primary_key": PrimaryKey(columns=["users_id"])})
    m = DataModel(entities=[table("users"), one, table("posts", "users", nullable=True)])
    d = overview_layout(m)
    marks = {e.child.name: (e.child_mark, e.parent_mark) for e in d.edges}
    assert marks == {"profiles": ("1", "1"), "posts": ("*", "o")}
    text = "\n".join(render(d, 0, 0, d.width, d.height).lines)
    assert "*" in text and "o" in text


def test_selected_box_is_reported_and_drawn_double() -> None:
    m = DataModel(entities=[table("users"), table("posts", "users")])
    d = focus_layout(m, EntityKey(None, "posts"))
    r = render(d, 0, 0, d.width, d.height, selected=EntityKey(None, "posts"))
    assert any(reg.kind == "focus" and reg.key == EntityKey(None, "posts") for reg in r.regions)
    assert "╔" in "\n".join(r.lines)
    assert d.step(EntityKey(None, "posts"), "left") == EntityKey(None, "users")
    assert d.step(EntityKey(None, "users"), "right") == EntityKey(None, "posts")
    assert d.step(EntityKey(None, "users"), "left") is None


def test_subject_area_and_unknown_entity() -> None:
    a = table("a").model_copy(update={"tags": ("billing",)})
    m = DataModel(entities=[a, table("b", "a")])
    assert set(overview_layout(m, tag="billing").boxes) == {EntityKey(None, "a")}
    with pytest.raises(TablewrightError):
        focus_layout(m, EntityKey(None, "nope"))


@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_every_sample_lays_out(path: object) -> None:
    m = load(path).model  # type: ignore[arg-type]
    d = overview_layout(m, detail=True)
    no_overlap(d)
    routes_join_borders(d)
    tracks_never_shared(d)
    for e in m.entities:
        no_overlap(focus_layout(m, e.key, 2))


@settings(max_examples=40, deadline=None)
@given(models(), st.integers(-5, 60), st.integers(-5, 40), st.integers(1, 30), st.integers(1, 20))
def test_any_window_through_a_fine_grid_index_matches_the_whole_picture(
    m: DataModel, x: int, y: int, w: int, h: int
) -> None:
    import core.layout.diagram as diagram_module

    saved = diagram_module.GRID_CELL
    diagram_module.GRID_CELL = (3, 2)  # many small buckets: every edge and box spans several
    try:
        d = overview_layout(m, detail=True)
        whole = render(d, 0, 0, d.width, d.height).lines
        part = render(d, x, y, w, h).lines
    finally:
        diagram_module.GRID_CELL = saved
    for r in range(h):
        row = "".join(
            whole[y + r][x + c] if 0 <= y + r < len(whole) and 0 <= x + c < len(whole[0]) else " "
            for c in range(w)
        )
        assert part[r] == row


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=12),
       st.integers(0, 30), st.integers(0, 6))
def test_span_union_answers_like_a_set_of_cells(adds: list[tuple[int, int]], lo: int, width: int) -> None:
    from core.layout.diagram import _Spans

    spans, cells = _Spans(), set[int]()
    for a, w in adds:
        spans.add(a, a + w)
        cells.update(range(a, a + w + 1))
        assert spans.los == sorted(spans.los) and all(h >= l_ for l_, h in zip(spans.los, spans.his, strict=True))
    assert spans.meets(lo, lo + width) == bool(cells & set(range(lo, lo + width + 1)))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=15))
def test_tracks_keep_overlapping_segments_apart(
    segs: list[tuple[int, int]]
) -> None:
    from core.layout.diagram import assign_tracks

    tracks = assign_tracks(segs)
    bent = [i for i, (u, lo) in enumerate(segs) if u != lo]
    for i, j in itertools.combinations(bent, 2):
        a, b = sorted(segs[i]), sorted(segs[j])
        if tracks[i] == tracks[j]:
            assert a[1] < b[0] or b[1] < a[0]  # no shared cell on one track


def _cells(e: object) -> set[tuple[int, int]]:
    pts = e.points  # type: ignore[attr-defined]
    out = set()
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        for cx in range(min(ax, bx), max(ax, bx) + 1):
            for cy in range(min(ay, by), max(ay, by) + 1):
                out.add((cx, cy))
    return out


@settings(max_examples=40, deadline=None)
@given(models(), st.integers(0, 11), st.integers(-3, 10), st.integers(-3, 10))
def test_the_selected_boxs_lines_are_reported_cell_by_cell(m: DataModel, i: int, x: int, y: int) -> None:
    d = overview_layout(m)
    key = m.canonical_key(m.entities[i % len(m.entities)].key)
    w, h = 25, 15
    r = render(d, x, y, w, h, selected=key)
    reported = {(x + c, y + reg.row) for reg in r.regions if reg.kind == "line" for c in range(reg.start, reg.end)}
    assert all(reg.key == key for reg in r.regions if reg.kind == "line")
    mine = set().union(*(_cells(e) for e in d.edges if key in (e.child, e.parent)))
    visible = {(cx, cy) for cx, cy in mine if x <= cx < x + w and y <= cy < y + h}
    assert reported == visible


def test_overview_layout_stops_when_cancelled_and_not_otherwise() -> None:
    from core.layout import LayoutCancelled
    from tests.bench.bigmodel import big_model

    m = big_model(60, 4, 90)
    asked: list[int] = []

    def after(n: int) -> bool:
        asked.append(1)
        return len(asked) > n

    whole = overview_layout(m, cancelled=lambda: False)
    assert whole.boxes == overview_layout(m).boxes
    for n in (0, 3):
        asked.clear()
        with pytest.raises(LayoutCancelled):
            overview_layout(m, cancelled=functools.partial(after, n))
        assert len(asked) == n + 1  # it stopped at the first "yes"
