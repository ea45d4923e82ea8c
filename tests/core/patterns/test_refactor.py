"""Polymorphic refactorings, many-to-many and graph-edges on a real PostgreSQL."""

from __future__ import annotations

import psycopg
import pytest

from core.errors import CommandError
from core.patterns import get_pattern
from tests.core.patterns.conftest import SchemaDB
from tests.core.patterns.helpers import applied, sample, yaml_model

COMMENTS = """
entities:
  - name: posts
    attributes:
      - {name: id, type: bigint, nullable: false, identity: by default}
      - {name: title, type: text, nullable: false}
    primary_key: {columns: [id]}
  - name: photos
    attributes:
      - {name: id, type: bigint, nullable: false, identity: by default}
      - {name: url, type: text, nullable: false}
    primary_key: {columns: [id]}
  - name: comments
    attributes:
      - {name: id, type: bigint, nullable: false, identity: by default}
      - {name: commentable_type, type: text, nullable: false}
      - {name: commentable_id, type: bigint, nullable: false}
      - {name: body, type: text, nullable: false}
    primary_key: {columns: [id]}
    indexes:
      - {columns: [commentable_type, commentable_id]}
"""
TYPES = {"types": "post:posts,photo:photos"}


@pytest.mark.postgres
def test_exclusive_arc_checks_every_reference_and_migrates_data(db: SchemaDB) -> None:
    old = yaml_model(COMMENTS)
    plan = get_pattern("polymorphic-to-exclusive-arc").plan(old, ["comments"], TYPES)
    new = applied(old, "polymorphic-to-exclusive-arc", ["comments"], TYPES)
    assert new.find_entity("comments").attribute("commentable_type") is None  # type: ignore[union-attr]
    # the old schema with data, migrated by the plan's migration SQL
    db.run_model(old)
    c = db.conn
    c.execute("INSERT INTO posts (id, title) VALUES (1, 'p'); INSERT INTO photos (id, url) VALUES (1, 'u'), (2, 'v')")
    c.execute("INSERT INTO comments (commentable_type, commentable_id, body) VALUES "
              "('post', 1, 'on post'), ('photo', 2, 'on photo')")
    (migration,) = plan.notes
    c.execute(migration)
    assert db.rows("SELECT body, post_id, photo_id FROM comments ORDER BY id") == [
        ("on post", 1, None), ("on photo", None, 2)]
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        c.execute("INSERT INTO comments (body, post_id) VALUES ('x', 99)")
    with pytest.raises(psycopg.errors.CheckViolation):
        c.execute("INSERT INTO comments (body, post_id, photo_id) VALUES ('x', 1, 1)")
    with pytest.raises(psycopg.errors.CheckViolation):
        c.execute("INSERT INTO comments (body) VALUES ('x')")


@pytest.mark.postgres
def test_exclusive_arc_model_runs_and_cascades(db: SchemaDB) -> None:
    db.run_model(applied(yaml_model(COMMENTS), "polymorphic-to-exclusive-arc", ["comments"], TYPES))
    c = db.conn
    c.execute("INSERT INTO posts (id, title) VALUES (1, 'p')")
    c.execute("INSERT INTO comments (body, post_id) VALUES ('a', 1)")
    c.execute("DELETE FROM posts")
    assert db.rows("SELECT count(*) FROM comments") == [(0,)]


@pytest.mark.postgres
def test_shared_parent_pins_kinds_and_references_the_supertype(db: SchemaDB) -> None:
    db.run_model(applied(yaml_model(COMMENTS), "polymorphic-to-shared-parent", ["comments"], TYPES))
    c = db.conn
    c.execute("INSERT INTO commentables (id, kind) VALUES (10, 'post'), (11, 'photo')")
    c.execute("INSERT INTO posts (title, commentable_id) VALUES ('p', 10)")
    c.execute("INSERT INTO photos (url, commentable_id) VALUES ('u', 11)")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):  # a photo cannot take a post's parent row
        c.execute("INSERT INTO commentables (id, kind) VALUES (12, 'post');"
                  "INSERT INTO photos (url, commentable_id) VALUES ('v', 12)")
    with pytest.raises(psycopg.errors.UniqueViolation):  # one post per parent row
        c.execute("INSERT INTO posts (title, commentable_id) VALUES ('q', 10)")
    c.execute("INSERT INTO comments (body, commentable_id) VALUES ('on post', 10), ('on photo', 11)")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        c.execute("INSERT INTO comments (body, commentable_id) VALUES ('dangling', 99)")
    rows = db.rows("SELECT c.body, p.title FROM comments c JOIN commentables s ON s.id = c.commentable_id "
                   "LEFT JOIN posts p ON p.commentable_id = s.id ORDER BY c.id")
    assert rows == [("on post", "p"), ("on photo", None)]


@pytest.mark.parametrize("pattern", ["polymorphic-to-exclusive-arc", "polymorphic-to-shared-parent"])
def test_an_optional_association_stays_optional(pattern: str) -> None:
    required = applied(yaml_model(COMMENTS), pattern, ["comments"], TYPES).find_entity("comments")
    optional_model = yaml_model(COMMENTS.replace("{name: commentable_id, type: bigint, nullable: false}",
                                                 "{name: commentable_id, type: bigint}"))
    optional = applied(optional_model, pattern, ["comments"], TYPES).find_entity("comments")
    assert required is not None and optional is not None
    if pattern.endswith("arc"):
        assert [c.expression.split(")")[1] for c in required.checks] == [" = 1"]
        assert [c.expression.split(")")[1] for c in optional.checks] == [" <= 1"]
    else:
        assert required.attribute("commentable_id").nullable is False  # type: ignore[union-attr]
        assert optional.attribute("commentable_id").nullable is True  # type: ignore[union-attr]


def test_polymorphic_refusals() -> None:
    model = yaml_model(COMMENTS)
    with pytest.raises(CommandError, match="needs the parameter"):
        get_pattern("polymorphic-to-exclusive-arc").apply(model, ["comments"])
    with pytest.raises(CommandError, match="no <x>_type"):
        get_pattern("polymorphic-to-exclusive-arc").apply(model, ["posts"], TYPES)
    with pytest.raises(CommandError, match='entity "videos" does not exist'):
        get_pattern("polymorphic-to-shared-parent").apply(model, ["comments"], {"types": "v:videos"})


@pytest.mark.postgres
def test_many_to_many_holds_each_pair_once(db: SchemaDB) -> None:
    model = applied(sample("library"), "many-to-many", ["members", "authors"], {"name": "favourite_authors"})
    model = applied(model, "many-to-many", ["members"])
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO members (card_number, full_name, joined_on, expires_on) VALUES "
              "('a', 'A', '2024-01-01', '2030-01-01'), ('b', 'B', '2024-01-01', '2030-01-01')")
    c.execute("INSERT INTO authors (full_name, sort_name) VALUES ('X', 'X')")
    c.execute("INSERT INTO favourite_authors (member_id, author_id) VALUES (1, 1), (2, 1)")
    with pytest.raises(psycopg.errors.UniqueViolation):
        c.execute("INSERT INTO favourite_authors (member_id, author_id) VALUES (1, 1)")
    c.execute("INSERT INTO member_relations (member_id, related_member_id) VALUES (1, 2)")
    with pytest.raises(psycopg.errors.CheckViolation):
        c.execute("INSERT INTO member_relations (member_id, related_member_id) VALUES (1, 1)")
    c.execute("DELETE FROM authors")
    assert db.rows("SELECT count(*) FROM favourite_authors") == [(0,)]
    c.execute("SET enable_seqscan = off")
    plan = "\n".join(r[0] for r in db.rows("EXPLAIN SELECT member_id FROM favourite_authors WHERE author_id = 1"))
    assert "favourite_authors_reverse" in plan


@pytest.mark.postgres
def test_graph_edges_uniqueness_loops_and_traversal(db: SchemaDB) -> None:
    model = applied(yaml_model(""), "graph-edges")
    model = applied(model, "graph-edges", params={"edges": "friendships", "directed": "false"})
    db.run_model(model)
    c = db.conn
    c.execute("INSERT INTO nodes (id, kind) SELECT g, 'person' FROM generate_series(1, 5) g")
    c.execute("INSERT INTO edges (source_id, target_id, kind) VALUES (1, 2, 'follows'), (2, 3, 'follows'), "
              "(3, 4, 'follows'), (1, 2, 'blocks')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        c.execute("INSERT INTO edges (source_id, target_id, kind) VALUES (1, 2, 'follows')")
    with pytest.raises(psycopg.errors.CheckViolation):
        c.execute("INSERT INTO edges (source_id, target_id) VALUES (5, 5)")
    reach = db.rows("WITH RECURSIVE r(id) AS (SELECT 1::bigint UNION SELECT e.target_id FROM edges e JOIN r "
                    "ON e.source_id = r.id WHERE e.kind = 'follows') SELECT id FROM r ORDER BY id")
    assert reach == [(1,), (2,), (3,), (4,)]
    with pytest.raises(psycopg.errors.CheckViolation):  # undirected: one order per pair
        c.execute("INSERT INTO friendships (source_id, target_id) VALUES (2, 1)")
    c.execute("SET enable_seqscan = off")
    plan = "\n".join(r[0] for r in db.rows("EXPLAIN SELECT source_id FROM edges WHERE target_id = 3"))
    assert "edges_reverse" in plan
