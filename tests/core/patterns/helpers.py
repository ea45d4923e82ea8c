"""Helpers for the pattern tests (no fixtures here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.model import DataModel
from core.patterns import get_pattern
from core.storage import load
from tests.conftest import ROOT


def sample(name: str) -> DataModel:
    """A sample model by file stem."""
    return load(ROOT / "sample_models" / f"{name}.yaml").model


def applied(model: DataModel, pattern: str, targets: Sequence[str] = (),
            params: Mapping[str, Any] | None = None) -> DataModel:
    """``model`` with the pattern applied; also checks that undo gives back the exact original."""
    batch = get_pattern(pattern).apply(model, targets, params)
    new, undo = batch.apply(model)
    back, _ = undo.apply(new)
    assert back == model
    assert new != model
    return new


def yaml_model(text: str) -> DataModel:
    """A model from YAML text (``format_version`` and ``name`` added)."""
    from core.storage import loads

    return loads("format_version: 1\nname: test\n" + text)


PRICES = """
entities:
  - name: products
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: sku, type: text, nullable: false}
    primary_key: {columns: [id]}
  - name: prices
    attributes:
      - {name: product_id, type: bigint, nullable: false}
      - {name: currency, type: text, nullable: false}
      - {name: amount, type: 'numeric(12,2)', nullable: false}
    primary_key: {columns: [product_id, currency]}
    foreign_keys:
      - {columns: [product_id], references: products}
"""
