"""The model-file commands: ``validate``, ``fmt``, ``info``, ``schema``, ``--version``.

Broken files (YAML syntax error, binary, empty, dangling FK, duplicate entity, unknown key)
give exit code 1 and ``file:line: where: message`` lines, never a traceback. A few cases run
the real ``tablewright`` launcher in a subprocess; the rest call :func:`core.cli.main`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from core import __version__
from core.cli import main
from core.storage import dumps, loads

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_models").glob("*.yaml"))

GOOD = """\
format_version: 1
name: shop
entities:
  - name: customers
    attributes:
      - {name: id, type: bigint, nullable: false}
    primary_key: {columns: [id]}
  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: customer_id, type: bigint, nullable: false}
    primary_key: {columns: [id]}
    foreign_keys:
      - {columns: [customer_id], references: customers}
    indexes:
      - {columns: [customer_id]}
"""

BROKEN = {
    "syntax": (GOOD.replace("{columns: [customer_id]}", "{columns: [customer_id}"), "{columns: [customer_id}",
               "YAML syntax error"),
    "binary": ("format_version: 1\n\x00\x01\x02", "\x00", "binary file"),
    "empty": ("", None, "the file is empty"),
    "dangling_fk": (GOOD.replace("references: customers", "references: clients"), "references: clients",
                    'entities[orders].foreign_keys[0]: references entity "clients", which does not exist'),
    "duplicate_entity": (GOOD.replace("name: orders", "name: customers"), "  - name: customers\n",
                         'entities[customers]: duplicate entity "customers"'),
    "unknown_key": (GOOD.replace("    indexes:", "    indexs:"), "indexs",
                    'entities[orders]: unknown key "indexs" (did you mean "indexes"?)'),
}


def run(*args: str) -> tuple[int, str, str]:
    """The launcher in a subprocess: exit code, stdout, stderr."""
    proc = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(ROOT)})
    return proc.returncode, proc.stdout, proc.stderr


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def expected_line(text: str, needle: str | None) -> int:
    return 1 if needle is None else text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_validate_broken_files(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, needle, words = BROKEN[kind]
    path = write(tmp_path, kind, text)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    if kind == "duplicate_entity":
        line = text.split("\n").index("  - name: customers", 4) + 1  # the second one
    else:
        line = expected_line(text, needle)
    assert f"{path}:{line}: " in out
    assert words in out
    assert "Traceback" not in out + err
    assert "1 of 1 file(s) have problems" in err


def test_validate_in_a_subprocess_never_shows_a_traceback(tmp_path: Path) -> None:
    paths = [write(tmp_path, kind, BROKEN[kind][0]) for kind in sorted(BROKEN)]
    good = write(tmp_path, "good", GOOD)
    code, out, err = run("validate", str(good), *map(str, paths))
    assert code == 1
    assert f"{good}: ok (2 entities)" in out
    for path in paths:
        assert f"{path}:" in out
    assert "Traceback" not in out + err
    assert f"{len(paths)} of {len(paths) + 1} file(s) have problems" in err


def test_validate_every_sample_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == len(SAMPLES)


def test_validate_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "no such file" in capsys.readouterr().out


def test_validate_json_lists_every_problem_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, needle, _ = BROKEN["dangling_fk"]
    bad, good = write(tmp_path, "bad", text), write(tmp_path, "good", GOOD)
    assert main(["validate", "--json", str(bad), str(good)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and [f["ok"] for f in report["files"]] == [False, True]
    (problem,) = report["files"][0]["problems"]
    assert problem["line"] == expected_line(text, needle)
    assert problem["path"] == ["entities", 1, "foreign_keys", 0, "references"]
    assert problem["where"] == "entities[orders].foreign_keys[0]" and '"clients"' in problem["message"]
    assert main(["validate", "--json", str(good)]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "files": [
        {"file": str(good), "ok": True, "entities": 2, "problems": []}]}


def test_validate_and_fmt_take_directories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    models = tmp_path / "models"
    (models / "crm").mkdir(parents=True)
    (models / ".git").mkdir()
    good = write(models, "shop", GOOD)
    bad = write(models / "crm", "broken", BROKEN["dangling_fk"][0])
    write(models / ".git", "ignored", "not: [a model")
    (models / "README.md").write_text("not a model", encoding="utf-8")
    assert main(["validate", str(models)]) == 1
    out = capsys.readouterr()
    assert f"{good}: ok" in out.out and f"{bad}:" in out.out and "ignored" not in out.out
    assert "1 of 2 file(s)" in out.err
    assert main(["fmt", "--check", str(models / "crm"), str(good)]) == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["validate", str(empty)]) == 1
    assert "without model files" in capsys.readouterr().err


def test_fmt_check_names_files_that_would_change_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = GOOD.replace("      - {name: id, type: bigint, nullable: false}\n    primary_key",
                         "      - name: id   # the key\n        type: bigint\n        nullable: no\n    primary_key")
    messy_path = write(tmp_path, "messy", messy)
    tidy_path = write(tmp_path, "tidy", GOOD)
    assert main(["fmt", "--check", str(messy_path), str(tidy_path)]) == 1
    out = capsys.readouterr().out
    assert f"would reformat {messy_path}" in out and str(tidy_path) not in out
    assert messy_path.read_text(encoding="utf-8") == messy
    assert main(["fmt", "--check", str(tidy_path)]) == 0


def test_fmt_rewrites_canonically_and_keeps_the_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = ("name: shop\nformat_version: 1\nentities:\n- name: customers\n  attributes:\n"
             "  - name: id\n    type: bigint\n    nullable: false\n    note: null\n")
    path = write(tmp_path, "messy", messy)
    assert main(["fmt", str(path)]) == 0
    assert f"reformatted {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("format_version: 1\nname: shop\n")
    assert "      - {name: id, type: bigint, nullable: false}\n" in text
    assert loads(text) == loads(messy)
    assert main(["fmt", "--check", str(path)]) == 0


def test_fmt_will_not_drop_comments_unless_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commented = GOOD.replace("name: shop\n", "name: shop  # renamed in 2024\n# the customers come first\n").replace(
        "{name: id, type: bigint, nullable: false}", "{name: id, type: bigint, nullable: no}", 1)
    path = write(tmp_path, "commented", commented)
    hash_line = commented.split("\n").index("# the customers come first") + 1
    assert main(["fmt", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"would drop the comments on lines 2, {hash_line}" in out and "--drop-comments" in out
    assert path.read_text(encoding="utf-8") == commented
    assert main(["fmt", "--check", str(path)]) == 1
    assert "dropping the comments on lines 2, 3" in capsys.readouterr().out
    assert main(["fmt", "--drop-comments", str(path)]) == 0
    assert "#" not in path.read_text(encoding="utf-8") and loads(path.read_text(encoding="utf-8")) == loads(commented)


def test_fmt_keeps_hashes_that_are_not_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("name: shop\n", "name: shop\nnote: 'issue #12: keep'\n").replace(
        "nullable: false}", "nullable: no}", 1)  # not canonical, so fmt rewrites it
    path = write(tmp_path, "hashes", text)
    assert main(["fmt", str(path)]) == 0
    assert loads(path.read_text(encoding="utf-8")).note == "issue #12: keep"


def test_fmt_leaves_a_broken_file_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = BROKEN["syntax"][0]
    path = write(tmp_path, "broken", text)
    assert main(["fmt", str(path)]) == 1
    assert "YAML syntax error" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == text


def test_info_json_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "shop", GOOD.replace("    indexes:", "    fds:\n      - {lhs: [id], rhs: [customer_id]}\n"
                                                "    indexes:"))
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "entities": 2, "attributes": 3, "relationships": 1, "indexes": 1, "fds": 1}


def test_info_json_of_a_sample_matches_its_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "sample_models" / "ecommerce.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entities = data["entities"]
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "entities": len(entities),
        "attributes": sum(len(e["attributes"]) for e in entities),
        "relationships": sum(len(e.get("foreign_keys", [])) for e in entities),
        "indexes": sum(len(e.get("indexes", [])) for e in entities),
        "fds": sum(len(e.get("fds", [])) for e in entities),
    }


def test_info_table(tmp_path: Path) -> None:
    code, out, err = run("info", str(write(tmp_path, "shop", GOOD)))
    assert code == 0, err
    assert "shop" in out
    for key, count in (("entities", 2), ("attributes", 3), ("relationships", 1), ("indexes", 1), ("fds", 0)):
        assert any(key in line and line.rstrip(" │|").endswith(str(count)) for line in out.splitlines()), (key, out)


def test_info_of_a_broken_file_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(write(tmp_path, "b", BROKEN["syntax"][0]))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot load") and "YAML syntax error" in err and "Traceback" not in err


def test_schema_is_json_schema_of_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "entities" in schema["properties"] and "Attribute" in schema["$defs"]
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(yaml.safe_load(dumps(loads(GOOD))), schema)


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"tablewright {__version__}"


def test_help_lists_the_model_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for name in ("validate", "fmt", "info", "schema"):
        assert name in out
