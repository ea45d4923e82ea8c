"""``check`` and ``ddl`` errors point at the model: the element (attribute, constraint, index,
policy, trigger) and the model file's line, on a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.ddl import generate_ddl
from core.ddl.check import check_model
from core.ddl.check_statements import split_statements, statement_owner
from core.ddl.locate import element_at, model_path
from core.model import DataModel
from core.storage import loads
from tests.core.ddl.roundtrip_models import models
from tests.core.ddl.test_generate_models import rich_model, sql_models

# Every fault carries a marker (tw_fault_N) found nowhere else, so the test knows its line in the
# file without asking the code under test. Faults in the CREATE TABLE are in entities of their own
# (a table that fails hides the rest of its statements); the faults that come after a table was
# created are all in "Shop Orders", and each must be reported, not only the first.
FAULTS = """\
name: faulty
entities:
  - name: Shop Orders
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: total, type: numeric, note: fine}
    primary_key: {columns: [id]}
    indexes:
      - {name: orders_bad_idx, columns: [{expression: tw_fault_1(total)}]}
      - {columns: [{expression: tw_fault_2(total)}]}
    triggers:
      - {name: orders_touch, function: touch, timing: before, events: [update], when: "NEW.tw_fault_3 > 0"}
    rls:
      policies:
        - {name: own rows, using: "tw_fault_4 = current_user"}
  - name: lines
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: qty, type: integer, check: "tw_fault_5 > 0"}
    primary_key: {columns: [id]}
  - name: parcels
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: weight, type: integer}
    primary_key: {columns: [id]}
    checks:
      - {name: parcels_heavy, expression: "weight > tw_fault_6"}
  - name: rooms
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: room, type: integer}
    primary_key: {columns: [id]}
    exclusions:  # = on an integer needs btree_gist, which the embedded server lacks
      - {name: rooms_tw_fault_7, elements: [{expression: room, operator: "="}]}
functions:
  - name: touch
    body: "BEGIN RETURN NEW; END;"
"""

#: fault -> (entity, element) (a unique key of a partitioned table without its partition key is no
#: fault here: validation refuses it before any server sees it, tests/core/lint/test_fix_safety.py)
EXPECTED = {
    1: ("Shop Orders", "indexes[orders_bad_idx]"),
    2: ("Shop Orders", "indexes[(tw_fault_2(total))]"),
    3: ("Shop Orders", "triggers[orders_touch]"),
    4: ("Shop Orders", "rls.policies[own rows]"),
    5: ("lines", "attributes[qty]"),
    6: ("parcels", "checks[parcels_heavy]"),
    7: ("rooms", "exclusions[rooms_tw_fault_7]"),
}


def _marker_line(text: str, marker: str) -> int:
    (line,) = [i for i, t in enumerate(text.splitlines(), 1) if marker in t]
    return line


@pytest.mark.postgres
def test_each_refused_statement_names_its_element_and_model_line(pg_conn: Any, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    model = loads(FAULTS)
    report = check_model(model, pg_conn.info_dsn)
    found = sorted((e.entity or "", e.element or "") for e in report.errors if e.kind == "entity")
    assert found == sorted(EXPECTED.values()), "\n".join(str(e) for e in report.errors)
    (missing,) = [e for e in report.errors if e.kind != "entity"]
    assert missing.kind == "extension" and missing.entity == "btree_gist"
    # a statement that failed once is not counted as run (its probes were rolled back)
    assert report.executed == report.statements - len(EXPECTED) - 1

    from core.cli import main

    path = tmp_path / "faulty.yaml"
    path.write_text(FAULTS, encoding="utf-8")
    assert main(["check", str(path), "--dsn", pg_conn.info_dsn]) == 1
    out = capsys.readouterr().out
    for fault, (entity, element) in EXPECTED.items():
        line = _marker_line(FAULTS, f"tw_fault_{fault}")
        assert f"error: {path}:{line}: entities[{entity}].{element}: " in out, (fault, out)


@pytest.mark.postgres
def test_a_failure_caused_by_an_earlier_one_says_so(pg_conn: Any) -> None:
    text = """\
name: chain
entities:
  - name: parents
    attributes:
      - {name: id, type: bigint, nullable: false, default: tw_no_such_fn()}
    primary_key: {columns: [id]}
  - name: children
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: parent_id, type: bigint}
    primary_key: {columns: [id]}
    foreign_keys:
      - {columns: [parent_id], references: parents}
"""
    report = check_model(loads(text), pg_conn.info_dsn)
    first, second = report.errors
    assert first.entity == "parents" and first.element == "attributes[id]" and "above" not in (first.hint or "")
    assert second.entity == "children"
    assert second.hint is not None and "entities[parents] failed above" in second.hint


@pytest.mark.postgres
def test_json_report_carries_element_and_model_line(pg_conn: Any, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from core.cli import main

    path = tmp_path / "faulty.yaml"
    path.write_text(FAULTS, encoding="utf-8")
    assert main(["check", str(path), "--dsn", pg_conn.info_dsn, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    by_element = {e["element"]: e for e in data["errors"]}
    assert by_element["attributes[qty]"]["model_line"] == _marker_line(FAULTS, "tw_fault_5")
    assert by_element["checks[parcels_heavy]"]["model_line"] == _marker_line(FAULTS, "tw_fault_6")


def test_ddl_generation_errors_give_the_model_file_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from core.cli import main

    text = FAULTS.replace("tw_fault_5 > 0", "qty > 0); DROP TABLE x; --")
    path = tmp_path / "unsafe.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["ddl", str(path)]) == 1
    captured = capsys.readouterr()
    # refused when the model loads (the expression does not parse), located at its line
    assert f"{path}:{_marker_line(text, 'DROP TABLE x')}: entities[lines].attributes[qty].check" in captured.err
    assert "DROP TABLE" not in captured.out
    assert "Traceback" not in captured.err


# ------------------------------------------------------------------ without a server


def _pick(model: DataModel, path: tuple[str | int, ...]) -> object:
    node: object = model
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)  # type: ignore[index]
    return node


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=st.one_of(models(), sql_models()))
def test_locations_resolve_to_the_item_they_name(model: DataModel) -> None:
    """A location in words, written by name, by columns or by position, finds that very item."""
    for i, e in enumerate(model.entities):
        base = f"entities[{e.key.display()}]"
        assert model_path(model, base) == ("entities", i)
        for j, a in enumerate(e.attributes):
            assert _pick(model, model_path(model, f"{base}.attributes[{a.name}].type")) == a.type
            assert model_path(model, f"{base}.attributes[{a.name}]") == ("entities", i, "attributes", j)
        for key in ("uniques", "checks", "foreign_keys", "indexes"):
            items = getattr(e, key)
            for k, item in enumerate(items):
                assert model_path(model, f"{base}.{key}[{k}]")[-1] == k
                if item.name:
                    assert _pick(model, model_path(model, f"{base}.{key}[{item.name}]")).name == item.name
                elif key in ("uniques", "foreign_keys"):
                    label = ", ".join(item.columns)
                    assert _pick(model, model_path(model, f"{base}.{key}[{label}]")).columns == item.columns


@settings(max_examples=40, deadline=None)
@given(model=st.one_of(models(), sql_models()))
def test_every_line_of_a_create_table_is_traced_to_its_element(model: DataModel) -> None:
    """Pointing at any column or constraint line of a generated CREATE TABLE names that element."""
    _assert_lines_traced(model)


def test_the_rich_model_lines_are_traced() -> None:
    _assert_lines_traced(rich_model())


def _assert_lines_traced(model: DataModel) -> None:
    for st_ in split_statements(generate_ddl(model).sql):
        owner = statement_owner(st_.text, model)
        if owner is None or owner[0] != "entity" or not st_.text.lstrip().upper().startswith("CREATE TABLE"):
            continue
        entity = model.find_entity(owner[1])
        assert entity is not None
        columns = iter(entity.attributes if not entity.partition_of else ())
        offset = st_.text.index("(\n") + 2 if "(\n" in st_.text else len(st_.text)
        for raw in st_.text[offset:].split("\n")[:-1]:
            position = offset + len(raw) - len(raw.lstrip()) + 1
            offset += len(raw) + 1
            element = element_at(entity, st_.text, position)
            assert element is not None, raw
            key, _, label = element.partition("[")
            if key == "attributes":
                assert label == next(columns).name + "]"
            else:
                assert key in ("primary_key", "uniques", "checks", "foreign_keys", "exclusions"), (raw, element)
                path = model_path(model, f"entities[{owner[1]}].{element}")
                assert path[:3] == ("entities", model.entities.index(entity), key), (raw, element, path)
                item = _pick(model, path)
                name = getattr(item, "name", None)
                if name:
                    assert raw.lstrip().startswith("CONSTRAINT") and name.replace('"', '""') in raw
                elif key in ("uniques", "foreign_keys"):
                    assert raw.lstrip().startswith(("UNIQUE", "FOREIGN KEY"))
                    assert all(c.replace('"', '""') in raw for c in item.columns)  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_a_statement_ending_in_a_comment_keeps_the_fast_path(pg_conn: Any) -> None:
    """The rich model has a view whose query ends with a -- comment: the whole script still runs
    in one go (the statements are joined so that no comment swallows a semicolon)."""
    import psycopg

    from core.ddl.check import _run_all_at_once

    model = rich_model()
    statements = split_statements(generate_ddl(model).sql)
    assert any(st.text.rstrip().splitlines()[-1].lstrip().startswith(("--", "WHERE")) and "--" in st.text
               for st in statements if st.text.startswith("-- Views") or "CREATE VIEW" in st.text)
    with psycopg.connect(pg_conn.info_dsn) as conn:
        assert _run_all_at_once(conn, model, statements, {"plpgsql", "vector"})
        conn.rollback()


@pytest.mark.postgres
@pytest.mark.parametrize("smallest", [1, 3, 50])
def test_batches_find_the_same_failures_as_one_statement_at_a_time(pg_conn: Any, smallest: int) -> None:
    from core.ddl.check import CheckReport, _run_one_by_one

    model = loads(FAULTS)
    statements = split_statements(generate_ddl(model).sql)
    import psycopg

    found = []
    for size in (1, smallest):
        report = CheckReport(server="test", statements=len(statements))
        with psycopg.connect(pg_conn.info_dsn) as conn:
            _run_one_by_one(conn, model, statements, {"plpgsql", "vector"}, report, smallest_batch=size)
            conn.rollback()
        found.append(([(e.entity, e.element, e.message, e.hint) for e in report.errors], report.executed))
    assert found[0] == found[1]
    assert len(found[0][0]) == len(EXPECTED) + 1
