"""The rule registry: every lint rule with its id, default severity, title and rationale.

A rule is a function of one entity (and the :class:`~core.lint.context.LintContext` that knows
the rest of the model) yielding :class:`~core.lint.finding.Hit` values; the :func:`rule`
decorator registers it in :data:`RULES` with its metadata, the function's docstring being the
rationale paragraph shown to users. Because every rule looks at one entity at a time (facts about
the whole model are memoized in the context), a review panel can re-check only the entity being
edited: :meth:`Rule.check_entity`.

>>> import core.lint
>>> r = RULES["fk-unindexed"]
>>> r.severity, r.theme, r.title
('warning', 'integrity', 'foreign key without an index')
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core.lint.context import LintContext, context_for
from core.lint.finding import Finding, Hit
from core.model import DataModel, Entity, LintConfig, Severity

__all__ = ["RULES", "THEMES", "Option", "Rule", "rule"]

RuleFunc = Callable[[LintContext, Entity], Iterable[Hit]]

#: Themes in report order.
THEMES = ("integrity", "antipatterns", "template", "tenancy", "naming")


@dataclass(frozen=True)
class Option:
    """A setting of a rule, set in the model file as ``lint: {options: {rule.name: value}}``."""

    name: str
    default: str
    help: str


@dataclass(frozen=True)
class Rule:
    """A lint rule: stable ``id``, default ``severity``, one-line ``title``, ``rationale``
    paragraph, ``theme``, its ``options``, whether it can offer a fix, whether it also looks at
    partitions (most rules judge a partition through its parent, whose columns, keys and
    indexes it inherits), and the check."""

    id: str
    severity: Severity
    title: str
    rationale: str
    theme: str
    func: RuleFunc
    options: tuple[Option, ...] = ()
    fixable: bool = False
    partitions: bool = False

    def check_entity(self, ctx: LintContext, entity: Entity, severity: Severity | None = None) -> Iterator[Finding]:
        """The findings of this rule on one entity (unsuppressed; the runner applies the model's
        configuration)."""
        if not self.partitions and ctx.is_partition(entity):
            return
        key = ctx.key(entity)
        position = ctx.position(entity)
        base: tuple[str | int, ...] = ("entities", position) if position is not None else ()
        for hit in self.func(ctx, entity):
            yield Finding(self.id, severity or self.severity, key.display(), hit.attribute, hit.constraint,
                          hit.message, hit.fix, None, key, (*base, *hit.path))

    def check(self, model: DataModel, config: LintConfig | None = None) -> Iterator[Finding]:
        """The findings of this rule on every entity of ``model`` (default severity, nothing
        suppressed); ``config`` gives the options (default: the model's own)."""
        ctx = context_for(model, config if config is not None else model.lint)
        for entity in model.entities:
            yield from self.check_entity(ctx, entity)


#: Every rule by id, in definition order (filled when :mod:`core.lint` is imported).
RULES: dict[str, Rule] = {}


def rule(id: str, severity: Severity, title: str, theme: str, *, options: tuple[Option, ...] = (),
         fixable: bool = False, partitions: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as rule ``id``; its docstring is the rationale."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}")

    def register(func: RuleFunc) -> RuleFunc:
        if id in RULES:
            raise ValueError(f"rule {id!r} is defined twice")
        rationale = " ".join(inspect.cleandoc(func.__doc__ or "").split())
        RULES[id] = Rule(id, severity, title, rationale, theme, func, options, fixable, partitions)
        return func

    return register
