"""Recasing converted expressions: the shortcut for names already written as declared.

``recase`` skips sqlglot when every name of an expression is spelt as declared and needs no
quotes; the result must be what the full path (parse, respell, generate) gives.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.ddl.importer.exprs import _PLAIN_LITERAL, _STRINGS, _WORDS, _recase, recase, to_postgres

_DECLARED = ["id", "BirthDate", "total", "user_id", "Status", "qty", "camelCase", "end_ts"]
_SHAPES = ["{a} > 0", "{a} IS NOT NULL", "lower({a}) = 'x {b}'", "{a} + {b} < 10", "{a} IN ('a', 'b')",
           "coalesce({a}, {b}) <> 0", "{a} BETWEEN 1 AND {b}", "NOT {a}", "{a} = `{b}`", "length({a}) > 2"]


def _full_path(sql: str, names: dict[str, str]) -> str:
    """What ``recase`` did before the shortcut: always through sqlglot when a name is used."""
    if _PLAIN_LITERAL.fullmatch(sql):
        return sql
    used = tuple(sorted({(w.lower(), names[w.lower()]) for w in _WORDS.findall(_STRINGS.sub("''", sql))
                         if w.lower() in names}))
    return _recase(sql, used, False) if used else sql


@st.composite
def _spelling(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(_DECLARED))
    return draw(st.sampled_from([name, name.lower(), name.upper()]))


@settings(max_examples=200, deadline=None)
@given(shape=st.sampled_from(_SHAPES), a=_spelling(), b=_spelling(),
       declared=st.lists(st.sampled_from(_DECLARED), min_size=1, max_size=5, unique=True))
def test_shortcut_gives_what_the_full_path_gives(shape: str, a: str, b: str, declared: list[str]) -> None:
    sql = to_postgres(shape.format(a=a, b=b), "mysql")
    assert sql is not None
    names = {n.lower(): n for n in declared}
    assert recase(sql, names) == _full_path(sql, names)


def test_a_name_declared_in_mixed_case_is_still_respelt() -> None:
    assert recase("birthdate > 0", {"birthdate": "BirthDate"}) == '"BirthDate" > 0'
    assert recase("BIRTHDATE > 0", {"birthdate": "birthdate"}) == "birthdate > 0"
    assert recase("birthdate > 0", {"birthdate": "birthdate"}) == "birthdate > 0"
