"""Apply a decomposition to the model: one undoable command.

:class:`Decompose` is a :class:`core.commands.Command`: applied to a model it plans the
decomposition afresh (:func:`~core.normalize.plan.plan_decomposition`) and returns the planned
model; its inverse restores the exact model before, like every command. The guard of
:mod:`core.commands` refuses it if the result would have a problem the model did not have.

>>> from core.storage import load
>>> import pathlib
>>> model = load(pathlib.Path(__file__).parents[2] / "sample_models" / "legacy_denormalized.yaml").model
>>> cmd = apply_decomposition(model, "legacy_orders", "3nf")
>>> after, undo = cmd.apply(model)
>>> [e.name for e in after.entities][:6]
['legacy_orders', 'orders', 'products', 'customers', 'zips', 'legacy_employee_profile']
>>> undo.apply(after)[0] == model
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.commands import Command
from core.errors import CommandError
from core.model import DataModel, EntityKey
from core.normalize.fds import NormalizeError
from core.normalize.model_bridge import find_entity
from core.normalize.plan import DecompositionPlan, Kind, plan_decomposition

__all__ = ["Decompose", "apply_decomposition"]


@dataclass(frozen=True)
class Decompose(Command):
    """Replace an entity by its 3NF synthesis or BCNF decomposition (see
    :func:`~core.normalize.plan.plan_decomposition`); ``names`` are ``(default, chosen)`` pairs."""

    entity: EntityKey
    kind: Kind = "3nf"
    names: tuple[tuple[str, str], ...] = ()
    discovered: bool = True

    @property
    def label(self) -> str:
        return f"decompose {self.entity.display()} ({self.kind.upper()})"

    def plan(self, model: DataModel) -> DecompositionPlan:
        """The plan this command applies to ``model``."""
        return plan_decomposition(model, self.entity, self.kind, dict(self.names), discovered=self.discovered)

    def transform(self, model: DataModel) -> DataModel:
        try:
            plan = self.plan(model)
        except NormalizeError as exc:
            raise CommandError(f"cannot {self.label}: {exc}") from None
        if plan.unchanged:
            raise CommandError(f"cannot {self.label}: it is already in {self.kind.upper()} "
                               "(the decomposition is the entity itself); nothing to do")
        return plan.after


def apply_decomposition(model: DataModel, key: EntityKey | str, kind: Kind = "3nf",
                        names: Mapping[str, str] | None = None, *, discovered: bool = True) -> Decompose:
    """The command that decomposes entity ``key`` of ``model`` (checked now: an impossible plan
    raises :class:`~core.errors.CommandError` here rather than when the command runs).

    Parameters
    ----------
    model:
        The model the command will be applied to.
    key:
        The entity: ``name``, ``schema.name`` or an :class:`EntityKey`.
    kind:
        ``"3nf"`` (Bernstein synthesis: lossless and dependency-preserving) or ``"bcnf"``.
    names:
        New names for the new components, by their default name (``{"zips": "postal_codes"}``).

    Returns
    -------
    Decompose
        Run it with ``Document.execute`` (undoable) or ``command.apply(model)``.
    """
    try:
        entity = find_entity(model, key)
    except NormalizeError as exc:
        raise CommandError(str(exc)) from None
    cmd = Decompose(entity.key, kind, tuple((names or {}).items()), discovered)
    cmd.transform(model)
    return cmd
