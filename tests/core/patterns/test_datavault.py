"""data-vault on a real PostgreSQL: hubs, links and satellites loaded from the source tables."""

from __future__ import annotations

import psycopg
import pytest

from core.patterns.datavault import hash_expression
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample

pytestmark = pytest.mark.postgres


def test_vault_loads_from_the_sources_and_keeps_satellite_history(db: SchemaDB) -> None:
    model = applied(sample("library"), "data-vault", ["publishers", "books"])
    names = {e.name for e in model.entities}
    assert {"hub_publisher", "hub_book", "sat_publisher", "sat_book", "link_book_publisher"} <= names
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO publishers (name, country_code) VALUES ('Acme', 'GB'), ('Beta', 'FR')")
    c.execute("INSERT INTO books (isbn13, title, publisher_id, language) VALUES "
              "('9780000000001', 'One', 1, 'en'), ('9780000000002', 'Two', 2, 'fr')")
    hk_pub, hk_book = hash_expression(("name",)), hash_expression(("isbn13",))
    load_hubs = (f"INSERT INTO hub_publisher (publisher_hk, name, record_source) "
                 f"SELECT {hk_pub}, name, 'library' FROM publishers ON CONFLICT DO NOTHING;"
                 f"INSERT INTO hub_book (book_hk, isbn13, record_source) "
                 f"SELECT {hk_book}, isbn13, 'library' FROM books ON CONFLICT DO NOTHING")
    c.execute(load_hubs)
    c.execute(load_hubs)  # idempotent: nothing new
    assert db.rows("SELECT count(*) FROM hub_publisher") == [(2,)]
    link = (f"INSERT INTO link_book_publisher (book_publisher_hk, book_hk, publisher_hk, record_source) "
            f"SELECT sha256(convert_to(b.isbn13 || '||' || p.name, 'UTF8')), "
            f"{hk_book.replace('isbn13', 'b.isbn13')}, {hk_pub.replace('name', 'p.name')}, 'library' "
            "FROM books b JOIN publishers p ON p.id = b.publisher_id")
    c.execute(link)
    assert db.rows("SELECT count(*) FROM link_book_publisher") == [(2,)]
    with pytest.raises(psycopg.errors.UniqueViolation):
        c.execute(link)
    sat = ("INSERT INTO sat_publisher (publisher_hk, hash_diff, country_code, created_at, record_source) "
           f"SELECT {hk_pub}, {hash_expression(('country_code',))}, country_code, created_at, 'library' FROM publishers")
    c.execute(sat)
    c.execute("UPDATE publishers SET country_code = 'IE' WHERE name = 'Acme'")
    c.execute(sat.replace("FROM publishers", "FROM publishers WHERE name = 'Acme'"))  # a new version
    assert db.rows("SELECT count(*), count(DISTINCT publisher_hk) FROM sat_publisher") == [(3, 2)]
    with pytest.raises(psycopg.errors.ForeignKeyViolation):  # a satellite row needs its hub row
        c.execute("INSERT INTO sat_publisher (publisher_hk, hash_diff, record_source) "
                  "VALUES (sha256('x'), sha256('y'), 'x')")
    with pytest.raises(psycopg.errors.CheckViolation):  # hash keys are sha256
        c.execute("INSERT INTO hub_publisher (publisher_hk, name, record_source) VALUES ('\\x00', 'z', 'x')")
