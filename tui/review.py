"""The review behind the review panel, computed off the UI thread and kept per entity.

:class:`ReviewService` holds the findings of :func:`core.lint.lint_model` grouped by entity. A
whole-model review of a 1,000-entity model takes a second or more, so after an edit only the
touched entities are reviewed again (well under a millisecond each); the rules that look across
entities (dangling references, naming conventions, suggested relations) are brought up to date
by a whole-model review once the user pauses (:meth:`ReviewService.full`). Nothing here imports
Textual.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.errors import TablewrightError
from core.model import DataModel, Entity, EntityKey

if TYPE_CHECKING:  # the rules are imported when the first review runs, not at startup
    from core.lint import Finding

#: Marks in the entity list: the worst active severity of an entity's findings.
MARKS = {"error": "✖", "warning": "▲"}


@dataclass(frozen=True)
class Review:
    """The findings of the model at ``revision`` (by entity key; ``None``: model-wide), whether
    they come from a whole-model run, and the configuration's problems."""

    revision: int
    by_entity: dict[EntityKey | None, tuple[Finding, ...]]
    complete: bool
    problems: tuple[str, ...] = ()

    def findings(self, key: EntityKey | None = None) -> tuple[Finding, ...]:
        """All findings in model order, or those of entity ``key``."""
        if key is not None:
            return self.by_entity.get(key, ())
        return tuple(f for found in self.by_entity.values() for f in found)

    def marks(self) -> dict[EntityKey, str]:
        """Entity list marks: ``✖3`` (errors) or ``▲2`` (warnings) per entity, infos unmarked."""
        out: dict[EntityKey, str] = {}
        for key, found in self.by_entity.items():
            active = [f for f in found if not f.suppressed and f.severity in MARKS]
            if key is not None and active:
                worst = "error" if any(f.severity == "error" for f in active) else "warning"
                out[key] = f"{MARKS[worst]}{len(active)}"
        return out

    def counts(self) -> dict[str, int]:
        """Active findings by severity."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings():
            if not f.suppressed:
                out[f.severity] = out.get(f.severity, 0) + 1
        return out


class ReviewService:
    """Whole-model and per-entity reviews; calls are serialised (workers may overlap)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.last: Review | None = None

    def full(self, model: DataModel, revision: int, cancelled: Callable[[], bool] = lambda: False,
             pause: float = 0.0) -> Review | None:
        """Review every entity of ``model``, one at a time (``None`` when ``cancelled()`` turns
        true on the way). ``pause`` seconds between entities leave the interpreter to the UI
        thread while a large model is reviewed in the background."""
        from core.lint.runner import select_rules

        by_entity: dict[EntityKey | None, tuple[Finding, ...]] = {}
        for entity in model.entities:
            if cancelled():
                return None
            by_entity[model.canonical_key(entity.key)] = _review_entity(model, entity)
            if pause:
                time.sleep(pause)
        review = Review(revision, by_entity, True, tuple(select_rules(model.lint)[1]))
        with self._lock:
            if self.last is None or self.last.revision <= revision:  # never go back in time
                self.last = review
        return review

    def update(self, model: DataModel, revision: int, touched: Iterable[EntityKey] | None) -> Review:
        """Review again the ``touched`` entities of ``model`` (``None``, or no earlier review: all)."""
        if touched is None or self.last is None:
            review = self.full(model, revision)
            assert review is not None
            return review
        with self._lock:
            previous = self.last
            by_entity = dict(previous.by_entity)
            for key in touched:
                entity = model.entity(key)
                by_entity.pop(key, None)
                if entity is not None:
                    by_entity[model.canonical_key(entity.key)] = _review_entity(model, entity)
            order = {model.canonical_key(e.key): i for i, e in enumerate(model.entities)}
            by_entity = dict(sorted(by_entity.items(), key=lambda kv: -1 if kv[0] is None
                                    else order.get(kv[0], len(order))))
            review = Review(revision, by_entity, False, previous.problems)
            if previous.revision <= revision:
                self.last = review
            return review


def _review_entity(model: DataModel, entity: Entity) -> tuple[Finding, ...]:
    from core.lint import lint_model

    try:
        return lint_model(model, entity=entity).findings
    except TablewrightError:
        return ()
