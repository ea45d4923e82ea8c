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

#: Up to this many columns, agree sets are built as int64 masks column by column.
_NARROW = 62
#: Tables with at most this many cells in their pair matrix compare all pairs in one go.
_MATRIX_CELLS = 250_000
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
    for start in range(0, len(left), step):
        lo, hi = left[start : start + step], right[start : start + step]
        if table.n_columns <= _NARROW:
            masks = np.zeros(lo.size, dtype=np.int64)
            for c, col in enumerate(table.by_column):
                masks |= (col[lo] == col[hi]).astype(np.int64) << c
            present, first = _distinct(masks, table.n_columns)
        else:
            present, first = bits.from_bool_rows(table.codes[lo] == table.codes[hi])
        for mask, k in zip(present, first, strict=True):
            if mask not in found:
                found[mask] = (int(lo[k]), int(hi[k]))
    return found


def _distinct(masks: npt.NDArray[np.int64], width: int) -> tuple[list[int], list[int]]:
    """The distinct masks, and for each the position of one occurrence."""
    if width <= 16:  # few possible masks: a lookup table instead of a sort
        where = np.full(1 << width, -1, dtype=np.intp)
        where[masks] = np.arange(masks.size, dtype=np.intp)
        present = np.flatnonzero(where >= 0)
        return present.tolist(), where[present].tolist()
    uniq, first = np.unique(masks, return_index=True)
    return uniq.tolist(), first.tolist()


def all_pairs_agree_sets(
    table: EncodedTable, bits: Bits, check: Callable[[], None] | None = None
) -> AgreeSets:
    """Distinct agree sets of every pair of distinct rows (quadratic: for small tables)."""
    n = table.n_rows
    if n * n <= _MATRIX_CELLS and table.n_columns <= _NARROW:
        return _agree_matrix(table)
    budget = max(1, CHUNK_CELLS // max(1, table.n_columns))
    found: AgreeSets = {}
    start = 0
    while start < n - 1:  # rows start..stop-1 against every later row, about `budget` pairs a step
        stop, pairs = start, 0
        while stop < n - 1 and (pairs == 0 or pairs + (n - 1 - stop) <= budget):
            pairs += n - 1 - stop
            stop += 1
        lefts = np.repeat(np.arange(start, stop, dtype=np.intp), n - 1 - np.arange(start, stop))
        rights = np.concatenate([np.arange(i + 1, n, dtype=np.intp) for i in range(start, stop)])
        for mask, pair in agree_sets_of_pairs(table, bits, lefts, rights).items():
            found.setdefault(mask, pair)
        start = stop
        if check is not None:
            check()
    return found


def _agree_matrix(table: EncodedTable) -> AgreeSets:
    """All pairs of a small table at once: the ``n × n`` matrix of agree-set masks.

    Built column by column (``bit c`` set where two rows share column ``c``); the diagonal (a row
    with itself, agreeing everywhere) is dropped, and distinct rows never agree everywhere.
    """
    n, m = table.n_rows, table.n_columns
    masks = np.zeros((n, n), dtype=np.int64)
    for c, col in enumerate(table.by_column):
        masks |= np.equal(col[:, None], col[None, :]).astype(np.int64) << c
    full = (1 << m) - 1
    present, firsts = _distinct(masks.reshape(-1), m)
    return {mask: (k // n, k % n) for mask, k in zip(present, firsts, strict=True) if mask != full}


def neighbour_agree_sets(table: EncodedTable, bits: Bits, windows: int) -> AgreeSets:
    """Agree sets of rows up to ``windows`` apart after sorting by each column in turn.

    For column ``c`` the rows are sorted by ``c`` and then by the next two columns, so that
    neighbours share ``c`` and are similar elsewhere: their agree sets are large, which are the
    informative ones (HyFD's sampling idea).
    """
    n, m = table.n_rows, table.n_columns
    if n < 2 or m == 0:
        return {}
    lefts: list[Index] = []
    rights: list[Index] = []
    for c in range(m):
        col = table.by_column[c]
        keys = [table.by_column[(c + k) % m] for k in (2, 1)] if m > 2 else []
        order = np.lexsort([*keys, col])
        ranked = col[order]
        for window in range(1, min(windows, n - 1) + 1):
            same = ranked[:-window] == ranked[window:]
            lefts.append(order[:-window][same])
            rights.append(order[window:][same])
    return agree_sets_of_pairs(table, bits, np.concatenate(lefts), np.concatenate(rights))
