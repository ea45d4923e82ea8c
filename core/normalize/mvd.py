"""Reasoning with multivalued dependencies: the dependency basis and the mixed FD closure.

With MVDs declared, FD implication is over ``F ∪ M``: an MVD ``X ->> Y`` and an FD ``W -> Z``
with ``W ∩ Y = ∅`` give ``X -> Z ∩ Y`` (coalescence), so the FD closure is no longer the plain
FD closure. Both questions are answered from Beeri's dependency basis ``DEP(X)``, the finest
partition of ``R - X`` into blocks ``Y`` with ``X ->> Y``, computed with every FD ``U -> V``
turned into the MVDs ``U ->> A`` (``A`` in ``V``):

* ``X ->> Y`` holds iff ``Y - X`` is a union of blocks of ``DEP(X)``;
* ``X -> A`` holds (``A`` not in ``X``) iff ``{A}`` is a block of ``DEP(X)`` and ``A`` is in
  the right-hand side (and not the left) of some FD of ``F``.

References: C. Beeri, "On the membership problem for functional and multivalued dependencies
in relational databases", ACM TODS 5(3), 1980.

>>> a, b, c = 1, 2, 4          # R(A, B, C) with A ->> B and C -> B
>>> closure = MixedClosure(0b111, fds=[(c, b)], mvds=[(a, b)])
>>> closure(a) == a | b        # coalescence: A ->> B, C -> B, C ∩ B = ∅ give A -> B
True
"""

from __future__ import annotations

from collections.abc import Sequence

from core.normalize.fds import bits

__all__ = ["MixedClosure", "dependency_basis", "mvd_implied"]


def dependency_basis(x: int, full: int, mvds: Sequence[tuple[int, int]]) -> list[int]:
    """The blocks of ``DEP(x)`` that partition ``full - x`` (``mvds`` as ``(lhs, rhs)`` masks).

    >>> sorted(dependency_basis(0b001, 0b1111, [(0b001, 0b0110)]))
    [6, 8]
    """
    rest = full & ~x
    blocks = [rest] if rest else []
    changed = True
    while changed:
        changed = False
        for lhs, rhs in mvds:
            out: list[int] = []
            for y in blocks:
                if not lhs & y and y & rhs and y & ~rhs:
                    out.append(y & rhs)
                    out.append(y & ~rhs)
                    changed = True
                else:
                    out.append(y)
            blocks = out
    return blocks


class MixedClosure:
    """The FD closure under FDs and MVDs together, ``X -> X+`` over ``F ∪ M``.

    Callable on a bitset; also answers MVD implication with :meth:`implies_mvd`.
    """

    __slots__ = ("fds", "full", "mvds", "produced", "rules")

    def __init__(self, full: int, fds: Sequence[tuple[int, int]], mvds: Sequence[tuple[int, int]]) -> None:
        self.full = full
        self.fds = list(fds)
        self.mvds = list(mvds)
        rules: list[tuple[int, int]] = []
        produced = 0
        for lhs, rhs in self.fds:
            for a in bits(rhs & ~lhs):
                rules.append((lhs, 1 << a))
                produced |= 1 << a
        rules.extend((lhs, rhs & full) for lhs, rhs in self.mvds)
        self.rules = rules
        self.produced = produced  # attributes some FD can determine

    def basis(self, x: int) -> list[int]:
        """``DEP(x)`` under the MVDs and the FDs turned into MVDs."""
        return dependency_basis(x, self.full, self.rules)

    def __call__(self, x: int) -> int:
        result = x
        for block in self.basis(x):
            if block & (block - 1) == 0 and block & self.produced:
                result |= block
        return result

    def implies_mvd(self, lhs: int, rhs: int) -> bool:
        """Whether ``lhs ->> rhs`` follows from the FDs and MVDs."""
        target = rhs & ~lhs & self.full
        covered = 0
        for block in self.basis(lhs):
            if block & target:
                if block & ~target:
                    return False
                covered |= block
        return covered == target


def mvd_implied(full: int, fds: Sequence[tuple[int, int]], mvds: Sequence[tuple[int, int]],
                lhs: int, rhs: int) -> bool:
    """Whether ``lhs ->> rhs`` follows from ``fds`` and ``mvds`` over attributes ``full``.

    >>> mvd_implied(0b111, [], [(0b001, 0b010)], 0b001, 0b100)   # complementation
    True
    """
    return MixedClosure(full, fds, mvds).implies_mvd(lhs, rhs)
