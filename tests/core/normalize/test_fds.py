"""The FD engine: closure, implication, equivalence, minimal covers, relations with key FDs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.normalize.fds import (
    FD,
    MVD,
    NormalizeError,
    canonical_cover,
    closure,
    equivalent,
    implies,
    minimal_cover,
)
from core.normalize.relation import Relation
from tests.core.normalize import oracle
from tests.core.normalize.strategies import LETTERS, dep_lists

FAST = settings(max_examples=150, deadline=None)


@FAST
@given(st.data())
def test_closure_and_implication_match_fixpoint(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 10))
    attrs = LETTERS[:n]
    deps = data.draw(dep_lists(attrs, 2 * n))
    fds = [FD(lh, rh) for lh, rh in deps]
    x = data.draw(st.sets(st.sampled_from(attrs)))
    expected = oracle.closure(x, deps)
    assert closure(x, fds) == expected
    a = data.draw(st.sampled_from(attrs))
    assert implies(fds, FD(frozenset(x), frozenset([a]))) == (a in expected)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_repeated_closures_of_one_relation_match_fixpoint(data: st.DataObject) -> None:
    """Every subset's closure on one relation, in random order: past the first calls the relation
    memoizes single-attribute closures and starts from their union; few FDs (name-level
    fixpoint) and many (counter closure), with an empty left-hand side now and then."""
    from itertools import combinations

    n = data.draw(st.integers(1, 8))
    attrs = LETTERS[:n]
    deps = data.draw(dep_lists(attrs, data.draw(st.sampled_from([n, 4 * n]))))
    import core.normalize.relation as relation_module

    saved = relation_module.SMALL
    relation_module.SMALL = data.draw(st.sampled_from([0, saved]))  # 0: never the name-level path
    try:
        rel = Relation("R", attrs, tuple(FD(lh, rh) for lh, rh in deps))
        rel.closure(attrs[:1])  # compiled here, with the SMALL drawn
    finally:
        relation_module.SMALL = saved
    subsets = [frozenset(c) for k in range(n + 1) for c in combinations(attrs, k)]
    order = data.draw(st.permutations(subsets + subsets))
    for x in order:
        assert rel.closure(x) == oracle.closure(x, deps), sorted(x)
    with pytest.raises(NormalizeError, match="unknown attribute"):
        rel.closure(["nope"])


@FAST
@given(st.data())
def test_minimal_cover_properties(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 8))
    attrs = LETTERS[:n]
    deps = data.draw(dep_lists(attrs, 2 * n))
    fds = [FD(lh, rh, f"src{i}") for i, (lh, rh) in enumerate(deps)]
    cover = minimal_cover(fds, attrs)
    pairs = [(fd.lhs, fd.rhs) for fd in cover]
    # equivalent to F (checked with the oracle's closure, both ways)
    assert all(rh <= oracle.closure(lh, pairs) for lh, rh in deps)
    assert all(rh <= oracle.closure(lh, deps) for lh, rh in pairs)
    for i, (lhs, rhs) in enumerate(pairs):
        assert len(rhs) == 1 and not rhs <= lhs
        others = pairs[:i] + pairs[i + 1:]
        assert not rhs <= oracle.closure(lhs, others), "redundant FD kept"
        for a in lhs:
            assert not rhs <= oracle.closure(lhs - {a}, deps), f"extraneous {a} in {lhs}"
    # each FD keeps the source of an input FD whose right side holds its attribute
    for fd in cover:
        assert any(src.source == fd.source and fd.rhs <= src.rhs for src in fds)
    assert equivalent(cover, fds)


def test_equivalence_detects_difference() -> None:
    assert equivalent([FD.of("A", "B"), FD.of("B", "C")], [FD.of("A", "B C"), FD.of("B", "C")])
    assert not equivalent([FD.of("A", "B")], [FD.of("B", "A")])


def test_canonical_cover_merges_left_sides() -> None:
    merged = canonical_cover([FD.of("A", "B"), FD.of("A", "C"), FD.of("A B", "D")], "ABCD")
    assert [fd.sides for fd in merged] == [(frozenset("A"), frozenset("BCD"))]


def test_relation_build_merges_key_fds_with_sources() -> None:
    rel = Relation.build(
        "people", ["id", "email", "name", "zip", "city"],
        [FD.of("zip", "city"), FD.of("id", "email name zip city")],
        primary_key=["id"], unique_keys=[["email"]],
    )
    by_source = {fd.source: fd for fd in rel.fds}
    assert by_source["primary key"].sides == (frozenset({"id"}), frozenset({"email", "name", "zip", "city"}))
    assert by_source["unique"].sides == (frozenset({"email"}), frozenset({"id", "name", "zip", "city"}))
    assert by_source["declared"].sides == (frozenset({"zip"}), frozenset({"city"}))
    assert len(rel.fds) == 3  # the declared copy of the key FD is not repeated
    assert rel.closure(["email"]) == frozenset(rel.attributes)


@pytest.mark.parametrize(
    ("attrs", "fds", "message"),
    [
        ((), (), "no attributes"),
        (("a", "a"), (), 'attribute "a" is listed twice'),
        (("zip", "city"), (FD.of("zip", "cty"),), 'unknown attribute "cty" (did you mean "city"?)'),
    ],
)
def test_relation_rejects_bad_input(attrs: tuple[str, ...], fds: tuple[FD, ...], message: str) -> None:
    with pytest.raises(NormalizeError, match="relation R") as err:
        Relation("R", attrs, fds)
    assert message in str(err.value)


def test_mvd_with_unknown_attribute_names_it() -> None:
    with pytest.raises(NormalizeError, match=r'MVD 1 \(a ->> b\) names unknown attribute "b"'):
        Relation("R", ("a", "c"), (), (MVD.of("a", "b"),))
