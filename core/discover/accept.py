"""Accepting discovered dependencies: onto the entity, tagged with where they came from.

:func:`accept_discovered` turns a :class:`~core.discover.api.Discovery` into one undoable
command (a :class:`~core.commands.Batch` of :class:`~core.commands.AddItem`) that adds the
chosen FDs to the entity as ``FunctionalDependency(source="discovered", discovered_from=...,
rows=..., discovered_on=...)``. The normalization analyzer then uses them like declared ones.

Nothing redundant is added: an FD already on the entity, implied by its keys and FDs, or
implied by the ones accepted before it (in ranking order) is skipped and counted. FDs over
columns the entity does not have are skipped too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from core.commands import AddItem, Batch, Command
from core.discover.api import DiscoveredFD, Discovery
from core.discover.control import DiscoveryError
from core.discover.entity import find
from core.model import DataModel, EntityKey, FunctionalDependency

__all__ = ["AcceptMode", "Acceptance", "accept_discovered"]

AcceptMode = Literal["all", "plausible"]


@dataclass(frozen=True)
class Acceptance:
    """What accepting a discovery would do: the command (``None`` when nothing is new) and why
    the other dependencies were left out."""

    command: Command | None
    added: tuple[DiscoveredFD, ...]
    implied: tuple[DiscoveredFD, ...]
    not_plausible: tuple[DiscoveredFD, ...]
    unknown_columns: tuple[DiscoveredFD, ...]

    def summary(self, entity: str) -> str:
        """One sentence for the user, e.g. ``added 2 FDs to orders (3 already implied)``."""
        skipped = [
            (len(self.implied), "already present or implied"),
            (len(self.not_plausible), "not plausible"),
            (len(self.unknown_columns), "over columns the entity lacks"),
        ]
        notes = ", ".join(f"{n} {why}" for n, why in skipped if n)
        noun = "FD" if len(self.added) == 1 else "FDs"
        return f"added {len(self.added)} discovered {noun} to {entity}" + (f" (skipped: {notes})" if notes else "")


class _Closure:
    """FD closure over attribute bitmasks, vectorized over the FDs (numpy ``int64`` masks up to
    62 attributes, Python integers in an object array beyond)."""

    def __init__(self, attributes: Sequence[str]) -> None:
        self.bit = {name: 1 << i for i, name in enumerate(attributes)}
        self._dtype: Any = np.int64 if len(attributes) <= 62 else object
        self.lhs = np.zeros(64, dtype=self._dtype)
        self.rhs = np.zeros(64, dtype=self._dtype)
        self.size = 0

    def mask(self, names: Iterable[str]) -> int:
        out = 0
        for name in names:
            out |= self.bit[name]
        return out

    def add(self, lhs: int, rhs: int) -> None:
        if self.size == self.lhs.size:
            self.lhs = np.concatenate([self.lhs, np.zeros(self.size, dtype=self._dtype)])
            self.rhs = np.concatenate([self.rhs, np.zeros(self.size, dtype=self._dtype)])
        self.lhs[self.size], self.rhs[self.size] = lhs, rhs
        self.size += 1

    def get(self, i: int) -> tuple[int, int]:
        return int(self.lhs[i]), int(self.rhs[i])

    def drop(self, i: int) -> None:
        """Neutralize FD number ``i`` (the empty set determining nothing)."""
        self.lhs[i] = self.rhs[i] = 0

    def implies(self, lhs: int, rhs: int, without: int = -1) -> bool:
        """Whether the FDs (all but number ``without``) imply ``lhs -> rhs``."""
        lefts, rights = self.lhs[: self.size], self.rhs[: self.size]
        closed = lhs
        while rhs & ~closed:
            fire = (lefts & ~closed) == 0
            if without >= 0:
                fire[without] = False
            grown = closed | int(np.bitwise_or.reduce(rights[fire])) if fire.any() else closed
            if grown == closed:
                return False
            closed = grown
        return True


def _note(fd: DiscoveredFD, discovery: Discovery) -> str:
    """What a reviewer of the model file wants to know: plausibility, doubts, NULL semantics.

    >>> d = DiscoveredFD(("zip",), "city", 0.5, ("only 1.50 rows per left-side value",), False, 1.5)
    >>> _note(d, Discovery("f.csv", ("zip", "city"), 3, 3, None, None, False, None, 0.0, (d,)))
    'plausibility 0.50: only 1.50 rows per left-side value; NULLs distinct'
    """
    text = f"plausibility {fd.plausibility:.2f}"
    if fd.reasons:
        text += ": " + "; ".join(fd.reasons)
    if not discovery.null_equals_null:
        text += "; NULLs distinct"
    return text


def accept_discovered(
    model: DataModel, key: EntityKey | str, discovery: Discovery, accept: AcceptMode = "plausible"
) -> Acceptance:
    """The command that stores the accepted FDs of ``discovery`` on entity ``key``.

    Parameters
    ----------
    model, key
        The model and the entity.
    discovery
        A discovery run over the entity's rows (its source, row count and date are recorded).
    accept
        ``"plausible"`` (default): only FDs with plausibility at least
        :data:`~core.discover.rank.PLAUSIBLE`; ``"all"``: every FD found.

    Returns
    -------
    Acceptance
        ``command`` is one undo step (``None`` if nothing is new); execute it on a
        :class:`~core.document.Document` or apply ``command.transform(model)``.
    """
    if accept not in ("all", "plausible"):
        raise DiscoveryError(f"--accept must be all or plausible, not {accept!r}")
    from core.normalize.bitsets import NormalizeError
    from core.normalize.model_bridge import entity_relation

    entity = find(model, key)
    try:
        relation = entity_relation(entity)
    except NormalizeError as exc:
        raise DiscoveryError(str(exc)) from None
    closure = _Closure(entity.attribute_names)
    for dep in relation.fds:  # key-implied, declared and previously discovered
        closure.add(closure.mask(dep.lhs), closure.mask(dep.rhs))
    base = closure.size
    added: list[DiscoveredFD] = []
    implied: list[DiscoveredFD] = []
    weak: list[DiscoveredFD] = []
    unknown: list[DiscoveredFD] = []
    for fd in discovery.fds:
        if not set(fd.lhs) | {fd.rhs} <= closure.bit.keys():
            unknown.append(fd)
        elif accept == "plausible" and not fd.plausible:
            weak.append(fd)
        elif closure.implies(lhs := closure.mask(fd.lhs), rhs := closure.mask([fd.rhs])):
            implied.append(fd)
        else:
            closure.add(lhs, rhs)
            added.append(fd)
    # an FD accepted early can follow from later ones (a -> c, then a -> b and b -> c):
    # drop such, least plausible first, so that what is stored has no redundant FD
    for i in reversed(range(len(added))):
        lhs, rhs = closure.get(base + i)
        if closure.implies(lhs, rhs, without=base + i):
            closure.drop(base + i)
            implied.append(added.pop(i))
    commands = tuple(
        AddItem(
            entity.key,
            "fds",
            FunctionalDependency(
                lhs=fd.lhs,
                rhs=(fd.rhs,),
                source="discovered",
                discovered_from=discovery.source,
                rows=discovery.rows,
                discovered_on=discovery.discovered_on,
                note=_note(fd, discovery),
            ),
        )
        for fd in added
    )
    noun = "FD" if len(commands) == 1 else "FDs"
    command = (
        Batch(commands, text=f"add {len(commands)} discovered {noun} to {entity.key.display()}")
        if commands
        else None
    )
    return Acceptance(command, tuple(added), tuple(implied), tuple(weak), tuple(unknown))
