"""Exclusion constraints that need btree_gist (a text key), on the machine's PostgreSQL 15.

The embedded test server has no btree_gist, so this module starts the machine image's PostgreSQL
15 (which ships contrib) in a temporary directory, as an unprivileged user created for it when
the tests run as root. It skips when that server or btree_gist is absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from core.ddl import generate_ddl
from tests.core.patterns.helpers import PRICES, applied, yaml_model

pytestmark = pytest.mark.postgres

BIN = Path("/usr/lib/postgresql/15/bin")
BTREE_GIST = Path("/usr/share/postgresql/15/extension/btree_gist.control")
USER = "tw_pg_test"


def _as_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", USER, "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="module")
def pg15() -> Iterator[str]:
    """A conninfo for a throwaway PostgreSQL 15 with contrib, stopped and removed afterwards."""
    if not (BIN / "initdb").exists() or not BTREE_GIST.exists():
        pytest.skip("PostgreSQL 15 with contrib (btree_gist) is not installed here")
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            pytest.skip("runuser is missing: cannot run PostgreSQL 15 as an unprivileged user")
        if subprocess.run(["id", "-u", USER], capture_output=True).returncode != 0 and subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                capture_output=True).returncode != 0:
            pytest.skip("cannot create an unprivileged user for PostgreSQL 15")
    tmp = Path(tempfile.mkdtemp(prefix="tw-pg15-"))
    data, sock = tmp / "data", tmp / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, USER)
        shutil.chown(sock, USER)
    try:
        subprocess.run(_as_user([str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                 "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
        subprocess.run(_as_user([str(BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(tmp / "log"), "-o",
                                 f"-k {sock} -c listen_addresses='' -c fsync=off", "start"]),
                       check=True, capture_output=True)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.skip(f"PostgreSQL 15 did not start: {exc.stderr.decode(errors='replace')[-300:]}")
    try:
        yield f"host={sock} user=postgres dbname=postgres"
    finally:
        subprocess.run(_as_user([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def test_bi_temporal_exclusion_on_a_text_key_uses_btree_gist(pg15: str) -> None:
    model = applied(yaml_model(PRICES), "bi-temporal", ["prices"])  # key (product_id, currency)
    sql = generate_ddl(model).sql
    assert 'CREATE EXTENSION IF NOT EXISTS "btree_gist"' in sql or "CREATE EXTENSION IF NOT EXISTS btree_gist" in sql
    with psycopg.connect(pg15, autocommit=True) as c:
        c.execute(sql)
        c.execute("INSERT INTO products (sku) VALUES ('A')")
        ins = "INSERT INTO prices (product_id, currency, amount, valid_from, valid_to) VALUES (1, %s, 9, %s, %s)"
        c.execute(ins, ("EUR", "2024-01-01", "2024-06-01"))
        c.execute(ins, ("USD", "2024-03-01", "2024-09-01"))  # another currency: its own timeline
        c.execute(ins, ("EUR", "2024-06-01", "infinity"))
        with pytest.raises(psycopg.errors.ExclusionViolation):
            c.execute(ins, ("EUR", "2024-05-01", "2024-07-01"))


def test_system_versioned_history_on_a_text_key(pg15: str) -> None:
    model = applied(yaml_model("""
entities:
  - name: settings
    attributes:
      - {name: key, type: text, nullable: false}
      - {name: value, type: text}
    primary_key: {columns: [key]}
"""), "system-versioned", ["settings"])
    with psycopg.connect(pg15, autocommit=True) as c:
        c.execute("CREATE SCHEMA sv; SET search_path = sv, public")
        c.execute(generate_ddl(model).sql)
        c.execute("INSERT INTO settings_history (key, value, sys_from, sys_to) VALUES ('a', '1', '2024-01-01', '2024-02-01')")
        c.execute("INSERT INTO settings_history (key, value, sys_from, sys_to) VALUES ('b', '1', '2024-01-01', '2024-02-01')")
        with pytest.raises(psycopg.errors.ExclusionViolation):
            c.execute("INSERT INTO settings_history (key, value, sys_from, sys_to) "
                      "VALUES ('a', '2', '2024-01-15', '2024-03-01')")
