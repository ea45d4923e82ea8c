"""The relationship graph pane (issue 7): focus and overview diagrams drawn from ``core.layout``.

Skeleton: the screen wires it in as the "Graph" tab and calls :meth:`GraphView.update_source`
after every edit and selection change; the pane posts :class:`~tui.messages.SelectionChanged`
when the user follows a relationship.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from core.model import DataModel, EntityKey


class GraphView(Vertical):
    """The selected entity with its neighbours (focus) or the whole model (overview)."""

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._model: DataModel | None = None
        self._revision = -1
        self._selected: EntityKey | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="graph-canvas")

    def update_source(self, model: DataModel, revision: int, key: EntityKey | None) -> None:
        """Show ``model`` at ``revision`` around ``key``."""
        self._model, self._revision, self._selected = model, revision, key
