"""Draw a window of a :class:`~core.layout.diagram.Diagram` with box-drawing characters.

Only what intersects the window is drawn, so panning a huge overview costs what the window
holds, not what the model holds. Lines are drawn as sets of directions per cell and turned
into the matching character (``─ │ ┌ ┐ └ ┘ ├ ┤ ┬ ┴ ┼``), so crossings and junctions look
right. Boxes are drawn over lines; cardinality marks sit on the line next to each border.

>>> from core.layout.diagram import Box, Diagram
>>> from core.model import EntityKey
>>> k = EntityKey(None, "t")
>>> d = Diagram({k: Box(k, 0, 0, 7, 3, "t", ())}, [], 8, 4, "TB")
>>> render(d, 0, 0, 8, 3).lines
['┌─ t ─┐ ', '│     │ ', '└─────┘ ']
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from core.layout.diagram import Box, Diagram, Edge
from core.model import EntityKey

__all__ = ["Region", "Rendered", "render"]

UP, DOWN, LEFT, RIGHT = 1, 2, 4, 8
GLYPH = {
    0: " ",
    UP: "│",
    DOWN: "│",
    UP | DOWN: "│",
    LEFT: "─",
    RIGHT: "─",
    LEFT | RIGHT: "─",
    DOWN | RIGHT: "┌",
    DOWN | LEFT: "┐",
    UP | RIGHT: "└",
    UP | LEFT: "┘",
    UP | DOWN | RIGHT: "├",
    UP | DOWN | LEFT: "┤",
    DOWN | LEFT | RIGHT: "┬",
    UP | LEFT | RIGHT: "┴",
    UP | DOWN | LEFT | RIGHT: "┼",
}

#: ``border`` spans a box's whole row (under its ``title`` or ``attribute`` run); ``focus`` is the
#: title of the ``selected`` box; ``line`` covers the lines of the ``selected`` box (the other
#: lines are the cells in no region); ``mark`` is a cardinality mark.
Kind = Literal["title", "attribute", "border", "line", "mark", "focus"]


@dataclass(frozen=True)
class Region:
    """A styled run of one rendered row: columns ``start`` to ``end`` (exclusive)."""

    row: int
    start: int
    end: int
    kind: Kind
    key: EntityKey | None = None


@dataclass
class Rendered:
    """The window's text, one string per row, and the runs worth styling."""

    lines: list[str]
    regions: list[Region]


def _intersects(x0: int, y0: int, x1: int, y1: int, wx0: int, wy0: int, wx1: int, wy1: int) -> bool:
    return x0 < wx1 and x1 > wx0 and y0 < wy1 and y1 > wy0


def render(
    diagram: Diagram,
    x: int,
    y: int,
    width: int,
    height: int,
    *,
    selected: EntityKey | None = None,
    ascii_only: bool = False,
) -> Rendered:
    """The window of ``width`` x ``height`` cells whose top-left cell is ``(x, y)``.

    Parameters
    ----------
    diagram
        What to draw.
    x, y
        The window's origin in diagram cells (may be negative or beyond the diagram).
    width, height
        The window's size in cells.
    selected
        An entity whose box is marked (double border) and reported as a ``focus`` region; its
        lines are reported as ``line`` regions and its marks as ``mark`` regions with its key.
    ascii_only
        Draw with ``+ - |`` only, for terminals without box-drawing characters.
    """
    wx1, wy1 = x + width, y + height
    dirs = [[0] * width for _ in range(height)]
    chars: list[list[str]] = [[" "] * width for _ in range(height)]
    regions: list[Region] = []

    def mark_dir(cx: int, cy: int, d: int) -> None:
        if x <= cx < wx1 and y <= cy < wy1:
            dirs[cy - y][cx - x] |= d

    boxes, edges = diagram.within(x, y, wx1, wy1)
    for e in edges:
        xs = [p[0] for p in e.points]
        ys = [p[1] for p in e.points]
        if not _intersects(min(xs), min(ys), max(xs) + 1, max(ys) + 1, x, y, wx1, wy1):
            continue
        _draw_edge(e, mark_dir, x, y, wx1, wy1)
    for r in range(height):
        row = dirs[r]
        for c in range(width):
            if row[c]:
                chars[r][c] = GLYPH[row[c]]
    if selected is not None:  # the selected box's own lines, for a highlight
        for e in edges:
            if selected in (e.child, e.parent):
                regions.extend(_line_regions(e, x, y, wx1, wy1, selected))
    for e in edges:
        for (px, py), text in _mark_cells(e, diagram):
            if x <= px < wx1 and y <= py < wy1:
                chars[py - y][px - x] = text
                regions.append(Region(py - y, px - x, px - x + 1, "mark",
                                      selected if selected in (e.child, e.parent) else None))
    for b in boxes:
        if _intersects(b.x, b.y, b.x + b.w, b.y + b.h, x, y, wx1, wy1):
            _draw_box(b, chars, regions, x, y, wx1, wy1, b.key == selected)
    lines = ["".join(row) for row in chars]
    if ascii_only:
        table = str.maketrans("─│┌┐└┘├┤┬┴┼═║╔╗╚╝↺…", "-|+++++++++=|++++@~")
        lines = [s.translate(table) for s in lines]
    return Rendered(lines, regions)


def _draw_edge(
    e: Edge, mark_dir: Callable[[int, int, int], None], x0: int, y0: int, x1: int, y1: int
) -> None:
    for (ax, ay), (bx, by) in itertools.pairwise(e.points):
        if (ax == bx and not x0 <= ax < x1) or (ay == by and not y0 <= ay < y1):
            continue  # runs beside the window
        if ax == bx:
            lo, hi = sorted((ay, by))
            lo, hi = max(lo, y0 - 1), min(hi, y1)
            for cy in range(lo, hi + 1):
                if cy > min(ay, by):
                    mark_dir(ax, cy, UP)
                if cy < max(ay, by):
                    mark_dir(ax, cy, DOWN)
        else:
            lo, hi = sorted((ax, bx))
            lo, hi = max(lo, x0 - 1), min(hi, x1)
            for cx in range(lo, hi + 1):
                if cx > min(ax, bx):
                    mark_dir(cx, ay, LEFT)
                if cx < max(ax, bx):
                    mark_dir(cx, ay, RIGHT)


def _line_regions(e: Edge, x0: int, y0: int, x1: int, y1: int, key: EntityKey) -> list[Region]:
    """``line`` regions (tagged ``key``) over the cells of ``e`` inside the window."""
    out = []
    for (ax, ay), (bx, by) in itertools.pairwise(e.points):
        if ay == by and y0 <= ay < y1:
            lo, hi = max(min(ax, bx), x0), min(max(ax, bx), x1 - 1)
            if lo <= hi:
                out.append(Region(ay - y0, lo - x0, hi - x0 + 1, "line", key))
        elif ax == bx and x0 <= ax < x1:
            for cy in range(max(min(ay, by), y0), min(max(ay, by), y1 - 1) + 1):
                out.append(Region(cy - y0, ax - x0, ax - x0 + 1, "line", key))
    return out


def _mark_cells(e: Edge, diagram: Diagram) -> list[tuple[tuple[int, int], str]]:
    """The cell just outside each border where the line leaves it, with its mark."""
    if len(e.points) < 2:
        return []
    out = []
    for (px, py), (qx, qy), text in (
        (e.points[0], e.points[1], e.child_mark),
        (e.points[-1], e.points[-2], e.parent_mark),
    ):
        dx = (qx > px) - (qx < px)
        dy = (qy > py) - (qy < py)
        out.append(((px + dx, py + dy), text))
    return out


def _draw_box(
    b: Box, chars: list[list[str]], regions: list[Region], x0: int, y0: int, x1: int, y1: int, focus: bool
) -> None:
    h_, v_, tl, tr, bl, br = ("═", "║", "╔", "╗", "╚", "╝") if focus else ("─", "│", "┌", "┐", "└", "┘")
    rows: list[str] = []
    title = f" {b.title} "
    top = tl + h_ + title + h_ * max(0, b.w - 3 - len(title)) + tr
    rows.append(top[: b.w - 1] + tr if len(top) > b.w else top)
    for i in range(b.h - 2):
        inner = ""
        if b.lines and i == 0:
            inner = ""  # a blank line under the title reads better than a rule
        elif b.lines and 1 <= i <= len(b.lines):
            inner = " " + b.lines[i - 1]
        rows.append(v_ + inner.ljust(b.w - 2)[: b.w - 2] + v_)
    rows.append(bl + h_ * (b.w - 2) + br)
    for r, text in enumerate(rows):
        cy = b.y + r
        if not (y0 <= cy < y1):
            continue
        for c, ch in enumerate(text):
            cx = b.x + c
            if x0 <= cx < x1:
                chars[cy - y0][cx - x0] = ch
        start, end = max(b.x, x0) - x0, min(b.x + b.w, x1) - x0
        if end > start:
            regions.append(Region(cy - y0, start, end, "border", b.key))
        if r == 0:
            t0 = max(b.x + 2, x0) - x0
            t1 = min(b.x + 2 + len(title), x1) - x0
            if t1 > t0:
                regions.append(Region(cy - y0, t0, t1, "focus" if focus else "title", b.key))
        elif 0 < r < b.h - 1:
            i0, i1 = max(b.x + 1, x0) - x0, min(b.x + b.w - 1, x1) - x0
            if i1 > i0:
                regions.append(Region(cy - y0, i0, i1, "attribute", b.key))
