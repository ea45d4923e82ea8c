"""CREATE TABLE of the plain shape read by regular expressions, against the token reader.

Random statements mix the plain shape (types with parameters, NOT NULL, NULL, PRIMARY KEY,
UNIQUE, literal defaults, inline and table-level CONSTRAINT names, key lists, table options)
with what only the token reader handles (CHECK, REFERENCES, COLLATE, AUTO_INCREMENT, comments
on the table, escaped quotes, keyword-like names...). Whenever the short way answers, its
reading must be the token reader's, field for field.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ddl.importer import tables
from core.ddl.importer.simple import simple_create_table
from core.ddl.importer.tables import TableRead, read_create_table

_DIALECTS = ["postgres", "mysql", "sqlite", "tsql", "oracle"]


def _token_reader(text: str, dialect: str) -> TableRead:
    with mock.patch.object(tables, "simple_create_table", lambda text, dialect: None):
        return read_create_table(text, dialect)


def _name(dialect: str) -> st.SearchStrategy[str]:
    quotes = ['"{}"', "`{}`"] + (["[{}]"] if dialect in ("tsql", "sqlite") else [])
    bare = st.sampled_from(["id", "Name", "user_id", "x$1", "key", "unique", "primary", "check", "index",
                            "period", "not", "if", "default", "value", "TYPE", "é"])
    quoted = st.builds(lambda q, n: q.format(n), st.sampled_from(quotes), st.sampled_from(["My Col", "a.b", "x", "key"]))
    return st.one_of(bare, bare, bare, quoted)


_TYPES = ["int", "INTEGER", "bigint unsigned", "varchar(255)", "NUMBER(11,0)", "numeric ( 10 , 2 )",
          "character varying(20)", "double precision", "timestamp with time zone", "text", "TEXT",
          "enum('a','b')", "text[]", "varchar(max)", "int zerofill", ""]
_PLAIN = ["NOT NULL", "NULL", "PRIMARY KEY", "UNIQUE", "DEFAULT 0", "DEFAULT -1", "DEFAULT 2.5", "DEFAULT ''",
          "DEFAULT 'x y'", "DEFAULT NULL", "DEFAULT TRUE", "default false", "DEFAULT CURRENT_TIMESTAMP",
          "CONSTRAINT c1", "not null", "DEFAULT"]
_OTHER = ["CHECK (a > 0)", "REFERENCES t (id)", "COLLATE utf8_bin", "AUTO_INCREMENT", "AUTOINCREMENT",
          "DEFAULT 'it''s'", "DEFAULT 'a\\'b'", "DEFAULT (0)", "DEFAULT 1e3", "COMMENT 'x'", "GENERATED ALWAYS AS (a)",
          "DEFAULT nextval('s')", "DEFAULT - 1", "ON UPDATE CURRENT_TIMESTAMP", "IDENTITY(1,1)", "ASC"]


@st.composite
def _column(draw: st.DrawFn, dialect: str) -> str:
    parts = [draw(_name(dialect)), draw(st.sampled_from(_TYPES))]
    for _ in range(draw(st.integers(0, 3))):
        parts.append(draw(st.sampled_from(_PLAIN + _PLAIN + _OTHER)))
    return " ".join(p for p in parts if p)


@st.composite
def _key(draw: st.DrawFn, dialect: str) -> str:
    cols = ", ".join(draw(st.lists(_name(dialect), min_size=1, max_size=3)))
    head = draw(st.sampled_from(["", "", "CONSTRAINT k1 ", "CONSTRAINT \"K 2\" "]))
    kind = draw(st.sampled_from(["PRIMARY KEY", "UNIQUE", "unique", "UNIQUE KEY u", "KEY k", "FOREIGN KEY"]))
    return f"{head}{kind} ({cols})" + draw(st.sampled_from(["", "", " REFERENCES t (id)"]))


@st.composite
def _table(draw: st.DrawFn, dialect: str) -> str:
    name = ".".join(draw(st.lists(_name(dialect), min_size=1, max_size=3)))
    elements = draw(st.lists(st.one_of(_column(dialect), _column(dialect), _key(dialect)), min_size=1, max_size=5))
    sep = draw(st.sampled_from([", ", ",\n  ", " , "]))
    head = draw(st.sampled_from(["CREATE TABLE ", "create table ", "CREATE TABLE IF NOT EXISTS ", "CREATE TABLE\n"]))
    tail = draw(st.sampled_from(["", "", " ENGINE=InnoDB DEFAULT CHARSET=utf8", " WITHOUT ROWID",
                                 " COMMENT='t'", " PARTITION BY RANGE (a)", " ON [PRIMARY]", " AS SELECT 1"]))
    space = draw(st.sampled_from(["", " ", "\n"]))
    return f"{head}{name}{space}({space}{sep.join(elements)}{space}){tail}"


@pytest.mark.parametrize("dialect", _DIALECTS)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_short_way_reads_what_the_token_reader_reads(dialect: str, data: st.DataObject) -> None:
    text = data.draw(_table(dialect))
    short = simple_create_table(text, dialect)
    if short is not None:
        assert short == _token_reader(text, dialect)


@pytest.mark.parametrize(("text", "dialect"), [
    ("CREATE TABLE `role` (\n\t`roleid` bigint unsigned NOT NULL,\n\t`name` varchar(255) DEFAULT '' NOT NULL,\n"
     "\tPRIMARY KEY (roleid)\n) ENGINE=InnoDB", "mysql"),
    ("CREATE TABLE Queues (\n id NUMBER(11,0)\n CONSTRAINT Queues_Key PRIMARY KEY,\n"
     " Name VARCHAR2(200) CONSTRAINT Queues_Name_Unique UNIQUE NOT NULL\n)", "oracle"),
    ('CREATE TABLE IF NOT EXISTS "user_threepids" ( user_id TEXT NOT NULL, medium TEXT NOT NULL, '
     "CONSTRAINT medium_address UNIQUE (medium, user_id) )", "sqlite"),
    ("CREATE TABLE public.users (id bigint NOT NULL, name text DEFAULT 'x'::text)", "postgres"),
])
def test_common_tables(text: str, dialect: str) -> None:
    short = simple_create_table(text, dialect)
    if "::" in text:  # a cast in a default: the token reader's
        assert short is None
        return
    assert short is not None
    assert short == _token_reader(text, dialect)
    assert short.how == "reader" and not short.trouble
