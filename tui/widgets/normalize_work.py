"""The normalization pane's work, away from the widgets: the analysis with a time budget and
cancellation, the decomposition plans (with the user's names for new entities), and the
parsing of those names. Everything here runs on the UI thread or in the pane's thread workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from core.errors import TablewrightError
from core.model import DataModel, EntityKey
from core.normalize.analysis import Analysis, analyze
from core.normalize.fds import NormalizeError
from core.normalize.keys import CancelToken
from core.normalize.model_bridge import entity_columns, entity_namer, entity_relation
from core.normalize.plan import DecompositionPlan, plan_decomposition

__all__ = ["KINDS", "PARTIAL_BUDGET", "PARTIAL_KEYS", "PROGRESS_EVERY", "SYNC_BUDGET", "WORKER_PAUSE",
           "YIELD_EVERY", "Plans", "RunToken", "analyze_now", "parse_names", "plan_both", "renames_for"]

#: Seconds an analysis may run on the UI thread before it moves to a worker.
SYNC_BUDGET = 0.03
#: Seconds of work after which a worker's analysis pauses for :data:`WORKER_PAUSE` seconds.
YIELD_EVERY = 0.002
WORKER_PAUSE = 0.001
#: Seconds between two progress reports of a slow analysis.
PROGRESS_EVERY = 0.1
#: Seconds the analysis after a cancellation may take (with the first keys found).
PARTIAL_BUDGET = 2.0
#: Keys the analysis after a cancellation judges the normal form on, at most.
PARTIAL_KEYS = 200
KINDS = ("3nf", "bcnf")
Plans = dict[str, DecompositionPlan | str]


class RunToken(CancelToken):
    """A cancellation token that also knows whether a newer request replaced the run."""

    def __init__(self) -> None:
        super().__init__()
        self.superseded = False


def analyze_now(model: DataModel, key: EntityKey, *, budget: float | None = None,
                cancel: CancelToken | None = None, progress: Callable[[int], None] | None = None,
                key_limit: int | None = None, pause: float = 0.0) -> Analysis:
    """The pane's analysis of entity ``key``: :func:`core.normalize.analysis.analyze` with the
    entity's 1NF columns and names, violations among the cover's FDs (fast), stopped with
    :class:`AnalysisCancelled` after ``budget`` seconds or when ``cancel`` is set; with ``pause``
    (in a worker thread) it sleeps that long every :data:`YIELD_EVERY` seconds of work, so that
    the UI thread, which needs the GIL for every keystroke, is never starved."""
    entity = model.entity(key)
    if entity is None:
        raise NormalizeError(f"no entity {key.display()}")
    deadline = None if budget is None else time.perf_counter() + budget
    ran = [time.perf_counter()]

    def stop() -> bool:
        now = time.perf_counter()
        if pause and now - ran[0] > YIELD_EVERY:  # in a worker: let the UI thread take the GIL
            time.sleep(pause)
            ran[0] = time.perf_counter()
        return (cancel is not None and cancel()) or (deadline is not None and now > deadline)

    return analyze(entity_relation(entity), columns=entity_columns(entity), namer=entity_namer(model, entity),
                   exhaustive=False, key_limit=key_limit, cancel=stop,
                   progress=progress)


def renames_for(plan: DecompositionPlan, names: Mapping[str, str]) -> dict[str, str]:
    """The renames of ``names`` (default component name -> chosen) that apply to ``plan``'s new
    components."""
    defaults = {c.name for c in plan.decomposition.components if not c.main}
    return {old: new for old, new in names.items() if old in defaults and old != new}


def plan_both(model: DataModel, key: EntityKey, kinds: tuple[str, ...] = KINDS,
              names: Mapping[str, str] | None = None) -> Plans:
    """The decomposition plans of entity ``key`` (both by default), with the new components
    renamed by ``names`` where they apply, or the reason each cannot be planned."""
    plans: Plans = {}
    for kind in kinds:
        try:
            plan = plan_decomposition(model, key, kind)  # type: ignore[arg-type]
            chosen = renames_for(plan, names or {})
            if chosen:
                plan = plan_decomposition(model, key, kind, chosen)  # type: ignore[arg-type]
            plans[kind] = plan
        except (NormalizeError, TablewrightError) as exc:
            plans[kind] = str(exc)
    return plans


def parse_names(text: str) -> dict[str, str]:
    """``"zips=postal_codes, products=items"`` -> ``{"zips": "postal_codes", ...}``; a
    :class:`ValueError` says what is wrong.

    >>> parse_names("zips = postal_codes, products=items")
    {'zips': 'postal_codes', 'products': 'items'}
    """
    out: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        old, sep, new = (x.strip() for x in part.partition("="))
        if not sep or not old or not new:
            raise ValueError(f'"{part}": write each as default=new_name, separated by commas')
        out[old] = new
    return out
