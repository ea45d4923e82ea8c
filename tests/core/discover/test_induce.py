"""common_supersets (the agree-set filter of the induction) against a direct definition, on
narrow masks (one int64 word) and wide ones (63 columns and more, several 64-bit words)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.discover.bitsets import Bits
from core.discover.induce import common_supersets


def oracle(width: int, sets: list[int]) -> list[int]:
    """For each set, the AND of the distinct strict supersets in the list (all columns if none)."""
    full = (1 << width) - 1
    out = []
    for s in sets:
        acc = full
        for t in sets:
            if t != s and t & s == s:
                acc &= t
        out.append(acc)
    return out


@st.composite
def agree_sets(draw: Any) -> tuple[int, list[int]]:
    width = draw(st.sampled_from([3, 8, 61, 62, 63, 64, 65, 70, 128, 129, 200]))
    # few distinct "shapes", so that many sets contain one another
    base = draw(st.lists(st.integers(0, (1 << width) - 1), min_size=1, max_size=6))
    sets = []
    for _ in range(draw(st.integers(1, 40))):
        s = 0
        for b in base:
            if draw(st.booleans()):
                s |= b
        sets.append(s)
    return width, sorted(set(sets), key=lambda x: (-x.bit_count(), x))


@settings(max_examples=150, deadline=None)
@given(data=agree_sets())
def test_common_supersets_matches_the_definition(data: tuple[int, list[int]]) -> None:
    width, sets = data
    bits = Bits(width)
    above = common_supersets(bits, bits.array(sets))
    assert above is not None
    assert bits.to_ints(above) == oracle(width, sets)


def test_beyond_the_limit_there_is_no_filter() -> None:
    bits = Bits(70)
    assert common_supersets(bits, bits.array(range(1, 12)), limit=10) is None
