"""Attribute sets as bitsets, and the counter-based closure engine every algorithm runs on.

An attribute set is an ``int`` whose bit ``i`` stands for the ``i``-th attribute of an ordered
tuple (an :class:`AttributeSpace`). :class:`ClosureIndex` compiles FDs given as ``(lhs, rhs)``
masks and computes closures in linear time (Beeri and Bernstein): every FD keeps a counter of
the left-hand-side attributes not yet in the closure and fires when it reaches zero, so each
attribute occurrence is touched once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress

from core.errors import TablewrightError

__all__ = ["AttributeSpace", "ClosureIndex", "NormalizeError", "bits"]

_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


class NormalizeError(TablewrightError):
    """Bad input to the normalization analyzer (unknown attribute, malformed dependency)."""


def bits(mask: int) -> list[int]:
    """Indices of the set bits of ``mask``, lowest first.

    >>> bits(0b10110)
    [1, 2, 4]
    """
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class AttributeSpace:
    """An ordered attribute tuple and the mapping between name sets and bitsets.

    >>> space = AttributeSpace(("id", "zip", "city"))
    >>> space.mask(["city", "id"]), space.names(0b101)
    (5, ('id', 'city'))
    """

    __slots__ = ("_all", "_calls", "_frozen", "_tables", "attributes", "bit", "full", "index")

    def __init__(self, attributes: Sequence[str]) -> None:
        self.attributes = tuple(attributes)
        self.index = {a: i for i, a in enumerate(self.attributes)}
        self.bit = {a: 1 << i for i, a in enumerate(self.attributes)}
        self.full = (1 << len(self.attributes)) - 1
        self._all = frozenset(self.attributes)
        self._tables: list[list[tuple[str, ...]]] | None = None
        self._frozen: list[list[frozenset[str]]] | None = None
        self._calls = 0  # byte tables pay off only for a space that converts many sets

    def __len__(self) -> int:
        return len(self.attributes)

    def mask(self, names: Iterable[str]) -> int:
        """The bitset of ``names``; an unknown name raises :class:`NormalizeError`."""
        bit = self.bit
        m = 0
        try:
            for name in names:
                m |= bit[name]
        except KeyError as exc:
            known = ", ".join(self.attributes)
            raise NormalizeError(f'unknown attribute "{exc.args[0]}" (attributes: {known})') from None
        return m

    def _byte_tables(self) -> list[list[tuple[str, ...]]]:
        """For each 8-attribute block, the names of each of the 256 byte values."""
        tables = []
        for start in range(0, len(self.attributes), 8):
            block = self.attributes[start:start + 8]
            tables.append([tuple(block[i] for i in range(len(block)) if v >> i & 1) for v in range(256)])
        self._tables = tables
        return tables

    def names(self, mask: int) -> tuple[str, ...]:
        """The names in ``mask``, in attribute order."""
        tables = self._tables
        if tables is None:
            self._calls += 1
            if self._calls < 1024:  # selectors from the binary digits, lowest bit first
                return tuple(compress(self.attributes, bin(mask)[:1:-1].encode().translate(_DIGITS)))
            tables = self._byte_tables()
        out: tuple[str, ...] = ()
        k = 0
        while mask:
            byte = mask & 255
            if byte:
                out += tables[k][byte]
            mask >>= 8
            k += 1
        return out

    def fset(self, mask: int) -> frozenset[str]:
        """The names in ``mask`` as a frozenset (from per-byte tables of frozensets once the
        space has converted many sets)."""
        if mask == self.full:
            return self._all
        frozen = self._frozen
        if frozen is None:
            if self._calls < 1024:
                self._calls += 1
                return frozenset(compress(self.attributes, bin(mask)[:1:-1].encode().translate(_DIGITS)))
            frozen = self._frozen = [[frozenset(t) for t in table] for table in
                                     (self._tables or self._byte_tables())]
        if mask < 256:
            return frozen[0][mask]
        parts = []
        k = 0
        while mask:
            byte = mask & 255
            if byte:
                parts.append(frozen[k][byte])
            mask >>= 8
            k += 1
        return parts[0] if len(parts) == 1 else frozenset().union(*parts)


class ClosureIndex:
    """A compiled FD set over bitsets with a linear-time (counter-based) closure.

    ``pairs`` are ``(lhs, rhs)`` masks; ``n`` is the number of attributes. FDs with a
    one-attribute left-hand side need no counter: their right-hand sides are merged per
    attribute and fire as soon as the attribute enters the closure.

    >>> idx = ClosureIndex(3, [(0b001, 0b010), (0b010, 0b100)])
    >>> idx.closure(0b001), idx.closure(0b001, skip=1), idx.implies(0b001, 0b100)
    (7, 3, True)
    """

    __slots__ = ("_uses_all", "constant", "counts", "full", "lhs", "n", "pairs", "rhs", "unit", "uses")

    def __init__(self, n: int, pairs: Iterable[tuple[int, int]]) -> None:
        self.n = n
        self.full = (1 << n) - 1
        self.pairs = list(pairs)
        self.lhs = [lhs for lhs, _ in self.pairs]
        self.rhs = rhs = [rhs for _, rhs in self.pairs]
        self.counts = counts = [lhs.bit_count() for lhs in self.lhs]
        self.uses: list[list[int]] = [[] for _ in range(n)]  # FDs with 2+ lhs attributes
        self.unit = [0] * n  # merged rhs of the FDs whose lhs is exactly {a}
        self.constant: list[int] = []  # FDs with an empty left-hand side
        self._uses_all: list[list[int]] | None = None  # every FD by lhs attribute (built on demand)
        uses, unit = self.uses, self.unit
        for i, lhs in enumerate(self.lhs):
            c = counts[i]
            if c == 1:
                unit[lhs.bit_length() - 1] |= rhs[i]
            elif c == 0:
                self.constant.append(i)
            else:
                while lhs:
                    top = lhs.bit_length() - 1
                    uses[top].append(i)
                    lhs ^= 1 << top

    def disable(self, i: int) -> None:
        """Leave FD ``i`` out of every later closure."""
        self.rhs[i] = 0
        if self.counts[i] == 1:
            a = self.lhs[i]
            self.unit[a.bit_length() - 1] = 0
            for j, lhs in enumerate(self.lhs):
                if lhs == a:
                    self.unit[a.bit_length() - 1] |= self.rhs[j]

    def closure(self, x: int, skip: int = -1) -> int:
        """The closure of ``x``; ``skip`` is the index of an FD to leave out (or -1)."""
        rhs = self.rhs
        result = x
        if self.constant:
            for i in self.constant:
                if i != skip:
                    result |= rhs[i]
        if skip >= 0:
            return self._closure_skipping(result, skip)
        full = self.full
        counts: list[int] | None = None  # copied on first use: tiny closures never need it
        uses, unit = self.uses, self.unit
        todo = result  # attributes whose FDs have not been updated yet
        while todo:
            low = todo & -todo
            todo ^= low
            a = low.bit_length() - 1
            new = unit[a] & ~result
            if new:
                result |= new
                if result == full:
                    return result
                todo |= new
            waiting = uses[a]
            if not waiting:
                continue
            if counts is None:
                counts = self.counts.copy()
            for i in waiting:
                c = counts[i] - 1
                counts[i] = c
                if c == 0:
                    new = rhs[i] & ~result
                    if new:
                        result |= new
                        if result == full:
                            return result
                        todo |= new
        return result

    def derives(self, x: int, target: int, skip: int = -1) -> bool:
        """Whether ``target ⊆ closure(x)``, stopping as soon as it is reached."""
        if target & ~x == 0:
            return True
        if skip >= 0:
            for i in self.constant:
                if i != skip:
                    x |= self.rhs[i]
            return target & ~self._closure_skipping(x, skip, target) == 0
        if self.constant:
            return target & ~self.closure(x) == 0
        rhs = self.rhs
        counts = self.counts.copy()
        uses, unit = self.uses, self.unit
        result = x
        todo = x
        while todo:
            low = todo & -todo
            todo ^= low
            a = low.bit_length() - 1
            new = unit[a] & ~result
            if new:
                result |= new
                if target & ~result == 0:
                    return True
                todo |= new
            for i in uses[a]:
                c = counts[i] - 1
                counts[i] = c
                if c == 0:
                    new = rhs[i] & ~result
                    if new:
                        result |= new
                        if target & ~result == 0:
                            return True
                        todo |= new
        return False

    def reaches(self, x: int, mask: int) -> bool:
        """Whether ``closure(x)`` meets ``mask``, stopping as soon as it does."""
        if x & mask:
            return True
        if self.constant:
            return bool(self.closure(x) & mask)
        rhs = self.rhs
        counts = self.counts.copy()
        uses, unit = self.uses, self.unit
        result = todo = x
        while todo:
            low = todo & -todo
            todo ^= low
            a = low.bit_length() - 1
            new = unit[a] & ~result
            if new:
                if new & mask:
                    return True
                result |= new
                todo |= new
            for i in uses[a]:
                c = counts[i] - 1
                counts[i] = c
                if c == 0:
                    new = rhs[i] & ~result
                    if new:
                        if new & mask:
                            return True
                        result |= new
                        todo |= new
        return False

    def _closure_skipping(self, result: int, skip: int, target: int = 0) -> int:
        """The closure without FD ``skip``; stops early once ``target`` (if any) is inside."""
        rhs = self.rhs
        counts = self.counts.copy()
        uses = self._uses_all
        if uses is None:
            uses = self._uses_all = [[] for _ in range(self.n)]
            for i, lhs in enumerate(self.lhs):
                for a in bits(lhs):
                    uses[a].append(i)
        todo = result
        while todo:
            low = todo & -todo
            todo ^= low
            for i in uses[low.bit_length() - 1]:
                c = counts[i] - 1
                counts[i] = c
                if c == 0 and i != skip:
                    new = rhs[i] & ~result
                    if new:
                        result |= new
                        if target and target & ~result == 0:
                            return result
                        todo |= new
        return result

    def implies(self, lhs: int, rhs: int, skip: int = -1) -> bool:
        """Whether ``lhs -> rhs`` follows from the FDs (leaving out FD ``skip``)."""
        return self.derives(lhs, rhs, skip)
