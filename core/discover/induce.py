"""Induction: from agree sets (proven non-dependencies) to the candidate minimal dependencies.

For a right-hand side ``A``, ``X -> A`` is refuted by every agree set ``S`` with ``A ∉ S`` and
``X ⊆ S``. The candidates for ``A`` are the minimal sets that no known agree set refutes: the
minimal transversals of the complements ``R \\ S``. They are kept up to date one agree set at a
time (Berge's algorithm, as in FDep/HyFD's specialization step): every candidate inside ``S``
is refuted and replaced by its extensions with one column outside ``S``, keeping only the minimal
ones. Processing large agree sets first keeps the intermediate covers small, and a chunked
bulk test skips the many agree sets that refute nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

from core.discover.bitsets import BitArray, Bits, bits_of

__all__ = ["Cover", "common_supersets"]

#: Matrix cells per bulk subset test (bounds temporary memory).
_CELLS = 2_000_000
#: Up to this many candidates, specialization runs on Python ints (less overhead than numpy).
_SMALL = 64


def common_supersets(bits: Bits, agree_sets: BitArray, limit: int = 8000) -> BitArray | None:
    """For each agree set, the columns shared by every strictly larger agree set containing it.

    An agree set ``S`` matters for right-hand side ``A`` only if ``A ∉ S`` and no larger agree
    set without ``A`` contains ``S`` (that one refutes everything ``S`` refutes): that is, if
    ``A`` is in this intersection (all columns when there is no larger one). Quadratic, so
    ``None`` (no filtering) beyond ``limit`` agree sets.

    Examples
    --------
    >>> [bin(x) for x in common_supersets(Bits(3), Bits(3).array([0b011, 0b101, 0b001]))]
    ['0b111', '0b111', '0b1']
    """
    k = int(agree_sets.size)
    if k > limit:
        return None
    if bits.wide or bits.width > 62:
        return _common_supersets_wide(bits, agree_sets)
    sets = agree_sets.astype(np.int64)
    full = np.int64(bits.full)
    above = np.empty(k, dtype=np.int64)
    step = max(1, _CELLS // max(1, k))
    for start in range(0, k, step):
        part = sets[start : start + step, None]
        larger = ((sets[None, :] & part) == part) & (sets[None, :] != part)
        above[start : start + step] = np.bitwise_and.reduce(np.where(larger, sets[None, :], full), axis=1)
    return above.astype(agree_sets.dtype)


def _common_supersets_wide(bits: Bits, agree_sets: BitArray) -> BitArray:
    """:func:`common_supersets` beyond 62 columns: the masks split into 64-bit words.

    >>> wide = Bits(70)
    >>> sets = wide.array([1 << 69 | 0b011, 1 << 69 | 0b101, 1 << 69 | 0b001, 0b001])
    >>> [bin(x) for x in _common_supersets_wide(wide, sets)] == [bin(wide.full)] * 2 + [bin(1 << 69 | 1)] * 2
    True
    """
    k = int(agree_sets.size)
    n_words = (bits.width + 63) // 64
    word = (1 << 64) - 1
    ints = bits.to_ints(agree_sets)
    words = [np.array([(x >> (64 * w)) & word for x in ints], dtype=np.uint64) for w in range(n_words)]
    above_words = [np.empty(k, dtype=np.uint64) for _ in range(n_words)]
    ones = np.uint64(word)
    step = max(1, _CELLS // max(1, k * n_words))
    for start in range(0, k, step):
        stop = min(k, start + step)
        inside = np.ones((stop - start, k), dtype=bool)
        differ = np.zeros((stop - start, k), dtype=bool)
        for sets in words:
            part = sets[start:stop, None]
            inside &= (sets[None, :] & part) == part
            differ |= sets[None, :] != part
        larger = inside & differ
        for sets, above in zip(words, above_words, strict=True):
            above[start:stop] = np.bitwise_and.reduce(np.where(larger, sets[None, :], ones), axis=1)
    out = [sum(int(above_words[w][i]) << (64 * w) for w in range(n_words)) & bits.full for i in range(k)]
    return bits.array(out)


def _any_inside(sets: npt.NDArray[np.uint64], outside: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    """For each row of ``outside`` (complements, as 64-bit words), whether some row of ``sets``
    misses it entirely (lies inside the set it is the complement of)."""
    inside = np.ones((outside.shape[0], sets.shape[0]), dtype=bool)
    for w in range(sets.shape[1]):
        inside &= (sets[None, :, w] & outside[:, None, w]) == 0
    found: npt.NDArray[np.bool_] = np.asarray(inside.any(axis=1))
    return found


def _popcount(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Set bits of each row of a word array."""
    counts: npt.NDArray[np.int64] = np.bitwise_count(words).sum(axis=1, dtype=np.int64)
    return counts


def _ints_of_words(words: npt.NDArray[np.uint64]) -> list[int]:
    """The rows of a word array as Python ints."""
    out = [0] * words.shape[0]
    for w in range(words.shape[1]):
        shift = 64 * w
        for i, x in enumerate(words[:, w].tolist()):
            if x:
                out[i] |= x << shift
    return out


class Cover:
    """The candidate left-hand sides of one right-hand side column.

    Parameters
    ----------
    bits
        Mask helpers for the table's width.
    rhs
        The right-hand side column number.
    max_lhs
        Candidates with more columns are dropped (``None``: no bound).
    """

    def __init__(self, bits: Bits, rhs: int, max_lhs: int | None) -> None:
        self.bits = bits
        self.rhs = rhs
        self.rhs_bit = 1 << rhs
        self.max_lhs = bits.width if max_lhs is None else max_lhs
        # The candidates: a mask array, or for wide tables (object arrays of Python ints, whose
        # element-wise operations run at Python speed) a (candidates, words) array of 64-bit words.
        self._lhs: BitArray = bits.array([0])  # start from the most general candidate: {} -> A
        self._words: npt.NDArray[np.uint64] | None = bits.words(self._lhs) if bits.wide else None
        #: The agree sets that changed the cover. They alone give the same cover, so for every
        #: candidate ``X`` and column ``b`` of it one of them contains ``X \\ {b}``.
        self.refuting: list[int] = []

    @property
    def lhs(self) -> BitArray:
        """The candidate left-hand sides as a mask array."""
        if self._words is not None:
            return self.bits.array(_ints_of_words(self._words))
        return self._lhs

    @lhs.setter
    def lhs(self, masks: BitArray) -> None:
        if self._words is not None:
            self._words = self.bits.words(masks)
        else:
            self._lhs = masks

    def __len__(self) -> int:
        return int(self._words.shape[0] if self._words is not None else self._lhs.size)

    def refine(self, agree_sets: Iterable[int], check: Callable[[], None] | None = None) -> None:
        """Take agree sets into account (any order)."""
        ordered = sorted(agree_sets, key=lambda s: (-s.bit_count(), s))
        self.refine_sorted(self.bits.array(ordered), check)

    def refine_sorted(
        self,
        agree_sets: BitArray,
        check: Callable[[], None] | None = None,
        above: BitArray | None = None,
    ) -> None:
        """Take agree sets into account, given largest first (the order that keeps covers small).

        ``above`` (from :func:`common_supersets`) lets the agree sets that cannot change the
        cover be skipped: those inside a larger agree set that also lacks this column.
        """
        b = self.bits
        complements = agree_sets ^ b.scalar(b.full)
        rhs = b.scalar(self.rhs_bit)
        relevant = (complements & rhs) != 0  # agree sets without the rhs
        if above is not None:  # ... and maximal among those: every larger one has the rhs
            relevant &= (above & rhs) != 0
        agree_sets, complements = agree_sets[relevant], complements[relevant]
        pos, total, rows = 0, int(agree_sets.size), 16
        complement_words = b.words(complements) if b.wide and total else None
        while pos < total and len(self):
            if len(self) <= _SMALL:  # few candidates: plain Python has less overhead
                pos = self._refine_few(agree_sets, pos)
                continue
            if self._words is None:
                rows = max(1, min(rows, total - pos, _CELLS // max(1, self._lhs.size)))
                block = complements[pos : pos + rows]
                refutes = ((self._lhs[None, :] & block[:, None]) == 0).any(axis=1)
            else:
                assert complement_words is not None
                rows = max(1, min(rows, total - pos, _CELLS // max(1, self._words.size)))
                refutes = _any_inside(self._words, complement_words[pos : pos + rows])
            hits = np.flatnonzero(refutes)
            if hits.size == 0:  # a run of agree sets that refute nothing: look further ahead
                pos += rows
                rows *= 2
                continue
            pos += int(hits[0])
            agree = int(agree_sets[pos])
            self.refuting.append(agree)
            if self._words is not None:
                self._specialize_words(b.full ^ agree)
            else:
                self._specialize(b.full ^ agree)
            pos += 1
            rows = 16
            if check is not None:
                check()

    def _refine_few(self, agree_sets: BitArray, pos: int) -> int:
        """Refine on Python ints from ``pos`` while the candidates are few; the next position."""
        full = self.bits.full
        candidates = self.bits.to_ints(self.lhs)
        total = int(agree_sets.size)
        while pos < total and candidates and len(candidates) <= _SMALL:
            for agree in self.bits.to_ints(agree_sets[pos : pos + 64]):
                pos += 1
                outside = full ^ agree
                if 0 in map(outside.__and__, candidates):  # some candidate inside the agree set
                    self.refuting.append(agree)
                    candidates = self._specialized(candidates, outside)
                    if len(candidates) > _SMALL or not candidates:
                        break
        self.lhs = self.bits.array(candidates)
        return pos

    def _specialized(self, candidates: list[int], outside: int) -> list[int]:
        """:meth:`_specialize` on Python ints: faster for a few candidates."""
        keep: list[int] = []
        refuted: list[int] = []
        for t in candidates:
            (keep if t & outside else refuted).append(t)
        extensions = [1 << c for c in bits_of(outside & ~self.rhs_bit)]
        fresh = {t | e for t in refuted if t.bit_count() < self.max_lhs for e in extensions}
        near = [k for k in keep if (k & outside).bit_count() == 1]
        full = self.bits.full
        return keep + sorted(c for c in fresh if 0 not in map((full ^ c).__and__, near))

    def _specialize(self, outside: int) -> None:
        """Replace the candidates inside an agree set by their minimal one-column extensions."""
        b = self.bits
        outside_s = b.scalar(outside)
        inside = (self._lhs & outside_s) == 0
        refuted = self._lhs[inside]
        keep = self._lhs[~inside]
        refuted = refuted[b.counts(refuted) < self.max_lhs]
        extensions = [1 << c for c in bits_of(outside & ~self.rhs_bit)]
        if refuted.size == 0 or not extensions:
            self._lhs = keep
            return
        fresh = b.unique((refuted[:, None] | b.array(extensions)[None, :]).reshape(-1))
        # A kept candidate k can only be inside a fresh t|{e} (t inside S) if k meets the
        # complement of S in exactly {e}: test only those.
        near = keep[b.counts(keep & outside_s) == 1] if keep.size else keep
        if near.size:
            ok = np.ones(fresh.size, dtype=bool)
            step = max(1, _CELLS // near.size)
            full = b.scalar(b.full)
            for start in range(0, fresh.size, step):
                part = fresh[start : start + step]
                covered = ((near[None, :] & (part ^ full)[:, None]) == 0).any(axis=1)
                ok[start : start + step] = ~covered
            fresh = fresh[ok]
        self._lhs = np.concatenate([keep, fresh])

    def _specialize_words(self, outside: int) -> None:
        """:meth:`_specialize` for wide tables, on 64-bit words."""
        b = self.bits
        assert self._words is not None
        lhs = self._words
        outside_w = b.words(b.array([outside]))
        inside = ~(lhs & outside_w).any(axis=1)
        refuted, keep = lhs[inside], lhs[~inside]
        refuted = refuted[_popcount(refuted) < self.max_lhs]
        columns = list(bits_of(outside & ~self.rhs_bit))
        if refuted.shape[0] == 0 or not columns:
            self._words = keep
            return
        extensions = b.words(b.array([1 << c for c in columns]))
        fresh = np.unique((refuted[:, None, :] | extensions[None, :, :]).reshape(-1, lhs.shape[1]), axis=0)
        # as in _specialize: only kept candidates meeting the complement in one column can be
        # inside a fresh one
        near = keep[_popcount(keep & outside_w) == 1] if keep.shape[0] else keep
        if near.shape[0]:
            full_w = b.words(b.array([b.full]))
            ok = np.ones(fresh.shape[0], dtype=bool)
            step = max(1, _CELLS // near.size)
            for start in range(0, fresh.shape[0], step):
                part = ~fresh[start : start + step] & full_w
                ok[start : start + step] = ~_any_inside(near, part)
            fresh = fresh[ok]
        self._words = np.concatenate([keep, fresh])

    def masks(self) -> list[int]:
        """The current candidates as Python ints."""
        if self._words is not None:
            return _ints_of_words(self._words)
        return self.bits.to_ints(self._lhs)
