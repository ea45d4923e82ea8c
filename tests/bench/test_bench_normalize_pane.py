"""Normalization pane speed: an FD typed in the pane's editor (enter) to the updated analysis on
screen, for an entity of 30 attributes; and to the 3NF/BCNF previews, which follow in a worker.

Run as a script for the figures in BENCHMARKS.md (``python tests/bench/test_bench_normalize_pane.py``)
or under pytest (one short round; nothing asserted about speed, only that the pane shows the
analyzer's answer).

How it measures (headless, 160x48, the Normalize tab shown): the FD's text is put in the editor
and ``enter`` is posted to the app as the terminal driver would post it (no Pilot waits in the
timed part); the clock stops at the first screen paint after the pane holds the analysis of the
new revision (badge, FD list, keys, violations), and, second figure, at the first paint after
both decomposition previews are in. Then ctrl+z, untimed, so each round edits the same model; before each round the other panes'
background work (the whole-model review) is let finish, as it is when a user starts typing.
Wall-clock medians, and the process CPU time of the same span (all threads), which is what to
compare on a busy machine.

The entity: attributes ``a0..a29`` (``a0`` the primary key) and 30 random FDs, each with a left
side of 1 or 2 attributes and one attribute on the right, from ``random.Random(SEED)``; each round
adds one more random FD the same way.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("TABLEWRIGHT_STATE_DIR", tempfile.mkdtemp(prefix="tablewright-bench-"))

from textual import events  # noqa: E402

from core.document import Document  # noqa: E402
from core.model import Attribute, DataModel, Entity, EntityKey, FunctionalDependency, PrimaryKey  # noqa: E402
from core.normalize.model_bridge import analyze_entity  # noqa: E402
from tests.tui.helpers import settle, settle_review  # noqa: E402
from tui.app import ModelerApp, make_app  # noqa: E402

SEED = 20261205
WIDTH = 30
KEY = EntityKey(None, "wide")


def wide_model(width: int = WIDTH, fds: int = 30, seed: int = SEED) -> DataModel:
    """One entity of ``width`` attributes with ``fds`` random FDs (and a small neighbour)."""
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(width)]
    deps = []
    for _ in range(fds):
        lhs = rng.sample(names[1:], rng.randint(1, 2))
        deps.append(FunctionalDependency(lhs=tuple(lhs), rhs=(rng.choice([n for n in names[1:] if n not in lhs]),)))
    wide = Entity(name="wide", attributes=tuple(Attribute(name=n, type="text", nullable=False) for n in names),
                  primary_key=PrimaryKey(columns=("a0",)), fds=tuple(deps))
    return DataModel(name="bench", entities=(wide,))


def random_fd_texts(count: int, width: int = WIDTH, seed: int = SEED + 1) -> list[str]:
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(1, width)]
    out = []
    for _ in range(count):
        lhs = rng.sample(names, rng.randint(1, 2))
        out.append(f"{', '.join(lhs)} -> {rng.choice([n for n in names if n not in lhs])}")
    return out


class _Paints:
    """Stamps every screen paint of ``app``."""

    def __init__(self, app: ModelerApp) -> None:
        self.times: list[float] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                self.times.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]


async def _wait(condition: Any, timeout: float = 20.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError("the normalization pane did not catch up")
        await asyncio.sleep(0.0005)


async def _paint_after(paints: _Paints, since: float) -> float:
    await _wait(lambda: any(t >= since for t in paints.times))
    return next(t for t in paints.times if t >= since)


async def measure(rounds: int) -> dict[str, list[float]]:
    app = make_app(document=Document(wide_model()))
    out: dict[str, list[float]] = {"analysis": [], "analysis_cpu": [], "previews": [], "previews_cpu": []}
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.main.select(KEY)
        await pilot.press("f11")
        pane = app.main.normalize
        await _wait(lambda: pane.plans_for == (app.document.revision, KEY))
        paints = _Paints(app)
        own: list[tuple[float, float]] = []
        update = pane.update_source

        def timed_update(*args: Any) -> None:  # the pane's own part: analysis and redraw
            w, c = time.perf_counter(), time.thread_time()
            update(*args)
            own.append((time.perf_counter() - w, time.thread_time() - c))

        pane.update_source = timed_update  # type: ignore[method-assign]
        for text in random_fd_texts(rounds):
            pane.fd_input.focus()
            pane.fd_input.value = text
            await settle_review(pilot)  # the other panes' background work from the last round is done
            await pilot.pause(0.1)
            revision = app.document.revision
            t0, c0 = time.perf_counter(), time.process_time()
            own.clear()
            app.post_message(events.Key("enter", None))
            await _wait(lambda r=revision: pane.analysis_for == (r + 1, KEY))  # type: ignore[misc]
            c1, t_ready = time.process_time(), time.perf_counter()
            out.setdefault("pane", []).append(sum(w for w, _ in own))
            out.setdefault("pane_cpu", []).append(sum(c for _, c in own))
            t1 = await _paint_after(paints, t_ready)
            await _wait(lambda r=revision: pane.plans_for == (r + 1, KEY))  # type: ignore[misc]
            c2, p_ready = time.process_time(), time.perf_counter()
            t2 = await _paint_after(paints, p_ready)
            out["analysis"].append(t1 - t0)
            out["analysis_cpu"].append(c1 - c0)
            out["previews"].append(t2 - t0)
            out["previews_cpu"].append(c2 - c0)
            assert pane.analysis == analyze_entity(app.document.model, KEY, exhaustive=False)
            await pilot.press("ctrl+z")
            await _wait(lambda r=revision: pane.plans_for == (r + 2, KEY) or app.document.revision == r)
            await settle(pilot)
    return out


def test_fd_edit_to_pane_update() -> None:
    out = asyncio.run(measure(1))
    assert len(out["analysis"]) == 1 and out["analysis"][0] > 0


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    out = asyncio.run(measure(rounds))
    print(f"normalization pane, entity of {WIDTH} attributes and 30 FDs, seed {SEED}, {rounds} FD edits")
    wall, cpu = statistics.median(out["pane"]) * 1000, statistics.median(out["pane_cpu"]) * 1000
    print(f"  the pane's update (analysis, FD list, details, on the UI thread): median {wall:.1f} ms wall "
          f"({cpu:.1f} ms CPU), worst {max(out['pane']) * 1000:.1f} ms")
    for name in ("analysis", "previews"):
        wall = statistics.median(out[name]) * 1000
        cpu = statistics.median(out[f"{name}_cpu"]) * 1000
        worst = max(out[name]) * 1000
        print(f"  enter -> {name} on screen: median {wall:.1f} ms wall ({cpu:.1f} ms CPU), worst {worst:.1f} ms")


if __name__ == "__main__":
    main()
