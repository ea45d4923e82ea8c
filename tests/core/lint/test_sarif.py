"""SARIF 2.1.0 output checked against the structure the standard requires.

``SUBSET`` is written here from the SARIF 2.1.0 specification (OASIS, the ``sarif-schema-2.1.0``
definitions of the objects this output uses): required properties, the allowed property names
of each object (the schema forbids others), enumerations and minimums.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.lint import lint_model, to_sarif
from tests.core.lint.cases import CASES

jsonschema = pytest.importorskip("jsonschema")

MESSAGE = {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
           "properties": {"text": {"type": "string"}, "id": {"type": "string"}}}
MULTIFORMAT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
ARTIFACT_LOCATION = {"type": "object", "additionalProperties": False,
                     "properties": {"uri": {"type": "string"}, "uriBaseId": {"type": "string"},
                                    "index": {"type": "integer"}, "description": MESSAGE, "properties": {}}}
SUBSET: dict[str, Any] = {
    "type": "object", "required": ["version", "runs"], "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"}, "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"},
                                   "rules": {"type": "array", "uniqueItems": True, "items": {
                                       "type": "object", "required": ["id"], "additionalProperties": False,
                                       "properties": {
                                           "id": {"type": "string"}, "name": {"type": "string"},
                                           "shortDescription": MULTIFORMAT, "fullDescription": MULTIFORMAT,
                                           "help": MULTIFORMAT, "properties": {"type": "object"},
                                           "defaultConfiguration": {"type": "object", "properties": {
                                               "level": {"enum": ["none", "note", "warning", "error"]}}}}}}}}}},
                "artifacts": {"type": "array", "items": {"type": "object", "properties": {
                    "location": ARTIFACT_LOCATION}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"], "additionalProperties": False,
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]}, "message": MESSAGE,
                        "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                        "properties": {"type": "object"},
                        "suppressions": {"type": "array", "items": {
                            "type": "object", "required": ["kind"],
                            "properties": {"kind": {"enum": ["inSource", "external"]},
                                           "justification": {"type": "string"}}}},
                        "locations": {"type": "array", "items": {
                            "type": "object", "additionalProperties": False,
                            "properties": {
                                "physicalLocation": {
                                    "type": "object", "additionalProperties": False,
                                    "properties": {"artifactLocation": ARTIFACT_LOCATION, "region": {
                                        "type": "object",
                                        "properties": {"startLine": {"type": "integer", "minimum": 1}}}}},
                                "logicalLocations": {"type": "array", "items": {
                                    "type": "object", "additionalProperties": False,
                                    "properties": {"fullyQualifiedName": {"type": "string"},
                                                   "name": {"type": "string"}, "kind": {"type": "string"}}}}}}}}}}}}},
    },
}


@pytest.mark.parametrize("case", CASES[::3], ids=[c.rule for c in CASES[::3]])
def test_sarif_log_matches_the_required_structure(case: Any) -> None:
    report = lint_model(case.bad_model())
    log = to_sarif(report, "models/case.yaml", lambda f: 3)
    jsonschema.validate(log, SUBSET)
    results = log["runs"][0]["results"]
    assert len(results) == len(report.findings)
    assert {r["ruleId"] for r in results} == {f.rule_id for f in report.findings}


def test_a_finding_without_a_line_has_no_region() -> None:
    report = lint_model(CASES[0].bad_model())
    log = to_sarif(report, "case.yaml")
    jsonschema.validate(log, SUBSET)
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"])


@pytest.mark.parametrize("breakage", ["level", "extra-key", "line-zero", "no-message"])
def test_the_structure_check_can_fail(breakage: str) -> None:
    log = to_sarif(lint_model(CASES[0].bad_model()), "case.yaml", lambda f: 1)
    result = log["runs"][0]["results"][0]
    if breakage == "level":
        result["level"] = "info"  # SARIF calls it "note"
    elif breakage == "extra-key":
        result["severity"] = "error"
    elif breakage == "line-zero":
        result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    else:
        del result["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, SUBSET)
