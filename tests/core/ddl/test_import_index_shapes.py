"""CREATE INDEX: the one-regex reading of the common shape against the token reader.

Statements of every shape (quoted and keyword-like names, qualified tables, ``ON ONLY``,
``USING``, ordered keys, expressions, prefixes, ``WHERE``, ``INCLUDE``, T-SQL options) must give
the same index either way; the common ones must take the short way.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ddl.importer import statements
from core.ddl.importer.draft import ImportState
from core.ddl.importer.report import ImportReport
from core.ddl.importer.specs import IndexSpec

_DIALECTS = ["postgres", "mysql", "sqlite", "tsql", "oracle"]


class _Capture(ImportState):
    def __init__(self, dialect: str) -> None:
        super().__init__(dialect, ImportReport(dialect=dialect, source="test"))
        self.specs: list[IndexSpec] = []

    def add_index(self, spec: IndexSpec, line: int) -> None:
        self.specs.append(spec)


def _read(text: str, dialect: str, short_way: bool = True) -> list[IndexSpec]:
    state = _Capture(dialect)
    if short_way:
        statements.create_index(text, state, 1)
    else:
        with mock.patch.object(statements, "_simple_index", lambda text, dialect: None):
            statements.create_index(text, state, 1)
    return state.specs


def _name(dialect: str) -> st.SearchStrategy[str]:
    quotes = ['"{}"', "`{}`"] + (["[{}]"] if dialect in ("tsql", "sqlite") else [])
    bare = st.sampled_from(["ix", "Ix_Name", "t1", "on", "asc", "desc", "only", "using", "nulls", "if", "x$y"])
    quoted = st.builds(lambda q, n: q.format(n), st.sampled_from(quotes),
                       st.sampled_from(["My Index", "a.b", "x", "on", "Sel\"ect"]))
    return st.one_of(bare, bare, quoted)


@st.composite
def _index(draw: st.DrawFn, dialect: str) -> str:
    sp = lambda: draw(st.sampled_from([" ", "  ", "\n", "\t"]))  # noqa: E731
    parts = ["CREATE", sp()]
    if draw(st.booleans()):
        parts += [draw(st.sampled_from(["UNIQUE", "unique", "UNIQUE NONCLUSTERED", "FULLTEXT"])), sp()]
    parts += ["INDEX", sp()]
    if draw(st.integers(0, 4)) == 0:
        parts += ["IF NOT EXISTS", sp()]
    if draw(st.integers(0, 6)) > 0:
        parts += [draw(_name(dialect)), sp()]
    parts += [draw(st.sampled_from(["ON", "on"])), sp()]
    if draw(st.integers(0, 3)) == 0:
        parts += ["ONLY", sp()]
    table = ".".join(draw(st.lists(_name(dialect), min_size=1, max_size=3)))
    parts.append(table)
    if draw(st.integers(0, 2)) == 0:
        parts += [sp(), "USING", sp(), draw(st.sampled_from(["btree", "GIN", "hash"]))]
    keys = []
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.one_of(_name(dialect), st.sampled_from(["lower(a)", "a(10)", "(a + b)", "a text_pattern_ops"])))
        key += draw(st.sampled_from(["", "", " ASC", " desc", " NULLS FIRST", " DESC NULLS LAST"]))
        keys.append(key)
    parts += [draw(st.sampled_from(["", " "])), "(", ", ".join(keys), ")"]
    parts.append(draw(st.sampled_from(["", "", " ", " WHERE a > 0", " INCLUDE (b)", " ON [PRIMARY]",
                                       " WITH (fillfactor = 70)", " TABLESPACE ts"])))
    return "".join(parts)


@pytest.mark.parametrize("dialect", _DIALECTS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_short_way_reads_what_the_token_reader_reads(dialect: str, data: st.DataObject) -> None:
    text = data.draw(_index(dialect))
    assert _read(text, dialect) == _read(text, dialect, short_way=False)


@pytest.mark.parametrize(("text", "dialect"), [
    ("CREATE INDEX ix ON t (a)", "postgres"),
    ('CREATE UNIQUE INDEX "Ix" ON public."T" USING btree (a DESC, "B")', "postgres"),
    ("CREATE INDEX index_x ON ONLY public.events USING btree (event_id)", "postgres"),
    ("CREATE INDEX `items_2` ON `items` (`hostid`,`key_`)", "mysql"),
    ("CREATE UNIQUE INDEX [IX_a] ON [dbo].[T] ([a] ASC)", "tsql"),
    ("CREATE INDEX IF NOT EXISTS ix ON t(a, b)", "sqlite"),
])
def test_common_shapes_take_the_short_way(text: str, dialect: str) -> None:
    assert statements._simple_index(text, dialect) is not None
    assert _read(text, dialect) == _read(text, dialect, short_way=False)
