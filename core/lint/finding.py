"""What a lint rule reports: a :class:`Finding` with its stable location and an optional fix.

A finding names the entity, attribute and constraint it is about (all plain strings, stable
across edits that do not touch them, so a review panel can keep its selection), carries the
``path`` of that place in the model file (for line numbers), a message that says what is wrong
and what to do, and possibly a ``fix``: one core command (usually a :class:`~core.commands.Batch`)
that a user applies as one undo step.

>>> f = Finding("pk-missing", "error", "orders", None, None, "no primary key")
>>> f.location, f.suppressed, f.to_dict()["rule"]
('orders', False, 'pk-missing')
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from core.commands import Command
from core.model import EntityKey, Severity

__all__ = ["SEVERITIES", "Finding", "Hit", "severity_rank"]

#: Severities from the most to the least serious.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def severity_rank(severity: str) -> int:
    """0 for errors, 1 for warnings, 2 for infos (for sorting, most serious first)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class Hit:
    """What a rule function yields: the rule's id and severity are added by the registry.

    ``path`` is relative to the entity (``("foreign_keys", 0)``); ``constraint`` is a readable
    label of the constraint or index involved (``foreign key (customer_id) -> customers``).
    """

    message: str
    attribute: str | None = None
    constraint: str | None = None
    path: tuple[str | int, ...] = ()
    fix: Command | None = None


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule, where it is, and how to fix it.

    Attributes
    ----------
    rule_id, severity
        The rule and the severity in effect (after the model's configuration).
    entity, attribute, constraint
        The location: the entity as displayed (``name`` or ``schema.name``), the attribute's
        name, and a label of the constraint/index; each ``None`` when not applicable.
    message
        What is wrong and what to do about it.
    fix
        A command that removes the finding, or ``None``.
    suppressed_reason
        The reason given in the model file when the finding is suppressed, else ``None``.
    entity_key
        The entity's canonical key (for jumping to it).
    path
        The location in the model file as keys and list positions (for line numbers).
    """

    rule_id: str
    severity: Severity
    entity: str | None
    attribute: str | None
    constraint: str | None
    message: str
    fix: Command | None = field(default=None, compare=False)
    suppressed_reason: str | None = None
    entity_key: EntityKey | None = None
    path: tuple[str | int, ...] = ()

    @property
    def suppressed(self) -> bool:
        return self.suppressed_reason is not None

    @property
    def location(self) -> str:
        """``entity.attribute`` or ``entity [constraint]`` (``model`` for model-wide findings)."""
        text = self.entity or "model"
        if self.attribute:
            text += f".{self.attribute}"
        if self.constraint:
            text += f" [{self.constraint}]"
        return text

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None, str]:
        """A stable identity: the same problem at the same place has the same key across runs."""
        return (self.rule_id, self.entity, self.attribute, self.constraint, self.message)

    @property
    def fix_label(self) -> str | None:
        """What applying the fix does, for menus (``add index (customer_id) to orders``)."""
        return None if self.fix is None else self.fix.label

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: rule, severity, entity, attribute, message, plus the constraint, the fix's
        label and the suppression reason (each ``None`` when there is none)."""
        out: dict[str, Any] = {
            "rule": self.rule_id,
            "severity": self.severity,
            "entity": self.entity,
            "attribute": self.attribute,
            "message": self.message,
            "constraint": self.constraint,
            "fix": self.fix_label,
            "suppressed": self.suppressed_reason,
        }
        return out
