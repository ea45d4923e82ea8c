"""``tablewright ddl`` and ``tablewright check`` from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.ddl import generate_ddl
from core.storage import load
from tests.conftest import SAMPLES

LIBRARY = str(SAMPLES / "library.yaml")


def test_ddl_prints_postgres_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ddl", LIBRARY]) == 0
    out, err = capsys.readouterr()
    assert out == generate_ddl(load(LIBRARY).model).sql and err == ""


def test_ddl_writes_a_file_and_reports_losses_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "library.sql"
    target.write_text("old content")
    assert main(["ddl", LIBRARY, "--dialect", "sqlite", "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    expected = generate_ddl(load(LIBRARY).model, "sqlite")
    assert out == "" and target.read_text() == expected.sql
    assert [line for line in err.splitlines() if line.startswith("warning: ")] == [
        f"warning: {w}" for w in expected.warnings]
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    sqlite3.connect(":memory:").executescript(target.read_text())


def test_ddl_for_some_entities(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ddl", LIBRARY, "-e", "loans", "--entity", "members"]) == 0
    out = capsys.readouterr().out
    assert out.count("CREATE TABLE ") == 2 and "CREATE TABLE loans" in out and "CREATE TABLE members" in out


@pytest.mark.parametrize("args,message", [
    (["--dialect", "db2"], 'unknown dialect "db2"'),
    (["--entity", "loan"], 'no entity "loan" in the model (did you mean "loans"?)'),
])
def test_ddl_errors_are_messages(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ddl", LIBRARY, *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_ddl_refuses_an_unsafe_model_with_its_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nentities:\n  - name: t\n    attributes:\n"
                   "      - {name: a, type: integer, default: '0; DROP TABLE x'}\n")
    assert main(["ddl", str(bad)]) == 1
    assert "entities[t].attributes[a].default" in capsys.readouterr().err


def test_ddl_citus_emits_live_calls(capsys: pytest.CaptureFixture[str]) -> None:
    model = load(SAMPLES / "saas_multitenant.yaml").model
    assert main(["ddl", str(SAMPLES / "saas_multitenant.yaml"), "--citus"]) == 0
    out = capsys.readouterr().out
    calls = [line for line in out.splitlines() if line.startswith("SELECT create_")]
    assert len(calls) == sum(1 for e in model.entities if e.distribution is not None)


def test_ddl_unwritable_output_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ddl", LIBRARY, "-o", str(tmp_path / "missing" / "x.sql")]) == 1
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.postgres
def test_check_reports_json(pg_conn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", LIBRARY, "--dsn", pg_conn.info_dsn, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == [] and report["executed"] == report["statements"] > 0
    assert code == (0 if report["ok"] else 1)
