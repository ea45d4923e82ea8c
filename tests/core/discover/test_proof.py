"""The final check: wrong dependencies are caught, whatever the witnesses claim."""

from __future__ import annotations

import random

import numpy as np
import pytest

from core.discover import DiscoveryError, encode_rows
from core.discover.agree import all_pairs_agree_sets
from core.discover.bitsets import Bits
from core.discover.partitions import Grouper
from core.discover.proof import disproofs
from core.discover.search import discover_masks
from tests.core.discover.oracle import minimal_fds
from tests.core.discover.test_search_property import general_paths


def random_rows(seed: int, n: int = 40, width: int = 5) -> list[tuple[int, ...]]:
    rng = random.Random(seed)
    return [tuple(rng.randrange(3) for _ in range(width)) for _ in range(n)]


@pytest.mark.parametrize("general", [False, True], ids=["shortcuts", "general-paths"])
@pytest.mark.parametrize("seed", range(5))
def test_every_wrong_candidate_is_caught(seed: int, general: bool) -> None:
    rows = random_rows(seed)
    table = encode_rows([f"c{i}" for i in range(5)], rows)
    witnesses = all_pairs_agree_sets(table, Bits(5))
    candidates = [(lhs, rhs) for lhs in range(32) for rhs in range(5)]
    with general_paths(general):
        flagged = {(lhs, rhs) for lhs, rhs, _ in disproofs(Grouper(table), candidates, witnesses)}
    true_minimal = {(sum(1 << c for c in lhs), rhs) for lhs, rhs in minimal_fds(rows, 5)}
    assert set(candidates) - flagged == true_minimal


def test_lying_witnesses_do_not_fool_the_proof() -> None:
    """A witness pair that does not show the non-dependency on the rows is not believed."""
    rows = [(1, 1, 1), (1, 1, 1), (2, 2, 2), (3, 3, 3)] * 3
    table = encode_rows(["a", "b", "c"], rows)
    # a -> c holds and is minimal; {a, b} -> c is not minimal. Claim a pair refutes a -> c:
    lies = {0b011: (0, 0), 0b001: (0, 1)}
    with general_paths(True):
        problems = list(disproofs(Grouper(table), [(0b011, 2)], lies, hints={2: [0b011, 0b001]}))
    assert problems and problems[0][2].startswith("not minimal")


def test_search_refuses_to_return_a_wrong_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the algorithm proposed a non-dependency, the run fails loudly instead of answering."""
    import core.discover.induce as induce

    rows = [(1, "x", 5), (1, "y", 6), (2, "x", 7)]
    table = encode_rows(["a", "b", "c"], rows)
    original = induce.Cover.refine_sorted

    def broken(
        self: induce.Cover, agree_sets: np.ndarray, check: object = None, above: object = None
    ) -> None:
        original(self, agree_sets[:0])  # ignore every agree set: candidates stay {} -> A

    monkeypatch.setattr(induce.Cover, "refine_sorted", broken)
    with pytest.raises(DiscoveryError, match="internal check failed"):
        discover_masks(table, exhaustive=True)
