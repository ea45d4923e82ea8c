"""Projection of FDs onto a subset of attributes, without enumerating subsets.

A cover of ``F+`` restricted to ``S`` is computed by *reduction by resolution* (Gottlob): the
attributes outside ``S`` are eliminated one at a time; eliminating ``b`` replaces every pair
``X -> b`` and ``Y -> C`` (``b`` in ``Y``) by the resolvent ``X ∪ Y - b -> C`` and drops the
FDs that mention ``b``. Subsumed FDs (same right-hand side, larger left-hand side) are pruned
as they appear, and the attribute with the fewest resolvents goes first. Projecting onto a
set closed under ``F`` needs no resolution at all: the FDs inside it already cover it.

References: G. Gottlob, "Computing covers for embedded functional dependencies", PODS 1987.

>>> # R(A, B, C) with A -> B, B -> C, projected onto {A, C}: A -> C
>>> project_masks([(0b001, 0b010), (0b010, 0b100)], 0b101)
[(1, 4)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.normalize.fds import FD, bits, minimal_cover_masks
from core.normalize.keys import effective_pairs
from core.normalize.relation import Relation, reasoner

__all__ = ["project", "project_masks", "restrict_closed"]


class _Antichain:
    """Single-attribute FDs kept as, per right-hand side, an antichain of left-hand sides."""

    def __init__(self) -> None:
        self.by_rhs: dict[int, list[int]] = {}

    def add(self, lhs: int, rhs: int) -> bool:
        if lhs & rhs:
            return False  # trivial
        lst = self.by_rhs.setdefault(rhs, [])
        for other in lst:
            if other & ~lhs == 0:
                return False  # subsumed by a smaller (or equal) left-hand side
        lst[:] = [o for o in lst if lhs & ~o]
        lst.append(lhs)
        return True

    def pairs(self) -> list[tuple[int, int]]:
        return [(lhs, rhs) for rhs, lst in self.by_rhs.items() for lhs in lst]


def _split(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lhs, rhs in pairs:
        out.extend((lhs, 1 << a) for a in bits(rhs & ~lhs))
    return out


def restrict_closed(pairs: Iterable[tuple[int, int]], s: int) -> list[tuple[int, int]]:
    """The FDs of a cover that lie inside ``s``; a cover of the projection when ``s`` is closed."""
    return [(lhs, rhs & s) for lhs, rhs in pairs if lhs & ~s == 0 and rhs & s & ~lhs]


def project_masks(pairs: Sequence[tuple[int, int]], s: int, *, minimize: bool = True,
                  n: int | None = None) -> list[tuple[int, int]]:
    """A cover (single-attribute right-hand sides) of the FDs ``pairs`` imply inside ``s``.

    With ``minimize`` the result is reduced to a minimal cover; ``n`` is the number of
    attributes (inferred from the masks when not given).
    """
    work = _Antichain()
    for lhs, rhs in _split(pairs):
        work.add(lhs, rhs)
    universe = 0
    for lhs, rhs in work.pairs():
        universe |= lhs | rhs
    if n is None:
        n = max(universe.bit_length(), s.bit_length())
    pending = universe & ~s
    while pending:
        current = work.pairs()
        best, best_cost = -1, -1
        for b in bits(pending):
            bit = 1 << b
            into = len(work.by_rhs.get(bit, ()))
            out = sum(1 for lhs, _ in current if lhs & bit)
            cost = into * out - into - out
            if best < 0 or cost < best_cost:
                best, best_cost = b, cost
        bit = 1 << best
        pending &= ~bit
        into_lhs = work.by_rhs.pop(bit, [])
        nxt = _Antichain()
        uses: list[tuple[int, int]] = []
        for lhs, rhs in current:
            if rhs == bit:
                continue
            if lhs & bit:
                uses.append((lhs & ~bit, rhs))
            else:
                nxt.add(lhs, rhs)
        for rest, rhs in uses:
            for x in into_lhs:
                nxt.add(x | rest, rhs)
        work = nxt
    result = work.pairs()
    if minimize and result:
        result = [(lhs, rhs) for lhs, rhs, _ in minimal_cover_masks(n, result)]
    result.sort(key=lambda p: (p[0].bit_count(), bits(p[0]), bits(p[1])))
    return result


def project(relation: Relation, attributes: Iterable[str]) -> tuple[FD, ...]:
    """A minimal cover of the FDs of ``relation`` that hold on ``attributes`` (projected ``F+``).

    >>> from core.normalize.fds import FD
    >>> rel = Relation("R", ("A", "B", "C", "D"), (FD.of("A", "B"), FD.of("B", "C"), FD.of("C", "D")))
    >>> [str(fd) for fd in project(rel, ["A", "C", "D"])]
    ['A -> C', 'C -> D']
    """
    r = reasoner(relation)
    s = r.space.mask(attributes)
    space = r.space
    closed = r.closure(s) == s
    fds = effective_pairs(r)
    pairs = restrict_closed(fds, s) if closed else project_masks(fds, s, n=r.n)
    if closed:
        pairs = [(lhs, rhs) for lhs, rhs, _ in minimal_cover_masks(r.n, pairs)]
    return tuple(FD(space.fset(lhs), space.fset(rhs), "projected") for lhs, rhs in pairs)
