"""Every rule fires on a model that has its problem and stays quiet on a close model that does not;
every fix clears its finding, keeps the model valid and gives DDL that runs on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from core.ddl import generate_ddl
from core.lint import RULES, SEVERITIES, apply_fixes, lint_model
from core.validate import validate_model
from tests.core.lint.cases import CASES, Case

IDS = [c.rule for c in CASES]

#: The rule ids the issue lists: they are part of the interface.
ISSUE_RULES = (
    "pk-missing", "fk-dangling", "fk-type-mismatch", "fk-unindexed", "fk-cycle", "relation-suggested",
    "index-redundant", "unique-nullable", "polymorphic-fk", "eav-table", "god-table", "smart-key",
    "repeating-group", "csv-column", "calculated-without-source", "nullable-without-reason",
    "missing-timestamps", "status-without-check", "pk-type", "prefer-identity", "prefer-timestamptz",
    "prefer-text", "money-as-float", "prefer-jsonb", "jsonb-without-check", "soft-delete-unique",
    "tenant-missing", "tenant-index-order", "rls-missing", "citus-colocation", "vector-without-index",
    "identifier-too-long", "reserved-name", "naming-inconsistent", "same-name-different-type",
)


def test_every_issue_rule_exists_and_has_a_case() -> None:
    assert set(ISSUE_RULES) <= set(RULES)
    assert set(RULES) <= set(IDS)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_metadata(rule_id: str) -> None:
    r = RULES[rule_id]
    assert r.severity in SEVERITIES
    assert len(r.title) > 10 and len(r.rationale) > 150, "a title and a one-paragraph rationale"
    assert "\n" not in r.rationale


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_rule_fires_on_the_bad_model(case: Case) -> None:
    found = lint_model(case.bad_model(), rules=[case.rule]).active
    assert found, f"{case.rule} found nothing"
    assert all(f.rule_id == case.rule and f.entity for f in found)
    assert all(f.message and f.path[:1] == ("entities",) for f in found)
    assert all(f.fix is not None for f in found) == case.fix


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_rule_is_quiet_on_the_close_good_model(case: Case) -> None:
    good = case.good_model()
    assert validate_model(good) == []
    assert lint_model(good, rules=[case.rule]).active == ()


FIXABLE = [c for c in CASES if c.fix]


@pytest.mark.parametrize("case", FIXABLE, ids=[c.rule for c in FIXABLE])
def test_each_fix_clears_its_own_finding(case: Case) -> None:
    bad = case.bad_model()
    for f in lint_model(bad, rules=[case.rule]).active:
        assert f.fix is not None
        fixed, undo = f.fix.apply(bad)
        assert f.key not in {g.key for g in lint_model(fixed, rules=[case.rule]).active}
        assert undo.apply(fixed)[0] == bad  # one undo step restores the model


@pytest.mark.postgres
@pytest.mark.parametrize("case", FIXABLE, ids=[c.rule for c in FIXABLE])
def test_fixed_model_validates_and_its_ddl_runs(case: Case, pg_conn: Any) -> None:
    outcome = apply_fixes(case.bad_model(), [case.rule])
    assert outcome.applied and not outcome.failed
    assert outcome.remaining == ()
    assert validate_model(outcome.model) == []
    pg_conn.execute(generate_ddl(outcome.model).sql)
    tables = {r[0] for r in pg_conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").fetchall()}
    assert {e.name for e in outcome.model.entities} <= tables
