"""Every case of the shared normalization corpus (../shared/corpus/normalization/cases.json)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.normalize.analysis import analyze
from core.normalize.chase import is_lossless, preserves_dependencies
from core.normalize.fds import FD, MVD
from core.normalize.forms import (
    Facts,
    bcnf_violations,
    partial_dependencies,
    transitive_dependencies,
)
from core.normalize.relation import Relation
from tests.conftest import CORPUS, corpus_path
from tests.core.normalize.oracle import Oracle, closure
from tests.core.normalize.strategies import as_deps

_FILE = CORPUS / "normalization" / "cases.json"
_IDS = [c["id"] for c in json.loads(_FILE.read_text())["cases"]] if _FILE.exists() else ["(corpus absent)"]


@pytest.fixture(scope="module")
def corpus() -> dict[str, dict[str, Any]]:
    data = json.loads(corpus_path("normalization", "cases.json").read_text())
    return {c["id"]: c for c in data["cases"]}


def _deps(items: list[dict[str, list[str]]]) -> set[tuple[frozenset[str], frozenset[str]]]:
    return {(frozenset(d["lhs"]), frozenset(d["rhs"])) for d in items}


@pytest.mark.parametrize("case_id", _IDS)
def test_case(corpus: dict[str, dict[str, Any]], case_id: str) -> None:
    case = corpus[case_id]
    exp = case["expected"]
    rel = Relation(case["relation"], tuple(case["attributes"]),
                   tuple(FD.of(d["lhs"], d["rhs"]) for d in case["fds"]),
                   tuple(MVD.of(d["lhs"], d["rhs"]) for d in case["mvds"]))
    a = analyze(rel)
    assert {frozenset(k) for k in a.candidate_keys} == {frozenset(k) for k in exp["candidate_keys"]}
    assert set(a.prime_attributes) == set(exp["prime_attributes"])
    assert a.normal_form == exp["highest_nf"]
    facts = Facts(rel)
    assert (facts.is_2nf(), facts.is_3nf(), facts.is_bcnf()) == (exp["is_2nf"], exp["is_3nf"], exp["is_bcnf"])
    if "is_4nf" in exp:
        assert facts.is_4nf() == exp["is_4nf"]
    assert as_deps(partial_dependencies(rel)) == _deps(exp["partial_dependencies"])
    assert as_deps(transitive_dependencies(rel)) == _deps(exp["transitive_dependencies"])
    assert as_deps(bcnf_violations(rel)) == _deps(exp["bcnf_violations"])
    for item in exp.get("closures", []):
        assert rel.closure(item["of"]) == frozenset(item["closure"])
    for check in exp.get("decomposition_checks", []):
        comps = check["decomposition"]
        assert is_lossless(rel, comps) == check["lossless"], comps
        assert preserves_dependencies(rel, comps) == check["dependency_preserving"], comps

    # the minimal cover: equivalent to F, no extraneous attribute, no redundant FD
    fds = [(frozenset(d["lhs"]), frozenset(d["rhs"])) for d in case["fds"]]
    cover = [(fd.lhs, fd.rhs) for fd in a.minimal_cover]
    assert all(rh <= closure(lh, cover) for lh, rh in fds) and all(rh <= closure(lh, fds) for lh, rh in cover)
    for i, (lhs, rhs) in enumerate(cover):
        assert not rhs <= closure(lhs, cover[:i] + cover[i + 1:])
        assert all(not rhs <= closure(lhs - {x}, fds) for x in lhs)

    # both decompositions, judged by the oracle
    o = Oracle(rel.attributes, fds, [(frozenset(d["lhs"]), frozenset(d["rhs"])) for d in case["mvds"]])
    syn = [frozenset(c.attributes) for c in a.synthesis_3nf.components]
    assert o.lossless(syn) and a.synthesis_3nf.lossless
    assert o.preserving(syn) and a.synthesis_3nf.dependency_preserving
    assert all(o.component_is_3nf(s) for s in syn)
    bcnf = [frozenset(c.attributes) for c in a.bcnf_decomposition.components]
    assert o.lossless(bcnf) and a.bcnf_decomposition.lossless
    assert a.bcnf_decomposition.dependency_preserving == o.preserving(bcnf)
    assert all(o.component_is_bcnf(s) for s in bcnf)
