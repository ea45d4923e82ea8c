"""``lint --fix all`` reaches a fixpoint: fixes never undo each other round after round, a second
``--fix all`` changes nothing, and the fixed model validates and its DDL runs on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from core.commands import UpdateAttribute
from core.ddl import generate_ddl
from core.ddl.check import check_model
from core.ddl.parse import import_file
from core.lint import RULES, apply_fixes, lint_model
from core.lint.context import LintContext, length_limit
from core.lint.finding import Hit
from core.lint.registry import Rule
from core.model import DataModel, Entity
from core.storage import load
from core.validate import validate_model
from tests.conftest import corpus_path, sample_model_paths
from tests.core.lint.cases import TS, model

ALL = list(RULES)


def table(name: str, *columns: str) -> str:
    attrs = "".join(f"      - {c}\n" for c in columns)
    return (f"  - name: {name}\n    attributes:\n      - {{name: id, type: bigint, nullable: false, identity: always}}\n"
            f"{attrs}{TS}    primary_key: {{columns: [id]}}\n")


#: The audit's repro: two noted varchar(250) columns and one without a note.
CONTENT_TYPES = model(table("notes", "{name: content_type, type: varchar(250), note: mime}")
                      + table("files", "{name: content_type, type: varchar(250), note: mime}")
                      + table("pages", "{name: content_type, type: varchar(250)}"))


def _column(m: DataModel, entity: str, column: str) -> Any:
    e = m.entity(entity)
    assert e is not None
    a = e.attribute(column)
    assert a is not None
    return a


def test_prefer_text_and_majority_type_do_not_undo_each_other() -> None:
    out = apply_fixes(CONTENT_TYPES, ALL)
    assert out.failed == ()
    assert out.rounds <= 3
    pages = _column(out.model, "pages", "content_type")
    assert (pages.type, length_limit(pages)) == ("text", 250)  # the limit kept, as one CHECK
    assert pages.check.count("char_length") == 1
    assert not lint_model(out.model, rules=["same-name-different-type", "prefer-text"]).active
    again = apply_fixes(out.model, ALL)
    assert again.applied == () and again.model == out.model


def test_prefer_text_does_not_add_a_limit_check_already_there() -> None:
    m = model(table("pages", "{name: code, type: varchar(20), check: char_length(code) <= 20}"))
    (f,) = lint_model(m, rules=["prefer-text"]).active
    assert f.fix is not None
    fixed = _column(f.fix.apply(m)[0], "pages", "code")
    assert (fixed.type, fixed.check) == ("text", "char_length(code) <= 20")
    # a looser CHECK does not hold the limit: the limit is added
    loose = model(table("pages", "{name: code, type: varchar(20), check: char_length(code) <= 90}"))
    (f,) = lint_model(loose, rules=["prefer-text"]).active
    assert f.fix is not None
    assert length_limit(_column(f.fix.apply(loose)[0], "pages", "code")) == 20


def test_a_text_column_with_its_limit_in_a_check_counts_as_varchar() -> None:
    m = model(table("a", "{name: code, type: varchar(8), note: ISO}") + table("b", "{name: code, type: varchar(8), note: ISO}")
              + table("c", "{name: code, type: text, check: char_length(code) <= 8}"))
    assert not lint_model(m, rules=["same-name-different-type"]).active
    other = model(table("a", "{name: code, type: varchar(8), note: ISO}") + table("b", "{name: code, type: varchar(8), note: ISO}")
                  + table("c", "{name: code, type: text, check: char_length(code) <= 9}"))
    (f,) = lint_model(other, rules=["same-name-different-type"]).active
    assert f.fix is None and "CHECK" in f.message  # changing the type back would undo prefer-text


@pytest.mark.parametrize(("mine", "usual", "fixable"), [
    ("bigint", "integer", False), ("integer", "bigint", True), ("text", "varchar(40)", False),
    ("varchar(40)", "varchar(20)", False), ("varchar(20)", "varchar(40)", True), ("varchar(40)", "text", True),
    ("numeric(19,4)", "numeric(10,2)", False), ("numeric(10,2)", "numeric(19,4)", True),
])
def test_the_majority_type_fix_never_narrows_a_column(mine: str, usual: str, fixable: bool) -> None:
    m = model(table("a", f"{{name: v, type: '{usual}', note: x}}") + table("b", f"{{name: v, type: '{usual}', note: x}}")
              + table("c", f"{{name: v, type: '{mine}', note: x}}"))
    (f,) = lint_model(m, rules=["same-name-different-type"]).active
    assert (f.fix is not None) == fixable, f.message
    if f.fix is not None:
        fixed = f.fix.apply(m)[0]
        assert _column(fixed, "c", "v").type == usual
        assert "drops its 40-character limit" in f.message if mine == "varchar(40)" and usual == "text" else True


@pytest.fixture()
def flip_flop(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Two made-up rules whose fixes undo each other: text -> varchar(10) -> text."""

    def to_varchar(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
        for a in entity.attributes:
            if a.type == "text":
                yield Hit("text", attribute=a.name, fix=UpdateAttribute(ctx.key(entity), a.name, (("type", "varchar(10)"),)))

    def to_text(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
        for a in entity.attributes:
            if a.type == "varchar(10)":
                yield Hit("varchar", attribute=a.name, fix=UpdateAttribute(ctx.key(entity), a.name, (("type", "text"),)))

    monkeypatch.setitem(RULES, "test-flip", Rule("test-flip", "warning", "flip", "", "naming", to_varchar, fixable=True))
    monkeypatch.setitem(RULES, "test-flop", Rule("test-flop", "warning", "flop", "", "naming", to_text, fixable=True))
    yield


@pytest.mark.usefixtures("flip_flop")
def test_fixes_that_undo_each_other_stop_and_are_reported() -> None:
    m = model(table("a", "{name: label, type: text, note: x}"))
    out = apply_fixes(m, ["test-flip", "test-flop"], max_rounds=100)
    assert out.rounds <= 4
    assert [f.rule_id for f in out.applied] == ["test-flip", "test-flop"]
    ((back, reason),) = out.failed
    assert back.rule_id == "test-flip" and "came back" in reason and "test-flop" in reason
    assert _column(out.model, "a", "label").type == "text"


def _fix_all_is_a_fixpoint(m: DataModel, pg_conn: Any, max_rounds: int) -> None:
    out = apply_fixes(m, ALL)
    assert out.rounds <= max_rounds, out.rounds
    assert validate_model(out.model) == []
    again = apply_fixes(out.model, ALL)
    assert again.applied == (), [f"{f.rule_id} {f.location}" for f in again.applied[:5]]
    assert again.model == out.model
    try:
        with pg_conn.transaction():  # the model before the fixes, rolled back
            pg_conn.execute(generate_ddl(m).sql)
            raise psycopg.Rollback
    except psycopg.Error:  # the model as imported needs what the server lacks: the fixes add no failure
        before = check_model(m, pg_conn.info_dsn, compare=False)
        after = check_model(out.model, pg_conn.info_dsn, compare=False)
        assert len(after.errors) <= len(before.errors), [e.message for e in after.errors]
        return
    pg_conn.execute(generate_ddl(out.model).sql)


@pytest.mark.postgres
@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_fix_all_on_a_sample_is_a_fixpoint_whose_ddl_runs(path: Path, pg_conn: Any) -> None:
    _fix_all_is_a_fixpoint(load(path).model, pg_conn, 10)


CORPUS = ["postgres/rt.sql", "sqlite/chinook.sql"]
if os.environ.get("TABLEWRIGHT_STRETCH"):
    CORPUS += ["postgres/otrs.sql", "postgres/musicbrainz.sql", "postgres/lago.sql", "mysql/sakila.sql"]


@pytest.mark.postgres
@pytest.mark.parametrize("name", CORPUS)
def test_fix_all_on_an_imported_corpus_model_is_a_fixpoint_whose_ddl_runs(name: str, pg_conn: Any) -> None:
    result = import_file(str(corpus_path("ddl", name)), None)
    _fix_all_is_a_fixpoint(result.model, pg_conn, 30)


def test_prefer_text_on_a_foreign_key_column_is_not_undone_by_fk_type_mismatch() -> None:
    m = model("""  - name: countries
    attributes:
      - {name: code, type: varchar(3), nullable: false, note: ISO 3166 alpha-3}
""" + TS + """    primary_key: {columns: [code]}
""" + table("currencies", "{name: country_code, type: varchar(3), nullable: false}")
              + "    foreign_keys:\n      - {columns: [country_code], references: countries}\n")
    out = apply_fixes(m, ALL)
    assert out.failed == ()
    code = _column(out.model, "currencies", "country_code")
    assert (code.type, length_limit(code)) == ("text", 3)
    assert not lint_model(out.model, rules=["fk-type-mismatch"]).active
    # a CHECK of another length is still another type
    other = m.model_copy(deep=True)
    loose, _ = UpdateAttribute(other.entities[1].key, "country_code",
                               (("type", "text"), ("check", "char_length(country_code) <= 9"))).apply(other)
    assert [f.attribute for f in lint_model(loose, rules=["fk-type-mismatch"]).active] == ["country_code"]
