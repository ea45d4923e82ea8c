"""The script pre-pass: statements split the way each dialect's client does, with line numbers."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from core.ddl.script import split_script


def split(text: str, dialect: str) -> list[tuple[int, str, str]]:
    return [(s.line, s.kind, s.text) for s in split_script(text, dialect) if not s.client]


def kinds(text: str, dialect: str) -> list[tuple[int, str, bool]]:
    return [(s.line, s.kind, s.client) for s in split_script(text, dialect)]


def test_tsql_go_batches_and_statements_without_semicolons() -> None:
    text = ("CREATE TABLE a (id int)\nGO\n"
            "CREATE TABLE b (id int)\nCREATE INDEX ix ON b (id)\ngo 2\n"
            "INSERT b VALUES (1)\nGO\n")
    assert [(line, kind) for line, kind, _ in split(text, "tsql")] == [
        (1, "create table"), (3, "create table"), (4, "create index"), (6, "insert")]


def test_tsql_sqlcmd_setvar_and_substitution() -> None:
    text = ':setvar DatabaseName "Shop"\nCREATE TABLE $(DatabaseName).dbo.t (id int)\nGO\n'
    statements = list(split_script(text, "tsql"))
    assert statements[0].client and statements[0].kind == "sqlcmd command"
    assert statements[1].text == "CREATE TABLE Shop.dbo.t (id int)"
    assert statements[1].line == 2


def test_tsql_procedure_body_stays_one_statement() -> None:
    text = ("CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1;\n  INSERT INTO t VALUES (1);\nEND\nGO\n"
            "CREATE TABLE t (id int)\nGO\n")
    assert [(line, kind) for line, kind, _ in split(text, "tsql")] == [(1, "create procedure"), (7, "create table")]


def test_oracle_sqlplus_commands_and_slash() -> None:
    text = ("REM the schema\nSET ECHO OFF\nprompt creating\n"
            "CREATE TABLE t (id NUMBER);\n"
            "CREATE OR REPLACE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  :new.id := 1;\nEND;\n/\n"
            "CREATE INDEX ix ON t (id);\n")
    got = kinds(text, "oracle")
    assert got == [(1, "sqlplus command", True), (2, "sqlplus command", True), (3, "sqlplus command", True),
                   (4, "create table", False), (5, "create trigger", False), (10, "create index", False)]


def test_mysql_delimiter_blocks_and_client_commands() -> None:
    text = ("source other.sql\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
            "  SET NEW.a = 1;\nEND ;;\nDELIMITER ;\nCREATE TABLE `t` (`a` int);\n"
            "/*!40101 SET NAMES utf8 */;\n")
    got = kinds(text, "mysql")
    assert got[0] == (1, "mysql client command", True)
    assert (3, "create trigger", False) in got
    assert (7, "create table", False) in got
    trigger = next(s for s in split_script(text, "mysql") if s.kind == "create trigger")
    assert "SET NEW.a = 1;" in trigger.text


def test_postgres_meta_commands_dollar_quotes_and_copy_data() -> None:
    text = ("\\set ON_ERROR_STOP 1\n"
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
            "COPY t (a) FROM stdin;\n1\n2;3\n\\.\n"
            "CREATE TABLE t (a int); -- trailing\n")
    got = kinds(text, "postgres")
    assert got == [(1, "psql meta-command", True), (2, "create function", False), (3, "copy", False),
                   (7, "create table", False)]
    function = next(s for s in split_script(text, "postgres") if s.kind == "create function")
    assert "SELECT 1;" in function.text


def test_sqlite_dot_commands_and_trigger_bodies() -> None:
    text = (".mode list\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET a = 1;\nEND;\n"
            "CREATE TABLE [u] (a int);\n")
    assert kinds(text, "sqlite") == [(1, "sqlite dot-command", True), (2, "create trigger", False),
                                     (5, "create table", False)]


def test_crlf_bom_comments_and_quotes_keep_line_numbers() -> None:
    text = "\ufeff-- header;\r\n/* block; \r\n still */\r\nCREATE TABLE \"a;b\" (x text DEFAULT 'it''s;');\r\n"
    statements = split(text.lstrip("\ufeff"), "postgres")
    assert statements == [(4, "create table", "CREATE TABLE \"a;b\" (x text DEFAULT 'it''s;')")]


def test_data_statements_are_not_kept() -> None:
    rows = ",".join(f"({i}, 'x;y')" for i in range(1000))
    text = f"INSERT INTO t VALUES {rows};\nCREATE TABLE t (a int);\n"
    statements = list(split_script(io.StringIO(text), "mysql"))
    assert [(s.kind, s.text) for s in statements] == [("insert", ""), ("create table", "CREATE TABLE t (a int)")]
    assert statements[1].line == 2


# -- property: any arrangement of statements, blank lines and comments splits back --------------

_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_FILLER = st.sampled_from(["", "\n", "\n\n", "-- note ; here\n", "/* c;\n */\n", "   \n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_NAMES, _FILLER, st.booleans()), min_size=1, max_size=8),
       st.sampled_from(["postgres", "mysql", "sqlite", "oracle"]))
def test_statements_and_lines_survive_any_layout(parts: list[tuple[str, str, bool]], dialect: str) -> None:
    text, expected, line = "", [], 1
    for name, filler, multiline in parts:
        text += filler
        line += filler.count("\n")
        body = f"CREATE TABLE {name} (\n  a int\n)" if multiline else f"CREATE TABLE {name} (a int)"
        expected.append((line, "create table", body))
        text += body + ";\n"
        line += body.count("\n") + 1
    assert split(text, dialect) == expected
