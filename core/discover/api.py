"""Discover the functional dependencies of a table: the entry points the CLI and the app call.

:func:`discover_source` reads a source and returns a :class:`Discovery`: the ranked dependencies
as plain values (column names), with their provenance (source description without credentials,
rows read, date). That is what gets stored on an entity when dependencies are accepted into a
model (``FunctionalDependency(source="discovered", discovered_from=..., rows=...,
discovered_on=...)``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.discover.bitsets import bits_of
from core.discover.control import (
    DEFAULT_MEMORY_CAP,
    CancelToken,
    DiscoveryError,
    ProgressCallback,
    RunControl,
)
from core.discover.encode import EncodedTable, encode_rows
from core.discover.rank import PLAUSIBLE, rank
from core.discover.search import discover_masks
from core.discover.sources import SourceSpec, TableData, read_source

__all__ = ["DiscoveredFD", "Discovery", "discover_data", "discover_source", "discover_table"]


@dataclass(frozen=True)
class DiscoveredFD:
    """One minimal dependency ``lhs -> rhs`` that holds in the rows, with its ranking."""

    lhs: tuple[str, ...]
    rhs: str
    plausibility: float
    reasons: tuple[str, ...]
    from_key: bool
    support: float

    @property
    def plausible(self) -> bool:
        """Plausibility at least :data:`~core.discover.rank.PLAUSIBLE`."""
        return self.plausibility >= PLAUSIBLE

    def to_json(self) -> dict[str, Any]:
        """The JSON form: ``{"lhs", "rhs", "plausibility", "reasons", "from_key"}``."""
        return {
            "lhs": list(self.lhs),
            "rhs": self.rhs,
            "plausibility": self.plausibility,
            "reasons": list(self.reasons),
            "from_key": self.from_key,
        }


@dataclass(frozen=True)
class Discovery:
    """The result of one discovery run, with the provenance to store next to accepted FDs."""

    source: str
    columns: tuple[str, ...]
    rows: int
    distinct_rows: int
    total_rows: int | None
    discovered_on: dt.date
    null_equals_null: bool
    max_lhs: int | None
    seconds: float
    fds: tuple[DiscoveredFD, ...]

    def plausible(self) -> tuple[DiscoveredFD, ...]:
        """The dependencies that are plausible (what ``--accept plausible`` keeps)."""
        return tuple(fd for fd in self.fds if fd.plausible)


def discover_table(
    table: EncodedTable,
    *,
    keys: Sequence[Sequence[str]] = (),
    max_lhs: int | None = None,
    control: RunControl | None = None,
) -> tuple[DiscoveredFD, ...]:
    """All minimal non-trivial FDs of an encoded table, ranked (plausible first)."""
    masks = discover_masks(table, max_lhs=max_lhs, control=control)
    names = table.columns
    return tuple(
        DiscoveredFD(
            lhs=tuple(names[c] for c in bits_of(r.lhs)),
            rhs=names[r.rhs],
            plausibility=r.plausibility,
            reasons=r.reasons,
            from_key=r.from_key,
            support=round(r.support, 3),
        )
        for r in rank(table, masks, keys)
    )


def discover_data(
    data: TableData,
    *,
    null_equals_null: bool = True,
    keys: Sequence[Sequence[str]] = (),
    max_lhs: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    memory_cap: int = DEFAULT_MEMORY_CAP,
) -> Discovery:
    """Discover and rank the FDs of rows already read (see :func:`discover_source`)."""
    started = time.perf_counter()
    unknown = sorted({c for key in keys for c in key} - set(data.columns))
    if unknown:
        raise DiscoveryError(f"{data.description}: --key names unknown column(s) {', '.join(unknown)}")
    try:
        table = encode_rows(data.columns, data.rows, null_equals_null=null_equals_null)
    except ValueError as exc:
        raise DiscoveryError(f"{data.description}: {exc}") from None
    control = RunControl(progress, cancel, memory_cap, max_lhs)
    fds = discover_table(table, keys=keys, max_lhs=max_lhs, control=control)
    return Discovery(
        source=data.description,
        columns=table.columns,
        rows=len(data.rows),
        distinct_rows=table.n_rows,
        total_rows=data.total_rows,
        discovered_on=dt.date.today(),
        null_equals_null=null_equals_null,
        max_lhs=max_lhs,
        seconds=round(time.perf_counter() - started, 3),
        fds=fds,
    )


def discover_source(
    spec: SourceSpec,
    *,
    null_equals_null: bool = True,
    keys: Sequence[Sequence[str]] = (),
    max_lhs: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    memory_cap: int = DEFAULT_MEMORY_CAP,
) -> Discovery:
    """Read a source (CSV, SQLite, PostgreSQL) and discover its ranked FDs.

    Parameters
    ----------
    spec
        Where the rows are, and how to sample them.
    null_equals_null
        ``True`` (default): NULL equals NULL; ``False``: each NULL is unequal to everything.
    keys
        Declared keys and unique columns: the FDs they imply are marked ``from_key``.
    max_lhs
        Bound on the left-hand side size (``None``: all sizes).
    progress, cancel, memory_cap
        Progress reports, a cancellation token, and the memory cap in bytes.

    Returns
    -------
    Discovery
        The ranked FDs and their provenance.
    """
    data = read_source(spec)
    return discover_data(
        data,
        null_equals_null=null_equals_null,
        keys=keys,
        max_lhs=max_lhs,
        progress=progress,
        cancel=cancel,
        memory_cap=memory_cap,
    )
