"""Apply lint fixes in bulk (``tablewright lint --fix RULE[,RULE...]``), safely.

A fix is computed against the model as it was reviewed (it may remove "index #2"), so fixes
are applied in rounds: at most one fix per entity per round, then the model is reviewed again
and the next round uses fresh fixes. A fix that cannot be applied (the guard refuses an edit
that would make the model invalid) is reported and not retried.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from core.commands.guard import touched_keys
from core.errors import TablewrightError
from core.lint.finding import Finding
from core.lint.runner import lint_model
from core.model import DataModel, EntityKey

FindingKey = tuple[str, str | None, str | None, str | None, str]

__all__ = ["FixOutcome", "apply_fixes"]


@dataclass(frozen=True)
class FixOutcome:
    """The fixed model, the findings whose fixes were applied (in order), those whose fix failed
    or was withheld (with the reason: refused by the guard, or the finding came back after its
    fix because another fix undid it), the findings of the chosen rules still there afterwards,
    and the number of review rounds it took."""

    model: DataModel
    applied: tuple[Finding, ...]
    failed: tuple[tuple[Finding, str], ...]
    remaining: tuple[Finding, ...]
    rounds: int = 0


def apply_fixes(model: DataModel, rules: Sequence[str], *, entity: str | None = None,
                max_rounds: int = 100) -> FixOutcome:
    """Apply the fixes of ``rules`` (rule ids) until none is left.

    The rounds reach a fixpoint, never an oscillation: a finding that comes back after its fix
    was applied (two rules undoing each other) is not fixed again but reported in
    :attr:`FixOutcome.failed`, and the rounds stop when a model state repeats or after
    ``max_rounds`` (reported too).

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
    refused: set[FindingKey] = set()
    fixed_in: dict[FindingKey, int] = {}  # finding -> index in ``applied`` of its fix
    seen = {_fingerprint(model): 1}
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - the count is reported
        report = lint_model(model, rules=rules, entity=entity)
        todo = [f for f in report.fixable() if f.key not in refused]
        touched: set[EntityKey | None] = set()
        progress = False
        for f in todo:
            if f.entity_key in touched or f.fix is None:
                continue
            if f.key in fixed_in:  # fixed once, back again: another fix undid it
                since = sorted({g.rule_id for g in applied[fixed_in[f.key] + 1:]
                                if g.entity_key == f.entity_key and g.rule_id != f.rule_id})
                by = f" ({', '.join(since)})" if since else ""
                failed.append((f, f"the finding came back after its fix: another fix{by} undoes it; "
                                  "not applied again (resolve it by hand, or suppress one of the rules here)"))
                refused.add(f.key)
                continue
            try:
                new, _ = f.fix.apply(model)
            except TablewrightError as exc:
                failed.append((f, str(exc)))
                refused.add(f.key)
                continue
            touched |= {f.entity_key, *touched_keys(model, new)}
            model = new
            fixed_in[f.key] = len(applied)
            applied.append(f)
            progress = True
        if not progress:
            break
        state = _fingerprint(model)
        seen[state] = seen.get(state, 0) + 1
        if seen[state] > 2:  # back to a state twice (a finding that came back names its culprit first)
            for f in lint_model(model, rules=rules, entity=entity).fixable():
                failed.append((f, "the fixes go round in a cycle (this model state was reached before); stopped"))
            break
    else:
        for f in lint_model(model, rules=rules, entity=entity).fixable():
            if f.key not in refused:
                failed.append((f, f"still fixable after {max_rounds} rounds of fixes; stopped"))
    remaining = lint_model(model, rules=rules, entity=entity).active
    return FixOutcome(model, tuple(applied), tuple(failed), remaining, rounds)


def _fingerprint(model: DataModel) -> str:
    return hashlib.blake2b(model.model_dump_json().encode(), digest_size=16).hexdigest()
