"""polymorphic-fk: a fix (the exclusive arc) when the type's values are listed and name tables."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from core.ddl import generate_ddl
from core.lint import lint_model
from core.lint.antipatterns import type_values
from core.lint.context import context_for
from core.validate import validate_model
from tests.core.lint.cases import TS, model

PARENTS = "".join(
    f"  - name: {name}\n    attributes:\n      - {{name: id, type: bigint, nullable: false, identity: always}}\n"
    f"{TS}    primary_key: {{columns: [id]}}\n" for name in ("posts", "photos", "blog_entries"))


def comments(type_attr: str = "", checks: str = "", nullable: bool = False, head: str = "") -> Any:
    attr = type_attr or "{name: commentable_type, type: text, nullable: false}"
    text = (PARENTS + "  - name: comments\n    attributes:\n"
            "      - {name: id, type: bigint, nullable: false, identity: always}\n"
            f"      - {attr}\n"
            f"      - {{name: commentable_id, type: bigint, nullable: {str(nullable).lower()}}}\n"
            f"{TS}    primary_key: {{columns: [id]}}\n{checks}")
    return model(text, head)


def finding(m: Any) -> Any:
    (found,) = lint_model(m, rules=["polymorphic-fk"]).active
    return found


@pytest.mark.parametrize(("type_attr", "checks", "head", "expected"), [
    ("", "    checks:\n      - {expression: \"commentable_type IN ('post', 'photo')\"}\n", "", ["post", "photo"]),
    ("{name: commentable_type, type: text, nullable: false, check: \"commentable_type IN ('Post','BlogEntry')\"}",
     "", "", ["Post", "BlogEntry"]),
    ("", "    checks:\n      - {expression: \"commentable_type = ANY (ARRAY['post'::text, 'photo'::text])\"}\n", "",
     ["post", "photo"]),
    ("", "    checks:\n      - {expression: \"(commentable_type)::text IN ('o''neil')\"}\n", "", []),  # not a bare column
    ("", "    checks:\n      - {expression: \"commentable_type IN ('post') OR commentable_id < 0\"}\n", "", []),
    ("", "    checks:\n      - {expression: \"commentable_type IN ('post', upper('x'))\"}\n", "", []),  # not all literals
    ("{name: commentable_type, type: target_kind, nullable: false}", "",
     "enums:\n  - {name: target_kind, values: [post, photo]}\n", ["post", "photo"]),
    ("", "", "", []),
])
def test_type_values_come_from_an_enum_or_a_plain_in_list(type_attr: str, checks: str, head: str,
                                                          expected: list[str]) -> None:
    m = comments(type_attr, checks, head=head)
    entity = m.find_entity("comments")
    assert entity is not None
    assert type_values(context_for(m), entity, "commentable_type") == expected


@pytest.mark.parametrize(("checks", "fixable"), [
    ("    checks:\n      - {expression: \"commentable_type IN ('Post', 'Photo', 'BlogEntry')\"}\n", True),
    ("    checks:\n      - {expression: \"commentable_type IN ('post', 'video')\"}\n", False),  # no videos table
    ("", False),  # values unknown
])
def test_the_fix_is_offered_only_when_every_value_names_a_table(checks: str, fixable: bool) -> None:
    f = finding(comments(checks=checks))
    assert (f.fix is not None) is fixable
    assert ("the fix makes it an exclusive arc" in f.message) is fixable


@pytest.mark.postgres
@pytest.mark.parametrize("nullable", [False, True])
def test_the_exclusive_arc_fix_clears_the_finding_and_its_ddl_enforces_the_arc(nullable: bool, pg_conn: Any) -> None:
    bad = comments(checks="    checks:\n      - {expression: \"commentable_type IN ('Post', 'BlogEntry')\"}\n",
                   nullable=nullable)
    f = finding(bad)
    assert f.fix is not None
    fixed, undo = f.fix.apply(bad)
    assert undo.apply(fixed)[0] == bad
    assert lint_model(fixed, rules=["polymorphic-fk"]).active == ()
    assert validate_model(fixed) == []
    entity = fixed.find_entity("comments")
    assert entity is not None and {fk.references for fk in entity.foreign_keys} == {"posts", "blog_entries"}
    assert entity.attribute("commentable_type") is None and entity.attribute("commentable_id") is None
    pg_conn.execute(generate_ddl(fixed).sql)
    pg_conn.execute("INSERT INTO posts DEFAULT VALUES; INSERT INTO blog_entries DEFAULT VALUES")
    pg_conn.execute("INSERT INTO comments (post_id) VALUES (1)")
    with pytest.raises(psycopg.errors.CheckViolation):
        pg_conn.execute("INSERT INTO comments (post_id, blog_entry_id) VALUES (1, 1)")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        pg_conn.execute("INSERT INTO comments (blog_entry_id) VALUES (42)")
    if nullable:  # an optional association: no parent is allowed
        pg_conn.execute("INSERT INTO comments DEFAULT VALUES")
    else:
        with pytest.raises(psycopg.errors.CheckViolation):
            pg_conn.execute("INSERT INTO comments DEFAULT VALUES")
