"""Readers for the statements around the tables: ALTER TABLE, CREATE INDEX, views, enum and
alias types, domains, sequences, COMMENT ON, schemas. Token-based and forgiving: they read the
few shapes schema dumps use in every dialect, much faster than a full parse."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.ddl.importer.draft import ImportState, TableDraft
from core.ddl.importer.elements import qualified_name, read_element, read_name_list, text_of, type_end
from core.ddl.importer.exprs import to_postgres
from core.ddl.importer.specs import ColumnSpec, IndexSpec, TableRef
from core.ddl.importer.tokens import Token, matching, name_of, split_top, tokenize, upper_words, words

__all__ = ["alter_table", "comment_on", "create_domain", "create_extension", "create_index", "create_schema",
           "create_type", "create_view", "sequence_trigger"]

_ALTER_VERBS = words("ADD ALTER MODIFY DROP ATTACH DETACH OWNER ENABLE DISABLE SET RESET CLUSTER "
                         "REPLICA INHERIT NO VALIDATE RENAME CHECK NOCHECK FORCE WITH")


def _after(up: Sequence[str], word: str, skip: Sequence[str] = ()) -> int:
    i = up.index(word) + 1 if word in up else len(up)
    while i < len(up) and up[i] in skip:
        i += 1
    return i


def alter_table(text: str, state: ImportState, line: int) -> None:
    """``ALTER TABLE [ONLY] t <action>[, ...]`` (constraints, columns, defaults, partitions)."""
    d = state.dialect
    toks = tokenize(text, d)
    up = upper_words(toks)
    i = _after(up, "TABLE", ("ONLY", "IF", "EXISTS"))
    ref, i = qualified_name(toks, i, d)
    if i < len(toks) and toks[i].text == "*":
        i += 1
    draft = state.table(ref)
    verb = ""
    used = False
    for a, b in split_top(toks, i):
        while a < b and up[a] == "WITH" and a + 1 < b and up[a + 1] in ("CHECK", "NOCHECK"):
            a += 2
        if a >= b:
            continue
        if toks[a].kind == "w" and up[a] in _ALTER_VERBS:
            verb = up[a]
            a += 1
        if verb == "OWNER":
            state.report.skip("alter table owner", line)
            return
        if verb not in ("ADD", "ALTER", "MODIFY", "ATTACH"):
            continue  # DROP, ENABLE, table options...: nothing the model keeps
        if draft is None:
            if "EXISTS" in up[:i]:  # pg_dump --clean: ALTER TABLE IF EXISTS ... before the CREATE TABLE
                break
            state.report.warn(line, f'ALTER TABLE on "{ref.name}", which is not a table in the file (or not '
                                    "yet: it is created further down); skipped", "missing-table")
            return
        used = True
        if verb == "ADD":
            _add(toks, up, a, b, text, state, draft, line)
        elif verb in ("ALTER", "MODIFY"):
            _alter_column(toks, up, a, b, text, state, draft, line, verb)
        elif a < b and up[a] == "PARTITION":
            child_ref, k = qualified_name(toks, a + 1, d)
            child = state.table(child_ref)
            if child is not None:
                child.partition_of = draft.ref
                child.partition_bound = text_of(toks, k, b, text).strip() if k < b else None
    if not used:  # DROP ..., ENABLE TRIGGER, table options: nothing the model keeps
        if draft is None and "EXISTS" in up[:i]:
            state.report.skip("alter table if exists (clean-up)", line)
        else:
            state.report.skip("alter table drop" if verb == "DROP" else "alter table (option)", line)


def _add(toks: Sequence[Token], up: Sequence[str], a: int, b: int, text: str, state: ImportState,
         draft: TableDraft, line: int) -> None:
    if a < b and up[a] == "COLUMN":
        a += 1
    while a < b and up[a] in ("IF", "NOT", "EXISTS"):
        a += 1
    if a < b and toks[a].text == "(":  # Oracle: ADD (col ..., CONSTRAINT ...)
        end = matching(toks, a)
        ranges = split_top(toks, a + 1, end)
    else:
        ranges = [(a, b)]
    for x, y in ranges:
        element = read_element(list(toks[x:y]), state.dialect, text)
        if element is not None:
            state.add_element(draft, element, line)


def _alter_column(toks: Sequence[Token], up: Sequence[str], a: int, b: int, text: str, state: ImportState,
                  draft: TableDraft, line: int, verb: str) -> None:
    if a < b and up[a] == "COLUMN":
        a += 1
    if a < b and toks[a].text == "(":  # Oracle: MODIFY (col NOT NULL, ...)
        end = matching(toks, a)
        for x, y in split_top(toks, a + 1, end):
            _alter_column(toks, up, x, y, text, state, draft, line, verb)
        return
    if a >= b:
        return
    col = draft.column(name_of(toks[a], state.dialect))
    if col is None:
        state.report.warn(line, f'ALTER TABLE "{draft.ref.name}": no column "{toks[a].text}"; skipped',
                          "missing-column")
        return
    rest = up[a + 1:b]
    if verb == "MODIFY" or (state.dialect == "tsql" and rest and rest[0] not in ("SET", "DROP", "ADD")):
        new = read_element(list(toks[a:b]), state.dialect, text)
        if isinstance(new, ColumnSpec):
            new.name, new.note = col.name, new.note or col.note
            if not new.raw_type:
                new.raw_type = col.raw_type
            draft.columns[col.name] = new
        return
    if rest[:2] == ["SET", "DEFAULT"]:
        col.default = to_postgres(text_of(toks, a + 3, b, text), state.dialect)
    elif rest[:2] == ["DROP", "DEFAULT"]:
        col.default = None
    elif rest[:3] == ["SET", "NOT", "NULL"]:
        col.nullable = False
    elif rest[:3] == ["DROP", "NOT", "NULL"]:
        col.nullable = True
    elif rest[:1] == ["ADD"] and "IDENTITY" in rest:
        col.identity = "always" if "ALWAYS" in rest else "by default"
    elif rest[:1] == ["TYPE"] or rest[:3] == ["SET", "DATA", "TYPE"]:
        k = a + 1 + rest.index("TYPE") + 1
        col.raw_type = text_of(toks, k, type_end(toks, up, k), text).strip()


def _simple_index_patterns(dialect: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    quoted = r'"(?:[^"]|"")*"|`(?:[^`]|``)*`' + (r"|\[(?:[^\]]|\]\])*\]" if dialect in ("tsql", "sqlite") else "")
    ident = rf"(?:[^\W\d][\w$#@]*|{quoted})"
    key = rf"(?!(?:ASC|DESC|FIRST|LAST|NULLS)\b){ident}(?:\s+(?:ASC|DESC)\b)?"
    statement = re.compile(
        rf"\s*CREATE\s+(?P<unique>UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{ident})\s*"
        rf"\bON\s+(?:ONLY\s+)?+(?P<table>{ident}(?:\s*\.\s*{ident}){{0,2}})\s*"
        rf"(?:\bUSING\s+(?P<method>[A-Za-z_]\w*)\s*)?"
        rf"\(\s*(?P<keys>{key}(?:\s*,\s*{key})*)\s*\)\s*", re.IGNORECASE)
    return statement, re.compile(rf"({ident})(?:\s+(ASC|DESC)\b)?", re.IGNORECASE)


#: The common shape, ``CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON [ONLY] [schema.]table [USING m]
#: (a [ASC|DESC], ...)``, read with one regular expression; anything else goes through the tokens.
_SIMPLE_INDEX = {d: _simple_index_patterns(d) for d in ("postgres", "mysql", "sqlite", "tsql", "oracle")}


def _ident(text: str, d: str) -> str:
    """The name an identifier written as ``text`` stands for (as :func:`name_of` reads its token)."""
    return name_of(Token("q" if text[0] in "\"`[" else "w", text, 0), d)


def _simple_index(text: str, d: str) -> IndexSpec | None:
    statement, idents = _SIMPLE_INDEX[d]
    m = statement.fullmatch(text)
    if m is None or m.group("name").upper() in ("ON", "CONCURRENTLY", "IF"):
        return None
    found = idents.findall(m.group("table"))
    if found[0][0].upper() == "ONLY":  # a table named "only": the token reader decides
        return None
    parts = [_ident(p, d) for p, _ in found]
    keys: list[tuple[str | None, str | None, str | None, str | None]] = [
        (_ident(column, d), None, order.lower() or None, None) for column, order in idents.findall(m.group("keys"))]
    method = m.group("method")
    return IndexSpec(_ident(m.group("name"), d), TableRef(parts[-2] if len(parts) > 1 else None, parts[-1]), keys,
                     unique=m.group("unique") is not None, method=method.lower() if method else "btree")


def create_index(text: str, state: ImportState, line: int) -> None:
    """``CREATE [UNIQUE] INDEX name ON table [USING m] (keys) [INCLUDE (...)] [WHERE ...]``."""
    d = state.dialect
    simple = _simple_index(text, d)
    if simple is not None:
        state.add_index(simple, line)
        return
    toks = tokenize(text, d)
    up = upper_words(toks)
    head = up[:up.index("INDEX")] if "INDEX" in up else up
    i = _after(up, "INDEX", ("CONCURRENTLY", "IF", "NOT", "EXISTS"))
    name = None
    if i < len(up) and up[i] != "ON":
        name = name_of(toks[i], d)
        i += 1
        while i < len(up) and toks[i].text == "." and i + 1 < len(toks):
            name = name_of(toks[i + 1], d)
            i += 2
    method = "btree"
    while i < len(up) and up[i] != "ON":
        if up[i] == "USING" and i + 1 < len(up):
            method = up[i + 1].lower()
        i += 1
    i = i + 1
    if i < len(up) and up[i] == "ONLY":
        i += 1
    table, i = qualified_name(toks, i, d)
    while i < len(toks) and toks[i].text != "(":
        if up[i] == "USING" and i + 1 < len(up):
            method = up[i + 1].lower()
        i += 1
    spec = IndexSpec(name, table, [], unique="UNIQUE" in head, method=method)
    if "FULLTEXT" in head or "SPATIAL" in head:
        spec.skipped = f"a {'fulltext' if 'FULLTEXT' in head else 'spatial'} index has no PostgreSQL equivalent"
    if i >= len(toks):
        spec.skipped = "no key list"
        state.add_index(spec, line)
        return
    end = matching(toks, i)
    for a, b in split_top(toks, i + 1, end):
        spec.keys.append(_index_key(toks, up, a, b, text, d))
    k = end + 1
    while k < len(toks):
        if up[k] == "INCLUDE" and k + 1 < len(toks):
            spec.include, k = read_name_list(toks, k + 1, d)
            continue
        if up[k] == "WHERE":
            stop = next((j for j in range(k + 1, len(toks)) if up[j] in ("WITH", "ON", "TABLESPACE")
                         and d == "tsql"), len(toks))
            spec.where = to_postgres(text_of(toks, k + 1, stop, text), d)
            break
        k += 1
    if not spec.skipped and any(key[0] is None and key[1] is None for key in spec.keys):
        spec.skipped = "a key expression could not be converted"
    state.add_index(spec, line)


def _index_key(toks: Sequence[Token], up: Sequence[str], a: int, b: int, text: str, d: str
               ) -> tuple[str | None, str | None, str | None, str | None]:
    order = None
    while b > a and up[b - 1] in ("ASC", "DESC", "FIRST", "LAST", "NULLS"):
        if up[b - 1] in ("ASC", "DESC"):
            order = up[b - 1].lower()
        b -= 1
    if b - a >= 1 and toks[a].kind in "wq":
        rest = toks[a + 1:b]
        if not rest:
            return (name_of(toks[a], d), None, order, None)
        if rest[0].text == "(" and d == "mysql":  # prefix length
            return (name_of(toks[a], d), None, order, None)
        if rest[-1].kind == "w" and d == "postgres" and all(  # an operator class, maybe qualified
                t.kind == "w" if k % 2 == 0 else t.text == "." for k, t in enumerate(rest)):
            return (name_of(toks[a], d), None, order, "".join(t.text for t in rest).lower())
    expr = to_postgres(text_of(toks, a, b, text), d)
    return (None, expr, order, None)


def create_view(text: str, state: ImportState, line: int, materialized: bool) -> None:
    """Views are kept with their SQL (converted to PostgreSQL when written in another dialect)."""
    d = state.dialect
    toks = tokenize(text, d)
    up = upper_words(toks)
    i = _after(up, "VIEW", ("IF", "NOT", "EXISTS"))
    ref, i = qualified_name(toks, i, d)
    depth = 0
    while i < len(toks):
        if toks[i].text == "(":
            depth += 1
        elif toks[i].text == ")":
            depth -= 1
        elif depth == 0 and up[i] == "AS":
            break
        i += 1
    if i + 1 >= len(toks):
        state.report.error(line, f'view "{ref.name}": no AS SELECT found; skipped')
        return
    body = text[toks[i + 1].pos:].strip().rstrip(";").strip()
    for tail in ("WITH NO DATA", "WITH DATA", "WITH CHECK OPTION", "WITH READ ONLY"):
        if body.upper().endswith(tail):
            body = body[: -len(tail)].rstrip()
    if d != "postgres":
        converted = to_postgres(body, d, statement=True)
        if converted is None:
            state.report.warn(line, f'view "{ref.name}": the SELECT could not be converted to PostgreSQL; '
                                    "kept as written", "view")
        body = converted or body
    key = (state.schema_of(ref.schema), ref.name.lower())
    state.views = [v for v in state.views if (state.schema_of(v[1]), v[0].lower()) != key]
    state.views.append((ref.name, ref.schema, body, materialized, line))  # the last definition wins


def create_type(text: str, state: ImportState, line: int) -> bool:
    """``CREATE TYPE t AS ENUM (...)`` and T-SQL ``CREATE TYPE t FROM base``; False otherwise."""
    d = state.dialect
    toks = tokenize(text, d)
    up = upper_words(toks)
    ref, i = qualified_name(toks, _after(up, "TYPE"), d)
    if up[i:i + 2] == ["AS", "ENUM"] and i + 2 < len(toks):
        end = matching(toks, i + 2)
        values = tuple(name_of(t, d) for t in toks[i + 3:end] if t.kind == "s")
        schema = state.schema_of(ref.schema)
        state.enums[ref.name.lower()] = (ref.name, schema, values, line)
        return True
    if up[i:i + 1] == ["FROM"]:
        state.aliases[ref.name.lower()] = text_of(toks, i + 1, type_end(toks, up, i + 1), text)
        return True
    return False


def create_domain(text: str, state: ImportState, line: int) -> None:
    """A domain is imported as its base type (the domain's name stays as the original type)."""
    d = state.dialect
    toks = tokenize(text, d)
    up = upper_words(toks)
    ref, i = qualified_name(toks, _after(up, "DOMAIN"), d)
    if i < len(up) and up[i] == "AS":
        i += 1
    state.aliases[ref.name.lower()] = text_of(toks, i, type_end(toks, up, i), text)


def comment_on(text: str, state: ImportState, line: int) -> bool:
    """``COMMENT ON TABLE|VIEW|COLUMN x IS '...'`` to notes; False for other objects."""
    d = state.dialect
    toks = tokenize(text, d)
    up = upper_words(toks)
    what = up[2] if len(up) > 2 else ""
    start = 4 if what == "MATERIALIZED" else 3
    if what not in ("TABLE", "COLUMN", "VIEW", "MATERIALIZED") or "IS" not in up:
        return False
    k = len(up) - 1 - up[::-1].index("IS")
    note = None if k + 1 >= len(toks) or toks[k + 1].kind != "s" else _literal(toks[k + 1].text)
    parts = [name_of(t, d) for t in toks[start:k] if t.kind in "wq"]
    if what == "COLUMN" and len(parts) >= 2:
        draft = state.table(_ref(parts[:-1]))
        col = draft.column(parts[-1]) if draft is not None else None
        if col is not None:
            col.note = note
            return True
        owner = _ref(parts[:-1]).name.lower()
        if draft is None and any(v[0].lower() == owner for v in state.views):
            return False  # a view's column: the model keeps no notes there
    elif what == "TABLE" and parts:
        draft = state.table(_ref(parts))
        if draft is not None:
            draft.note = note
            return True
        view = _ref(parts)
        if any(v[0].lower() == view.name.lower() for v in state.views):
            if note is not None:
                state.view_notes[(state.schema_of(view.schema), view.name.lower())] = note
            return True
    elif parts:
        view = _ref(parts)
        if note is not None:
            state.view_notes[(state.schema_of(view.schema), view.name.lower())] = note
        return True
    state.report.warn(line, f"COMMENT ON {what.lower()} {'.'.join(parts)}: not in the file; skipped",
                      "missing-table")
    return True


def create_extension(text: str, state: ImportState, line: int) -> None:
    """``CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] ...``: the model lists it."""
    toks = tokenize(text, state.dialect)
    up = upper_words(toks)
    i = _after(up, "EXTENSION", ("IF", "NOT", "EXISTS"))
    if i < len(toks) and toks[i].kind in "wq":
        name = name_of(toks[i], state.dialect)
        if name not in state.extensions:
            state.extensions.append(name)


def create_schema(text: str, state: ImportState, line: int) -> None:
    toks = tokenize(text, state.dialect)
    up = upper_words(toks)
    i = _after(up, "SCHEMA", ("IF", "NOT", "EXISTS"))
    if i < len(toks) and up[i] != "AUTHORIZATION":
        schema = state.schema_of(name_of(toks[i], state.dialect))
        if schema:
            state.schemas.add(schema)


def _ref(parts: list[str]) -> TableRef:
    return TableRef(parts[-2] if len(parts) > 1 else None, parts[-1])


def _literal(text: str) -> str:
    body = text[text.index("'") + 1:]
    return (body[:-1] if body.endswith("'") else body).replace("''", "'")


_TRIGGER_TABLE = re.compile(r"\bBEFORE\s+INSERT\s+ON\s+((?:\"[^\"]+\"|[\w$#]+)(?:\s*\.\s*(?:\"[^\"]+\"|[\w$#]+))?)"
                            r"\s+(?:REFERENCING\b.*?\s+)?FOR\s+EACH\s+ROW\b", re.I | re.S)
_TRIGGER_NEXTVAL = re.compile(
    r"(?:\bSELECT\s+(?P<seq>[\w$#.\"]+)\s*\.\s*NEXTVAL\s+INTO\s*:\s*NEW\s*\.\s*(?P<col>\"[^\"]+\"|[\w$#]+)"
    r"|:\s*NEW\s*\.\s*(?P<col2>\"[^\"]+\"|[\w$#]+)\s*:=\s*(?P<seq2>[\w$#.\"]+)\s*\.\s*NEXTVAL\b)", re.I)


def sequence_trigger(text: str, state: ImportState, line: int) -> bool:
    """Oracle before Oracle 12 numbered rows with a sequence and a trigger::

        CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW
        BEGIN SELECT t_seq.nextval INTO :new.id FROM dual; END;

    which is what an identity column is: the column becomes ``GENERATED BY DEFAULT AS
    IDENTITY`` (the trigger fills it only when the insert gives no value, in the usual
    ``IF :new.id IS NULL`` form; by default either way). True when the trigger was such a one.
    """
    table = _TRIGGER_TABLE.search(text)
    found = _TRIGGER_NEXTVAL.search(text) if table is not None else None
    if table is None or found is None or len(_TRIGGER_NEXTVAL.findall(text)) != 1:
        return False
    d = state.dialect
    ref, _ = qualified_name(tokenize(table.group(1), d), 0, d)
    draft = state.table(ref)
    column = found.group("col") or found.group("col2")
    col = draft.column(name_of(tokenize(column, d)[0], d)) if draft is not None else None
    if col is None:
        return False
    col.identity = col.identity or "by default"
    state.sequences.add((found.group("seq") or found.group("seq2")).strip('"'))
    return True
