"""The normal form when candidate-key enumeration is cut short (issue 5 audit): never a wrong
answer, exact where it can be decided without every key, honest bounds otherwise; the CLI's
default bound, its note, and FDs with an empty left side on the command line."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.cli import main
from core.normalize.analysis import analyze
from core.normalize.fds import FD
from core.normalize.forms import NORMAL_FORMS
from core.normalize.relation import Relation
from tests.core.normalize.oracle import Oracle
from tests.core.normalize.strategies import cases


def _pairs(n: int) -> tuple[str, list[str]]:
    """R(a0..a(n-1), b0..b(n-1)) with ai <-> bi: 2**n candidate keys, every attribute prime, 3NF."""
    attrs = [f"a{i}" for i in range(n)] + [f"b{i}" for i in range(n)]
    fds = [f"a{i}->b{i}" for i in range(n)] + [f"b{i}->a{i}" for i in range(n)]
    return f"R({','.join(attrs)})", fds


def _relation(n: int, extra: list[tuple[str, str]] = ()) -> Relation:  # type: ignore[assignment]
    text, fds = _pairs(n)
    attrs = text[2:-1].split(",")
    attrs += sorted({a for lhs, rhs in extra for a in (*lhs.split(), *rhs.split())} - set(attrs))
    deps = [FD.of(*fd.split("->")) for fd in fds] + [FD.of(lhs, rhs) for lhs, rhs in extra]
    return Relation("R", tuple(attrs), tuple(deps))


def test_audit_case_is_3nf_with_five_keys_not_1nf(capsys: pytest.CaptureFixture[str]) -> None:
    text, fds = _pairs(14)
    assert main(["fd", text, *fds, "--max-keys", "5", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["keys_complete"] is False
    assert (data["normal_form"], data["normal_form_exact"], data["normal_form_at_most"]) == ("3NF", True, "3NF")
    assert {v["kind"] for v in data["violations"]} == {"bcnf"}  # no partial/transitive: every attribute is prime
    assert "stopped at --max-keys 5" in err and "(3NF) is exact" in err


def test_exact_without_keys_where_the_keys_do_not_matter() -> None:
    # a non-prime attribute c (on no left side) determined by part of a key: 1NF, proven with 2 keys
    a = analyze(_relation(6, [("a0", "c")]), key_limit=2)
    assert not a.keys_complete and a.normal_form_exact and a.normal_form == "1NF"
    # c -> d breaks 3NF for sure (d is on no left side); whether some hidden key has a part that
    # determines c (2NF) cannot be told without the keys: said as a range, not guessed
    a = analyze(_relation(4, [("a0 a1 a2 a3", "c"), ("c", "d")]), key_limit=2)
    assert (a.normal_form, a.normal_form_at_most, a.normal_form_text) == ("1NF", "2NF", "at least 1NF, at most 2NF")
    assert analyze(_relation(4, [("a0 a1 a2 a3", "c"), ("c", "d")])).normal_form == "2NF"  # the truth


@settings(max_examples=150, deadline=None)
@given(cases(max_attrs=8), st.integers(1, 3))
def test_bounds_always_hold_the_true_normal_form(case: tuple[Relation, Oracle], limit: int) -> None:
    rel, oracle = case
    a = analyze(rel, key_limit=limit)
    truth = NORMAL_FORMS.index(oracle.highest())
    low = NORMAL_FORMS.index(a.normal_form)
    high = NORMAL_FORMS.index(a.normal_form_at_most or a.normal_form)
    assert low <= truth <= high, (a.normal_form_text, oracle.highest())
    if a.keys_complete:
        assert a.normal_form_exact
    if a.normal_form_exact:
        assert a.normal_form == oracle.highest()
    for key in a.candidate_keys:  # keys found to prove primality are real keys
        assert frozenset(key) in oracle.keys


def test_an_open_case_is_said_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    text, fds = _pairs(4)
    text = text[:-1] + ",c,d)"
    argv = ["fd", text, *fds, "a0,a1,a2,a3->c", "c->d", "--max-keys", "2"]
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["normal_form"], data["normal_form_exact"], data["normal_form_at_most"]) == ("1NF", False, "2NF")
    assert data["keys_complete"] is False
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "normal form:      at least 1NF, at most 2NF  (not every key was enumerated)" in out
    assert "only known to be at least 1NF, at most 2NF" in err


def test_default_bound_keeps_the_cli_fast(capsys: pytest.CaptureFixture[str]) -> None:
    text, fds = _pairs(14)  # 16,384 keys: all of them take seconds
    start = time.perf_counter()
    assert main(["fd", text, *fds]) == 0
    assert time.perf_counter() - start < 5
    out, err = capsys.readouterr()
    assert "normal form:      3NF" in out
    assert "stopped at --max-keys 1000" in err and "--max-keys 0 for all" in err


def test_all_keys_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    text, fds = _pairs(5)
    assert main(["fd", text, *fds, "--max-keys", "0", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert len(data["candidate_keys"]) == 32 and data["keys_complete"] is True and err == ""


@pytest.mark.parametrize("argv", [["fd", "R(A,B)", "->B"], ["fd", "R(A,B)", "--", "->B"],
                                  ["fd", "R(A,B)", "->B", "--json"], ["fd", "R(A,B,C)", "A->C", "->B"]])
def test_empty_left_side_on_the_command_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    if "--json" in argv:
        assert {"lhs": [], "rhs": ["B"]} in json.loads(out)["minimal_cover"]
    else:
        assert "-> B" in out


def test_unknown_options_are_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["fd", "R(A,B)", "A->B", "--jsno"])
    assert "--jsno" in capsys.readouterr().err
