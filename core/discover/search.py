"""Exact discovery of all minimal non-trivial functional dependencies (a HyFD-style hybrid).

1. **Agree sets.** Small tables: every pair of rows. Large tables: neighbouring rows after
   sorting by each column (pairs likely to agree on much, hence informative).
2. **Induction.** The agree sets give, per right-hand side, the minimal left-hand sides that
   nothing known refutes (:class:`~core.discover.induce.Cover`).
3. **Validation, level by level.** Candidates with ``k`` columns are tested on the rows; a failed
   one yields the agree sets of its violating pairs, which refine the covers (and only create
   larger candidates). When every pair was compared, induction alone is exact.
4. **Proof.** Every dependency returned is checked on the rows once more: it holds, and
   dropping any column of its left side breaks it. A failure is a bug and raises.

Completeness: a true minimal ``Y -> A`` contains a candidate (candidates are the minimal sets no
real pair refutes), that candidate is valid once validated, so equals ``Y``.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from core.discover.agree import (
    CHUNK_CELLS,
    AgreeSets,
    agree_sets_of_pairs,
    all_pairs_agree_sets,
    neighbour_agree_sets,
)
from core.discover.bitsets import BitArray, Bits, bits_of
from core.discover.control import DiscoveryError, RunControl
from core.discover.encode import EncodedTable
from core.discover.induce import Cover, common_supersets
from core.discover.partitions import Grouper
from core.discover.proof import disproofs

__all__ = ["ALL_PAIRS_LIMIT", "discover_masks"]

#: Tables with at most this many row pairs compare every pair.
ALL_PAIRS_LIMIT = 20000
#: Sampling windows for large tables before validation takes over.
_WINDOWS = 3
#: Temporaries of one step (pair comparison chunks, subset-test matrices).
_WORKING_BYTES = 17 * CHUNK_CELLS + 2 * 8 * 2_000_000
#: Violating pairs taken from one failed candidate.
_PAIRS_PER_FAILURE = 64


def discover_masks(
    table: EncodedTable,
    *,
    max_lhs: int | None = None,
    control: RunControl | None = None,
    exhaustive: bool | None = None,
) -> list[tuple[int, int]]:
    """All minimal non-trivial FDs of ``table`` as ``(lhs mask, rhs column)``, sorted.

    Parameters
    ----------
    table
        The encoded rows.
    max_lhs
        Only left-hand sides with at most this many columns (``None``: all).
    control
        Progress, cancellation and memory cap.
    exhaustive
        Compare every pair of rows (``True``) or sample and validate (``False``); by default
        every pair when there are at most :data:`ALL_PAIRS_LIMIT` pairs. Same result either way.

    Returns
    -------
    list of (int, int)
        Sorted by left-hand side size, then mask, then right-hand side.

    Examples
    --------
    >>> from core.discover.encode import encode_rows
    >>> rows = [("1000", "Brussels", "a"), ("1000", "Brussels", "b"), ("2000", "Antwerp", "a")]
    >>> discover_masks(encode_rows(["zip", "city", "x"], rows))
    [(1, 1), (2, 0)]
    """
    ctl = control or RunControl(max_lhs=max_lhs)
    if max_lhs is not None and max_lhs < 0:
        raise DiscoveryError(f"--max-lhs must be 0 or more, not {max_lhs}")
    m, n = table.n_columns, table.n_rows
    bits = Bits(m)
    covers = [Cover(bits, a, max_lhs) for a in range(m)]
    grouper = Grouper(table, cache_bytes=min(256 << 20, ctl.memory_cap // 4))
    known: AgreeSets = {}
    if exhaustive is None:
        exhaustive = n * (n - 1) // 2 <= ALL_PAIRS_LIMIT
    ctl.report("sampling", 0, 1, f"comparing rows ({n:,} distinct rows, {m} columns)")
    if exhaustive:
        known = all_pairs_agree_sets(table, bits, ctl.check)
    else:
        known = neighbour_agree_sets(table, bits, _WINDOWS)
        ctl.check()
    _charge(ctl, table, grouper, covers, known)
    ordered = _largest_first(bits, known)
    above = common_supersets(bits, ordered)
    for i, cover in enumerate(covers):
        cover.refine_sorted(ordered, ctl.check, above)
        ctl.report("induction", i + 1, m, f"inducing candidates for column {table.columns[i]}")
        _charge(ctl, table, grouper, covers, known)
    if not exhaustive:
        _validate(table, bits, covers, grouper, known, ctl)
    found = sorted(
        ((lhs, cover.rhs) for cover in covers for lhs in cover.masks()),
        key=lambda fd: (fd[0].bit_count(), fd[0], fd[1]),
    )
    _prove(found, grouper, table, known, {c.rhs: c.refuting for c in covers}, ctl)
    return found


def _validate(
    table: EncodedTable,
    bits: Bits,
    covers: list[Cover],
    grouper: Grouper,
    known: AgreeSets,
    ctl: RunControl,
) -> None:
    """Test the candidates on the rows, smallest left sides first, refining on failures."""
    valid: set[tuple[int, int]] = set()
    level = 0
    while True:
        by_lhs: dict[int, list[int]] = defaultdict(list)
        deepest = -1
        for cover in covers:
            counts = bits.counts(cover.lhs)
            if counts.size:
                deepest = max(deepest, int(counts.max()))
            for lhs in bits.to_ints(cover.lhs[counts == level]):
                if (lhs, cover.rhs) not in valid:
                    by_lhs[lhs].append(cover.rhs)
        if level > deepest:
            return
        lefts: list[np.ndarray] = []
        rights: list[np.ndarray] = []
        for done, (lhs, rhs_list) in enumerate(sorted(by_lhs.items())):
            for rhs in rhs_list:
                if grouper.holds(lhs, rhs):
                    valid.add((lhs, rhs))
                else:
                    left, right = grouper.violations(lhs, rhs, _PAIRS_PER_FAILURE)
                    lefts.append(left)
                    rights.append(right)
            if done % 64 == 0:
                ctl.report("validation", level, deepest, f"validating left sides of {level} column(s)")
        if lefts:
            found = agree_sets_of_pairs(table, bits, np.concatenate(lefts), np.concatenate(rights))
            fresh = {mask: pair for mask, pair in found.items() if mask not in known}
            known.update(fresh)
            ordered = _largest_first(bits, fresh)
            above = common_supersets(bits, ordered)
            for cover in covers:
                cover.refine_sorted(ordered, ctl.check, above)
            _charge(ctl, table, grouper, covers, known)
        level += 1


def _largest_first(bits: Bits, agree_sets: AgreeSets) -> BitArray:
    """The agree sets as an array, largest first (ties by value, for determinism)."""
    return bits.array(sorted(agree_sets, key=lambda s: (-s.bit_count(), s)))


def _charge(
    ctl: RunControl, table: EncodedTable, grouper: Grouper, covers: list[Cover], known: AgreeSets
) -> None:
    """Estimate the memory held and check it against the cap."""
    candidates = sum(len(c) for c in covers)
    per_candidate = 240 if table.n_columns > 64 else 120  # arrays, validated-set entries, proof
    estimate = (
        table.nbytes + grouper.cache_nbytes + 200 * len(known) + per_candidate * candidates + _WORKING_BYTES
    )
    ctl.charge(estimate, f"{candidates:,} candidate dependencies and {len(known):,} agree sets")


def _prove(
    found: list[tuple[int, int]],
    grouper: Grouper,
    table: EncodedTable,
    known: AgreeSets,
    hints: dict[int, list[int]],
    ctl: RunControl,
) -> None:
    """Check every dependency on the rows: it holds and is minimal (a failure is our bug)."""
    ctl.report("proof", 0, 1, f"checking all {len(found):,} dependencies on the rows")
    for lhs, rhs, problem in disproofs(grouper, found, known, ctl.check, hints):
        names = ", ".join(table.columns[c] for c in bits_of(lhs))
        raise DiscoveryError(
            f"internal check failed: [{names}] -> {table.columns[rhs]}: {problem}. "
            "This is a bug in tablewright; please report it with the data set."
        )
