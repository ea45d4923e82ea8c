"""Model review: the expert checklist as lint rules, with explanations and one-key fixes.

- :data:`RULES` (id -> :class:`Rule`: id, default severity, title, rationale, theme, options);
- :func:`lint_model` ``(model, *, entity=None) -> LintReport``: the findings, configured by the
  model file's ``lint:`` section (disable, severity, suppress with a reason, options);
- :class:`Finding`: rule, severity, entity, attribute, constraint, message, ``fix`` (a core
  command: applying it is one undo step) and the suppression reason;
- :func:`apply_fixes`: apply the fixes of chosen rules until none is left (``lint --fix``);
- :func:`to_sarif`: SARIF 2.1.0 for code-scanning tools.

Rules by theme: :mod:`~core.lint.integrity`, :mod:`~core.lint.indexes` and
:mod:`~core.lint.publications`,
:mod:`~core.lint.antipatterns`, :mod:`~core.lint.template` and :mod:`~core.lint.coltypes`,
:mod:`~core.lint.tenancy` and :mod:`~core.lint.views`, :mod:`~core.lint.naming`.
"""

from core.lint import (
    antipatterns,
    coltypes,
    indexes,
    integrity,
    naming,
    publications,
    template,
    tenancy,
    views,
)
from core.lint.finding import SEVERITIES, Finding
from core.lint.fixes import FixOutcome, apply_fixes
from core.lint.registry import RULES, THEMES, Option, Rule
from core.lint.runner import LintReport, lint_model
from core.lint.sarif import to_sarif

__all__ = [
    "RULES",
    "SEVERITIES",
    "THEMES",
    "Finding",
    "FixOutcome",
    "LintReport",
    "Option",
    "Rule",
    "apply_fixes",
    "lint_model",
    "to_sarif",
]

_THEME_MODULES = (integrity, indexes, publications, antipatterns, template, coltypes, tenancy, views, naming)
# Report order: by theme, then as defined within a theme.
_ordered = sorted(RULES.values(), key=lambda r: THEMES.index(r.theme))
RULES.clear()
RULES.update((r.id, r) for r in _ordered)
