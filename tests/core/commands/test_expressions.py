"""Renaming identifiers inside SQL text (core.expressions), against hand-written expectations and
a small expression generator that writes the expected text itself."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.expressions import columns_used, rename_columns, rename_tables, rename_view_columns, uses_column
from core.model import EntityKey


@pytest.mark.parametrize(("text", "renames", "expected"), [
    ('"Email" = 1', {"Email": "Mail"}, '"Mail" = 1'),  # quoted: exact match, stays quoted
    ('"Email" = 1', {"email": "mail"}, '"Email" = 1'),  # quoted "Email" is not the column email
    ("EMAIL <> ''", {"email": "mail"}, "mail <> ''"),  # unquoted folds to lower case
    ("email = 'email'", {"email": "mail"}, "mail = 'email'"),  # string literals untouched
    ("lower(lower) > ''", {"lower": "x"}, "lower(x) > ''"),  # function names untouched
    ("other.email = email", {"email": "mail"}, "other.email = mail"),  # another table's column
    ("email_2 + email", {"email": "mail"}, "email_2 + mail"),  # longer names untouched
    ("price  *  qty>0", {"qty": "quantity"}, "price  *  quantity>0"),  # spacing kept
    ("x::numeric(10,2) > 0", {"x": "order"}, '"order"::numeric(10,2) > 0'),  # reserved word quoted
    ("a + b", {"a": "b", "b": "a"}, "b + a"),  # simultaneous swap
    ("x IN (SELECT x FROM t)", {"x": "y"}, "y IN (SELECT x FROM t)"),  # sub-select column untouched
])
def test_rename_columns(text: str, renames: dict[str, str], expected: str) -> None:
    assert rename_columns(text, renames) == expected


@pytest.mark.parametrize("new", ["date", "time", "user", "select", "Mixed", "with space", 'a"b'])
def test_awkward_new_names_still_mean_the_column(new: str) -> None:
    out = rename_columns("lower(x) > '' AND x IS NOT NULL", {"x": new})
    assert columns_used(out) == {new}


def test_text_that_does_not_parse_is_unchanged() -> None:
    assert rename_columns("x >>>> (", {"x": "y"}) == "x >>>> ("
    assert rename_tables("SELEC * FRM t", EntityKey(None, "t"), EntityKey(None, "u"), statement=True) == "SELEC * FRM t"


def test_uses_column() -> None:
    assert uses_column("coalesce(a, b) > 0", "b")
    assert not uses_column("coalesce(a, b2) > 0", "b")
    assert uses_column("EXISTS (SELECT 1 FROM t WHERE t.x = b)", "b")  # conservative inside sub-selects
    assert uses_column("b ~~~ (((", "b")  # does not parse: a word match
    assert not uses_column("bb ~~~ (((", "b")


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT * FROM t JOIN t_archive ON true", "SELECT * FROM u JOIN t_archive ON true"),
    ("SELECT t.a FROM t", "SELECT u.a FROM u"),
    ("SELECT t.a FROM x AS t", "SELECT t.a FROM x AS t"),  # an alias named t is not the table
    ('SELECT * FROM "T"', 'SELECT * FROM "T"'),  # quoted "T" is another table
    ("SELECT * FROM public.t", "SELECT * FROM public.u"),
    ("SELECT * FROM other.t", "SELECT * FROM other.t"),  # same name in another schema
])
def test_rename_tables(sql: str, expected: str) -> None:
    assert rename_tables(sql, EntityKey(None, "t"), EntityKey(None, "u"), statement=True) == expected


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT a FROM t", "SELECT z AS a FROM t"),
    ("SELECT a AS x FROM t WHERE a > 1", "SELECT z AS x FROM t WHERE z > 1"),
    ("SELECT a FROM t JOIN s ON s.id = t.id", "SELECT a FROM t JOIN s ON s.id = t.id"),  # ambiguous: left
    ("SELECT k.a FROM t AS k JOIN s ON s.a = k.a", "SELECT k.z AS a FROM t AS k JOIN s ON s.a = k.z"),
    ("SELECT a FROM s UNION SELECT a FROM t", "SELECT a FROM s UNION SELECT z AS a FROM t"),
    ("SELECT q.a FROM (SELECT a FROM t) AS q", "SELECT q.a FROM (SELECT z AS a FROM t) AS q"),
])
def test_rename_view_columns(sql: str, expected: str) -> None:
    assert rename_view_columns(sql, EntityKey(None, "t"), {"a": "z"}) == expected


# ---- generated expressions: the generator writes both the text and the expected result ----

RESERVED = {"order", "select", "user", "table"}


def ident(name: str) -> str:
    plain = re.fullmatch(r"[a-z_][a-z0-9_]*", name) and name not in RESERVED
    return name if plain else '"' + name.replace('"', '""') + '"'


@st.composite
def expression(draw: st.DrawFn, depth: int = 0) -> tuple[str, str]:
    """(text, text with column a renamed to NEW)."""
    choices = ["col", "lit", "str"] + (["func", "op", "paren", "null"] if depth < 3 else [])
    kind = draw(st.sampled_from(choices))
    if kind == "col":
        name = draw(st.sampled_from(["a", "b", "Mixed", "ab"]))
        spelled = draw(st.sampled_from([ident(name), name.upper()])) if name == "a" else ident(name)
        return spelled, ("{NEW}" if name == "a" else ident(name))
    if kind == "lit":
        n = str(draw(st.integers(0, 999)))
        return n, n
    if kind == "str":
        s = "'" + draw(st.sampled_from(["a", "b", "it''s", ""])) + "'"
        return s, s
    if kind == "func":
        fn = draw(st.sampled_from(["lower", "abs", "a"]))  # a function named a is not the column
        inner = draw(expression(depth + 1))
        return f"{fn}({inner[0]})", f"{fn}({inner[1]})"
    if kind == "paren":
        inner = draw(expression(depth + 1))
        return f"({inner[0]})", f"({inner[1]})"
    if kind == "null":
        inner = draw(expression(depth + 1))
        return f"({inner[0]} IS NULL)", f"({inner[1]} IS NULL)"
    op = draw(st.sampled_from([" + ", " = ", " <> ", " AND ", " OR ", " > ", "||"]))
    left, right = draw(expression(depth + 1)), draw(expression(depth + 1))
    return left[0] + op + right[0], left[1] + op + right[1]


@settings(max_examples=150, deadline=None)
@given(expression(), st.sampled_from(["z", "a2", "Zed", "order", "a b"]))
def test_generated_expressions_rename_exactly_the_column(expr: tuple[str, str], new: str) -> None:
    text, template = expr
    assert rename_columns(text, {"a": new}) == template.replace("{NEW}", ident(new))
