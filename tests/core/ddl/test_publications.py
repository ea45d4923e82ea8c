"""Publications and view security options through the DDL generator, a real PostgreSQL, its
catalog and the comparison that ``check`` makes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from core.ddl import generate_ddl
from core.ddl.check import check_model
from core.ddl.compare import compare_models
from core.ddl.introspect import introspect_postgres
from core.storage import loads
from tests.conftest import _with_dbname

MODEL = """\
format_version: 1
name: shop
entities:
  - name: Orders
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: status, type: text, nullable: false}
      - {name: secret, type: text}
    primary_key: {columns: [id]}
  - name: items
    schema: sales
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: qty, type: integer, nullable: false}
    primary_key: {columns: [id]}
views:
  - name: open_orders
    sql: SELECT id, status FROM "Orders" WHERE status = 'open'
    security_invoker: true
    security_barrier: true
  - name: all_orders
    sql: SELECT id FROM "Orders"
publications:
  - name: Order feed
    tables:
      - {table: Orders, columns: [id, status], where: status <> 'draft'}
      - {table: items, schema: sales}
    publish: [insert, update]
    note: For the warehouse's subscriber.
  - name: everything
    all_tables: true
    via_partition_root: true
  - name: sales_schema
    schemas: [sales]
    publish: [truncate]
"""


def test_postgres_ddl_creates_publications_after_the_tables_and_views_with_quoted_names() -> None:
    sql = generate_ddl(loads(MODEL)).sql
    feed = sql.index('CREATE PUBLICATION "Order feed"')
    assert feed > sql.index("CREATE TABLE sales.items") and feed > sql.index("CREATE VIEW all_orders")
    assert ('CREATE PUBLICATION "Order feed"\n    FOR TABLE "Orders" (id, status) WHERE (status <> \'draft\'),\n'
            "        TABLE sales.items\n    WITH (publish = 'insert, update');") in sql
    assert "CREATE PUBLICATION everything\n    FOR ALL TABLES\n    WITH (publish_via_partition_root = true);" in sql
    assert "CREATE PUBLICATION sales_schema\n    FOR TABLES IN SCHEMA sales\n    WITH (publish = 'truncate');" in sql
    assert "COMMENT ON PUBLICATION \"Order feed\" IS 'For the warehouse''s subscriber.';" in sql
    assert sql.index("everything") < sql.index("sales_schema")  # model order
    assert ("CREATE VIEW open_orders WITH (security_invoker = true, security_barrier = true) AS\n"
            "SELECT id, status FROM \"Orders\"") in sql
    assert "CREATE VIEW all_orders AS" in sql
    assert generate_ddl(loads(MODEL)).sql == sql  # stable


def test_a_selection_of_entities_leaves_publications_out() -> None:
    assert "PUBLICATION" not in generate_ddl(loads(MODEL), entities=["Orders"]).sql


@pytest.mark.parametrize("dialect", ["mysql", "sqlite", "tsql", "oracle", "duckdb"])
def test_other_dialects_name_each_publication_and_view_option_they_leave_out(dialect: str) -> None:
    result = generate_ddl(loads(MODEL), dialect)
    assert "CREATE PUBLICATION" not in result.sql and "security_invoker =" not in result.sql
    lost = {(w.entity, w.feature) for w in result.warnings}
    assert {("Order feed", "publication"), ("everything", "publication"), ("sales_schema", "publication"),
            ("open_orders", "security_invoker"), ("open_orders", "security_barrier")} <= lost
    for w in result.warnings:
        assert w.comment() in result.sql


@pytest.mark.postgres
def test_the_publications_exist_on_the_server_with_their_tables_and_operations(pg_conn: Any) -> None:
    pg_conn.execute(generate_ddl(loads(MODEL)).sql)
    rows = pg_conn.execute("SELECT pubname, schemaname, tablename, attnames, rowfilter FROM pg_publication_tables "
                           "WHERE pubname <> 'everything' ORDER BY 1, 2, 3").fetchall()
    assert rows == [("Order feed", "public", "Orders", ["id", "status"], "(status <> 'draft'::text)"),
                    ("Order feed", "sales", "items", ["id", "qty"], None),
                    ("sales_schema", "sales", "items", ["id", "qty"], None)]
    flags = pg_conn.execute("SELECT pubname, puballtables, pubinsert, pubupdate, pubdelete, pubtruncate, pubviaroot "
                            "FROM pg_publication ORDER BY 1").fetchall()
    assert flags == [("Order feed", False, True, True, False, False, False),
                     ("everything", True, True, True, True, True, True),
                     ("sales_schema", False, False, False, False, True, False)]
    options = dict(pg_conn.execute("SELECT relname, reloptions FROM pg_class WHERE relname IN "
                                   "('open_orders', 'all_orders')").fetchall())
    assert options == {"open_orders": ["security_invoker=true", "security_barrier=true"], "all_orders": None}


@pytest.mark.postgres
def test_check_round_trips_publications_and_view_options_with_no_difference(pg_conn: Any) -> None:
    report = check_model(loads(MODEL), pg_conn.info_dsn, report_extra=True)
    assert report.ok, "\n".join(report.lines())
    assert report.compared and report.executed == report.statements


@pytest.mark.postgres
def test_the_comparison_sees_each_way_a_publication_or_view_option_differs(pg_conn: Any) -> None:
    pg_conn.execute(generate_ddl(loads(MODEL)).sql)
    actual = introspect_postgres(pg_conn.info_dsn)
    assert compare_models(loads(MODEL), actual) == []
    changed = loads(MODEL.replace("publish: [insert, update]", "publish: [insert]")
                    .replace("columns: [id, status], where: status <> 'draft'", "columns: [id], where: status <> 'x'")
                    .replace("      - {table: items, schema: sales}\n", "")
                    .replace("    security_barrier: true\n", "")
                    .replace("  - name: sales_schema", "  - name: sales_feed"))
    found = {(d.where, d.what) for d in compare_models(changed, actual)}
    assert found == {
        ('publications[Order feed]', "publish"),
        ('publications[Order feed].tables[Orders]', "columns"),
        ('publications[Order feed].tables[Orders]', "where"),
        ('publications[Order feed].tables[sales.items]', "extra"),
        ("publications[sales_feed]", "missing"), ("publications[sales_schema]", "extra"),
        ("views[open_orders]", "security_barrier"),
    }


@pytest.mark.postgres
def test_a_publication_written_by_hand_imports_and_rebuilds_the_same_catalog(pg_conn: Any) -> None:
    pg_conn.execute("CREATE TABLE t (id int PRIMARY KEY, a text, b int);"
                    "CREATE VIEW v WITH (security_invoker = on) AS SELECT id FROM t;"
                    "CREATE PUBLICATION p FOR TABLE t (b, id) WHERE (b > 1 AND a IS NOT NULL) "
                    "WITH (publish = 'delete,insert');")
    imported = introspect_postgres(pg_conn.info_dsn)
    (pub,) = imported.publications
    assert pub.publish == ("insert", "delete") and pub.tables[0].columns == ("id", "b")
    assert imported.views[0].security_invoker and not imported.views[0].security_barrier
    name = f"t_{uuid.uuid4().hex[:12]}"  # an empty database on the same server
    pg_conn.execute(f'CREATE DATABASE "{name}"')
    try:
        report = check_model(imported, _with_dbname(pg_conn.info_dsn, name), report_extra=True)
    finally:
        pg_conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    assert report.ok, "\n".join(report.lines())


@pytest.mark.postgres
def test_a_refused_publication_is_reported_at_its_line_of_the_model_file(pg_conn: Any, tmp_path: Any) -> None:
    from core.ddl.locate import line_finder
    from core.storage import load

    text = MODEL.replace("where: status <> 'draft'", "where: state <> 'draft'")  # no such column
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    model = load(path).model
    report = check_model(model, pg_conn.info_dsn)
    (error,) = report.errors
    assert error.where == "publications[Order feed]" and "state" in error.message
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "name: Order feed" in x)
    assert f"{path}:{line}: publications[Order feed]:" in "\n".join(report.lines(str(path), line_finder(path, model)))
    # a comparison difference inside a publication points at the table's own line
    pg_conn.execute(generate_ddl(loads(MODEL)).sql)
    changed = MODEL.replace("columns: [id, status]", "columns: [id, status, secret]")
    path.write_text(changed, encoding="utf-8")
    (diff,) = compare_models(load(path).model, introspect_postgres(pg_conn.info_dsn))
    assert diff.where == "publications[Order feed].tables[Orders]" and diff.what == "columns"
    line = next(i for i, x in enumerate(changed.splitlines(), 1) if "secret]" in x)
    assert line_finder(path, load(path).model)(diff.where) == line


@pytest.mark.postgres
def test_importing_one_schema_keeps_the_publications_of_its_tables_only(pg_conn: Any) -> None:
    pg_conn.execute("CREATE SCHEMA a; CREATE SCHEMA b; CREATE TABLE a.t (id int PRIMARY KEY);"
                    "CREATE TABLE b.u (id int PRIMARY KEY); CREATE PUBLICATION pa FOR TABLE a.t;"
                    "CREATE PUBLICATION pb FOR TABLES IN SCHEMA b; CREATE PUBLICATION everything FOR ALL TABLES")
    names = {s: [p.name for p in introspect_postgres(pg_conn.info_dsn, schema=s).publications] for s in ("a", "b")}
    assert names == {"a": ["pa"], "b": ["pb"]}
    (pa,) = introspect_postgres(pg_conn.info_dsn, schema="a").publications
    assert [(t.schema_name, t.table) for t in pa.tables] == [(None, "t")]  # a is the default schema there
    assert sorted(p.name for p in introspect_postgres(pg_conn.info_dsn).publications) == ["everything", "pa", "pb"]
