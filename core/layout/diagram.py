"""Entity-relationship diagrams of a model as boxes and routed lines on a character grid.

Two layouts, both built on :func:`core.layout.layered.layered_layout`:

* :func:`focus_layout`: one entity with the entities within 1 or 2 relationships of it (either
  way), parents (the entities it references) in columns to the left and children (those
  referencing it) to the right, a relationship between two entities of one column drawn around
  that column's side;
* :func:`overview_layout`: the whole model, or the entities of one subject area (tag), in
  layers from top (referenced) to bottom (referencing), each connected component laid out on
  its own and packed side by side, unconnected entities in a grid after them.

A :class:`Diagram` holds boxes and edges in cell coordinates; :mod:`core.layout.canvas` draws
any window of it. Nothing here knows about Textual.

>>> from core.model import DataModel, Entity, Attribute, PrimaryKey, ForeignKey
>>> def t(name, *refs):
...     cols = [Attribute(name="id", type="bigint", nullable=False)]
...     cols += [Attribute(name=f"{r}_id", type="bigint") for r in refs]
...     fks = [ForeignKey(columns=[f"{r}_id"], references=r) for r in refs]
...     return Entity(name=name, attributes=cols, primary_key=PrimaryKey(columns=["id"]), foreign_keys=fks)
>>> m = DataModel(entities=[t("customers"), t("orders", "customers"), t("lines", "orders")])
>>> d = focus_layout(m, EntityKey(None, "orders"))
>>> [b.key.name for b in sorted(d.boxes.values(), key=lambda b: b.x)]
['customers', 'orders', 'lines']
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from core.errors import TablewrightError
from core.graph import _graph
from core.layout.layered import Dummy, LayeredLayout, layered_layout
from core.model import DataModel, Entity, EntityKey, ForeignKey

__all__ = [
    "DETAILS",
    "Box",
    "Detail",
    "Diagram",
    "Edge",
    "LayoutCancelled",
    "box_lines",
    "focus_columns",
    "focus_layout",
    "marks",
    "overview_layout",
]

Orientation = Literal["LR", "TB"]
#: What a box shows: its name only, its name and key attributes, or every attribute with its type.
Detail = Literal["names", "keys", "all"]
DETAILS: tuple[Detail, ...] = ("names", "keys", "all")
MAX_WIDTH = 30
#: Boxes grow (wider in layers of rows, taller in columns) up to this size to give each of
#: their lines its own cell.
MAX_STRETCH = 61
#: A channel's lines are ordered as staircases (fewer crossings) unless that needs more than
#: this many times the tracks of the most compact order.
STAIRCASE_ROOM = 1.5
#: Size in cells of the buckets of a diagram's spatial index (:meth:`Diagram.within`).
GRID_CELL = (64, 32)
#: Rows of attributes a box shows at most with ``detail="all"`` (the rest are counted).
MAX_ALL_LINES = 40
#: A focus view does not go on through an entity (other than the focus) that would bring in
#: more than this many entities of its own: a hub such as ``tenants``, which everything
#: references, would otherwise put the whole model in every depth-2 view.
HUB_LIMIT = 20


class LayoutCancelled(Exception):
    """Raised by :func:`overview_layout` when its ``cancelled`` callback says so."""


@dataclass(frozen=True)
class Box:
    """An entity drawn at ``(x, y)`` with size ``w`` x ``h`` (borders included)."""

    key: EntityKey
    x: int
    y: int
    w: int
    h: int
    title: str
    lines: tuple[str, ...]

    def contains(self, x: int, y: int) -> bool:
        return self.x <= x < self.x + self.w and self.y <= y < self.y + self.h

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.w // 2, self.y + self.h // 2


@dataclass(frozen=True)
class Edge:
    """A relationship: ``child`` declares ``fk`` referencing ``parent``. ``points`` is the
    orthogonal polyline from the child's border to the parent's; ``child_mark`` and
    ``parent_mark`` are the cardinality characters drawn at each end."""

    child: EntityKey
    parent: EntityKey
    fk: ForeignKey
    points: tuple[tuple[int, int], ...]
    child_mark: str
    parent_mark: str


@dataclass
class Diagram:
    """Boxes and edges in cell coordinates, plus the overall size."""

    boxes: dict[EntityKey, Box]
    edges: list[Edge]
    width: int
    height: int
    orientation: Orientation
    self_references: frozenset[EntityKey] = frozenset()
    crossings: int = 0
    focus: EntityKey | None = None
    levels: dict[EntityKey, int] = field(default_factory=dict)
    #: In a focus view: entities whose own relatives were left out (a hub), with their number.
    collapsed: dict[EntityKey, int] = field(default_factory=dict)
    _grid: _Grid | None = field(default=None, init=False, repr=False, compare=False)

    def within(self, x0: int, y0: int, x1: int, y1: int) -> tuple[list[Box], list[Edge]]:
        """The boxes and the edges whose bounding rectangles meet the window from ``(x0, y0)``
        to ``(x1, y1)`` (exclusive), in drawing order. A grid index is built on the first call,
        so a diagram must not change once drawn; a window then costs what it holds."""
        grid = self._grid
        if grid is None:
            grid = self._grid = _Grid(self)
        return grid.query(x0, y0, x1, y1)

    def box_at(self, x: int, y: int) -> Box | None:
        """The box covering cell ``(x, y)``, if any."""
        for b in self.boxes.values():
            if b.contains(x, y):
                return b
        return None

    def related(self, key: EntityKey) -> list[EntityKey]:
        """Entities joined to ``key`` by an edge of this diagram, nearest first on screen."""
        me = self.boxes[key].centre
        out = {e.parent for e in self.edges if e.child == key} | {
            e.child for e in self.edges if e.parent == key
        }
        out.discard(key)
        return sorted(
            out,
            key=lambda k: (
                abs(self.boxes[k].centre[0] - me[0]) + abs(self.boxes[k].centre[1] - me[1]),
                k.name,
            ),
        )

    def step(
        self, key: EntityKey, direction: Literal["left", "right", "up", "down"], *, related_only: bool = True
    ) -> EntityKey | None:
        """The box to move to from ``key`` in ``direction``: the nearest related entity that
        lies that way (or any box when ``related_only`` is false or none is related)."""
        if key not in self.boxes:
            return None
        cx, cy = self.boxes[key].centre
        dx, dy = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}[direction]

        def pick(cands: Sequence[EntityKey]) -> EntityKey | None:
            best: tuple[float, str, EntityKey] | None = None
            for k in cands:
                bx, by = self.boxes[k].centre
                along = (bx - cx) * dx + (by - cy) * dy
                across = abs((bx - cx) * dy) + abs((by - cy) * dx)
                if along <= 0 or k == key:
                    continue
                score = along + 2 * across
                if best is None or (score, k.name) < best[:2]:
                    best = (score, k.name, k)
            return best[2] if best else None

        hit = pick(self.related(key)) if related_only else None
        return hit if hit is not None else pick(list(self.boxes))


class _Grid:
    """Buckets of :data:`GRID_CELL` cells, each listing the boxes and edges that reach into it."""

    def __init__(self, d: Diagram) -> None:
        bw, bh = GRID_CELL
        self.boxes = list(d.boxes.values())
        self.edges = d.edges
        self.buckets: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        for i, b in enumerate(self.boxes):
            self._add(0, i, b.x, b.y, b.x + b.w - 1, b.y + b.h - 1, bw, bh)
        for i, e in enumerate(self.edges):
            # segment by segment: a long route only reaches the buckets it passes through
            # (its marks sit on its first and last segments)
            for (ax, ay), (bx, by) in itertools.pairwise(e.points):
                self._add(1, i, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), bw, bh)

    def _add(self, kind: int, i: int, x0: int, y0: int, x1: int, y1: int, bw: int, bh: int) -> None:
        for gx in range(x0 // bw, x1 // bw + 1):
            for gy in range(y0 // bh, y1 // bh + 1):
                hit = self.buckets.setdefault((gx, gy), ([], []))[kind]
                if not hit or hit[-1] != i:
                    hit.append(i)

    def query(self, x0: int, y0: int, x1: int, y1: int) -> tuple[list[Box], list[Edge]]:
        bw, bh = GRID_CELL
        boxes: set[int] = set()
        edges: set[int] = set()
        for gx in range(x0 // bw, (x1 - 1) // bw + 1):
            for gy in range(y0 // bh, (y1 - 1) // bh + 1):
                hit = self.buckets.get((gx, gy))
                if hit is not None:
                    boxes.update(hit[0])
                    edges.update(hit[1])
        return [self.boxes[i] for i in sorted(boxes)], [self.edges[i] for i in sorted(edges)]


def _label(model: DataModel, key: EntityKey) -> str:
    return key.display() if key.schema not in (None, model.default_schema) else key.name


def box_lines(entity: Entity, max_lines: int = 4, *, detail: Detail = "keys") -> tuple[str, ...]:
    """The attributes shown in a box: with ``detail="keys"`` the primary-key columns marked
    ``#``, then the foreign-key columns marked ``>``; with ``detail="all"`` every attribute in
    its order with its type (key columns marked the same way); with ``"names"`` nothing. At most
    ``max_lines`` rows (the rest counted).

    >>> from core.model import Entity, Attribute, PrimaryKey, ForeignKey
    >>> e = Entity(name="t", attributes=[Attribute(name="id", type="int"), Attribute(name="u_id", type="int"),
    ...            Attribute(name="note", type="text")],
    ...            primary_key=PrimaryKey(columns=["id"]), foreign_keys=[ForeignKey(columns=["u_id"], references="u")])
    >>> box_lines(e)
    ('# id', '> u_id')
    >>> box_lines(e, detail="all")
    ('# id int', '> u_id int', '  note text')
    """
    if detail == "names":
        return ()
    pk = list(entity.primary_key.columns) if entity.primary_key else []
    fk = [c for f in entity.foreign_keys for c in f.columns if c not in pk]
    if detail == "all":
        fks = set(fk)
        rows = [
            f"{'#' if a.name in pk else '>' if a.name in fks else ' '} {a.name} {a.type}".rstrip()
            for a in entity.attributes
        ]
    else:
        rows = [f"# {c}" for c in pk] + [f"> {c}" for c in dict.fromkeys(fk)]
    if len(rows) > max_lines:
        rest = len(rows) - (max_lines - 1)
        rows = [*rows[: max_lines - 1], f"… {rest} more"]
    return tuple(rows)


def marks(model: DataModel, owner: Entity, fk: ForeignKey) -> tuple[str, str]:
    """Cardinality marks ``(child end, parent end)``: the child end shows ``*`` for many or
    ``1`` for one-to-one; the parent end ``1`` when the relationship is mandatory (FK columns
    NOT NULL) or ``o`` when optional. Explicit ``cardinality``/``optional`` win over what the
    columns imply."""
    cols = set(fk.columns)
    card = fk.cardinality
    if card is None:
        keys = [list(owner.primary_key.columns)] if owner.primary_key else []
        keys += [list(u.columns) for u in owner.uniques]
        card = "one-to-one" if any(k and set(k) <= cols for k in keys) else "one-to-many"
    optional = fk.optional
    if optional is None:
        attrs = [owner.attribute(c) for c in fk.columns]
        optional = any(a is None or a.nullable for a in attrs)
    return ("1" if card == "one-to-one" else "*"), ("o" if optional else "1")


def _box_size(title: str, lines: Sequence[str]) -> tuple[int, int]:
    w = min(MAX_WIDTH, max([len(title) + 6] + [len(s) + 4 for s in lines]))
    return w, len(lines) + 2 + (1 if lines else 0)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


@dataclass
class _Spec:
    keys: list[EntityKey]
    edges: list[tuple[EntityKey, EntityKey, ForeignKey, Entity]]
    titles: dict[EntityKey, str]
    lines: dict[EntityKey, tuple[str, ...]]
    loops: set[EntityKey]


def _detail(detail: bool | Detail) -> Detail:
    if detail is True:
        return "keys"
    if detail is False:
        return "names"
    if detail not in DETAILS:
        raise TablewrightError(f"unknown diagram detail {detail!r}: use one of {', '.join(DETAILS)}")
    return detail


def _spec(model: DataModel, keys: Sequence[EntityKey], detail: Detail) -> _Spec:
    wanted = set(keys)
    edges: list[tuple[EntityKey, EntityKey, ForeignKey, Entity]] = []
    loops: set[EntityKey] = set()
    titles: dict[EntityKey, str] = {}
    lines: dict[EntityKey, tuple[str, ...]] = {}
    for k in keys:
        e = model.entity(k)
        if e is None:
            raise TablewrightError(f'entity "{k.display()}" does not exist')
        titles[k] = _label(model, k)
        lines[k] = box_lines(e, MAX_ALL_LINES if detail == "all" else 4, detail=detail)
        for fk in e.foreign_keys:
            t = model.canonical_key(fk.target(e.key))
            if t == k:
                loops.add(k)
            elif t in wanted:
                edges.append((k, t, fk, e))
    return _Spec(list(keys), edges, titles, lines, loops)


def _assemble(
    model: DataModel,
    spec: _Spec,
    orientation: Orientation,
    layer_of: dict[EntityKey, int] | None,
    origin: tuple[int, int] = (0, 0),
    check: Callable[[], None] | None = None,
) -> Diagram:
    sizes = {
        k: _box_size(spec.titles[k] + (" ↺" if k in spec.loops else ""), spec.lines[k]) for k in spec.keys
    }
    # a box gets room for its lines a cell apart on each side (most lines leave a child towards
    # its parents on one side and reach a parent from its children on the other)
    ends: dict[EntityKey, list[int]] = {k: [0, 0] for k in spec.keys}
    for c, p, _, _ in spec.edges:
        # with fixed layers (a focus view) an edge may point either way, or stay in its layer
        # (then it uses both boxes' side facing the next layer)
        if layer_of is None or layer_of[c] > layer_of[p]:
            ends[c][0] += 1
            ends[p][1] += 1
        else:
            ends[c][1] += 1
            ends[p][1 if layer_of[c] == layer_of[p] else 0] += 1
    for k, (w, h) in sizes.items():
        need = min(MAX_STRETCH, 2 * max(ends[k]) + 1)
        if orientation == "TB" and w < need:
            sizes[k] = (need, h)
        elif orientation == "LR" and h < need:
            sizes[k] = (w, need)
    along = {k: (w if orientation == "TB" else h) for k, (w, h) in sizes.items()}
    pairs = [(c, p) for c, p, _, _ in spec.edges]
    lay = layered_layout(
        spec.keys, pairs, sizes=along, gap=2 if orientation == "TB" else 1, layer_of=layer_of, check=check
    )
    n_layers = len(lay.layers)
    thick = [
        max(
            [
                (sizes[n][1] if orientation == "TB" else sizes[n][0])
                for n in layer
                if not isinstance(n, Dummy)
            ],
            default=1,
        )
        for layer in lay.layers
    ]
    ports = _ports(lay, spec, along)
    # every hop of an edge between two adjacent layers runs along one track of their channel; an
    # edge inside one layer leaves it into the channel after it and comes back (a "side" edge)
    hops: list[list[tuple[int, int, int]]] = []  # per edge: (channel, v at its start, v at its end)
    segments: dict[int, list[tuple[int, int, int, int]]] = {}  # channel -> (edge, hop, upper v, lower v)
    sides: set[int] = set()
    for i, (c, p, _, _) in enumerate(spec.edges):
        lc, lp = lay.layer[c], lay.layer[p]
        if lc == lp:
            sides.add(i)
            segments.setdefault(lc, []).append((i, 0, ports[i][0], ports[i][1]))
            hops.append([])
            continue
        step = -1 if lc > lp else 1
        vs = [ports[i][0], *(lay.position[d] for d in lay.chains.get(i, [])), ports[i][1]]
        layers = list(range(lc, lp + step, step))
        mine = []
        for j in range(len(layers) - 1):
            ch = min(layers[j], layers[j + 1])
            upper, lower = (vs[j], vs[j + 1]) if layers[j] == ch else (vs[j + 1], vs[j])
            mine.append((ch, vs[j], vs[j + 1]))
            segments.setdefault(ch, []).append((i, j, upper, lower))
        hops.append(mine)
    track: dict[tuple[int, int], int] = {}
    channel = [3] * max(0, n_layers - 1) + [0]  # the last: side edges of the last layer only
    for ch, segs in segments.items():
        if check is not None:
            check()
        assigned = assign_tracks([(u, lo) for _, _, u, lo in segs],
                                 sides=[n for n, seg in enumerate(segs) if seg[0] in sides])
        for (i, j, _, _), t in zip(segs, assigned, strict=True):
            track[i, j] = t
        channel[ch] = max(3, max(assigned, default=0) + 3)  # a free row each side for the marks
    start = [0] * n_layers
    for li in range(1, n_layers):
        start[li] = start[li - 1] + thick[li - 1] + channel[li - 1]
    ox, oy = origin

    def place(u: int, v: int) -> tuple[int, int]:  # layer axis u, position axis v
        return (ox + v, oy + u) if orientation == "TB" else (ox + u, oy + v)

    boxes: dict[EntityKey, Box] = {}
    for k in spec.keys:
        w, h = sizes[k]
        x, y = place(start[lay.layer[k]], lay.position[k])
        title = spec.titles[k] + (" ↺" if k in spec.loops else "")
        boxes[k] = Box(k, x, y, w, h, _clip(title, w - 4), tuple(_clip(s, w - 4) for s in spec.lines[k]))

    edges: list[Edge] = []
    for i, (c, p, fk, owner) in enumerate(spec.edges):
        cm, pm = marks(model, owner, fk)
        if i in sides:  # out of the child's far side to its track, along, back into the parent
            li = lay.layer[c]
            turn = start[li] + thick[li] + 1 + track[i, 0]
            uv = [(start[li] + along_u(sizes[c], orientation) - 1, ports[i][0]), (turn, ports[i][0]),
                  (turn, ports[i][1]), (start[li] + along_u(sizes[p], orientation) - 1, ports[i][1])]
            edges.append(Edge(c, p, fk, tuple(place(u, v) for u, v in uv), cm, pm))
            continue
        up = lay.layer[c] > lay.layer[p]
        # leave the child's border facing the parent, turn on the hop's track in each channel
        u0 = start[lay.layer[c]] if up else start[lay.layer[c]] + along_u(sizes[c], orientation) - 1
        u1 = start[lay.layer[p]] + along_u(sizes[p], orientation) - 1 if up else start[lay.layer[p]]
        uv = [(u0, ports[i][0])]
        for j, (ch, va, vb) in enumerate(hops[i]):
            turn = start[ch] + thick[ch] + 1 + track[i, j]
            uv += [(turn, va), (turn, vb)]
        uv.append((u1, ports[i][1]))
        pts: list[tuple[int, int]] = []
        for u, v in uv:
            pt = place(u, v)
            if not pts or pts[-1] != pt:
                pts.append(pt)
        edges.append(Edge(c, p, fk, _straighten(pts), cm, pm))
    width = max((b.x + b.w for b in boxes.values()), default=0) + 1
    height = max((b.y + b.h for b in boxes.values()), default=0) + 1
    for e in edges:
        for px, py in e.points:
            width, height = max(width, px + 2), max(height, py + 2)
    return Diagram(
        boxes, edges, width, height, orientation, frozenset(spec.loops), lay.crossings, levels=dict(lay.layer)
    )


def along_u(size: tuple[int, int], orientation: Orientation) -> int:
    """A box's extent across its layer (its height when layers are rows)."""
    return size[1] if orientation == "TB" else size[0]


def _straighten(pts: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Drop the middle point of three in a line (a hop that needed no turn)."""
    out: list[tuple[int, int]] = []
    for p in pts:
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return tuple(out)


def assign_tracks(segments: Sequence[tuple[int, int]], sides: Sequence[int] = ()) -> list[int]:
    """Tracks of a channel for its segments ``(upper column, lower column)``, track 0 nearest the
    upper layer: segments that overlap along the channel never share a track, and a segment that
    leaves the upper layer in a column where another one enters the lower layer runs above it,
    so their vertical parts do not overlap either (the constrained left-edge algorithm; a cycle
    of such constraints is broken by placing one segment regardless). Straight segments (same
    column at both ends) take track 0: they never turn.

    Each track is filled with the segments that run right to left (upper column after the lower
    one) taken from the left, then those running left to right taken from the right, and a
    segment left for a later track keeps the ones after it that overlap it off this track too:
    of two overlapping segments running the same way, the one nearer the upper layer is then
    the one whose lines do not cut the other's, as in a staircase. When that would take more
    than :data:`STAIRCASE_ROOM` times the channel's density in tracks (a crowded channel), the
    tracks are packed as full as they can be instead: compact beats a few crossings fewer.

    >>> assign_tracks([(0, 5), (6, 9), (3, 8)])  # a staircase: nested in order, no crossing
    [2, 0, 1]
    >>> assign_tracks([(4, 0), (0, 4)])  # each enters where the other leaves: a cycle, broken
    [0, 1]

    The segments listed in ``sides`` (by index) leave the upper layer at both ends and come
    back to it (an edge between two entities of one layer): they run above every segment that
    enters the lower layer in the column of either of their ends.

    >>> assign_tracks([(2, 5), (7, 5)], sides=[0])  # both come to column 5: the side edge above
    [0, 1]
    >>> assign_tracks([(2, 5), (7, 5)])  # as an ordinary segment it would run below
    [1, 0]
    """
    limit = int(STAIRCASE_ROOM * _density(segments)) + 2
    stairs = _assign(segments, staircase=True, limit=limit, sides=frozenset(sides))
    return stairs if stairs is not None else \
        _assign(segments, staircase=False, limit=None, sides=frozenset(sides)) or []


def _density(segments: Sequence[tuple[int, int]]) -> int:
    """The most segments that cover one column (a lower bound of the tracks needed)."""
    events = sorted([(min(s), 0) for s in segments if s[0] != s[1]] + [(max(s), 1) for s in segments
                                                                          if s[0] != s[1]])
    best = now = 0
    for _, end in events:
        now += -1 if end else 1
        best = max(best, now)
    return best


def _assign(segments: Sequence[tuple[int, int]], *, staircase: bool, limit: int | None,
            sides: frozenset[int] = frozenset()) -> list[int] | None:
    """:func:`assign_tracks` in one of its two orders; ``None`` past ``limit`` tracks."""
    n = len(segments)
    out = [0] * n
    bent = [i for i in range(n) if segments[i][0] != segments[i][1]]
    lower_at: dict[int, list[int]] = {}
    for i in bent:
        if i not in sides:
            lower_at.setdefault(segments[i][1], []).append(i)
    above: dict[int, list[int]] = {i: [] for i in bent}  # segments that must run above i
    for i in bent:
        for end in segments[i] if i in sides else segments[i][:1]:
            for j in lower_at.get(end, ()):
                if j != i:
                    above[j].append(i)
    span = {i: (min(segments[i]), max(segments[i])) for i in bent}
    leftward = sorted((i for i in bent if segments[i][0] > segments[i][1]), key=lambda i: (*span[i], i))
    rightward = sorted((i for i in bent if segments[i][0] < segments[i][1]),
                       key=lambda i: (-span[i][1], -span[i][0], i))
    queues = [leftward, rightward]
    placed: dict[int, int] = {}
    t = 0
    while leftward or rightward:
        los: list[int] = []  # the track's segments so far, disjoint, sorted
        his: list[int] = []
        progress = False
        for q, queue in enumerate(queues):
            rest: list[int] = []
            skipped = _Spans()  # a segment skipped keeps the ones after it that it overlaps off too
            for i in queue:
                lo, hi = span[i]
                at = bisect.bisect_left(los, lo)
                free = (at == 0 or his[at - 1] < lo) and (at == len(los) or los[at] > hi)
                if free and not (staircase and skipped.meets(lo, hi)) \
                        and all(placed.get(j, t) < t for j in above[i]):
                    placed[i] = t
                    los.insert(at, lo)
                    his.insert(at, hi)
                    progress = True
                else:
                    rest.append(i)
                    if staircase:
                        skipped.add(lo, hi)
            queues[q] = rest
        leftward, rightward = queues
        if not progress:  # alone on this track: one whose constraints hold (or, in a cycle, any)
            ready = [(q, i) for q, queue in enumerate(queues) for i in queue
                     if all(placed.get(j, t) < t for j in above[i])]
            q, i = ready[0] if ready else (0 if leftward else 1, (leftward or rightward)[0])
            queues[q].remove(i)
            placed[i] = t
        t += 1
        if limit is not None and t > limit and (leftward or rightward):
            return None
    for i, v in placed.items():
        out[i] = v
    return out


class _Spans:
    """A union of closed integer intervals, kept merged and sorted."""

    def __init__(self) -> None:
        self.los: list[int] = []
        self.his: list[int] = []

    def meets(self, lo: int, hi: int) -> bool:
        at = bisect.bisect_right(self.los, hi)  # the last interval starting at or before hi
        return at > 0 and self.his[at - 1] >= lo

    def add(self, lo: int, hi: int) -> None:
        a = bisect.bisect_left(self.his, lo)  # the first interval ending at or after lo
        b = bisect.bisect_right(self.los, hi)  # past the last interval starting at or before hi
        if a < b:
            lo, hi = min(lo, self.los[a]), max(hi, self.his[b - 1])
        self.los[a:b] = [lo]
        self.his[a:b] = [hi]


def _ports(lay: LayeredLayout[EntityKey], spec: _Spec, along: dict[EntityKey, int]) -> list[tuple[int, int]]:
    """Where each edge meets its child's and its parent's border, along the layer: the edges on
    one side of a box are spread over that side in the order of their other ends (a cell apart
    when there is room, so their marks do not run together), so they do not cross at the
    border; when there are more edges than cells, neighbours share."""

    def centre(k: EntityKey) -> int:
        return lay.position[k] + along[k] // 2

    sides: dict[tuple[EntityKey, bool], list[tuple[float, int, bool]]] = {}
    for i, (c, p, _, _) in enumerate(spec.edges):
        chain = lay.chains.get(i, [])
        up = lay.layer[c] > lay.layer[p]
        near_c = lay.position[chain[0]] if chain else centre(p)
        near_p = lay.position[chain[-1]] if chain else centre(c)
        sides.setdefault((c, up), []).append((near_c, i, True))
        # an edge inside a layer meets both boxes on their side facing the next layer
        sides.setdefault((p, not up and lay.layer[c] != lay.layer[p]), []).append((near_p, i, False))
    out = [(0, 0)] * len(spec.edges)
    for (k, _), items in sides.items():
        a, n = lay.position[k], along[k]
        items.sort()
        m = len(items)
        if n <= 2:
            cells = [a + n // 2] * m
        else:
            room = n - 2  # the corners stay free
            gap = 2 if 2 * m - 1 <= room else 1
            if m * gap - gap + 1 <= room:
                first = a + 1 + (room - (m * gap - gap + 1)) // 2
                cells = [first + j * gap for j in range(m)]
            else:
                cells = [a + 1 + (j * room) // m for j in range(m)]
        for (_, i, is_child), v in zip(items, cells, strict=True):
            ci, pi = out[i]
            out[i] = (v, pi) if is_child else (ci, v)
    return out


def focus_layout(
    model: DataModel, key: EntityKey, depth: int = 1, *, detail: bool | Detail = True
) -> Diagram:
    """The entity ``key`` with the entities within ``depth`` relationships of it, whichever way
    each relationship points (at depth 2: the parents' parents and other children, the
    children's children and other parents). Every entity sits one column right of the entities
    it references that brought it in, one column left of those referencing it: parents to the
    left of the focus, children to the right, a parent's other children in the focus's column.
    Relationships between two entities of one column are drawn too, around the column's right
    side. ``detail`` is what each box shows (``True`` is ``"keys"``, ``False`` is ``"names"``).

    Raises :class:`~core.errors.TablewrightError` when the entity does not exist.
    """
    canon = model.canonical_key(key)
    collapsed: dict[EntityKey, int] = {}
    column = focus_columns(model, canon, depth, collapsed=collapsed)
    low = min(column.values())
    column = {k: c - low for k, c in column.items()}
    keys = sorted(column, key=lambda k: (column[k], k.name))
    spec = _spec(model, keys, _detail(detail))
    for k, n in collapsed.items():
        spec.titles[k] += f" +{n}"
    d = _assemble(model, spec, "LR", layer_of=column)
    d.focus = canon
    d.collapsed = collapsed
    return d


def focus_columns(model: DataModel, key: EntityKey, depth: int, *, hub_limit: int | None = HUB_LIMIT,
                  collapsed: dict[EntityKey, int] | None = None) -> dict[EntityKey, int]:
    """The column of each entity within ``depth`` foreign keys of ``key`` (either direction),
    relative to ``key``'s (0): an entity found one step further than one of column ``c`` sits
    in ``c - 1`` when it is referenced by it, ``c + 1`` when it references it. An entity
    reachable both ways at its distance takes the column nearer the focus (the parent side on
    a tie). The search does not go on through an entity other than ``key`` that would bring in
    more than ``hub_limit`` entities (``None``: no limit); such hubs go into ``collapsed`` with
    the number left out.

    >>> from core.graph import _example
    >>> cols = focus_columns(_example(), EntityKey(None, "lines"), 2)
    >>> sorted((c, k.name) for k, c in cols.items())
    [(-2, 'customers'), (-1, 'orders'), (-1, 'products'), (0, 'lines')]
    """
    g = _graph(model)
    if key not in g:
        raise TablewrightError(f'entity "{key.display()}" does not exist')
    column = {key: 0}
    frontier = [key]
    for _ in range(max(0, depth)):
        found: dict[EntityKey, int] = {}
        for n in frontier:
            c = column[n]
            near = [(m, step) for m, step in itertools.chain(((m, -1) for m in g.successors(n)),
                                                            ((m, 1) for m in g.predecessors(n))) if m not in column]
            if n != key and hub_limit is not None and len(near) > hub_limit:
                if collapsed is not None:
                    collapsed[n] = len(near)
                continue
            for m, step in near:
                want = c + step
                have = found.get(m)
                if have is None or (abs(want), want) < (abs(have), have):
                    found[m] = want
        if not found:
            break
        column.update(found)
        frontier = list(found)
    return column


def overview_layout(
    model: DataModel,
    *,
    tag: str | None = None,
    detail: bool | Detail = False,
    orientation: Orientation = "TB",
    columns: int = 6,
    cancelled: Callable[[], bool] | None = None,
) -> Diagram:
    """The whole model (or the entities tagged ``tag``) in layers, referenced entities above
    the ones referencing them; components side by side, lone entities in a grid at the end.

    ``cancelled`` is asked between rounds of work; once it answers true the layout stops with
    :class:`LayoutCancelled` (a worker whose result is no longer wanted)."""

    def check() -> None:
        if cancelled is not None and cancelled():
            raise LayoutCancelled("the layout was cancelled")

    keys = [model.canonical_key(e.key) for e in model.entities if tag is None or tag in e.tags]
    keys = list(dict.fromkeys(keys))
    spec = _spec(model, keys, _detail(detail))
    adj: dict[EntityKey, set[EntityKey]] = {k: set() for k in keys}
    for c, p, _, _ in spec.edges:
        adj[c].add(p)
        adj[p].add(c)
    seen: set[EntityKey] = set()
    groups: list[list[EntityKey]] = []
    lone: list[EntityKey] = []
    for k in keys:
        if k in seen:
            continue
        comp, stack = [], [k]
        seen.add(k)
        while stack:
            n = stack.pop()
            comp.append(n)
            for m in sorted(adj[n], key=keys.index) if len(adj[n]) < 64 else adj[n]:
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        if len(comp) == 1:
            lone.append(k)
        else:
            order = {n: i for i, n in enumerate(keys)}
            groups.append(sorted(comp, key=order.__getitem__))
    groups.sort(key=len, reverse=True)
    boxes: dict[EntityKey, Box] = {}
    edges: list[Edge] = []
    crossings = 0
    levels: dict[EntityKey, int] = {}
    x = 0
    for comp in groups:
        members = set(comp)
        sub = _Spec(
            comp, [e for e in spec.edges if e[0] in members], spec.titles, spec.lines, spec.loops & members
        )
        check()
        d = _assemble(model, sub, orientation, None, origin=(x, 0) if orientation == "TB" else (0, x),
                      check=check)
        boxes.update(d.boxes)
        edges.extend(d.edges)
        crossings += d.crossings
        levels.update(d.levels)
        x = (d.width if orientation == "TB" else d.height) + 3
    # lone entities: a grid after the components
    if lone:
        gx0 = x if orientation == "TB" else 0
        gy0 = 0 if orientation == "TB" else x
        cw = (
            max(_box_size(spec.titles[k] + (" ↺" if k in spec.loops else ""), spec.lines[k])[0] for k in lone)
            + 2
        )
        row_h = max(_box_size(spec.titles[k], spec.lines[k])[1] for k in lone) + 1
        for i, k in enumerate(lone):
            w, h = _box_size(spec.titles[k] + (" ↺" if k in spec.loops else ""), spec.lines[k])
            title = spec.titles[k] + (" ↺" if k in spec.loops else "")
            bx, by = gx0 + (i % columns) * cw, gy0 + (i // columns) * row_h
            boxes[k] = Box(
                k, bx, by, w, h, _clip(title, w - 4), tuple(_clip(s, w - 4) for s in spec.lines[k])
            )
            levels[k] = 0
    width = max((b.x + b.w for b in boxes.values()), default=0) + 1
    height = max((b.y + b.h for b in boxes.values()), default=0) + 1
    for e in edges:
        for px, py in e.points:
            width, height = max(width, px + 2), max(height, py + 2)
    return Diagram(boxes, edges, width, height, orientation, frozenset(spec.loops), crossings, levels=levels)
