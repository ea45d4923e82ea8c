"""A relation schema with its dependencies, and the compiled reasoner the algorithms run on.

:class:`Relation` is the input of the whole analyzer: a name, attributes in order, FDs and
MVDs. :meth:`Relation.build` merges the FDs implied by declared keys (the primary key, unique
constraints) with declared FDs, each keeping its ``source``.

:func:`reasoner` compiles a relation once (memoized) into bitsets and a closure function: the
linear FD closure when there are no MVDs, the dependency-basis closure over ``F ∪ M`` when
there are.

>>> rel = Relation.build("orders", ["order_id", "customer_id", "zip", "city"],
...                      [FD.of("zip", "city")], primary_key=["order_id"])
>>> [f"{fd} [{fd.source}]" for fd in rel.fds]
['order_id -> city, customer_id, zip [primary key]', 'zip -> city [declared]']
>>> sorted(rel.closure(["customer_id", "zip"]))
['city', 'customer_id', 'zip']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from core.normalize.fds import FD, MVD, AttributeSpace, ClosureIndex, NormalizeError, bits
from core.normalize.mvd import MixedClosure

__all__ = ["SMALL", "Reasoner", "Relation", "reasoner"]

#: Up to this many (merged) FDs, :meth:`Relation.closure` runs a fixpoint over name sets.
SMALL = 24
#: After this many calls of :meth:`Relation.closure` on one relation, closures start from the
#: (memoized) closures of their single attributes.
SEEDED_AFTER = 16


def _suggest(name: str, choices: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


@dataclass(frozen=True)
class Relation:
    """A relation schema: ``name``, ordered ``attributes``, ``fds`` and ``mvds``.

    Invalid input (no attributes, a repeated attribute, a dependency naming an attribute the
    relation does not have) raises :class:`NormalizeError` saying which one and where.
    """

    name: str
    attributes: tuple[str, ...]
    fds: tuple[FD, ...] = ()
    mvds: tuple[MVD, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "attributes", tuple(self.attributes))
        object.__setattr__(self, "fds", tuple(self.fds))
        object.__setattr__(self, "mvds", tuple(self.mvds))
        if not self.attributes:
            raise NormalizeError(f"relation {self.name}: it has no attributes; list at least one")
        seen: set[str] = set()
        for a in self.attributes:
            if a in seen:
                raise NormalizeError(f'relation {self.name}: attribute "{a}" is listed twice')
            seen.add(a)
        for kind, deps in (("FD", self.fds), ("MVD", self.mvds)):
            for i, dep in enumerate(deps, 1):
                if dep.lhs <= seen and dep.rhs <= seen:
                    continue
                a = min((dep.lhs | dep.rhs) - seen)
                raise NormalizeError(
                    f'relation {self.name}: {kind} {i} ({dep.format(self.attributes)}) names '
                    f'unknown attribute "{a}"{_suggest(a, self.attributes)}; '
                    f"attributes are {', '.join(self.attributes)}"
                )

    @classmethod
    def build(
        cls,
        name: str,
        attributes: Iterable[str],
        fds: Iterable[FD] = (),
        mvds: Iterable[MVD] = (),
        *,
        primary_key: Sequence[str] | None = None,
        unique_keys: Iterable[Sequence[str]] = (),
    ) -> Relation:
        """A relation whose FDs are the key-implied FDs (``K -> R - K``, source ``"primary key"``
        or ``"unique"``) followed by ``fds``; a dependency already present is not repeated (the
        first source wins)."""
        attrs = tuple(attributes)
        merged: list[FD] = []
        seen: set[tuple[frozenset[str], frozenset[str]]] = set()
        keyed = [(primary_key, "primary key")] if primary_key is not None else []
        keyed += [(u, "unique") for u in unique_keys]
        candidates = [FD(frozenset(k), frozenset(attrs) - frozenset(k), src) for k, src in keyed]
        for fd in [*candidates, *fds]:
            if fd.sides not in seen and fd.rhs - fd.lhs:
                seen.add(fd.sides)
                merged.append(fd)
        for key, source in keyed:  # a key naming an unknown column is an error too
            for a in key:
                if a not in attrs:
                    raise NormalizeError(f'relation {name}: {source} names unknown attribute "{a}"'
                                         f"{_suggest(a, attrs)}")
        return cls(name, attrs, tuple(merged), tuple(mvds))

    @cached_property
    def space(self) -> AttributeSpace:
        """The attribute space (name <-> bit) of this relation."""
        return AttributeSpace(self.attributes)

    def closure(self, attributes: Iterable[str]) -> frozenset[str]:
        """``X+`` over the relation's FDs (and MVDs, when declared).

        With a handful of FDs, a fixpoint over name sets beats converting to bitsets and back
        (the constant factors dominate); otherwise the linear counter-based closure runs.
        """
        r = self.__dict__.get("_reasoner") or reasoner(self)
        small = r._small if r._small_built else r.small
        result: set[str]
        if r.seeded:
            if small is None:
                return r.seeded_closure(attributes)
            # few FDs: a single attribute's closure is memoized, a larger set's fixpoint is cheap
            result = set(attributes)
            if len(result) == 1:
                (a,) = result
                return (r._single.get(a) or r._single_closure(a))[1]
        else:
            if r.mixed is None:
                r.calls += 1
                r.seeded = r.calls > SEEDED_AFTER
            if small is None:
                space = r.space
                return space.fset(r.closure(space.mask(attributes)))
            result = set(attributes)
        if small is not None and result <= r.space_names:
            more = True
            while more:
                more = False
                for lhs, rhs in small:
                    if lhs <= result and not rhs <= result:
                        result |= rhs
                        more = True
            return frozenset(result)
        space = r.space
        return space.fset(r.closure(space.mask(attributes)))

    def format_set(self, names: Iterable[str]) -> str:
        """Names in attribute order, comma-separated, in parentheses when more than one."""
        wanted = set(names)
        order = [a for a in self.attributes if a in wanted]
        return order[0] if len(order) == 1 else "(" + ", ".join(order) + ")"


class Reasoner:
    """A relation compiled to bitsets: its FDs (nontrivial parts, merged by left-hand side), a
    counter-based closure index, its MVDs, and ``closure`` (FD-only or mixed)."""

    def __init__(self, relation: Relation, pairs: list[tuple[int, int]] | None = None) -> None:
        self.relation = relation
        self.space = relation.space
        self.n = len(self.space)
        self.full = self.space.full
        rhs_all = 0
        lhs_all = 0
        if pairs is None:
            merged: dict[int, int] = {}
            bit = self.space.bit  # names already checked by Relation
            for fd in relation.fds:
                lhs = rhs = 0
                for a in fd.lhs:
                    lhs |= bit[a]
                for a in fd.rhs:
                    rhs |= bit[a]
                rhs &= ~lhs
                if rhs:
                    merged[lhs] = merged.get(lhs, 0) | rhs
                    rhs_all |= rhs
                    lhs_all |= lhs
            pairs = list(merged.items())
        else:
            for lhs, rhs in pairs:
                rhs_all |= rhs
                lhs_all |= lhs
        self.pairs: list[tuple[int, int]] = pairs
        self.index = ClosureIndex(self.n, self.pairs)
        self.mvds = [(self.space.mask(m.lhs), self.space.mask(m.rhs)) for m in relation.mvds]
        self.mixed = MixedClosure(self.full, self.pairs, self.mvds) if self.mvds else None
        self.closure: Callable[[int], int] = self.mixed if self.mixed is not None else self.index.closure
        #: attributes no FD determines: in every key
        self.core = self.full & ~rhs_all if self.mixed is None else self.full & ~self.mixed.produced
        #: attributes determined but never used to determine: in no key (FD-only)
        self.never = (rhs_all & ~lhs_all) if self.mixed is None else 0
        self._small: list[tuple[frozenset[str], frozenset[str]]] | None = None
        self._small_built = False
        self.space_names = frozenset(self.space.attributes)
        self.calls = 0  # Relation.closure calls so far
        self.seeded = False  # past SEEDED_AFTER calls: closures start from single-attribute ones
        self._single: dict[str, tuple[int, frozenset[str]]] = {}

    def seeded_closure(self, attributes: Iterable[str]) -> frozenset[str]:
        """``X+`` (FD-only) from the union of the closures of the single attributes of ``X``
        (each computed once and kept), which already covers every FD whose left-hand side lies
        in one attribute's closure; the counter closure then finishes only when that union is
        neither complete nor closed. For a relation asked many closures (a pane, a CLI loop)."""
        single = self._single
        seeds = []
        for a in attributes:
            found = single.get(a)
            if found is None:
                found = self._single_closure(a)
            seeds.append(found)
        if len(seeds) == 1:
            return seeds[0][1]
        if not seeds:
            return self.space.fset(self.index.closure(0))
        result = 0
        for m, _ in seeds:
            result |= m
        for m, names in seeds:
            if m == result:  # one attribute's closure holds all the others: closed
                return names
        if result == self.full:
            return self.space_names
        return self.space.fset(self.index.closure(result))

    def _single_closure(self, a: str) -> tuple[int, frozenset[str]]:
        """The closure of attribute ``a`` (mask and names), computed once."""
        m = self.index.closure(self.space.mask([a]))  # an unknown name raises there
        found = self._single[a] = (m, self.space.fset(m))
        return found

    @property
    def small(self) -> list[tuple[frozenset[str], frozenset[str]]] | None:
        """The FDs as name sets, for the name-level closure of small FD-only relations (``None``
        for the others); built on first use."""
        if not self._small_built:
            self._small_built = True
            if self.mixed is None and len(self.pairs) <= SMALL:
                self._small = [(self.space.fset(lhs), self.space.fset(rhs)) for lhs, rhs in self.pairs]
        return self._small

    @property
    def fd_generated(self) -> bool:
        """True when the closure is generated by :attr:`pairs` alone (no MVDs)."""
        return self.mixed is None

    def without_lhs(self, bit: int) -> Reasoner:
        """The same relation without the FDs whose left-hand side meets ``bit`` (FD-only)."""
        return Reasoner(self.relation, [(lhs, rhs) for lhs, rhs in self.pairs if not lhs & bit])

    def is_superkey(self, x: int) -> bool:
        """Whether ``x`` determines every attribute."""
        return self.closure(x) == self.full

    def names(self, mask: int) -> tuple[str, ...]:
        return self.space.names(mask)

    def bit_list(self, mask: int) -> list[int]:
        return bits(mask)


def reasoner(relation: Relation) -> Reasoner:
    """The compiled :class:`Reasoner` of ``relation`` (built once, kept on the relation)."""
    found = relation.__dict__.get("_reasoner")
    if found is None:
        found = relation.__dict__["_reasoner"] = Reasoner(relation)
    return found
