"""A brute-force oracle for minimal functional dependencies, written independently of core.

It compares every pair of rows for every candidate left side: slow, obviously right.
NULL is ``None``; with ``null_equals_null=False`` a NULL agrees with nothing, itself included.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any


def same(a: Any, b: Any, null_equals_null: bool) -> bool:
    if a is None or b is None:
        return null_equals_null and a is None and b is None
    return bool(a == b)


def holds(rows: Sequence[Sequence[Any]], lhs: tuple[int, ...], rhs: int, null_equals_null: bool) -> bool:
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            r, s = rows[i], rows[j]
            if all(same(r[c], s[c], null_equals_null) for c in lhs) and not same(
                r[rhs], s[rhs], null_equals_null
            ):
                return False
    return True


def holds_by_grouping(rows: Sequence[Sequence[Any]], lhs: tuple[int, ...], rhs: int) -> bool:
    """The same test for larger tables (NULL equals NULL): one right-side value per left-side value."""
    seen: dict[tuple[Any, ...], Any] = {}
    for row in rows:
        key = tuple(row[c] for c in lhs)
        if seen.setdefault(key, row[rhs]) != row[rhs]:
            return False
    return True


def minimal_fds(
    rows: Sequence[Sequence[Any]],
    width: int,
    null_equals_null: bool = True,
    max_lhs: int | None = None,
    grouping: bool = False,
) -> set[tuple[tuple[int, ...], int]]:
    """Every minimal non-trivial ``lhs -> rhs`` (``lhs`` a sorted tuple of column numbers).

    ``grouping=True`` tests with :func:`holds_by_grouping` (NULL equals NULL only).
    """
    found: set[tuple[tuple[int, ...], int]] = set()
    limit = width - 1 if max_lhs is None else min(max_lhs, width - 1)
    for rhs in range(width):
        others = [c for c in range(width) if c != rhs]
        valid: list[tuple[int, ...]] = []
        for size in range(limit + 1):
            for lhs in combinations(others, size):
                if any(set(v) <= set(lhs) for v in valid):
                    continue  # a subset already determines rhs: not minimal
                ok = (
                    holds_by_grouping(rows, lhs, rhs) if grouping else holds(rows, lhs, rhs, null_equals_null)
                )
                if ok:
                    valid.append(lhs)
                    found.add((lhs, rhs))
    return found
