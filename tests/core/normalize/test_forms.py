"""Normal forms and violation lists against the brute-force oracle."""

from __future__ import annotations

from hypothesis import given, settings

from core.normalize.analysis import analyze
from core.normalize.fds import FD
from core.normalize.forms import (
    bcnf_violations,
    is_2nf,
    is_3nf,
    is_4nf,
    is_bcnf,
    normal_form,
    partial_dependencies,
    transitive_dependencies,
)
from core.normalize.relation import Relation
from tests.core.normalize.oracle import Oracle
from tests.core.normalize.strategies import as_deps, cases


@settings(max_examples=150, deadline=None)
@given(cases(max_attrs=10))
def test_normal_forms_and_violations_match_oracle(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    assert is_2nf(rel) == o.is_2nf()
    assert is_3nf(rel) == o.is_3nf()
    assert is_bcnf(rel) == o.is_bcnf()
    assert normal_form(rel) == o.highest()
    assert as_deps(partial_dependencies(rel)) == o.partial()
    assert as_deps(transitive_dependencies(rel)) == o.transitive()
    assert as_deps(bcnf_violations(rel)) == o.bcnf()


@settings(max_examples=60, deadline=None)
@given(cases(max_attrs=5, with_mvds=True))
def test_with_mvds_forms_match_chase_oracle(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    assert is_4nf(rel) == o.is_4nf()
    assert normal_form(rel) == o.highest()
    assert as_deps(partial_dependencies(rel)) == o.partial()
    assert as_deps(transitive_dependencies(rel)) == o.transitive()
    assert as_deps(bcnf_violations(rel)) == o.bcnf()


@settings(max_examples=60, deadline=None)
@given(cases(max_attrs=8))
def test_analysis_violations_are_the_oracle_lists(case: tuple[Relation, Oracle]) -> None:
    rel, o = case
    a = analyze(rel)
    by_kind: dict[str, set[tuple[frozenset[str], frozenset[str]]]] = {"partial": set(), "transitive": set(),
                                                                       "bcnf": set()}
    for v in a.violations:
        assert v.fd is not None
        by_kind[v.kind].add((v.fd.lhs, v.fd.rhs))
        assert frozenset(v.key) in o.keys
        named = v.fd.rhs if v.kind != "bcnf" else v.fd.lhs
        assert all(n in v.explanation for n in named)
    assert by_kind == {"partial": o.partial(), "transitive": o.transitive(), "bcnf": o.bcnf()}
    assert a.normal_form == o.highest()
    assert a.violations_complete and a.keys_complete


@settings(max_examples=80, deadline=None)
@given(cases(max_attrs=8))
def test_cover_violations_are_sound_and_enough_to_judge(case: tuple[Relation, Oracle]) -> None:
    """The fast listing (violations among the minimal cover's FDs) only lists real violations,
    finds one whenever 3NF or BCNF fails, and leaves the normal form exact."""
    rel, o = case
    a = analyze(rel, exhaustive=False)
    oracle = {"partial": o.partial(), "transitive": o.transitive(), "bcnf": o.bcnf()}
    kinds = set()
    for v in a.violations:
        assert v.fd is not None and frozenset(v.key) in o.keys | ({frozenset()} if not o.keys else set())
        kinds.add(v.kind)
        assert (v.fd.lhs, v.fd.rhs) in oracle[v.kind] or v.kind == "bcnf"
        if v.kind == "bcnf":  # the determinant is a minimal violating one of the oracle
            assert any(lhs == v.fd.lhs for lhs, _ in oracle["bcnf"]) or not o.superkey(v.fd.lhs)
    assert bool(kinds & {"partial", "transitive"}) == (not o.is_3nf())
    assert ("bcnf" in kinds) == (not o.is_bcnf())
    assert a.normal_form == o.highest()


def test_transitive_explanation_names_the_chain() -> None:
    rel = Relation.build("customers", ["customer_id", "zip", "city"], [FD.of("zip", "city")],
                         primary_key=["customer_id"])
    (v,) = [v for v in analyze(rel).violations if v.kind == "transitive"]
    assert v.explanation == ("city depends on zip, which is not a key; zip in turn depends on the key "
                             "customer_id (customer_id -> zip -> city)")
    assert v.key == ("customer_id",)


def test_partial_on_empty_set_counts() -> None:
    # {} -> C with key {A}: the empty set is a proper subset of the key
    rel = Relation("R", ("A", "B", "C"), (FD.of("A", "B"), FD.of([], "C")))
    assert normal_form(rel) == "1NF"
    (fd,) = partial_dependencies(rel)
    assert fd.lhs == frozenset() and fd.rhs == {"C"}
    v = next(v for v in analyze(rel).violations if v.kind == "partial")
    assert "C has one value for the whole table" in v.explanation


def test_four_nf_only_with_mvds() -> None:
    plain = Relation("R", ("A", "B"), (FD.of("A", "B"),))
    assert normal_form(plain) == "BCNF"
    from core.normalize.fds import MVD

    split = Relation("R", ("course", "teacher", "book"), (), (MVD.of("course", "teacher"),))
    assert normal_form(split) == "BCNF" and not is_4nf(split)
    keyed = Relation("R", ("course", "teacher", "book"), (FD.of("course", "teacher book"),),
                     (MVD.of("course", "teacher"),))
    assert normal_form(keyed) == "4NF"
