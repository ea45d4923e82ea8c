"""The data migration on a real PostgreSQL: the legacy sample model, loaded with generated rows
that satisfy its FDs, is decomposed; joining the new tables gives back exactly the original rows;
a row violating a declared FD stops the migration with a clear error and changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from core.ddl import generate_ddl
from core.ddl.compare import compare_models
from core.ddl.identifiers import quote_ident
from core.ddl.introspect import introspect_postgres
from core.model import DataModel
from core.normalize.migrate import migration_sql
from core.normalize.plan import DecompositionPlan, plan_decomposition
from core.storage import load
from tests.conftest import SAMPLES

pytestmark = pytest.mark.postgres

COLUMNS = ("order_id", "product_code", "order_date", "customer_id", "customer_name", "customer_email",
           "zip", "city", "product_name", "unit_price", "quantity")


def legacy() -> DataModel:
    return load(SAMPLES / "legacy_denormalized.yaml").model


def order_lines(seed: int = 7) -> list[tuple[Any, ...]]:
    """Rows of legacy_orders built from independent little tables, so every declared FD holds."""
    rng = random.Random(seed)
    zips = {f"{10000 + i}": f"City {i}" for i in range(5)}
    customers = {c: (f"Customer {c}", None if c % 3 == 0 else f"c{c}@example.com", rng.choice(list(zips)))
                 for c in range(1, 9)}
    products = {f"P-{p:03d}": (f"Product {p}", Decimal(rng.randint(100, 9999)) / 100) for p in range(6)}
    rows = []
    for order_id in range(1, 13):
        date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        customer = rng.choice(list(customers))
        name, email, zip_code = customers[customer]
        for code in rng.sample(list(products), rng.randint(1, 4)):
            pname, price = products[code]
            rows.append((order_id, code, date, customer, name, email, zip_code, zips[zip_code], pname, price,
                         rng.randint(1, 20)))
    return rows


def load_legacy(conn: Any, rows: list[tuple[Any, ...]]) -> DataModel:
    model = legacy()
    conn.execute(generate_ddl(model, "postgres").sql)
    with conn.cursor() as cur:
        cur.executemany(f"INSERT INTO legacy_orders ({', '.join(COLUMNS)}) VALUES "
                        f"({', '.join(['%s'] * len(COLUMNS))})", rows)
    return model


def rejoin(conn: Any, plan: DecompositionPlan) -> Counter[tuple[Any, ...]]:
    """The natural join of the components, as a multiset of rows in the original column order."""
    tables = " NATURAL JOIN ".join(quote_ident(c.name) for c in plan.components)
    cols = ", ".join(quote_ident(c) for c in COLUMNS)
    return Counter(conn.execute(f"SELECT {cols} FROM {tables}").fetchall())


@pytest.mark.parametrize("kind", ["3nf", "bcnf"])
def test_migration_gives_back_exactly_the_rows(pg_conn: Any, kind: str) -> None:
    rows = order_lines()
    rows.append((*rows[0][:1], "P-999", *rows[0][2:8], "Odd product", Decimal("1.00"), 3))  # one more product
    model = load_legacy(pg_conn, rows)
    plan = plan_decomposition(model, "legacy_orders", kind)
    assert {c.name for c in plan.components} == {"legacy_orders", "orders", "customers", "zips", "products"}
    pg_conn.execute(migration_sql(plan))
    assert rejoin(pg_conn, plan) == Counter(rows)
    assert pg_conn.execute("SELECT count(*) FROM zips").fetchone()[0] == len({r[6] for r in rows})
    actual = introspect_postgres(pg_conn.info_dsn)
    assert [str(d) for d in compare_models(plan.after, actual)] == []


def test_bcnf_of_the_tutoring_table_moves_the_key(pg_conn: Any) -> None:
    model = legacy()
    pg_conn.execute(generate_ddl(model, "postgres").sql)
    rows = [("ann", "math", "tom"), ("ann", "physics", "pia"), ("bob", "math", "tom"), ("bob", "physics", "ray")]
    with pg_conn.cursor() as cur:
        cur.executemany("INSERT INTO legacy_tutoring (student, subject, tutor) VALUES (%s, %s, %s)", rows)
    plan = plan_decomposition(model, "legacy_tutoring", "bcnf")
    pg_conn.execute(migration_sql(plan))
    back = pg_conn.execute("SELECT student, subject, tutor FROM legacy_tutoring NATURAL JOIN tutors").fetchall()
    assert Counter(back) == Counter(rows)
    assert [str(d) for d in compare_models(plan.after, introspect_postgres(pg_conn.info_dsn))] == []


def snapshot(conn: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    catalog = conn.execute("SELECT c.relname || ':' || c.relkind::text || ':' || coalesce(string_agg("
                           "a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum), '')"
                           " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                           " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                           " WHERE n.nspname = 'public' GROUP BY c.relname, c.relkind ORDER BY 1").fetchall()
    constraints = conn.execute("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                               "WHERE connamespace = 'public'::regnamespace ORDER BY 1").fetchall()
    data = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM legacy_orders ORDER BY 1, 2").fetchall()
    return [r[0] for r in catalog + constraints], data


@pytest.mark.parametrize(("column", "value", "fd"), [
    ("city", "Elsewhere", "zip -> city"),
    ("unit_price", Decimal("0.01"), "product_code -> product_name, unit_price"),
    ("customer_name", "Somebody Else", "customer_id -> customer_name, customer_email, zip"),
])
def test_a_violating_row_stops_the_migration_and_changes_nothing(pg_conn: Any, column: str, value: Any,
                                                                 fd: str) -> None:
    rows = order_lines()
    bad = list(rows[0])
    bad[1] = "P-777"  # a new line of the same order...
    bad[8] = "Another"  # ...for a new product (its own FD holds)
    bad[COLUMNS.index(column)] = value  # ...that contradicts an FD about the order's other data
    if column == "unit_price":
        bad[1], bad[8] = rows[0][1], rows[0][8]
        bad[0] = 999  # a new order, same product, another price
    rows.append(tuple(bad))
    model = load_legacy(pg_conn, rows)
    before = snapshot(pg_conn)
    plan = plan_decomposition(model, "legacy_orders", "3nf")
    with pytest.raises(psycopg.errors.CheckViolation) as err:
        pg_conn.execute(migration_sql(plan))
    pg_conn.execute("ROLLBACK")  # what psql does at COMMIT after an error; the script stopped at the check
    message = str(err.value)
    assert fd in message and "cannot decompose legacy_orders" in message
    shown = value if column != "unit_price" else rows[0][1]
    assert str(shown) in message  # an example of the violating values
    assert snapshot(pg_conn) == before


def test_quoted_names_in_another_schema_and_what_moves_with_them(pg_conn: Any) -> None:
    from core.storage import loads

    model = loads("""
name: m
entities:
  - name: Order Lines
    schema: Sales
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: SKU, type: text, nullable: false}
      - {name: price, type: 'numeric(8,2)', nullable: false, note: list price}
      - {name: qty, type: int, nullable: false, default: '1'}
    primary_key: {columns: [id]}
    checks: [{expression: price >= 0, name: price_ok}, {expression: qty > 0}]
    indexes: [{columns: [price], name: by_price}]
    fds: [{lhs: [SKU], rhs: [price]}]
  - name: refunds
    schema: Sales
    attributes:
      - {name: line_id, type: bigint, nullable: false}
    primary_key: {columns: [line_id]}
    foreign_keys: [{columns: [line_id], references: Order Lines}]
""")
    pg_conn.execute('CREATE SCHEMA "Sales"')
    pg_conn.execute(generate_ddl(model, "postgres").sql)
    rows = [("A-1", Decimal("2.50"), 3), ("A-1", Decimal("2.50"), 1), ("B-2", Decimal("9.99"), 2)]
    with pg_conn.cursor() as cur:
        cur.executemany('INSERT INTO "Sales"."Order Lines" ("SKU", price, qty) VALUES (%s, %s, %s)', rows)
    pg_conn.execute('INSERT INTO "Sales".refunds VALUES (1)')
    plan = plan_decomposition(model, "Sales.Order Lines", "3nf")
    assert [c.name for c in plan.components] == ["Order Lines", "SKUs"]
    pg_conn.execute(migration_sql(plan))
    back = pg_conn.execute('SELECT "SKU", price, qty FROM "Sales"."Order Lines" NATURAL JOIN "Sales"."SKUs"')
    assert Counter(back.fetchall()) == Counter(rows)
    actual = introspect_postgres(pg_conn.info_dsn, ["public", "Sales"])
    assert [str(d) for d in compare_models(plan.after, actual)] == []
    pg_conn.execute('INSERT INTO "Sales"."Order Lines" ("SKU", qty) VALUES (\'B-2\', 5)')  # identity goes on
