"""Every sample model passes its own review; the legacy sample says why it does not need to."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.lint import lint_model
from core.storage import load
from tests.conftest import sample_model_paths


@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_sample_passes_its_own_review(path: Path) -> None:
    report = lint_model(load(path).model)
    assert report.config_problems == ()
    assert report.unused_suppressions == ()
    serious = [f"{f.rule_id} {f.location}" for f in report.active if f.severity != "info"]
    assert serious == []
    assert all(f.suppressed_reason and len(f.suppressed_reason) > 20 for f in report.suppressed)


def test_the_legacy_sample_shows_its_problems_on_purpose() -> None:
    model = load(sample_model_paths()[0].parent / "legacy_denormalized.yaml").model
    report = lint_model(model)
    assert {f.rule_id for f in report.suppressed} >= {"smart-key", "missing-timestamps", "prefer-text"}
    assert all("legacy" in (f.suppressed_reason or "") for f in report.suppressed)
    # without its suppressions the review complains
    bare = model.model_copy(update={"lint": model.lint.model_copy(update={"suppress": ()})})
    assert any(f.severity == "warning" for f in lint_model(bare).active)
