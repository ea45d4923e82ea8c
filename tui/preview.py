"""What the DDL pane shows, computed off the UI thread: the DDL of one entity or of the whole model.

:class:`PreviewService` keeps one :class:`core.ddl.cache.IncrementalDDL` per dialect, so a new
revision regenerates only the entities an edit touched (unchanged entities are the same objects
in the new model and their fragments are reused). Calls may come from several worker threads (an
exclusive worker is cancelled but its thread runs to the end), so generation is serialised by a
lock. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.errors import TablewrightError
from core.model import DataModel, EntityKey

if TYPE_CHECKING:
    from core.ddl.cache import IncrementalDDL
    from core.ddl.result import Fragment

#: The dialects the preview can switch between, in the order the switch key cycles.
DIALECTS: tuple[str, ...] = ("postgres", "mysql", "sqlite", "tsql", "oracle", "duckdb")
DIALECT_LABELS = {"postgres": "PostgreSQL", "mysql": "MySQL", "sqlite": "SQLite", "tsql": "SQL Server",
                  "oracle": "Oracle", "duckdb": "DuckDB"}


#: A one-entity preview faster than this is computed on the UI thread, in the keystroke's own paint.
FAST_SECONDS = 0.015


@dataclass(frozen=True)
class PreviewRequest:
    """Which DDL to show: the model at ``revision`` in ``dialect``, of ``key`` (``None``: all)."""

    revision: int
    dialect: str
    key: EntityKey | None


@dataclass(frozen=True)
class Preview:
    """The DDL text for a request, the dialect's warnings, or the error that prevented it."""

    request: PreviewRequest
    text: str
    warnings: tuple[str, ...] = ()
    error: str | None = None
    seconds: float = field(default=0.0, compare=False)


class PreviewService:
    """Generates previews, reusing per-entity fragments across revisions (one cache per dialect)."""

    def __init__(self) -> None:
        self._caches: dict[str, IncrementalDDL] = {}
        self._lock = threading.Lock()
        #: Dialects whose last one-entity preview took under :data:`FAST_SECONDS`.
        self._fast: set[str] = set()

    def try_render(self, model: DataModel, request: PreviewRequest) -> Preview | None:
        """The preview at once, when that is known to be cheap: one entity, a dialect whose
        fragment cache is warm and fast, and no other generation running. ``None``: use a worker
        (:meth:`render`)."""
        if request.key is None or request.dialect not in self._fast or not self._lock.acquire(blocking=False):
            return None
        self._lock.release()  # render takes it again; a worker starting in between only waits briefly
        return self.render(model, request)

    def _cache(self, dialect: str) -> IncrementalDDL:
        cache = self._caches.get(dialect)
        if cache is None:
            from core.ddl.cache import IncrementalDDL

            cache = self._caches[dialect] = IncrementalDDL(dialect)
        return cache

    def render(self, model: DataModel, request: PreviewRequest) -> Preview:
        """The preview of ``model`` for ``request``; errors become a :class:`Preview` with
        ``error`` set (the text then explains, as SQL comments, what to fix).

        For one entity the preview is that entity's own section (table, comments, indexes,
        security, triggers; the foreign keys that must wait for other tables at the end); the
        whole model's script, in creation order and with its prerequisites, is the other scope.
        """
        start = time.perf_counter()
        with self._lock:
            # a dialect's first generation sets its cache up (imports, the model's lookups): slow
            # once, it says nothing about the next one, which is then tried at once
            fresh = request.dialect not in self._caches
            try:
                if not model.entities:
                    return Preview(request, "-- the model has no entities yet: press ctrl+n to add one")
                cache = self._cache(request.dialect)
                if request.key is None:
                    result = cache.update(model)
                    text, warnings = result.sql, tuple(str(w) for w in result.warnings)
                else:
                    if model.entity(request.key) is None:
                        return Preview(request, "-- no entity selected")
                    text, warnings = _entity_text(cache.fragment(model, request.key))
            except TablewrightError as exc:
                message = str(exc)
                text = "\n".join(f"-- {line}" for line in ["DDL cannot be generated:", *message.splitlines()])
                return Preview(request, text, (), message, time.perf_counter() - start)
        seconds = time.perf_counter() - start
        if request.key is not None:
            (self._fast.add if seconds < FAST_SECONDS or fresh else self._fast.discard)(request.dialect)
        return Preview(request, text, warnings, None, seconds)


def _entity_text(fragment: Fragment) -> tuple[str, tuple[str, ...]]:
    parts = [*fragment.prelude, fragment.sql.strip("\n")]
    if fragment.deferred:
        parts += ["", "-- Once every table exists (these foreign keys close a cycle):", *fragment.deferred]
    if fragment.trailing:
        parts += ["", *fragment.trailing]
    return "\n".join(parts) + "\n", tuple(str(w) for w in fragment.warnings)
