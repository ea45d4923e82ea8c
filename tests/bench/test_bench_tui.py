"""Workstation speed on the 1,000-entity model: launch to first paint, an attribute edit to the
updated DDL preview, moving the selection to another entity.

Run as a script for the figures in BENCHMARKS.md (``python tests/bench/test_bench_tui.py``) or
under pytest (``python -m pytest tests/bench/test_bench_tui.py --benchmark-enable``).
Times are medians of several runs, measured inside one Pilot session (headless).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.document import Document
from tests.bench.bigmodel import big_model
from tests.tui.helpers import settle
from tui.app import make_app


async def _measure(rounds: int = 15) -> dict[str, float]:
    model = big_model()
    start = time.perf_counter()
    app = make_app(document=Document(model))
    painted: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        painted.append(time.perf_counter() - start)  # run_test returns after the first refresh
        await settle(pilot)
        edits, moves = [], []
        await pilot.press("enter")  # into the attribute table
        table = app.main.editor.attributes
        for i in range(rounds):
            table.move_cursor(row=1, column=2)  # the "null" cell of the second attribute
            await pilot.pause()
            before = app.main.preview.shown_at
            t0 = time.perf_counter()
            await pilot.press("space")  # toggle nullability
            while app.main.preview.shown_at == before:
                await asyncio.sleep(0.001)
            edits.append(app.main.preview.shown_at - t0)
            del i
        app.main.entity_list.table.focus()
        await pilot.pause()
        for _ in range(rounds):
            entity_before = app.main.editor.entity
            t0 = time.perf_counter()
            await pilot.press("down")
            while app.main.editor.entity is entity_before:
                await asyncio.sleep(0.001)
            moves.append(time.perf_counter() - t0)
    return {
        "first_paint": painted[0],
        "edit_to_ddl": statistics.median(edits),
        "move_selection": statistics.median(moves),
    }


def test_bench_workstation() -> None:
    figures = asyncio.run(_measure(rounds=5))
    # recorded, not asserted: speed targets live in BENCHMARKS.md
    assert set(figures) == {"first_paint", "edit_to_ddl", "move_selection"}


if __name__ == "__main__":
    result = asyncio.run(_measure())
    for name, seconds in result.items():
        print(f"{name}: {seconds * 1000:.1f} ms")
