"""Snapshots of the workstation (review the SVGs under __snapshots__ before updating them:
``python -m pytest tests/tui/test_snapshots.py --snapshot-update``)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.conftest import SAMPLES
from tests.tui.helpers import settle_review
from tui.app import make_app


async def _ready(pilot: Pilot[Any]) -> None:
    await settle_review(pilot)  # type: ignore[arg-type]


async def _help(pilot: Pilot[Any]) -> None:
    await settle_review(pilot)  # type: ignore[arg-type]
    await pilot.press("f1")
    await pilot.pause()


def test_main_screen_80x24(snap_compare: Any) -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_main_screen_160x48(snap_compare: Any) -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_ready)


def test_help_screen(snap_compare: Any) -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    assert snap_compare(app, terminal_size=(100, 40), run_before=_help)
