"""hierarchy strategies on a real PostgreSQL, checked against a tree kept in Python."""

from __future__ import annotations

import random

import psycopg
import pytest

from core.errors import CommandError
from core.patterns import get_pattern
from core.patterns.hierarchy_tree import DECISION_TREE, recommend
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample, yaml_model

CATEGORIES = """
entities:
  - name: categories
    attributes:
      - {name: id, type: bigint, nullable: false, identity: by default}
      - {name: name, type: text, nullable: false}
    primary_key: {columns: [id]}
"""


def _ancestors(parents: dict[int, int | None], node: int) -> list[tuple[int, int]]:
    """(ancestor, depth) pairs of ``node``, itself included at depth 0 (the oracle)."""
    out, depth, cur = [], 0, node
    while cur is not None:
        out.append((cur, depth))
        cur, depth = parents[cur], depth + 1
    return out


def _random_tree_ops(db: SchemaDB, seed: int) -> dict[int, int | None]:
    rng = random.Random(seed)
    parents: dict[int, int | None] = {}
    for i in range(1, 31):
        parent = rng.choice([None, *parents]) if parents else None
        db.conn.execute("INSERT INTO categories (id, name, parent_id) VALUES (%s, %s, %s)", (i, f"c{i}", parent))
        parents[i] = parent
    for _ in range(15):  # moves, skipping those that would make a cycle (checked separately)
        node, new = rng.choice(list(parents)), rng.choice([None, *parents])
        if new is not None and node in {a for a, _ in _ancestors(parents, new)}:
            continue
        db.conn.execute("UPDATE categories SET parent_id = %s WHERE id = %s", (new, node))
        parents[node] = new
    return parents


@pytest.mark.postgres
def test_closure_table_answers_subtree_and_ancestor_queries_after_inserts_and_moves(db: SchemaDB) -> None:
    db.run_model(applied(yaml_model(CATEGORIES), "hierarchy", ["categories"], {"strategy": "closure-table"}))
    parents = _random_tree_ops(db, seed=3)
    expected = sorted((a, n, d) for n in parents for a, d in _ancestors(parents, n))
    assert db.rows("SELECT ancestor_id, descendant_id, depth FROM categories_closure ORDER BY 1, 2, 3") == expected
    root = next(n for n, p in parents.items() if p is None)
    subtree = sorted(n for n in parents if root in {a for a, _ in _ancestors(parents, n)})
    assert [r[0] for r in db.rows("SELECT descendant_id FROM categories_closure WHERE ancestor_id = %s "
                                  "ORDER BY 1", (root,))] == subtree
    leaf = max(parents, key=lambda n: len(_ancestors(parents, n)))
    assert db.rows("SELECT ancestor_id FROM categories_closure WHERE descendant_id = %s ORDER BY depth DESC",
                   (leaf,)) == [(a,) for a, _ in reversed(_ancestors(parents, leaf))]
    child = next(n for n, p in parents.items() if p is not None)
    with pytest.raises(psycopg.errors.CheckViolation):  # a node under its own descendant
        db.conn.execute("UPDATE categories SET parent_id = %s WHERE id = %s", (child, parents[child]))


@pytest.mark.postgres
def test_materialized_path_follows_inserts_and_moves(db: SchemaDB) -> None:
    db.run_model(applied(yaml_model(CATEGORIES), "hierarchy", ["categories"], {"strategy": "materialized-path"}))
    parents = _random_tree_ops(db, seed=5)
    for node, path, depth in db.rows("SELECT id, path, depth FROM categories"):
        chain = [a for a, _ in reversed(_ancestors(parents, node))]
        assert path == "/" + "/".join(map(str, chain)) + "/"
        assert depth == len(chain) - 1
    root = next(n for n, p in parents.items() if p is None)
    subtree = sorted(n for n in parents if root in {a for a, _ in _ancestors(parents, n)})
    got = db.rows("SELECT id FROM categories WHERE path LIKE %s ORDER BY id", (f"/{root}/%",))
    assert [r[0] for r in got] == subtree
    child = next(n for n, p in parents.items() if p is not None)
    with pytest.raises(psycopg.errors.CheckViolation):
        db.conn.execute("UPDATE categories SET parent_id = %s WHERE id = %s", (child, parents[child]))


@pytest.mark.postgres
def test_adjacency_refuses_self_parents_and_cycles(db: SchemaDB) -> None:
    db.run_model(applied(yaml_model(CATEGORIES), "hierarchy", ["categories"], {"ordered": "true"}))
    c = db.conn
    c.execute("INSERT INTO categories (id, name, parent_id, sort_order) VALUES (1, 'a', NULL, 0), "
              "(2, 'b', 1, 0), (3, 'c', 2, 0), (4, 'd', 1, 1)")
    with pytest.raises(psycopg.errors.CheckViolation):
        c.execute("UPDATE categories SET parent_id = 1 WHERE id = 1")
    with pytest.raises(psycopg.errors.CheckViolation):
        c.execute("UPDATE categories SET parent_id = 3 WHERE id = 1")
    with pytest.raises(psycopg.errors.RestrictViolation):  # on_delete restrict
        c.execute("DELETE FROM categories WHERE id = 2")
    rows = db.rows("WITH RECURSIVE sub AS (SELECT id FROM categories WHERE id = 1 UNION ALL "
                   "SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub ORDER BY id")
    assert rows == [(1,), (2,), (3,), (4,)]


def test_existing_parent_column_is_reused_and_adjacency_twice_refused() -> None:
    org = sample("org_hierarchy")
    model = applied(org, "hierarchy", ["employees"], {"strategy": "closure-table", "parent_column": "manager_id"})
    assert model.find_entity("employees_closure") is not None
    with pytest.raises(CommandError, match="already an adjacency list"):
        get_pattern("hierarchy").apply(org, ["departments"])
    with pytest.raises(CommandError, match="does not reference the table itself"):
        get_pattern("hierarchy").apply(org, ["employees"], {"strategy": "closure-table",
                                                            "parent_column": "department_id"})


def test_decision_tree_covers_every_answer_with_a_strategy() -> None:
    import itertools

    keys = [q.key for q in DECISION_TREE]
    for combo in itertools.product(*[[v for v, _ in q.choices] for q in DECISION_TREE]):
        rec = recommend(dict(zip(keys, combo, strict=True)))
        assert rec.strategy in ("adjacency", "materialized-path", "closure-table") and rec.reason
        get_pattern("hierarchy").resolve_params(rec.params)  # the parameters are valid ones
    with pytest.raises(CommandError):
        recommend({"depth": "very"})


@pytest.mark.postgres
def test_backfill_notes_rebuild_the_closure_and_paths_of_existing_rows(db: SchemaDB) -> None:
    for strategy, table, query in (
        ("closure-table", "categories_closure",
         "SELECT ancestor_id, descendant_id, depth FROM categories_closure ORDER BY 1, 2, 3"),
        ("materialized-path", None, "SELECT id, path FROM categories ORDER BY id"),
    ):
        plan = get_pattern("hierarchy").plan(yaml_model(CATEGORIES), ["categories"], {"strategy": strategy})
        model = applied(yaml_model(CATEGORIES), "hierarchy", ["categories"], {"strategy": strategy})
        db.conn.execute("DROP TABLE IF EXISTS categories_closure, categories CASCADE")
        db.run_model(model)
        parents = _random_tree_ops(db, seed=11)
        expected = db.rows(query)
        # the same rows as if they predated the pattern: derived data gone, then rebuilt by the notes
        if table:
            db.conn.execute(f"DELETE FROM {table}")
        else:
            db.conn.execute("SET session_replication_role = replica")
            db.conn.execute("UPDATE categories SET path = '/x/'")
            db.conn.execute("RESET session_replication_role")
        (note,) = plan.notes
        db.conn.execute(note)
        assert db.rows(query) == expected and len(expected) >= len(parents)


@pytest.mark.postgres
@pytest.mark.parametrize("strategy", ["adjacency", "materialized-path", "closure-table"])
def test_a_tree_of_tenant_rows_stays_within_its_tenant(db: SchemaDB, strategy: str) -> None:
    import uuid

    model = applied(sample("saas_multitenant"), "hierarchy", ["projects"], {"strategy": strategy})
    projects = model.find_entity("projects")
    assert projects is not None
    assert any(fk.columns == ("tenant_id", "parent_id") for fk in projects.foreign_keys)
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO plans (code, monthly_price) VALUES ('free', 0)")
    c.execute("INSERT INTO tenants (slug, name, plan_id) VALUES ('one', 'One', 1), ('two', 'Two', 1)")
    role = f"tw_app_{uuid.uuid4().hex[:8]}"
    c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS")
    try:
        c.execute(f"GRANT USAGE ON SCHEMA {db.schema} TO {role}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {db.schema} TO {role}")
        roots = {}
        for tenant in (1, 2):
            app = db.connect()
            app.execute(f"SET ROLE {role}")
            app.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tenant),))
            (owner,) = app.execute("INSERT INTO users (tenant_id, email, display_name) VALUES (%s, 'a@x', 'A') "
                                   "RETURNING id", (tenant,)).fetchone()
            new = "INSERT INTO projects (tenant_id, owner_id, name, parent_id) VALUES (%s, %s, %s, %s) RETURNING id"
            (root,) = app.execute(new, (tenant, owner, "root", None)).fetchone()
            (child,) = app.execute(new, (tenant, owner, "child", root)).fetchone()
            (leaf,) = app.execute(new, (tenant, owner, "leaf", child)).fetchone()
            roots[tenant] = (root, owner)
            if strategy == "closure-table":
                below = app.execute("SELECT descendant_id FROM projects_closure WHERE ancestor_id = %s "
                                    "ORDER BY depth", (root,)).fetchall()
                assert [r[0] for r in below] == [root, child, leaf]
                assert app.execute("SELECT DISTINCT tenant_id FROM projects_closure").fetchall() == [(tenant,)]
            elif strategy == "materialized-path":
                (path,) = app.execute("SELECT path FROM projects WHERE id = %s", (leaf,)).fetchone()
                assert path == f"/{root}/{child}/{leaf}/"
            with pytest.raises(psycopg.errors.CheckViolation):  # a cycle is refused
                app.execute("UPDATE projects SET parent_id = %s WHERE id = %s", (leaf, root))
            app.close()
        app = db.connect()
        app.execute(f"SET ROLE {role}")
        app.execute("SET app.tenant_id = '2'")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):  # under tenant 1's root: refused
            app.execute("INSERT INTO projects (tenant_id, owner_id, name, parent_id) VALUES (2, %s, 'x', %s)",
                        (roots[2][1], roots[1][0]))
        app.close()
    finally:
        c.execute(f"DROP OWNED BY {role}")
        c.execute(f"DROP ROLE {role}")


def test_a_tenant_key_without_an_identity_is_refused_with_the_reason() -> None:
    base = sample("saas_multitenant")
    projects = base.find_entity("projects")
    assert projects is not None
    plain = projects.model_copy(update={"attributes": tuple(
        a.model_copy(update={"identity": None}) if a.name == "id" else a for a in projects.attributes)})
    model = base.model_copy(update={"entities": tuple(plain if e.name == "projects" else e for e in base.entities)})
    with pytest.raises(CommandError, match="not an identity"):
        get_pattern("hierarchy").apply(model, ["projects"])
