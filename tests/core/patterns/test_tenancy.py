"""multi-tenant (row-level security, on a real PostgreSQL) and citus-distribute (syntax and
co-location rules; no Citus server here)."""

from __future__ import annotations

import uuid

import psycopg
import pytest
import sqlglot
from sqlglot import exp

from core.ddl import generate_ddl
from core.errors import CommandError
from core.model import DataModel, UniqueConstraint
from core.patterns import get_pattern
from core.validate_citus import citus_problems
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample


def _tenant_library() -> DataModel:
    return applied(sample("library"), "multi-tenant")


@pytest.mark.postgres
def test_rls_shows_only_the_current_tenant_and_refuses_cross_tenant_writes(db: SchemaDB) -> None:
    db.run_model(_tenant_library())
    c = db.conn
    c.execute("INSERT INTO tenants (name) VALUES ('one'), ('two')")
    c.execute("INSERT INTO publishers (tenant_id, name) VALUES (1, 'P1'), (1, 'P1b'), (2, 'P2')")
    role = f"tw_app_{uuid.uuid4().hex[:8]}"
    c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    try:
        c.execute(f"GRANT USAGE ON SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {db.schema} TO {role}")
        app = db.connect()
        app.execute(f"SET ROLE {role}")
        app.execute("SET app.tenant_id = '1'")
        assert sorted(r[0] for r in app.execute("SELECT name FROM publishers").fetchall()) == ["P1", "P1b"]
        app.execute("INSERT INTO publishers (tenant_id, name) VALUES (1, 'mine')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("INSERT INTO publishers (tenant_id, name) VALUES (2, 'theirs')")
        # an update cannot move a row to another tenant, nor touch the other tenant's rows
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("UPDATE publishers SET tenant_id = 2 WHERE name = 'mine'")
        assert app.execute("UPDATE publishers SET name = 'x' WHERE name = 'P2'").rowcount == 0
        app.execute("SET app.tenant_id = '2'")
        assert [r[0] for r in app.execute("SELECT name FROM publishers").fetchall()] == ["P2"]
        app.close()
        fresh = db.connect()
        fresh.execute(f"SET ROLE {role}")
        with pytest.raises(psycopg.errors.UndefinedObject):  # no tenant set: refused, not everything
            fresh.execute("SELECT name FROM publishers")
        fresh.close()
    finally:
        c.execute(f"DROP OWNED BY {role}")
        c.execute(f"DROP ROLE {role}")


@pytest.mark.postgres
def test_rows_cannot_reference_another_tenants_rows(db: SchemaDB) -> None:
    db.run_model(_tenant_library())
    c = db.conn
    c.execute("INSERT INTO tenants (name) VALUES ('one'), ('two')")
    c.execute("INSERT INTO publishers (tenant_id, name) VALUES (1, 'P1')")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        c.execute("INSERT INTO books (tenant_id, title, publisher_id, isbn13) VALUES (2, 'B', 1, '9780000000002')")


def _calls(sql: str) -> list[tuple[str, list[str], dict[str, str]]]:
    """Every Citus call of the script, parsed by sqlglot: (function, arguments, keyword arguments)."""
    out = []
    for line in sql.splitlines():
        if "create_distributed_table" in line or "create_reference_table" in line:
            tree = sqlglot.parse_one(line.strip().lstrip("-").strip(), dialect="postgres")
            fn = tree.find(exp.Anonymous)
            assert fn is not None
            args = [a.this for a in fn.expressions if isinstance(a, exp.Literal)]
            kwargs = {a.this.name: a.expression.this for a in fn.expressions if isinstance(a, exp.Kwarg)}
            out.append((fn.name, args, kwargs))
    return out


def _without_set_null(model: DataModel) -> DataModel:
    """The model with its ON DELETE SET NULL foreign keys made RESTRICT."""
    return model.model_copy(update={"entities": tuple(e.model_copy(update={"foreign_keys": tuple(
        fk.model_copy(update={"on_delete": "restrict"}) if fk.on_delete == "set null" else fk
        for fk in e.foreign_keys)}) for e in model.entities)})


def test_citus_calls_parse_and_colocate_every_tenant_table() -> None:
    # books.publisher_id is ON DELETE SET NULL, which would clear tenant_id too: Citus refuses it
    with pytest.raises(CommandError, match=r"entities\[books\]\.foreign_keys\[\d\]: ON DELETE SET NULL would change "
                       "the distribution column tenant_id"):
        get_pattern("citus-distribute").apply(_tenant_library())
    base = _without_set_null(_tenant_library())
    model = applied(base, "citus-distribute")
    assert citus_problems(model) == []
    calls = _calls(generate_ddl(model, citus=True).sql)
    by_table = {args[0]: (fn, args, kw) for fn, args, kw in calls}
    assert by_table["tenants"] == ("create_distributed_table", ["tenants", "id"], {})
    tenant_tables = [e.name for e in base.entities if e.attribute("tenant_id") is not None]
    assert tenant_tables and set(by_table) == {"tenants", *tenant_tables}
    for name in tenant_tables:
        assert by_table[name] == ("create_distributed_table", [name, "tenant_id"], {"colocate_with": "tenants"})
    # oracle: every foreign key between distributed tables maps tenant_id onto the target's column
    for e, fk in model.iter_foreign_keys():
        target = model.fk_target(e, fk)
        assert target is not None
        refs = fk.ref_columns or target.primary_key.columns  # type: ignore[union-attr]
        dist = {"tenants": "id"}.get(target.name, "tenant_id")
        assert dict(zip(fk.columns, refs, strict=True))["tenant_id"] == dist


def test_citus_reference_tables_and_refusals() -> None:
    base = sample("saas_multitenant")
    undistributed = base.model_copy(update={"entities": tuple(e.model_copy(update={"distribution": None})
                                                              for e in base.entities)})
    # Citus refuses a unique constraint without the distribution column: tenants.slug (sample)
    with pytest.raises(CommandError, match=r"entities\[tenants\]\.uniques\[0\]: unique \(slug\) does not include "
                       "the distribution column id"):
        get_pattern("citus-distribute").apply(undistributed, params={"reference": "plans"})
    stripped = undistributed.model_copy(update={"entities": tuple(
        e.model_copy(update={"uniques": ()}) if e.name == "tenants" else e for e in undistributed.entities)})
    model = applied(stripped, "citus-distribute", params={"reference": "plans"})
    kinds = {fn: args[0] for fn, args, _ in _calls(generate_ddl(model, citus=True).sql) if "reference" in fn}
    assert kinds == {"create_reference_table": "plans"}
    # plans left local: tenants (distributed) would reference a local table
    with pytest.raises(CommandError, match='distributed "tenants" cannot reference local table "plans": make plans a '
                       "reference table"):
        get_pattern("citus-distribute").apply(stripped)
    # a unique constraint without the distribution column breaks co-location
    users = stripped.find_entity("users")
    assert users is not None
    bad_users = users.model_copy(update={"uniques": (UniqueConstraint(columns=("email",)),)})
    bad = stripped.model_copy(update={"entities": tuple(bad_users if e.name == "users" else e
                                                        for e in stripped.entities)})
    with pytest.raises(CommandError, match=r"users\]\.uniques\[0\]: unique \(email\) does not include the "
                       "distribution column tenant_id"):
        get_pattern("citus-distribute").apply(bad, params={"reference": "plans"})
    with pytest.raises(CommandError, match="already distributed"):
        get_pattern("citus-distribute").apply(base, params={"reference": "plans"})


def test_views_over_tenant_tables_read_as_the_user_and_history_keeps_the_tables_policy() -> None:
    base = _tenant_library()
    soft = get_pattern("soft-delete").preview(base, ["members", "publishers"])
    made, _ = soft.batch.apply(base)
    assert {v.name for v in made.views if v.security_invoker} == {"overdue_loans", "active_members",
                                                                   "active_publishers"}
    assert not any("security_invoker" in w for w in soft.warnings)  # handled, not warned about
    plain = applied(sample("library"), "soft-delete", ["members"])  # no row-level security: a plain view
    assert not any(v.security_invoker for v in plain.views)
    versioned = get_pattern("system-versioned").preview(base, ["members"])
    assert not any("members_as_of" in w for w in versioned.warnings)
    new, _ = versioned.batch.apply(base)
    assert [v.security_invoker for v in new.views if v.name == "members_as_of"] == [True]
    history, members = new.find_entity("members_history"), new.find_entity("members")
    assert history is not None and members is not None
    assert history.rls == members.rls and history.rls is not None and history.rls.forced


@pytest.mark.postgres
def test_history_of_a_tenant_table_is_written_under_rls_and_shows_only_the_tenants_past(db: SchemaDB) -> None:
    model = applied(_tenant_library(), "system-versioned", ["publishers"])
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO tenants (name) VALUES ('one'), ('two')")
    c.execute("INSERT INTO publishers (tenant_id, name, sys_from) VALUES "
              "(1, 'P1', now() - interval '1 day'), (2, 'P2', now() - interval '1 day')")
    role = f"tw_app_{uuid.uuid4().hex[:8]}"
    c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    try:
        c.execute(f"GRANT USAGE ON SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {db.schema} TO {role}")
        for tenant, name in ((1, "P1"), (2, "P2")):
            app = db.connect()
            app.execute(f"SET ROLE {role}")
            app.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tenant),))
            # the versioning trigger runs as the application role: its history row passes the policy
            assert app.execute("UPDATE publishers SET name = name || ' renamed'").rowcount == 1
            assert app.execute("SELECT tenant_id, name FROM publishers_history").fetchall() == [(tenant, name)]
            app.close()
        assert sorted(db.rows("SELECT tenant_id FROM publishers_history")) == [(1,), (2,)]  # owner sees both
    finally:
        c.execute(f"DROP OWNED BY {role}")
        c.execute(f"DROP ROLE {role}")


def test_multi_tenant_makes_the_views_already_over_its_tables_read_as_the_user() -> None:
    before = applied(applied(sample("library"), "system-versioned", ["publishers"]), "soft-delete", ["loans"])
    assert not any(v.security_invoker for v in before.views)
    preview = get_pattern("multi-tenant").preview(before)
    after, _ = preview.batch.apply(before)
    assert all(v.security_invoker for v in after.views)  # the sample's own view too
    assert {"publishers_as_of", "active_loans"} <= {v.name for v in after.views}
    assert not any("security_invoker" in w for w in preview.warnings)
    assert sum("security_invoker = true" in c for c in preview.changes) == len(before.views)


@pytest.mark.postgres
def test_multi_tenant_after_history_audit_and_cdc_keeps_their_triggers_working_per_tenant(db: SchemaDB) -> None:
    model = applied(sample("library"), "system-versioned", ["publishers"])
    model = applied(applied(model, "audit-trail", ["authors"]), "cdc-trigger", ["authors"])
    model = applied(model, "multi-tenant")  # every table: the history, audit and change logs too
    for name in ("publishers_history", "audit_log", "change_log"):
        log = model.find_entity(name)
        assert log is not None and log.attributes[0].name == "tenant_id" and log.rls is not None
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO tenants (name) VALUES ('one'), ('two')")
    role = f"tw_app_{uuid.uuid4().hex[:8]}"
    c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    try:
        c.execute(f"GRANT USAGE ON SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {db.schema} TO {role}")
        for tenant in (1, 2):
            app = db.connect()
            app.execute(f"SET ROLE {role}")
            app.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tenant),))
            # tenant_id is left out: it defaults to the session's tenant, in the triggers' rows too
            app.execute("INSERT INTO publishers (name, sys_from) VALUES (%s, now() - interval '1 day')", (f"P{tenant}",))
            app.execute("UPDATE publishers SET name = name || '!'")
            app.execute("INSERT INTO authors (full_name, sort_name) VALUES (%s, 'x')", (f"A{tenant}",))
            app.execute("UPDATE authors SET sort_name = 'y'")
            assert app.execute("SELECT tenant_id, name FROM publishers_history").fetchall() == [(tenant, f"P{tenant}")]
            assert app.execute("SELECT tenant_id, operation FROM audit_log ORDER BY id").fetchall() == [
                (tenant, "INSERT"), (tenant, "UPDATE")]
            assert app.execute("SELECT tenant_id, operation FROM change_log ORDER BY id").fetchall() == [
                (tenant, "INSERT"), (tenant, "UPDATE")]
            app.close()
        assert db.rows("SELECT count(*) FROM audit_log") == [(4,)]
    finally:
        c.execute(f"DROP OWNED BY {role}")
        c.execute(f"DROP ROLE {role}")


@pytest.mark.postgres
def test_tables_added_to_a_multi_tenant_model_belong_to_tenants(db: SchemaDB) -> None:
    base = sample("saas_multitenant")
    model = applied(applied(base, "audit-trail", ["tasks"]), "many-to-many", ["tasks", "users"])
    junction, log = model.find_entity("tasks_users"), model.find_entity("audit_log")
    assert junction is not None and log is not None
    assert [a.name for a in junction.attributes][:3] == ["tenant_id", "task_id", "user_id"]  # one tenant column
    assert junction.primary_key is not None and junction.primary_key.columns == ("tenant_id", "task_id", "user_id")
    assert {fk.columns for fk in junction.foreign_keys} == {("tenant_id",), ("tenant_id", "task_id"),
                                                           ("tenant_id", "user_id")}
    assert log.attributes[0].name == "tenant_id" and log.rls is not None and log.rls.forced
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO plans (code, monthly_price) VALUES ('free', 0)")
    c.execute("INSERT INTO tenants (slug, name, plan_id) VALUES ('one', 'One', 1), ('two', 'Two', 1)")
    role = f"tw_app_{uuid.uuid4().hex[:8]}"
    c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    try:
        c.execute(f"GRANT USAGE ON SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {db.schema} TO {role}")
        ids = {}
        for tenant in (1, 2):
            app = db.connect()
            app.execute(f"SET ROLE {role}")
            app.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tenant),))
            (user,) = app.execute("INSERT INTO users (tenant_id, email, display_name) VALUES (%s, 'a@x', 'A') "
                                  "RETURNING id", (tenant,)).fetchone()
            (project,) = app.execute("INSERT INTO projects (tenant_id, owner_id, name) VALUES (%s, %s, 'P') "
                                     "RETURNING id", (tenant, user)).fetchone()
            (task,) = app.execute("INSERT INTO tasks (tenant_id, project_id, title) VALUES (%s, %s, 'T') "
                                  "RETURNING id", (tenant, project)).fetchone()
            app.execute("INSERT INTO tasks_users (task_id, user_id) VALUES (%s, %s)", (task, user))  # tenant by default
            ids[tenant] = (user, task)
            # the audit log and the junction show this tenant's rows only
            assert app.execute("SELECT DISTINCT tenant_id FROM audit_log").fetchall() == [(tenant,)]
            assert app.execute("SELECT tenant_id, task_id FROM tasks_users").fetchall() == [(tenant, task)]
            app.close()
        app = db.connect()
        app.execute(f"SET ROLE {role}")
        app.execute("SET app.tenant_id = '2'")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):  # tenant 1's task with tenant 2's user
            app.execute("INSERT INTO tasks_users (task_id, user_id) VALUES (%s, %s)", (ids[1][1], ids[2][0]))
        app.close()
    finally:
        c.execute(f"DROP OWNED BY {role}")
        c.execute(f"DROP ROLE {role}")


def test_tables_made_for_shared_tables_are_shared_and_keep_tenant_rows_out() -> None:
    base = sample("saas_multitenant")
    shared = applied(base, "audit-trail", ["plans"])
    log = shared.find_entity("audit_log")
    assert log is not None and "global" in log.tags and log.attribute("tenant_id") is None
    history = applied(base, "system-versioned", ["plans"]).find_entity("plans_history")
    assert history is not None and "global" in history.tags
    with pytest.raises(CommandError, match="shared by all tenants"):  # tenant rows into a shared log
        get_pattern("audit-trail").apply(shared, ["tasks"])
    owned = applied(shared, "audit-trail", ["tasks"], {"log_table": "tenant_audit_log",
                                                     "function": "tenant_audit_row_change"}
                    ).find_entity("tenant_audit_log")
    assert owned is not None and owned.attribute("tenant_id") is not None and "global" not in owned.tags


def test_no_overlap_holds_per_tenant_and_takes_the_form_citus_accepts() -> None:
    versioned = applied(sample("library"), "system-versioned", ["publishers"])
    tenant = _without_set_null(applied(versioned, "multi-tenant"))
    history = tenant.find_entity("publishers_history")
    assert history is not None and history.exclusions
    first = history.exclusions[0].elements[0]
    # on one node: no extension needed (an integer tenant id as a one-value range)
    assert (first.expression, first.operator) == ("int8range(tenant_id, tenant_id, '[]')", "&&")
    distributed = applied(tenant, "citus-distribute")
    assert citus_problems(distributed) == []
    history = distributed.find_entity("publishers_history")
    assert history is not None and history.distribution is not None
    first = history.exclusions[0].elements[0]
    assert (first.expression, first.operator) == ("tenant_id", "=")
    # a table a pattern adds to the distributed model is distributed with the tenant's rows
    audited = applied(distributed, "audit-trail", ["members"])
    log = audited.find_entity("audit_log")
    assert log is not None and log.distribution is not None
    assert (log.distribution.column, log.distribution.colocate_with) == ("tenant_id", "tenants")
    assert citus_problems(audited) == []
