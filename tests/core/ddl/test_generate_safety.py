"""Identifiers, literals and the user's SQL fragments can never break out of their statement.

PostgreSQL's own parser (pglast, a test-only oracle) counts the statements of generated DDL: a
fragment that our checks accept must leave the statement count unchanged, whatever it holds.
"""

from __future__ import annotations

import sqlite3

import duckdb
import pytest
import sqlglot
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_generate_models import HOSTILE_NAMES, A

from core.ddl import fragments as frag
from core.ddl import generate_ddl, quote_ident
from core.ddl.identifiers import check_name, dialect_name, needs_quoting
from core.errors import DDLError
from core.model import CheckConstraint, DataModel, Entity, EnumType, Index, IndexKey, View
from core.validate import identifier_problem

pglast = pytest.importorskip("pglast")

SQLISH = st.text(st.sampled_from(list("ab1 '\"();-/*$\\E,\n=<>[]{}|")), min_size=1, max_size=14)


def _model(**attr: object) -> DataModel:
    e = Entity(name="t", attributes=(A("a", "integer", **attr), A("b", "text")))
    return DataModel(name="m", entities=(e,))


def _statements(sql: str) -> int | None:
    try:
        return len(pglast.parse_sql(sql))
    except pglast.parser.ParseError:
        return None


BASELINE = _statements(generate_ddl(_model(default="1", check="a > 0")).sql)


@settings(max_examples=400, deadline=None)
@given(text=SQLISH, field=st.sampled_from(["default", "check", "generated"]))
def test_accepted_fragments_never_add_a_statement(text: str, field: str) -> None:
    try:
        sql = generate_ddl(_model(**{field: text})).sql
    except DDLError:
        return  # refused, with a message: fine
    assert _statements(sql) in (BASELINE, None)


@settings(max_examples=200, deadline=None)
@given(text=SQLISH)
def test_accepted_index_predicates_and_checks_never_add_a_statement(text: str) -> None:
    e = Entity(name="t", attributes=(A("a", "integer"),), checks=(CheckConstraint(expression="a > 0"),),
               indexes=(Index(columns=("a",), where="a > 0"),))
    base = _statements(generate_ddl(DataModel(entities=(e,))).sql)
    for changed in (e.model_copy(update={"checks": (CheckConstraint(expression=text),)}),
                    e.model_copy(update={"indexes": (Index(columns=(IndexKey(expression=text),), where=text),)})):
        try:
            sql = generate_ddl(DataModel(entities=(changed,))).sql
        except DDLError:
            continue
        assert _statements(sql) in (base, None)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1))
def test_names_notes_and_enum_values_never_add_a_statement(text: str) -> None:
    """Any text as a name, note, model name or enum value: quoted or escaped, never live SQL."""
    if len(text.encode()) > 63:
        text = text[:15]
    assume(identifier_problem(text) is None)
    e = Entity(name=text, note=text, attributes=(A(text, "integer", note=text),))
    model = DataModel(name=text, entities=(e,), enums=(EnumType(name="en", values=(text,), note=text),))
    base = DataModel(name="x", entities=(Entity(name="x", note="x", attributes=(A("x", "integer", note="x"),)),),
                     enums=(EnumType(name="en", values=("x",), note="x"),))
    assert _statements(generate_ddl(model).sql) == _statements(generate_ddl(base).sql)


@pytest.mark.parametrize("text", [
    "1; DROP TABLE users", "0); DROP TABLE users; --", "now() -- comment", "1 /* open comment",
    "'unterminated", "a) OR (1=1", "$$ ; $$ ; select 1", "(a", "a > 0;",
])
def test_break_out_attempts_are_refused_with_their_location(text: str) -> None:
    with pytest.raises(DDLError, match=r"entities\[t\]\.attributes\[a\]\.check"):
        generate_ddl(_model(check=text))


@pytest.mark.parametrize("text", ["';'", "$$;$$", '"semi;colon" > 0', "E'\\';' <> ''"])
def test_semicolons_inside_strings_and_quoted_names_are_fine(text: str) -> None:
    assert frag.expression(text, "w") == text


def test_a_default_cannot_add_a_column() -> None:
    with pytest.raises(DDLError, match="comma"):
        generate_ddl(_model(default="0, evil int"))
    assert frag.expression("coalesce(a, 0)", "w", top_level_comma=False) == "coalesce(a, 0)"


@pytest.mark.parametrize("type_", ["int); DROP TABLE x; --", "text -- x", "int[]; select", "text, evil int"])
def test_types_that_are_not_types_are_refused(type_: str) -> None:
    with pytest.raises(DDLError, match=r"attributes\[a\]\.type"):
        generate_ddl(DataModel(entities=(Entity(name="t", attributes=(A("a", type_),)),)))


def test_view_queries_are_one_statement() -> None:
    ok = DataModel(views=(View(name="v", sql="SELECT 1 AS x;  \n"),))
    assert "CREATE VIEW v AS\nSELECT 1 AS x;" in generate_ddl(ok).sql
    bad = DataModel(views=(View(name="v", sql="SELECT 1; DROP TABLE t"),))
    with pytest.raises(DDLError, match=r"views\[v\]\.sql"):
        generate_ddl(bad)


def test_a_trailing_comment_in_a_view_cannot_swallow_the_semicolon() -> None:
    model = DataModel(views=(View(name="v", sql="SELECT 1 AS x -- one"), View(name="w", sql="SELECT 2 AS y")))
    assert _statements(generate_ddl(model).sql) == 2


@pytest.mark.parametrize("name,problem", [("x" * 64, "64 bytes"), ("é" * 32, "64 bytes"), ("", "empty"),
                                          ("a\x00b", "NUL")])
def test_names_postgres_cannot_hold_are_errors_not_truncations(name: str, problem: str) -> None:
    with pytest.raises(DDLError, match=problem):
        generate_ddl(DataModel(entities=(Entity(name="t", attributes=(A(name, "int"),)),)))
    with pytest.raises(DDLError, match=problem):
        generate_ddl(DataModel(entities=(Entity(name=name, attributes=(A("a", "int"),)),)), "sqlite")


def test_exactly_63_bytes_is_allowed() -> None:
    for name in ("x" * 63, "é" * 31 + "x"):
        assert check_name(name, "w") == name
        assert name in generate_ddl(DataModel(entities=(Entity(name=name, attributes=(A("a", "int"),)),))).sql


def _plain_pg(name: str) -> bool:
    """The test's own statement of PostgreSQL's rule: lower-case letters, digits, underscores,
    not starting with a digit, and not a key word (a few checked here by hand)."""
    import re

    return re.fullmatch(r"[a-z_][a-z0-9_]*", name) is not None and name not in {
        "select", "order", "user", "table", "group", "end", "check", "from", "where", "int", "time"}


@pytest.mark.parametrize("name", [*HOSTILE_NAMES, "orders", "created_at", "_x", "from", "int", "time", "name"])
def test_postgres_quotes_exactly_when_needed(name: str) -> None:
    assert needs_quoting(name) == (not _plain_pg(name))
    if not needs_quoting(name):
        assert quote_ident(name) == name
    else:
        assert quote_ident(name) == '"' + name.replace('"', '""') + '"'


def _sqlite_names(name: str) -> tuple[str, str]:
    conn = sqlite3.connect(":memory:")
    q = quote_ident(name, "sqlite")
    conn.execute(f"CREATE TABLE {q} ({q} INTEGER)")
    table = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    column = conn.execute("SELECT name FROM pragma_table_info(?)", (name,)).fetchone()
    return table, column[0]


@pytest.mark.parametrize("name", [n for n in HOSTILE_NAMES if not n.lower().startswith("sqlite")])
def test_hostile_names_survive_sqlite_and_duckdb(name: str) -> None:
    assert _sqlite_names(name) == (name, name)
    conn = duckdb.connect()
    q = quote_ident(name, "duckdb")
    conn.execute(f"CREATE TABLE {q} ({q} INTEGER)")
    assert conn.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall() == [
        (name, name)]


@pytest.mark.parametrize("dialect", ["mysql", "tsql", "oracle"])
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_parse_back_in_sqlglot_dialects(dialect: str, name: str) -> None:
    q = quote_ident(name, dialect)
    tree = sqlglot.parse_one(f"CREATE TABLE {q} ({q} INT)", read=dialect)
    assert tree.this.this.name == name
    assert tree.this.expressions[0].name == name


def test_unknown_dialects_are_refused_with_the_choices() -> None:
    assert dialect_name("PostgreSQL") == "postgres" and dialect_name("mssql") == "tsql"
    with pytest.raises(DDLError, match="choose one of: postgres, mysql"):
        generate_ddl(DataModel(), "db2")
