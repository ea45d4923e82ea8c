"""Apply lint fixes in bulk (``tablewright lint --fix RULE...``), safely.

A fix is computed against the model as it was reviewed (it may remove "index #2"), so fixes
are applied in rounds: at most one fix per entity per round, then the model is reviewed again
and the next round uses fresh fixes. A fix that cannot be applied (the guard refuses an edit
that would make the model invalid) is reported and not retried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.commands.guard import touched_keys
from core.errors import TablewrightError
from core.lint.finding import Finding
from core.lint.runner import lint_model
from core.model import DataModel, EntityKey

__all__ = ["FixOutcome", "apply_fixes"]


@dataclass(frozen=True)
class FixOutcome:
    """The fixed model, the findings whose fixes were applied (in order), those whose fix failed
    (with the reason), and the findings of the chosen rules still there afterwards."""

    model: DataModel
    applied: tuple[Finding, ...]
    failed: tuple[tuple[Finding, str], ...]
    remaining: tuple[Finding, ...]


def apply_fixes(model: DataModel, rules: Sequence[str], *, entity: str | None = None,
                max_rounds: int = 100) -> FixOutcome:
    """Apply the fixes of ``rules`` (rule ids) until none is left.

    Parameters
    ----------
    model
        The model to fix.
    rules
        The rule ids whose fixes to apply.
    entity
        Only fix findings on this entity.
    max_rounds
        A bound on the review-and-fix rounds.

    Returns
    -------
    FixOutcome
    """
    applied: list[Finding] = []
    failed: list[tuple[Finding, str]] = []
    refused: set[tuple[str, str | None, str | None, str | None, str]] = set()
    for _ in range(max_rounds):
        report = lint_model(model, rules=rules, entity=entity)
        todo = [f for f in report.fixable() if f.key not in refused]
        touched: set[EntityKey | None] = set()
        progress = False
        for f in todo:
            if f.entity_key in touched or f.fix is None:
                continue
            try:
                new, _ = f.fix.apply(model)
            except TablewrightError as exc:
                failed.append((f, str(exc)))
                refused.add(f.key)
                continue
            touched |= {f.entity_key, *touched_keys(model, new)}
            model = new
            applied.append(f)
            progress = True
        if not progress:
            break
    remaining = lint_model(model, rules=rules, entity=entity).active
    return FixOutcome(model, tuple(applied), tuple(failed), remaining)
