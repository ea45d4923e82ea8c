"""Every sample model passes its own review; the legacy sample says why it does not need to, and
imported corpus schemas are reviewed without a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.lint import lint_model
from core.storage import load
from core.validate import validate_model
from tests.conftest import corpus_path, sample_model_paths


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


SMALL_CORPUS = ["postgres/pagila.sql", "mysql/sakila.sql", "sqlite/chinook.sql"]


@pytest.mark.parametrize("name", SMALL_CORPUS)
def test_imported_corpus_schema_is_reviewed(name: str) -> None:
    from core.ddl.parse import import_file

    path = corpus_path("ddl", name)
    imported = import_file(path).model
    report = lint_model(imported)
    assert report.findings  # a real legacy schema always has something to say
    assert all(f.entity_key is not None and imported.entity(f.entity_key) is not None for f in report.findings)
    assert validate_model(imported) == [] or any(f.rule_id == "fk-dangling" for f in report.findings)
