"""`tablewright normalize MODEL`: summary, one entity, --apply with -o and --migration-sql, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import main
from core.storage import load
from core.validate import validate_model
from tests.conftest import SAMPLES
from tests.core.normalize.test_parse_cli import JSON_KEYS

LEGACY = str(SAMPLES / "legacy_denormalized.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_lists_every_entity_with_dependencies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "normalize", LEGACY, "--json")
    assert code == 0
    rows = {r["entity"]: r for r in json.loads(out)["entities"]}
    assert {n: r["normal_form"] for n, r in rows.items()} == {
        "legacy_orders": "1NF", "legacy_employee_profile": "BCNF", "legacy_tutoring": "3NF"}
    assert rows["legacy_tutoring"]["violations"] == 1 and rows["legacy_orders"]["fds"] == 5
    code, out, _ = run(capsys, "normalize", LEGACY)
    assert code == 0 and "legacy_tutoring" in out and "3NF" in out


def test_one_entity_as_json_has_exactly_the_issue_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "normalize", LEGACY, "--entity", "legacy_orders", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == JSON_KEYS
    assert data["candidate_keys"] == [["order_id", "product_code"]]
    assert [c["name"] for c in data["synthesis_3nf"]] == ["legacy_orders", "orders", "products", "customers", "zips"]
    assert data["lossless"] == {"synthesis_3nf": True, "bcnf_decomposition": True}
    code, out, _ = run(capsys, "normalize", LEGACY, "-e", "legacy_tutoring")
    assert code == 0 and "tutor -> subject" in out and "BCNF decomposition" in out


def test_apply_writes_the_model_and_the_migration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_model, sql = tmp_path / "out.yaml", tmp_path / "migrate.sql"
    code, _, err = run(capsys, "normalize", LEGACY, "-e", "legacy_orders", "--apply", "bcnf", "-o", str(out_model),
                       "--migration-sql", str(sql), "--name", "zips=postal_codes", "--json")
    assert code == 0, err
    after = load(out_model).model
    assert validate_model(after) == []
    assert {"orders", "products", "customers", "postal_codes"} <= {e.name for e in after.entities}
    text = sql.read_text()
    assert text.startswith("-- tablewright") and "BEGIN;" in text and text.rstrip().endswith("COMMIT;")
    assert "CREATE TABLE postal_codes" in text and "INSERT INTO postal_codes (zip, city)" in text
    assert f"wrote {out_model}" in err
    code, out, _ = run(capsys, "normalize", LEGACY, "-e", "legacy_orders", "--apply", "3nf",
                       "--migration-sql", "-")
    assert code == 0 and out.startswith("-- tablewright") and "candidate keys" not in out


@pytest.mark.parametrize(("argv", "message"), [
    (["-e", "legacy_ordrs"], 'no entity "legacy_ordrs" in model legacy_denormalized (did you mean "legacy_orders"?)'),
    (["-o", "x.yaml"], "-o goes with --apply"),
    (["--migration-sql", "m.sql", "-e", "legacy_orders"], "--migration-sql goes with --apply"),
    (["--apply", "3nf", "-o", "x.yaml"], "--apply needs --entity"),
    (["--apply", "3nf", "-e", "legacy_orders"], "--apply needs -o OUT_MODEL and/or --migration-sql"),
    (["--apply", "3nf", "-e", "legacy_orders", "-o", "x.yaml", "--name", "zips"], "write DEFAULT=NEW"),
    (["--apply", "3nf", "-e", "legacy_orders", "-o", "x.yaml", "--name", "zip=x"], 'no component "zip"'),
    (["--apply", "bcnf", "-e", "legacy_employee_profile", "-o", "x.yaml"], "already in BCNF"),
])
def test_clear_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "normalize", LEGACY, *argv)
    assert code == 1
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "x.yaml").exists()


def test_an_entity_without_dependencies_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "normalize", str(SAMPLES / "ecommerce.yaml"), "-e", "customers")
    assert code == 1 and "declares no functional or multivalued dependencies" in err
    code, out, _ = run(capsys, "normalize", str(SAMPLES / "ecommerce.yaml"))
    assert code == 0 and "no entity of" in out
