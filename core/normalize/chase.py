"""Verifying decompositions: the chase test for a lossless join, and dependency preservation.

Lossless join: a tableau with one row per component, distinguished symbols (0) in the
component's columns and a unique symbol elsewhere, is chased with the FDs (equate symbols of
rows that agree on a left-hand side) and the MVDs (add the row that swaps the right-hand side
of two rows agreeing on the left). The join is lossless iff a row becomes all distinguished.

Dependency preservation (Beeri and Honeyman's polynomial test): for each FD ``X -> Y``, grow
``Z = X`` by ``Z := Z ∪ ((Z ∩ Ri)+ ∩ Ri)`` over the components until it stops; the FD is
preserved iff ``Y ⊆ Z``. No projection is ever computed.

>>> from core.normalize.fds import FD
>>> rel = Relation("R", ("A", "B", "C"), (FD.of("A", "B"),))
>>> is_lossless(rel, [["A", "B"], ["A", "C"]]), is_lossless(rel, [["A", "B"], ["B", "C"]])
(True, False)
>>> preserves_dependencies(Relation("R", ("A", "B", "C"), (FD.of("A B", "C"), FD.of("C", "A"))),
...                        [["A", "C"], ["B", "C"]])
False
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.normalize.fds import ClosureIndex, bits
from core.normalize.relation import Relation, reasoner

__all__ = ["chase_lossless", "is_lossless", "preserves_dependencies", "preserves_masks"]

#: The chase stops (answering False: not proven lossless) beyond this many tableau rows; only
#: MVDs make rows, and only relations with MVDs and many components get near it.
MAX_ROWS = 20_000


def chase_lossless(n: int, components: Sequence[int], fds: Sequence[tuple[int, int]],
                   mvds: Sequence[tuple[int, int]] = ()) -> bool:
    """The chase test at mask level (``n`` attributes, components and dependencies as masks)."""
    full = (1 << n) - 1
    if any(c == full for c in components):
        return True
    rows = [[0 if c >> col & 1 else i + 1 for col in range(n)] for i, c in enumerate(components)]
    fd_cols = [(bits(lhs), bits(rhs & ~lhs)) for lhs, rhs in fds if rhs & ~lhs]
    mvd_cols = [(bits(lhs), lhs | rhs) for lhs, rhs in mvds]
    seen = {tuple(r) for r in rows}
    changed = True
    while changed:
        changed = False
        for lhs_cols, rhs_cols in fd_cols:
            groups: dict[tuple[int, ...], list[int]] = {}
            for i, row in enumerate(rows):
                groups.setdefault(tuple(row[c] for c in lhs_cols), []).append(i)
            for members in groups.values():
                if len(members) < 2:
                    continue
                for c in rhs_cols:
                    symbols = {rows[i][c] for i in members}
                    if len(symbols) > 1:
                        target = min(symbols)
                        for row in rows:  # rename across the whole column
                            if row[c] in symbols:
                                row[c] = target
                        changed = True
        if any(not any(row) for row in rows):
            return True
        for lhs_cols, swap in mvd_cols:
            for u in list(rows):
                for v in list(rows):
                    if u is v or any(u[c] != v[c] for c in lhs_cols):
                        continue
                    w = [u[c] if swap >> c & 1 else v[c] for c in range(n)]
                    key = tuple(w)
                    if key not in seen:
                        if not any(w):
                            return True
                        seen.add(key)
                        rows.append(w)
                        changed = True
                        if len(rows) > MAX_ROWS:
                            return False
        if changed:
            seen = {tuple(r) for r in rows}
    return any(not any(row) for row in rows)


def is_lossless(relation: Relation, components: Iterable[Iterable[str]]) -> bool:
    """Whether joining the projections on ``components`` always gives back the relation
    (chase with the relation's FDs and MVDs)."""
    r = reasoner(relation)
    comps = [r.space.mask(c) for c in components]
    return chase_lossless(r.n, comps, r.pairs, r.mvds)


def preserves_masks(index: ClosureIndex, components: Sequence[int],
                    fds: Iterable[tuple[int, int]]) -> bool:
    """Dependency preservation at mask level: every FD of ``fds`` follows from the FDs that
    hold inside the components (``index`` is the closure of the original FDs)."""
    closure = index.closure
    for lhs, rhs in fds:
        if any((lhs | rhs) & ~c == 0 for c in components):
            continue
        z = lhs
        while rhs & ~z:
            before = z
            for c in components:
                inside = z & c
                z |= closure(inside) & c
            if z == before:
                return False
    return True


def preserves_dependencies(relation: Relation, components: Iterable[Iterable[str]]) -> bool:
    """Whether the FDs that hold inside the components imply every FD of the relation."""
    r = reasoner(relation)
    comps = [r.space.mask(c) for c in components]
    return preserves_masks(r.index, comps, r.pairs)
