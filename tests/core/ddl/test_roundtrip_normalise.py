"""The normalisations behind round-trip comparison, against texts PostgreSQL really gives back.

The right-hand sides below are what ``pg_get_expr``/``format_type``/``pg_get_viewdef`` return
for the left-hand sides on PostgreSQL 18 (copied from a server session, not computed here).
"""

from __future__ import annotations

import pytest

from core.ddl.compare_norm import enum_spellings, expression_key, pg_type_key, view_key
from core.ddl.compare_types import sqlite_affinity
from core.ddl.introspect.naming import default_name, is_default_name

SAME_EXPRESSIONS = [
    ("price >= 0", "price >= 0::numeric"),
    ("-1", "'-1'::integer"),
    ("'active'", "'active'::text"),
    ("now()", "now()"),
    ("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"),
    ("d BETWEEN '2020-01-01' AND '2030-01-01'", "d >= '2020-01-01'::date AND d <= '2030-01-01'::date"),
    ("status IN ('a', 'b')", "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])"),
    ("status NOT IN ('a', 'b')", "status <> ALL (ARRAY['a'::text, 'b'::text])"),
    ("email LIKE '%@%'", "email::text ~~ '%@%'::text"),
    ("qty * price", "(qty::numeric * price)"),
    ("x > -1e9", "x > '-1000000000'::numeric::double precision"),
    ("created_at > now() - interval '1 day'", "created_at > (now() - '1 day'::interval)"),
    ("placed_at IS NOT NULL", "NOT placed_at IS NULL"),
    ('"Position" > 0', '"Position" > 0'),
    ("position > 0", '"position" > 0'),
    ("'{}'::jsonb", "'{}'::jsonb"),
]

DIFFERENT_EXPRESSIONS = [
    ("price >= 0", "price > 0"),
    ('"Foo" > 0', "foo > 0"),
    ("(a + b) * c", "a + b * c"),
    ("a - b", "b - a"),
    ("'A'", "'a'"),
    ("x IN (1, 2)", "x IN (1, 3)"),
    ("x IS NULL", "x IS NOT NULL"),
]


@pytest.mark.parametrize(("model", "server"), SAME_EXPRESSIONS)
def test_what_the_server_gives_back_is_the_same_expression(model: str, server: str) -> None:
    assert expression_key(model) == expression_key(server)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_EXPRESSIONS)
def test_different_expressions_stay_different(a: str, b: str) -> None:
    assert expression_key(a) != expression_key(b)


def test_case_folding_for_case_insensitive_databases() -> None:
    assert expression_key('"A" >= 0', "postgres", True) == expression_key("(A >= 0)", "duckdb", True)
    assert expression_key('"A" >= 0') != expression_key("A >= 0")


@pytest.mark.parametrize(("model", "server"), [
    ("int4", "integer"), ("int", "integer"), ("INT8", "bigint"), ("varchar(20)", "character varying(20)"),
    ("VARCHAR", "character varying"), ("timestamptz", "timestamp with time zone"),
    ("timestamptz(3)", "timestamp(3) with time zone"), ("timestamp", "timestamp without time zone"),
    ("float", "double precision"), ("float(10)", "real"), ("float8", "double precision"),
    ("decimal(10, 2)", "numeric(10,2)"), ("numeric(10)", "numeric(10,0)"), ("char", "character(1)"),
    ("char(3)", "character(3)"), ("bool", "boolean"), ("int[]", "integer[]"), ("text ARRAY", "text[]"),
    ("time", "time without time zone"), ("timetz", "time with time zone"), ("Vector(3)", "vector(3)"),
])
def test_type_aliases(model: str, server: str) -> None:
    assert pg_type_key(model) == pg_type_key(server)


@pytest.mark.parametrize(("a", "b"), [("integer", "bigint"), ("varchar(20)", "varchar(30)"), ("timestamp", "timestamptz"),
                                      ("numeric(10,2)", "numeric(10,3)"), ("text", "text[]")])
def test_different_types_stay_different(a: str, b: str) -> None:
    assert pg_type_key(a) != pg_type_key(b)


def test_enum_spellings() -> None:
    enums = enum_spellings([(None, "Mood"), ("sales", "status")], "public")
    assert pg_type_key("Mood", enums) == pg_type_key('"Mood"', enums) == pg_type_key("public.Mood", enums)
    assert pg_type_key('sales.status', enums) == pg_type_key("sales.status[]", enums).removesuffix("[]")
    assert pg_type_key("status", enums) != pg_type_key("sales.status", enums)


def test_view_queries() -> None:
    columns = {"orders": ["id", "total"]}
    assert view_key("SELECT * FROM orders WHERE status = 'paid'", columns) == view_key(
        "SELECT id,\n    total\n   FROM orders\n  WHERE status = 'paid'::order_status;")
    assert view_key("SELECT c.id, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id") \
        == view_key(" SELECT c.id,\n    count(*) AS count\n   FROM customers c\n     JOIN orders o "
                    "ON o.customer_id = c.id\n  GROUP BY c.id;")
    assert view_key("SELECT id FROM orders") != view_key("SELECT total FROM orders")


@pytest.mark.parametrize(("declared", "affinity"), [
    ("INTEGER", "INTEGER"), ("BIGINT", "INTEGER"), ("VARCHAR(10)", "TEXT"), ("CLOB", "TEXT"), ("BLOB", "BLOB"),
    ("", "BLOB"), ("REAL", "REAL"), ("DOUBLE PRECISION", "REAL"), ("FLOAT", "REAL"), ("NUMERIC(12,2)", "NUMERIC"),
    ("DATE", "NUMERIC"), ("BOOLEAN", "NUMERIC"), ("CHARINT", "INTEGER"),
])
def test_sqlite_affinity_rules(declared: str, affinity: str) -> None:
    assert sqlite_affinity(declared) == affinity


@pytest.mark.parametrize(("table", "columns", "label", "name"), [
    ("orders", [], "pkey", "orders_pkey"),
    ("orders", ["customer_id"], "fkey", "orders_customer_id_fkey"),
    ("orders", ["customer_id", "id", "status"], "idx", "orders_customer_id_id_status_idx"),
    ("customers", ["tenant_id", "email"], "key", "customers_tenant_id_email_key"),
    # both parts shortened, the longer first, until the name fits in 63 bytes
    ("t" * 40, ["c" * 40], "check", "t" * 28 + "_" + "c" * 28 + "_check"),
])
def test_postgres_default_names(table: str, columns: list[str], label: str, name: str) -> None:
    assert default_name(table, columns, label) == name
    assert len(name.encode()) <= 63
    assert is_default_name(name, table, columns, label)
    assert not is_default_name(name + "x", table, columns, label)
