"""The last word on every discovered dependency: checked on the rows before it is returned.

``X -> A`` is reported only if

* it holds: the rows grouped by ``X`` have one value of ``A`` per group (partitions), and
* it is minimal: for each column ``b`` of ``X`` there is a pair of rows that agrees on
  ``X \\ {b}`` and differs on ``A``. The pair (a witness kept with each agree set) is compared
  on the rows here, value by value; without a witness the partition test decides.

Anything that fails is reported with the reason; the search treats that as a bug of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from core.discover.agree import AgreeSets
from core.discover.bitsets import Bits, bits_of
from core.discover.partitions import Grouper

__all__ = ["disproofs"]

_CELLS = 4_000_000


def disproofs(
    grouper: Grouper,
    fds: Sequence[tuple[int, int]],
    witnesses: AgreeSets,
    check: Callable[[], None] | None = None,
    hints: Mapping[int, Sequence[int]] | None = None,
) -> Iterator[tuple[int, int, str]]:
    """The dependencies ``(lhs mask, rhs)`` that are not minimal and non-trivial, with why.

    ``witnesses`` maps agree sets to a pair of rows having them; ``hints`` optionally names,
    per right-hand side, the agree sets to look in first (any others are not searched).

    Examples
    --------
    >>> from core.discover.encode import encode_rows
    >>> g = Grouper(encode_rows(["a", "b", "c"], [(1, 1, 1), (1, 2, 1), (2, 2, 2)]))
    >>> list(disproofs(g, [(0b001, 2), (0b011, 2), (0b100, 1), (0b001, 0)], {}))
    [(3, 2, 'not minimal: holds without column 1'), (4, 1, 'does not hold'), (1, 0, 'trivial')]
    """
    must_hold: dict[int, int] = defaultdict(int)
    for lhs, rhs in fds:
        must_hold[lhs] |= 1 << rhs
    determined: dict[int, int] = {}
    for count, lhs in enumerate(sorted(must_hold, key=lambda x: (x.bit_count(), x))):
        determined[lhs] = grouper.determined(lhs, must_hold[lhs])
        if check is not None and count % 64 == 0:
            check()
    unshown = _without_witness(grouper, fds, witnesses, hints, check)
    for k, (lhs, rhs) in enumerate(fds):
        if lhs >> rhs & 1:
            yield lhs, rhs, "trivial"
        elif not determined[lhs] >> rhs & 1:
            yield lhs, rhs, "does not hold"
        else:
            for b in bits_of(lhs):
                smaller = lhs ^ (1 << b)
                if (k, smaller) in unshown and grouper.holds(smaller, rhs):
                    yield lhs, rhs, f"not minimal: holds without column {b}"
                    break


def _without_witness(
    grouper: Grouper,
    fds: Sequence[tuple[int, int]],
    witnesses: AgreeSets,
    hints: Mapping[int, Sequence[int]] | None,
    check: Callable[[], None] | None,
) -> set[tuple[int, int]]:
    """The ``(fd index, lhs - b)`` for which no witness pair shows ``lhs - b -/-> rhs`` on the rows.

    For each dependency and each column ``b`` of its left side, an agree set containing the
    smaller left side and not the right side is looked up; its pair of rows is then compared
    on the rows themselves. What is left (normally nothing) goes to the partition test.
    """
    table = grouper.table
    bits = Bits(table.n_columns)
    full = bits.scalar(bits.full)
    by_rhs: dict[int, list[int]] = defaultdict(list)
    for k, (_, rhs) in enumerate(fds):
        by_rhs[rhs].append(k)
    unshown: set[tuple[int, int]] = set()
    for rhs, members in by_rhs.items():
        asked = [(k, fds[k][0] ^ (1 << b)) for k in members for b in bits_of(fds[k][0])]
        pool = witnesses if hints is None else hints.get(rhs, ())
        sets = [s for s in pool if not s >> rhs & 1 and s in witnesses]
        if not sets:
            unshown.update(asked)
            continue
        arr = bits.array(sets) ^ full
        step = max(1, _CELLS // len(sets))
        for start in range(0, len(asked), step):
            part = asked[start : start + step]
            inside = (bits.array(y for _, y in part)[:, None] & arr[None, :]) == 0
            pick = inside.argmax(axis=1).tolist()
            has = inside.any(axis=1).tolist()
            pairs = [witnesses[sets[p]] if h else (0, 0) for p, h in zip(pick, has, strict=True)]
            ok = _pairs_show(table.codes, pairs, [y for _, y in part], rhs)
            unshown.update(q for q, good in zip(part, ok, strict=True) if not good)
            if check is not None:
                check()
    return unshown


def _pairs_show(
    codes: npt.NDArray[np.int64], pairs: list[tuple[int, int]], ys: list[int], rhs: int
) -> list[bool]:
    """For each pair ``(i, j)``: rows ``i`` and ``j`` agree on every column of ``Y`` and differ
    on ``rhs`` (a pair ``(0, 0)`` shows nothing: a row always agrees with itself)."""
    if not ys:
        return []
    a, b = codes[[i for i, _ in pairs]], codes[[j for _, j in pairs]]
    width = codes.shape[1]
    if width <= 64:
        shifts = np.arange(width, dtype=np.uint64)
        in_y = ((np.array(ys, dtype=np.uint64)[:, None] >> shifts) & np.uint64(1)).astype(bool)
    else:
        in_y = np.array([[(y >> c) & 1 for c in range(width)] for y in ys], dtype=bool)
    agree_on_y = ~(in_y & (a != b)).any(axis=1)
    differ_on_rhs = a[:, rhs] != b[:, rhs]
    return [bool(x) for x in (agree_on_y & differ_on_rhs).tolist()]
