"""Group rows by a set of columns, and test dependencies on those groups.

``X -> A`` holds iff every group of rows equal on ``X`` has one value of ``A`` (the partition of
``X`` is as fine as that of ``X ∪ {A}``). Groups are dense integer ids per row, built column by
column from the ids of a smaller set (a product of partitions), and cached within a memory
budget so that the sets sharing a prefix share the work.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import numpy.typing as npt

from core.discover.bitsets import bits_of
from core.discover.encode import EncodedTable

__all__ = ["Grouper"]

Ids = npt.NDArray[np.int64]

#: Largest scatter table (entries) used to group without sorting.
_SCRATCH_LIMIT = 1 << 22
#: Up to this many cells, testing every column in one sweep is cheaper than one at a time.
_ONE_SWEEP = 50_000


class Grouper:
    """Group ids of the rows for any column set, with a bounded cache.

    A group id is a number in ``[0, rows)`` shared by exactly the rows equal on the set (not
    necessarily dense: often the number of one row of the group, which needs no sorting).

    Parameters
    ----------
    table
        The encoded rows.
    cache_bytes
        Upper bound for the cached id arrays.
    """

    def __init__(self, table: EncodedTable, cache_bytes: int = 256 << 20) -> None:
        self.table = table
        self.n = table.n_rows
        self._cache: OrderedDict[int, Ids] = OrderedDict()
        self._cache_limit = max(1, cache_bytes // max(1, 8 * self.n))
        self._zeros: Ids = np.zeros(self.n, dtype=np.int64)
        self._rows: Ids = np.arange(self.n, dtype=np.int64)
        widest = max(table.cardinalities, default=0)
        # Scatter table for keys ``group * cardinality + code`` (< rows * widest column).
        self._scratch: Ids | None = (
            np.empty(self.n * widest, dtype=np.int64) if self.n * widest <= _SCRATCH_LIMIT else None
        )

    @property
    def cache_nbytes(self) -> int:
        """Memory currently held by cached id arrays and the scatter table."""
        scratch = 0 if self._scratch is None else int(self._scratch.nbytes)
        return len(self._cache) * 8 * self.n + scratch

    def ids(self, mask: int) -> Ids:
        """Group ids of the rows by the columns in ``mask``.

        Examples
        --------
        >>> from core.discover.encode import encode_rows
        >>> g = Grouper(encode_rows(["a", "b"], [(1, 1), (1, 2), (2, 1)]))
        >>> [len(set(g.ids(mask).tolist())) for mask in (0b00, 0b01, 0b11)]
        [1, 2, 3]
        """
        if mask == 0 or self.n == 0:
            return self._zeros
        hit = self._cache.get(mask)
        if hit is not None:
            self._cache.move_to_end(mask)
            return hit
        top = mask.bit_length() - 1
        column = self.table.by_column[top]
        rest = mask ^ (1 << top)
        if rest == 0:
            result = column
        else:
            keys = self.ids(rest) * self.table.cardinalities[top] + column
            if self._scratch is not None:
                self._scratch[keys] = self._rows  # some row of each group wins: its number is the id
                result = self._scratch[keys]
            else:
                result = np.unique(keys, return_inverse=True)[1].reshape(-1).astype(np.int64, copy=False)
        self._cache[mask] = result
        if len(self._cache) > self._cache_limit:
            self._cache.popitem(last=False)
        return result

    def holds(self, lhs: int, rhs: int) -> bool:
        """Whether ``lhs -> rhs`` holds in the rows (``lhs`` a mask, ``rhs`` a column)."""
        ids = self.ids(lhs)
        values = self.table.by_column[rhs]
        first = np.empty(self.n, dtype=np.int64)
        first[ids] = values
        return bool(np.array_equal(first[ids], values))

    def violations(self, lhs: int, rhs: int, limit: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Up to ``limit`` row pairs equal on ``lhs`` and different on ``rhs``."""
        ids = self.ids(lhs)
        values = self.table.by_column[rhs]
        rep = np.empty(self.n, dtype=np.intp)
        rep[ids] = np.arange(self.n, dtype=np.intp)
        partner = rep[ids]
        bad = np.flatnonzero(values[partner] != values)
        if bad.size > limit:
            bad = bad[np.linspace(0, bad.size - 1, limit).astype(np.intp)]
        return bad, partner[bad]

    def determined(self, lhs: int, rhs_columns: int) -> int:
        """The columns of the mask ``rhs_columns`` that ``lhs`` determines, as a mask.

        Tests all columns in one sweep when many are asked or the table is small, else one
        column at a time.
        """
        wanted = list(bits_of(rhs_columns))
        if 4 * len(wanted) <= self.table.n_columns and self.n * self.table.n_columns > _ONE_SWEEP:
            return sum(1 << a for a in wanted if self.holds(lhs, a))
        ids = self.ids(lhs)
        codes = self.table.codes
        first = np.empty((self.n, codes.shape[1]), dtype=np.int64)
        first[ids] = codes
        same = (first[ids] == codes).all(axis=0)
        return sum(1 << a for a in wanted if same[a])
