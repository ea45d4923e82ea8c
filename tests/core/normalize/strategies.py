"""Hypothesis strategies for random relations (attribute names: letters or multi-character words)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from core.normalize.fds import FD, MVD
from core.normalize.relation import Relation
from tests.core.normalize.oracle import Dep, Oracle

LETTERS = tuple("ABCDEFGHIJ")
WORDS = ("order_id", "zip", "city", "sku", "qty", "price", "dept_name", "mgr", "year", "x")


@st.composite
def dep_lists(draw: Any, attrs: tuple[str, ...], max_deps: int, max_lhs: int = 3,
              empty_lhs: bool = True) -> list[Dep]:
    deps = []
    for _ in range(draw(st.integers(0, max_deps))):
        lhs = draw(st.sets(st.sampled_from(attrs), min_size=0 if empty_lhs else 1, max_size=max_lhs))
        rhs = draw(st.sets(st.sampled_from(attrs), min_size=1, max_size=3))
        deps.append((frozenset(lhs), frozenset(rhs)))
    return deps


@st.composite
def cases(draw: Any, max_attrs: int = 10, with_mvds: bool = False) -> tuple[Relation, Oracle]:
    """A random relation and its oracle; MVD cases stay small (the oracle chases every subset)."""
    n = draw(st.integers(1, max_attrs))
    attrs = (LETTERS if draw(st.booleans()) else WORDS)[:n]
    fds = draw(dep_lists(attrs, max_deps=2 * n))
    mvds = draw(dep_lists(attrs, max_deps=3, empty_lhs=False)) if with_mvds else []
    rel = Relation("R", attrs, tuple(FD(lh, rh) for lh, rh in fds), tuple(MVD(lh, rh) for lh, rh in mvds))
    return rel, Oracle(attrs, fds, mvds)


def as_deps(fds: Any) -> set[Dep]:
    return {(frozenset(fd.lhs), frozenset(fd.rhs)) for fd in fds}
