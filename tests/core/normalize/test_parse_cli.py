"""Text syntax and the `tablewright fd` command: exit codes, JSON keys, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.cli import main
from core.normalize.fds import MVD, NormalizeError
from core.normalize.parse import parse_dependency, parse_relation, parse_schema
from tests.conftest import ROOT

JSON_KEYS = {"attributes", "candidate_keys", "prime_attributes", "minimal_cover", "normal_form", "violations",
             "synthesis_3nf", "bcnf_decomposition", "lossless", "dependency_preserving",
             # whether the enumerations were cut short, and what that left of the normal form
             "keys_complete", "violations_complete", "normal_form_exact", "normal_form_at_most"}


def test_schema_and_dependency_syntax() -> None:
    assert parse_schema("orders(order_id, customer_id zip)") == ("orders", ("order_id", "customer_id", "zip"))
    assert parse_schema("a b c") == ("R", ("a", "b", "c"))
    assert parse_schema('R("first name", age)') == ("R", ("first name", "age"))
    fd = parse_dependency("order_id customer_id -> zip", ("order_id", "customer_id", "zip"))
    assert fd.sides == (frozenset({"order_id", "customer_id"}), frozenset({"zip"}))
    assert parse_dependency("-> A", ("A", "B")).lhs == frozenset()
    assert isinstance(parse_dependency("A ->> B", ("A", "B")), MVD)
    # compact single-letter runs only when every attribute is one character
    assert parse_dependency("AB->C", tuple("ABC")).lhs == frozenset("AB")
    with pytest.raises(NormalizeError, match='unknown attribute "AB"'):
        parse_dependency("AB->C", ("A", "B", "C", "id"))


@pytest.mark.parametrize(
    ("schema", "dep", "message"),
    [
        ("R(A,B,C", "A->B", "check the parentheses near column 8"),
        ("R(A,B)", "A->X", 'unknown attribute "X" at column 4'),
        ("R(A,B)", "A B", "no arrow"),
        ("R(A,B)", "A->", "nothing after the arrow at column 4"),
        ("R(A,B)", "A->B->A", "more than one arrow (second at column 5)"),
        ("R(A,A)", "A->A", 'attribute "A" at column 5 is listed twice'),
        ("R(zip,city)", "zip -> cty", 'unknown attribute "cty" at column 8 (did you mean "city"?)'),
        ("R(A,B)", "A;->B", 'unexpected ";" at column 2'),
    ],
)
def test_malformed_input_says_where(schema: str, dep: str, message: str) -> None:
    with pytest.raises(NormalizeError) as err:
        parse_relation(schema, [dep])
    assert message in str(err.value)


def test_fd_json_has_exactly_the_issue_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["fd", "R(A,B,C,D)", "A->B", "B,C->D", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) == JSON_KEYS
    assert out["candidate_keys"] == [["A", "C"]]
    assert out["normal_form"] == "1NF"
    assert {"kind", "fd", "key", "explanation"} == set(out["violations"][0])
    assert {v["kind"] for v in out["violations"]} == {"partial", "transitive", "bcnf"}
    assert all(set(c) == {"name", "attributes", "key"} for c in out["synthesis_3nf"] + out["bcnf_decomposition"])
    assert set(out["lossless"]) == set(out["dependency_preserving"]) == {"synthesis_3nf", "bcnf_decomposition"}
    assert out["lossless"] == {"synthesis_3nf": True, "bcnf_decomposition": True}
    assert out["dependency_preserving"]["synthesis_3nf"] is True


def test_fd_with_mvd_and_words(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["fd", "class(course, teacher, book)", "--mvd", "course ->> teacher", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["normal_form"] == "BCNF"
    assert [v["kind"] for v in out["violations"]] == ["mvd"]
    assert out["violations"][0]["fd"] == {"lhs": ["course"], "rhs": ["teacher"]}


def test_fd_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["fd", "customers(customer_id, zip, city)", "customer_id -> zip", "zip -> city"])
    out = capsys.readouterr().out
    assert code == 0
    assert "candidate keys:   {customer_id}" in out
    assert "normal form:      2NF" in out
    assert "city depends on zip, which is not a key" in out
    assert "BCNF decomposition (lossless: yes, dependency-preserving: yes)" in out


@pytest.mark.parametrize(
    "argv",
    [["fd", "R(A,B", "A->B"], ["fd", "R(A,B)", "A->Z"], ["fd", "R(A,B)", "--mvd", "A->B"], ["fd", "R(A)", "--max-keys", "-1"]],
)
def test_fd_errors_are_messages(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_fd_cli_in_a_subprocess_never_shows_a_traceback() -> None:
    proc = subprocess.run([sys.executable, "-c", "import sys; from core.cli import main; sys.exit(main())",
                           "fd", "R(A,B)", "A->C"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1
    assert 'unknown attribute "C" at column 4' in proc.stderr and "Traceback" not in proc.stderr
