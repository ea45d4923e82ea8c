"""Which discovered dependencies mean something, and which hold by accident of the sample.

A dependency found in data is only evidence. ``X -> A`` is tested by every row whose ``X`` value
repeats: ``t = records - distinct(X)`` such rows. Rows that are copies of one record do not
count twice: when some column ``W`` outside ``X ∪ A`` determines all of ``X ∪ A`` (an order id
repeated on every line of the order), rows agreeing on ``W`` agree on ``X`` and ``A`` whatever
the truth of ``X -> A``, so ``records`` is the number of distinct values of ``X ∪ A ∪ W`` (the
rows themselves when there is no such ``W``). If ``A`` were unrelated to ``X``, two records
would agree on ``A`` with probability about ``q = Σ p_a²`` (from ``A``'s value frequencies), so
the dependency would survive by chance with probability about ``q ** t``. Among the
``C(columns - 1, |X|)`` left sides of that size the search tried, some survive by chance; the
chance score is ``1 - min(1, C · q ** t)``: high when many repeated records confirm a dependency
on a varied column, zero when the left side is unique among the records (nothing tested it).
The plausibility is that score, scaled down linearly when there are fewer than ``min_support``
records per left-side value on average (from 1, no evidence, to ``min_support``) and when the
sample has fewer than :data:`SMALL_SAMPLE` rows, and by :data:`LONG_LHS_FACTOR` for each
left-side column beyond two.

Dependencies that follow from declared keys (the left side contains a key) are marked
``from_key`` and rank as certain. Flags with their reasons: a unique left side, few rows per
left-side value on average (fewer than ``min_support``), a right side with very few distinct
values or constant, a long left side, a small sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from core.discover.bitsets import bits_of, mask_of
from core.discover.encode import EncodedTable
from core.discover.partitions import Grouper

__all__ = ["PLAUSIBLE", "Ranked", "rank"]

#: Plausibility from which a dependency counts as plausible (``--accept plausible``).
PLAUSIBLE = 0.5
#: Fewer rows than this in the sample: every dependency is flagged.
SMALL_SAMPLE = 30
#: Plausibility factor per left-side column beyond two (long left sides are rarely meaningful).
LONG_LHS_FACTOR = 0.8


@dataclass(frozen=True)
class Ranked:
    """A dependency with its plausibility, its evidence and the reasons for doubt."""

    lhs: int
    rhs: int
    plausibility: float
    reasons: tuple[str, ...]
    from_key: bool
    support: float
    lhs_distinct: int
    rhs_distinct: int


def rank(
    table: EncodedTable,
    fds: Iterable[tuple[int, int]],
    keys: Sequence[Sequence[str]] = (),
    *,
    min_support: float = 2.0,
    grouper: Grouper | None = None,
) -> list[Ranked]:
    """Score ``(lhs mask, rhs)`` dependencies and sort them, plausible ones first.

    At equal plausibility the dependencies that do not follow from a key come first (they are
    the news), then shorter left sides.

    Parameters
    ----------
    table
        The rows the dependencies were found in.
    fds
        The dependencies.
    keys
        Declared keys and unique columns (names); dependencies whose left side contains one are
        ``from_key``. Names not in the table are ignored.
    min_support
        Rows per left-side value below which a dependency is flagged as thinly supported.

    Examples
    --------
    >>> from core.discover.encode import encode_rows
    >>> rows = [(z, c, i) for i, (z, c) in enumerate([("1", "A"), ("1", "A"), ("2", "B"), ("2", "B")] * 10)]
    >>> t = encode_rows(["zip", "city", "id"], rows)
    >>> [(r.lhs, r.rhs, r.from_key, r.plausibility > 0.5) for r in rank(t, [(1, 1), (2, 0), (4, 0)], [["id"]])]
    [(1, 1, False, True), (2, 0, False, True), (4, 0, True, True)]
    """
    grouper = grouper or Grouper(table)
    index = {name: i for i, name in enumerate(table.columns)}
    key_masks = [mask_of(index[c] for c in key) for key in keys if key and all(c in index for c in key)]
    n = table.n_rows
    distinct: dict[int, int] = {}

    def count(mask: int) -> int:
        if mask not in distinct:
            ids = grouper.ids(mask)
            distinct[mask] = int(np.count_nonzero(np.bincount(ids, minlength=n))) if n else 0
        return distinct[mask]

    fds = list(fds)
    determiners = _single_column_determiners(table.n_columns, fds)
    agree_chance = [_agree_chance(col) for col in table.by_column]
    ranked = []
    for lhs, rhs in fds:
        from_key = any(key & lhs == key for key in key_masks)
        lhs_distinct, rhs_distinct = count(lhs), count(1 << rhs)
        size = lhs.bit_count()
        both = lhs | 1 << rhs
        copies = _copies_of(both, determiners)
        records = count(both | copies) if copies else n
        tests = records - lhs_distinct
        if from_key:
            score = 1.0
        else:
            tried = math.log(max(1, math.comb(max(0, table.n_columns - 1), size)))
            q = agree_chance[rhs]
            log_chance = 0.0 if tests == 0 else (-math.inf if q == 0 else tests * math.log(q))
            score = 1.0 - math.exp(min(0.0, tried + log_chance))
        support = records / lhs_distinct if lhs_distinct else 0.0
        if not from_key:
            score *= _clip((support - 1.0) / (min_support - 1.0)) if min_support > 1 else 1.0
            score *= _clip(n / SMALL_SAMPLE)
            score *= LONG_LHS_FACTOR ** max(0, size - 2)
        reasons = _reasons(
            table, lhs, rhs, key_masks, n, (lhs_distinct, rhs_distinct), support, min_support, copies
        )
        if copies and records == lhs_distinct and not from_key and lhs_distinct < n:
            score = 0.0
        ranked.append(
            Ranked(lhs, rhs, round(score, 4), reasons, from_key, support, lhs_distinct, rhs_distinct)
        )
    ranked.sort(key=lambda r: (-r.plausibility, r.from_key, r.lhs.bit_count(), list(bits_of(r.lhs)), r.rhs))
    return ranked


def _single_column_determiners(width: int, fds: list[tuple[int, int]]) -> list[int]:
    """Per column ``b``, the mask of columns ``c`` with ``c -> b`` among ``fds`` (all columns when
    ``b`` is constant: ``{} -> b``)."""
    full = (1 << width) - 1
    out = [0] * width
    for lhs, rhs in fds:
        if lhs == 0:
            out[rhs] = full
        elif lhs & (lhs - 1) == 0:
            out[rhs] |= lhs
    return out


def _copies_of(columns: int, determiners: list[int]) -> int:
    """The columns outside ``columns`` that determine every one of them (see the module doc)."""
    common = -1
    for b in bits_of(columns):
        common &= determiners[b]
        if not common:
            return 0
    return common & ~columns if common != -1 else 0


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _agree_chance(codes: np.ndarray) -> float:
    """Probability that two different rows have the same value in this column."""
    n = codes.size
    if n < 2:
        return 1.0
    counts = np.bincount(codes).astype(np.float64)
    return float((counts * (counts - 1)).sum() / (n * (n - 1)))


def _reasons(
    table: EncodedTable,
    lhs: int,
    rhs: int,
    key_masks: list[int],
    n: int,
    distinct: tuple[int, int],
    support: float,
    min_support: float,
    copies: int = 0,
) -> tuple[str, ...]:
    """Why a dependency may be an accident of the sample (or that it follows from a key)."""
    for key in key_masks:
        if key & lhs == key:
            names = ", ".join(table.columns[c] for c in bits_of(key))
            return (f"follows from the declared key ({names})",)
    lhs_distinct, rhs_distinct = distinct
    reasons: list[str] = []
    if n < SMALL_SAMPLE:
        reasons.append(f"small sample ({n} distinct rows)")
    if rhs_distinct <= 1:
        reasons.append(f"{table.columns[rhs]} is constant in the sample")
    elif lhs and lhs_distinct == n:
        reasons.append("left side unique in the sample: nothing tests it")
    elif lhs and copies and support < min_support:
        names = ", ".join(table.columns[c] for c in list(bits_of(copies))[:3])
        per = f"only {support:.2f}" if support > 1 else "no repeat of the left side beyond"
        reasons.append(
            f"{per} rows per left-side value once copies of the same {names} are counted once"
            + (f" (want {min_support:g}+)" if support > 1 else "")
        )
    elif lhs and support < min_support:
        reasons.append(f"only {support:.2f} rows per left-side value (want {min_support:g}+)")
    if 1 < rhs_distinct <= 2:
        reasons.append(f"{table.columns[rhs]} has only {rhs_distinct} distinct values")
    if lhs and lhs_distinct <= 2 and rhs_distinct > 1:
        reasons.append(f"left side has only {lhs_distinct} distinct value(s)")
    if lhs.bit_count() >= 3:
        reasons.append(f"long left side ({lhs.bit_count()} columns)")
    return tuple(reasons)
