"""``view-bypasses-rls``: which views it flags, and what its fix does."""

from __future__ import annotations

from core.lint import apply_fixes, lint_model
from core.model import DataModel, View
from tests.core.lint.cases import MT, TENANTS, model, tenant_table


def _model(*views: View) -> DataModel:
    base = model(TENANTS + tenant_table("projects") + tenant_table("tasks", rls=""), MT)
    return base.model_copy(update={"views": views})


def test_only_views_reading_a_table_with_rls_are_flagged_once_per_view() -> None:
    m = _model(View(name="p", sql="SELECT id FROM projects"),
               View(name="t", sql="SELECT id FROM tasks"),  # no row-level security on tasks
               View(name="pt", sql="SELECT p.id FROM projects p JOIN tasks t ON t.id = p.id"),
               View(name="safe", sql="SELECT id FROM projects", security_invoker=True))
    found = lint_model(m, rules=["view-bypasses-rls"]).active
    assert [(f.entity, f.constraint) for f in found] == [("projects", "view p"), ("projects", "view pt")]
    outcome = apply_fixes(m, ["view-bypasses-rls"])
    assert [v.security_invoker for v in outcome.model.views] == [True, False, True, True]
    assert outcome.remaining == ()


def test_a_materialized_view_is_flagged_without_a_fix() -> None:
    m = _model(View(name="snapshot", sql="SELECT id FROM projects", materialized=True))
    (finding,) = lint_model(m, rules=["view-bypasses-rls"]).active
    assert finding.fix is None and "materialized view" in finding.message
