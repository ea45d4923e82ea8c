"""Running a discovery: progress reports, cancellation and the memory cap.

A long discovery reports its progress through a callback and checks a :class:`CancelToken`
between steps; the app's worker cancels it from another thread. Memory is estimated from the
arrays the algorithm holds (codes, cached partitions, agree sets, candidate covers) and checked
against a cap, so that a run on a wide table stops with a message instead of exhausting the
machine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import TablewrightError

__all__ = [
    "DEFAULT_MEMORY_CAP",
    "CancelToken",
    "DiscoveryCancelled",
    "DiscoveryError",
    "MemoryCapExceeded",
    "Progress",
    "RunControl",
]

#: Default memory cap for one discovery run (bytes).
DEFAULT_MEMORY_CAP = 2 << 30


class DiscoveryError(TablewrightError):
    """Dependencies cannot be discovered from this source (the message says why and what to do)."""


class DiscoveryCancelled(DiscoveryError):
    """The run was cancelled through its token."""


class MemoryCapExceeded(DiscoveryError):
    """The run would need more memory than its cap allows."""


class CancelToken:
    """A flag another thread sets to stop a running discovery (thread-safe)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the run to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._event.is_set()


@dataclass(frozen=True)
class Progress:
    """One progress report: the phase, how far it is, and a line for people."""

    phase: str
    done: int
    total: int
    message: str

    @property
    def fraction(self) -> float:
        """``done / total`` clipped to ``[0, 1]`` (0 when the total is unknown)."""
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0


ProgressCallback = Callable[[Progress], None]


class RunControl:
    """Progress, cancellation and memory accounting for one run.

    Parameters
    ----------
    progress
        Called with each :class:`Progress` report (from the running thread).
    cancel
        Checked at every step; when cancelled the run raises :class:`DiscoveryCancelled`.
    memory_cap
        Bytes the run may hold; :class:`MemoryCapExceeded` when an estimate goes beyond.
    max_lhs
        The left-hand-side bound of the run, named in the memory message.
    """

    def __init__(
        self,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        memory_cap: int = DEFAULT_MEMORY_CAP,
        max_lhs: int | None = None,
    ) -> None:
        self.progress = progress
        self.cancel = cancel
        self.memory_cap = memory_cap
        self.max_lhs = max_lhs
        self.peak_estimate = 0

    def check(self) -> None:
        """Raise :class:`DiscoveryCancelled` if the run was cancelled."""
        if self.cancel is not None and self.cancel.cancelled:
            raise DiscoveryCancelled("FD discovery cancelled")

    def report(self, phase: str, done: int, total: int, message: str) -> None:
        """Send a progress report (and check for cancellation)."""
        self.check()
        if self.progress is not None:
            self.progress(Progress(phase, done, total, message))

    def charge(self, estimate: int, what: str) -> None:
        """Check an estimate of the memory in use against the cap."""
        self.peak_estimate = max(self.peak_estimate, estimate)
        if estimate > self.memory_cap:
            bound = f"--max-lhs {self.max_lhs}" if self.max_lhs is not None else "no --max-lhs bound"
            raise MemoryCapExceeded(
                f"FD discovery stopped: {what} needs about {_mib(estimate)}, over the memory cap of "
                f"{_mib(self.memory_cap)} (run with {bound}). Raise the cap with --memory-cap MB "
                "(memory_cap= in the API), bound the left-hand sides with a smaller --max-lhs K, "
                "or discover on a sample with --sample N."
            )


def _mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB"
