"""Views over tables with row-level security read them as the querying user (security_invoker),
proven on a real PostgreSQL with a role that is neither superuser nor exempt from RLS."""

from __future__ import annotations

import uuid

import pytest

from core.model import DataModel, View
from core.patterns import get_pattern
from core.patterns.common import view_reads
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample, yaml_model


def _model() -> DataModel:
    """The library, soft delete on publishers, made multi-tenant; plus a plain view of our own."""
    model = applied(applied(sample("library"), "soft-delete", ["publishers"]), "multi-tenant")
    plain = View(name="every_publisher", sql="SELECT tenant_id, name FROM publishers")
    return model.model_copy(update={"views": (*model.views, plain)})


@pytest.mark.postgres
def test_a_security_invoker_view_shows_only_the_tenants_rows_and_a_plain_view_shows_all(db: SchemaDB) -> None:
    model = _model()
    assert [v.security_invoker for v in model.views if v.name in ("active_publishers", "every_publisher")] \
        == [True, False]
    sql = db.run_model(model)
    assert "CREATE VIEW active_publishers WITH (security_invoker = true) AS" in sql
    c = db.conn
    c.execute("INSERT INTO tenants (name) VALUES ('one'), ('two')")
    c.execute("INSERT INTO publishers (tenant_id, name) VALUES (1, 'P1'), (1, 'P1 gone'), (2, 'P2')")
    c.execute("UPDATE publishers SET deleted_at = now() WHERE name = 'P1 gone'")
    role = f"tw_app_{uuid.uuid4().hex[:8]}"
    c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    try:
        c.execute(f"GRANT USAGE ON SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {db.schema} TO {role}")  # views included
        app = db.connect()
        app.execute(f"SET ROLE {role}")
        for tenant, names in (("1", ["P1"]), ("2", ["P2"])):
            app.execute("SELECT set_config('app.tenant_id', %s, false)", (tenant,))
            assert [r[0] for r in app.execute("SELECT name FROM active_publishers ORDER BY name")] == names
            # the plain view reads publishers with its owner's rights: every tenant's rows leak
            assert sorted(r[0] for r in app.execute("SELECT tenant_id FROM every_publisher")) == [1, 1, 2]
        app.close()
    finally:
        c.execute(f"DROP OWNED BY {role}")
        c.execute(f"DROP ROLE {role}")


def test_views_the_pattern_did_not_make_over_tables_it_did_not_secure_are_left_alone() -> None:
    model = yaml_model("""
entities:
  - name: notes
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: owner_name, type: text, nullable: false}
    primary_key: [id]
    rls:
      policies:
        - {name: own, using: owner_name = current_user}
  - name: tags
    attributes:
      - {name: id, type: bigint, nullable: false}
    primary_key: [id]
views:
  - name: note_counts
    sql: SELECT owner_name, count(*) AS n FROM notes GROUP BY owner_name
""")
    # soft delete on tags: the existing view over notes (RLS before and after) is not the pattern's business
    after = applied(model, "soft-delete", ["tags"])
    assert [(v.name, v.security_invoker) for v in after.views] == [("note_counts", False), ("active_tags", False)]
    # soft delete on notes: its new view is secured, the old one still left as designed
    after = applied(model, "soft-delete", ["notes"])
    assert [(v.name, v.security_invoker) for v in after.views] == [("note_counts", False), ("active_notes", True)]


def test_a_materialized_view_over_a_table_put_under_rls_is_warned_about_not_changed() -> None:
    base = sample("library")
    mat = View(name="publisher_names", sql="SELECT name FROM publishers", materialized=True)
    model = base.model_copy(update={"views": (*base.views, mat)})
    preview = get_pattern("multi-tenant").preview(model)
    after, _ = preview.batch.apply(model)
    assert [v.security_invoker for v in after.views if v.name == "publisher_names"] == [False]
    (warning,) = [w for w in preview.warnings if "publisher_names" in w]
    assert "materialized view publisher_names" in warning and "WITH (security_invoker" not in warning


def test_view_reads_finds_quoted_qualified_and_joined_tables() -> None:
    model = yaml_model("""
entities:
  - {name: Orders, schema: sales, attributes: [{name: id, type: int}]}
  - {name: items, attributes: [{name: id, type: int}]}
  - {name: itemsx, attributes: [{name: id, type: int}]}
""")
    view = View(name="v", sql='SELECT o.id FROM sales."Orders" o JOIN items i ON i.id = o.id')
    assert [e.name for e in view_reads(model, view)] == ["Orders", "items"]
