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
    queries: dict[int, list[tuple[int, int]]] = defaultdict(list)  # rhs -> [(fd index, lhs - b)]
    for k, (lhs, rhs) in enumerate(fds):
        for b in bits_of(lhs):
            queries[rhs].append((k, lhs ^ (1 << b)))
    shown = _shown_by_witness(grouper, queries, witnesses, hints, check)
    for k, (lhs, rhs) in enumerate(fds):
        if lhs >> rhs & 1:
            yield lhs, rhs, "trivial"
        elif not determined[lhs] >> rhs & 1:
            yield lhs, rhs, "does not hold"
        else:
            for b in bits_of(lhs):
                smaller = lhs ^ (1 << b)
                if (k, smaller) not in shown and grouper.holds(smaller, rhs):
                    yield lhs, rhs, f"not minimal: holds without column {b}"
                    break


def _shown_by_witness(
    grouper: Grouper,
    queries: dict[int, list[tuple[int, int]]],
    witnesses: AgreeSets,
    hints: Mapping[int, Sequence[int]] | None,
    check: Callable[[], None] | None,
) -> set[tuple[int, int]]:
    """The queries ``(fd index, Y)`` for which a witness pair shows on the rows ``Y -/-> rhs``."""
    table = grouper.table
    bits = Bits(table.n_columns)
    shown: set[tuple[int, int]] = set()
    for rhs, asked in queries.items():
        pool = witnesses if hints is None else hints.get(rhs, ())
        sets = [s for s in pool if not s >> rhs & 1 and s in witnesses]
        if not sets:
            continue
        arr = bits.array(sets)
        full = bits.scalar(bits.full)
        step = max(1, _CELLS // len(sets))
        for start in range(0, len(asked), step):
            part = asked[start : start + step]
            ys = bits.array(y for _, y in part)
            inside = (ys[:, None] & (arr[None, :] ^ full)) == 0
            has = inside.any(axis=1)
            pick = inside.argmax(axis=1)
            rows_i, rows_j, kept = [], [], []
            for q in np.flatnonzero(has).tolist():
                i, j = witnesses[sets[int(pick[q])]]
                rows_i.append(i)
                rows_j.append(j)
                kept.append(part[q])
            ok = _pairs_show(table.codes, rows_i, rows_j, [y for _, y in kept], rhs)
            shown.update(q for q, good in zip(kept, ok, strict=True) if good)
            if check is not None:
                check()
    return shown


def _pairs_show(
    codes: npt.NDArray[np.int64], rows_i: list[int], rows_j: list[int], ys: list[int], rhs: int
) -> list[bool]:
    """For each pair: rows ``i`` and ``j`` agree on every column of ``Y`` and differ on ``rhs``."""
    if not ys:
        return []
    a, b = codes[rows_i], codes[rows_j]
    width = codes.shape[1]
    if width <= 64:
        shifts = np.arange(width, dtype=np.uint64)
        in_y = ((np.array(ys, dtype=np.uint64)[:, None] >> shifts) & np.uint64(1)).astype(bool)
    else:
        in_y = np.array([[(y >> c) & 1 for c in range(width)] for y in ys], dtype=bool)
    agree_on_y = ~(in_y & (a != b)).any(axis=1)
    differ_on_rhs = a[:, rhs] != b[:, rhs]
    return [bool(x) for x in (agree_on_y & differ_on_rhs).tolist()]
