"""SARIF 2.1.0 output, for code-scanning user interfaces (GitHub, GitLab, IDEs).

One run, with the tool's rules (id, title, rationale, default level) and one result per
finding: ``ruleId``, ``level``, ``message`` and a location in the model file (with its line when
the file could be located) plus a logical location (``entity.attribute``). Suppressed findings
carry an ``inSource`` suppression with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import __version__
from core.lint.finding import Finding
from core.lint.registry import RULES
from core.lint.runner import LintReport

__all__ = ["SARIF_SCHEMA", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def to_sarif(report: LintReport, artifact: str, line_of: Callable[[Finding], int | None] | None = None
             ) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (a JSON-ready dict).

    Parameters
    ----------
    report
        The review.
    artifact
        The model file's path or URI, as results should point at it.
    line_of
        The 1-based line of a finding in that file (``None`` when unknown).
    """
    rule_ids = list(report.rules) or list(RULES)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = [{
        "id": r.id,
        "name": "".join(w.capitalize() for w in r.id.split("-")),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.rationale},
        "help": {"text": r.rationale},
        "defaultConfiguration": {"level": _LEVELS[r.severity]},
        "properties": {"tags": [r.theme]},
    } for r in (RULES[i] for i in rule_ids)]
    results = []
    for f in report.findings:
        region: dict[str, Any] = {}
        line = line_of(f) if line_of is not None else None
        if line is not None:
            region = {"region": {"startLine": line}}
        logical = ".".join(x for x in (f.entity, f.attribute) if x) or "model"
        result: dict[str, Any] = {
            "ruleId": f.rule_id,
            "level": _LEVELS.get(f.severity, "note"),
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {"artifactLocation": {"uri": artifact}, **region},
                "logicalLocations": [{"fullyQualifiedName": logical,
                                      "kind": "member" if f.attribute else "type"}],
            }],
            "partialFingerprints": {"tablewright/v1": "|".join(str(x) for x in f.key[:4])},
        }
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        if f.constraint:
            result["properties"] = {"constraint": f.constraint}
        if f.suppressed_reason is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": f.suppressed_reason}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tablewright", "version": __version__, "rules": rules}},
            "artifacts": [{"location": {"uri": artifact}}],
            "results": results,
        }],
    }
