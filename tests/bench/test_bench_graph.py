"""Relationship graph speed on the 1,000-entity model of ``tests/bench/bigmodel.py``.

* focus view: ``focus_layout`` plus the windowed ``render`` of a 160x48 window, for the entity with
  the most entities within 2 foreign keys either way (the costliest focus), at depth 1 and 2,
  keys shown;
* focus view in the app: the graph pane taking a new selection and producing every styled line
  of its window (what the pane does before Textual composites the screen);
* overview layout of the whole model (``overview_layout``), names and key attributes;
* panning the overview: one windowed render at a far-away origin;
* in the app, how long the event loop stalls at most while the overview is laid out in its
  thread worker (a 10 ms heartbeat; its worst lateness).

Run as a script for the figures in BENCHMARKS.md (``python tests/bench/test_bench_graph.py``) or
under pytest-benchmark (``python -m pytest tests/bench/test_bench_graph.py --benchmark-enable``).
In the normal suite (benchmarks disabled) each case runs once on a smaller model and checks its
result, never a speed.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from core.layout import focus_layout, overview_layout, render  # noqa: E402
from core.layout.diagram import focus_columns  # noqa: E402
from core.model import DataModel, EntityKey  # noqa: E402
from tests.bench.bigmodel import big_model  # noqa: E402

WINDOW = (160, 48)


def busiest(model: DataModel, depth: int = 2) -> EntityKey:
    """The entity with the most entities within ``depth`` foreign keys (either way: what the
    focus view shows)."""
    return max((model.canonical_key(e.key) for e in model.entities),
               key=lambda k: len(focus_columns(model, k, depth)))


def focus_frame(model: DataModel, key: EntityKey, depth: int) -> list[str]:
    d = focus_layout(model, key, depth)
    b = d.boxes[key]
    x, y = b.x + b.w // 2 - WINDOW[0] // 2, b.y + b.h // 2 - WINDOW[1] // 2
    return render(d, max(0, x), max(0, y), *WINDOW, selected=key).lines


# -- pytest (one round each with benchmarks disabled) --------------------------------------------

_SMALL: DataModel | None = None


def _model() -> DataModel:
    global _SMALL
    if _SMALL is None:
        _SMALL = big_model(200, 8, 300)
    return _SMALL


def test_bench_focus_render(benchmark: Any) -> None:
    m = _model()
    key = busiest(m)
    lines = benchmark(focus_frame, m, key, 2)
    assert len(lines) == WINDOW[1] and key.name in "".join(lines)


def test_bench_overview_layout(benchmark: Any) -> None:
    m = _model()
    d = benchmark(overview_layout, m)
    assert len(d.boxes) == len(m.entities)


def test_bench_overview_pan(benchmark: Any) -> None:
    d = overview_layout(_model())
    out = benchmark(render, d, d.width // 2, d.height // 2, *WINDOW)
    assert len(out.lines) == WINDOW[1]


def sample_crossings() -> int:
    """Cells where two lines cross, over every sample model's overview (key attributes) and the
    depth-2 focus view of each of its entities: a measure of how readable the routes are."""
    from core.storage import load
    from tests.conftest import sample_model_paths

    total = 0
    for path in sample_model_paths():
        m = load(path).model
        views = [overview_layout(m, detail=True)] + [focus_layout(m, e.key, 2) for e in m.entities]
        total += sum(line.count("┼") for d in views for line in render(d, 0, 0, d.width, d.height).lines)
    return total


# -- the script: BENCHMARKS.md figures ------------------------------------------------------------


def _median(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


async def _in_app(model: DataModel, key: EntityKey, rounds: int) -> dict[str, tuple[float, float]]:
    from core.document import Document
    from tui.app import make_app

    app = make_app(document=Document(model), tune_gc=True)  # as run_app does
    out: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=WINDOW) as pilot:
        from tests.tui.helpers import settle

        await settle(pilot)
        await pilot.press("f10", "f5")  # the graph, maximized
        await pilot.pause()
        graph = app.main.graph
        canvas = graph.canvas
        doc = app.document
        others = [model.canonical_key(e.key) for e in model.entities[:rounds]]

        def select(k: EntityKey) -> None:
            graph.update_source(doc.model, doc.revision, k)
            for y in range(canvas.size.height):
                canvas.render_line(y)

        ks = iter(others * 2)
        select(key)
        out["app focus: new selection -> styled window"] = _median(lambda: select(next(ks)), rounds)
        # the overview in its worker: the heartbeat's worst lateness meanwhile
        lateness: list[float] = []
        done = False

        async def heartbeat() -> None:
            while not done:
                t = time.perf_counter()
                await asyncio.sleep(0.01)
                lateness.append(time.perf_counter() - t - 0.01)

        beat = asyncio.create_task(heartbeat())
        t0 = time.perf_counter()
        await pilot.press("o")
        while graph.stale or graph._pending is not None or graph.diagram is None:
            await asyncio.sleep(0.005)
        took = time.perf_counter() - t0
        done = True
        await beat
        out["app overview: o -> laid out (worker)"] = (took * 1000, float("nan"))
        out["app overview: worst event-loop stall meanwhile"] = (max(lateness) * 1000, float("nan"))

        def again() -> None:  # to the focus view and back: the cached layout, drawn again
            graph.action_toggle_mode()
            graph.action_toggle_mode()
            assert not graph.stale and graph._pending is None
            for y in range(canvas.size.height):
                canvas.render_line(y)

        out["app overview again (cached) -> styled window"] = _median(again, rounds)

        def pan() -> None:
            graph.action_pan(1, 0)
            for y in range(canvas.size.height):
                canvas.render_line(y)

        out["app overview pan -> styled window"] = _median(pan, rounds)
    return out


def hub_model(n: int = 1000) -> DataModel:
    """``n`` entities that all reference ``tenants`` (one in three also its predecessor)."""
    from core.model import Attribute, Entity, ForeignKey, PrimaryKey

    def table(name: str, *refs: str) -> Entity:
        return Entity(name=name, attributes=[Attribute(name="id", type="bigint", nullable=False),
                                             *(Attribute(name=f"{r}_id", type="bigint") for r in refs)],
                      primary_key=PrimaryKey(columns=["id"]),
                      foreign_keys=[ForeignKey(columns=[f"{r}_id"], references=r) for r in refs])

    return DataModel(entities=[table("tenants"), *(table(f"t{i}", "tenants", *([f"t{i - 1}"] if i % 3 else []))
                                                   for i in range(1, n))])


async def _hub_in_app(rounds: int) -> dict[str, tuple[float, float]]:
    """Selecting the hub (999 neighbours): the UI thread's part, and until its picture is up."""
    from core.document import Document
    from tui.app import make_app

    model = hub_model()
    app = make_app(document=Document(model), tune_gc=True)
    out: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=WINDOW) as pilot:
        from tests.tui.helpers import settle

        await settle(pilot)
        await pilot.press("f10", "f5")
        await pilot.pause()
        graph, doc = app.main.graph, app.document
        hub, other = EntityKey(None, "tenants"), EntityKey(None, "t500")
        ui, total = [], []
        for _ in range(max(3, rounds // 3)):
            graph.update_source(doc.model, doc.revision, other)
            graph._focus = None  # not the cached picture
            t0 = time.perf_counter()
            graph.update_source(doc.model, doc.revision, hub)
            ui.append(time.perf_counter() - t0)
            while graph.diagram is None or graph.diagram.focus != hub:
                await asyncio.sleep(0.002)
            total.append(time.perf_counter() - t0)
        out["app focus on a hub (999 related): UI thread"] = (statistics.median(ui) * 1000, float("nan"))
        out["app focus on a hub: until laid out (worker)"] = (statistics.median(total) * 1000, float("nan"))
    return out


def main(rounds: int = 15) -> None:
    m = big_model()
    key = busiest(m)
    print(f"model: {len(m.entities)} entities; focus on {key.display()} "
          f"({len(focus_columns(m, key, 1)) - 1} entities within 1 FK, {len(focus_columns(m, key, 2)) - 1} "
          f"within 2, either way), window {WINDOW}")
    rows: dict[str, tuple[float, float]] = {
        "focus depth 1: layout + render": _median(lambda: focus_frame(m, key, 1), rounds),
        "focus depth 2: layout + render": _median(lambda: focus_frame(m, key, 2), rounds),
        "overview layout (names)": _median(lambda: overview_layout(m), max(3, rounds // 5)),
        "overview layout (keys)": _median(lambda: overview_layout(m, detail="keys"), max(3, rounds // 5)),
    }
    d = overview_layout(m)
    rows["overview pan: render a window"] = _median(
        lambda: render(d, d.width // 2, d.height // 2, *WINDOW), rounds)
    rows.update(asyncio.run(_in_app(m, key, rounds)))
    rows.update(asyncio.run(_hub_in_app(rounds)))
    print(f"overview: {d.width}x{d.height} cells, {len(d.edges)} lines, "
          f"{d.crossings} crossings between layer orders")
    print(f"drawn crossings (┼) in the sample models' overviews and depth-2 focus views: {sample_crossings()}")
    print("| case | wall ms | CPU ms |\n| --- | ---: | ---: |")
    for name, (wall, cpu) in rows.items():
        cpu_s = "" if cpu != cpu else f"{cpu:.1f}"
        print(f"| {name} | {wall:.1f} | {cpu_s} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
