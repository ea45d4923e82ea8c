"""1NF heuristics over ``(name, type)`` columns: values that look like more than one value.

Three signs, each reported as a ``"1nf"`` :class:`~core.normalize.explain.Violation`:

* a repeating group: columns named ``stem1, stem2, ...`` (``phone1, phone2, phone3`` or
  ``phone_1, phone_2``) with the same kind of type;
* a delimited list in a text column, told by its name (``tags``, ``*_list``, ``*_csv``,
  ``*_ids``) or by its note (``comma-separated``, ``delimited``, ``list of``);
* an array column, or a JSON column whose name or note says it holds a list.

These are heuristics: the analysis assumes atomic values (the normal-form label does not drop
below 1NF because of them) and reports them so a designer can decide.

>>> [v.attributes for v in first_nf_violations([("phone1", "text"), ("phone2", "text"), ("tags", "text")])]
[('phone1', 'phone2'), ('tags',)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from core.normalize.explain import Violation
from core.types import family

__all__ = ["Column", "first_nf_violations"]


class Column(NamedTuple):
    """A column as the 1NF heuristics see it; ``type`` and ``note`` are optional."""

    name: str
    type: str | None = None
    note: str | None = None


_NUMBERED = re.compile(r"^(?P<stem>.*?[A-Za-z])_?(?P<num>\d{1,2})$")
_LIST_NAME = re.compile(r"^(tags|keywords|categories|labels)$|_(list|csv|ids|tags|array)$", re.I)
_LIST_NOTE = re.compile(r"comma[- ]separated|semicolon[- ]separated|delimited|\blist of\b|\barray of\b", re.I)
_OBJECT_PLURALS = frozenset(
    ["settings", "options", "preferences", "attributes", "properties", "params", "parameters", "details", "extras", "stats", "metrics", "headers", "metadata", "status", "address"]
)
_TEXTUAL = frozenset({"text", "other"})


def _columns(columns: Iterable[Column | tuple[str, str | None] | tuple[str, str | None, str | None]]
             ) -> list[Column]:
    return [c if isinstance(c, Column) else Column(*c) for c in columns]


def _family(col: Column) -> str | None:
    return None if col.type is None else family(col.type)


def _repeating_groups(cols: list[Column]) -> Iterable[Violation]:
    groups: dict[str, list[tuple[int, Column]]] = {}
    for col in cols:
        m = _NUMBERED.match(col.name)
        if m and len(m["stem"].rstrip("_")) >= 2:
            groups.setdefault(m["stem"].rstrip("_").lower(), []).append((int(m["num"]), col))
    for stem, members in groups.items():
        numbers = sorted({n for n, _ in members})
        if len(numbers) < 2 or numbers[0] > 2 or numbers != list(range(numbers[0], numbers[-1] + 1)):
            continue
        families = {_family(c) for _, c in members} - {None}
        if len(families) > 1:
            continue
        names = tuple(c.name for _, c in members)
        yield Violation(
            "1nf", None, (),
            f"{', '.join(names)} look like a repeating group of {stem} values; store them as rows "
            f"of a child table (one {stem} per row) instead of numbered columns",
            names,
        )


def _list_column(col: Column) -> Violation | None:
    fam = _family(col)
    by_note = bool(col.note and _LIST_NOTE.search(col.note))
    by_name = bool(_LIST_NAME.search(col.name))
    if fam == "array":
        return Violation("1nf", None, (), f"{col.name} is an array ({col.type}), so one field holds "
                         "several values; a child table with one row per element keeps it atomic",
                         (col.name,))
    if fam in ("json", "jsonb"):
        plural = (col.name.lower().endswith("s") and not col.name.lower().endswith("ss")
                  and col.name.lower() not in _OBJECT_PLURALS)
        if by_name or by_note or plural:
            return Violation("1nf", None, (), f"{col.name} is {col.type} and looks like a list of values; "
                             "if its elements are queried or referenced, give them a child table",
                             (col.name,))
        return None
    if (fam is None or fam in _TEXTUAL) and (by_name or by_note):
        return Violation("1nf", None, (), f"{col.name} looks like a delimited list in a text column; "
                         "store one value per row in a child table so each value can be "
                         "queried, constrained and referenced", (col.name,))
    return None


def first_nf_violations(
    columns: Iterable[Column | tuple[str, str | None] | tuple[str, str | None, str | None]],
) -> tuple[Violation, ...]:
    """1NF findings for ``columns`` (``Column`` or ``(name, type[, note])`` tuples)."""
    cols = _columns(columns)
    found = list(_repeating_groups(cols))
    for col in cols:
        v = _list_column(col)
        if v is not None:
            found.append(v)
    return tuple(found)
