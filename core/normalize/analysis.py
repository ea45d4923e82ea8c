"""One entry point for the UI and the CLI: :func:`analyze` a relation, get everything.

>>> from core.normalize.fds import FD
>>> rel = Relation.build("customers", ["customer_id", "name", "zip", "city"],
...                      [FD.of("zip", "city")], primary_key=["customer_id"])
>>> a = analyze(rel)
>>> a.candidate_keys, a.normal_form, [v.kind for v in a.violations]
((('customer_id',),), '2NF', ['transitive', 'bcnf'])
>>> [c.name for c in a.bcnf_decomposition.components], a.bcnf_decomposition.dependency_preserving
(['customers', 'zip'], True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from core.normalize.decompose import Decomposition, Namer, decompose_bcnf, default_namer, synthesize_3nf
from core.normalize.explain import (
    Violation,
    explain_bcnf,
    explain_mvd,
    explain_partial,
    explain_transitive,
)
from core.normalize.fds import FD, MVD, NormalizeError, bits, minimal_cover_masks
from core.normalize.firstnf import Column, first_nf_violations
from core.normalize.forms import Budget, Facts, keys_holding
from core.normalize.keys import Cancel, Progress, key_masks
from core.normalize.relation import Relation

__all__ = ["DEFAULT_VIOLATION_BUDGET", "Analysis", "AnalysisCancelled", "analyze"]

#: How many minimal generators the violation lists may enumerate before they are cut short.
DEFAULT_VIOLATION_BUDGET = 20_000


class AnalysisCancelled(NormalizeError):
    """The caller's ``cancel()`` returned True before the analysis finished."""


@dataclass(frozen=True)
class Analysis:
    """Everything known about a relation's normalization (see :meth:`to_json` for the CLI).

    ``keys_complete`` / ``violations_complete`` are False when a limit cut the enumeration
    short. The normal form is exact whenever it can be decided without the missing keys (BCNF
    and 4NF always can; 3NF when the keys held prove the right attributes prime); otherwise
    ``normal_form`` is what is proven (at least) and ``normal_form_at_most`` the bound above
    (see :attr:`normal_form_exact`); the violations are judged on the keys held. The two decompositions are
    computed on first access (a pane that shows the normal form and the violations on every
    edit does not pay for them).
    """

    relation: Relation
    candidate_keys: tuple[tuple[str, ...], ...]
    keys_complete: bool
    prime_attributes: tuple[str, ...]
    minimal_cover: tuple[FD, ...]
    normal_form: str
    violations: tuple[Violation, ...]
    violations_complete: bool
    normal_form_at_most: str | None = None
    key_masks: tuple[int, ...] = field(default=(), repr=False, compare=False)
    namer: Namer = field(default=default_namer, repr=False, compare=False)

    @cached_property
    def synthesis_3nf(self) -> Decomposition:
        """Bernstein's 3NF synthesis (lossless and dependency-preserving); the relation itself
        when it is already in 3NF (all keys known)."""
        in_3nf = self.normal_form in ("3NF", "BCNF", "4NF")  # proven, with or without every key
        return synthesize_3nf(self.relation, self.namer, list(self.key_masks), in_3nf=in_3nf)

    @cached_property
    def bcnf_decomposition(self) -> Decomposition:
        """A lossless BCNF decomposition, with its dependency-preservation verdict."""
        return decompose_bcnf(self.relation, self.namer, list(self.key_masks))

    @property
    def attributes(self) -> tuple[str, ...]:
        return self.relation.attributes

    @property
    def normal_form_exact(self) -> bool:
        """Whether :attr:`normal_form` is the relation's normal form, not only a lower bound."""
        return self.normal_form_at_most in (None, self.normal_form)

    @property
    def normal_form_text(self) -> str:
        """``3NF``, or ``at least 1NF, at most 3NF`` when the keys left it open."""
        if self.normal_form_exact:
            return self.normal_form
        return f"at least {self.normal_form}, at most {self.normal_form_at_most}"

    def to_json(self) -> dict[str, object]:
        """The CLI's JSON: attributes, keys, cover, normal form, violations, decompositions and
        their verdicts (``lossless`` and ``dependency_preserving`` map each decomposition's name
        to a boolean). Sets are sorted lists."""
        decomps = {"synthesis_3nf": self.synthesis_3nf, "bcnf_decomposition": self.bcnf_decomposition}
        return {
            "attributes": list(self.attributes),
            "candidate_keys": [sorted(k) for k in self.candidate_keys],
            "prime_attributes": sorted(self.prime_attributes),
            "minimal_cover": [fd.to_json() for fd in self.minimal_cover],
            "normal_form": self.normal_form,
            "normal_form_exact": self.normal_form_exact,
            "normal_form_at_most": self.normal_form_at_most or self.normal_form,
            "keys_complete": self.keys_complete,
            "violations": [v.to_json() for v in self.violations],
            "violations_complete": self.violations_complete,
            "synthesis_3nf": self.synthesis_3nf.to_json(),
            "bcnf_decomposition": self.bcnf_decomposition.to_json(),
            "lossless": {name: d.lossless for name, d in decomps.items()},
            "dependency_preserving": {name: d.dependency_preserving for name, d in decomps.items()},
        }


def _preferred(relation: Relation, keys: list[int]) -> list[int]:
    """Keys ordered smallest first, a declared primary key (when it is a key) in front."""
    space = relation.space
    ordered = sorted(keys, key=lambda m: (m.bit_count(), bits(m)))
    for fd in relation.fds:
        if fd.source == "primary key":
            pk = space.mask(fd.lhs)
            if pk in ordered:
                ordered.remove(pk)
                ordered.insert(0, pk)
            break
    return ordered


def _violations(relation: Relation, facts: Facts, out: list[Violation]) -> None:
    """Append every violation (complete up to implication) to ``out``; :class:`Budget` may stop
    it part-way, leaving what was found."""
    space, r = relation.space, facts.r
    for x, y, k in facts.partial():
        a = space.names(y)[0]
        out.append(Violation("partial", FD(space.fset(x), space.fset(y), "implied"), space.names(k),
                             explain_partial(relation, space.names(x), a, space.names(k))))
    for x, y, k in facts.transitive():
        a = space.names(y)[0]
        out.append(Violation("transitive", FD(space.fset(x), space.fset(y), "implied"), space.names(k),
                             explain_transitive(relation, space.names(x), a, space.names(k))))
    for x, y, k in facts.bcnf():
        missing = space.names(r.full & ~r.closure(x))
        out.append(Violation("bcnf", FD(space.fset(x), space.fset(y), "implied"), space.names(k),
                             explain_bcnf(relation, space.names(x), space.names(y), missing)))
    for x, y, k in facts.mvd():
        rest = space.names(r.full & ~x & ~y)
        out.append(Violation("mvd", MVD(space.fset(x), space.fset(y)), space.names(k),
                             explain_mvd(relation, space.names(x), space.names(y), rest)))


def _cover_violations(relation: Relation, facts: Facts, cover: tuple[FD, ...], out: list[Violation]) -> None:
    """Append the violations among the FDs of the minimal cover (each left-reduced, so each is
    a real violation; implied ones such as ``key part -> what its dependents determine`` are
    left out). Cost: a few closures per cover FD."""
    space, r = relation.space, facts.r
    keys = facts.keys
    bcnf: dict[int, None] = {}
    later: list[Violation] = []
    for fd in cover:
        x, y = space.mask(fd.lhs), space.mask(fd.rhs)
        if facts.superkey(x):
            continue
        bcnf[x] = None
        a = space.names(y)[0]
        if not y & facts.nonprime:
            continue
        key = next((k for k in keys if x & ~k == 0 and x != k), None)
        implied = FD(fd.lhs, fd.rhs, "implied")
        if key is not None:
            out.append(Violation("partial", implied, space.names(key),
                                 explain_partial(relation, space.names(x), a, space.names(key))))
        elif not any(x & ~k == 0 for k in keys):
            k0 = keys[0] if keys else 0
            later.append(Violation("transitive", implied, space.names(k0),
                                   explain_transitive(relation, space.names(x), a, space.names(k0))))
    out.extend(later)
    for x in bcnf:
        y = r.closure(x) & ~x
        missing = space.names(r.full & ~r.closure(x))
        out.append(Violation("bcnf", FD(space.fset(x), space.fset(y), "implied"),
                             space.names(keys[0]) if keys else (),
                             explain_bcnf(relation, space.names(x), space.names(y), missing)))


def analyze(
    relation: Relation,
    *,
    columns: Iterable[Column | tuple[str, str | None]] | None = None,
    namer: Namer = default_namer,
    key_limit: int | None = None,
    violation_budget: int | None = DEFAULT_VIOLATION_BUDGET,
    exhaustive: bool = True,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Analysis:
    """Analyze ``relation``: keys, cover, normal form, violations, both decompositions.

    ``columns`` (name, type) pairs enable the 1NF heuristics; ``namer`` names decomposition
    components; ``key_limit`` stops key enumeration after that many keys; ``violation_budget``
    bounds the violation search; ``exhaustive=False`` lists only the violations among the
    minimal cover's FDs (fast on wide relations; the normal form stays exact, and relations
    with MVDs are always searched exhaustively); ``progress(keys_found)`` reports key
    enumeration; ``cancel()`` returning True aborts with :class:`AnalysisCancelled`.
    """
    keys, keys_complete = key_masks(relation, limit=key_limit, progress=progress, cancel=cancel)
    if cancel is not None and cancel():
        raise AnalysisCancelled(f"analysis of {relation.name} cancelled")
    if not keys_complete:
        keys = keys + keys_holding(relation, keys)  # enough keys to tell prime attributes, where it can
    keys = _preferred(relation, keys)
    space = relation.space
    facts = Facts(relation, keys, budget=violation_budget, cancel=cancel)
    found: list[Violation] = list(first_nf_violations(columns)) if columns is not None else []
    cover = _cover(relation)
    complete = True
    if not exhaustive and facts.r.fd_generated:
        _cover_violations(relation, facts, cover, found)
    else:
        try:
            _violations(relation, facts, found)
        except Budget:
            if cancel is not None and cancel():
                raise AnalysisCancelled(f"analysis of {relation.name} cancelled") from None
            complete = False
    at_least, at_most = facts.normal_form_bounds(keys_complete)
    return Analysis(
        relation=relation,
        candidate_keys=tuple(space.names(k) for k in sorted(keys, key=lambda m: (m.bit_count(), bits(m)))),
        keys_complete=keys_complete,
        prime_attributes=space.names(facts.prime),
        minimal_cover=cover,
        normal_form=at_least,
        normal_form_at_most=at_most,
        violations=tuple(found),
        violations_complete=complete,
        key_masks=tuple(keys),
        namer=namer,
    )


def _cover(relation: Relation) -> tuple[FD, ...]:
    """The minimal cover of the relation's FDs, each FD keeping its original source."""
    space = relation.space
    pairs = [(space.mask(fd.lhs), space.mask(fd.rhs)) for fd in relation.fds]
    return tuple(FD(space.fset(lhs), space.fset(rhs), relation.fds[origin].source)
                 for lhs, rhs, origin in minimal_cover_masks(len(space), pairs))
