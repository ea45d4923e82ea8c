"""Decompositions, projection, the chase and the preservation test against the oracle."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.normalize.chase import is_lossless, preserves_dependencies
from core.normalize.decompose import NameRequest, decompose_bcnf, synthesize_3nf
from core.normalize.fds import FD
from core.normalize.project import project
from core.normalize.relation import Relation
from tests.core.normalize.oracle import Oracle, closure
from tests.core.normalize.strategies import cases


def _check_component_fds(o: Oracle, comp_attrs: frozenset[str], fds: tuple[FD, ...]) -> None:
    """``fds`` is a cover of the projection of F+ on the component (oracle by enumeration)."""
    pairs = [(fd.lhs, fd.rhs) for fd in fds]
    assert all(fd.lhs | fd.rhs <= comp_attrs for fd in fds)
    for x, y in o.projection(comp_attrs):
        assert y <= closure(x, pairs) | x
    for lhs, rhs in pairs:
        assert rhs <= o.plus[lhs]


@settings(max_examples=100, deadline=None)
@given(cases(max_attrs=8))
def test_synthesis_is_3nf_lossless_and_preserving(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    d = synthesize_3nf(rel)
    comps = [frozenset(c.attributes) for c in d.components]
    assert frozenset().union(*comps) == o.R
    assert o.lossless(comps) and d.lossless
    assert o.preserving(comps) and d.dependency_preserving
    assert not any(a < b for a in comps for b in comps), "a subsumed component was kept"
    for c, s in zip(d.components, comps, strict=True):
        assert o.component_is_3nf(s), f"{c.name} {sorted(s)} is not in 3NF"
        assert frozenset(c.key) in o.component_keys(s)
    assert sum(c.main for c in d.components) == 1 and d.components[0].main
    assert any(k <= comps[0] for k in o.keys)


@settings(max_examples=100, deadline=None)
@given(cases(max_attrs=8))
def test_bcnf_decomposition_is_bcnf_lossless_with_true_verdicts(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    d = decompose_bcnf(rel)
    comps = [frozenset(c.attributes) for c in d.components]
    assert frozenset().union(*comps) == o.R
    assert d.lossless and o.lossless(comps)
    assert d.dependency_preserving == o.preserving(comps)
    for c, s in zip(d.components, comps, strict=True):
        assert o.component_is_bcnf(s), f"{c.name} {sorted(s)} is not in BCNF"
        assert frozenset(c.key) in o.component_keys(s)
        assert c.fds is not None
        _check_component_fds(o, s, c.fds)
    if o.is_bcnf():
        assert comps == [o.R]
    names = [c.name for c in d.components]
    assert len(set(names)) == len(names)


@settings(max_examples=60, deadline=None)
@given(cases(max_attrs=5, with_mvds=True))
def test_bcnf_with_mvds_counts_coalescence(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    d = decompose_bcnf(rel)
    comps = [frozenset(c.attributes) for c in d.components]
    assert d.lossless == o.lossless(comps)
    for s in comps:
        assert o.component_is_bcnf(s)


@settings(max_examples=100, deadline=None)
@given(cases(max_attrs=7), st.data())
def test_chase_and_preservation_on_random_decompositions(case: tuple[Relation, Oracle],
                                                         data: st.DataObject) -> None:
    rel, o = case
    k = data.draw(st.integers(1, 4))
    comps = [frozenset(data.draw(st.sets(st.sampled_from(rel.attributes), min_size=1))) for _ in range(k)]
    missing = o.R - frozenset().union(*comps)
    comps[0] = comps[0] | missing
    assert is_lossless(rel, comps) == o.lossless(comps)
    assert preserves_dependencies(rel, comps) == o.preserving(comps)
    s = comps[-1]
    _check_component_fds(o, s, project(rel, s))


@settings(max_examples=40, deadline=None)
@given(cases(max_attrs=5, with_mvds=True), st.data())
def test_chase_with_mvds(case: tuple[Relation, Oracle], data: st.DataObject) -> None:
    rel, o = case
    if rel.mvds and data.draw(st.booleans()):  # split on a declared MVD: lossless by the MVD alone
        m = rel.mvds[0]
        comps = [m.lhs | m.rhs, o.R - (m.rhs - m.lhs)]
    else:
        k = data.draw(st.integers(1, 3))
        comps = [frozenset(data.draw(st.sets(st.sampled_from(rel.attributes), min_size=1))) for _ in range(k)]
        comps[0] = comps[0] | (o.R - frozenset().union(*comps))
    assert is_lossless(rel, comps) == o.lossless(comps)


def test_names_come_from_the_namer_and_stay_unique() -> None:
    rel = Relation("orders", ("order_id", "customer_id", "customer_name", "zip", "city"),
                   (FD.of("order_id", "customer_id"), FD.of("customer_id", "customer_name zip"),
                    FD.of("zip", "city")))
    seen: list[NameRequest] = []

    def namer(req: NameRequest) -> str:
        seen.append(req)
        return "orders" if req.main else "lookup"

    d = decompose_bcnf(rel, namer)
    assert [c.name for c in d.components] == ["orders", "lookup", "lookup_2"]
    assert {r.determinant for r in seen if not r.main} == {("customer_id",), ("zip",)}
    default = {c.name: c for c in synthesize_3nf(rel).components}
    assert set(default) == {"orders", "customer_id", "zip"}
    assert default["zip"].key == ("zip",) and default["orders"].key == ("order_id",)


def test_mvd_split_is_lossless_only_through_the_mvd() -> None:
    from core.normalize.fds import MVD

    with_mvd = Relation("R", ("course", "teacher", "book"), (), (MVD.of("course", "teacher"),))
    without = Relation("R", ("course", "teacher", "book"))
    split = [["course", "teacher"], ["course", "book"]]
    assert is_lossless(with_mvd, split) and not is_lossless(without, split)


def test_main_component_keeps_the_declared_primary_key() -> None:
    from core.normalize.analysis import analyze

    rel = Relation.build("R", ["A", "B", "C"], [FD.of("A B", "C"), FD.of("C", "B")], primary_key=["A", "C"])
    a = analyze(rel)
    assert a.candidate_keys == (("A", "B"), ("A", "C"))
    assert a.synthesis_3nf.components[0].key == ("A", "C")
    assert a.bcnf_decomposition.components[0].key == ("A", "C")


def test_references_point_from_child_to_the_key_holder() -> None:
    rel = Relation.build("orders", ["order_id", "customer_id", "customer_name"],
                         [FD.of("customer_id", "customer_name")], primary_key=["order_id"])
    d = decompose_bcnf(rel)
    assert d.references() == [("orders", ("customer_id",), "customer_id")]
    assert d.component_fds(d.components[1]) == (FD.of("customer_id", "customer_name", "projected"),)
