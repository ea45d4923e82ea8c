"""The normalization pane's decomposition actions: apply (``3``/``b``), name the new entities
(``n``), the migration SQL (``m``) and discovery from data (``d``). A mixin of
:class:`~tui.widgets.normalize_pane.NormalizePane`, which owns the state these read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import TablewrightError
from core.model import DataModel, Entity, EntityKey
from core.normalize.plan import DecompositionPlan
from tui.guard import guarded
from tui.messages import CommandRequested
from tui.widgets.normalize_work import Plans, parse_names, renames_for

if TYPE_CHECKING:
    from textual.widget import Widget

    from core.discover import Acceptance
    from tui.app import ModelerApp

    _Base = Widget
else:
    _Base = object


class DecompositionActions(_Base):
    """Actions on the selected entity's decompositions (see the module docstring)."""

    if TYPE_CHECKING:
        plans: Plans | None
        plans_for: tuple[int, EntityKey] | None
        names: dict[EntityKey, dict[str, str]]
        _entity: Entity | None
        _model: DataModel | None
        _selected: EntityKey | None

        @property
        def current(self) -> tuple[int, EntityKey] | None: ...

        def _plan(self, model: DataModel, revision: int, key: EntityKey) -> None: ...

    def _current_plan(self, kind: str) -> DecompositionPlan | None:
        entity = self._entity
        if entity is None:
            self.app.notify("Select an entity first.", timeout=3)
            return None
        if self.plans is None or self.plans_for != self.current:
            self.app.notify("The preview is catching up with the last edit; try again.", timeout=3)
            return None
        plan = self.plans.get(kind)
        if isinstance(plan, str):
            self.app.notify(f"The {kind.upper()} decomposition cannot be applied: {plan}", severity="warning",
                            timeout=8)
            return None
        if plan is None:
            return None
        if plan.unchanged:
            self.app.notify(f"{entity.name} is already in {kind.upper()}: nothing to decompose.", timeout=4)
            return None
        return plan

    @guarded
    def action_apply(self, kind: str) -> None:
        plan = self._current_plan(kind)
        if plan is None:
            return
        from core.normalize.apply import Decompose

        names = ", ".join(c.name for c in plan.components if not c.main)
        chosen = tuple(renames_for(plan, self.names.get(self._selected or plan.entity, {})).items())
        self.post_message(CommandRequested(Decompose(plan.entity, kind, chosen),  # type: ignore[arg-type]
                                           select=plan.entity))
        self.app.notify(f"Decomposed {plan.original.name} ({kind.upper()}): new {names}. ctrl+z undoes it.",
                        timeout=5)

    @guarded
    def action_name_components(self) -> None:
        key = self._selected
        plans = self.plans if self.plans_for == self.current else None
        usable = [p for p in (plans or {}).values() if isinstance(p, DecompositionPlan) and not p.unchanged]
        if key is None or not usable:
            self._current_plan("3nf")  # says why there is nothing to name
            return
        chosen = self.names.get(key, {})
        defaults = list(dict.fromkeys(c.name for p in usable for c in p.decomposition.components if not c.main))
        text = ", ".join(f"{d}={chosen.get(d, d)}" for d in defaults)

        def check(answer: str) -> str | None:
            from core.validate import identifier_problem

            try:
                names = parse_names(answer)
            except ValueError as exc:
                return str(exc)
            for old, new in names.items():
                if old not in defaults:
                    return f'no new entity "{old}" in the decompositions; they are {", ".join(defaults)}'
                if problem := identifier_problem(new):
                    return f"{old}={new}: {problem}"
            return None

        def named(answer: str | None) -> None:
            if answer is None:
                return
            self.names[key] = {old: new for old, new in parse_names(answer).items() if old != new}
            self.plans_for = None
            if self._model is not None and self.current is not None:
                self._plan(self._model, *self.current)

        from tui.screens.prompt import PromptScreen

        self.app.push_screen(PromptScreen("Name the new entities (default=new name, ...)", value=text, check=check,
                                          hint="enter: preview with these names   escape: cancel"), named)

    @guarded
    def action_migration(self) -> None:
        plans = self.plans if self.plans_for == self.current else None
        usable = [p for p in (plans or {}).values() if isinstance(p, DecompositionPlan) and not p.unchanged]
        if not usable:
            self._current_plan("3nf")  # says why (catching up, cannot be planned, already normal)
            return
        from tui.screens.normalize_migration import MigrationScreen

        self.app.push_screen(MigrationScreen(usable[0], usable[1] if len(usable) > 1 else None, self._folder()))

    def _folder(self) -> str:
        path = getattr(getattr(self.app, "document", None), "path", None)
        return str(path.parent) if path is not None else "."

    @guarded
    def action_discover(self) -> None:
        entity = self._entity
        if entity is None or self._model is None:
            self.app.notify("Select an entity first.", timeout=3)
            return
        from core.discover import entity_source
        from tui.screens.normalize_discover import DiscoverScreen

        try:
            entity_source(entity)
        except TablewrightError as exc:
            self.app.notify(str(exc), title="No data to discover from", severity="warning", timeout=10)
            return
        modeler: ModelerApp = self.app  # type: ignore[assignment]
        name = entity.name

        def accepted(acceptance: Acceptance | None) -> None:
            if acceptance is None:
                return
            if acceptance.command is None:
                self.app.notify(f"Nothing new to accept: {acceptance.summary(name)}", timeout=6)
                return
            self.post_message(CommandRequested(acceptance.command))
            self.app.notify(f"{acceptance.summary(name)[0].upper()}{acceptance.summary(name)[1:]}. "
                            "ctrl+z undoes it.", timeout=6)

        self.app.push_screen(DiscoverScreen(modeler.document.model, entity.key, self._folder()), accepted)
