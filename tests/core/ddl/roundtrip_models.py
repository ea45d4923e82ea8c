"""Hypothesis strategies for random models that a real database can hold, with hostile names.

Names mix quotes, semicolons, ``--``, unicode, reserved words, mixed case, spaces and names of
exactly 63 bytes; types, defaults and checks are chosen so that the DDL must run. Expressions
that mention a column quote it here with a tiny quoting function of the test's own (so the
generator's quoting is not used to test itself).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from core.model import (
    PUBLISH_OPERATIONS,
    Attribute,
    CheckConstraint,
    DataModel,
    Entity,
    ForeignKey,
    Index,
    IndexKey,
    PrimaryKey,
    Publication,
    PublicationTable,
    UniqueConstraint,
    View,
)
from core.validate import identifier_problem

HOSTILE_NAMES = [
    'quo"te', "semi;colon", "dash--dash", "-- comment", "select", "Order", "user", "table", "from",
    "MixedCase", "UPPER", "ünïcödé", "名前", "emoji😀", "space name", "$dollar", "back\\slash",
    "it's", "a.b", "x" * 63, "é" * 31 + "x", "1starts_with_digit", "(paren)", "end;", "percent%s",
    "DROP TABLE x; --", "*/ not a comment", "/* nope", "tab\tname",
]
#: Names the server reserves or creates on its own (system columns, implicit relations).
_RESERVED = {"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid"}
_SUFFIXES = ("_pkey", "_key", "_idx", "_seq", "_excl", "_fkey", "_check")


def _ok(name: str) -> bool:
    return (identifier_problem(name) is None and name.lower() not in _RESERVED
            and not name.endswith(_SUFFIXES) and not name.startswith("pg_") and name == name.strip())


NAMES = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12),
).filter(_ok)

#: (type, a default that type accepts, a check for a column of that type with {c} the column)
TYPES: list[tuple[str, str | None, str | None]] = [
    ("integer", "0", "{c} >= 0"),
    ("bigint", "-1", "{c} <> 42"),
    ("smallint", None, "{c} BETWEEN -5 AND 5"),
    ("text", "'it''s; -- fine'", "length({c}) < 100"),
    ("varchar(40)", "'x'", "{c} <> ''"),
    ("numeric(12,2)", "1.50", "{c} >= 0"),
    ("boolean", "true", None),
    ("date", "CURRENT_DATE", None),
    ("timestamptz", "now()", None),
    ("uuid", "gen_random_uuid()", None),
    ("jsonb", "'{}'::jsonb", None),
    ("text[]", "'{}'", None),
    ("double precision", None, "{c} > -1e9"),
    ("bytea", None, None),
    ("interval", None, None),
    ("char(3)", "'abc'", None),
]


def _clip(text: str, nbytes: int) -> str:
    return text.encode("utf-8")[:nbytes].decode("utf-8", errors="ignore")


def q(name: str) -> str:
    """A PostgreSQL quoted identifier (the test's own, independent of the generator)."""
    return '"' + name.replace('"', '""') + '"'


@st.composite
def attributes(draw: Any, names: list[str]) -> tuple[Attribute, ...]:
    out = []
    for name in names:
        type_, default, check = draw(st.sampled_from(TYPES))
        out.append(Attribute(
            name=name, type=type_, nullable=draw(st.booleans()),
            default=default if draw(st.booleans()) else None,
            check=check.format(c=q(name)) if check and draw(st.booleans()) else None,
            note=draw(st.one_of(st.none(), st.sampled_from(["a note", "it's; -- tricky\nline 2", "注釈"]))),
        ))
    return tuple(out)


@st.composite
def models(draw: Any, max_entities: int = 4) -> DataModel:
    """A valid model of 1..max_entities tables with keys, uniques, checks, indexes and FKs."""
    n = draw(st.integers(1, max_entities))
    table_names = draw(st.lists(NAMES, min_size=n, max_size=n, unique_by=str.lower))
    entities: list[Entity] = []
    for i, table in enumerate(table_names):
        cols = draw(st.lists(NAMES, min_size=1, max_size=5, unique_by=str.lower))
        attrs = list(draw(attributes(cols)))
        pk = None
        if draw(st.booleans()):
            pk_cols = cols[: draw(st.integers(1, min(2, len(cols))))]
            pk = PrimaryKey(columns=tuple(pk_cols))
        fks: list[ForeignKey] = []
        parents = [e for e in entities if e.primary_key is not None]
        if parents and draw(st.booleans()):
            parent = draw(st.sampled_from(parents))
            assert parent.primary_key is not None
            fk_cols = []
            for ref in parent.primary_key.columns:
                ref_attr = parent.attribute(ref)
                assert ref_attr is not None
                name = f"{_clip(parent.name, 24)}→{_clip(ref, 24)}#{len(attrs)}"
                attrs.append(Attribute(name=name, type=ref_attr.type))
                fk_cols.append(name)
            fks.append(ForeignKey(columns=tuple(fk_cols), references=parent.name,
                                  on_delete=draw(st.sampled_from([None, "cascade", "set null", "restrict"])),
                                  deferrable=draw(st.booleans())))
        uniques = ()
        if len(cols) > 1 and draw(st.booleans()):
            uniques = (UniqueConstraint(columns=(cols[-1],), nulls_not_distinct=draw(st.booleans())),)
        indexes = ()
        if draw(st.booleans()):
            col = draw(st.sampled_from(cols))
            indexes = (Index(columns=(IndexKey(column=col, order=draw(st.sampled_from([None, "desc"]))),)),)
        checks = ()
        int_cols = [a.name for a in attrs if a.type in ("integer", "bigint", "smallint")]
        if len(int_cols) >= 2 and draw(st.booleans()):
            checks = (CheckConstraint(expression=f"{q(int_cols[0])} <> {q(int_cols[1])}",
                                      name=draw(st.one_of(st.none(), NAMES))),)
        entities.append(Entity(name=table, attributes=tuple(attrs), primary_key=pk, foreign_keys=tuple(fks),
                               uniques=uniques, indexes=indexes, checks=checks,
                               note=draw(st.one_of(st.none(), st.just(f"table #{i}; it's 'quoted'")))))
    views = ()
    if draw(st.booleans()):  # a view with random security options (relation names: unlike any table's)
        base = draw(st.sampled_from(entities))
        views = (View(name=_clip(base.name, 50) + "·view", sql=f"SELECT * FROM {q(base.name)}",
                      security_invoker=draw(st.booleans()), security_barrier=draw(st.booleans())),)
    return DataModel(name="random", entities=tuple(entities), views=views,
                     publications=draw(st.lists(publications(entities), max_size=2, unique_by=lambda p: p.name)))


@st.composite
def publications(draw: Any, entities: list[Entity]) -> Publication:
    """A publication of some of ``entities`` (column lists and integer row filters at random), or
    of all tables; a hostile name, any non-empty set of operations."""
    chosen = draw(st.lists(st.sampled_from(entities), max_size=len(entities), unique_by=lambda e: e.name))
    tables = []
    for e in chosen:
        cols = draw(st.lists(st.sampled_from(e.attribute_names), max_size=3, unique=True))
        ints = [a.name for a in e.attributes if a.type in ("integer", "bigint", "smallint")]
        where = f"{q(ints[0])} > 0" if ints and draw(st.booleans()) else None
        tables.append(PublicationTable(table=e.name, columns=tuple(cols), where=where))
    ops = draw(st.lists(st.sampled_from(PUBLISH_OPERATIONS), min_size=1, max_size=4, unique=True))
    return Publication(name=draw(NAMES), all_tables=not tables and draw(st.booleans()), tables=tuple(tables),
                       publish=tuple(ops), note=draw(st.one_of(st.none(), st.just("it's -- a feed"))))
