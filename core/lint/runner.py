"""Run the review: :func:`lint_model` applies the model's lint configuration to the rules.

The configuration lives in the model file (``lint:``): ``disable`` rules, change a rule's
``severity``, ``suppress`` one finding with a reason (matched by rule, and entity and attribute
when given; suppressed findings stay in the report, with their reason), and rule ``options``.

>>> from core.model import DataModel, Entity, Attribute
>>> m = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="a", type="int"),)),))
>>> report = lint_model(m)
>>> [f.rule_id for f in report.active if f.severity == "error"], report.exit_code
(['pk-missing'], 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from core.errors import TablewrightError
from core.lint.context import context_for
from core.lint.finding import Finding, severity_rank
from core.lint.registry import RULES, Rule
from core.model import DataModel, Entity, EntityKey, LintConfig, Severity, Suppression
from core.validate import suggest

__all__ = ["LintReport", "lint_model", "select_rules"]


@dataclass(frozen=True)
class LintReport:
    """The findings of a review, suppressed ones included (see :attr:`active`), in model order
    then by severity; ``config_problems`` are mistakes in the model's ``lint:`` section;
    ``unused_suppressions`` are suppressions that matched nothing (whole-model runs only)."""

    findings: tuple[Finding, ...]
    config_problems: tuple[str, ...] = ()
    unused_suppressions: tuple[Suppression, ...] = ()
    rules: tuple[str, ...] = field(default=(), repr=False)

    @property
    def active(self) -> tuple[Finding, ...]:
        """The findings that are not suppressed."""
        return tuple(f for f in self.findings if not f.suppressed)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.suppressed)

    def count(self, severity: str) -> int:
        """How many unsuppressed findings have ``severity``."""
        return sum(1 for f in self.active if f.severity == severity)

    @property
    def exit_code(self) -> int:
        """1 when an unsuppressed error remains, else 0 (the CI gate)."""
        return 1 if self.count("error") else 0

    def by_entity(self) -> dict[str | None, list[Finding]]:
        """Findings grouped by entity, in report order."""
        out: dict[str | None, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.entity, []).append(f)
        return out

    def marks(self) -> dict[EntityKey, Severity]:
        """Each entity with unsuppressed findings -> its most serious severity (for marking
        entities in a list).

        >>> from core.model import DataModel, Entity, Attribute
        >>> m = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="a", type="int"),)),))
        >>> lint_model(m).marks()
        {EntityKey(schema=None, name='t'): 'error'}
        """
        out: dict[EntityKey, Severity] = {}
        for f in self.active:
            if f.entity_key is not None:
                current = out.get(f.entity_key)
                if current is None or severity_rank(f.severity) < severity_rank(current):
                    out[f.entity_key] = f.severity
        return out

    def for_entity(self, entity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.entity == entity)

    def fixable(self, rule_ids: Iterable[str] | None = None) -> tuple[Finding, ...]:
        """Active findings with a fix (of the given rules only, when given)."""
        wanted = None if rule_ids is None else set(rule_ids)
        return tuple(f for f in self.active if f.fix is not None and (wanted is None or f.rule_id in wanted))


def select_rules(config: LintConfig, only: Sequence[str] | None = None) -> tuple[list[Rule], list[str]]:
    """The enabled rules (``only`` restricts them further) and the configuration's problems."""
    import core.lint  # noqa: F401  (registers the rules)

    problems = []

    def known(rule_id: str, where: str) -> bool:
        if rule_id in RULES:
            return True
        problems.append(f'lint.{where}: unknown rule "{rule_id}"{suggest(rule_id, RULES)}')
        return False

    disabled = {r for r in config.disable if known(r, "disable")}
    for rule_id, _ in config.severity:
        known(rule_id, "severity")
    for s in config.suppress:
        known(s.rule, "suppress")
        if not s.reason.strip():
            problems.append(f'lint.suppress: the suppression of "{s.rule}" needs a reason')
    for name, _ in config.options:
        rule_id, dot, option = name.rpartition(".")
        if not dot or not known(rule_id, "options"):
            continue
        if option not in {o.name for o in RULES[rule_id].options}:
            problems.append(f'lint.options: rule "{rule_id}" has no option "{option}"')
    if only is not None:
        for rule_id in only:
            if rule_id not in RULES:
                raise TablewrightError(f'unknown rule "{rule_id}"{suggest(rule_id, RULES)}; '
                                       "`tablewright lint --list-rules` lists them")
    chosen = [r for r in RULES.values() if r.id not in disabled and (only is None or r.id in only)]
    return chosen, problems


def _matches(s: Suppression, f: Finding) -> bool:
    if s.rule != f.rule_id:
        return False
    if s.entity is not None and s.entity not in (f.entity, f.entity_key.name if f.entity_key else None):
        return False
    return s.attribute is None or s.attribute == f.attribute


def _resolve(model: DataModel, entity: Entity | EntityKey | str) -> Entity:
    if isinstance(entity, Entity):
        return entity
    found = model.entity(entity) if isinstance(entity, EntityKey) else model.find_entity(entity)
    if found is None:
        shown = entity.display() if isinstance(entity, EntityKey) else entity
        names = [e.name for e in model.entities]
        raise TablewrightError(f'entity "{shown}" is not in the model{suggest(str(shown), names)}')
    return found


def lint_model(model: DataModel, *, entity: Entity | EntityKey | str | None = None,
               rules: Sequence[str] | None = None, config: LintConfig | None = None) -> LintReport:
    """Review ``model``: every enabled rule's findings, configured and suppressed.

    Parameters
    ----------
    model
        The model (it need not validate: dangling references are findings, not crashes).
    entity
        Review only this entity (an :class:`Entity` of the model, its key, or ``name`` /
        ``schema.name``): what a review panel re-runs after each edit of that entity.
    rules
        Run only these rule ids (default: every rule the configuration enables).
    config
        The lint configuration (default: the model's own ``lint:`` section).

    Returns
    -------
    LintReport
        Findings in model order, most serious first within an entity.

    Raises
    ------
    TablewrightError
        An unknown entity or rule id.
    """
    config = model.lint if config is None else config
    chosen, problems = select_rules(config, rules)
    severities = dict(config.severity)
    ctx = context_for(model, config)
    targets = model.entities if entity is None else (_resolve(model, entity),)
    findings: list[Finding] = []
    used: set[int] = set()
    for e in targets:
        found: list[Finding] = []
        for r in chosen:
            found.extend(r.check_entity(ctx, e, severities.get(r.id)))
        found.sort(key=lambda f: severity_rank(f.severity))
        for f in found:
            for i, s in enumerate(config.suppress):
                if _matches(s, f):
                    used.add(i)
                    f = replace(f, suppressed_reason=s.reason.strip() or "(no reason given)")
                    break
            findings.append(f)
    unused = () if entity is not None or rules is not None else tuple(
        s for i, s in enumerate(config.suppress) if i not in used and s.rule in {r.id for r in chosen})
    return LintReport(tuple(findings), tuple(problems), unused, tuple(r.id for r in chosen))
