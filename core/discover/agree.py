"""Agree sets: for a pair of rows, the columns on which they hold the same value.

An agree set ``S`` of two rows that differ on column ``A`` proves that no ``X ⊆ S`` determines
``A``. The discovery algorithm collects agree sets (all pairs for small tables, a sample of
promising pairs for large ones, and the violating pairs its validation finds) and induces the
candidate dependencies from them. Each agree set keeps one pair of rows that has it (its
witness), so that a non-dependency can be shown on the rows themselves.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from core.discover.bitsets import Bits
from core.discover.encode import EncodedTable

__all__ = ["AgreeSets", "agree_sets_of_pairs", "all_pairs_agree_sets", "neighbour_agree_sets"]

#: Agree set mask -> a pair of row numbers that agree on exactly those columns.
AgreeSets = dict[int, tuple[int, int]]
Index = npt.NDArray[np.intp]

#: Cells compared per numpy step: bounds the temporaries (two int64 gathers and a bool
#: matrix, about 17 bytes a cell: 34 MB).
CHUNK_CELLS = 2_000_000


def agree_sets_of_pairs(table: EncodedTable, bits: Bits, left: Index, right: Index) -> AgreeSets:
    """Distinct agree sets of the row pairs ``(left[k], right[k])``, each with a witness pair.

    Examples
    --------
    >>> from core.discover.encode import encode_rows
    >>> t = encode_rows(["a", "b", "c"], [(1, 1, 1), (1, 2, 1), (2, 2, 2)])
    >>> agree_sets_of_pairs(t, Bits(3), np.array([0, 1]), np.array([1, 2]))
    {2: (1, 2), 5: (0, 1)}
    """
    found: AgreeSets = {}
    step = max(1, CHUNK_CELLS // max(1, table.n_columns))
    codes = table.codes
    for start in range(0, len(left), step):
        lo, hi = left[start : start + step], right[start : start + step]
        masks, first = bits.from_bool_rows(codes[lo] == codes[hi])
        for mask, k in zip(masks, first, strict=True):
            if mask not in found:
                found[mask] = (int(lo[k]), int(hi[k]))
    return found


def all_pairs_agree_sets(
    table: EncodedTable, bits: Bits, check: Callable[[], None] | None = None
) -> AgreeSets:
    """Distinct agree sets of every pair of distinct rows (quadratic: for small tables)."""
    n = table.n_rows
    found: AgreeSets = {}
    budget = max(1, CHUNK_CELLS // max(1, table.n_columns))
    start = 0
    while start < n - 1:  # rows start..stop-1 against every later row, about `budget` pairs a step
        stop, pairs = start, 0
        while stop < n - 1 and (pairs == 0 or pairs + (n - 1 - stop) <= budget):
            pairs += n - 1 - stop
            stop += 1
        left = np.repeat(np.arange(start, stop, dtype=np.intp), n - 1 - np.arange(start, stop))
        right = np.concatenate([np.arange(i + 1, n, dtype=np.intp) for i in range(start, stop)])
        for mask, pair in agree_sets_of_pairs(table, bits, left, right).items():
            found.setdefault(mask, pair)
        start = stop
        if check is not None:
            check()
    return found


def neighbour_agree_sets(table: EncodedTable, bits: Bits, window: int) -> AgreeSets:
    """Agree sets of rows ``window`` apart after sorting by each column in turn.

    For column ``c`` the rows are sorted by ``c`` and then by the next two columns, so that
    neighbours share ``c`` and are similar elsewhere: their agree sets are large, which are the
    informative ones (HyFD's sampling idea).
    """
    n, m = table.n_rows, table.n_columns
    if n <= window or m == 0:
        return {}
    lefts: list[Index] = []
    rights: list[Index] = []
    for c in range(m):
        col = table.by_column[c]
        keys = [table.by_column[(c + k) % m] for k in (2, 1)] if m > 2 else []
        order = np.lexsort([*keys, col])
        same = col[order[:-window]] == col[order[window:]]
        lefts.append(order[:-window][same])
        rights.append(order[window:][same])
    return agree_sets_of_pairs(table, bits, np.concatenate(lefts), np.concatenate(rights))
