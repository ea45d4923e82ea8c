"""soft-delete on a real PostgreSQL: deleted rows leave the view and free their unique value."""

from __future__ import annotations

import psycopg
import pytest

from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample

pytestmark = pytest.mark.postgres


def test_soft_deleted_rows_leave_the_view_and_free_their_unique_value(db: SchemaDB) -> None:
    model = applied(sample("library"), "soft-delete", ["members", "books"])
    db.run_model(model)
    insert = ("INSERT INTO members (card_number, full_name, joined_on, expires_on) "
              "VALUES (%s, %s, DATE '2024-01-01', DATE '2030-01-01') RETURNING id")
    (first,) = db.rows(insert, ("C-1", "Ada"))[0]
    db.rows(insert, ("C-2", "Bob"))
    with pytest.raises(psycopg.errors.UniqueViolation):
        db.rows(insert, ("C-1", "Ada again"))
    db.conn.execute("UPDATE members SET deleted_at = now() WHERE id = %s", (first,))
    assert db.rows("SELECT card_number FROM active_members ORDER BY 1") == [("C-2",)]
    # the deleted row is still in the table, and its card number is free again
    assert db.rows("SELECT count(*) FROM members") == [(2,)]
    db.rows(insert, ("C-1", "Ada, new card"))
    assert db.rows("SELECT full_name FROM active_members WHERE card_number = 'C-1'") == [("Ada, new card",)]

