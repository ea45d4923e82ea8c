"""A file tablewright wrote loads back to the same model and saves back byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from model_strategies import HOSTILE, MULTILINE, models

from core.model import DataModel
from core.storage import dumps, json_schema, load, loads, save
from core.storage.emit import emit_document
from core.validate import validate_model


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


SAMPLES = sorted((Path(__file__).resolve().parents[3] / "sample_models").glob("*.yaml"))


def test_there_are_at_least_seven_samples() -> None:
    assert {p.stem for p in SAMPLES} >= {"ecommerce", "library", "saas_multitenant", "org_hierarchy",
                                          "event_store", "knowledge_base", "legacy_denormalized"}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_loads_and_saves_back_byte_identical(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    model = load(path).model
    assert dumps(model) == text
    copy = tmp_path / path.name
    save(model, copy)
    assert copy.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_satisfies_the_json_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, json_schema())


def test_the_json_schema_rejects_unknown_keys_and_describes_fields() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format_version": 1, "name": "m", "entitys": []}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format_version": 2, "name": "m"}, schema)
    attribute = schema["$defs"]["Attribute"]["properties"]
    assert "description" in attribute["type"] and "description" in attribute["nullable"]
