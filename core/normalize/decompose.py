"""Decompositions: Bernstein's 3NF synthesis and BCNF decomposition, both verified.

* :func:`synthesize_3nf`: minimal cover, one component per left-hand side, components inside
  another dropped, and a key component added when no component holds a candidate key. It is
  lossless and dependency-preserving by construction (and checked).
* :func:`decompose_bcnf`: split a component ``S`` on a violation ``X -> Y`` (``Y = X+ ∩ S - X``)
  into ``X ∪ Y`` and ``S - Y`` until none is left. Each component carries a cover of its
  projected FDs: restriction suffices for the closed part ``X ∪ Y``, resolution
  (:mod:`core.normalize.project`) eliminates ``Y`` from the rest. Violations are found from
  the projected cover, so every component is in BCNF with respect to the projection of ``F+``.

Each result says whether it is lossless (chase) and dependency-preserving (polynomial test).
Components are named by a :data:`Namer` from their determinant; the model layer passes one
that makes entity-style names.

>>> from core.normalize.fds import FD
>>> rel = Relation("orders", ("order_id", "customer_id", "zip", "city"),
...                (FD.of("order_id", "customer_id zip"), FD.of("zip", "city")))
>>> d = decompose_bcnf(rel)
>>> [(c.name, c.attributes, c.key) for c in d.components]
[('orders', ('order_id', 'customer_id', 'zip'), ('order_id',)), ('zip', ('zip', 'city'), ('zip',))]
>>> d.lossless, d.dependency_preserving
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.normalize.chase import chase_lossless, preserves_masks
from core.normalize.fds import FD, ClosureIndex, bits, minimal_cover_masks
from core.normalize.keys import a_key_mask, effective_pairs
from core.normalize.project import project, project_masks, restrict_closed
from core.normalize.relation import Reasoner, Relation, reasoner

__all__ = ["Component", "Decomposition", "NameRequest", "Namer", "decompose_bcnf", "default_namer",
           "synthesize_3nf"]


@dataclass(frozen=True)
class NameRequest:
    """What a :data:`Namer` knows about a new component."""

    relation: str
    determinant: tuple[str, ...]  # the left-hand side it was made for; empty for the key part
    attributes: tuple[str, ...]
    main: bool  # holds a candidate key of the original relation (it "stays" the relation)


Namer = Callable[[NameRequest], str]


def default_namer(req: NameRequest) -> str:
    """The relation's name for the main component, else the determinant joined by ``_``.

    >>> default_namer(NameRequest("orders", ("zip",), ("zip", "city"), False))
    'zip'
    """
    if req.main:
        return req.relation
    if not req.determinant:
        return f"{req.relation}_constants"
    return "_".join(req.determinant)


@dataclass(frozen=True)
class Component:
    """One relation of a decomposition: name, attributes (original order), a candidate key,
    the determinant it was split on, and a cover of the FDs that hold in it (``None`` when not
    computed yet: :meth:`Decomposition.component_fds` projects it on demand)."""

    name: str
    attributes: tuple[str, ...]
    key: tuple[str, ...]
    determinant: tuple[str, ...]
    fds: tuple[FD, ...] | None
    main: bool

    def to_json(self) -> dict[str, object]:
        """``{"name", "attributes", "key"}`` as in the CLI's JSON."""
        return {"name": self.name, "attributes": list(self.attributes), "key": list(self.key)}


@dataclass(frozen=True)
class Decomposition:
    """Components with the verdicts of the chase and of the preservation test."""

    kind: str  # "3nf" or "bcnf"
    components: tuple[Component, ...]
    lossless: bool
    dependency_preserving: bool
    relation: Relation = field(compare=False, repr=False)

    def to_json(self) -> list[dict[str, object]]:
        """The components as ``{"name", "attributes", "key"}`` objects."""
        return [c.to_json() for c in self.components]

    def component_fds(self, component: Component) -> tuple[FD, ...]:
        """A minimal cover of the FDs holding in ``component`` (the projection of ``F+``)."""
        if component.fds is not None:
            return component.fds
        return project(self.relation, component.attributes)

    def references(self) -> list[tuple[str, tuple[str, ...], str]]:
        """``(child, columns, parent)`` links: the parent's key inside the child's attributes
        (the foreign keys of the decomposition). For a pair whose keys sit in each other, only
        the link from the main component (or the earlier one) is kept."""
        links: list[tuple[str, tuple[str, ...], str]] = []
        comps = self.components
        for i, child in enumerate(comps):
            for j, parent in enumerate(comps):
                if i == j or not parent.key or not set(parent.key) <= set(child.attributes):
                    continue
                mutual = set(child.key) <= set(parent.attributes)
                if mutual and (parent.main or (not child.main and j < i)):
                    continue
                links.append((child.name, parent.key, parent.name))
        return links


def _cover(r: Reasoner) -> list[tuple[int, int]]:
    """A minimal cover of the relation's FD closure (with MVDs: coalescence included)."""
    if r.fd_generated:
        return [(lhs, rhs) for lhs, rhs, _ in minimal_cover_masks(r.n, r.pairs, r.index)]
    return [(lhs, rhs) for lhs, rhs, _ in minimal_cover_masks(r.n, effective_pairs(r))]


def _minimize(index: ClosureIndex, s: int, target: int) -> int:
    """Drop attributes of ``s`` (in order) while ``s`` still determines ``target``."""
    for a in bits(s):
        t = s & ~(1 << a)
        if index.derives(t, target):
            s = t
    return s


def _finish(r: Reasoner, kind: str, parts: list[tuple[int, int, int, list[tuple[int, int]] | None]],
            main_index: int, namer: Namer, cover: list[tuple[int, int]]) -> Decomposition:
    """Name, order (main first) and verify ``(attrs, key, determinant, cover)`` parts.

    ``cover`` is the minimal cover the decomposition was built from. Preservation is tested on
    it (any cover of ``F`` gives the same answer; with MVDs, the declared FDs are tested). The
    join is lossless by the chase, or, without MVDs, directly when the decomposition preserves
    the FDs and a component is a superkey (Biskup, Dayal and Bernstein, 1979).
    """
    space, rel = r.space, r.relation
    rest = sorted((i for i in range(len(parts)) if i != main_index),
                  key=lambda i: (bits(parts[i][2] or parts[i][0]), bits(parts[i][0])))
    order = [main_index, *rest]  # main first, then by determinant in attribute order
    used: set[str] = set()
    comps = []
    for i in order:
        attrs, key, det, own = parts[i]
        base = namer(NameRequest(rel.name, space.names(det), space.names(attrs), i == main_index))
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        fds = None if own is None else tuple(
            FD(space.fset(lhs), space.fset(rhs), "projected") for lhs, rhs in own)
        comps.append(Component(name, space.names(attrs), space.names(key), space.names(det), fds,
                               i == main_index))
    masks = [parts[i][0] for i in order]
    if r.fd_generated:
        preserving = preserves_masks(r.index, masks, cover)
        lossless = (preserving and any(r.index.derives(m, r.full) for m in masks)) or chase_lossless(
            r.n, masks, r.pairs)
    else:
        preserving = preserves_masks(ClosureIndex(r.n, cover), masks, r.pairs)
        lossless = chase_lossless(r.n, masks, r.pairs, r.mvds)
    return Decomposition(kind, tuple(comps), lossless, preserving, rel)


def synthesize_3nf(relation: Relation, namer: Namer = default_namer,
                   keys: Sequence[int] | None = None, *, in_3nf: bool = False) -> Decomposition:
    """Bernstein's 3NF synthesis of ``relation``.

    ``keys`` are candidate-key bitsets in order of preference (a declared primary key first):
    the main component is the first one holding such a key, and that key is its key. Without
    them, the first component that is a superkey is the main one, or one key is added.
    ``in_3nf`` says the caller knows the relation is already in 3NF: it is then its own
    synthesis (one component), instead of one table per left-hand side.

    >>> from core.normalize.fds import FD
    >>> rel = Relation("r", ("a", "b", "c"), (FD.of("a", "b"), FD.of("b", "c"), FD.of("c", "a")))
    >>> [c.attributes for c in synthesize_3nf(rel).components]
    [('a', 'b'), ('b', 'c'), ('a', 'c')]
    >>> [c.attributes for c in synthesize_3nf(rel, in_3nf=True).components]
    [('a', 'b', 'c')]
    """
    r = reasoner(relation)
    cover = _cover(r)
    if in_3nf:
        key = next(iter(keys or ()), None)
        key = a_key_mask(r) if key is None else key
        return _finish(r, "3nf", [(r.full, key, 0, None)], 0, namer, cover)
    groups: dict[int, int] = {}
    for lhs, rhs in cover:
        groups[lhs] = groups.get(lhs, 0) | rhs
    cand = [(lhs | rhs, lhs) for lhs, rhs in groups.items()]
    kept = [(a, k) for i, (a, k) in enumerate(cand)
            if not any((a & ~b == 0) and (a != b or j < i) for j, (b, _) in enumerate(cand) if j != i)]
    preferred = list(keys or ())
    closure = r.index if r.fd_generated else ClosureIndex(r.n, cover)
    main, main_key = -1, 0
    for i, (attrs, _) in enumerate(kept):
        inside = next((k for k in preferred if k & ~attrs == 0), None)
        if inside is not None:
            main, main_key = i, inside
            break
        if keys is None and closure.derives(attrs, r.full):
            main, main_key = i, a_key_mask(r, attrs)
            break
    if main < 0:
        main_key = preferred[0] if preferred else a_key_mask(r)
        kept.append((main_key, main_key))
        main = len(kept) - 1
    parts: list[tuple[int, int, int, list[tuple[int, int]] | None]] = [
        (attrs, main_key if i == main else det, det, None) for i, (attrs, det) in enumerate(kept)]
    return _finish(r, "3nf", parts, main, namer, cover)


def decompose_bcnf(relation: Relation, namer: Namer = default_namer,
                   keys: Sequence[int] | None = None) -> Decomposition:
    """A lossless BCNF decomposition of ``relation`` (see the module docstring)."""
    r = reasoner(relation)
    cover0 = _cover(r)
    work: list[tuple[int, list[tuple[int, int]], int, int]] = [(r.full, cover0, 0, 1)]
    done: list[tuple[int, int, int, list[tuple[int, int]] | None]] = []
    main_index = -1
    while work:
        s, cover, det, is_main = work.pop()
        index = ClosureIndex(r.n, cover)
        best = None
        for lhs, rhs in cover:
            closed = index.closure(lhs) & s
            if closed != s:
                x = _minimize(index, lhs, rhs)
                y = index.closure(x) & s & ~x
                if best is None or y.bit_count() > best[1].bit_count():
                    best = (x, y)
        if best is None:
            key = _component_key(index, s, list(keys or ()) if is_main else [det])
            if is_main:
                main_index = len(done)
            done.append((s, key, det, cover))
            continue
        x, y = best
        s1, s2 = x | y, s & ~y
        work.append((s2, project_masks(cover, s2, n=r.n), det, is_main))
        work.append((s1, restrict_closed(cover, s1), x, 0))
    return _finish(r, "bcnf", done, main_index, namer, cover0)


def _component_key(index: ClosureIndex, s: int, preferred: Sequence[int]) -> int:
    """A candidate key of component ``s``: the first preferred set inside ``s`` that determines
    it (minimized), else ``s`` minimized."""
    for k in preferred:
        if k & ~s == 0 and index.derives(k, s):
            return _minimize(index, k, s)
    return _minimize(index, s, s)
