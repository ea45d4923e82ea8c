"""``tablewright import``: DDL files, live databases, the report, and errors without tracebacks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.storage import load


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


DDL = ("CREATE TABLE `a` (`id` int NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB;\n"
       "CREATE TABLE `b` (`id` int, `a_id` int, FOREIGN KEY (`a_id`) REFERENCES `a` (`id`),"
       " FOREIGN KEY (`id`) REFERENCES `gone` (`id`)) ENGINE=InnoDB;\n"
       "INSERT INTO `a` VALUES (1);\n")


def test_import_file_detects_the_dialect_and_writes_a_valid_model(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "dump.sql", tmp_path / "model.yaml"
    src.write_text(DDL)
    code, stdout, _ = run(capsys, str(src), "-o", str(out))
    assert code == 0
    assert "as mysql (detected:" in stdout and "ENGINE=" in stdout
    assert "gone" in stdout  # the dropped foreign key is a warning
    model = load(out).model
    assert [e.name for e in model.entities] == ["a", "b"]
    assert model.entity("a").attribute("id").identity == "by default"


def test_json_report_keys_and_existing_output_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "dump.sql", tmp_path / "model.yaml"
    src.write_text(DDL)
    code, stdout, _ = run(capsys, str(src), "--dialect", "mysql", "-o", str(out), "--report", "json")
    report = json.loads(stdout)
    assert code == 0 and set(report) == {"dialect", "tables", "columns", "foreign_keys", "indexes", "views",
                                         "skipped", "recovered", "errors", "warnings", "seconds"}
    assert (report["tables"], report["foreign_keys"], report["skipped"]) == (2, 1, {"insert": 1})
    before = out.read_text()
    code, _, err = run(capsys, str(src), "-o", str(out))
    assert code == 1 and "--force" in err and "Traceback" not in err
    assert out.read_text() == before
    assert run(capsys, str(src), "-o", str(out), "--force", "--name", "legacy")[0] == 0
    assert load(out).model.name == "legacy"


def test_model_to_stdout_and_report_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "dump.sql"
    src.write_text("CREATE TABLE t (id int);\n")
    code, out, err = run(capsys, str(src), "--dialect", "postgres")
    assert code == 0 and "name: t" in out and "tables 1" in err


def test_errors_are_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "missing.sql"))
    assert code == 1 and err.startswith("error:") and "missing.sql" in err
    code, _, err = run(capsys)
    assert code == 1 and "exactly one source" in err
    code, _, err = run(capsys, "--sqlite", str(tmp_path / "nope.db"))
    assert code == 1 and "nope.db" in err and "Traceback" not in err


def test_sqlite_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out = tmp_path / "shop.db", tmp_path / "shop.yaml"
    with sqlite3.connect(db) as conn:
        conn.executescript("CREATE TABLE c (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                           "CREATE TABLE o (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c (id));")
    conn.close()
    code, stdout, _ = run(capsys, "--sqlite", str(db), "-o", str(out), "--report", "json")
    assert code == 0 and json.loads(stdout)["tables"] == 2 and json.loads(stdout)["foreign_keys"] == 1
    model = load(out).model
    assert model.entity("o").foreign_keys[0].references == "c"


def test_duckdb_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    duckdb = pytest.importorskip("duckdb")
    db, out = tmp_path / "w.duckdb", tmp_path / "w.yaml"
    conn = duckdb.connect(str(db))
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)")
    conn.close()
    code, stdout, _ = run(capsys, "--duckdb", str(db), "-o", str(out))
    assert code == 0 and "tables 1" in stdout
    assert [a.name for a in load(out).model.entity("t").attributes] == ["id", "v"]


@pytest.mark.postgres
def test_live_postgres(pg_conn: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pg_conn.execute("CREATE SCHEMA s; CREATE TABLE s.a (id int PRIMARY KEY); "
                    "CREATE TABLE s.b (id int PRIMARY KEY, a_id int REFERENCES s.a); CREATE TABLE public.x (i int)")
    out = tmp_path / "live.yaml"
    code, stdout, _ = run(capsys, "--dsn", pg_conn.info_dsn, "--schema", "s", "-o", str(out), "--report", "json")
    report = json.loads(stdout)
    assert code == 0 and (report["dialect"], report["tables"], report["foreign_keys"]) == ("postgres", 2, 1)
    assert sorted(e.name for e in load(out).model.entities) == ["a", "b"]
