"""Copying the DDL: OSC 52 always, tmux's buffer inside tmux, the desktop clipboard tool only on a
local session (over SSH it would fill the wrong machine's clipboard)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.tui.helpers import SIZE, settle
from tui import clipboard
from tui.app import make_app


@pytest.fixture
def every_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend every clipboard command is installed."""
    monkeypatch.setattr(clipboard.shutil, "which", lambda name: f"/usr/bin/{name}")


def _labels(env: dict[str, str]) -> list[str]:
    return [label for label, _ in clipboard.system_tools(env)]


@pytest.mark.usefixtures("every_tool")
def test_which_ways_apply_to_which_session() -> None:
    desktop = {"DISPLAY": ":0"}
    assert _labels(desktop)[-1:] in (["xclip"], ["pbcopy"])
    assert "wl-copy" in _labels({"WAYLAND_DISPLAY": "wayland-0"})
    over_ssh = {"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}
    assert _labels(over_ssh) == []  # OSC 52 only: the terminal is on the user's machine
    in_tmux_over_ssh = {**over_ssh, "TMUX": "/tmp/tmux-0/default,1,0"}
    assert _labels(in_tmux_over_ssh) == ["tmux buffer"]
    assert _labels({}) in ([], ["pbcopy"])


@pytest.mark.usefixtures("every_tool")
def test_copy_uses_osc52_and_reports_what_failed() -> None:
    sent: list[str] = []
    calls: list[list[str]] = []

    def run(argv: list[str], text: str) -> str | None:
        calls.append(argv)
        return None if argv[0] == "tmux" else "cannot open display"

    done, failed = clipboard.copy("CREATE TABLE t ();", sent.append,
                                  {"TMUX": "/tmp/x,1,0", "DISPLAY": ":0"}, run)
    assert sent == ["CREATE TABLE t ();"]
    assert done[0] == "terminal (OSC 52)" and "tmux buffer" in done
    assert len(failed) == 1 and failed[0].endswith("cannot open display")
    assert calls[0][:2] == ["tmux", "load-buffer"]


@pytest.fixture
def tmux_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private tmux server; yields the environment of a program running inside it."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    socket = tmp_path / "tmux.sock"
    env = {k: v for k, v in os.environ.items() if k != "TMUX"}
    subprocess.run(["tmux", "-S", str(socket), "-f", "/dev/null", "new-session", "-d", "-s", "t"],
                   check=True, env=env, timeout=10)
    try:
        pid = subprocess.run(["tmux", "-S", str(socket), "display-message", "-p", "#{pid}"], check=True,
                             env=env, capture_output=True, text=True, timeout=10).stdout.strip()
        yield {**env, "TMUX": f"{socket},{pid},0"}
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], env=env, timeout=10, check=False)


def test_inside_tmux_the_text_lands_in_a_tmux_buffer(tmux_server: dict[str, str]) -> None:
    text = "CREATE TABLE t (\n    id bigint PRIMARY KEY\n);\n"
    env = {**tmux_server, "SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}
    for key in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(key, None)
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the tool finds its server through $TMUX
    try:
        done, failed = clipboard.copy(text, lambda _t: None)
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert failed == [] and done == ["terminal (OSC 52)", "tmux buffer"]
    socket = env["TMUX"].split(",")[0]
    shown = subprocess.run(["tmux", "-S", socket, "show-buffer"], capture_output=True, text=True,
                           env=env, timeout=10, check=True).stdout
    assert shown == text


async def test_copy_key_puts_the_previewed_ddl_on_the_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("TMUX", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")  # OSC 52 only, whatever the host
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ddl = app.main.preview.text
        assert ddl.startswith("CREATE TABLE customers")
        await pilot.press("f7")
        for _ in range(100):
            if app.clipboard:
                break
            await asyncio.sleep(0.02)
        assert app.clipboard == ddl
        await pilot.pause()
        assert any(f"Copied {len(ddl.splitlines())} lines" in n.message and "OSC 52" in n.message
                   for n in app._notifications)
