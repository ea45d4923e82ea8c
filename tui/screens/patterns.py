"""The pattern picker: choose a pattern of the library, read when to use it and its trade-offs,
set its targets and parameters, see the preview (the changes and the DDL diff), then apply it as
one undo step.

Parameters are typed as ``name=value`` words (``dimensions=768 metric=cosine``; a list is
comma-separated, ``types=post,photo``; quote a value with spaces). The preview runs in a thread
(it generates the model's DDL before and after) whenever the pattern, the targets or the
parameters change; a pattern that does not fit says why, and nothing is applied.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from core.commands import Command
from core.errors import TablewrightError
from core.model import DataModel
from core.quickadd.complete import Completion
from tui.widgets.line_input import LineInput

if TYPE_CHECKING:
    from core.patterns import Pattern


def parse_params(text: str) -> dict[str, str]:
    """``name=value`` words as a dict (values stay text; the pattern converts them).

    >>> parse_params("dimensions=768 metric=cosine types=a,b")
    {'dimensions': '768', 'metric': 'cosine', 'types': 'a,b'}
    """
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise TablewrightError(f"parameters: {exc}") from None
    out: dict[str, str] = {}
    for word in words:
        name, eq, value = word.partition("=")
        if not eq or not name:
            raise TablewrightError(f'parameters: "{word}" is not name=value')
        out[name.strip()] = value.strip()
    return out


def describe(pattern: Pattern) -> str:
    """The pattern's title, when to use it, trade-offs and parameters, as text."""
    lines = [pattern.title, "", pattern.description.strip(), "", "Trade-offs: " + pattern.tradeoffs.strip()]
    low, high = pattern.targets
    count = "no targets" if high == 0 else f"{low}{'+' if high is None else f'-{high}' if high != low else ''}"
    lines += ["", f"Targets ({count}): {pattern.targets_help}"]
    if pattern.parameters:
        lines.append("Parameters:")
        for p in pattern.parameters:
            choices = f" ({'|'.join(p.choices)})" if p.choices else ""
            lines.append(f"  {p.name}={p.default if p.default not in (None, ()) else ''}{choices}  {p.help}")
    return "\n".join(lines)


class PatternScreen(ModalScreen[Command | None]):
    """Dismisses with the pattern's batch (to execute) or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+a,f10", "apply", "Apply", priority=True),
        Binding("f2", "decide", "Decide", priority=True),
    ]

    @dataclass
    class Previewed(Message):
        """A preview (or the reason there is none) for ``request``."""

        request: tuple[str, tuple[str, ...], str]
        text: str
        ok: bool

    def __init__(self, model: DataModel, targets: Sequence[str] = (), name: str = "") -> None:
        super().__init__(classes="dialog")
        from core.patterns import PATTERNS

        self.model, self.patterns = model, PATTERNS
        self.initial_targets, self.initial = tuple(targets), name if name in PATTERNS else ""
        self._request: tuple[str, tuple[str, ...], str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="patterns"):
            yield Static("Apply a pattern", classes="dialog-title")
            with Horizontal(id="pattern-body"):
                yield OptionList(*(Option(p.title, id=p.name) for p in self.patterns.values()), id="pattern-list")
                with VerticalScroll(id="pattern-info"):
                    yield Static("", id="pattern-about", markup=False)
                    yield Static("Targets", classes="dialog-hint")
                    yield LineInput(placeholder="entities, comma-separated (tab completes)", id="pattern-targets",
                                    completer=self._complete_target)
                    yield Static("Parameters", classes="dialog-hint")
                    yield LineInput(placeholder="name=value ...", id="pattern-params")
                    yield Static("", id="pattern-preview", markup=False)
            yield Static("enter: preview   ctrl+a / F10: apply (one undo step)   escape: cancel",
                         classes="dialog-hint", id="pattern-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        names = list(self.patterns)
        options.highlighted = names.index(self.initial) if self.initial else 0
        self.query_one("#pattern-targets", LineInput).value = ", ".join(self.initial_targets)
        (self.query_one("#pattern-targets") if self.initial else options).focus()
        self._chosen()

    def _complete_target(self, text: str) -> Completion:
        """Entity names for the target being typed (after the last comma)."""
        from core.quickadd.complete import entity_choices

        start = text.rfind(",") + 1
        while start < len(text) and text[start] == " ":
            start += 1
        prefix = text[start:].lower()
        chosen = {t.strip().lower() for t in text[:start].split(",")}
        names = [n for n in entity_choices(self.model) if n.lower().startswith(prefix)
                 and n.lower() != prefix and n.lower() not in chosen]
        return Completion(start, text[start:], tuple(names))

    @property
    def pattern(self) -> Pattern:
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        return list(self.patterns.values())[index]

    def _targets(self) -> tuple[str, ...]:
        text = self.query_one("#pattern-targets", LineInput).value
        return tuple(t.strip() for t in text.split(",") if t.strip())

    @on(OptionList.OptionHighlighted, "#pattern-list")
    def _chosen(self) -> None:
        pattern = self.pattern
        about = describe(pattern)
        if pattern.name == "hierarchy":
            about += "\n\nNot sure which strategy? F2 asks four questions and picks one."
        self.query_one("#pattern-about", Static).update(about)
        if pattern.targets[1] == 0:
            self.query_one("#pattern-targets", LineInput).value = ""
        elif not self._targets():
            self.query_one("#pattern-targets", LineInput).value = ", ".join(self.initial_targets)
        self.query_one("#pattern-params", LineInput).value = ""
        self._preview()

    @on(OptionList.OptionSelected, "#pattern-list")
    def _selected(self) -> None:
        self.query_one("#pattern-targets" if self.pattern.targets[1] != 0 else "#pattern-params").focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._preview()
        if event.input.id == "pattern-targets":
            self.query_one("#pattern-params").focus()

    @on(LineInput.Cancelled)
    def _cancelled(self) -> None:
        self.dismiss(None)

    def _preview(self) -> None:
        request = (self.pattern.name, self._targets(), self.query_one("#pattern-params", LineInput).value)
        self._request = request
        self.query_one("#pattern-preview", Static).update("previewing…")
        self._run_preview(request)

    @work(thread=True, exclusive=True, group="pattern-preview", description="pattern preview")
    def _run_preview(self, request: tuple[str, tuple[str, ...], str]) -> None:
        name, targets, params = request
        try:
            preview = self.patterns[name].preview(self.model, targets, parse_params(params))
        except TablewrightError as exc:
            self.post_message(self.Previewed(request, f"Cannot apply: {exc}", False))
            return
        parts = ["Changes:", *(f"  • {c}" for c in preview.changes)]
        parts += [f"⚠ {w}" for w in preview.warnings]
        parts += [*preview.notes]
        parts += ["", "DDL (PostgreSQL) diff:", preview.diff or "(no DDL change)"]
        self.post_message(self.Previewed(request, "\n".join(parts), True))

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        if message.request == self._request:
            widget = self.query_one("#pattern-preview", Static)
            widget.update(message.text)
            widget.set_class(not message.ok, "error")

    def action_decide(self) -> None:
        """The hierarchy decision tree; its answer becomes the ``strategy`` (and ``ordered``)
        parameters, merged into those typed so far."""
        if self.pattern.name != "hierarchy":
            self.notify("The decision tree chooses a hierarchy strategy: pick the hierarchy pattern.", timeout=3)
            return
        from tui.screens.hierarchy import HierarchyDecisionScreen

        def chosen(params: dict[str, Any] | None) -> None:
            if params is None:
                return
            line = self.query_one("#pattern-params", LineInput)
            try:
                merged = parse_params(line.value)
            except TablewrightError:
                merged = {}
            merged.pop("ordered", None)
            merged |= {k: ("true" if v is True else str(v)) for k, v in params.items()}
            line.value = " ".join(f"{k}={shlex.quote(v)}" for k, v in merged.items())
            self._preview()

        self.app.push_screen(HierarchyDecisionScreen(), chosen)

    def action_apply(self) -> None:
        pattern = self.pattern
        try:
            batch: Any = pattern.apply(self.model, self._targets(),
                                       parse_params(self.query_one("#pattern-params", LineInput).value))
        except TablewrightError as exc:
            widget = self.query_one("#pattern-preview", Static)
            widget.update(f"Cannot apply: {exc}")
            widget.add_class("error")
            return
        self.dismiss(batch)
