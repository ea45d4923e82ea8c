"""Discovering from a real PostgreSQL table (the embedded server from conftest)."""

from __future__ import annotations

from typing import Any

import pytest

from core.discover import DiscoveryError, SourceSpec, discover_source, read_source
from core.discover.postgres import public_dsn, split_table_name

pytestmark = pytest.mark.postgres

ZIPS = [("1000", "Brussels"), ("2000", "Antwerp"), ("9000", "Ghent"), ("3000", "Leuven")]


def load_addresses(conn: Any, rows: int = 60) -> None:
    conn.execute("CREATE SCHEMA crm")
    conn.execute('CREATE TABLE crm."Addresses" (id int PRIMARY KEY, street text, zip text, city text)')
    with conn.cursor() as cur:
        cur.executemany(
            'INSERT INTO crm."Addresses" VALUES (%s, %s, %s, %s)',
            [(i, f"street {i % 7}", *ZIPS[i % len(ZIPS)]) for i in range(rows)],
        )


def pairs(spec: SourceSpec) -> set[tuple[tuple[str, ...], str]]:
    return {(fd.lhs, fd.rhs) for fd in discover_source(spec, keys=[("id",)]).fds}


def test_zip_determines_city_until_a_contradicting_row(pg_conn: Any) -> None:
    load_addresses(pg_conn)
    spec = SourceSpec(pg_conn.info_dsn, table='crm."Addresses"')
    found = pairs(spec)
    assert (("zip",), "city") in found
    assert (("city",), "zip") in found
    pg_conn.execute("INSERT INTO crm.\"Addresses\" VALUES (999, 'x', '1000', 'Bruxelles')")
    after = pairs(spec)
    assert (("zip",), "city") not in after
    assert (("city",), "zip") in after  # Bruxelles is a new city with one zip: still holds


def test_key_dependencies_are_marked_and_the_source_has_no_password(pg_conn: Any) -> None:
    load_addresses(pg_conn, rows=20)
    discovery = discover_source(SourceSpec(pg_conn.info_dsn, table='crm."Addresses"'), keys=[("id",)])
    by_pair = {(fd.lhs, fd.rhs): fd for fd in discovery.fds}
    assert by_pair[(("id",), "street")].from_key
    assert not by_pair[(("zip",), "city")].from_key
    assert discovery.rows == 20 and discovery.total_rows == 20
    assert "crm.Addresses" in discovery.source and "password" not in discovery.source


@pytest.mark.parametrize("method", ["random", "bernoulli", "system"])
def test_samples_are_reproducible(pg_conn: Any, method: str) -> None:
    load_addresses(pg_conn, rows=400)
    pg_conn.execute('ANALYZE crm."Addresses"')
    spec = SourceSpec(pg_conn.info_dsn, table='crm."Addresses"', sample=50, sample_method=method, seed=5)
    first = read_source(spec)
    assert 0 < len(first.rows) <= 50
    assert read_source(spec).rows == first.rows
    if method == "random":
        assert len(first.rows) == 50
        other = read_source(SourceSpec(pg_conn.info_dsn, table='crm."Addresses"', sample=50, seed=6))
        assert sorted(other.rows) != sorted(first.rows)


def test_read_only_transaction(pg_conn: Any) -> None:
    """The reader's session refuses writes: prove it through the same connection settings."""
    from core.db import connect

    load_addresses(pg_conn, rows=3)
    conn = connect(pg_conn.info_dsn, read_only=True)
    try:
        conn.read_only = True
        with pytest.raises(Exception, match="read-only"):
            conn.execute('DELETE FROM crm."Addresses"')
    finally:
        conn.close()
    assert len(read_source(SourceSpec(pg_conn.info_dsn, table='crm."Addresses"')).rows) == 3


def test_errors_are_clear(pg_conn: Any) -> None:
    with pytest.raises(DiscoveryError, match="name the table with --table"):
        read_source(SourceSpec(pg_conn.info_dsn))
    with pytest.raises(DiscoveryError, match="no table 'nowhere'"):
        read_source(SourceSpec(pg_conn.info_dsn, table="nowhere"))
    pg_conn.execute("CREATE TABLE empty_one (a int)")
    with pytest.raises(DiscoveryError, match="no rows"):
        read_source(SourceSpec(pg_conn.info_dsn, table="empty_one"))


def test_values_that_are_not_hashable_in_python(pg_conn: Any) -> None:
    pg_conn.execute("CREATE TABLE docs (id int, body jsonb, tags text[])")
    pg_conn.execute(
        "INSERT INTO docs VALUES (1, '{\"a\": 1}', '{x,y}'), (2, '{\"a\": 1}', '{x,y}'), (3, '[1]', '{z}')"
    )
    found = {(fd.lhs, fd.rhs) for fd in discover_source(SourceSpec(pg_conn.info_dsn, table="docs")).fds}
    assert (("body",), "tags") in found and (("tags",), "body") in found


def test_public_dsn_and_table_names() -> None:
    assert public_dsn("postgresql://u:pw@h:1/db") == "postgresql://u@h:1/db"
    assert split_table_name('"a.b"."C"') == ("a.b", "C")
    with pytest.raises(DiscoveryError, match=r"schema\.table"):
        split_table_name("a.b.c")


def test_entity_whose_data_source_is_a_live_database(pg_conn: Any) -> None:
    """An imported entity reads its own table (schema.name by default), keys from the model."""
    from core.discover import discover_entity
    from core.model import Attribute, DataModel, Entity, PrimaryKey

    load_addresses(pg_conn)
    entity = Entity(
        name="Addresses",
        schema="crm",
        attributes=tuple(Attribute(name=n, type="text") for n in ("id", "zip", "city")),  # no street
        primary_key=PrimaryKey(columns=("id",)),
        data_source=pg_conn.info_dsn,
    )
    model = DataModel(entities=(entity,))
    discovery = discover_entity(model, "crm.Addresses", sample=40)
    assert discovery.columns == ("id", "zip", "city") and discovery.rows == 40
    by_pair = {(fd.lhs, fd.rhs): fd for fd in discovery.fds}
    assert by_pair[(("id",), "zip")].from_key and not by_pair[(("zip",), "city")].from_key
    pg_conn.execute("INSERT INTO crm.\"Addresses\" VALUES (999, 'x', '1000', 'Bruxelles')")
    after = discover_entity(model, "crm.Addresses")
    assert (("zip",), "city") not in {(fd.lhs, fd.rhs) for fd in after.fds}
