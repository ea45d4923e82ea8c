"""Turn rows of values into integer codes, the only form the discovery algorithm looks at.

Every column is dictionary-encoded: equal values get equal codes, codes are dense from 0. A NULL
(``None``) either is a value of its own that equals every other NULL (the SQL ``GROUP BY`` view,
the default) or is unequal to everything including other NULLs (the SQL ``=`` view), in which case
each NULL gets a fresh code. Duplicate rows carry no evidence for or against a dependency, so the
encoded table keeps each distinct row once and remembers how many rows it was read from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["EncodedTable", "encode_columns", "encode_rows"]

Codes = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class EncodedTable:
    """A table as a matrix of value codes, one distinct row per matrix row.

    Attributes
    ----------
    columns
        The column names, in source order; column ``i`` is bit ``i`` of every attribute set.
    codes
        ``(rows, columns)`` C-ordered int64 matrix of value codes (distinct rows only).
    by_column
        The same codes as one contiguous array per column (fast grouping).
    cardinalities
        Number of distinct codes per column (every NULL counts once when NULLs are distinct).
    source_rows
        How many rows were read, duplicates included.
    null_equals_null
        The NULL semantics the codes were built with.
    """

    columns: tuple[str, ...]
    codes: Codes
    by_column: tuple[Codes, ...]
    cardinalities: tuple[int, ...]
    source_rows: int
    null_equals_null: bool

    @property
    def n_rows(self) -> int:
        """Number of distinct rows (the rows the algorithm works on)."""
        return int(self.codes.shape[0])

    @property
    def n_columns(self) -> int:
        """Number of columns."""
        return len(self.columns)

    @property
    def nbytes(self) -> int:
        """Memory held by the code arrays."""
        return int(self.codes.nbytes) * 2


def _encode_column(values: Iterable[Any], null_equals_null: bool) -> list[int]:
    mapping: dict[Any, int] = {}
    out: list[int] = []
    nulls: list[int] = []
    for value in values:
        if value is None and not null_equals_null:
            nulls.append(len(out))
            out.append(-1)
        else:
            try:
                code = mapping.get(value)
            except TypeError:  # a list or dict from a JSON or array column
                value = _frozen(value)
                code = mapping.get(value)
            if code is None:
                code = mapping[value] = len(mapping)
            out.append(code)
    next_code = len(mapping)
    for position in nulls:  # each NULL its own value, numbered after the real ones
        out[position] = next_code
        next_code += 1
    return out


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a value equal to it exactly when the values are equal."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(v) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", frozenset(_frozen(v) for v in value))
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    try:
        hash(value)
    except TypeError:
        return ("repr", repr(value))
    return value


def encode_columns(
    columns: Sequence[str],
    data: Sequence[Sequence[Any]],
    *,
    null_equals_null: bool = True,
) -> EncodedTable:
    """Encode column-wise data (``data[i]`` holds every value of column ``i``).

    Parameters
    ----------
    columns
        Column names.
    data
        One sequence of values per column, all the same length; ``None`` is NULL.
    null_equals_null
        ``True``: NULL equals NULL; ``False``: every NULL is a value of its own.

    Returns
    -------
    EncodedTable

    Examples
    --------
    >>> t = encode_columns(["a", "b"], [["x", "x", "y", "x"], [1, 1, None, 1]])
    >>> t.n_rows, t.source_rows, t.cardinalities
    (2, 4, (2, 2))
    """
    if len(columns) != len(data):
        raise ValueError(f"{len(columns)} column names for {len(data)} columns of data")
    n = len(data[0]) if data else 0
    if any(len(col) != n for col in data):
        raise ValueError("columns of different lengths")
    if not columns:
        return EncodedTable((), np.zeros((n, 0), np.int64), (), (), n, null_equals_null)
    matrix = np.empty((n, len(columns)), dtype=np.int64)
    for i, col in enumerate(data):
        matrix[:, i] = _encode_column(col, null_equals_null)
    if n > 1:  # dropping duplicate rows drops no value, so the codes stay dense
        matrix = np.unique(matrix, axis=0)
    by_column = tuple(np.ascontiguousarray(matrix[:, i]) for i in range(len(columns)))
    cards = tuple(int(c.max()) + 1 if c.size else 0 for c in by_column)
    return EncodedTable(tuple(columns), np.ascontiguousarray(matrix), by_column, cards, n, null_equals_null)


def encode_rows(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    null_equals_null: bool = True,
) -> EncodedTable:
    """Encode row-wise data (an iterable of tuples, as a DB cursor or CSV reader yields them).

    Examples
    --------
    >>> t = encode_rows(["zip", "city"], [("1000", "Brussels"), ("1000", "Brussels"), (None, None)])
    >>> t.n_rows, t.source_rows
    (2, 3)
    """
    width = len(columns)
    data: list[list[Any]] = [[] for _ in range(width)]
    appends = [col.append for col in data]
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValueError(f"row {number} has {len(row)} values, expected {width}")
        for append, value in zip(appends, row, strict=False):
            append(value)
    return encode_columns(columns, data, null_equals_null=null_equals_null)
