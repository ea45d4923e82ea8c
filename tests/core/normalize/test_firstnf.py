"""1NF heuristics: repeating groups, delimited lists, arrays and JSON lists."""

from __future__ import annotations

from core.normalize.analysis import analyze
from core.normalize.firstnf import Column, first_nf_violations
from core.normalize.relation import Relation


def _flagged(columns: list[tuple[str, str | None]]) -> list[tuple[str, ...]]:
    return [v.attributes for v in first_nf_violations(columns)]


def test_repeating_groups() -> None:
    assert _flagged([("phone1", "text"), ("phone2", "text"), ("phone3", "text"), ("name", "text")]) == [
        ("phone1", "phone2", "phone3")]
    assert _flagged([("address_line_1", "varchar(80)"), ("address_line_2", "varchar(80)")]) == [
        ("address_line_1", "address_line_2")]
    # not a group: a single member, numbers that are versions, mixed types, one-letter stems
    assert _flagged([("phone1", "text")]) == []
    assert _flagged([("ipv4", "inet"), ("ipv6", "inet")]) == []
    assert _flagged([("sha1", "text"), ("sha256", "text")]) == []
    assert _flagged([("score1", "integer"), ("score2", "text")]) == []
    assert _flagged([("x1", "float"), ("x2", "float")]) == []


def test_delimited_lists_by_name_or_note() -> None:
    assert _flagged([("tags", "text"), ("role_ids", "varchar(200)"), ("emails_csv", None)]) == [
        ("tags",), ("role_ids",), ("emails_csv",)]
    assert _flagged([("tags", "integer"), ("title", "text"), ("order_id", "bigint")]) == []
    noted = first_nf_violations([Column("recipients", "text", "comma-separated e-mail addresses")])
    assert [v.attributes for v in noted] == [("recipients",)]
    assert "delimited list" in noted[0].explanation


def test_arrays_and_json_lists() -> None:
    assert _flagged([("labels", "text[]")]) == [("labels",)]
    assert _flagged([("line_items", "jsonb"), ("payload", "jsonb"), ("settings", "json"),
                     ("status", "jsonb")]) == [("line_items",)]
    (v,) = first_nf_violations([("embedding", "vector(3)"), ("scores", "integer[]")])
    assert v.kind == "1nf" and v.fd is None and "scores is an array (integer[])" in v.explanation


def test_analysis_reports_1nf_findings_without_changing_the_label() -> None:
    rel = Relation("contacts", ("id", "phone1", "phone2"))
    a = analyze(rel, columns=[("id", "bigint"), ("phone1", "text"), ("phone2", "text")])
    assert a.normal_form == "BCNF"
    assert [(v.kind, v.attributes) for v in a.violations] == [("1nf", ("phone1", "phone2"))]
    assert a.to_json()["violations"][0]["fd"] is None
