"""Violations and the one-sentence explanations that name their attributes.

>>> from core.normalize.fds import FD
>>> rel = Relation("customers", ("customer_id", "zip", "city"),
...                (FD.of("customer_id", "zip"), FD.of("zip", "city")))
>>> print(explain_transitive(rel, ("zip",), "city", ("customer_id",)))
city depends on zip, which is not a key; zip in turn depends on the key customer_id (customer_id -> zip -> city)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.normalize.fds import FD, MVD
from core.normalize.relation import Relation

__all__ = [
    "KINDS",
    "Violation",
    "explain_bcnf",
    "explain_mvd",
    "explain_partial",
    "explain_transitive",
]

#: Violation kinds, in the order the analysis lists them.
KINDS = ("1nf", "partial", "transitive", "bcnf", "mvd")


@dataclass(frozen=True)
class Violation:
    """One normal-form violation.

    ``kind`` is ``"partial"`` (2NF), ``"transitive"`` (3NF), ``"bcnf"``, ``"mvd"`` (4NF) or
    ``"1nf"`` (a heuristic finding about a column's values). ``fd`` is the dependency at fault
    (``None`` for 1NF findings), ``key`` the candidate key involved, ``attributes`` the columns
    a 1NF finding is about, and ``explanation`` one sentence naming the attributes.
    """

    kind: str
    fd: FD | MVD | None
    key: tuple[str, ...]
    explanation: str
    attributes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """``{"kind", "fd", "key", "explanation"}`` (``fd`` is null for 1NF findings)."""
        return {
            "kind": self.kind,
            "fd": None if self.fd is None else self.fd.to_json(),
            "key": sorted(self.key),
            "explanation": self.explanation,
        }


def _set(rel: Relation, names: Iterable[str]) -> str:
    names = tuple(names)
    return "the empty set" if not names else rel.format_set(names)


def _braced(rel: Relation, names: Sequence[str]) -> str:
    wanted = set(names)
    ordered = [a for a in rel.attributes if a in wanted]
    return ordered[0] if len(ordered) == 1 else "{" + ", ".join(ordered) + "}"


def _verb(names: Sequence[str], singular: str, plural: str) -> str:
    return singular if len(names) <= 1 else plural


def _some(rel: Relation, names: Sequence[str], most: int = 3) -> str:
    wanted = set(names)
    ordered = [a for a in rel.attributes if a in wanted]
    if len(ordered) <= most:
        return ", ".join(ordered)
    return f"{', '.join(ordered[:most])} and {len(ordered) - most} more"


def explain_partial(rel: Relation, lhs: Sequence[str], attribute: str, key: Sequence[str]) -> str:
    """``A`` depends on only part of a key."""
    k = _set(rel, key)
    if not lhs:
        return (f"{attribute} has one value for the whole table (it depends on no attribute at all), "
                f"so it does not need the key {k}")
    return f"{attribute} depends on {_set(rel, lhs)}, which is only part of the key {k}"


def explain_transitive(rel: Relation, lhs: Sequence[str], attribute: str, key: Sequence[str]) -> str:
    """``A`` depends on a non-key, which depends on the key."""
    x, k = _set(rel, lhs), _set(rel, key)
    chain = " -> ".join(_braced(rel, s) for s in (key, lhs, (attribute,)))
    return (f"{attribute} depends on {x}, which is not a key; {x} in turn "
            f"{_verb(lhs, 'depends', 'depend')} on the key {k} ({chain})")


def explain_bcnf(rel: Relation, lhs: Sequence[str], rhs: Sequence[str], missing: Sequence[str]) -> str:
    """A determinant that is not a superkey."""
    x = _set(rel, lhs)
    return (f"{x} {_verb(lhs, 'determines', 'determine')} {_some(rel, rhs)} but "
            f"{_verb(lhs, 'is', 'are')} not a key: {_some(rel, missing)} "
            f"{_verb(missing, 'does', 'do')} not depend on {x}")


def explain_mvd(rel: Relation, lhs: Sequence[str], rhs: Sequence[str], rest: Sequence[str]) -> str:
    """An MVD whose left-hand side is not a superkey."""
    x = _set(rel, lhs)
    return (f"{_some(rel, rhs)} {_verb(rhs, 'varies', 'vary')} independently of {_some(rel, rest)} "
            f"for each {x} ({x} ->> {_some(rel, rhs)}), but {x} {_verb(lhs, 'is', 'are')} not a key, "
            f"so every combination is stored")
