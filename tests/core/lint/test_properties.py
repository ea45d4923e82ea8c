"""Properties on random models: the review never crashes, reviewing entity by entity gives the
whole review, and every fix either applies (keeping a valid model valid and removing its
finding) or is refused with a clear error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import CommandError
from core.lint import lint_model
from core.model import DataModel
from core.validate import validate_model
from tests.core.ddl.roundtrip_models import models as realistic_models
from tests.core.storage.model_strategies import models as hostile_models

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(hostile_models(), realistic_models()))
def test_review_is_total_and_entity_by_entity(model: DataModel) -> None:
    whole = lint_model(model)
    assert whole.findings == tuple(f for e in model.entities for f in lint_model(model, entity=e).findings)
    for f in whole.findings:
        assert f.entity_key is not None and model.entity(f.entity_key) is not None
        assert f.message and f.severity in ("error", "warning", "info")


@SETTINGS
@given(realistic_models())
def test_every_fix_applies_and_clears_its_finding(model: DataModel) -> None:
    assert validate_model(model) == []
    for f in lint_model(model).fixable():
        assert f.fix is not None
        try:
            fixed, _ = f.fix.apply(model)
        except CommandError:
            continue  # refused with a message: acceptable, never a crash or an invalid model
        assert validate_model(fixed) == []
        still = lint_model(fixed, rules=[f.rule_id]).active
        assert f.key not in {g.key for g in still}, f"{f.rule_id} at {f.location} survives its fix"
