"""Normal forms: 2NF, 3NF, BCNF and 4NF tests and the violations behind them.

Everything is judged over ``F+`` (the corpus conventions): an FD with an empty left-hand side
is legal and the empty set is then a proper subset of every non-empty key; attributes in no FD
belong to every key.

The yes/no tests never enumerate attribute subsets. For the relation itself:

* 2NF fails iff ``(K - a)+`` holds a non-prime attribute for some key ``K`` and ``a`` in ``K``;
* 3NF and BCNF are decided on the FDs as given (a violation of ``F+`` always shows up on a
  given FD: the one that derives the attribute);
* 4NF is decided on the given FDs and MVDs (the dependency basis of a non-superkey is not
  split by trivial or key-based dependencies).

With MVDs declared, 3NF and BCNF also count FDs derived by coalescence, so they are read from
the violation lists instead.

The violation lists follow the corpus definitions exactly, read off the minimal generators of
each attribute (see :mod:`core.normalize.keys`):

* partial: ``X -> A``, ``A`` non-prime, ``X`` a minimal generator of ``A`` and a proper subset
  of some key;
* transitive: ``X -> A``, ``A`` non-prime, ``X`` a minimal generator of ``A`` that is not a
  superkey and not inside any key;
* BCNF: ``X -> X+ - X`` for every minimal ``X`` that is not a superkey and not closed.

>>> from core.normalize.fds import FD
>>> rel = Relation("R", ("A", "B", "C", "D"), (FD.of("A B", "C"), FD.of("B", "D")))
>>> normal_form(rel), [str(fd) for fd in partial_dependencies(rel)]
('1NF', ['B -> D'])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from core.normalize.fds import FD, MVD, bits
from core.normalize.keys import Cancel, generator_masks, key_masks
from core.normalize.relation import Reasoner, Relation, reasoner

__all__ = [
    "NORMAL_FORMS",
    "Facts",
    "bcnf_violations",
    "is_2nf",
    "is_3nf",
    "is_4nf",
    "is_bcnf",
    "keys_holding",
    "mvd_violations",
    "normal_form",
    "partial_dependencies",
    "transitive_dependencies",
]

#: The normal-form labels, weakest first.
NORMAL_FORMS = ("1NF", "2NF", "3NF", "BCNF", "4NF")


class Budget(Exception):
    """Raised inside :class:`Facts` when the enumeration budget is used up."""


class Facts:
    """A relation with its keys, prime attributes and memoized minimal generators.

    ``keys`` are candidate-key bitsets (computed when not given). ``budget`` bounds how many
    minimal generators may be enumerated overall (None: no bound); when it runs out the
    violation lists stop early and :attr:`complete` turns False.
    """

    def __init__(self, relation: Relation, keys: Sequence[int] | None = None, *,
                 budget: int | None = None, cancel: Cancel | None = None) -> None:
        self.relation = relation
        self.r: Reasoner = reasoner(relation)
        self.keys = list(keys) if keys is not None else key_masks(relation, cancel=cancel)[0]
        self.prime = 0
        for k in self.keys:
            self.prime |= k
        self.nonprime = self.r.full & ~self.prime
        self.budget = budget
        self.cancel = cancel
        self.complete = True
        self._gens: dict[int, list[int]] = {}
        self._spent = 0

    def superkey(self, x: int) -> bool:
        return self.r.closure(x) == self.r.full

    def generators(self, a: int) -> list[int]:
        """Minimal generators of attribute index ``a`` (raises :class:`Budget` when out)."""
        if a in self._gens:
            return self._gens[a]
        out: list[int] = []
        for g in generator_masks(self.r, a, cancel=self.cancel):
            self._spent += 1
            if self.budget is not None and self._spent > self.budget:
                self.complete = False
                raise Budget
            out.append(g)
        if self.cancel is not None and self.cancel():
            self.complete = False
            raise Budget
        out.sort(key=lambda m: (m.bit_count(), bits(m)))
        self._gens[a] = out
        return out

    # -- violation lists as (lhs, rhs, key) masks ---------------------------------------------
    def partial(self) -> Iterator[tuple[int, int, int]]:
        for a in bits(self.nonprime):
            for x in self.generators(a):
                key = next((k for k in self.keys if x & ~k == 0 and x != k), None)
                if key is not None:
                    yield x, 1 << a, key

    def transitive(self) -> Iterator[tuple[int, int, int]]:
        for a in bits(self.nonprime):
            for x in self.generators(a):
                if not any(x & ~k == 0 for k in self.keys) and not self.superkey(x):
                    yield x, 1 << a, self.keys[0] if self.keys else 0

    def bcnf(self) -> Iterator[tuple[int, int, int]]:
        family: set[int] = set()
        for a in range(self.r.n):
            family.update(x for x in self.generators(a) if not self.superkey(x))
        ordered = sorted(family, key=lambda m: (m.bit_count(), bits(m)))
        for x in ordered:
            if not any(y != x and y & ~x == 0 for y in family):
                yield x, self.r.closure(x) & ~x, self.keys[0] if self.keys else 0

    def mvd(self) -> Iterator[tuple[int, int, int]]:
        full = self.r.full
        for lhs, rhs in self.r.mvds:
            if rhs & ~lhs and (lhs | rhs) != full and not self.superkey(lhs):
                yield lhs, rhs & ~lhs, self.keys[0] if self.keys else 0

    # -- yes/no tests --------------------------------------------------------------------------
    def is_2nf(self) -> bool:
        closure = self.r.closure
        return not any(closure(k & ~(1 << a)) & self.nonprime for k in self.keys for a in bits(k))

    def is_3nf(self) -> bool:
        if not self.r.fd_generated:
            return next(self.partial(), None) is None and next(self.transitive(), None) is None
        return not any(rhs & self.nonprime and not self.superkey(lhs) for lhs, rhs in self.r.pairs)

    def is_bcnf(self) -> bool:
        if not self.r.fd_generated:
            return next(self.bcnf(), None) is None
        return all(self.superkey(lhs) for lhs, _ in self.r.pairs)

    def is_4nf(self) -> bool:
        return next(self.mvd(), None) is None and all(self.superkey(lhs) for lhs, _ in self.r.pairs)

    def normal_form(self) -> str:
        if not self.is_2nf():
            return "1NF"
        if not self.is_3nf():
            return "2NF"
        if not self.is_bcnf():
            return "3NF"
        return "4NF" if self.r.mvds and self.is_4nf() else "BCNF"

    def normal_form_bounds(self, keys_complete: bool = True) -> tuple[str, str]:
        """The normal form as ``(at least, at most)``: equal when it is known exactly.

        With every candidate key known this is :meth:`normal_form` twice. When the key
        enumeration was cut short (``keys_complete=False``, the keys held are some of them) the
        form is still decided where the keys are not needed: BCNF and 4NF test superkeys only,
        so they are exact; 3NF holds when every FD that breaks BCNF derives only attributes
        known to be prime (in a key held); 3NF fails, and 2NF with it, when such an FD derives
        an attribute proven in no key at all (one no left-hand side holds, derivable from the
        rest: no key needs it). Otherwise the answer is a range.
        """
        if keys_complete:
            form = self.normal_form()
            return form, form
        if self.is_bcnf():
            form = "4NF" if self.r.mvds and self.is_4nf() else "BCNF"
            return form, form
        if not self.r.fd_generated:  # MVDs: coalesced FDs count; keep to what is sure
            return "1NF", "3NF"
        breaking = [(lhs, rhs) for lhs, rhs in self.r.pairs if not self.superkey(lhs)]
        if not any(rhs & self.nonprime for _, rhs in breaking):
            return "3NF", "3NF"
        sure = self.surely_nonprime()
        if not any(rhs & sure for _, rhs in breaking):  # (rhs holds no lhs attribute: pairs are nontrivial)
            return "1NF", "3NF"
        # 3NF fails: 2NF fails when a proper part of a held key determines a surely non-prime attribute
        if any(self.r.closure(k & ~(1 << a)) & sure for k in self.keys for a in bits(k)):
            return "1NF", "1NF"
        return "1NF", "2NF"

    def surely_nonprime(self) -> int:
        """Attributes proven to be in no candidate key without knowing the keys: determined by
        an FD and on no left-hand side (a superkey holding one stays a superkey without it)."""
        return self.r.never if self.r.fd_generated else 0

    def fd(self, lhs: int, rhs: int, source: str = "implied") -> FD:
        return FD(self.r.space.fset(lhs), self.r.space.fset(rhs), source)


def keys_holding(relation: Relation, known: Sequence[int]) -> list[int]:
    """Candidate keys, beyond ``known``, that prove more attributes prime: for each attribute in
    none of ``known``, shrink the whole relation one attribute at a time (never that one) while
    it stays a superkey; when the attribute cannot go either, the result is a key holding it.

    Polynomial (``n`` closures per attribute): it lets a cut-short key enumeration still decide
    3NF. An attribute it finds no key for may still be prime (that question is NP-complete).
    """
    r = reasoner(relation)
    if not r.fd_generated:
        return []
    covered = 0
    for k in known:
        covered |= k
    found: list[int] = []
    for a in bits(r.full & ~covered & ~r.never):
        if covered >> a & 1:
            continue
        m = r.full
        for i in range(r.n):
            if i != a and m >> i & 1 and r.closure(m & ~(1 << i)) == r.full:
                m &= ~(1 << i)
        if r.closure(m & ~(1 << a)) != r.full and m not in known and m not in found:
            found.append(m)
            covered |= m
    return found


def _fds(rel: Relation, triples: Iterator[tuple[int, int, int]]) -> tuple[FD, ...]:
    space = rel.space
    return tuple(FD(space.fset(x), space.fset(y), "implied") for x, y, _ in triples)


def partial_dependencies(relation: Relation) -> tuple[FD, ...]:
    """2NF violations: ``X -> A`` with ``A`` non-prime and ``X`` minimal, a proper part of a key."""
    return _fds(relation, Facts(relation).partial())


def transitive_dependencies(relation: Relation) -> tuple[FD, ...]:
    """3NF violations that are not partial: ``X -> A``, ``A`` non-prime, ``X`` minimal, not a
    superkey and not inside any key."""
    return _fds(relation, Facts(relation).transitive())


def bcnf_violations(relation: Relation) -> tuple[FD, ...]:
    """``X -> X+ - X`` for every minimal ``X`` that is neither a superkey nor closed."""
    return _fds(relation, Facts(relation).bcnf())


def mvd_violations(relation: Relation) -> tuple[MVD, ...]:
    """Declared nontrivial MVDs ``X ->> Y`` whose ``X`` is not a superkey (4NF violations)."""
    space = relation.space
    return tuple(MVD(space.fset(x), space.fset(y), "declared") for x, y, _ in Facts(relation).mvd())


def is_2nf(relation: Relation) -> bool:
    """No non-prime attribute depends on a proper part of a candidate key."""
    return Facts(relation).is_2nf()


def is_3nf(relation: Relation) -> bool:
    """Every nontrivial ``X -> A`` of ``F+`` has ``X`` a superkey or ``A`` prime."""
    return Facts(relation).is_3nf()


def is_bcnf(relation: Relation) -> bool:
    """Every nontrivial ``X -> A`` of ``F+`` has ``X`` a superkey."""
    return Facts(relation).is_bcnf()


def is_4nf(relation: Relation) -> bool:
    """Every nontrivial FD and MVD implied has a superkey on the left."""
    return Facts(relation).is_4nf()


def normal_form(relation: Relation) -> str:
    """The highest normal form: ``1NF``, ``2NF``, ``3NF``, ``BCNF``, or ``4NF`` (only reported
    when MVDs are declared; with FDs only BCNF implies 4NF and the label stays ``BCNF``)."""
    return Facts(relation).normal_form()
