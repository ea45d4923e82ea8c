"""Patterns combined on every sample model: the DDL of the result runs on a real PostgreSQL,
the review adds nothing, and one undo per pattern walks back to the exact original."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.errors import CommandError
from core.lint import lint_model
from core.model import DataModel
from core.patterns import get_pattern
from core.patterns.common import key_elements
from core.storage import load
from tests.conftest import sample_model_paths
from tests.core.patterns.conftest import SchemaDB

#: Per-table patterns, each applied to the first entity of the sample that takes it.
STEPS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("soft-delete", {}), ("audit-trail", {}), ("system-versioned", {}), ("cdc-trigger", {}), ("cdc-notify", {}),
    ("vector-embeddings", {}), ("jsonb-document", {"required": "kind:string"}),
    ("hierarchy", {"strategy": "closure-table"}), ("bi-temporal", {}),
)
NEEDS_GIST = ("system-versioned", "bi-temporal")  # the embedded server has no btree_gist


def _fits(model: DataModel, name: str, entity: str) -> bool:
    """Whether the step suits the entity here: no btree_gist needed; bi-temporal not on a link table."""
    e = model.find_entity(entity)
    if name not in NEEDS_GIST or e is None or e.primary_key is None:
        return True
    if e.distribution is not None and e.distribution.kind == "distributed":
        return False  # Citus needs the distribution column WITH =: btree_gist
    if name == "bi-temporal" and set(e.primary_key.columns) <= {c for fk in e.foreign_keys for c in fk.columns}:
        return False
    return not key_elements(e, e.primary_key.columns)[1]


def _combined(model: DataModel) -> tuple[DataModel, list[tuple[str, Any]]]:
    undos: list[tuple[str, Any]] = []
    for name, params in STEPS:
        for entity in model.entities:
            if not _fits(model, name, entity.name) or "history" in entity.tags:
                continue
            try:
                batch = get_pattern(name).apply(model, [entity.name], params)
            except CommandError:
                continue
            model, undo = batch.apply(model)
            undos.append((f"{name} {entity.name}", undo))
            break
    return model, undos


def _findings(model: DataModel) -> set[tuple[str, str | None, str | None, str | None]]:
    """The review's findings; a history table's are its source's (it repeats the source's columns)."""
    return {(f.rule_id, (f.entity or "").removesuffix("_history"), f.attribute, f.constraint)
            for f in lint_model(model).active}


@pytest.mark.postgres
@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_patterns_combined_on_a_sample_run_review_clean_and_undo_exactly(path: Path, db: SchemaDB) -> None:
    original = load(path).model
    model, undos = _combined(original)
    assert len(undos) >= 4, [u for u, _ in undos]
    assert _findings(model) - _findings(original) == set()
    db.run_model(model)  # the whole script, on PostgreSQL
    back = model
    for _, undo in reversed(undos):
        back, _ = undo.apply(back)
    assert back == original
