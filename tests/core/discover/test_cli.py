"""``tablewright discover`` end to end through the CLI dispatcher."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from core.cli import main


def zips_csv(tmp_path: Path, extra: str = "") -> Path:
    lines = ["id,zip,city"] + [
        f"{i},{z},{c}" for i, (z, c) in enumerate([("1000", "Brussels"), ("2000", "Antwerp")] * 20)
    ]
    path = tmp_path / "addresses.csv"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    assert main(["discover", *argv, "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def test_json_output_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, str(zips_csv(tmp_path)), "--key", "id")
    assert all(set(item) == {"lhs", "rhs", "plausibility", "reasons", "from_key"} for item in data)
    pairs = {(tuple(item["lhs"]), item["rhs"]): item for item in data}  # type: ignore[arg-type]
    assert pairs[(("zip",), "city")]["from_key"] is False
    assert pairs[(("id",), "zip")]["from_key"] is True
    assert 0.0 <= float(pairs[(("zip",), "city")]["plausibility"]) <= 1.0  # type: ignore[arg-type]


def test_contradicting_row_removes_the_dependency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, str(zips_csv(tmp_path, "99,1000,Bruxelles\n")))
    assert ["zip"] not in [item["lhs"] for item in data if item["rhs"] == "city"]


def test_null_semantics_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "n.csv"
    path.write_text("a,b\n,1\n,2\nx,3\n", encoding="utf-8")
    equal = run_json(capsys, str(path))
    distinct = run_json(capsys, str(path), "--null-distinct")
    assert not any(item["lhs"] == ["a"] and item["rhs"] == "b" for item in equal)  # NULL=NULL: two b's
    assert any(item["lhs"] == ["a"] and item["rhs"] == "b" for item in distinct)  # NULLs differ


def test_max_lhs_and_csv_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("1;NA;x\n2;NA;y\n3;z;x\n", encoding="utf-8")
    data = run_json(capsys, str(path), "--sep", ";", "--no-header", "--null-token", "NA", "--max-lhs", "1")
    assert all(len(item["lhs"]) <= 1 for item in data)  # type: ignore[arg-type]
    assert {tuple(item["lhs"]) for item in data} >= {("column_1",)}  # type: ignore[arg-type]


def test_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", str(zips_csv(tmp_path)), "--key", "id"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]  # one line, however narrow the (captured) terminal
    assert header.startswith(str(tmp_path / "addresses.csv")) and "40 rows, 3 columns" in header
    assert "zip" in out and "city" in out and "plausibility" in out


def test_sqlite_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "app.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (code TEXT, name TEXT)")
        conn.executemany("INSERT INTO t VALUES (?, ?)", [("a", "A"), ("b", "B"), ("a", "A")])
    conn.close()
    data = run_json(capsys, str(db), "--table", "t")
    assert {(tuple(i["lhs"]), i["rhs"]) for i in data} == {(("code",), "name"), (("name",), "code")}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("", [], "the file is empty"),
        ("a,b\n", [], "no data rows"),
        ("a,b\n1,2\n", ["--max-lhs", "-1"], "--max-lhs must be 0 or more"),
        ("a,b\n1,2\n", ["--key", "nope"], "unknown column(s) nope"),
        ("a,b\n1,2\n", ["--quote", "ab"], "--quote must be one character"),
        ("a,b\n1,2\n", ["--sample", "0"], "--sample must be at least 1"),
        ("a,b\n1,2\n", ["--memory-cap", "1"], "over the memory cap of 1"),
    ],
)
def test_user_errors_are_messages_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, extra: list[str], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["discover", str(path), *extra]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_unreachable_postgres_never_prints_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    dsn = "postgresql://ann:s3cr3t-pw@127.0.0.1:1/nowhere?connect_timeout=2"
    assert main(["discover", dsn, "--table", "t"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "s3cr3t-pw" not in err
