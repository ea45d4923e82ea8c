"""A file tablewright wrote loads back to the same model and saves back byte-identical."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from model_strategies import HOSTILE, MULTILINE, models

from core.model import DataModel
from core.storage import dumps, loads
from core.storage.emit import emit_document
from core.validate import validate_model


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_random_valid_models_round_trip_byte_identical(model: DataModel) -> None:
    assert validate_model(model) == []
    text = dumps(model)
    again = loads(text, "random.yaml")
    assert again == model
    assert dumps(again) == text


def test_hostile_strings_read_back_as_the_same_strings_with_both_loaders() -> None:
    values = HOSTILE + MULTILINE + ["", " ", "\t", "a" * 300]
    doc = {"plain": values, "keyed": {f"k{i}": v for i, v in enumerate(values)},
           "flowed": [{"name": v, "type": "t"} for v in values]}
    text = emit_document(doc)
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        back = yaml.load(text, Loader=loader)
        assert back["plain"] == values
        assert list(back["keyed"].values()) == values
        assert [d["name"] for d in back["flowed"]] == values
