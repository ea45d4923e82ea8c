"""system-versioned and bi-temporal on a real PostgreSQL."""

from __future__ import annotations

import time

import psycopg
import pytest

from core.errors import CommandError
from core.patterns import get_pattern
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import PRICES, applied, sample, yaml_model

pytestmark = pytest.mark.postgres


def _now(db: SchemaDB) -> object:
    time.sleep(0.02)
    (t,) = db.conn.execute("SELECT clock_timestamp()").fetchone()
    time.sleep(0.02)
    return t


def test_versioning_writes_history_and_as_of_answers_a_past_date(db: SchemaDB) -> None:
    model = applied(sample("library"), "system-versioned", ["members"])
    db.run_model(model)
    c = db.conn
    (mid,) = c.execute("INSERT INTO members (card_number, full_name, joined_on, expires_on) "
                       "VALUES ('C-1', 'Ada', DATE '2024-01-01', DATE '2030-01-01') RETURNING id").fetchone()
    t1 = _now(db)
    c.execute("UPDATE members SET full_name = 'Ada Lovelace' WHERE id = %s", (mid,))
    t2 = _now(db)
    c.execute("UPDATE members SET full_name = 'Countess Ada' WHERE id = %s", (mid,))
    t3 = _now(db)
    c.execute("DELETE FROM members WHERE id = %s", (mid,))
    names = db.rows("SELECT full_name FROM members_history ORDER BY sys_from")
    assert names == [("Ada",), ("Ada Lovelace",), ("Countess Ada",)]
    for at, expected in ((t1, "Ada"), (t2, "Ada Lovelace"), (t3, "Countess Ada")):
        c.execute("SELECT set_config('app.as_of', %s, false)", (at.isoformat(),))
        assert db.rows("SELECT full_name FROM members_as_of") == [(expected,)]
    c.execute("RESET app.as_of")
    assert db.rows("SELECT full_name FROM members_as_of") == []  # deleted now


def test_history_refuses_overlapping_periods(db: SchemaDB) -> None:
    model = applied(sample("library"), "system-versioned", ["publishers"])
    db.run_model(model)
    insert = ("INSERT INTO publishers_history (id, name, sys_from, sys_to) "
              "VALUES (1, 'P', %s::timestamptz, %s::timestamptz)")
    db.conn.execute(insert, ("2024-01-01", "2024-03-01"))
    db.conn.execute(insert, ("2024-03-01", "2024-05-01"))  # adjacent: fine
    db.conn.execute("INSERT INTO publishers_history (id, name, sys_from, sys_to) "
                    "VALUES (2, 'Q', '2024-02-01', '2024-04-01')")  # other key: fine
    with pytest.raises(psycopg.errors.ExclusionViolation):
        db.conn.execute(insert, ("2024-02-01", "2024-04-01"))


def test_bi_temporal_rejects_overlapping_valid_periods_and_empty_ones(db: SchemaDB) -> None:
    # the key (product_id, currency) is an integer and a text: the text needs btree_gist, absent
    # here, so the key is the integer alone in this test (see test_btree_gist for the other form)
    model = applied(yaml_model(PRICES), "bi-temporal", ["prices"], {"key": "product_id", "period_type": "date"})
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO products (sku) VALUES ('A'), ('B')")
    ins = "INSERT INTO prices (product_id, currency, amount, valid_from, valid_to) VALUES (%s, 'EUR', 9, %s, %s)"
    c.execute(ins, (1, "2024-01-01", "2024-06-01"))
    c.execute(ins, (1, "2024-06-01", "infinity"))
    c.execute(ins, (2, "2024-02-01", "2024-03-01"))
    with pytest.raises(psycopg.errors.ExclusionViolation):
        c.execute(ins, (1, "2024-05-01", "2024-07-01"))
    with pytest.raises(psycopg.errors.CheckViolation):
        c.execute(ins, (2, "2024-05-01", "2024-05-01"))
    rows = db.rows("SELECT product_id, valid_from::text FROM prices WHERE valid_from <= '2024-07-01' "
                   "AND valid_to > '2024-07-01' AND recorded_at <= now() ORDER BY 1")
    assert rows == [(1, "2024-06-01")]


def test_bi_temporal_refuses_a_referenced_table() -> None:
    with pytest.raises(CommandError, match="referenced by"):
        get_pattern("bi-temporal").apply(sample("library"), ["members"])


def test_bi_temporal_refuses_a_self_referencing_table() -> None:
    model = yaml_model("""
entities:
  - name: employees
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: manager_id, type: bigint}
    primary_key: {columns: [id]}
    foreign_keys:
      - {columns: [manager_id], references: employees}
""")
    with pytest.raises(CommandError, match=r"referenced by itself \(manager_id\)"):
        get_pattern("bi-temporal").apply(model, ["employees"])
