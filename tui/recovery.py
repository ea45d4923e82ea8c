"""Never lose work: a recovery copy of unsaved changes, written while the user edits, offered back
after a crash, a killed terminal or a lost SSH connection.

While the document is dirty, the app writes the model (atomically, in a thread: the model is
immutable) to a *recovery slot* once the user pauses (:data:`AUTOSAVE_SECONDS`), and at least every
:data:`AUTOSAVE_MAX_SECONDS` during a long burst of edits. Saving, undoing back to the saved model, or quitting on purpose (saved, or
"quit without saving") removes the slot. A slot left behind is therefore work that was never saved.

Slots live in ``$TABLEWRIGHT_STATE_DIR`` (tests), else ``$XDG_STATE_HOME/tablewright/recovery``,
else ``~/.local/state/tablewright/recovery`` — never next to the model file, so a repository does
not fill with stray files. A slot is ``<stem>-<hash of the model's absolute path>-<pid>.yaml`` (a
model without a file: ``untitled-0-<pid>.yaml``) with a ``.json`` sidecar: the model's path, when
the copy was written, and the SHA-256 of the model file it started from (to warn when the file has
changed since). The pid keeps two sessions on the same file apart; a slot whose process is still
running belongs to that session and is not offered. Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from core.errors import TablewrightError
from core.model import DataModel

#: A pause in editing this long writes the recovery copy of a dirty model...
AUTOSAVE_SECONDS = 1.0
#: ... and a dirty model goes no longer than this without one while the edits keep coming.
AUTOSAVE_MAX_SECONDS = 5.0


def state_dir() -> Path:
    """Where recovery slots are kept (created on first write)."""
    explicit = os.environ.get("TABLEWRIGHT_STATE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base).expanduser() / "tablewright" / "recovery"


def _family(path: Path | None) -> str:
    """The slot name prefix for a model file (``None``: a model not saved yet)."""
    if path is None:
        return "untitled-0-"
    absolute = os.path.realpath(path)
    digest = hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(absolute).stem)[:40] or "model"
    return f"{stem}-{digest}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


@dataclass(frozen=True)
class Found:
    """A recovery copy left by an earlier session."""

    slot: Path
    model_path: Path | None
    written_at: float
    base_sha256: str | None

    @property
    def age(self) -> str:
        """How long ago the copy was written, in words."""
        seconds = max(0, int(time.time() - self.written_at))
        if seconds < 90:
            return f"{seconds} s ago"
        if seconds < 5400:
            return f"{seconds // 60} min ago"
        if seconds < 172800:
            return f"{seconds // 3600} h ago"
        return f"{seconds // 86400} days ago"

    def load(self) -> DataModel:
        """The model of the copy (a :class:`~core.errors.LoadError` if it cannot be read)."""
        from core.storage import load

        return load(self.slot, validate=False).model

    def file_changed(self) -> bool:
        """Whether the model file no longer holds what the session started from."""
        if self.model_path is None or self.base_sha256 is None:
            return False
        try:
            data = self.model_path.read_bytes()
        except OSError:
            return True
        return hashlib.sha256(data).hexdigest() != self.base_sha256

    def discard(self) -> None:
        """Delete the copy."""
        for p in (self.slot, self.slot.with_suffix(".json")):
            with contextlib.suppress(OSError):
                p.unlink()


class Recovery:
    """The recovery slot of one session (this process) for one model file."""

    def __init__(self, path: Path | None, base_sha256: str | None, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else state_dir()
        self.path = path
        self.base_sha256 = base_sha256
        self.written: DataModel | None = None

    @property
    def slot(self) -> Path:
        return self.directory / f"{_family(self.path)}{os.getpid()}.yaml"

    def retarget(self, path: Path | None, base_sha256: str | None) -> None:
        """The document now lives at ``path`` (saved as): later copies go to that file's slot."""
        if path != self.path:
            self.clear()
            self.path = path
        self.base_sha256 = base_sha256

    def write(self, model: DataModel) -> None:
        """Write ``model`` to the slot (atomically; nothing when that model is there already).
        Raises :class:`~core.errors.TablewrightError` when the folder cannot be written."""
        if model is self.written:
            return
        from core.storage import save

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TablewrightError(f"cannot keep a recovery copy in {self.directory}: {exc.strerror or exc}") \
                from None
        slot = self.slot
        save(model, slot)
        meta = {"path": str(Path(os.path.realpath(self.path))) if self.path is not None else None,
                "written_at": time.time(), "base_sha256": self.base_sha256, "pid": os.getpid()}
        sidecar = slot.with_suffix(".json")
        tmp = sidecar.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, sidecar)
        self.written = model

    def clear(self) -> None:
        """Remove this session's copy (the work is saved, or deliberately thrown away)."""
        self.written = None
        slot = self.slot
        for p in (slot, slot.with_suffix(".json")):
            with contextlib.suppress(OSError):
                p.unlink()

    def left_behind(self) -> Found | None:
        """The newest copy for this model file left by a session that is no longer running."""
        family = _family(self.path)
        best: Found | None = None
        try:
            candidates = list(self.directory.glob(f"{family}*.yaml"))
        except OSError:
            return None
        for slot in candidates:
            pid_text = slot.stem[len(family):]
            if not pid_text.isdigit() or _alive(int(pid_text)):
                continue
            try:
                meta = json.loads(slot.with_suffix(".json").read_text(encoding="utf-8"))
                written_at = float(meta.get("written_at") or slot.stat().st_mtime)
            except (OSError, ValueError, TypeError, AttributeError):
                try:
                    meta, written_at = {}, slot.stat().st_mtime
                except OSError:
                    continue
            found = Found(slot, Path(meta["path"]) if meta.get("path") else self.path, written_at,
                          meta.get("base_sha256"))
            if best is None or found.written_at > best.written_at:
                best = found
        return best
