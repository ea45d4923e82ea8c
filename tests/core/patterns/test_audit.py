"""audit-trail on a real PostgreSQL: old and new values, changed fields and the user are recorded."""

from __future__ import annotations

import pytest

from core.errors import CommandError
from core.patterns import get_pattern
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample

pytestmark = pytest.mark.postgres


def test_audit_trigger_records_old_new_and_changed_fields(db: SchemaDB) -> None:
    model = applied(sample("library"), "audit-trail", ["members", "publishers"])
    db.run_model(model)
    c = db.conn
    c.execute("SET app.user_id = 'alice'")
    (mid,) = c.execute("INSERT INTO members (card_number, full_name, joined_on, expires_on) "
                       "VALUES ('C-9', 'Ada', DATE '2024-01-01', DATE '2030-01-01') RETURNING id").fetchone()
    c.execute("UPDATE members SET full_name = 'Ada L.', email = 'ada@example.org' WHERE id = %s", (mid,))
    c.execute("UPDATE members SET full_name = 'Ada L.' WHERE id = %s", (mid,))  # no change: not logged
    c.execute("RESET app.user_id")
    c.execute("DELETE FROM members WHERE id = %s", (mid,))
    rows = db.rows("SELECT operation, old_values, new_values, changed_fields, changed_by, table_name "
                   "FROM audit_log ORDER BY id")
    assert [r[0] for r in rows] == ["INSERT", "UPDATE", "DELETE"]
    ins, upd, dele = rows
    assert ins[1] is None and ins[2]["full_name"] == "Ada" and ins[4] == "alice" and ins[5] == "members"
    assert upd[1]["full_name"] == "Ada" and upd[2]["full_name"] == "Ada L."
    assert upd[1]["email"] is None and upd[2]["email"] == "ada@example.org"
    assert sorted(upd[3]) == ["email", "full_name"]
    assert dele[1]["full_name"] == "Ada L." and dele[2] is None
    (role,) = c.execute("SELECT session_user").fetchone()
    assert dele[4] == role  # no session setting: the database user


def test_second_application_to_the_same_table_is_refused_other_tables_share_the_log() -> None:
    once = applied(sample("library"), "audit-trail", ["members"])
    with pytest.raises(CommandError, match="already applied"):
        get_pattern("audit-trail").apply(once, ["members"])
    twice = applied(once, "audit-trail", ["loans"])
    assert sum(e.name == "audit_log" for e in twice.entities) == 1
    assert len(twice.functions) == len(once.functions)
