"""Publications and view security options in the model file: hand-written forms, the canonical
text, and located errors (unknown table, bad operation, misplaced options)."""

from __future__ import annotations

import pytest

from core.errors import LoadError
from core.model import PUBLISH_OPERATIONS
from core.storage import dumps, loads

BASE = """\
format_version: 1
name: shop
entities:
  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: status, type: text}
    primary_key: {columns: [id]}
  - name: items
    schema: sales
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: qty, type: integer}
    primary_key: {columns: [id]}
  - name: audit
    attributes:
      - {name: id, type: bigint, nullable: false}
views:
  - name: open_orders
    sql: SELECT id FROM orders WHERE status = 'open'
    security_invoker: true
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        loads(text, "shop.yaml")
    return [str(p) for p in info.value.problems]


def test_hand_written_publications_load_and_save_in_the_canonical_form() -> None:
    text = BASE + """\
publications:
  - {name: cdc, tables: "orders, audit"}
  - name: items_feed
    tables:
      - {table: items, schema: sales, columns: "id, qty", where: qty > 0}
    publish: insert, update
"""
    model = loads(text)
    cdc, feed = model.publications
    assert [t.table for t in cdc.tables] == ["orders", "audit"] and cdc.publish == PUBLISH_OPERATIONS
    assert feed.tables[0].schema_name == "sales" and feed.tables[0].columns == ("id", "qty")
    assert feed.publish == ("insert", "update") and model.views[0].security_invoker
    canonical = dumps(model)
    assert "    tables: [orders, audit]\n" in canonical  # bare names stay bare
    assert "publish: [insert, update]" in canonical and "security_invoker: true" in canonical
    assert loads(canonical) == model and dumps(loads(canonical)) == canonical


def test_a_publication_of_an_unknown_table_is_located_with_a_suggestion() -> None:
    text = BASE + "publications:\n  - name: cdc\n    tables: [order]\n"
    (msg,) = problems(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, '[order]')}: publications[cdc].tables[order]:")
    assert 'did you mean "orders"' in msg


def test_a_table_in_another_schema_must_be_named_with_it() -> None:
    text = BASE + "publications:\n  - name: cdc\n    tables: [orders, items]\n"
    (msg,) = problems(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'tables: [orders, items]')}: publications[cdc].tables[items]:")
    assert "another schema: write {table: items, schema: sales}" in msg


def test_a_bad_operation_is_located_and_named() -> None:
    text = BASE + "publications:\n  - name: cdc\n    tables: [orders]\n    publish: [insert, upsert]\n"
    (msg,) = problems(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'upsert')}: publications[cdc]:")
    assert '"upsert"' in msg and "insert, update, delete or truncate" in msg


def test_column_list_errors_and_all_tables_with_tables() -> None:
    text = BASE + """\
publications:
  - name: cdc
    tables:
      - {table: orders, columns: [id, state]}
  - name: everything
    all_tables: true
    tables: [orders]
  - name: cdc
"""
    found = problems(text)
    assert any(m.startswith(f"shop.yaml:{line_of(text, 'state')}: publications[cdc].tables[orders]:")
               and '"state"' in m and 'did you mean "status"' in m for m in found)
    assert any(m.startswith(f"shop.yaml:{line_of(text, 'all_tables')}: publications[everything]:") for m in found)
    assert any("duplicate publication" in m and m.startswith(f"shop.yaml:{len(text.splitlines())}:") for m in found)


def test_unknown_key_in_a_publication_has_a_suggestion() -> None:
    text = BASE + "publications:\n  - name: cdc\n    tables: [orders]\n    publsh: [insert]\n"
    (msg,) = problems(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'publsh')}:") and 'did you mean "publish"' in msg


def test_security_options_on_a_materialized_view_are_refused() -> None:
    text = BASE.replace("    security_invoker: true\n", "    materialized: true\n    security_invoker: true\n")
    (msg,) = problems(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'security_invoker')}: views[open_orders]:")
    assert "plain views" in msg


def test_the_json_schema_accepts_hand_written_and_canonical_publications() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from core.schema_json import json_schema

    text = BASE + """\
publications:
  - {name: cdc, tables: "orders, audit"}
  - name: feed
    tables: [orders, {table: items, schema: sales, columns: [id], where: qty > 0}]
    publish: insert
"""
    schema = json_schema()
    for data in (yaml.safe_load(text), yaml.safe_load(dumps(loads(text)))):
        jsonschema.validate(data, schema)
    bad = yaml.safe_load(text.replace("where: qty > 0", "filter: qty > 0"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_a_row_filter_on_an_enum_column_is_refused_where_it_is_written() -> None:
    text = BASE.replace("{name: status, type: text}", "{name: status, type: order_status}") + """\
enums:
  - {name: order_status, values: [open, closed]}
publications:
  - name: cdc
    tables:
      - {table: orders, where: status <> 'closed'}
"""
    (msg,) = problems(text)
    assert msg.startswith(f"shop.yaml:{line_of(text, 'where: status')}: publications[cdc].tables[orders]:")
    assert "user-defined types" in msg
