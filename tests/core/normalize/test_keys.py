"""Candidate keys and minimal generators against subset enumeration; streaming, cancelling."""

from __future__ import annotations

from hypothesis import given, settings

from core.normalize.fds import FD
from core.normalize.keys import (
    CancelToken,
    candidate_keys,
    is_key,
    is_superkey,
    iter_candidate_keys,
    key_masks,
    minimal_generators,
    prime_attributes,
)
from core.normalize.relation import Relation
from tests.core.normalize.oracle import Oracle, minimal
from tests.core.normalize.strategies import cases


@settings(max_examples=150, deadline=None)
@given(cases(max_attrs=10))
def test_keys_match_subset_enumeration(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    keys = candidate_keys(rel)
    assert {frozenset(k) for k in keys} == o.keys
    assert len(keys) == len(o.keys)  # no duplicates
    assert set(prime_attributes(rel)) == o.prime
    for k in o.keys:
        assert is_key(rel, k) and is_superkey(rel, k)
    for a in rel.attributes[:3]:
        expected = minimal(x for x in o.all if a not in x and a in o.plus[x])
        assert {frozenset(g) for g in minimal_generators(rel, a)} == set(expected)


@settings(max_examples=60, deadline=None)
@given(cases(max_attrs=5, with_mvds=True))
def test_keys_with_mvds_use_the_mixed_closure(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    assert {frozenset(k) for k in candidate_keys(rel)} == o.keys
    for x in o.all:
        assert rel.closure(x) == o.plus[x], f"closure of {sorted(x)}"


def _many_keys(pairs: int) -> Relation:
    """a_i <-> b_i for each i: 2**pairs candidate keys."""
    attrs = [f"{p}{i}" for i in range(pairs) for p in "ab"]
    fds = [FD.of(f"a{i}", f"b{i}") for i in range(pairs)] + [FD.of(f"b{i}", f"a{i}") for i in range(pairs)]
    return Relation("R", tuple(attrs), tuple(fds))


def test_keys_stream_with_progress_and_cancel() -> None:
    rel = _many_keys(12)  # 4096 keys
    seen: list[int] = []
    token = CancelToken()

    def progress(count: int) -> None:
        seen.append(count)
        if count >= 25:
            token.cancel()

    got = list(iter_candidate_keys(rel, progress=progress, cancel=token))
    assert 25 <= len(got) < 4096
    assert seen[:3] == [1, 2, 3]
    assert all(is_key(rel, k) for k in got)


def test_limit_reports_incomplete() -> None:
    rel = _many_keys(6)
    keys, complete = key_masks(rel, limit=10)
    assert len(keys) == 10 and not complete
    keys, complete = key_masks(rel, limit=64)
    assert len(keys) == 64 and complete
    assert len(candidate_keys(rel)) == 64


def test_attributes_outside_all_fds_are_in_every_key() -> None:
    rel = Relation("R", ("A", "B", "note"), (FD.of("A", "B"), FD.of("B", "A")))
    assert set(candidate_keys(rel)) == {("A", "note"), ("B", "note")}


def test_empty_left_side_makes_the_empty_key() -> None:
    rel = Relation("R", ("A", "B"), (FD.of([], "A B"),))
    assert candidate_keys(rel) == ((),)
