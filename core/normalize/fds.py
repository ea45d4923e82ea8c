"""Functional dependencies over attribute bitsets: closure, implication, equivalence, covers.

The public functions here take and return attribute *names*; they compile the FDs to bitsets
and run the linear-time, counter-based closure of :mod:`core.normalize.bitsets`, which is what
the key, normal-form and decomposition algorithms use directly.

>>> fds = [FD.of("A", "B"), FD.of("B", "C")]
>>> sorted(closure({"A"}, fds))
['A', 'B', 'C']
>>> implies(fds, FD.of("A", "C")), implies(fds, FD.of("C", "A"))
(True, False)
>>> [str(fd) for fd in minimal_cover([FD.of("A", "B C"), FD.of("A B", "C")], order="ABC")]
['A -> B', 'A -> C']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

from core.normalize.bitsets import AttributeSpace, ClosureIndex, NormalizeError, bits

__all__ = [
    "FD",
    "MVD",
    "AttributeSpace",
    "ClosureIndex",
    "NormalizeError",
    "bits",
    "canonical_cover",
    "closure",
    "equivalent",
    "implies",
    "minimal_cover",
]




def _names(value: Iterable[str] | str) -> frozenset[str]:
    """A set of names from an iterable, or from a string of names separated by spaces/commas."""
    if isinstance(value, str):
        return frozenset(value.replace(",", " ").split())
    return frozenset(value)


def _fmt(names: Iterable[str], order: Sequence[str] | None = None) -> str:
    if order is None:
        return ", ".join(sorted(names))
    rank = {a: i for i, a in enumerate(order)}
    return ", ".join(sorted(names, key=lambda a: (rank.get(a, len(rank)), a)))


@dataclass(frozen=True)
class _Dependency:
    lhs: frozenset[str]
    rhs: frozenset[str]
    source: str = "declared"

    _arrow: ClassVar[str] = "->"

    def __post_init__(self) -> None:
        object.__setattr__(self, "lhs", frozenset(self.lhs))
        object.__setattr__(self, "rhs", frozenset(self.rhs))

    @classmethod
    def of(cls, lhs: Iterable[str] | str, rhs: Iterable[str] | str, source: str = "declared") -> Self:
        """Build a dependency from name collections or ``"A B"`` / ``"A, B"`` strings."""
        return cls(_names(lhs), _names(rhs), source)

    @property
    def sides(self) -> tuple[frozenset[str], frozenset[str]]:
        """``(lhs, rhs)``, for comparing dependencies regardless of their source."""
        return (self.lhs, self.rhs)

    def format(self, order: Sequence[str] | None = None) -> str:
        """``"A, B -> C"`` with names in ``order`` (alphabetical when not given)."""
        return f"{_fmt(self.lhs, order)} {self._arrow} {_fmt(self.rhs, order)}".strip()

    def to_json(self) -> dict[str, list[str]]:
        """``{"lhs": [...], "rhs": [...]}`` with sorted names."""
        return {"lhs": sorted(self.lhs), "rhs": sorted(self.rhs)}

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True)
class FD(_Dependency):
    """A functional dependency ``lhs -> rhs`` with a ``source`` tag.

    ``source`` says where the FD comes from: ``"declared"``, ``"primary key"``, ``"unique"``,
    ``"discovered"``... Two FDs with the same sides but different sources compare unequal; use
    :attr:`sides` to compare the dependency alone.

    >>> fd = FD.of("zip", "city, state")
    >>> str(fd), fd.trivial, fd.sides == FD.of("zip", "state city", "unique").sides
    ('zip -> city, state', False, True)
    """

    @property
    def trivial(self) -> bool:
        """True when ``rhs`` is a subset of ``lhs`` (the FD holds in every relation)."""
        return self.rhs <= self.lhs


@dataclass(frozen=True)
class MVD(_Dependency):
    """A multivalued dependency ``lhs ->> rhs`` (same fields as :class:`FD`).

    >>> str(MVD.of("course", "book"))
    'course ->> book'
    """

    _arrow: ClassVar[str] = "->>"


def _space_for(fds: Iterable[FD], order: Sequence[str] | str | None) -> AttributeSpace:
    if order is not None:
        return AttributeSpace(tuple(order))
    names: set[str] = set()
    for fd in fds:
        names |= fd.lhs | fd.rhs
    return AttributeSpace(tuple(sorted(names)))


def closure(attributes: Iterable[str], fds: Iterable[FD]) -> frozenset[str]:
    """The closure ``X+`` of ``attributes`` under ``fds``.

    >>> sorted(closure(["A"], [FD.of("A", "B"), FD.of("B C", "D")]))
    ['A', 'B']
    """
    attrs = frozenset(attributes)
    fd_list = list(fds)
    space = AttributeSpace(tuple(sorted(attrs.union(*(fd.lhs | fd.rhs for fd in fd_list)))))
    idx = ClosureIndex(len(space), [(space.mask(fd.lhs), space.mask(fd.rhs)) for fd in fd_list])
    return space.fset(idx.closure(space.mask(attrs)))


def implies(fds: Iterable[FD], fd: FD) -> bool:
    """Whether ``fds`` imply ``fd`` (its closure of ``lhs`` contains ``rhs``)."""
    return fd.rhs <= closure(fd.lhs, fds)


def equivalent(f: Iterable[FD], g: Iterable[FD]) -> bool:
    """Whether two FD sets have the same closure (each implies every FD of the other).

    >>> equivalent([FD.of("A", "B C")], [FD.of("A", "B"), FD.of("A", "C")])
    True
    """
    f_list, g_list = list(f), list(g)
    space = _space_for(f_list + g_list, None)
    fi = ClosureIndex(len(space), [(space.mask(d.lhs), space.mask(d.rhs)) for d in f_list])
    gi = ClosureIndex(len(space), [(space.mask(d.lhs), space.mask(d.rhs)) for d in g_list])
    return all(gi.implies(lh, rh) for lh, rh in fi.pairs) and all(fi.implies(lh, rh) for lh, rh in gi.pairs)


def minimal_cover_masks(n: int, pairs: Sequence[tuple[int, int]],
                        index: ClosureIndex | None = None) -> list[tuple[int, int, int]]:
    """A minimal cover at mask level: ``(lhs, rhs_bit, origin)`` triples, ``origin`` being the
    index in ``pairs`` of the FD each one comes from. Deterministic for a given input order.
    ``index``, when given, is a closure index equivalent to ``pairs`` (saves building one)."""
    split: list[tuple[int, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for origin, (lhs, rhs) in enumerate(pairs):
        for a in bits(rhs & ~lhs):
            if (lhs, 1 << a) not in seen:
                seen.add((lhs, 1 << a))
                split.append((lhs, 1 << a, origin))
    full = index if index is not None else ClosureIndex(n, [(lhs, rhs) for lhs, rhs, _ in split])
    reduced: list[tuple[int, int, int]] = []
    seen.clear()
    for lhs, rhs, origin in split:  # remove extraneous left-hand-side attributes
        for a in bits(lhs):
            smaller = lhs & ~(1 << a)
            if full.derives(smaller, rhs):
                lhs = smaller
        if (lhs, rhs) not in seen:
            seen.add((lhs, rhs))
            reduced.append((lhs, rhs, origin))
    idx = ClosureIndex(n, [(lhs, rhs) for lhs, rhs, _ in reduced])
    keep = [True] * len(reduced)
    for i in range(len(reduced) - 1, -1, -1):  # drop redundant FDs, latest first
        lhs, rhs, _ = reduced[i]
        if idx.derives(lhs, rhs, skip=i):
            keep[i] = False
            idx.disable(i)  # left out of the following tests
    return [t for t, k in zip(reduced, keep, strict=True) if k]


def minimal_cover(fds: Iterable[FD], order: Sequence[str] | str | None = None) -> tuple[FD, ...]:
    """A minimal (canonical) cover: single-attribute right-hand sides, no extraneous left-hand
    side attribute, no redundant FD. Each FD keeps the source of the FD it was derived from.

    ``order`` fixes the attribute order used for tie-breaking (alphabetical by default); covers
    are not unique, but the result is deterministic for a given input.

    >>> [str(fd) for fd in minimal_cover([FD.of("A", "B"), FD.of("B", "A"), FD.of("A B", "C")])]
    ['A -> B', 'B -> A', 'B -> C']
    """
    fd_list = [fd for fd in fds]
    space = _space_for(fd_list, order)
    pairs = [(space.mask(fd.lhs), space.mask(fd.rhs)) for fd in fd_list]
    return tuple(
        FD(space.fset(lhs), space.fset(rhs), fd_list[origin].source)
        for lhs, rhs, origin in minimal_cover_masks(len(space), pairs)
    )


def canonical_cover(fds: Iterable[FD], order: Sequence[str] | str | None = None) -> tuple[FD, ...]:
    """The minimal cover with equal left-hand sides merged (one FD per determinant).

    >>> [str(fd) for fd in canonical_cover([FD.of("A", "B"), FD.of("A", "C"), FD.of("B", "D")])]
    ['A -> B, C', 'B -> D']
    """
    merged: dict[frozenset[str], tuple[set[str], str]] = {}
    for fd in minimal_cover(fds, order):
        merged.setdefault(fd.lhs, (set(), fd.source))[0].update(fd.rhs)
    return tuple(FD(lhs, frozenset(rhs), source) for lhs, (rhs, source) in merged.items())
