"""The discovery algorithm against a brute-force oracle on random small tables."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.discover import encode_rows
from core.discover.bitsets import bits_of
from core.discover.search import discover_masks
from tests.core.discover.oracle import minimal_fds


@contextmanager
def general_paths(enabled: bool) -> Iterator[None]:
    """Turn off the shortcuts for small inputs, so that random small tables exercise the
    general (numpy) code paths: block scans, array specialization, chunked pairs, sorting."""
    import core.discover.agree as agree
    import core.discover.induce as induce
    import core.discover.partitions as partitions

    names = [
        (induce, "_SMALL"),
        (agree, "_MATRIX_CELLS"),
        (partitions, "_ONE_SWEEP"),
        (partitions, "_SCRATCH_LIMIT"),
    ]
    saved = [getattr(module, name) for module, name in names]
    if enabled:
        for module, name in names:
            setattr(module, name, 0)
    try:
        yield
    finally:
        for (module, name), value in zip(names, saved, strict=True):
            setattr(module, name, value)


def as_sets(found: list[tuple[int, int]]) -> set[tuple[tuple[int, ...], int]]:
    return {(tuple(bits_of(lhs)), rhs) for lhs, rhs in found}


@st.composite
def tables(draw: Any, max_columns: int = 7, max_rows: int = 25) -> tuple[int, list[tuple[Any, ...]]]:
    """Random tables whose columns have small alphabets (so that dependencies exist) and NULLs."""
    width = draw(st.integers(1, max_columns))
    alphabets = [draw(st.integers(1, 5)) for _ in range(width)]
    null_rate = draw(st.sampled_from([0.0, 0.1, 0.3]))
    n = draw(st.integers(0, max_rows))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    rows = [
        tuple(None if rng.random() < null_rate else rng.randrange(k) for k in alphabets) for _ in range(n)
    ]
    # Plant a few exact dependencies: column b as a function of columns a..
    if width >= 3 and n and draw(st.booleans()):
        a, b = 0, width - 1
        mapping: dict[Any, int] = {}
        rows = [(*r[:b], mapping.setdefault(r[a], len(mapping) % 3)) for r in rows]
    return width, rows


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("general", [False, True], ids=["shortcuts", "general-paths"])
@pytest.mark.parametrize("null_equals_null", [True, False], ids=["null=null", "null-distinct"])
@pytest.mark.parametrize("exhaustive", [True, False], ids=["all-pairs", "sampled"])
@SETTINGS
@given(data=tables())
def test_same_fds_as_brute_force(
    data: tuple[int, list[tuple[Any, ...]]], null_equals_null: bool, exhaustive: bool, general: bool
) -> None:
    width, rows = data
    table = encode_rows([f"c{i}" for i in range(width)], rows, null_equals_null=null_equals_null)
    with general_paths(general):
        found = discover_masks(table, exhaustive=exhaustive)
    assert as_sets(found) == minimal_fds(rows, width, null_equals_null)
    assert len(found) == len(set(found))


@SETTINGS
@given(data=tables(), max_lhs=st.integers(0, 4), null_equals_null=st.booleans())
def test_max_lhs_keeps_exactly_the_short_ones(
    data: tuple[int, list[tuple[Any, ...]]], max_lhs: int, null_equals_null: bool
) -> None:
    width, rows = data
    table = encode_rows([f"c{i}" for i in range(width)], rows, null_equals_null=null_equals_null)
    found = discover_masks(table, max_lhs=max_lhs, exhaustive=False)
    assert as_sets(found) == minimal_fds(rows, width, null_equals_null, max_lhs=max_lhs)


@settings(max_examples=40, deadline=None)
@given(data=tables(), seed=st.integers(0, 1000))
def test_row_order_does_not_change_the_answer(data: tuple[int, list[tuple[Any, ...]]], seed: int) -> None:
    width, rows = data
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    names = [f"c{i}" for i in range(width)]
    assert discover_masks(encode_rows(names, rows)) == discover_masks(encode_rows(names, shuffled))


@pytest.mark.parametrize("general", [False, True], ids=["shortcuts", "general-paths"])
@settings(max_examples=25, deadline=None)
@given(data=tables(max_columns=6, max_rows=20), constants=st.integers(59, 66))
def test_wide_tables_use_the_same_algorithm(data: tuple[int, list[tuple[Any, ...]]], constants: int,
                                             general: bool) -> None:
    """Beyond 64 columns masks are Python ints: pad with constant columns, compare with the oracle
    (with ``general``, the bulk numpy paths on 64-bit words run even on these small tables)."""
    width, rows = data
    if not rows:
        rows = [tuple(0 for _ in range(width))]
    # the data columns after the constant ones: their bits straddle the 64-bit word boundary
    wide_rows = [(*(["k"] * constants), *r) for r in rows]
    total = width + constants
    table = encode_rows([f"c{i}" for i in range(total)], wide_rows)
    shifted = {(tuple(c + constants for c in lhs), rhs + constants) for lhs, rhs in minimal_fds(rows, width)}
    # a constant column is determined by nothing, so it never appears on a minimal left side
    expected = shifted | {((), c) for c in range(constants)}
    with general_paths(general):
        found = discover_masks(table, exhaustive=False)
    assert as_sets(found) == expected


def test_planted_dependency_found_in_a_larger_sampled_table() -> None:
    """A table too big for all pairs: the sampled path must still be exact."""
    rng = random.Random(7)
    rows = []
    for _ in range(1500):
        zip_code = rng.randrange(200)
        rows.append((zip_code, f"city{zip_code % 37}", rng.randrange(5), rng.randrange(1000)))
    table = encode_rows(["zip", "city", "x", "y"], rows)
    found = as_sets(discover_masks(table))
    assert ((0,), 1) in found
    assert found == minimal_fds(rows, 4, grouping=True)
