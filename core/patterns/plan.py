"""The working plan of a pattern: the model as the pattern builds it, the commands, and the changes
in words.

A pattern's ``build`` edits a :class:`Plan`; every entity edit is a :class:`~core.commands.Command`
applied to the working model at once (so later steps see earlier ones) and kept, in order, for the
:class:`~core.commands.Batch` that :meth:`Plan.batch` returns: one undo step. The model-level
collections (functions, views, publications, extensions, settings, the pattern records) are gathered and set by
one :class:`~core.commands.SetModel` at the end of the batch (so a pattern on many tables does not
copy the whole model once per view).

>>> from core.model import DataModel, Entity, Attribute
>>> plan = Plan(DataModel())
>>> plan.add_entity(Entity(name="t", attributes=(Attribute(name="id", type="int"),)))
>>> plan.changes, [e.name for e in plan.model.entities]
(['add table t'], ['t'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.commands import Batch, Command, PutEntity, SetModel
from core.errors import CommandError
from core.model import (
    AppliedPattern,
    DataModel,
    Entity,
    ForeignKey,
    Function,
    LintConfig,
    Publication,
    Suppression,
    View,
)

__all__ = ["Plan"]


class Plan:
    """A model being edited by a pattern, with the commands and the changes said in words.

    Parameters
    ----------
    model : DataModel
        The model the pattern starts from (never changed).
    """

    def __init__(self, model: DataModel) -> None:
        self.original = model
        self.model = model
        self.commands: list[Command] = []
        self.changes: list[str] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.recorded: tuple[str, ...] = ()
        self._fields: dict[str, Any] = {}

    # -- generic ---------------------------------------------------------------------------

    def run(self, command: Command, change: str | None = None) -> None:
        """Apply ``command`` to the working model and keep it (``change`` describes it)."""
        self.model = command.transform(self.model)
        self.commands.append(command)
        if change:
            self.changes.append(change)

    def entity(self, name: str) -> Entity:
        """The working model's entity ``name`` (``schema.name`` accepted), or a CommandError."""
        found = self.model.find_entity(name)
        if found is None:
            raise CommandError(f'entity "{name}" does not exist')
        return found

    def has_entity(self, name: str) -> bool:
        """Whether the working model has an entity ``name``."""
        return self.model.find_entity(name) is not None

    def referencing(self, target: Entity) -> list[tuple[Entity, ForeignKey]]:
        """Every ``(entity, foreign key)`` of the working model that references ``target``."""
        model = self.model
        key = model.canonical_key(target.key)
        return [(e, fk) for e in model.entities for fk in e.foreign_keys
                if fk.references == target.name and model.canonical_key(fk.target(e.key)) == key]

    def get(self, field: str) -> Any:
        """A model-level field as the plan has it so far."""
        return self._fields[field] if field in self._fields else getattr(self.model, field)

    # -- entities --------------------------------------------------------------------------

    def add_entity(self, entity: Entity, change: str | None = None) -> None:
        """Add a new table; refused when one of that name exists."""
        if self.model.entity(entity.key) is not None:
            raise CommandError(f'a table named "{entity.key.display()}" already exists; '
                               "rename it or choose another name with the pattern's parameters")
        self.run(PutEntity(None, entity, text=f"add table {entity.name}"), change or f"add table {entity.name}")

    def put_entity(self, entity: Entity, change: str | None = None, *, key_of: Entity | None = None) -> None:
        """Replace the entity of the same key (or of ``key_of``'s key) with ``entity``."""
        key = (key_of or entity).key
        if self.model.entity(key) == entity:
            return
        self.run(PutEntity(key, entity, text=f"edit table {entity.name}"), change)

    # -- model-level objects ---------------------------------------------------------------

    def add_function(self, fn: Function, change: str | None = None) -> None:
        """Add a function; an identical existing one is reused, a different one refused."""
        existing = next((f for f in self.get("functions")
                         if f.name == fn.name and f.schema_name == fn.schema_name), None)
        if existing is not None:
            if existing.body.strip() == fn.body.strip() and existing.returns == fn.returns \
                    and existing.arguments == fn.arguments:
                return
            raise CommandError(f'a different function named "{fn.name}" already exists; '
                               "rename it or choose another name with the pattern's parameters")
        self._set("functions", (*self.get("functions"), fn), change or f"add function {fn.name}()")

    def add_view(self, view: View, change: str | None = None) -> None:
        """Add a view; refused when a view of that name exists."""
        if any(v.name == view.name and v.schema_name == view.schema_name for v in self.get("views")):
            raise CommandError(f'a view named "{view.name}" already exists; '
                               "rename it or choose another name with the pattern's parameters")
        if self.model.find_entity(view.name) is not None:
            raise CommandError(f'a table named "{view.name}" already exists; the view needs that name')
        self._set("views", (*self.get("views"), view), change or f"add view {view.name}")

    def add_publication(self, publication: Publication, change: str | None = None) -> None:
        """Add a publication; refused when one of that name exists (publications are per database)."""
        if any(p.name == publication.name for p in self.get("publications")):
            raise CommandError(f'a publication named "{publication.name}" already exists; '
                               "choose another name with the pattern's parameters")
        self._set("publications", (*self.get("publications"), publication),
                  change or f"add publication {publication.name}")

    def replace_view(self, old: View, new: View, change: str | None = None) -> None:
        """Put ``new`` in place of the view ``old`` (same position)."""
        views = self.get("views")
        self._set("views", tuple(new if v is old else v for v in views), change or f"edit view {new.name}")

    def add_extension(self, name: str) -> None:
        """List ``name`` in the model's extensions (``CREATE EXTENSION IF NOT EXISTS``)."""
        if name not in self.get("extensions"):
            self._set("extensions", (*self.get("extensions"), name), f"use extension {name}")

    def suppress(self, rule: str, entity: str, reason: str, attribute: str | None = None) -> None:
        """Silence one lint finding the design makes on purpose, with the reason (kept in the
        model file's ``lint.suppress`` and shown in reviews, removed again by undo)."""
        config: LintConfig = self.get("lint")
        entry = Suppression(rule=rule, entity=entity, attribute=attribute, reason=reason)
        if any((s.rule, s.entity, s.attribute) == (rule, entity, attribute) for s in config.suppress):
            return
        self._set("lint", config.model_copy(update={"suppress": (*config.suppress, entry)}),
                  f"review: {rule} on {entity}{'.' + attribute if attribute else ''} is by design ({reason})")

    def suppress_found(self, entity: str | Sequence[str], reasons: dict[str, str]) -> None:
        """Silence what the rules ``reasons`` find on ``entity`` (a name, or several) in the working
        model, each with its reason: the findings a pattern's design makes on purpose, and only
        those that occur."""
        from core.lint import lint_model

        names = [entity] if isinstance(entity, str) else list(entity)
        if not names:
            return
        if len(names) == 1:
            found = lint_model(self.model, rules=list(reasons), entity=names[0]).active
        else:  # one review of the model rather than one per table
            wanted = {self.model.canonical_key(e.key) for n in names if (e := self.model.find_entity(n)) is not None}
            found = tuple(f for f in lint_model(self.model, rules=list(reasons)).active
                          if f.entity_key is not None and self.model.canonical_key(f.entity_key) in wanted)
        for f in found:
            self.suppress(f.rule_id, f.entity or names[0], reasons[f.rule_id], f.attribute)

    def set_model(self, field: str, value: Any, change: str | None = None) -> None:
        """Set one model-level field (``settings``...)."""
        if self.get(field) != value:
            self._set(field, value, change)

    def record(self, pattern: str, entities: tuple[str, ...], params: dict[str, Any]) -> None:
        """Record the application in ``DataModel.patterns``."""
        pairs = tuple((k, _text(v)) for k, v in params.items())
        rec = AppliedPattern(pattern=pattern, entities=entities, params=pairs)
        self.recorded = entities
        self._set("patterns", (*self.get("patterns"), rec), None)

    def _set(self, field: str, value: Any, change: str | None) -> None:
        self._fields[field] = value
        if change:
            self.changes.append(change)

    # -- result ----------------------------------------------------------------------------

    def batch(self, label: str) -> Batch:
        """All the commands as one :class:`Batch` (one undo step) labelled ``label``."""
        commands = list(self.commands)
        if self._fields:
            commands.append(SetModel(tuple(self._fields.items()), text="set " + ", ".join(self._fields)))
        return Batch(tuple(commands), text=label)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)
