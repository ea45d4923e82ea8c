"""``tablewright [MODEL]`` and ``python -m tui``: a model that cannot be opened is a clear error
(file:line, what to do) and exit status 1, never a traceback or a half-started app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, stdin=subprocess.DEVNULL, check=False)


def test_a_broken_model_file_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nentities:\n  - name: a\n    attributes: [\n")
    done = _run(str(bad))
    assert done.returncode == 1
    assert f"{bad}:5" in done.stderr and "Traceback" not in done.stderr
    assert "\x1b[" not in done.stdout  # the app never took over the terminal


def test_a_new_model_in_a_missing_folder_is_refused_before_the_app_starts(tmp_path: Path) -> None:
    done = _run(str(tmp_path / "nowhere" / "model.yaml"))
    assert done.returncode == 1
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_subcommands_go_to_the_cli() -> None:
    done = _run("--help")
    assert done.returncode == 0 and "tablewright [MODEL]" in done.stdout
