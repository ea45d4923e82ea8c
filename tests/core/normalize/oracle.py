"""A brute-force normalization oracle, written separately from ``core.normalize``.

Plain Python sets, subset enumeration, fixpoint closure and a symbolic chase: slow and obvious,
so that the fast engine can be checked against it on small relations. Nothing here imports the
code under test.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

Dep = tuple[frozenset[str], frozenset[str]]


def subsets(attrs: Sequence[str]) -> list[frozenset[str]]:
    """Every subset of ``attrs``, smallest first."""
    return [frozenset(c) for k in range(len(attrs) + 1) for c in combinations(attrs, k)]


def minimal(family: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    """The inclusion-minimal sets of a family (smallest first, each checked against those kept)."""
    kept: list[frozenset[str]] = []
    for x in sorted(set(family), key=len):
        if not any(y < x for y in kept):
            kept.append(x)
    return kept


def closure(x: Iterable[str], fds: Sequence[Dep]) -> frozenset[str]:
    """X+ by fixpoint: apply FDs until nothing changes."""
    result = set(x)
    changed = True
    while changed:
        changed = False
        for lhs, rhs in fds:
            if lhs <= result and not rhs <= result:
                result |= rhs
                changed = True
    return frozenset(result)


def _chase(attrs: Sequence[str], rows: list[dict[str, object]], fds: Sequence[Dep],
           mvds: Sequence[Dep]) -> list[dict[str, object]]:
    """Chase a tableau of dict rows; symbols are any hashable, ('a', col) is distinguished."""
    rows = [dict(r) for r in rows]
    changed = True
    while changed:
        changed = False
        for lhs, rhs in fds:
            for u in rows:
                for v in rows:
                    if all(u[c] == v[c] for c in lhs):
                        for c in rhs:
                            if u[c] != v[c]:
                                keep, drop = sorted([u[c], v[c]], key=repr)
                                if v[c] == ("a", c) or u[c] == ("a", c):
                                    keep, drop = ("a", c), (v[c] if u[c] == ("a", c) else u[c])
                                for w in rows:
                                    if w[c] == drop:
                                        w[c] = keep
                                changed = True
        present = {tuple(r[c] for c in attrs) for r in rows}
        for lhs, rhs in mvds:
            for u in list(rows):
                for v in list(rows):
                    if all(u[c] == v[c] for c in lhs):
                        w = {c: (u[c] if c in lhs or c in rhs else v[c]) for c in attrs}
                        t = tuple(w[c] for c in attrs)
                        if t not in present:
                            present.add(t)
                            rows.append(w)
                            changed = True
    return rows


def mixed_closure(x: Iterable[str], attrs: Sequence[str], fds: Sequence[Dep],
                  mvds: Sequence[Dep]) -> frozenset[str]:
    """X+ under FDs and MVDs: chase two rows that agree exactly on X."""
    xs = frozenset(x)
    if not mvds:
        return closure(xs, fds)
    t1 = {c: ("a", c) for c in attrs}
    t2 = {c: (("a", c) if c in xs else ("b", c)) for c in attrs}
    rows = _chase(attrs, [t1, t2], fds, mvds)
    return frozenset(c for c in attrs if rows[0][c] == rows[1][c])


def mvd_holds(x: frozenset[str], y: frozenset[str], attrs: Sequence[str], fds: Sequence[Dep],
              mvds: Sequence[Dep]) -> bool:
    """X ->> Y implied: chase two rows agreeing on X, look for the swapped row."""
    t1 = {c: ("a", c) for c in attrs}
    t2 = {c: (("a", c) if c in x else ("b", c)) for c in attrs}
    rows = _chase(attrs, [t1, t2], fds, mvds)
    want = tuple(rows[0][c] if c in x or c in y else rows[1][c] for c in attrs)
    return want in {tuple(r[c] for c in attrs) for r in rows}


class Oracle:
    """All answers for one relation, computed by enumerating subsets."""

    def __init__(self, attrs: Sequence[str], fds: Sequence[Dep], mvds: Sequence[Dep] = ()) -> None:
        self.attrs = tuple(attrs)
        self.R = frozenset(attrs)
        self.fds = list(fds)
        self.mvds = list(mvds)
        self.all = subsets(self.attrs)
        self.plus = {x: mixed_closure(x, self.attrs, self.fds, self.mvds) for x in self.all}
        self.keys = set(minimal(x for x in self.all if self.plus[x] == self.R))
        self.prime = frozenset().union(*self.keys) if self.keys else frozenset()

    def superkey(self, x: frozenset[str]) -> bool:
        return self.plus[x] == self.R

    def partial(self) -> set[Dep]:
        out = set()
        for a in self.R - self.prime:
            cands = [x for x in self.all if any(x < k for k in self.keys) and a in self.plus[x]]
            out |= {(x, frozenset([a])) for x in minimal(cands)}
        return out

    def transitive(self) -> set[Dep]:
        out = set()
        for a in self.R - self.prime:
            for x in minimal(x for x in self.all if a not in x and a in self.plus[x]):
                if not self.superkey(x) and not any(x <= k for k in self.keys):
                    out.add((x, frozenset([a])))
        return out

    def bcnf(self) -> set[Dep]:
        bad = [x for x in self.all if not self.superkey(x) and self.plus[x] != x]
        return {(x, self.plus[x] - x) for x in minimal(bad)}

    def is_2nf(self) -> bool:
        return not self.partial()

    def is_3nf(self) -> bool:
        return all(self.superkey(x) or (self.plus[x] - x) <= self.prime for x in self.all)

    def is_bcnf(self) -> bool:
        return all(self.superkey(x) or self.plus[x] == x for x in self.all)

    def is_4nf(self) -> bool:
        for x in self.all:
            if self.superkey(x):
                continue
            for y in self.all:
                if y <= x or x | y == self.R:
                    continue
                if mvd_holds(x, y, self.attrs, self.fds, self.mvds):
                    return False
        return True

    def highest(self) -> str:
        if not self.is_2nf():
            return "1NF"
        if not self.is_3nf():
            return "2NF"
        if not self.is_bcnf():
            return "3NF"
        return "4NF" if self.mvds and self.is_4nf() else "BCNF"

    # -- decompositions -------------------------------------------------------------------------
    def projection(self, s: frozenset[str]) -> list[Dep]:
        """F+ projected on S by enumeration: X -> (X+ ∩ S) for every X ⊆ S."""
        return [(x, self.plus[x] & s) for x in self.all if x <= s]

    def component_keys(self, s: frozenset[str]) -> set[frozenset[str]]:
        return set(minimal(x for x in self.all if x <= s and s <= self.plus[x]))

    def component_is_bcnf(self, s: frozenset[str]) -> bool:
        return all(s <= self.plus[x] or (self.plus[x] & s) == x for x in self.all if x <= s)

    def component_is_3nf(self, s: frozenset[str]) -> bool:
        prime = frozenset().union(*self.component_keys(s))
        return all(s <= self.plus[x] or ((self.plus[x] & s) - x) <= prime for x in self.all if x <= s)

    def lossless(self, components: Sequence[frozenset[str]]) -> bool:
        rows = [{c: (("a", c) if c in comp else ("b", i, c)) for c in self.attrs}
                for i, comp in enumerate(components)]
        out = _chase(self.attrs, rows, self.fds, self.mvds)
        return any(all(r[c] == ("a", c) for c in self.attrs) for r in out)

    def preserving(self, components: Sequence[frozenset[str]]) -> bool:
        """Union of the projections (by enumeration) implies every declared FD."""
        union = [d for s in components for d in self.projection(s)]
        return all(rhs <= closure(lhs, union) for lhs, rhs in self.fds)
