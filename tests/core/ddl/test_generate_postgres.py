"""PostgreSQL DDL on a real PostgreSQL 18 (the embedded server): every sample model runs, every
feature of the hand-built rich model lands in the catalog as the model says, hostile names come
back from the catalog byte for byte, and PostgreSQL's own quoting and literal functions agree with
ours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_generate_models import HOSTILE_NAMES, rich_model, sql_models

from core.ddl import generate_ddl, quote_ident, string_literal
from core.ddl.keywords import POSTGRES_KEYWORDS
from core.model import DataModel
from core.storage import load
from tests.conftest import sample_model_paths

pytestmark = pytest.mark.postgres


def _rows(conn: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return list(conn.execute(sql, params).fetchall())


@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_sample_model_ddl_runs_on_postgres(pg_conn: Any, path: Path) -> None:
    model = load(path).model
    pg_conn.execute(generate_ddl(model).sql)
    tables = {(s, t) for s, t in _rows(pg_conn, "SELECT table_schema, table_name FROM information_schema.tables "
                                       "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
                                       "('pg_catalog', 'information_schema')")}
    expected = {(e.schema_name or model.default_schema, e.name) for e in model.entities}
    assert tables == expected
    views = {t for (t,) in _rows(pg_conn, "SELECT table_name FROM information_schema.views WHERE table_schema "
                                 "NOT IN ('pg_catalog', 'information_schema')")}
    views |= {t for (t,) in _rows(pg_conn, "SELECT matviewname FROM pg_matviews")}
    assert views == {v.name for v in model.views}


def test_rich_model_lands_in_the_catalog(pg_conn: Any) -> None:
    model = rich_model()
    pg_conn.execute(generate_ddl(model).sql)
    c = pg_conn
    # identity and generated columns
    ident = dict(_rows(c, "SELECT attrelid::regclass::text || '.' || attname, attidentity FROM pg_attribute "
                       "WHERE attidentity <> '' AND attnum > 0"))
    want = {f"{'billing.' if e.schema_name else ''}{e.name}.{a.name}": {"always": "a", "by default": "d"}[a.identity]
            for e in model.entities if not e.partition_of for a in e.attributes if a.identity}
    assert {k: v for k, v in ident.items() if k.split(".")[-2] in {e.name for e in model.entities
                                                                   if not e.partition_of}} == want
    generated = _rows(c, "SELECT attname FROM pg_attribute WHERE attgenerated = 's' AND "
                      "attrelid = 'billing.accounts'::regclass")
    assert generated == [("balance_cents",)]
    # foreign keys: actions, deferrability, the cycle closed afterwards
    fks = {name: (deferrable, deferred, ondel) for name, deferrable, deferred, ondel in _rows(
        c, "SELECT conname, condeferrable, condeferred, confdeltype FROM pg_constraint WHERE contype = 'f'")}
    assert fks["accounts_tenant_fk"] == (False, False, "c")
    assert sum(1 for v in fks.values() if v == (True, True, "n")) == 1  # the self-reference, SET NULL
    assert len(fks) == sum(len(e.foreign_keys) for e in model.entities)
    # exclusion constraint, unique NULLS NOT DISTINCT
    assert _rows(c, "SELECT conname FROM pg_constraint WHERE contype = 'x'") == [("no_overlap",)]
    assert _rows(c, "SELECT indnullsnotdistinct FROM pg_index WHERE indexrelid = "
                 "'billing.accounts_email_key'::regclass") == [(True,)]
    # partitions
    parts = dict(_rows(c, "SELECT inhrelid::regclass::text, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits "
                       "JOIN pg_class c ON c.oid = inhrelid WHERE c.relkind = 'r'"))
    assert parts.keys() == {"events_2025", "events_default"} and parts["events_default"] == "DEFAULT"
    assert "FROM ('2025-01-01" in parts["events_2025"] and "TO ('2026-01-01" in parts["events_2025"]
    # indexes: methods, options, predicate, include
    methods = dict(_rows(c, "SELECT i.relname, am.amname FROM pg_class i JOIN pg_am am ON am.oid = i.relam "
                         "WHERE i.relkind IN ('i', 'I') AND i.relnamespace <> 'pg_catalog'::regnamespace"))
    for name, method in [("documents_embedding_hnsw", "hnsw"), ("accounts_profile_gin", "gin")]:
        assert methods[name] == method
    assert sorted(methods.values()).count("brin") == 1 and sorted(methods.values()).count("hash") == 1
    assert _rows(c, "SELECT reloptions FROM pg_class WHERE relname = 'documents_embedding_hnsw'") == [
        (["m=16", "ef_construction=64"],)]
    (idx,) = _rows(c, "SELECT indexdef FROM pg_indexes WHERE indexname = 'accounts_lower_email'")
    assert "INCLUDE (id)" in idx[0] and "WHERE (status <> 'closed'::account_status)" in idx[0]
    # row-level security, policies, triggers
    assert _rows(c, "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = "
                 "'billing.accounts'::regclass") == [(True, True)]
    assert sorted(_rows(c, "SELECT polname, polpermissive FROM pg_policy")) == [("no deletes", False),
                                                                               ("tenant_isolation", True)]
    assert _rows(c, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal") == [("accounts_touch",)]
    # enums (values in order, quotes intact), comments, views, functions, extensions
    labels = _rows(c, "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'sales.invoice_kind'::regtype "
                   "ORDER BY enumsortorder")
    assert [r[0] for r in labels] == list(model.enums[1].values)
    assert _rows(c, "SELECT obj_description('tenants'::regclass)") == [(model.entities[0].note,)]
    assert _rows(c, "SELECT col_description('tenants'::regclass, 2)") == [(model.entities[0].attributes[1].note,)]
    assert {r[0] for r in _rows(c, "SELECT proname FROM pg_proc WHERE pronamespace <> 'pg_catalog'::regnamespace "
                                "AND prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')")} >= {
        "touch_updated_at", "account_count"}
    assert _rows(c, "SELECT count(*) FROM pg_matviews WHERE schemaname = 'billing'") == [(1,)]
    assert ("vector",) in _rows(c, "SELECT extname FROM pg_extension")


def _catalog_names(conn: Any) -> dict[str, set[str]]:
    user = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
    return {
        "tables": {r[0] for r in _rows(conn, f"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
                                       f"n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND {user}")},
        "columns": {r[0] for r in _rows(conn, f"SELECT a.attname FROM pg_attribute a JOIN pg_class c ON "
                                        f"c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                                        f"WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND {user}")},
        "indexes": {r[0] for r in _rows(conn, f"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
                                        f"n.oid = c.relnamespace WHERE c.relkind = 'i' AND {user}")},
        "enums": {r[0] for r in _rows(conn, "SELECT enumlabel FROM pg_enum")},
        "types": {r[0] for r in _rows(conn, "SELECT typname FROM pg_type WHERE typtype = 'e'")},
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(model=sql_models())
def test_hostile_names_come_back_from_the_catalog_exactly(pg_conn: Any, model: DataModel) -> None:
    ddl = generate_ddl(model).sql
    with pg_conn.transaction(force_rollback=True):
        pg_conn.execute(ddl)
        names = _catalog_names(pg_conn)
    assert names["tables"] == {e.name for e in model.entities}
    assert names["columns"] == {a.name for e in model.entities for a in e.attributes}
    assert names["types"] == {en.name for en in model.enums}
    assert names["enums"] == {v for en in model.enums for v in en.values}
    named = {ix.name for e in model.entities for ix in e.indexes if ix.name}
    named |= {e.primary_key.name for e in model.entities if e.primary_key and e.primary_key.name}
    assert named <= names["indexes"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.one_of(st.sampled_from(HOSTILE_NAMES + sorted(POSTGRES_KEYWORDS)),
                      st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                              min_size=1, max_size=20)))
def test_quoting_agrees_with_postgres_quote_ident(pg_conn: Any, name: str) -> None:
    (theirs,) = pg_conn.execute("SELECT quote_ident(%s)", (name,)).fetchone()
    assert quote_ident(name) == theirs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30))
def test_string_literals_read_back_unchanged(pg_conn: Any, text: str) -> None:
    (back,) = pg_conn.execute(f"SELECT {string_literal(text)}::text").fetchone()
    assert back == text


def test_keyword_list_matches_the_server(pg_conn: Any) -> None:
    server = {w for (w,) in _rows(pg_conn, "SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'")}
    assert server == set(POSTGRES_KEYWORDS)


def test_citus_calls_are_commented_out_unless_asked(pg_conn: Any) -> None:
    model = rich_model()
    distributed = [e for e in model.entities if e.distribution is not None]
    plain = generate_ddl(model).sql
    live = generate_ddl(model, citus=True).sql
    assert sum(line.startswith("-- SELECT create_") for line in plain.splitlines()) == len(distributed)
    assert sum(line.startswith("SELECT create_") for line in live.splitlines()) == len(distributed)
    assert "CREATE EXTENSION IF NOT EXISTS citus;" in live
    pg_conn.execute(plain)  # the default script runs on plain PostgreSQL
