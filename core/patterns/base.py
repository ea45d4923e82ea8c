"""The pattern protocol: a named, documented design that edits a model in one undoable step.

A :class:`Pattern` has a ``name`` (``soft-delete``), a ``title``, a ``description`` of when to use
it, its ``tradeoffs``, typed :class:`Param` parameters with defaults, and the targets it takes
(entities of the model). :meth:`Pattern.preview` says what it would change, in words and as a
DDL diff; :meth:`Pattern.apply` returns one :class:`~core.commands.Batch`. Applying a pattern
twice to the same targets is refused: each application is recorded in ``DataModel.patterns``,
and every pattern also checks the model's actual state (a ``deleted_at`` column already there...).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from core.commands import Batch
from core.errors import CommandError, DDLError
from core.model import DataModel, Entity
from core.patterns.common import secure_views
from core.patterns.diff import ddl_diff
from core.patterns.plan import Plan
from core.validate import suggest

__all__ = ["Param", "Pattern", "PatternPreview"]

ParamKind = Literal["str", "int", "bool", "choice", "list"]


@dataclass(frozen=True)
class Param:
    """One parameter of a pattern: name, kind, default and a line of help.

    ``kind`` is ``str``, ``int``, ``bool``, ``choice`` (one of ``choices``) or ``list`` (a
    comma-separated list of words). ``default=None`` with ``required=True`` means it must be given.
    """

    name: str
    kind: ParamKind
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    required: bool = False

    def convert(self, value: Any, pattern: str) -> Any:
        """``value`` (often text from the command line) as this parameter's kind.

        >>> Param("m", "int", 16, "").convert("24", "p")
        24
        >>> Param("keys", "list", (), "").convert("a, b", "p")
        ('a', 'b')
        """
        where = f'pattern {pattern}, parameter "{self.name}"'
        if self.kind == "int":
            try:
                return int(value)
            except (TypeError, ValueError):
                raise CommandError(f"{where}: {value!r} is not a whole number") from None
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "yes", "on", "1"):
                return True
            if text in ("false", "no", "off", "0"):
                return False
            raise CommandError(f"{where}: {value!r} is not true or false")
        if self.kind == "list":
            if isinstance(value, str):
                return tuple(p.strip() for p in value.split(",") if p.strip())
            return tuple(str(v) for v in value)
        text = str(value).strip()
        if self.kind == "choice" and text not in self.choices:
            raise CommandError(f"{where}: {text!r} is not one of {', '.join(self.choices)}"
                               f"{suggest(text, self.choices)}")
        return text


@dataclass(frozen=True)
class PatternPreview:
    """What applying a pattern would do: the changes in words, warnings, notes (such as data
    migration SQL), the DDL before and after, and their unified diff."""

    pattern: str
    changes: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    ddl_before: str
    ddl_after: str
    diff: str
    batch: Batch = field(repr=False)


class Pattern(ABC):
    """A named design applied to a model as one batch of commands (see the module docstring)."""

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    tradeoffs: ClassVar[str]
    parameters: ClassVar[tuple[Param, ...]] = ()
    #: How many target entities: (minimum, maximum or None), and what they are.
    targets: ClassVar[tuple[int, int | None]] = (1, None)
    targets_help: ClassVar[str] = "the tables to apply it to"

    # -- to implement ------------------------------------------------------------------------

    @abstractmethod
    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        """Edit ``plan`` (raise :class:`CommandError` with the reason when impossible)."""

    def finish(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        """A last step on the finished design (after the tables are made tenant-owned in a
        multi-tenant model), such as suppressing what it does on purpose; default: nothing."""
        return None

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        """The names under which the application is recorded (default: the targets')."""
        return tuple(t.name for t in targets)

    def default_targets(self, model: DataModel, params: dict[str, Any]) -> tuple[Entity, ...]:
        """The targets used when none are given (default: none)."""
        return ()

    # -- public API --------------------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        """The catalogue entry as plain data (for ``pattern list --json`` and the app's picker).

        >>> from core.patterns import get_pattern
        >>> entry = get_pattern("soft-delete").describe()
        >>> entry["targets"], entry["parameters"][0]["name"]
        ({'min': 1, 'max': None, 'help': 'the tables to apply it to'}, 'column')
        """
        low, high = self.targets
        return {
            "name": self.name, "title": self.title, "description": self.description,
            "tradeoffs": self.tradeoffs,
            "targets": {"min": low, "max": high, "help": self.targets_help},
            "parameters": [{"name": p.name, "kind": p.kind,
                            "default": ",".join(p.default) if isinstance(p.default, tuple) else p.default,
                            "help": p.help, "choices": list(p.choices), "required": p.required}
                           for p in self.parameters],
        }

    def resolve_params(self, raw: Mapping[str, Any] | None) -> dict[str, Any]:
        """Defaults overlaid with ``raw`` (converted); unknown or missing ones are refused."""
        raw = dict(raw or {})
        known = {p.name: p for p in self.parameters}
        for key in raw:
            if key not in known:
                hint = suggest(key, known) or (f"; it takes {', '.join(known)}" if known else "; it takes none")
                raise CommandError(f'pattern {self.name} has no parameter "{key}"{hint}')
        out: dict[str, Any] = {}
        for p in self.parameters:
            if p.name in raw:
                out[p.name] = p.convert(raw[p.name], self.name)
                if p.required and out[p.name] in ("", ()):
                    raise CommandError(f'pattern {self.name}: the parameter "{p.name}" cannot be empty ({p.help})')
            elif p.required:
                raise CommandError(f'pattern {self.name} needs the parameter "{p.name}" ({p.help})')
            else:
                out[p.name] = p.default
        return out

    def plan(self, model: DataModel, targets: Sequence[str] = (),
             params: Mapping[str, Any] | None = None) -> Plan:
        """The :class:`Plan` of applying this pattern (the changes, warnings and commands)."""
        values = self.resolve_params(params)
        entities = self._targets(model, targets, values)
        recorded = set(self.record_entities(entities, values))
        for rec in model.patterns:
            if rec.pattern == self.name and (recorded & set(rec.entities) or not recorded):
                shown = ", ".join(sorted(recorded & set(rec.entities))) or "this model"
                raise CommandError(f"pattern {self.name} is already applied to {shown} "
                                   "(recorded in the model's patterns); undo it first or choose other targets")
        plan = Plan(model)
        self.build(plan, entities, values)
        if model.settings.multi_tenant and self.name not in ("multi-tenant", "citus-distribute"):
            from core.patterns.tenancy import tenant_own

            tenant_own(plan, entities)  # the new tables belong to tenants like the rest of the model
        secure_views(plan)  # views over tables with row-level security read them as the querying user
        self.finish(plan, entities, values)
        plan.record(self.name, tuple(sorted(recorded)), values)
        return plan

    def apply(self, model: DataModel, targets: Sequence[str] = (),
              params: Mapping[str, Any] | None = None) -> Batch:
        """One :class:`Batch` (one undo step) applying the pattern to ``targets``.

        Raises :class:`CommandError` with the reason when the pattern does not fit.
        """
        plan = self.plan(model, targets, params)
        return plan.batch(self._label(plan))

    def preview(self, model: DataModel, targets: Sequence[str] = (),
                params: Mapping[str, Any] | None = None, *,
                ddl: Callable[[DataModel], str] | None = None) -> PatternPreview:
        """What :meth:`apply` would do, in words and as a DDL diff.

        Parameters
        ----------
        model, targets, params
            As for :meth:`apply`.
        ddl : callable, optional
            Turns a model into its DDL text; default: PostgreSQL from
            :func:`core.ddl.generate_ddl`. The app passes its incremental generator here, so
            only what the pattern touched is generated again.

        Raises
        ------
        CommandError
            When the pattern does not fit (the message says why).
        """
        if ddl is None:
            from core.ddl import generate_ddl

            def ddl(m: DataModel) -> str:
                return generate_ddl(m).sql

        plan = self.plan(model, targets, params)
        batch = plan.batch(self._label(plan))
        new, _ = batch.apply(model)
        warnings = list(plan.warnings)
        try:
            before = ddl(model)
        except DDLError as exc:
            before = ""
            warnings.append(f"the model's DDL before the pattern cannot be generated: {exc}")
        after = ddl(new)
        diff = ddl_diff(before, after, 2)
        return PatternPreview(self.name, tuple(plan.changes), tuple(warnings), tuple(plan.notes),
                              before, after, diff, batch)

    # -- helpers -----------------------------------------------------------------------------

    def _label(self, plan: Plan) -> str:
        recorded = plan.recorded
        return f"apply pattern {self.name}" + (f" to {', '.join(recorded)}" if recorded else "")

    def _targets(self, model: DataModel, names: Sequence[str], params: dict[str, Any]) -> tuple[Entity, ...]:
        found: list[Entity] = []
        for name in names:
            e = model.find_entity(name)
            if e is None:
                raise CommandError(f'pattern {self.name}: no entity "{name}" in the model'
                                   f"{suggest(name, [x.name for x in model.entities])}")
            if e not in found:
                found.append(e)
        if not found:
            found = list(self.default_targets(model, params))
        low, high = self.targets
        if len(found) < low or (high is not None and len(found) > high):
            want = (f"exactly {low}" if low == high else f"at least {low}" if high is None
                    else f"{low} to {high}")
            raise CommandError(f"pattern {self.name} takes {want} target entit{'y' if want.endswith(' 1') else 'ies'}"
                               f" ({self.targets_help}); {len(found)} given")
        return tuple(found)
