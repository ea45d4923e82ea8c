"""Fixes that must not produce a model PostgreSQL refuses, nor change the wrong thing (the audit
of ``lint --fix``): timestamptz under an index predicate, the primary key of a partitioned table,
``--fix RULE MODEL`` on the command line, fixing an invalid model, and retyping a key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from core.cli import main
from core.commands import UpdateAttribute
from core.ddl import generate_ddl
from core.lint import apply_fixes, lint_model
from core.model import DataModel
from core.storage import loads, validation_problems
from core.validate import partition_key_columns, validate_model
from tests.core.lint.cases import CUSTOMERS, TS, model


def _fresh(pg_conn: Any) -> None:
    pg_conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def _runs(pg_conn: Any, m: DataModel) -> bool:
    """Whether PostgreSQL accepts the model's DDL (each try in a fresh schema)."""
    _fresh(pg_conn)
    try:
        pg_conn.execute(generate_ddl(m).sql)
    except psycopg.Error:
        return False
    return True


# -- 2. prefer-timestamptz under an index predicate ----------------------------------------------

def fees(where: str, extra: str = "") -> DataModel:
    return model(f"""  - name: fees
    attributes:
      - {{name: id, type: bigint, nullable: false, identity: always}}
      - {{name: tax_id, type: bigint, nullable: false}}
      - {{name: created_at, type: timestamp, nullable: false, default: now()}}
      - {{name: updated_at, type: timestamptz, nullable: false, default: now()}}
{extra}    primary_key: {{columns: [id]}}
    indexes:
      - name: fees_recent
        columns: [tax_id]
        where: "{where}"
""")


LITERAL = "created_at >= '2023-09-12 00:00:00'::timestamp without time zone"


@pytest.mark.postgres
def test_timestamptz_is_not_forced_under_an_index_predicate(pg_conn: Any) -> None:
    m = fees(LITERAL)
    (f,) = lint_model(m, rules=["prefer-timestamptz"]).active
    assert f.fix is None and 'index "fees_recent"' in f.message and "immutable" in f.message
    # the oracle: the naive retype is refused by PostgreSQL, the model as the fixes leave it is not
    naive, _ = UpdateAttribute(f.entity_key, "created_at", (("type", "timestamptz"),)).apply(m)  # type: ignore[arg-type]
    assert not _runs(pg_conn, naive)
    out = apply_fixes(m, ["prefer-timestamptz"])
    assert out.applied == () and _runs(pg_conn, out.model)


@pytest.mark.postgres
def test_timestamptz_fix_stays_when_the_predicate_only_tests_null(pg_conn: Any) -> None:
    m = fees("created_at IS NOT NULL")
    out = apply_fixes(m, ["prefer-timestamptz"])
    assert [f.attribute for f in out.applied] == ["created_at"]
    assert _runs(pg_conn, out.model)


def test_timestamptz_is_not_forced_under_a_generated_column() -> None:
    m = fees("tax_id > 0", "      - {name: day, type: date, generated: \"(created_at)::date\"}\n")
    (f,) = lint_model(m, rules=["prefer-timestamptz"]).active
    assert f.fix is None and 'generated column "day"' in f.message


# -- 3. the primary key of a partitioned table -----------------------------------------------------

def events(partition_by: str, extra: str = "", pk: str = "") -> DataModel:
    return model(f"""  - name: events
    attributes:
      - {{name: id, type: uuid, nullable: false, default: gen_random_uuid()}}
      - {{name: ts, type: timestamptz, nullable: false}}
      - {{name: region, type: text}}
{TS}{extra}{pk}    partition_by: "{partition_by}"
""")


@pytest.mark.parametrize(("partition_by", "key"), [
    ("RANGE (ts)", ("id", "ts")), ("LIST (region)", ("id", "region")), ("HASH (id)", ("id",)),
    ("RANGE (ts, region)", ("id", "ts", "region")),
])
@pytest.mark.postgres
def test_pk_missing_fix_includes_the_partition_key(partition_by: str, key: tuple[str, ...], pg_conn: Any) -> None:
    out = apply_fixes(events(partition_by), ["pk-missing"])
    (e,) = out.model.entities
    assert e.primary_key is not None and e.primary_key.columns == key
    assert all(not a.nullable for a in e.attributes if a.name in key)
    assert validate_model(out.model) == [] and _runs(pg_conn, out.model)


def test_pk_missing_promotes_only_a_unique_holding_the_partition_key() -> None:
    without = events("RANGE (ts)", "    uniques:\n      - {columns: [id]}\n")
    (f,) = lint_model(without, rules=["pk-missing"]).active
    assert f.fix is not None and "unique" not in (f.fix_label or "")
    with_ts = events("RANGE (ts)", "    uniques:\n      - {columns: [id, ts]}\n")
    (f,) = lint_model(with_ts, rules=["pk-missing"]).active
    assert f.fix_label == "make unique (id, ts) the primary key of events"


@pytest.mark.postgres
def test_a_table_partitioned_by_an_expression_gets_no_key_fix(pg_conn: Any) -> None:
    m = events("RANGE ((ts::date))")
    (f,) = lint_model(m, rules=["pk-missing"]).active
    assert f.fix is None and "expression" in f.message
    # and PostgreSQL indeed refuses any primary key there
    keyed = events("RANGE ((ts::date))", pk="    primary_key: {columns: [id, ts]}\n")
    assert not _runs(pg_conn, keyed)


@pytest.mark.parametrize(("partition_by", "constraints"), [
    ("RANGE (ts)", "    primary_key: {columns: [id]}\n"),
    ("RANGE (ts)", "    primary_key: {columns: [ts, id]}\n"),
    ("LIST (region)", "    primary_key: {columns: [id, ts]}\n"),
    ("LIST (region)", "    uniques:\n      - {columns: [id, region]}\n"),
    ("LIST (region)", "    uniques:\n      - {columns: [id]}\n"),
    ("RANGE (ts, region)", "    uniques:\n      - {columns: [region, ts]}\n"),
    ("HASH (\\\"id\\\")", "    primary_key: {columns: [id]}\n"),
    ("RANGE (ts)", "    indexes:\n      - {columns: [id], unique: true}\n"),
    ("RANGE (ts)", "    indexes:\n      - {columns: [id, ts], unique: true}\n"),
    ("RANGE ((ts::date))", "    uniques:\n      - {columns: [id, ts]}\n"),
])
@pytest.mark.postgres
def test_validate_agrees_with_postgresql_on_partitioned_keys(partition_by: str, constraints: str, pg_conn: Any) -> None:
    m = events(partition_by, constraints)
    problems = [p for p in validate_model(m) if "partition" in p.message]
    assert (problems == []) == _runs(pg_conn, m), [p.message for p in problems]


def test_the_partitioned_key_problem_is_located() -> None:
    text = ("format_version: 1\nname: p\nentities:\n  - name: events\n    attributes:\n"
            "      - {name: id, type: bigint, nullable: false}\n      - {name: ts, type: timestamptz, nullable: false}\n"
            "    primary_key: {columns: [id]}\n    partition_by: RANGE (ts)\n")
    (p,) = validation_problems(loads(text, validate=False), text, "p.yaml")
    assert (p.file, p.line, p.where) == ("p.yaml", 8, "entities[events].primary_key")
    assert "lacks the partition key column(s) ts" in p.message


def test_partition_key_columns_reads_what_postgresql_writes() -> None:
    assert partition_key_columns("RANGE (ts)") == (("ts",), False)
    assert partition_key_columns('LIST ("Region" COLLATE "C", kind text_pattern_ops)') == (("Region", "kind"), False)
    assert partition_key_columns("HASH (id, lower(name))") == (("id",), True)
    assert partition_key_columns("RANGE (date_trunc('day', ts))") == ((), True)
    assert partition_key_columns("BY ts") is None


# -- 4. --fix RULE MODEL on the command line -------------------------------------------------------

SHOP = ("format_version: 1\nname: shop\nentities:\n" + CUSTOMERS + """  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: customer_id, type: bigint, nullable: false}
      - {name: unit_price, type: real, nullable: false}
""" + TS + "    primary_key: {columns: [id]}\n    foreign_keys:\n      - {columns: [customer_id], references: customers}\n")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["lint", *argv])
    return code, capsys.readouterr().err


def _fixed_rules(path: Path) -> set[str]:
    m = loads(path.read_text(encoding="utf-8"))
    return {"money-as-float", "fk-unindexed"} - {f.rule_id for f in lint_model(m).active}


@pytest.mark.parametrize("argv", [
    ("--fix", "money-as-float,fk-unindexed", "{path}"),
    ("{path}", "--fix", "money-as-float,fk-unindexed"),
    ("--fix", "money-as-float", "--fix", "fk-unindexed", "{path}"),
    ("--fix", " money-as-float , fk-unindexed ", "{path}", "--format", "json"),
])
def test_fix_names_rules_with_commas_before_or_after_the_model(argv: tuple[str, ...], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP, encoding="utf-8")
    code, err = run(capsys, *(a.format(path=path) for a in argv))
    assert code == 0 and "applied 2 fix(es)" in err
    assert _fixed_rules(path) == {"money-as-float", "fk-unindexed"}


@pytest.mark.parametrize("argv", [
    ("--fix", "money-as-float", "fk-unindexed", "{path}"),
    ("{path}", "--fix", "money-as-float", "fk-unindexed"),
])
def test_rules_separated_by_spaces_are_a_clear_error(argv: tuple[str, ...], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP, encoding="utf-8")
    code, err = run(capsys, *(a.format(path=path) for a in argv))
    assert code == 1 and f"tablewright lint {path} --fix money-as-float,fk-unindexed" in err
    assert "needs a MODEL" not in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == SHOP


def test_fix_before_the_model_names_one_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(SHOP, encoding="utf-8")
    code, err = run(capsys, "--fix", "money-as-float", str(path))
    assert "applied 1 fix(es)" in err and code == 0
    assert _fixed_rules(path) == {"money-as-float"}


# -- 5. fixing an invalid model; retyping keys -------------------------------------------------------

DUPLICATE = ("format_version: 1\nname: shop\nentities:\n" + CUSTOMERS + """  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: customer_id, type: integer}
    primary_key: {columns: [id]}
    foreign_keys:
      - {columns: [customer_id], references: customer}
  - name: orders
    attributes:
      - {name: id, type: bigint}
""")


def test_an_invalid_model_is_not_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(DUPLICATE, encoding="utf-8")
    code, err = run(capsys, str(path), "--fix", "all")
    assert code == 1
    assert path.read_text(encoding="utf-8") == DUPLICATE  # nothing written
    lines = DUPLICATE.splitlines()
    second = [i for i, line in enumerate(lines, 1) if line == "  - name: orders"][1]
    fk = next(i for i, line in enumerate(lines, 1) if "references: customer}" in line)
    assert f"{path}:{second}: entities[orders]: duplicate entity" in err  # the problems, located
    assert f"{path}:{fk}: entities[orders].foreign_keys[0]: references entity \"customer\"" in err
    assert "Nothing written" in err and "Traceback" not in err


def test_fixes_that_repair_an_invalid_model_are_saved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = DUPLICATE[:DUPLICATE.rindex("  - name: orders")]  # only the dangling reference is wrong
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = run(capsys, str(path), "--fix", "fk-dangling")
    assert code == 0  # no error-severity finding left
    assert "applied 1 fix(es)" in err and "repaired its 1 problem(s)" in err
    assert validate_model(loads(path.read_text(encoding="utf-8"))) == []


def test_fk_type_mismatch_never_retypes_a_key_to_an_incompatible_type() -> None:
    text = (CUSTOMERS.replace("{name: email, type: text, nullable: false}", "{name: code, type: text, nullable: false}")
            + """  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false}
""" + TS + "    primary_key: {columns: [id]}\n    foreign_keys:\n"
            "      - {columns: [id], references: customers, ref_columns: [code]}\n")
    m = model(text.replace("    primary_key: {columns: [id]}\n", "    primary_key: {columns: [id]}\n    uniques:\n"
                           "      - {columns: [code]}\n", 1))
    (f,) = lint_model(m, rules=["fk-type-mismatch"]).active
    assert f.fix is None and "is a key of" in f.message
    out = apply_fixes(m, ["fk-type-mismatch"])
    orders = out.model.entity("orders")
    assert orders is not None and orders.attribute("id").type == "bigint"  # type: ignore[union-attr]


def test_fk_type_mismatch_leaves_a_referenced_column_alone() -> None:
    text = CUSTOMERS + """  - name: accounts
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: customer_id, type: integer, nullable: false}
""" + TS + """    primary_key: {columns: [id]}
    uniques:
      - {columns: [customer_id]}
    foreign_keys:
      - {columns: [customer_id], references: customers}
  - name: ledgers
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: account_customer_id, type: integer, nullable: false}
""" + TS + """    primary_key: {columns: [id]}
    foreign_keys:
      - {columns: [account_customer_id], references: accounts, ref_columns: [customer_id]}
"""
    found = {f.attribute: f for f in lint_model(model(text), rules=["fk-type-mismatch"]).active}
    assert found["customer_id"].fix is None and '"ledgers" references' in found["customer_id"].message
    # a plain referencing column is still fixed
    plain = text.replace("    foreign_keys:\n      - {columns: [account_customer_id], references: accounts, ref_columns: [customer_id]}\n", "")
    (f,) = lint_model(model(plain), rules=["fk-type-mismatch"]).active
    assert f.fix is not None


@pytest.mark.postgres
def test_pk_missing_adds_an_identity_key_with_the_partition_key(pg_conn: Any) -> None:
    m = model(f"""  - name: readings
    attributes:
      - {{name: sensor, type: text, nullable: false}}
      - {{name: ts, type: timestamptz}}
{TS}    partition_by: RANGE (ts)
""")
    out = apply_fixes(m, ["pk-missing"])
    (e,) = out.model.entities
    assert e.primary_key is not None and e.primary_key.columns == ("id", "ts")
    assert validate_model(out.model) == [] and _runs(pg_conn, out.model)
    pg_conn.execute("CREATE TABLE readings_2026 PARTITION OF readings FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
    pg_conn.execute("INSERT INTO readings (sensor, ts) VALUES ('a', '2026-05-01'), ('a', '2026-05-01')")
    assert pg_conn.execute("SELECT count(DISTINCT id) FROM readings").fetchone() == (2,)
