"""The model file's ``lint:`` section: disable, severity, suppress with a reason, options; and the
per-entity review a panel re-runs after each edit."""

from __future__ import annotations

import pytest

from core.errors import TablewrightError
from core.lint import LintReport, lint_model
from core.lint.context import context_for
from core.storage import load
from tests.conftest import sample_model_paths
from tests.core.lint.cases import CASES, CUSTOMERS, model, orders

BAD = CUSTOMERS + orders("      - {name: customer_id, type: bigint, nullable: false}\n"
                         "      - {name: unit_price, type: real, nullable: false}\n")


def rules_of(report: LintReport) -> set[tuple[str, str | None, str | None]]:
    return {(f.rule_id, f.entity, f.attribute) for f in report.active}


def test_defaults_flag_an_error_and_fail_the_gate() -> None:
    report = lint_model(model(BAD))
    assert ("money-as-float", "orders", "unit_price") in rules_of(report)
    assert ("relation-suggested", "orders", "customer_id") in rules_of(report)
    assert report.exit_code == 1


def test_disable_removes_a_rule() -> None:
    report = lint_model(model(BAD, "lint: {disable: [money-as-float]}\n"))
    assert "money-as-float" not in {r for r, _, _ in rules_of(report)}
    assert "money-as-float" not in report.rules
    assert report.exit_code == 0


def test_severity_override_changes_the_gate_both_ways() -> None:
    report = lint_model(model(BAD, "lint: {severity: {money-as-float: warning, relation-suggested: error}}\n"))
    by_rule = {f.rule_id: f.severity for f in report.active}
    assert by_rule["money-as-float"] == "warning" and by_rule["relation-suggested"] == "error"
    assert report.exit_code == 1
    report = lint_model(model(BAD, "lint: {severity: {money-as-float: info}}\n"))
    assert report.exit_code == 0


def test_suppression_needs_to_match_rule_entity_and_attribute() -> None:
    head = ("lint:\n  suppress:\n    - {rule: money-as-float, entity: orders, attribute: unit_price, "
            "reason: measured in milli-cents upstream}\n")
    report = lint_model(model(BAD, head))
    (f,) = [f for f in report.findings if f.rule_id == "money-as-float"]
    assert f.suppressed and f.suppressed_reason == "measured in milli-cents upstream"
    assert f not in report.active and f in report.suppressed
    assert report.exit_code == 0 and report.unused_suppressions == ()
    other = head.replace("attribute: unit_price", "attribute: customer_id")
    report = lint_model(model(BAD, other))
    assert report.exit_code == 1
    assert [s.attribute for s in report.unused_suppressions] == ["customer_id"]


def test_suppression_by_entity_covers_every_finding_there() -> None:
    head = "lint:\n  suppress:\n    - {rule: relation-suggested, entity: orders, reason: loaded from a CSV nightly}\n"
    report = lint_model(model(BAD, head))
    assert all(f.suppressed for f in report.findings if f.rule_id == "relation-suggested")


def test_options_change_thresholds() -> None:
    wide = orders("".join(f"      - {{name: c{i}x, type: text}}\n" for i in range(12)))
    assert not lint_model(model(wide), rules=["god-table"]).active
    assert lint_model(model(wide, "lint: {options: {god-table.max_columns: 10}}\n"), rules=["god-table"]).active
    long_name = orders("", name="a_table_name_of_thirty_five_bytes_x")
    head = "lint: {options: {identifier-too-long.max_length: 30}}\n"
    assert not lint_model(model(long_name), rules=["identifier-too-long"]).active
    assert lint_model(model(long_name, head), rules=["identifier-too-long"]).active


def test_config_mistakes_are_reported_not_fatal() -> None:
    head = ("lint:\n  disable: [fk-unindex]\n  severity: {pk-mising: info}\n  options: {god-table.max_cols: 3, x: 1}\n"
            "  suppress:\n    - {rule: money-as-float, reason: ' '}\n")
    problems = lint_model(model(BAD, head)).config_problems
    assert any('unknown rule "fk-unindex"' in p and 'did you mean "fk-unindexed"' in p for p in problems)
    assert any('"pk-mising"' in p for p in problems)
    assert any('no option "max_cols"' in p for p in problems)
    assert any("needs a reason" in p for p in problems)


def test_unknown_entity_or_rule_is_a_clear_error() -> None:
    with pytest.raises(TablewrightError, match=r'"order" is not in the model.*did you mean "orders"'):
        lint_model(model(BAD), entity="order")
    with pytest.raises(TablewrightError, match='unknown rule "pk-mising"'):
        lint_model(model(BAD), rules=["pk-mising"])


MODELS = [load(p).model for p in sample_model_paths()] + [c.bad_model() for c in CASES]


@pytest.mark.parametrize("index", range(len(MODELS)))
def test_per_entity_review_is_the_whole_review_restricted(index: int) -> None:
    m = MODELS[index]
    whole = lint_model(m).findings
    parts = tuple(f for e in m.entities for f in lint_model(m, entity=e).findings)
    assert parts == whole
    assert all(f.entity_key is not None and m.entity(f.entity_key) is not None for f in whole)


def test_context_is_reused_for_the_same_model_and_rebuilt_after_an_edit() -> None:
    m = model(BAD)
    assert context_for(m) is context_for(m)
    fix = next(f.fix for f in lint_model(m).active if f.fix is not None)
    edited, _ = fix.apply(m)
    assert context_for(edited) is not context_for(m)
