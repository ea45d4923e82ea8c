"""Attribute sets as bit masks: Python ints for identity, numpy arrays for bulk tests.

Column ``i`` of a table is bit ``i``. Up to 64 columns the arrays are ``uint64`` (fast); wider
tables use object arrays of Python ints, which support the same ``&``, ``|`` and ``==``
operators, only slower. :class:`Bits` hides the difference from the algorithm.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Bits", "bits_of", "mask_of"]

BitArray = npt.NDArray[Any]


def bits_of(mask: int) -> Iterator[int]:
    """The column numbers in ``mask``, ascending.

    Examples
    --------
    >>> list(bits_of(0b10110))
    [1, 2, 4]
    """
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def mask_of(columns: Iterable[int]) -> int:
    """The mask holding ``columns``.

    Examples
    --------
    >>> mask_of([0, 2])
    5
    """
    mask = 0
    for c in columns:
        mask |= 1 << c
    return mask


_bit_count = np.frompyfunc(int.bit_count, 1, 1)


class Bits:
    """Array helpers for masks over ``width`` columns."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.full = (1 << width) - 1
        self.wide = width > 64
        self.dtype: Any = object if self.wide else np.uint64

    def array(self, masks: Iterable[int]) -> BitArray:
        """An array of masks in this table's representation."""
        return np.array(list(masks), dtype=self.dtype).reshape(-1)

    def empty(self) -> BitArray:
        """An empty mask array."""
        return np.zeros(0, dtype=self.dtype)

    def scalar(self, mask: int) -> Any:
        """One mask, typed to combine with the arrays."""
        return mask if self.wide else np.uint64(mask)

    def counts(self, arr: BitArray) -> npt.NDArray[np.int64]:
        """Number of set bits of each mask."""
        if arr.size == 0:
            return np.zeros(0, dtype=np.int64)
        if self.wide:
            return np.asarray(_bit_count(arr), dtype=np.int64)
        return np.bitwise_count(arr).astype(np.int64)

    def to_ints(self, arr: BitArray) -> list[int]:
        """The masks as Python ints."""
        return [int(x) for x in arr.tolist()]

    def words(self, arr: BitArray) -> npt.NDArray[np.uint64]:
        """The masks as a ``(len, words)`` array of 64-bit words, lowest word first (for bulk
        tests on wide tables, where the object arrays are slow).

        Examples
        --------
        >>> Bits(70).words(Bits(70).array([1 << 69 | 3])).tolist()
        [[3, 32]]
        """
        n_words = max(1, (self.width + 63) // 64)
        if not self.wide:
            return np.asarray(arr, dtype=np.uint64).reshape(-1, 1)
        ints = arr.tolist()
        out = np.empty((len(ints), n_words), dtype=np.uint64)
        low = (1 << 64) - 1
        for w in range(n_words):
            shift = 64 * w
            out[:, w] = [(x >> shift) & low for x in ints]
        return out

    def unique(self, arr: BitArray) -> BitArray:
        """Distinct masks, sorted."""
        if self.wide:
            return self.array(sorted(set(arr.tolist())))
        return np.unique(arr)

    def from_bool_rows(self, eq: npt.NDArray[np.bool_]) -> tuple[list[int], list[int]]:
        """Distinct masks of the rows of a boolean matrix (bit ``i`` = column ``i``).

        Returns the masks and, for each, the number of the first row that has it.

        Examples
        --------
        >>> Bits(3).from_bool_rows(np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=bool))
        ([2, 5], [1, 0])
        """
        if eq.shape[0] == 0:
            return [], []
        packed = np.packbits(eq, axis=1, bitorder="little")
        pad = (-packed.shape[1]) % 8
        if pad:
            packed = np.concatenate([packed, np.zeros((packed.shape[0], pad), np.uint8)], axis=1)
        words = packed.view("<u8")
        if words.shape[1] == 1:
            uniq, first = np.unique(words[:, 0], return_index=True)
            return [int(x) for x in uniq.tolist()], first.tolist()
        rows, first = np.unique(words, axis=0, return_index=True)
        masks = [sum(int(w) << (64 * k) for k, w in enumerate(row)) for row in rows.tolist()]
        return masks, first.tolist()
