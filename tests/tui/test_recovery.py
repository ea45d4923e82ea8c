"""Never losing work: the recovery copy written while editing, offered back after a crash,
removed once the work is saved or deliberately thrown away."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from core.document import Document
from core.storage import load
from tests.tui.helpers import SIZE, enter_line, sample_copy, settle
from tui import app_files
from tui.app import make_app
from tui.recovery import Recovery, state_dir
from tui.screens.confirm import ConfirmScreen

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fast_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_files, "AUTOSAVE_SECONDS", 0.05)


def _dead_pid() -> int:
    """A process id that no process has."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            pass
        pid += 1


def _slots() -> list[Path]:
    return sorted(state_dir().glob("*.yaml"))


async def _until(pilot: Pilot[int], check: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await pilot.pause(0.02)


async def _asked(pilot: Pilot[int]) -> None:
    """Wait for the question (a :class:`ConfirmScreen`) to be on screen."""
    await _until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
    await pilot.pause()


def _orphan(slot: Path) -> Path:
    """Make ``slot`` look like the copy of a session that died (another, finished process)."""
    dead = slot.with_name(slot.name.rsplit("-", 1)[0] + f"-{_dead_pid()}.yaml")
    slot.rename(dead)
    slot.with_suffix(".json").rename(dead.with_suffix(".json"))
    return dead


async def test_unsaved_work_is_kept_and_offered_back_as_one_undo_step(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    original = load(path).model
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _slots() == []  # nothing to keep while the model is clean
        await pilot.press("enter", "a")
        await enter_line(pilot, "nickname text")
        edited = app.document.model
        await _until(pilot, lambda: len(_slots()) == 1)
        await _until(pilot, lambda: app.recovery.written is edited)
        assert load(_slots()[0], validate=False).model == edited
        app.exit(1)  # not a quit the user chose: as if the process died
    assert path.read_text() != "" and load(path).model == original  # the file was never touched
    _orphan(_slots()[0])

    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _asked(pilot)
        body = str(app.screen.query_one(".dialog-body").render())
        assert str(path.resolve()) in body and "Recover" in str(app.screen.query_one("#choice-recover").render())
        await pilot.press("r")
        await settle(pilot)
        assert app.document.model == edited and app.document.dirty
        assert app.sub_title.endswith("●")
        assert "nickname" in app.main.preview.text
        await pilot.press("ctrl+z")  # back to the file as loaded
        await settle(pilot)
        assert app.document.model == original and not app.document.dirty
        await _until(pilot, lambda: _slots() == [])  # the orphan is gone, and a clean model keeps none


async def test_saving_or_quitting_on_purpose_leaves_nothing_to_recover(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "a")
        await enter_line(pilot, "nickname text")
        await _until(pilot, lambda: len(_slots()) == 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.document.dirty and _slots() == []
        await enter_line(pilot, "alias text")  # still in the quick-add line
        await _until(pilot, lambda: len(_slots()) == 1)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("q")  # quit without saving: thrown away on purpose
        await pilot.pause()
    assert _slots() == [] and "alias" not in path.read_text()


async def test_declining_keeps_the_copy_and_deleting_removes_it(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    doc = Document.open(path)
    from core.commands import DeleteEntity

    doc.execute(DeleteEntity(doc.model.entities[0].key))
    recovery = Recovery(path, doc.stamp.sha256 if doc.stamp else None)
    recovery.write(doc.model)
    orphan = _orphan(recovery.slot)
    path.write_text(path.read_text() + "\n# edited elsewhere meanwhile\n")
    for key, kept in (("l", True), ("d", False)):
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await _asked(pilot)
            assert "changed on disk" in str(app.screen.query_one(".dialog-body").render())
            await pilot.press(key)
            await pilot.pause()
            assert app.document.model == load(path).model  # nothing recovered
        assert orphan.exists() is kept


async def test_a_copy_of_a_model_never_saved_is_offered_to_the_next_empty_session() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await enter_line(pilot, "drafts")
        await _until(pilot, lambda: len(_slots()) == 1)
        app.exit(1)
    _orphan(_slots()[0])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _asked(pilot)
        assert "never saved" in str(app.screen.query_one(".dialog-body").render())
        await pilot.press("r")
        await settle(pilot)
        assert app.document.model.entity("drafts") is not None


_HANGUP = """
import asyncio, sys
sys.path.insert(0, {root!r})
import tui.app_files
tui.app_files.AUTOSAVE_SECONDS = tui.app_files.AUTOSAVE_MAX_SECONDS = 3600  # only the signal handler writes
from tui.app import make_app, _keep_work_on_signals
app = make_app({path!r})
_keep_work_on_signals(app)
async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "a")
        app.focused.value = "lost_connection text"
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.dirty
        print("edited", flush=True)
        for _ in range(600):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
asyncio.run(main())
"""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_a_dropped_connection_writes_the_copy_before_the_process_ends(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    env = {**os.environ, "TABLEWRIGHT_STATE_DIR": str(state_dir())}
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_HANGUP.format(root=str(ROOT), path=str(path)))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "edited"  # before the 2 s autosave could run
        proc.send_signal(signal.SIGHUP)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    slots = _slots()
    assert len(slots) == 1, proc.stderr.read() if proc.stderr else ""
    kept = load(slots[0], validate=False).model
    assert kept.entities[0].attribute("lost_connection") is not None
    assert "lost_connection" not in path.read_text()


async def test_a_long_burst_of_edits_still_gets_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_files, "AUTOSAVE_SECONDS", 3600)  # the user never pauses...
    monkeypatch.setattr(app_files, "AUTOSAVE_MAX_SECONDS", 0.2)  # ... the bound on the wait holds anyway
    path = sample_copy(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "a")
        for name in ("a1", "a2", "a3"):
            await enter_line(pilot, f"{name} text")
        edited = app.document.model
        await _until(pilot, lambda: app.recovery.written is edited, timeout=5)
        assert load(_slots()[0], validate=False).model == edited


async def test_an_edit_past_the_bound_gets_its_copy_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wait is then zero (a zero-second Textual timer that runs late divided by zero: the
    copy was never written and the app failed on exit)."""
    monkeypatch.setattr(app_files, "AUTOSAVE_SECONDS", 3600)
    monkeypatch.setattr(app_files, "AUTOSAVE_MAX_SECONDS", 0.0)  # every edit is already past the bound
    path = sample_copy(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "a")
        await enter_line(pilot, "a1 text")
        edited = app.document.model
        await _until(pilot, lambda: app.recovery.written is edited, timeout=5)
    assert load(_slots()[0], validate=False).model == edited


async def test_a_crash_keeps_the_unsaved_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.widgets.entity_rows import EntityRows

    monkeypatch.setattr(app_files, "AUTOSAVE_SECONDS", 3600)  # only the crash handler can write it
    monkeypatch.setattr(app_files, "AUTOSAVE_MAX_SECONDS", 3600)
    path = sample_copy(tmp_path)
    app = make_app(path)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter", "a")
            await enter_line(pilot, "nickname text")
            edited = app.document.model
            assert _slots() == []

            def broken(self: EntityRows, y: int) -> None:
                raise ZeroDivisionError("a bug while drawing")

            monkeypatch.setattr(EntityRows, "render_line", broken)
            app.main.entity_list.table.refresh()
            await pilot.pause(0.5)
    assert app.return_code == 1
    assert [load(s, validate=False).model for s in _slots()] == [edited]
