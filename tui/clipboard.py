"""Copying text to the user's clipboard from a terminal app, locally, inside tmux, and over SSH.

There is no single way that works everywhere, so :func:`copy` uses every way that applies:

* the terminal's own clipboard through the OSC 52 escape sequence (the caller's ``osc52``, Textual's
  ``App.copy_to_clipboard``): works over SSH with most modern terminals (some ask, some ignore it);
* inside tmux, ``tmux load-buffer -w -``: the text becomes a tmux buffer (``prefix ]`` pastes it)
  and tmux 3.2+ passes it on to the outer terminal's clipboard, which tmux's default
  ``set-clipboard external`` refuses to do for an application's own OSC 52;
* on a local desktop session (not over SSH), the system clipboard tool: ``wl-copy`` (Wayland),
  ``xclip`` or ``xsel`` (X11), ``pbcopy`` (macOS), ``clip.exe`` (WSL).

Nothing here imports Textual.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping

#: Seconds a clipboard tool may take before it is given up on.
TOOL_TIMEOUT = 3.0


def system_tools(env: Mapping[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """The clipboard commands that apply to this session, as ``(label, argv)``, best first."""
    env = os.environ if env is None else env
    tools: list[tuple[str, list[str]]] = []
    if env.get("TMUX") and shutil.which("tmux"):
        tools.append(("tmux buffer", ["tmux", "load-buffer", "-w", "-"]))
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return tools  # a desktop tool here would fill the remote machine's clipboard, not the user's
    candidates: list[tuple[str, list[str]]] = []
    if sys.platform == "darwin":
        candidates.append(("pbcopy", ["pbcopy"]))
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(("wl-copy", ["wl-copy"]))
    if env.get("DISPLAY"):
        candidates += [("xclip", ["xclip", "-selection", "clipboard", "-in"]),
                       ("xsel", ["xsel", "--clipboard", "--input"])]
    if "microsoft" in os.uname().release.lower() if hasattr(os, "uname") else False:
        candidates.append(("clip.exe", ["clip.exe"]))
    for label, argv in candidates:
        if shutil.which(argv[0]):
            tools.append((label, argv))
            break  # one system clipboard is enough
    return tools


def run_tool(argv: list[str], text: str) -> str | None:
    """Feed ``text`` to a clipboard command; ``None`` on success, else why it failed."""
    try:
        done = subprocess.run(argv, input=text.encode("utf-8"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=TOOL_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode != 0:
        return done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
    return None


def copy(text: str, osc52: Callable[[str], None], env: Mapping[str, str] | None = None,
         run: Callable[[list[str], str], str | None] = run_tool) -> tuple[list[str], list[str]]:
    """Copy ``text`` every way that applies; returns the ways that worked and the failures
    (``"label: reason"``). OSC 52 always "works" from here: the terminal decides."""
    osc52(text)
    done, failed = ["terminal (OSC 52)"], []
    for label, argv in system_tools(env):
        problem = run(argv, text)
        if problem is None:
            done.append(label)
        else:
            failed.append(f"{label}: {problem}")
    return done, failed
