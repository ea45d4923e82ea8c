"""SQL inside the model (expressions, column types) is checked by validation (core.validate_sql).

Oracles: PostgreSQL's own parser (pglast, a test-only dependency) for expressions, and a real
PostgreSQL server for column types; the audit's files (issue 2 / issue 3) for the messages.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.cli import main
from core.errors import LoadError
from core.model import Attribute, DataModel, Entity, EnumType
from core.storage import load, loads
from core.validate import validate_model
from core.validate_sql import _parse_error, sql_problems, type_problem, type_warning, type_warnings
from tests.conftest import sample_model_paths

HEAD = "format_version: 1\nname: t\n"


def _problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        loads(HEAD + textwrap.dedent(text), "m.yaml")
    return [str(p) for p in info.value.problems]


def test_audit_expressions_are_located_errors() -> None:
    """Issue 2/3 audit (ex.yaml): a broken check, default and partial-index predicate."""
    found = _problems("""\
        entities:
          - name: t
            attributes:
              - {name: id, type: bigint, nullable: false}
              - {name: qty, type: integer, check: "qty >"}
              - {name: q2, type: integer, default: "1 +"}
            primary_key: {columns: [id]}
            indexes:
              - {columns: [qty], where: "qty >"}
        """)
    assert found == [
        'm.yaml:7: entities[t].attributes[qty].check: the check "qty >" is not valid SQL: an operand is '
        'missing after ">"; complete the expression',
        'm.yaml:8: entities[t].attributes[q2].default: the default "1 +" is not valid SQL: an operand is '
        'missing after "+"; complete the expression',
        'm.yaml:11: entities[t].indexes[0]: the index predicate (where) "qty >" is not valid SQL: an operand '
        'is missing after ">"; complete the expression',
    ]


def test_audit_types_are_located_errors() -> None:
    found = _problems("""\
        entities:
          - name: t
            attributes:
              - {name: id, type: bigint, nullable: false}
              - {name: a, type: varchar(0)}
              - {name: b, type: 'numeric(2000,2)'}
              - {name: c, type: int(11)}
            primary_key: {columns: [id]}
        """)
    assert len(found) == 3
    assert found[0].startswith("m.yaml:7: entities[t].attributes[a].type: varchar(0): the length")
    assert found[1].startswith("m.yaml:8: entities[t].attributes[b].type: numeric(2000,2): the precision")
    assert found[2].startswith("m.yaml:9: entities[t].attributes[c].type: int(11): int takes no parameters")


def test_every_place_that_holds_an_expression_is_checked() -> None:
    found = _problems("""\
        functions:
          - {name: f, body: "BEGIN RETURN NEW; END"}
        entities:
          - name: t
            attributes:
              - {name: id, type: bigint, nullable: false}
              - {name: a, type: integer, generated: "id *"}
              - {name: r, type: tstzrange}
            primary_key: {columns: [id]}
            checks:
              - {name: c1, expression: "a <> 1 AND"}
            indexes:
              - {name: i1, columns: [{expression: "lower(a"}]}
            exclusions:
              - {name: x1, elements: [{expression: "r ||", operator: "&&"}], where: "a IN (1,"}
            rls:
              enabled: true
              policies:
                - {name: p1, using: "a = (1", with_check: "CASE WHEN a THEN 1"}
            triggers:
              - {name: t1, function: f, timing: before, events: [update], when: "NEW.a >"}
        """)
    places = [p.split(": ")[1] for p in found]
    assert places == ["entities[t].attributes[a].generated", "entities[t].checks[c1]", "entities[t].indexes[i1]",
                      "entities[t].exclusions[x1]", "entities[t].exclusions[x1]", "entities[t].rls.policies[p1]",
                      "entities[t].rls.policies[p1]", "entities[t].triggers[t1]"], found
    assert "a parenthesis or bracket is not closed" in found[2]
    assert "CASE is not closed by END" in found[6]
    assert [int(p.split(":")[1]) for p in found] == [9, 13, 15, 17, 17, 21, 21, 23]


@pytest.mark.parametrize(("text", "why"), [
    ("a b", 'two values stand side by side ("a b")'),
    ("select 1", "a statement, not an expression"),
    ("a; drop table t", "more than one statement"),
    ("'abc", "a quoted string or name is not closed"),
    ("order >= 0", '"order" is a reserved word'),
    ("", "it is empty"),
])
def test_messages_say_what_is_wrong(text: str, why: str) -> None:
    assert why in (_parse_error(text) or "")


#: Valid PostgreSQL expressions of every shape the models use (each also accepted by pglast).
VALID = [
    "price >= 0", "lower(email)", "now()", "'EUR'", "status = 'pending' OR placed_at IS NOT NULL",
    "email ~ '^[^@[:space:]]+@[^@[:space:]]+$'", "nextval('s'::regclass)", "a @> b", "a && b", "ARRAY[1, 2]",
    "status = ANY (ARRAY['a', 'b'])", "tsrange(a, b, '[)')", "doc -> 'x' ->> 'y'", 'name COLLATE "C"',
    "a OPERATOR(pg_catalog.=) b", "EXTRACT(year FROM created_at)", "interval '1 day'",
    "created_at AT TIME ZONE 'UTC'", "tenant_id = current_setting('app.tenant')::bigint",
    "NEW.status IS DISTINCT FROM OLD.status", "a.order > 0", "coalesce(a, 0) + 1",
    "CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END", "EXISTS (SELECT 1 FROM t WHERE t.id = x)", "'{}'::jsonb",
    "gen_random_uuid()", "-1", "1.5e3", "x BETWEEN 1 AND 10", "char_length(code) <= 250", "(a IS NULL) = (b IS NULL)",
    "embedding <=> '[1,2,3]'", "to_tsvector('english', body)", "date_trunc('day', created_at)", "true", "NULL",
]


def _pg_accepts(expression: str) -> bool:
    import pglast

    try:
        pglast.parse_sql(f"CREATE TABLE t (c int CHECK ({expression}))")
    except Exception:
        return False
    return True


@pytest.mark.parametrize("text", VALID)
def test_valid_expressions_pass(text: str) -> None:
    assert _pg_accepts(text)
    assert _parse_error(text) is None


def _tokens(text: str) -> list[str]:
    import re

    return re.findall(r"'(?:[^']|'')*'|\w+|::|<=|>=|<>|->>|->|[^\s\w]", text)


def _unbalanced(text: str) -> bool:
    import re

    bare = re.sub(r"'(?:[^']|'')*'", "''", text)
    return bare.count("(") != bare.count(")") or bare.count("[") != bare.count("]")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(VALID), st.data())
def test_broken_expressions_agree_with_postgres(text: str, data: st.DataObject) -> None:
    """Cut, drop or double a token of a valid expression: whatever PostgreSQL's parser accepts
    passes, and a truncated or unbalanced one that PostgreSQL refuses is reported."""
    toks = _tokens(text)
    i = data.draw(st.integers(0, len(toks) - 1))
    how = data.draw(st.sampled_from(["cut", "drop", "double"]))
    if how == "cut":
        broken = " ".join(toks[:i])
    elif how == "drop":
        broken = " ".join(toks[:i] + toks[i + 1:])
    else:
        broken = " ".join(toks[:i + 1] + toks[i:])
    ours = _parse_error(broken) is None
    pg = _pg_accepts(broken)
    if pg:
        assert ours, f"refused a valid expression: {broken!r}: {_parse_error(broken)}"
    elif how == "cut" or _unbalanced(broken):
        assert not ours, f"accepted {broken!r}, which PostgreSQL refuses"


#: Types and whether PostgreSQL 15+ accepts them (checked against the server below).
TYPES = [
    ("varchar(0)", False), ("varchar(1)", True), ("varchar(10485760)", True), ("varchar(10485761)", False),
    ("numeric(2000,2)", False), ("numeric(1000,2)", True), ("numeric(0)", False), ("numeric(10,-2)", True),
    ("numeric(2,5)", True), ("numeric(12,2,1)", False), ("decimal(5)", True), ("int(11)", False),
    ("integer(11)", False), ("text(5)", False), ("char(0)", False), ("character varying(20)", True),
    ("bit(0)", False), ("bit varying(5)", True), ("float(53)", True), ("float(54)", False), ("float(0)", False),
    ("timestamp(3) with time zone", True), ("time(2) without time zone", True), ("timestamptz(6)", True),
    ("timestamp(-1)", False), ("interval day to second(3)", True), ("interval(3)", True), ("double precision[]", True),
    ("text[][]", True), ("integer array", True), ("int[3]", True), ("vector(0)", False), ("vector(3)", True),
    ("vector(16001)", False), ("halfvec(3)", True), ("numeric(12,", False), ("numeric(x)", False),
    ("bpchar(3)", True), ("jsonb", True), ("int4range", True), ("pg_catalog.varchar(0)", False),
    ("text with time zone", False), ("macaddr8", True), ("tsquery", True), ("pg_lsn", True),
]


@pytest.mark.parametrize(("text", "ok"), TYPES)
def test_type_rules(text: str, ok: bool) -> None:
    assert (type_problem(text) is None) == ok, type_problem(text)
    if ok:
        assert type_warning(text, frozenset(), frozenset()) is None


def test_type_rules_agree_with_a_real_postgresql(pg_conn: Any) -> None:
    pg_conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    for text, ok in TYPES:
        try:
            with pg_conn.transaction():
                pg_conn.execute(f"CREATE TABLE probe (c {text})")
                raise _Rollback
        except _Rollback:
            accepted = True
        except Exception:
            accepted = False
        assert accepted == ok, text


class _Rollback(Exception):
    pass


def test_unknown_types_are_warnings_not_errors() -> None:
    """A type PostgreSQL may have (a domain made elsewhere) is not refused, but it is warned of,
    with the type that was probably meant."""
    attrs = (Attribute(name="a", type="strnig"), Attribute(name="b", type="datetime"), Attribute(name="c", type="intger"),
             Attribute(name="d", type="mood"), Attribute(name="e", type="public.domain_t"), Attribute(name="f", type='"Odd"'),
             Attribute(name="g", type="geometry(Point, 4326)"), Attribute(name="h", type="mood[]"))
    m = DataModel(entities=(Entity(name="t", attributes=attrs),), enums=(EnumType(name="mood", values=("x",)),))
    assert validate_model(m) == []
    warned = {p.path[3]: p.message for p in type_warnings(m)}
    assert sorted(warned) == [0, 1, 2]
    assert '(did you mean "text"?)' in warned[0]
    assert "PostgreSQL calls it timestamp" in warned[1]
    assert '(did you mean "integer"?)' in warned[2]
    assert all(p.severity == "warning" for p in type_warnings(m))
    # an extension whose types are unknown here may define any name
    assert type_warnings(m.model_copy(update={"extensions": ("my_ext",)})) == []
    assert len(type_warnings(m.model_copy(update={"extensions": ("vector",)}))) == 3


def test_validate_cli_prints_warnings_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + "entities:\n  - name: t\n    attributes:\n      - {name: id, type: strnig}\n")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f'{path}:6: warning: entities[t].attributes[id].type: unknown type "strnig"' in out
    assert out.rstrip().endswith("ok (1 entity), 1 warning(s)")
    assert main(["validate", "--json", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert [(p["line"], p["severity"]) for p in report["files"][0]["problems"]] == [(6, "warning")]


def test_broken_sql_never_reaches_ddl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + "entities:\n  - name: t\n    attributes:\n      - {name: id, type: int, check: 'id >'}\n")
    assert main(["ddl", str(path)]) != 0
    out, err = capsys.readouterr()
    assert "CREATE TABLE" not in out
    assert f'{path}:6: entities[t].attributes[id].check: the check "id >"' in out + err
    assert "Traceback" not in err


@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_sample_models_have_no_sql_problems_or_warnings(path: Path) -> None:
    model = load(path).model
    assert sql_problems(model) == []
    assert type_warnings(model) == []


def test_ddl_warns_of_unknown_types_at_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + "entities:\n  - name: t\n    attributes:\n      - {name: id, type: bigint}\n"
                    "      - {name: at, type: datetime}\n")
    assert main(["ddl", str(path)]) == 0
    out, err = capsys.readouterr()
    assert f'warning: {path}:7: entities[t].attributes[at].type: type "datetime" is not a PostgreSQL type' in err
    assert "CREATE TABLE" in out
    assert main(["ddl", str(path), "-d", "sqlite"]) == 0  # other dialects map types their own way
    assert "datetime" not in capsys.readouterr().err
