"""Undo/redo history: bounded stacks of steps, merging of rapid edits to one field, checkpoints.

A step is a command and its inverse. :meth:`History.undo` applies the inverse of the newest step
and keeps the command that redoes it; a new step clears the redo stack. Consecutive commands with
the same non-``None`` :meth:`~core.commands.Command.merge_key` (typing in one field) recorded
within ``merge_window`` seconds of each other merge into one step that keeps the oldest inverse,
so one undo returns to the value before the typing began. :meth:`History.checkpoint` (a change of
focus) stops merging.

>>> from core.commands import UpdateEntity
>>> from core.model import DataModel, Entity, EntityKey, Attribute
>>> m0 = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="a", type="int"),)),))
>>> clock = iter([0.0, 0.5, 1.0]).__next__
>>> h = History(clock=clock)
>>> m = m0
>>> for text in ("n", "no", "not"):
...     m = h.execute(m, UpdateEntity(EntityKey(None, "t"), (("note", text),)))
>>> len(h), m.entities[0].note
(1, 'not')
>>> h.undo(m)[0] == m0
True
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from core.commands.base import Command
from core.model import DataModel, EntityKey

__all__ = ["History", "Step"]

Renames = tuple[tuple[EntityKey, EntityKey], ...]


@dataclass(frozen=True)
class Step:
    """One undo step: ``revert`` applied to the model after the step returns the model before it
    (on the redo stack: applied to the model before, returns the model after).

    ``command`` is the newest command of the step, ``renames`` those of all its commands.
    """

    command: Command
    revert: Command
    label: str
    renames: Renames = ()
    merge_key: tuple[Any, ...] | None = None
    time: float = 0.0


class History:
    """Undo and redo stacks over models.

    Parameters
    ----------
    max_steps
        How many undo steps are kept (the oldest are forgotten).
    merge_window
        Seconds within which consecutive commands with equal merge keys merge.
    clock
        Returns the time in seconds (injectable for tests).
    """

    def __init__(self, max_steps: int = 500, merge_window: float = 1.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if max_steps < 1:
            raise ValueError("max_steps must be at least 1")
        self.max_steps = max_steps
        self.merge_window = merge_window
        self._clock = clock
        self._undo: deque[Step] = deque(maxlen=max_steps)
        self._redo: list[Step] = []
        self._sealed = True

    def __len__(self) -> int:
        """The number of undo steps."""
        return len(self._undo)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        """What undo would undo (``None`` when nothing)."""
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo_labels(self) -> list[str]:
        """Labels of the undo steps, newest first (for a menu)."""
        return [s.label for s in reversed(self._undo)]

    def redo_labels(self) -> list[str]:
        """Labels of the redo steps, next first."""
        return [s.label for s in reversed(self._redo)]

    def checkpoint(self) -> None:
        """End the current step: the next command starts a new one even if it could merge."""
        self._sealed = True

    def clear(self) -> None:
        """Forget every step."""
        self._undo.clear()
        self._redo.clear()
        self._sealed = True

    def execute(self, model: DataModel, command: Command) -> DataModel:
        """Apply ``command`` to ``model``, record it, and return the new model."""
        new, inverse = command.apply(model)
        self.record(command, inverse)
        return new

    def record(self, command: Command, inverse: Command) -> Step:
        """Record an applied command and its inverse; clears redo; merges when it can. Returns the
        step now at the top of the undo stack."""
        now = self._clock()
        key = command.merge_key()
        self._redo.clear()
        top = self._undo[-1] if self._undo else None
        if (key is not None and top is not None and not self._sealed and top.merge_key == key
                and now - top.time <= self.merge_window):
            step = replace(top, command=command, label=command.label, renames=top.renames + command.renames(),
                           time=now)
            self._undo[-1] = step
        else:
            step = Step(command, inverse, command.label, command.renames(), key, now)
            self._undo.append(step)
        self._sealed = key is None
        return step

    def undo(self, model: DataModel) -> tuple[DataModel, Step] | None:
        """Undo the newest step: the model before it and the step, or ``None`` when there is none."""
        if not self._undo:
            return None
        step = self._undo.pop()
        before, redo = step.revert.apply(model)
        self._redo.append(replace(step, revert=redo))
        self._sealed = True
        return before, step

    def redo(self, model: DataModel) -> tuple[DataModel, Step] | None:
        """Redo the step undone last: the model after it and the step, or ``None``."""
        if not self._redo:
            return None
        step = self._redo.pop()
        after, undo = step.revert.apply(model)
        self._undo.append(replace(step, revert=undo))
        self._sealed = True
        return after, step
