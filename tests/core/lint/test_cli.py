"""``tablewright lint`` end to end through the CLI dispatcher: formats, exit codes, --fix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli import main
from core.storage import load
from tests.conftest import ROOT
from tests.core.lint.cases import CUSTOMERS, orders

TEXT = ("format_version: 1\nname: shop\nentities:\n" + CUSTOMERS
        + orders("      - {name: customer_id, type: bigint, nullable: false}\n"
                 "      - {name: unit_price, type: real, nullable: false}\n",
                 "    foreign_keys:\n      - {columns: [customer_id], references: customers}\n"))


def write(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lint", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_lists_findings_with_their_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path)
    code, out, _ = run(capsys, str(path), "--format", "json")
    assert code == 1  # money-as-float is an error
    rows = json.loads(out)
    assert all({"rule", "severity", "entity", "attribute", "message"} <= set(r) for r in rows)
    money = next(r for r in rows if r["rule"] == "money-as-float")
    assert (money["severity"], money["entity"], money["attribute"]) == ("error", "orders", "unit_price")
    assert money["line"] == line_of(path, "unit_price")
    unindexed = next(r for r in rows if r["rule"] == "fk-unindexed")
    assert unindexed["line"] == line_of(path, "{columns: [customer_id], references: customers}")
    assert unindexed["fix"] == "add index (customer_id) to orders"


def test_text_is_grouped_by_entity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path)
    code, out, _ = run(capsys, str(path))
    assert code == 1
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("orders "))
    assert f"{path}:" in lines[head]
    assert any("money-as-float" in line and "unit_price" in line for line in lines[head:])
    assert lines[-1].startswith(f"{path}: 1 error, ")
    assert not any(len(line) > 80 and line.startswith(" " * 81) for line in lines)


def test_sarif_has_the_required_structure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path)
    code, out, _ = run(capsys, str(path), "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "tablewright"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert "money-as-float" in rule_ids and all(r["shortDescription"]["text"] for r in driver["rules"])
    for result in run_["results"]:
        assert result["ruleId"] in rule_ids and rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        (loc,) = result["locations"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == path.as_posix()
        assert loc["physicalLocation"]["region"]["startLine"] >= 1
    money = next(r for r in run_["results"] if r["ruleId"] == "money-as-float")
    assert money["level"] == "error"
    assert money["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(path, "unit_price")


def test_suppressed_error_passes_the_gate_and_is_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = TEXT + ("lint:\n  suppress:\n    - {rule: money-as-float, entity: orders, attribute: unit_price,"
                   " reason: sensor readings not money}\n")
    path = write(tmp_path, text)
    code, out, _ = run(capsys, str(path))
    assert code == 0
    assert "suppressed: sensor readings not money" in out
    code, out, _ = run(capsys, str(path), "--format", "sarif")
    money = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "money-as-float")
    assert money["suppressions"] == [{"kind": "inSource", "justification": "sensor readings not money"}]


def test_fix_applies_named_rules_and_saves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path)
    code, _, err = run(capsys, str(path), "--fix", "money-as-float,fk-unindexed", "--format", "json")
    assert "applied 2 fix(es)" in err
    assert code == 0
    m = load(path).model  # still a valid model file
    orders_ = m.entity("orders")
    assert orders_ is not None
    assert orders_.attribute("unit_price").type == "numeric(19,4)"  # type: ignore[union-attr]
    assert [ix.column_names for ix in orders_.indexes] == [("customer_id",)]
    code, out, _ = run(capsys, str(path), "--format", "json")
    assert {r["rule"] for r in json.loads(out)} & {"money-as-float", "fk-unindexed"} == set()


def test_fix_with_an_unknown_rule_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path)
    code, _, err = run(capsys, str(path), "--fix", "money-as-flaot")
    assert code == 1 and 'unknown rule "money-as-flaot"' in err and 'did you mean "money-as-float"' in err
    assert path.read_text() == TEXT


def test_invalid_model_is_reviewed_not_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, TEXT.replace("references: customers}", "references: customer}"))
    code, out, _ = run(capsys, str(path), "--format", "json", "--entity", "orders")
    assert code == 1
    rows = json.loads(out)
    assert {r["entity"] for r in rows} == {"orders"}
    dangling = next(r for r in rows if r["rule"] == "fk-dangling")
    assert 'did you mean "customers"' in dangling["message"]


def test_broken_file_and_missing_model_are_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "entities: [\n")
    code, _, err = run(capsys, str(path))
    assert code == 1 and err.startswith("error: ") and "Traceback" not in err
    code, _, err = run(capsys)
    assert code == 1 and "needs a MODEL" in err


def test_list_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--list-rules")
    assert code == 0 and "fk-unindexed" in out and "same-name-different-type" in out
    code, out, _ = run(capsys, "--explain", "god-table")
    assert code == 0 and "god-table.max_columns (default 30)" in out and "nullable" in out
    code, _, err = run(capsys, "--explain", "god-tabel")
    assert code == 1 and 'did you mean "god-table"' in err


def test_the_installed_command_gates_a_sample() -> None:
    path = ROOT / "sample_models" / "legacy_denormalized.yaml"
    done = subprocess.run([sys.executable, "-m", "tui", "lint", str(path), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and all(r["severity"] == "info" or r["suppressed"] for r in rows)


DDL = """-- a schema kept as SQL
CREATE SCHEMA billing;

create table customers (
    id bigint generated always as identity primary key,
    email text not null
);

CREATE TABLE IF NOT EXISTS billing."Invoices" (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    amount real not null
);

CREATE UNLOGGED TABLE
    scratch (note text);
"""


def test_a_ddl_script_is_reviewed_with_lines_of_its_create_table(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "schema.sql"
    path.write_text(DDL, encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--format", "json")
    assert code == 1  # amount real: money-as-float is an error
    rows = json.loads(out)
    lines = {r["entity"]: r["line"] for r in rows}
    assert lines["billing.Invoices"] == line_of(path, 'billing."Invoices"')
    assert lines["customers"] == line_of(path, "create table customers")
    assert lines["scratch"] is None  # the name is on the next line: no line rather than a wrong one
    money = next(r for r in rows if r["rule"] == "money-as-float")
    assert (money["entity"], money["attribute"]) == ("billing.Invoices", "amount")
    code, out, _ = run(capsys, str(path), "--format", "sarif")
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "money-as-float")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == path.as_posix()
    assert location["region"]["startLine"] == line_of(path, 'billing."Invoices"')


def test_a_ddl_script_cannot_be_fixed_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "schema.sql"
    path.write_text(DDL, encoding="utf-8")
    code, _, err = run(capsys, str(path), "--fix", "money-as-float")
    assert code == 1 and "tablewright import" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == DDL
