"""The hierarchy decision tree: four questions about the tree (depth, what reads need, how often
subtrees move, ordered siblings) and the strategy they lead to, with the reason, updated as the
answers change (:func:`core.patterns.hierarchy_tree.recommend`). Opened from the pattern picker
(F2 on the hierarchy pattern); it dismisses with the pattern parameters to use."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import RadioButton, RadioSet, Static

from core.patterns.hierarchy_tree import DECISION_TREE, Recommendation, recommend


class HierarchyDecisionScreen(ModalScreen[dict[str, Any] | None]):
    """Dismisses with the recommended parameters (``strategy``, ``ordered``) or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+a,f10", "use", "Use it", priority=True),
    ]

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        super().__init__(classes="dialog")
        self.answers = {q.key: q.choices[0][0] for q in DECISION_TREE} | dict(answers or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="decision"):
            yield Static("Which hierarchy strategy?", classes="dialog-title")
            with VerticalScroll(id="decision-questions"):
                for q in DECISION_TREE:
                    yield Static(q.text, classes="dialog-hint")
                    with RadioSet(id=f"q-{q.key}"):
                        for value, label in q.choices:
                            yield RadioButton(label, value=value == self.answers[q.key], name=value)
            yield Static("", id="decision-result", markup=False)
            yield Static("↑↓ enter: answer   tab: next question   ctrl+a / F10: use it   escape: cancel",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self._show()

    @property
    def recommendation(self) -> Recommendation:
        return recommend(self.answers)

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        key = (event.radio_set.id or "").removeprefix("q-")
        if event.pressed.name:
            self.answers[key] = event.pressed.name
        self._show()

    def _show(self) -> None:
        rec = self.recommendation
        extra = ", with a sort order among siblings" if rec.params.get("ordered") else ""
        self.query_one("#decision-result", Static).update(f"→ {rec.strategy}{extra}: {rec.reason}.")

    def action_use(self) -> None:
        self.dismiss(dict(self.recommendation.params))
