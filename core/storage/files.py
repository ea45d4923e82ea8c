"""Model files on disk: loading with a stamp, and atomic saving that never overwrites others' work.

A :class:`FileStamp` records what was on disk when a model was loaded (modification time, size
and SHA-256 of the content). :func:`save` refuses to replace a file whose content no longer
matches the stamp it is given (someone edited it meanwhile), unless forced; it writes a
temporary file in the same directory, flushes it to disk and renames it over the target, so a
crash leaves either the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from core.errors import LoadError, Problem, SaveConflictError, TablewrightError
from core.model import DataModel
from core.storage.dump import dumps
from core.storage.parse import load_error, parse, validation_problems


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when it was read or written."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, st: os.stat_result) -> FileStamp:
        return cls(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileStamp | None:
        """The file's current stamp, or ``None`` when it does not exist."""
        try:
            with open(path, "rb") as fh:
                data = fh.read()
                return cls.of_bytes(data, os.fstat(fh.fileno()))
        except FileNotFoundError:
            return None


@dataclass(frozen=True)
class Loaded:
    """A model read from a file: the model, where it came from, the stamp to save against, and
    its validation problems (only when loaded with ``validate=False``; else they raise)."""

    model: DataModel
    path: Path
    stamp: FileStamp
    problems: tuple[Problem, ...] = ()


def read_text(path: str | os.PathLike[str]) -> tuple[str, FileStamp]:
    """The file's text and stamp; unreadable, binary or non-UTF-8 files raise :class:`LoadError`."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
            stamp = FileStamp.of_bytes(data, os.fstat(fh.fileno()))
    except FileNotFoundError:
        raise _io_error(name, "no such file") from None
    except IsADirectoryError:
        raise _io_error(name, "is a directory, not a model file") from None
    except OSError as exc:
        raise _io_error(name, exc.strerror or str(exc)) from None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise load_error(name, [Problem((), "", "this is a binary file (it contains NUL bytes), not a "
                                        "YAML model file", line)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise load_error(name, [Problem((), "", f"byte 0x{data[exc.start]:02X} is not UTF-8 text: the file "
                                        "is binary or in another encoding; save it as UTF-8", line)]) from None
    return text, stamp


def load(path: str | os.PathLike[str], *, validate: bool = True) -> Loaded:
    """Read a model file; raise :class:`LoadError` listing every problem with its line.

    With ``validate=False`` a model that parses but does not validate (a dangling reference, a
    duplicate name) is returned with its problems in :attr:`Loaded.problems` instead.
    """
    text, stamp = read_text(path)
    name = os.fspath(path)
    model = parse(text, name)
    problems = validation_problems(model, text, name)
    if problems and validate:
        raise load_error(name, problems)
    return Loaded(model, Path(path), stamp, tuple(problems))


def save(model: DataModel, path: str | os.PathLike[str], *, expected_stamp: FileStamp | None = None,
         force: bool = False) -> FileStamp:
    """Write ``model`` to ``path`` atomically and return the new stamp.

    When ``expected_stamp`` is given (the stamp from :func:`load` or the last save) and the file
    on disk no longer has that content, raise :class:`SaveConflictError` unless ``force``. A
    file already holding exactly this text is left untouched.
    """
    target = Path(os.path.realpath(path))
    data = dumps(model).encode("utf-8")
    current = FileStamp.of(target)
    if (expected_stamp is not None and not force and current is not None
            and current.sha256 != expected_stamp.sha256):
        raise SaveConflictError(
            f"{os.fspath(path)} changed on disk since it was loaded (someone else edited it); "
            "reload it to see the changes, or save with force to overwrite them"
        )
    if current is not None and current.sha256 == hashlib.sha256(data).hexdigest():
        return current
    _write_atomic(target, data)
    stamp = FileStamp.of(target)
    assert stamp is not None
    return stamp


def _write_atomic(target: Path, data: bytes) -> None:
    directory = target.parent
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None  # a new file: the O_CREAT mode below, less the umask
    if not directory.is_dir():
        raise TablewrightError(f"cannot save {target}: the folder {directory} does not exist; create it first "
                               "or save elsewhere")
    tmp = directory / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise TablewrightError(f"cannot save {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise TablewrightError(f"cannot save {target}: {exc.strerror or exc}") from None
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (not possible on every platform: best effort there)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _io_error(name: str, reason: str) -> LoadError:
    return LoadError([Problem((), "", f"cannot be read: {reason}", None, name)], f"cannot load {name}: {reason}")
