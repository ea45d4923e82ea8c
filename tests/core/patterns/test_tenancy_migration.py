"""multi-tenant on tables that already hold rows: the data migration, run on a real PostgreSQL.

Tables with rows are created from the model before; the migration runs; every row ends with the
right tenant (its parent's through the foreign key chain, else the default tenant); the database
then matches the DDL of the model after (keys led by tenant_id, row-level security working)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from core.cli import main
from core.ddl import generate_ddl
from core.ddl.compare import CompareOptions, compare_models
from core.ddl.introspect import default_opclasses, introspect_connection
from core.errors import CommandError
from core.model import DataModel
from core.patterns import get_pattern
from core.patterns.tenancy_migration import tenant_migration_sql
from core.storage import load, loads, save
from tests.conftest import sample_model_paths
from tests.core.patterns.conftest import SchemaDB

SHOP = """format_version: 1
name: shop
entities:
  - name: customers
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: email, type: text, nullable: false}
    primary_key: [id]
    uniques: [[email]]
  - name: orders
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: customer_id, type: bigint, nullable: false}
      - {name: placed_on, type: date, nullable: false}
    primary_key: [id]
    foreign_keys:
      - {columns: [customer_id], references: customers}
    indexes:
      - {columns: [customer_id, placed_on]}
  - name: order_lines
    attributes:
      - {name: order_id, type: bigint, nullable: false}
      - {name: line, type: integer, nullable: false}
      - {name: sku, type: text, nullable: false}
    primary_key: [order_id, line]
    foreign_keys:
      - {columns: [order_id], references: orders, on_delete: cascade}
  - name: notes
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: body, type: text, nullable: false}
    primary_key: [id]
"""


def _rows(db: SchemaDB) -> None:
    c = db.conn
    c.execute("INSERT INTO customers (email) VALUES ('a@x'), ('b@x')")
    c.execute("INSERT INTO orders (customer_id, placed_on) VALUES (1, '2024-01-01'), (2, '2024-01-02'), "
              "(2, '2024-01-03')")
    c.execute("INSERT INTO order_lines VALUES (1, 1, 'A'), (2, 1, 'B'), (3, 1, 'C'), (3, 2, 'D')")
    c.execute("INSERT INTO notes (body) VALUES ('n1')")


def _applied(model: DataModel, targets: list[str], params: dict[str, str]) -> DataModel:
    new, _ = get_pattern("multi-tenant").apply(model, targets, params).apply(model)
    return new


def _app(db: SchemaDB, role: str, tenant: int) -> Any:
    app = db.connect()
    app.execute(f"SET ROLE {role}")
    app.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tenant),))
    return app


@pytest.mark.postgres
def test_rows_get_their_parents_tenant_or_the_default_and_rls_then_isolates(db: SchemaDB) -> None:
    before = loads(SHOP)
    db.run_model(before)
    _rows(db)
    c = db.conn
    after = _applied(before, [], {"default_tenant": "1"})
    sql = tenant_migration_sql(before, after)
    # rows given a tenant before the backfill keep it: here customer 2 belongs to tenant 2, and the
    # foreign key chain carries that to its orders and their lines
    head, sep, rest = sql.partition("\n-- 3.")
    assert sep
    c.execute(head)
    c.execute("INSERT INTO tenants (name) VALUES ('two') RETURNING id")
    c.execute("UPDATE customers SET tenant_id = 2 WHERE id = 2")
    c.execute(sep + rest)
    assert db.rows("SELECT id, tenant_id FROM orders ORDER BY id") == [(1, 1), (2, 2), (3, 2)]
    assert db.rows("SELECT order_id, line, tenant_id FROM order_lines ORDER BY 1, 2") == [
        (1, 1, 1), (2, 1, 2), (3, 1, 2), (3, 2, 2)]
    assert db.rows("SELECT tenant_id FROM notes") == [(1,)]  # no parent: the default tenant
    nulls = db.rows("SELECT table_name, column_name, is_nullable FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND column_name = 'tenant_id' ORDER BY 1")
    assert [(t, n) for t, _, n in nulls] == [(t, "NO") for t in ("customers", "notes", "order_lines", "orders")]
    # the keys now lead with tenant_id: a line cannot point at another tenant's order
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        c.execute("INSERT INTO order_lines (tenant_id, order_id, line, sku) VALUES (1, 2, 9, 'X')")
    role = f"tw_app_{uuid.uuid4().hex[:8]}"
    c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    try:
        c.execute(f"GRANT USAGE ON SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {db.schema} TO {role}")
        one = _app(db, role, 1)
        assert one.execute("SELECT id FROM orders ORDER BY id").fetchall() == [(1,)]
        assert one.execute("SELECT count(*) FROM order_lines").fetchone() == (1,)
        assert one.execute("SELECT count(*) FROM notes").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the policy refuses another tenant's row
            one.execute("INSERT INTO notes (tenant_id, body) VALUES (2, 'sneaky')")
        one.close()
        two = _app(db, role, 2)
        assert two.execute("SELECT id FROM orders ORDER BY id").fetchall() == [(2,), (3,)]
        assert two.execute("SELECT count(*) FROM notes").fetchone() == (0,)
        two.execute("INSERT INTO notes (body) VALUES ('mine')")  # tenant_id defaults to the session's
        two.close()
        assert db.rows("SELECT tenant_id FROM notes WHERE body = 'mine'") == [(2,)]
    finally:
        c.execute(f"DROP OWNED BY {role}")
        c.execute(f"DROP ROLE {role}")


@pytest.mark.postgres
def test_from_scratch_the_tenants_table_and_default_tenant_are_created(db: SchemaDB) -> None:
    before = loads(SHOP)
    db.run_model(before)
    _rows(db)
    after = _applied(before, [], {"default_tenant": "7"})
    db.conn.execute(tenant_migration_sql(before, after))
    assert db.rows("SELECT id FROM tenants") == [(7,)]
    for table in ("customers", "orders", "order_lines", "notes"):
        assert db.rows(f"SELECT DISTINCT tenant_id FROM {table}") == [(7,)], table
    # the identity continues after the default tenant
    assert db.rows("INSERT INTO tenants (name) VALUES ('next') RETURNING id")[0][0] > 7
    # the unique email is per tenant now: the same email in another tenant is fine
    db.conn.execute("INSERT INTO customers (tenant_id, email) VALUES (8, 'a@x')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        db.conn.execute("INSERT INTO customers (tenant_id, email) VALUES (7, 'a@x')")


@pytest.mark.postgres
def test_without_a_default_tenant_rows_without_a_parent_stop_the_migration_and_change_nothing(
        db: SchemaDB) -> None:
    before = loads(SHOP)
    db.run_model(before)
    _rows(db)
    after = _applied(before, [], {})
    with pytest.raises(psycopg.errors.NotNullViolation, match="customers: 2 row\\(s\\) have no tenant_id"):
        db.conn.execute(tenant_migration_sql(before, after))
    db.conn.execute("ROLLBACK")
    columns = db.rows("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                      "AND column_name = 'tenant_id'")
    assert columns == [(0,)]  # the transaction rolled back: nothing was changed


def test_cli_writes_the_migration_and_refuses_it_for_a_pattern_without_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "shop.yaml"
    save(loads(SHOP), src)
    out = tmp_path / "migrate.sql"
    assert main(["pattern", "apply", str(src), "multi-tenant", "-p", "default_tenant=1", "-o",
                 str(tmp_path / "mt.yaml"), "--migration-sql", str(out)]) == 0
    sql = out.read_text()
    assert sql.count("ADD COLUMN \"tenant_id\"") + sql.count("ADD COLUMN tenant_id") == 4
    assert sql.index("SET NOT NULL") > sql.index("UPDATE") and sql.rstrip().endswith("COMMIT;")
    # --dry-run writes nothing: the migration is printed instead
    before = src.read_bytes()
    dry = tmp_path / "dry.sql"
    capsys.readouterr()
    assert main(["pattern", "apply", str(src), "multi-tenant", "-p", "default_tenant=1", "--dry-run",
                 "--migration-sql", str(dry)]) == 0
    assert not dry.exists() and src.read_bytes() == before
    assert capsys.readouterr().out == sql  # the same script
    assert main(["pattern", "apply", str(src), "soft-delete", "-e", "notes", "--migration-sql", "-"]) == 1
    assert "needs no data migration" in capsys.readouterr().err
    with pytest.raises(CommandError, match="nothing to migrate"):
        tenant_migration_sql(loads(SHOP), loads(SHOP))


NOT_TENANT = [p for p in sample_model_paths() if not load(p).model.settings.multi_tenant]


@pytest.mark.postgres
@pytest.mark.parametrize("path", NOT_TENANT, ids=lambda p: p.stem)
def test_after_the_migration_the_catalog_is_the_model_after(path: Path, pg_conn: Any) -> None:
    """Oracle: the server's catalog, compared with the model the pattern made (as check does);
    the only difference allowed is where tenant_id stands (PostgreSQL adds columns last)."""
    before = load(path).model
    after = _applied(before, [], {"default_tenant": "1"})
    pg_conn.execute(generate_ddl(before).sql)
    pg_conn.execute(tenant_migration_sql(before, after))
    actual = introspect_connection(pg_conn, None, after.default_schema)
    options = CompareOptions(report_extra=True, default_opclasses=default_opclasses(pg_conn))
    differences = compare_models(after, actual, options)
    assert [str(d) for d in differences if d.what != "column order"] == []
    for d in differences:
        assert d.actual is not None and d.actual.endswith(", tenant_id")
        assert d.expected is not None and d.expected.startswith("tenant_id, ")


PARTED = """format_version: 1
name: parted
entities:
  - name: customers
    schema: crm
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: email, type: text, nullable: false}
    primary_key: [id]
  - name: events
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: customer_id, type: bigint, nullable: false}
      - {name: at, type: date, nullable: false}
    primary_key: [id, at]
    foreign_keys:
      - {columns: [customer_id], references: customers, ref_schema: crm}
    partition_by: RANGE (at)
  - name: events_2024
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: customer_id, type: bigint, nullable: false}
      - {name: at, type: date, nullable: false}
    partition_of: events
    partition_bound: FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
"""


def test_a_partition_follows_its_parent_and_another_schema_reaches_the_tenants() -> None:
    before = loads(PARTED)
    with pytest.raises(CommandError, match=r"events_2024.*is a partition of events"):
        get_pattern("multi-tenant").apply(before, ["events_2024"])
    after = _applied(before, [], {})
    customers, part = after.find_entity("crm.customers"), after.find_entity("events_2024")
    assert customers is not None and part is not None
    fk = customers.foreign_keys[0]
    assert (fk.references, fk.ref_schema) == ("tenants", "public")  # not crm.tenants
    assert part.attributes[0].name == "tenant_id" and part.rls is None and part.primary_key is None
    assert {r.pattern: r.entities for r in after.patterns}["multi-tenant"] == ("customers", "events")


@pytest.mark.postgres
def test_migration_with_a_partitioned_table_in_a_model_with_two_schemas(pg_conn: Any) -> None:
    before = loads(PARTED)
    after = _applied(before, [], {"default_tenant": "3"})
    pg_conn.execute(generate_ddl(before).sql)
    pg_conn.execute("INSERT INTO crm.customers (email) VALUES ('a'); INSERT INTO events VALUES (1, 1, '2024-05-01')")
    pg_conn.execute(tenant_migration_sql(before, after))
    assert pg_conn.execute("SELECT tenant_id FROM events_2024").fetchall() == [(3,)]
    actual = introspect_connection(pg_conn, None, after.default_schema)
    options = CompareOptions(report_extra=True, default_opclasses=default_opclasses(pg_conn))
    assert [str(d) for d in compare_models(after, actual, options) if d.what != "column order"] == []
