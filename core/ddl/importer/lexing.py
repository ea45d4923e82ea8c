"""Per-dialect lexical rules for the script pre-pass: quotes, comments, terminators, client commands.

:class:`ScanRules` holds the compiled patterns :mod:`core.ddl.script` scans with;
:func:`client_command` recognises the lines a dialect's client handles itself (``GO``,
``:setvar``, ``\\set``, ``rem``, ``DELIMITER``, ``.mode``...).

>>> client_command(rules_for("tsql"), "go\\n", True, None, 0)
('go', '')
>>> client_command(rules_for("oracle"), "REM a remark\\n", True, None, 0)
('client', '')
>>> client_command(rules_for("mysql"), "DELIMITER ;;\\n", True, None, 0)
('delimiter', ';;')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

__all__ = ["ScanRules", "client_command", "rules_for"]


@dataclass(frozen=True)
class ScanRules:
    """How one dialect's client reads a script (see the module docstring)."""

    dialect: str
    code_re: re.Pattern[str]
    skip_re: re.Pattern[str]
    run_re: re.Pattern[str]
    statement_re: re.Pattern[str]
    sq_re: re.Pattern[str]
    sq_bs_re: re.Pattern[str]
    backslash: bool
    nested_comments: bool
    substitutes: bool
    block_kinds: frozenset[str]
    client_kind: str
    delimiter: str = ";"

    def with_delimiter(self, delimiter: str) -> ScanRules:
        """The same rules with another statement delimiter (MySQL ``DELIMITER``)."""
        code, skip, run = _patterns(self.dialect, delimiter)
        return replace(self, code_re=code, skip_re=skip, run_re=run, statement_re=_statement(run, delimiter),
                       delimiter=delimiter)

    @staticmethod
    def substitute(chunk: str, variables: dict[str, str]) -> str:
        """sqlcmd ``$(name)`` substitution."""
        return _VAR.sub(lambda m: variables.get(m.group(1), m.group(0)), chunk)


_VAR = re.compile(r"\$\((\w+)\)")

_EXTRA = {
    "postgres": (r"(?<![\w$])\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$",),
    "mysql": (r"`", r"\#", r"/\*!\d*", r"\*/"),
    "sqlite": (r"`", r"\[", r"\#"),
    "tsql": (r"\[", r"\(", r"\)"),
    "oracle": (),
}
_SPECIAL_CHARS = {"postgres": "$", "mysql": "`#*", "sqlite": "`[#", "tsql": "[()\n", "oracle": "\n"}
#: Line starts where the client may see a command of its own (checked by client_command).
_LINE_STARTS = {
    "postgres": r"\\",
    "tsql": r"GO\b|:[A-Za-z]|!!|(?:CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|EXEC|EXECUTE|PRINT|SET|USE|"
    r"GRANT|REVOKE|DENY|DECLARE|IF|TRUNCATE|BULK|DBCC|RAISERROR|BEGIN|WHILE)\b",
    "oracle": r"[/.](?=[ \t]*\r?$)|@|!|(?:rem|remark|pro|prompt|set|spo|spool|conn|connect|def|define|"
    r"undef|undefine|whenever|exec|execute|col|column|ttitle|btitle|break|compute|clear|show|sho|"
    r"pause|acc|accept|host|var|variable|print|timing|desc|describe|exit|quit|start|sta|store)(?=\s|$)",
    "mysql": r"delimiter\s|(?:source|system|tee|notee|charset|warnings|nowarning|rehash|pager|nopager|"
    r"exit|quit)(?=\s|$)|\\[A-Za-z.]",
    "sqlite": r"\.[A-Za-z]",
}


@lru_cache(maxsize=32)
def _patterns(dialect: str, delimiter: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    dash = r"--(?=[ \t\r\n]|$)" if dialect == "mysql" else r"--"
    parts = [f"(^[ \\t]*(?:{_LINE_STARTS[dialect]}))", re.escape(delimiter), r"'", r'"', dash,
             *_EXTRA[dialect], r"/\*"]
    code = re.compile("|".join(parts), re.IGNORECASE | re.MULTILINE)
    # parentheses only matter to T-SQL's line splitting, never inside a data statement
    specials = "'\";-/" + _SPECIAL_CHARS[dialect].strip("()") + delimiter[0]
    run = "[^" + re.escape("".join(sorted(set(specials)))) + "]++"
    body = r"(?:[^'\\]++|\\[\s\S]|'')*+" if dialect == "mysql" else r"(?:[^']++|'')*+"
    dash_ok = r"-(?![-])" if dialect != "mysql" else r"-(?!-[ \t\r\n])"
    lone = [alt for lead, alt in (("-", dash_ok), ("/", r"/(?![*])")) if delimiter[0] != lead]  # not the delimiter
    quote = "'" if dialect == "mysql" else "(?<![eE])'"  # E'...' takes backslashes: the state machine reads it
    skip = re.compile(f"(?:{run}|{quote}{body}'|" + "|".join(lone) + ")*+")
    return code, skip, _plain_run(dialect, delimiter)


def _plain_run(dialect: str, delimiter: str) -> re.Pattern[str]:
    """What the scanner may take in one step inside a statement: text without any character
    that can start a token of ``code_re`` (quotes, comments, the delimiter, a dollar quote,
    T-SQL's parentheses), complete quoted strings and identifiers, and line breaks not followed
    by a line start where a client command may stand. Whatever it stops at is left to
    ``code_re`` and the state machine, so it never decides anything they would decide otherwise.
    """
    lead = delimiter[0]
    stops = set("'\";-/\n" + _SPECIAL_CHARS[dialect] + lead.lower() + lead.upper())
    starts = rf"[ \t]*+(?:{_LINE_STARTS[dialect]})"
    alts = ["[^" + re.escape("".join(sorted(stops))) + "]++", rf"\n(?!{starts})"]
    if lead != "-":
        alts.append(r"-(?!-(?=[ \t\r\n]|$))" if dialect == "mysql" else r"-(?!-)")
    if lead != "/":
        alts.append(r"/(?!\*)")
    if lead in "'\"`[":  # a delimiter that opens a quote: quotes are left to the state machine
        pass
    elif dialect == "mysql":
        alts.append(r"'(?:[^'\\]++|\\[\s\S]|'')*+'")
        if lead != "*":
            alts.append(r"\*(?!/)")
    else:  # E'...' takes backslash escapes: left to the state machine
        alts.append(r"(?<![eE])'(?:[^']++|'')*+'")
    if lead not in "'\"`[":
        alts.append(r'"(?:[^"]++|"")*+"')
        if dialect in ("mysql", "sqlite"):
            alts.append(r"`(?:[^`]++|``)*+`")
        if dialect in ("sqlite", "tsql"):
            alts.append(r"\[(?:[^\]]++|\]\])*+\]")
    # at a line start (the start of a block, or after a client command) the line is checked first
    return re.compile(f"(?!^{starts})(?:" + "|".join(alts) + ")*+", re.IGNORECASE | re.MULTILINE)


def _statement(run: re.Pattern[str], delimiter: str) -> re.Pattern[str]:
    """A whole statement: what ``run`` takes, then the delimiter."""
    return re.compile(run.pattern + re.escape(delimiter), run.flags)


_BLOCKS = {
    "oracle": frozenset({"create procedure", "create function", "create package", "create trigger",
                         "create type", "create library", "plsql block"}),
    "tsql": frozenset({"create procedure", "create function", "create trigger", "create view", "if",
                       "begin", "while", "declare"}),
}
_CLIENT_KIND = {"postgres": "psql meta-command", "mysql": "mysql client command",
                "sqlite": "sqlite dot-command", "tsql": "sqlcmd command", "oracle": "sqlplus command"}


@lru_cache(maxsize=8)
def rules_for(dialect: str) -> ScanRules:
    """The scanning rules of ``dialect`` (one of ``postgres mysql sqlite tsql oracle``)."""
    if dialect not in _EXTRA:
        raise ValueError(f"unknown dialect {dialect!r}")
    code, skip, run = _patterns(dialect, ";")
    return ScanRules(
        dialect=dialect,
        code_re=code,
        skip_re=skip,
        run_re=run,
        statement_re=_statement(run, ";"),
        sq_re=re.compile(r"(?:[^']++|'')*+"),
        sq_bs_re=re.compile(r"(?:[^'\\]++|\\[\s\S]?|'')*+"),
        backslash=dialect == "mysql",
        nested_comments=dialect == "postgres",
        substitutes=dialect == "tsql",
        block_kinds=_BLOCKS.get(dialect, frozenset()),
        client_kind=_CLIENT_KIND[dialect],
    )


_GO = re.compile(r"\s*GO(?:\s+\d+)?\s*(?:--.*)?$", re.IGNORECASE)
_SQLCMD = re.compile(r"\s*(?::(\w+)\s*(.*)|!!.*)$", re.DOTALL)
_TSQL_SPLIT = re.compile(
    r"\s*(?:CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|EXEC|EXECUTE|PRINT|SET|USE|GRANT|REVOKE|DENY|"
    r"DECLARE|IF|TRUNCATE|BULK|DBCC|RAISERROR|BEGIN|WHILE)\b", re.IGNORECASE)
_TSQL_DDL = re.compile(
    r"(?:CREATE|ALTER)\s+(?:TABLE|(?:UNIQUE\s+)?(?:(?:NON)?CLUSTERED\s+)?INDEX)\b", re.IGNORECASE)
_TSQL_OBJECTS = frozenset({"create procedure", "create function", "create trigger", "create view"})
_SLASH = re.compile(r"\s*[/.]\s*$")
_SQLPLUS = re.compile(
    r"\s*(?:@@?|!|(?:rem|remark|pro|prompt|set|spo|spool|conn|connect|def|define|undef|undefine|"
    r"whenever|exec|execute|col|column|ttitle|btitle|break|compute|clear|show|sho|pause|acc|"
    r"accept|host|var|variable|print|timing|desc|describe|exit|quit|start|sta|store)(?:\s|$))",
    re.IGNORECASE)
_SQL_SET = re.compile(r"\s*set\s+(?:transaction|role|constraints?)\b", re.IGNORECASE)
_MYSQL = re.compile(
    r"\s*(?:delimiter\s+(\S+)|(?:source|system|tee|notee|charset|warnings|nowarning|rehash|pager|"
    r"nopager|exit|quit)(?:\s|$)|\\[A-Za-z.])", re.IGNORECASE)


def client_command(
    rules: ScanRules, line: str, empty: bool, kind: str | None, paren: int
) -> tuple[str, str] | None:
    """What the client does with ``line`` before the server sees it, or ``None`` for SQL.

    ``empty`` says whether no statement text is pending; ``kind`` and ``paren`` describe the
    pending statement. The answer is an ``(action, value)`` pair: ``go``/``slash`` (run the
    pending statement), ``split`` (a T-SQL statement without ``;`` ends before this line),
    ``delimiter``, ``setvar``, or ``client`` (a command to skip).
    """
    dialect = rules.dialect
    if dialect == "tsql":
        if _GO.match(line):
            return ("go", "")
        m = _SQLCMD.match(line)
        if m and (m.group(1) or line.lstrip().startswith("!!")):
            if (m.group(1) or "").lower() == "setvar":
                return ("setvar", (m.group(2) or "").strip())
            return ("client", "")
        if not empty and paren == 0 and kind not in _TSQL_OBJECTS:
            if kind in rules.block_kinds:
                return ("split", "") if _TSQL_DDL.match(line) else None
            if _TSQL_SPLIT.match(line):
                return ("split", "")
        return None
    if dialect == "postgres":
        return ("client", "") if line.lstrip().startswith("\\") else None
    if dialect == "oracle":
        if _SLASH.match(line) and line.strip():
            return ("slash", "")
        if empty and _SQLPLUS.match(line) and not _SQL_SET.match(line):
            return ("client", "")
        return None
    if not empty:
        return None
    if dialect == "mysql":
        m = _MYSQL.match(line)
        if m:
            return ("delimiter", m.group(1)) if m.group(1) else ("client", "")
        return None
    return ("client", "") if line.lstrip().startswith(".") and line.strip() != "." else None
