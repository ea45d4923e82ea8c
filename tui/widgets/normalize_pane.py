"""The normalization pane (issue 7): FDs, keys, normal form, violations and decompositions of
the selected entity, from ``core.normalize``.

Skeleton: the screen wires it in as the "Normalize" tab and calls
:meth:`NormalizePane.update_source` after every edit and selection change.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from core.model import DataModel, EntityKey


class NormalizePane(Vertical):
    """Analysis of the selected entity, with an FD editor and one-key decompositions."""

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._model: DataModel | None = None
        self._revision = -1
        self._selected: EntityKey | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="normalize-status")

    def update_source(self, model: DataModel, revision: int, key: EntityKey | None) -> None:
        """Analyse ``key`` in ``model`` at ``revision``."""
        self._model, self._revision, self._selected = model, revision, key
