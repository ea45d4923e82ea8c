"""Garbage in: random bytes, truncated and empty files, a 100 MB file of INSERTs, deep nesting.

No crash, no traceback, a report, and memory bounded (measured with tracemalloc): the importer
streams the file statement by statement and never builds a data statement's text or AST.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.ddl.parse import DIALECTS, import_file, import_text
from core.validate import validate_model
from tests.conftest import corpus_path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000), dialect=st.sampled_from([None, *DIALECTS]))
def test_random_bytes(tmp_path: Path, data: bytes, dialect: str | None) -> None:
    path = tmp_path / "random.sql"
    path.write_bytes(data)
    result = import_file(path, dialect)
    assert result.report.render()
    assert validate_model(result.model) == []


@settings(max_examples=40, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("CREATE TABLE t(a int,'\"`[]);-/*\n$GO:\\")), max_size=400),
       dialect=st.sampled_from(DIALECTS))
def test_random_sql_shaped_text(text: str, dialect: str) -> None:
    result = import_text(text, dialect)
    assert validate_model(result.model) == []


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sql"
    path.write_bytes(b"")
    result = import_file(path)
    assert (result.report.tables, result.report.errors, result.model.entities) == (0, [], ())
    assert "tables 0" in result.report.render()


@pytest.mark.parametrize("fraction", [0.31, 0.5, 0.77])
def test_truncated_file(tmp_path: Path, fraction: float) -> None:
    source = corpus_path("ddl", "postgres", "pagila.sql").read_bytes()
    path = tmp_path / "cut.sql"
    path.write_bytes(source[: int(len(source) * fraction)])
    result = import_file(path, "postgres")
    whole = import_file(corpus_path("ddl", "postgres", "pagila.sql"), "postgres")
    assert 0 < result.report.tables <= whole.report.tables
    assert validate_model(result.model) == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_deeply_nested_parentheses(dialect: str) -> None:
    deep = "(" * 5000 + "1" + ")" * 5000
    end = ";\nGO\n" if dialect == "tsql" else ";\n"  # a T-SQL view runs to the end of its batch
    text = (f"CREATE TABLE t (a int DEFAULT {deep}, b int CHECK {deep}){end}"
            f"CREATE VIEW v AS SELECT {deep} AS x{end}CREATE TABLE u (id int){end}"
            f"CREATE TABLE w {'(' * 5000}{end}")
    result = import_text(text, dialect)
    assert {"t", "u"} <= {e.name for e in result.model.entities}
    assert validate_model(result.model) == []


@pytest.mark.slow
def test_100_mb_of_inserts_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.sql"
    row = "(12345, 'some text; with -- a semicolon', 'O''Brien', NULL, 3.14159)"
    statement = "INSERT INTO t VALUES " + ",".join([row] * 200) + ";\n"
    with path.open("w") as out:
        out.write("CREATE TABLE t (a int, b text, c text, d text, e numeric);\n")
        written = 0
        while written < 100 * 1024 * 1024:
            out.write(statement)
            written += len(statement)
        out.write("CREATE TABLE after_the_data (id int PRIMARY KEY);\n")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = import_file(path, "mysql")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    assert [e.name for e in result.model.entities] == ["t", "after_the_data"]
    assert result.report.skipped["insert"] == written // len(statement)
    assert peak < 32 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"  # the file is 100 MB
    assert seconds < 600  # bounded; the benchmark records the real throughput
