"""The editing session: a model, its file, its undo history, and views derived from it.

A :class:`Document` holds the current model and a revision number that grows by one with every
change (execute, undo, redo). Everything derived from the model (the graph, the validation
problems, the DDL, lint findings, normalization analyses) is computed on demand and memoized by
revision through :meth:`Document.derived`. Every change returns a :class:`Change` that says which
entities it touched, so views refresh only what they show.

>>> from core.commands import AddEntity
>>> from core.model import Attribute, Entity
>>> doc = Document.new()
>>> change = doc.execute(AddEntity(Entity(name="t", attributes=(Attribute(name="id", type="int"),))))
>>> change.revision, sorted(k.name for k in change.touched), doc.dirty
(1, ['t'], True)
>>> doc.undo().touched == change.touched, doc.dirty, doc.revision
(True, False, 2)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from core.commands.base import Command
from core.commands.guard import model_fields_changed, touched_keys
from core.errors import Problem, TablewrightError
from core.history import History, Step
from core.model import DataModel, EntityKey

if TYPE_CHECKING:
    import networkx as nx

    from core.storage import FileStamp

__all__ = ["Change", "Document"]

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What one execute/undo/redo did.

    Attributes
    ----------
    revision
        The document's revision after the change.
    touched
        Canonical keys of the entities added, removed or changed (a renamed entity appears
        under its old and its new key).
    renamed
        ``(old, new)`` canonical keys of renamed or moved entities, in order.
    label
        The command's label (for undo/redo: what was undone or redone).
    model_changed
        Whether model-level fields (views, enums, settings...) or the order of entities changed.
    kind
        ``"execute"``, ``"undo"`` or ``"redo"``.
    """

    revision: int
    touched: frozenset[EntityKey]
    renamed: tuple[tuple[EntityKey, EntityKey], ...]
    label: str
    model_changed: bool = False
    kind: Literal["execute", "undo", "redo"] = "execute"


class Document:
    """An editing session over one model (optionally tied to a file).

    Parameters
    ----------
    model
        The model to edit.
    path
        The file the model came from or is saved to.
    stamp
        The file's stamp when it was loaded (``core.storage.FileStamp``), so that saving refuses
        to overwrite a file changed on disk meanwhile.
    history
        The undo history (default: a new :class:`~core.history.History`).
    """

    def __init__(self, model: DataModel, path: str | Path | None = None, stamp: FileStamp | None = None,
                 history: History | None = None) -> None:
        self._model = model
        self.path = Path(path) if path is not None else None
        self.stamp = stamp
        self.history = history if history is not None else History()
        self._revision = 0
        self._saved: DataModel | None = model if path is not None else None
        self._memo: dict[str, tuple[int, Any]] = {}
        self.load_problems: tuple[Problem, ...] = ()
        #: Lines of the file that held comments the last :meth:`save` dropped (the canonical
        #: layout has none: remarks belong in ``note:`` fields), so the app can say so.
        self.dropped_comments: tuple[int, ...] = ()

    @classmethod
    def open(cls, path: str | Path, *, validate: bool = True) -> Document:
        """Load a model file (``core.storage.load``); problems found on the way (when
        ``validate`` is false) are kept in :attr:`load_problems`."""
        from core.storage import load

        loaded = load(path, validate=validate)
        doc = cls(loaded.model, loaded.path, loaded.stamp)
        doc.load_problems = tuple(loaded.problems)
        return doc

    @classmethod
    def new(cls, name: str = "untitled") -> Document:
        """An empty model that is not yet tied to a file."""
        doc = cls(DataModel(name=name))
        doc._saved = doc.model
        return doc

    @property
    def model(self) -> DataModel:
        return self._model

    @property
    def revision(self) -> int:
        """Grows by one with every change (execute, undo, redo); the key of derived views."""
        return self._revision

    @property
    def dirty(self) -> bool:
        """Whether the model differs from the last saved (or loaded) one; a model given without a
        file is dirty until saved, a :meth:`new` one is not. Undo returns the very same model
        object, so undoing back to the saved state is clean again."""
        if self._saved is None:
            return True
        return self._model is not self._saved and self._model != self._saved

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    @property
    def undo_label(self) -> str | None:
        return self.history.undo_label

    @property
    def redo_label(self) -> str | None:
        return self.history.redo_label

    def checkpoint(self) -> None:
        """End the current undo step (call on a change of focus)."""
        self.history.checkpoint()

    def _change(self, before: DataModel, label: str, renames: tuple[tuple[EntityKey, EntityKey], ...],
                kind: Literal["execute", "undo", "redo"]) -> Change:
        after = self._model
        self._revision += 1
        touched = touched_keys(before, after)
        reordered = not touched and before.entities is not after.entities and before.entities != after.entities
        canon = tuple((before.canonical_key(a), after.canonical_key(b)) for a, b in renames)
        return Change(self._revision, touched, canon, label,
                      bool(model_fields_changed(before, after)) or reordered, kind)

    def execute(self, command: Command) -> Change:
        """Apply ``command`` and record it for undo; :class:`~core.errors.CommandError` leaves
        everything unchanged."""
        before = self._model
        self._model = self.history.execute(before, command)
        return self._change(before, command.label, command.renames(), "execute")

    def undo(self) -> Change | None:
        """Undo the newest step (``None`` when there is nothing to undo)."""
        return self._step(self.history.undo(self._model), "undo")

    def redo(self) -> Change | None:
        """Redo the step undone last (``None`` when there is nothing to redo)."""
        return self._step(self.history.redo(self._model), "redo")

    def _step(self, result: tuple[DataModel, Step] | None, kind: Literal["undo", "redo"]) -> Change | None:
        if result is None:
            return None
        before = self._model
        self._model, step = result
        if kind == "undo":  # renames are recorded forwards: undo runs them backwards
            return self._change(before, step.label, tuple((b, a) for a, b in reversed(step.renames)), kind)
        return self._change(before, step.label, step.renames, kind)

    def save(self, path: str | Path | None = None, force: bool = False) -> FileStamp:
        """Save to ``path`` (default: the document's file) with ``core.storage.save``, refusing to
        overwrite a file changed on disk since it was loaded unless ``force``; returns the new
        stamp. Saving to another path makes it the document's file."""
        from core.storage import save

        target = Path(path) if path is not None else self.path
        if target is None:
            raise TablewrightError("this model has no file yet: give a path to save it to")
        same_file = self.path is not None and target.resolve() == self.path.resolve()
        comments = _comment_lines(target)
        stamp = save(self._model, target, expected_stamp=self.stamp if same_file else None, force=force)
        self.path, self.stamp, self._saved = target, stamp, self._model
        self.dropped_comments = comments
        return stamp

    def derived(self, name: str, fn: Callable[[DataModel], T]) -> T:
        """``fn(model)``, computed once per revision and kept under ``name`` (e.g. ``"ddl:postgres"``)."""
        hit = self._memo.get(name)
        if hit is not None and hit[0] == self._revision:
            value: T = hit[1]
            return value
        value = fn(self._model)
        self._memo[name] = (self._revision, value)
        return value

    def graph(self) -> nx.MultiDiGraph:
        """The model graph (:func:`core.graph.build_graph`), memoized by revision."""
        from core.graph import build_graph

        return self.derived("graph", build_graph)

    def problems(self) -> list[Problem]:
        """Validation problems of the model (:func:`core.validate.validate_model`), memoized."""
        from core.validate import validate_model

        return self.derived("problems", validate_model)


def _comment_lines(path: Path) -> tuple[int, ...]:
    """The lines of the file at ``path`` that hold comments (none when it cannot be read)."""
    from core.storage import read_text
    from core.storage.locate import comment_lines

    try:
        text, _ = read_text(path)
    except TablewrightError:
        return ()
    return tuple(comment_lines(text))
