"""CREATE TABLE of the plainest shape, read with regular expressions instead of tokens.

Most tables of a schema dump are columns with a type (``varchar(255)``, ``bigint unsigned``),
``NOT NULL``/``NULL``, ``PRIMARY KEY``, ``UNIQUE`` and a literal ``DEFAULT``, plus ``PRIMARY KEY
(...)`` and ``UNIQUE (...)`` lists. :func:`simple_create_table` reads exactly that shape and
gives what the token reader (:func:`core.ddl.importer.tables.tolerant_create_table`) gives for it;
for anything else (a quote in an odd place, a comment, ``CHECK``, ``REFERENCES``, a table option,
a keyword-like column name...) it answers ``None`` and the token reader reads the statement.

>>> r = simple_create_table("CREATE TABLE t (id integer NOT NULL, name varchar(20) DEFAULT 'x', "
...                         "PRIMARY KEY (id))", "sqlite")
>>> [(c.name, c.raw_type, c.nullable, c.default) for c in r.elements[:2]], r.elements[2].kind
([('id', 'integer', False, None), ('name', 'varchar(20)', None, "'x'")], 'primary key')
>>> simple_create_table("CREATE TABLE t (id integer CHECK (id > 0))", "sqlite") is None
True
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.ddl.importer.elements import _CONSTRAINT_START, _INDEX_START, _STOP
from core.ddl.importer.exprs import to_postgres
from core.ddl.importer.specs import ColumnSpec, ConstraintSpec, TableRef
from core.ddl.importer.tokens import Token, name_of

if TYPE_CHECKING:
    from core.ddl.importer.tables import TableRead

__all__ = ["simple_create_table"]

_DIALECTS = ("postgres", "mysql", "sqlite", "tsql", "oracle")
_END = r"(?![\w$#@])"  # where a word of the tokenizer ends
_STOP_WORD = r"(?:" + "|".join(sorted(_STOP)) + rf"|CHARACTER\s+SET){_END}"
_LITERAL = r"-?\d+(?:\.\d+)?|'[^'\\]*'|TRUE|FALSE|CURRENT_TIMESTAMP"


def _ident(dialect: str) -> str:
    quoted = r'"[^"]*"|`[^`]*`' + (r"|\[[^\]]*\]" if dialect in ("tsql", "sqlite") else "")
    return rf"(?:[^\W\d][\w$#@]*{_END}|{quoted})"


def _patterns(dialect: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    ident = _ident(dialect)
    table = re.compile(
        rf"\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{ident}(?:\s*\.\s*{ident}){{0,2}})\s*"
        r"\((?P<body>.*)\)(?P<tail>[^'\"`()\[\]]*)", re.IGNORECASE | re.DOTALL)
    type_word = rf"(?!{_STOP_WORD})[A-Za-z_][A-Za-z0-9_]*{_END}"
    params = r"\(\s*\d+\s*(?:,\s*\d+\s*)?\)"
    # white space is taken possessively: what follows it never starts with white space
    column = (rf"(?P<col>{ident})(?:\s++(?P<type>{type_word}(?:\s*+{params}|\s++{type_word})*+))?"
              rf"(?P<rest>(?:\s++(?:NOT\s++NULL|NULL|PRIMARY\s++KEY|UNIQUE|DEFAULT(?:\s++(?:{_LITERAL}))?"
              rf"|CONSTRAINT\s++{ident}){_END})*+)")
    keys = (rf"(?:CONSTRAINT\s+(?P<name>{ident})\s+)?(?P<kind>PRIMARY\s+KEY|UNIQUE)\s*"
            rf"\(\s*(?P<keys>{ident}(?:\s*,\s*{ident})*)\s*\)")
    element = re.compile(rf"\s*(?:{keys}|{column})\s*(?:,|\Z)", re.IGNORECASE)
    rest = re.compile(rf"(NOT\s+NULL)|(NULL)|(PRIMARY)\s+KEY|(UNIQUE)|(CONSTRAINT)\s+{ident}"
                      rf"|DEFAULT(?:\s+({_LITERAL}))?{_END}", re.IGNORECASE)
    return table, element, rest


_PATTERNS = {d: _patterns(d) for d in _DIALECTS}
_TAIL_WORDS = re.compile(r"(?<![\w$#@])(?:COMMENT|PARTITION)(?![\w$#@])", re.IGNORECASE)
_IDENTS = {d: re.compile(_ident(d)) for d in _DIALECTS}
#: Bare column names the token reader takes for the start of a constraint or an index.
_NOT_COLUMNS = {d: _CONSTRAINT_START | {"PERIOD", "EXCLUDE"} | (_INDEX_START if d in ("mysql", "sqlite") else set())
                for d in _DIALECTS}


def _name(text: str, dialect: str) -> str:
    if text[0] not in "\"`[":  # a bare word: PostgreSQL folds it (as name_of does)
        return text.lower() if dialect == "postgres" else text
    return name_of(Token("q", text, 0), dialect)


def simple_create_table(text: str, dialect: str) -> TableRead | None:
    """The table as the token reader reads it, or ``None`` when the statement is not of the
    plain shape (then the token reader must read it)."""
    from core.ddl.importer.tables import TableRead

    table_re, element_re, rest_re = _PATTERNS[dialect]
    m = table_re.fullmatch(text)
    if m is None or (m.group("tail").strip() and _TAIL_WORDS.search(m.group("tail"))):
        return None  # not the shape, or table options the token reader keeps (COMMENT, PARTITION BY)
    parts = _IDENTS[dialect].findall(m.group("name"))
    if parts[0].upper() in ("IF", "NOT", "EXISTS"):
        return None
    names = [_name(p, dialect) for p in parts]
    read = TableRead(TableRef(names[-2] if len(names) > 1 else None, names[-1]))
    body, pos, n = m.group("body"), 0, len(m.group("body"))
    if not body.strip():
        return None
    while pos < n:
        e = element_re.match(body, pos)
        if e is None or e.end() == pos:
            return None
        pos = e.end()
        if e.group("kind") is not None:
            kind = "primary key" if e.group("kind")[0] in "pP" else "unique"
            name = _name(e.group("name"), dialect) if e.group("name") else None
            read.elements.append(ConstraintSpec(kind, name, [_name(k, dialect) for k in
                                                             _IDENTS[dialect].findall(e.group("keys"))]))
            continue
        written = e.group("col")
        if written[0] not in "\"`[" and written.upper() in _NOT_COLUMNS[dialect]:
            return None
        col = ColumnSpec(name=_name(written, dialect), raw_type=e.group("type") or "")
        if e.group("rest"):
            _constraints(col, e.group("rest"), rest_re, dialect)
        read.elements.append(col)
    return read


def _constraints(col: ColumnSpec, rest: str, rest_re: re.Pattern[str], dialect: str) -> None:
    """Apply the column constraints ``rest`` (already known to be of the plain shape) in order."""
    for c in rest_re.finditer(rest):
        if c.group(1) is not None:
            col.nullable = False
        elif c.group(2) is not None:
            col.nullable = True if col.nullable is None else col.nullable
        elif c.group(3) is not None:
            col.primary_key = True
        elif c.group(4) is not None:
            col.unique = True
        elif c.group(5) is not None:  # CONSTRAINT name: a name only a REFERENCES would keep
            continue
        else:  # DEFAULT [literal]
            raw = c.group(6) or ""
            col.default = to_postgres(raw, dialect)
            if col.default is None and raw:
                col.extra.append(f'default "{raw[:40]}" of "{col.name}" could not be converted; dropped')
