"""Progress reports, cancellation and the memory cap."""

from __future__ import annotations

import threading

import pytest

from core.discover import (
    CancelToken,
    DiscoveryCancelled,
    MemoryCapExceeded,
    Progress,
    RunControl,
    discover_masks,
    encode_rows,
)
from tests.core.discover.test_corpus import load


def test_progress_reports_every_phase_and_stays_in_range() -> None:
    columns, rows, _ = load("hepatitis")
    seen: list[Progress] = []
    discover_masks(encode_rows(columns, rows), control=RunControl(progress=seen.append))
    phases = {p.phase for p in seen}
    assert {"sampling", "induction", "proof"} <= phases
    assert all(0.0 <= p.fraction <= 1.0 for p in seen)


def test_cancel_stops_a_run() -> None:
    columns, rows, _ = load("hepatitis")
    token = CancelToken()
    calls = 0

    def cancel_soon(_: Progress) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            token.cancel()

    with pytest.raises(DiscoveryCancelled):
        discover_masks(encode_rows(columns, rows), control=RunControl(progress=cancel_soon, cancel=token))


def test_cancel_from_another_thread() -> None:
    columns, rows, _ = load("letter")
    token = CancelToken()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            discover_masks(encode_rows(columns, rows), control=RunControl(cancel=token))
        except BaseException as exc:  # recorded for the assertion
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    token.cancel()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert outcome and isinstance(outcome[0], DiscoveryCancelled)


def test_memory_cap_names_the_cap_and_the_ways_out() -> None:
    columns, rows, _ = load("hepatitis")
    control = RunControl(memory_cap=20 << 20, max_lhs=None)
    with pytest.raises(MemoryCapExceeded) as info:
        discover_masks(encode_rows(columns, rows), control=control)
    message = str(info.value)
    assert "memory cap of 20 MB" in message
    assert "--memory-cap" in message and "--max-lhs" in message


def test_generous_cap_is_not_hit_and_peak_is_recorded() -> None:
    columns, rows, _ = load("bridges")
    control = RunControl(memory_cap=1 << 30)
    assert discover_masks(encode_rows(columns, rows), control=control)
    assert 0 < control.peak_estimate < 1 << 30
