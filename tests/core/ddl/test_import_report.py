"""The import report as a user reads it, and the names the imported model gets.

Every warning points at a line of the script and has a kind that says what to do; the text
report gives ``FILE:LINE`` for each place. Names that PostgreSQL keeps in one namespace per
schema (indexes, primary keys, unique constraints, tables) but MySQL and SQL Server per table
are made unique (``<table>_<name>``) instead of being lost, names over 63 bytes are shortened as
PostgreSQL would, and Oracle's index that only backs a key of the same name is left to the key.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ddl.importer.report import KINDS
from core.ddl.parse import import_file, import_text
from core.model import DataModel
from core.validate import MAX_IDENTIFIER_BYTES, validate_model
from tests.core.ddl.test_import_corpus import CORPUS, imported


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _index_names(model: DataModel, fold: bool) -> list[tuple[str | None, str]]:
    """Every index, primary-key and unique name with its schema (PostgreSQL's namespace)."""
    out: list[tuple[str | None, str]] = []
    for e in model.entities:
        named = [k.name for k in (e.primary_key, *e.uniques, *e.indexes) if k is not None and k.name]
        out.extend((e.schema_name, n.lower() if fold else n) for n in named)
    return out


def test_mysql_index_names_are_per_table_and_renamed_per_schema() -> None:
    text = ("CREATE TABLE `a` (`id` int NOT NULL, `x` int, PRIMARY KEY (`id`), KEY `idx_x` (`x`));\n"
            "CREATE TABLE `b` (\n  `id` int NOT NULL,\n  `x` int,\n  KEY `idx_x` (`x`)\n);\n"
            "CREATE INDEX `idx_x` ON `c` (`x`);\n")
    r = import_text(text, "mysql")
    b = r.model.entity("b")
    assert b is not None and [ix.name for ix in b.indexes] == ["b_idx_x"]
    assert [ix.name for ix in r.model.entity("a").indexes] == ["idx_x"]  # type: ignore[union-attr]
    renamed = [w for w in r.report.warnings if w.kind == "renamed"]
    assert len(renamed) == 1 and renamed[0].line == _line_of(text, "CREATE TABLE `b`")
    assert '"idx_x"' in renamed[0].message and '"b_idx_x"' in renamed[0].message
    assert validate_model(r.model) == []


def test_a_clash_whose_table_prefixed_name_is_taken_gets_a_number() -> None:
    text = ("CREATE TABLE a (id int, KEY k (id));\nCREATE TABLE b (id int, KEY k (id), KEY b_k (id));\n"
            "CREATE TABLE b_k (id int);\n")
    r = import_text(text, "mysql")
    b = r.model.entity("b")
    assert b is not None
    assert [ix.name for ix in b.indexes] == ["k_2", "b_b_k"]  # "b_k" is a table's name
    assert len(set(_index_names(r.model, True))) == len(_index_names(r.model, True))
    assert [(w.line, w.kind) for w in r.report.warnings] == [(2, "renamed"), (2, "renamed")]


def test_oracle_index_backing_a_key_of_the_same_name_is_left_to_the_key() -> None:
    r = import_text("CREATE TABLE regions (region_id NUMBER NOT NULL, name VARCHAR2(25));\n"
                    "CREATE UNIQUE INDEX reg_id_pk ON regions (region_id);\n"
                    "ALTER TABLE regions ADD (CONSTRAINT reg_id_pk PRIMARY KEY (region_id));\n"
                    "CREATE INDEX reg_name_ix ON regions (name);\n", "oracle")
    regions = r.model.entity("regions")
    assert regions is not None and regions.primary_key is not None
    assert regions.primary_key.name == "reg_id_pk"
    assert [ix.name for ix in regions.indexes] == ["reg_name_ix"]
    assert r.report.warnings == []


@settings(max_examples=60, deadline=None)
@given(name=st.text(alphabet=st.sampled_from(list("abcXYZ_é€𝄞")), min_size=1, max_size=80))
def test_long_names_are_shortened_as_postgresql_does(name: str) -> None:
    r = import_text(f'CREATE TABLE t (id int, CONSTRAINT "{name}" PRIMARY KEY (id));', "postgres")
    pk = r.model.entities[0].primary_key
    assert pk is not None and pk.name is not None
    encoded = name.encode()
    assert len(pk.name.encode()) <= MAX_IDENTIFIER_BYTES and encoded.startswith(pk.name.encode())
    assert len(pk.name.encode()) > MAX_IDENTIFIER_BYTES - 4 or pk.name == name  # cut only as far as needed
    shortened = [w for w in r.report.warnings if w.kind == "too-long"]
    assert bool(shortened) == (len(encoded) > MAX_IDENTIFIER_BYTES)
    assert all(w.line == 1 for w in shortened)


def test_pg_dump_clean_prelude_is_skipped_quietly() -> None:
    r = import_text("ALTER TABLE IF EXISTS ONLY public.t DROP CONSTRAINT IF EXISTS t_pkey;\n"
                    "ALTER TABLE IF EXISTS public.t ALTER COLUMN id DROP DEFAULT;\n"
                    "DROP TABLE IF EXISTS public.t;\n"
                    "CREATE TABLE public.t (id integer NOT NULL);\n"
                    "ALTER TABLE ONLY public.u ADD CONSTRAINT u_pkey PRIMARY KEY (id);\n", "postgres")
    assert r.report.skipped["alter table if exists (clean-up)"] == 2
    assert r.report.first_skipped["alter table if exists (clean-up)"] == 1
    assert [(w.line, w.kind) for w in r.report.warnings] == [(5, "missing-table")]  # without IF EXISTS: said


def test_skipped_kinds_keep_the_line_of_their_first_statement() -> None:
    text = "SET x = 1;\nCREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n\nINSERT INTO t VALUES (2);\n"
    r = import_text(text, "postgres")
    assert dict(r.report.skipped) == {"set": 1, "insert": 2}
    assert r.report.first_skipped == {"set": 1, "insert": 3}
    rendered = r.report.render()
    assert "data: insert 2 (3)" in rendered and "set 1 (1)" in rendered


# -- the corpus, as a user reads the reports ---------------------------------------------------------


@pytest.mark.parametrize("key", sorted(CORPUS))
def test_every_warning_points_at_a_line_and_says_what_to_do(key: str) -> None:
    report = imported(key).report
    for issue in [*report.warnings, *report.errors]:
        assert issue.line is not None, issue
        assert issue.kind in KINDS and issue.kind != "other", issue
    rendered = report.render()
    for kind in {w.kind for w in report.warnings}:
        title, todo = KINDS[kind]
        assert f"{title} (" in rendered and todo in rendered
    first = report.warnings[0] if report.warnings else None
    if first is not None:
        assert f"{report.source}:{first.line}: {first.message}" in rendered
    data = json.loads(json.dumps(report.to_json()))
    assert [(w["line"], w["kind"]) for w in data["warnings"]] == [(w.line, w.kind) for w in report.warnings]
    assert all(w["todo"] for w in data["warnings"])


@pytest.mark.parametrize("key", sorted(CORPUS))
def test_key_and_index_names_unique_per_schema_and_none_lost_silently(key: str) -> None:
    result = imported(key)
    fold = not key.startswith("postgres/")
    names = _index_names(result.model, fold)
    assert not [n for n, c in Counter(names).items() if c > 1]
    assert all(len(n.encode()) <= MAX_IDENTIFIER_BYTES for _, n in names)
    tables = {(e.schema_name, e.name.lower() if fold else e.name) for e in result.model.entities}
    assert not tables & set(names)
    renamed = [w for w in result.report.warnings if w.kind == "renamed"]
    for w in renamed:  # "<table>_<old>" (the table part cut to fit), else "<old>_<n>"
        old, new = w.message.split('"')[3], w.message.split('"')[-2]
        assert new.endswith("_" + old) or re.fullmatch(re.escape(old[:40]) + r".*_\d+", new), (old, new)
    assert not [w for w in result.report.warnings if w.kind == "unnamed"]


def test_text_report_of_a_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "legacy.sql"
    path.write_text("CREATE TABLE `a` (`id` int, `g` GEOMETRY, FULLTEXT KEY `ft` (`id`));\n"
                    "CREATE TABLE `b` (`a_id` int, FOREIGN KEY (`a_id`) REFERENCES `gone` (`id`));\n")
    report = import_file(path).report
    rendered = report.render()
    assert f"{path}:1: " in rendered and f"{path}:2: " in rendered
    for kind in ("guessed-type", "unsupported-index", "missing-table"):
        assert KINDS[kind][1] in rendered


@pytest.mark.parametrize(("text", "dialect", "how", "element"), [
    ("CREATE TABLE t (id int, CONSTRAINT c FOO (id))", "postgres", "sqlglot", '"FOO(id)"'),
    ("CREATE TABLE t (id int, LIKE other INCLUDING ALL)", "postgres", "sqlglot", "LIKE other"),
    ("CREATE TABLE t (id int, PERIOD FOR SYSTEM_TIME (a, b))", "tsql", "sqlglot", "PERIOD FOR SYSTEM_TIME"),
])
def test_a_table_the_reader_cannot_place_is_recovered_and_said(text: str, dialect: str, how: str,
                                                                element: str) -> None:
    r = import_text("CREATE TABLE before (a int);\n" + text + ";\nCREATE TABLE after (b int);\n", dialect)
    assert [e.name for e in r.model.entities] == ["before", "t", "after"]
    assert [a.name for a in r.model.entities[1].attributes] == ["id"]
    assert [(x.line, x.how) for x in r.report.recovered] == [(2, how)]
    assert [(w.line, w.kind) for w in r.report.warnings] == [(2, "constraint")]
    assert element in r.report.warnings[0].message and "Element" not in r.report.warnings[0].message
    assert "<string>:2: CREATE TABLE t: read by sqlglot" in r.report.render()


@pytest.mark.parametrize("text", ["CREATE TABLE t AS SELECT 1 AS a", "CREATE TABLE t"])
def test_a_table_without_columns_is_said_not_imported(text: str) -> None:
    r = import_text("CREATE TABLE a (id int);\n" + text + ";\n", "postgres")
    assert [e.name for e in r.model.entities] == ["a"] and r.report.recovered == []
    assert [(w.line, w.kind) for w in r.report.warnings] == [(2, "no-columns")]
    assert KINDS["no-columns"][1] in r.report.render()


def test_a_create_table_without_a_name_is_an_error_at_its_line() -> None:
    r = import_text("CREATE TABLE a (id int);\nCREATE TABLE (broken;\nCREATE TABLE b (id int);\n", "postgres")
    assert [e.name for e in r.model.entities] == ["a", "b"]
    assert [(e.line, e.kind) for e in r.report.errors] == [(2, "statement")] and r.report.warnings == []
