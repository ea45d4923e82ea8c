"""Workstation speed on the 1,000-entity model: launch to first paint, an attribute edit to the
updated DDL preview on screen, moving the selection to another entity on screen.

Run as a script for the figures in BENCHMARKS.md (``python tests/bench/test_bench_tui.py``) or
under pytest (``python -m pytest tests/bench/test_bench_tui.py``: one short round, nothing
asserted about speed).

How it measures (headless, 160x48): a key event is posted to the app as the terminal driver would
post it (no Pilot waits in the timed part); the clock stops at the first screen paint after the
result is in place: the new DDL text for an edit, the new entity in the editor and its DDL for a
move. A paint is the compositor's update turned into the terminal's escape sequences (the work a
real terminal driver does before writing them out: the headless driver skips it, the benchmark
does it). Wall-clock medians, and the process CPU time of the same span (all threads), which is
what to compare on a busy machine. Launch is measured in a fresh interpreter: imports, reading the
model file, building the app, first paint.

Two ways of pressing keys:

- one keystroke at a time (``IDLE_GAP`` after the screen has settled, as a user reading the screen
  between keys): Textual paints at most once per frame (60 per second, and after a paint its frame
  timer skips to the frame after next), so a key pressed a few milliseconds after the previous
  paint waits up to 33 ms for its frame whatever the app does; a key pressed after a pause is
  painted as soon as its handlers are done;
- a held key (``move_held``: the down arrow repeating every ``REPEAT`` seconds, as a terminal's
  auto-repeat does): the latency of each key, from its event to the first paint that shows its
  entity in the list, the editor and the DDL preview; the frame timer's pacing is part of it.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
# the app's recovery copies (written while the model is dirty, as in real use) go to a scratch folder
os.environ.setdefault("TABLEWRIGHT_STATE_DIR", tempfile.mkdtemp(prefix="tablewright-bench-"))

from textual import events  # noqa: E402
from textual._compositor import CompositorUpdate  # noqa: E402

from core.document import Document  # noqa: E402
from tests.bench.bigmodel import big_model  # noqa: E402
from tests.tui.helpers import settle  # noqa: E402
from tui.app import ModelerApp, make_app  # noqa: E402

#: Pause before each timed keystroke (a user reading the screen): Textual's frame timer is idle.
IDLE_GAP = 0.1
#: Seconds between the events of a held key (terminal auto-repeat: about 30 per second).
REPEAT = 1 / 30

_LAUNCH = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
import asyncio
from tui.app import make_app
app = make_app({path!r}, tune_gc=True)
painted = []
async def main():
    async with app.run_test(size=(160, 48)) as pilot:
        painted.append((time.perf_counter() - t0, time.process_time()))
asyncio.run(main())
print(*painted[0])
"""


class _Paints:
    """Stamps every screen paint of ``app`` (wraps the instance's ``_display``). Headless, Textual
    does not turn the update into the terminal's escape sequences: this does it, as a real driver
    would, before the stamp. ``probe`` (if set) is called at each paint and its result kept with
    the time (what the paint shows)."""

    def __init__(self, app: ModelerApp) -> None:
        self.times: list[float] = []
        self.shown: list[Any] = []
        self.probe: Callable[[], Any] | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                if app.is_headless and isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)
                self.times.append(time.perf_counter())
                self.shown.append(self.probe() if self.probe is not None else None)

        app._display = display  # type: ignore[method-assign]


async def _timed(app: ModelerApp, paints: _Paints, key: str, done: Callable[[], bool],
                 timeout: float = 10.0) -> tuple[float, float]:
    """Post ``key``; the wall and CPU seconds until the first paint after ``done()`` holds (the
    paint that follows the DDL preview's new text)."""
    character = " " if key == "space" else (key if len(key) == 1 else None)
    t0, c0 = time.perf_counter(), time.process_time()
    app.post_message(events.Key(key, character))
    ready_at = None
    while time.perf_counter() - t0 < timeout:
        await asyncio.sleep(0.0005)
        if ready_at is None and done():
            ready_at = app.main.preview.shown_at  # the DDL is the last part to arrive
        if ready_at is not None and paints.times and paints.times[-1] >= ready_at:
            return paints.times[-1] - t0, time.process_time() - c0
    raise AssertionError(f"no paint after {key!r} within {timeout} s")


def _shows(app: ModelerApp, revision: int, key: Any) -> bool:
    shown = app.main.preview.shown
    return shown is not None and shown.request.revision == revision and shown.request.key == key


async def _measure(rounds: int = 15) -> dict[str, tuple[float, float]]:
    app = make_app(document=Document(big_model()), tune_gc=True)  # as run_app does
    paints = _Paints(app)
    edits: list[tuple[float, float]] = []
    moves: list[tuple[float, float]] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # into the attribute table
        main = app.main
        table = main.editor.attributes
        for _ in range(rounds):
            table.move_cursor(row=1, column=2)  # the "null" cell of the second attribute
            await settle(pilot)
            await asyncio.sleep(IDLE_GAP)
            revision = app.document.revision + 1
            edits.append(await _timed(app, paints, "space", lambda r=revision: _shows(app, r, main.selected)))
        main.entity_list.table.focus()
        await settle(pilot)
        for _ in range(rounds):
            before = main.selected
            await settle(pilot)
            await asyncio.sleep(IDLE_GAP)
            moves.append(await _timed(app, paints, "down", lambda b=before: main.selected != b and _whole_move(app)))
        await settle(pilot)
        await asyncio.sleep(IDLE_GAP)
        held = await _held(app, paints, rounds * 2)
    return {"edit_to_ddl": _median(edits), "move_selection": _median(moves), "move_held": held}


def _whole_move(app: ModelerApp) -> bool:
    """The list's cursor, the editor and the DDL preview all show the selected entity."""
    main = app.main
    key, rows = main.selected, main.entity_list.table
    return key is not None and _shows(app, app.document.revision, key) and main.editor.entity is not None \
        and main.editor.entity.name == key.name and rows.current is not None and rows.current.key == key


async def _held(app: ModelerApp, paints: _Paints, keys: int, timeout: float = 20.0) -> tuple[float, float]:
    """The down arrow held for ``keys`` repeats, one every :data:`REPEAT` seconds: the median
    wall latency from a key's event to the first paint showing its entity (or one further down)
    whole, and the CPU per key."""
    rows = app.main.entity_list.table
    start = rows.cursor_row

    def probe() -> int | None:
        return rows.cursor_row if _whole_move(app) else None

    paints.probe = probe
    first_paint = len(paints.times)
    posted: list[float] = []
    c0 = time.process_time()
    t0 = time.perf_counter()
    try:
        for i in range(keys):
            await asyncio.sleep(max(0.0, t0 + i * REPEAT - time.perf_counter()))
            posted.append(time.perf_counter())
            app.post_message(events.Key("down", None))
        while time.perf_counter() - t0 < timeout:
            shown = [row for row in paints.shown[first_paint:] if row is not None]
            if shown and max(shown) >= start + keys:
                break
            await asyncio.sleep(0.002)
        else:
            raise AssertionError("the held key's last move was never painted")
    finally:
        paints.probe = None
    cpu = (time.process_time() - c0) / keys
    painted = list(zip(paints.times[first_paint:], paints.shown[first_paint:], strict=True))
    latencies = [next(t for t, row in painted if row is not None and row >= start + i + 1) - at
                 for i, at in enumerate(posted)]
    return statistics.median(latencies), cpu


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def _launch(runs: int = 3) -> tuple[float, float]:
    """Median seconds from a fresh interpreter to the first paint of the 1,000-entity model file:
    wall clock (from the script's first line) and the process's CPU time (from its start)."""
    from core.storage import save

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        save(big_model(), path)
        times = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", _LAUNCH.format(root=str(ROOT), path=str(path))],
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            wall, cpu = out.stdout.strip().splitlines()[-1].split()
            times.append((float(wall), float(cpu)))
    return _median(times)


def test_bench_workstation() -> None:
    figures = asyncio.run(_measure(rounds=2))
    # recorded, not asserted: speed targets live in BENCHMARKS.md
    assert set(figures) == {"edit_to_ddl", "move_selection", "move_held"}


if __name__ == "__main__":
    wall, cpu = _launch(5)
    print(f"launch to first paint: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")
    for name, (wall, cpu) in asyncio.run(_measure()).items():
        print(f"{name}: {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU")
