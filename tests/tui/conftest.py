"""Workstation tests keep their recovery copies (:mod:`tui.recovery`) in a temporary folder, never
in the user's state directory."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _recovery_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path_factory.mktemp("recovery")
    monkeypatch.setenv("TABLEWRIGHT_STATE_DIR", str(directory))
    return directory
