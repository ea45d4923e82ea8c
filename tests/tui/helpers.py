"""Helpers for Pilot tests of the workstation."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import SAMPLES
from tui.app import ModelerApp

SIZE = (80, 24)


def sample_copy(tmp_path: Path, name: str = "ecommerce") -> Path:
    """A copy of a sample model that a test may save over."""
    target = tmp_path / f"{name}.yaml"
    shutil.copy(SAMPLES / f"{name}.yaml", target)
    return target


async def settle(pilot: Pilot[int], timeout: float = 10.0) -> None:
    """Wait until the DDL preview shows what it should (current revision, dialect, selection)."""
    app = pilot.app
    assert isinstance(app, ModelerApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    await pilot.pause()
    while True:
        preview = app.main.preview
        if preview.shown is not None and preview.shown.request == preview.current_request() \
                and preview.view.pending_scroll is None:
            await pilot.pause()  # and the repaint after the scroll
            return
        if loop.time() > deadline:
            raise AssertionError(f"the DDL preview did not catch up: {preview.current_request()}")
        await pilot.pause(0.02)


async def settle_review(pilot: Pilot[int], timeout: float = 15.0) -> None:
    """Wait until the review panel has reviewed the whole model at its current revision (and the
    DDL preview has caught up): the entity list then shows its marks."""
    app = pilot.app
    assert isinstance(app, ModelerApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    await settle(pilot, timeout)  # the screen is composed and the preview is up
    while True:
        review = app.main.review.review
        if review is not None and review.complete and review.revision == app.revision:
            break
        if loop.time() > deadline:
            raise AssertionError("the review did not finish")
        await pilot.pause(0.02)
    await settle(pilot, timeout)


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` key by key into the focused input."""
    focused = pilot.app.focused
    assert isinstance(focused, Input), f"focus is on {focused!r}, not an input"
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def enter_line(pilot: Pilot[int], text: str) -> None:
    """Put ``text`` into the focused input (as a paste would) and press enter."""
    focused = pilot.app.focused
    assert isinstance(focused, Input), f"focus is on {focused!r}, not an input"
    focused.value = text
    focused.cursor_position = len(text)
    await pilot.press("enter")
    await pilot.pause()


async def run_palette(pilot: Pilot[int], title: str, timeout: float = 10.0) -> None:
    """Open the command palette, search for ``title`` and run the command of that title."""
    from textual.command import CommandInput, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(CommandInput).value = title
    commands = palette.query_one(CommandList)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        searching = any(w.node is palette and not w.is_finished for w in pilot.app.workers)
        found = [i for i in range(commands.option_count)
                 if str(commands.get_option_at_index(i).prompt).split("\n")[0] == title]
        if found and not searching:
            break
        if loop.time() > deadline:
            raise AssertionError(f"no command {title!r} in the palette")
        await pilot.pause(0.02)
    commands.highlighted = found[0]
    await pilot.press("enter")
    await pilot.pause()
