"""The relationship graph pane (issue 7): focus and overview diagrams drawn from ``core.layout``.

*Focus* shows the selected entity with the entities within 1 or 2 relationships of it (``d``),
the entities it references on the left and those referencing it on the right; at depth 2 a hub
(an entity with more than :data:`~core.layout.diagram.HUB_LIMIT` relatives of its own, such as
``tenants``) is shown but not followed, and the status line says so. *Overview* (``o``) shows the whole
model or one subject area (``a``, by tag), laid out in layers. The arrows (or ``hjkl``) move a
cursor from box to box, preferring the boxes joined to the cursor's by a relationship; ``[`` and
``]`` step through the cursor's related entities wherever they are; ``enter`` makes the cursor's
entity the selection of every pane. ``+``/``-`` zoom (names, key attributes, all attributes),
shift+arrows (or ``HJKL``) pan, ``c`` centres the cursor, ``A`` switches to ASCII characters
(``TABLEWRIGHT_ASCII=1`` starts that way).

A focus diagram is small and is laid out at once (one of more than :data:`FOCUS_SYNC_LIMIT`
entities, a hub's neighbours, in a thread worker). The overview is laid out in a thread worker,
once per model, subject area and zoom (cached: undo back to a model already drawn costs
nothing), a short pause after the last edit; the older picture stays up meanwhile. While its tab
is hidden the pane does nothing and catches up when shown.
"""

from __future__ import annotations

import gc
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from core.errors import TablewrightError
from core.layout import Diagram, LayoutCancelled, focus_layout, overview_layout
from core.layout.diagram import DETAILS, Detail, focus_columns
from core.model import DataModel, EntityKey
from tui.guard import guarded
from tui.messages import SelectionChanged
from tui.widgets.graph_canvas import GraphCanvas

Mode = Literal["focus", "overview"]
Direction = Literal["left", "right", "up", "down"]
#: Seconds the overview waits after an edit before laying the model out again.
RELAYOUT_DELAY = 0.3
#: Overview layouts kept (per model, subject area and zoom).
CACHE_SIZE = 6
#: A focus view of more entities than this (a hub's neighbours) is laid out in a thread worker.
FOCUS_SYNC_LIMIT = 150
_DETAIL_LABEL = {"names": "names", "keys": "keys", "all": "all attributes"}


@dataclass(frozen=True)
class OverviewRequest:
    """What an overview shows: a model (by identity), a subject area and a zoom."""

    model: DataModel
    tag: str | None
    detail: Detail

    def key(self) -> tuple[int, str | None, Detail]:
        return id(self.model), self.tag, self.detail


class GraphView(Vertical):
    """The selected entity with its neighbours (focus) or the whole model (overview)."""

    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    GraphView { height: 1fr; }
    GraphView > #graph-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # the footer shows the keys that are not obvious (80 columns hold them and f1 Help)
        Binding("left,h", "move('left')", "Move", key_display="←↓↑→", show=False,
                tooltip="Move the cursor to the neighbouring box (related boxes first)"),
        Binding("right,l", "move('right')", "Right", show=False, tooltip="Move the cursor right"),
        Binding("up,k", "move('up')", "Up", show=False, tooltip="Move the cursor up"),
        Binding("down,j", "move('down')", "Down", show=False, tooltip="Move the cursor down"),
        Binding("enter", "select", "Select", tooltip="Make the cursor's entity the selection of every pane"),
        Binding("o", "toggle_mode", "Overview", tooltip="Switch between the focus view and the whole model"),
        Binding("d", "toggle_depth", "Depth", tooltip="Neighbours to depth 1 or 2 (focus view)"),
        Binding("plus,equals_sign", "zoom(1)", "Zoom", key_display="+",
                tooltip="Names only, key attributes, all attributes"),
        Binding("minus", "zoom(-1)", "Zoom out", show=False, tooltip="Fewer attributes in each box"),
        Binding("a", "pick_area", "Area", tooltip="Show one subject area (tag) in the overview"),
        Binding("right_square_bracket", "follow(1)", "Next related", show=False,
                tooltip="Move the cursor to the next entity related to it"),
        Binding("left_square_bracket", "follow(-1)", "Previous related", show=False,
                tooltip="Move the cursor to the previous entity related to it"),
        Binding("shift+left,H", "pan(-1, 0)", "Pan left", show=False, tooltip="Pan left (a third of the view)"),
        Binding("shift+right,L", "pan(1, 0)", "Pan right", show=False),
        Binding("shift+up,K", "pan(0, -1)", "Pan up", show=False),
        Binding("shift+down,J", "pan(0, 1)", "Pan down", show=False),
        Binding("c,home", "centre", "Centre", show=False, tooltip="Bring the cursor's box to the middle"),
        Binding("A", "toggle_ascii", "ASCII", show=False, tooltip="Draw with ASCII characters only"),
    ]

    @dataclass
    class FocusLaid(Message):
        """A large focus diagram was laid out in the worker (``what``: model, entity, depth, detail)."""

        what: tuple[DataModel, EntityKey, int, Detail]
        diagram: Diagram | None
        error: str | None

    @dataclass
    class Laid(Message):
        """An overview layout finished (``seconds`` of work)."""

        request: OverviewRequest
        diagram: Diagram | None
        error: str | None
        seconds: float

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._model: DataModel | None = None
        self._revision = -1
        self._selected: EntityKey | None = None
        self.mode: Mode = "focus"
        self.depth = 1
        self.detail: dict[Mode, Detail] = {"focus": "keys", "overview": "names"}
        self.tag: str | None = None
        self.cursor: EntityKey | None = None
        self.diagram: Diagram | None = None
        self.stale = False  # the overview on screen is of an older model (a new one is coming)
        self.layout_seconds: float | None = None
        self._overviews: OrderedDict[tuple[int, str | None, Detail], tuple[OverviewRequest, Diagram]] = \
            OrderedDict()
        self._pending: OverviewRequest | None = None
        self._relayout: Timer | None = None
        # the last focus diagram and what it shows: (model, entity, depth, detail)
        self._focus: tuple[tuple[DataModel, EntityKey, int, Detail], Diagram] | None = None
        self._focus_pending: tuple[DataModel, EntityKey, int, Detail] | None = None
        self._shown_request: OverviewRequest | None = None
        self._error = ""
        self._failed: tuple[DataModel, str | None, Detail] | None = None  # the overview that failed
        self._dirty = True
        self._reveal_pending = True  # pan to the cursor at the next picture
        # the last ] or [: whose relatives, which one it went to, its index among them
        self._follow: tuple[EntityKey, EntityKey, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="graph-status")
        canvas = GraphCanvas(id="graph-canvas")
        canvas.ascii_only = os.environ.get("TABLEWRIGHT_ASCII", "") not in ("", "0")
        yield canvas

    @property
    def canvas(self) -> GraphCanvas:
        return self.query_one(GraphCanvas)

    # -- input from the screen -------------------------------------------------------------------

    def update_source(self, model: DataModel, revision: int, key: EntityKey | None) -> None:
        """Show ``model`` at ``revision`` around ``key``."""
        moved = key != self._selected
        self._model, self._revision, self._selected = model, revision, key
        if moved and key is not None:
            self.cursor = key
            self._reveal_pending = True
        self._dirty = True
        self._sync()

    def _visible(self) -> bool:
        return self.is_attached and all(
            node.display for node in self.ancestors_with_self if isinstance(node, Widget)
        )

    def on_show(self) -> None:
        self._sync(at_once=True)

    # -- bringing the picture up to date ---------------------------------------------------------

    def _sync(self, *, at_once: bool = False) -> None:
        """Bring the picture up to the model, selection and settings (only when visible). An
        overview is laid out again a short pause after an edit, or ``at_once``."""
        if not self._dirty or not self._visible() or self._model is None:
            return
        self._dirty = False
        if self.mode == "focus":
            self._show_focus(self._model)
        else:
            self._show_overview(self._model, at_once=at_once)
        self._status()

    def _invalidate(self) -> None:
        self._dirty = True
        self._sync()

    def _show_focus(self, model: DataModel) -> None:
        key = self._selected
        canvas = self.canvas
        if key is None or model.entity(key) is None:
            self.diagram = None
            canvas.show(None, placeholder="No entity selected: pick one in the list (or press o for the overview).")
            return
        detail = self.detail["focus"]
        last = self._focus
        what = (model, key, self.depth, detail)
        if last is not None and last[0][0] is model and last[0][1:] == what[1:]:
            diagram = last[1]
        else:
            try:
                count = len(focus_columns(model, key, self.depth))
                if count > FOCUS_SYNC_LIMIT:  # a hub's neighbours: in the worker
                    self.diagram = None
                    canvas.show(None, placeholder=f"Laying out {key.display()} with {count - 1} related entities…")
                    pending = self._focus_pending
                    if pending is None or pending[0] is not model or pending[1:] != what[1:]:
                        self._focus_pending = what
                        self._lay_out_focus(what)
                    return
                diagram = focus_layout(model, key, self.depth, detail=detail)
            except Exception as exc:  # shown in the pane; the other panes carry on
                self.diagram, self._focus = None, None
                canvas.show(None, placeholder=f"Cannot draw {key.display()}: {exc}")
                return
            self._focus = (what, diagram)
        self.diagram = diagram
        if self.cursor is None or self.cursor not in diagram.boxes:
            self.cursor = diagram.focus
        canvas.show(diagram, cursor=self.cursor, selected=key)
        if self._reveal_pending:
            self._reveal_pending = False
            canvas.reveal(diagram.focus, centre=True)  # both sides in view as far as they fit
        canvas.reveal(self.cursor)

    def _request(self, model: DataModel) -> OverviewRequest:
        return OverviewRequest(model, self.tag, self.detail["overview"])

    def _show_overview(self, model: DataModel, *, at_once: bool = False) -> None:
        request = self._request(model)
        hit = self._overviews.get(request.key())
        if hit is not None and hit[0].model is model:
            self._overviews.move_to_end(request.key())
            self.stale = False
            self._put_overview(hit[1])
            return
        failed = self._failed
        if failed is not None and failed[0] is model and failed[1:] == (request.tag, request.detail):
            self.stale = False
            self._put_overview(None)  # shows the error; another model, area or zoom tries again
            return
        # not laid out yet: keep the older picture of the same area and zoom while we wait
        shown = self.diagram if self.mode == "overview" and self._shown_request_matches(request) else None
        self.stale = True
        self._put_overview(shown)
        if self._relayout is not None:
            self._relayout.stop()
            self._relayout = None
        if shown is None or at_once:
            self._launch(request)
        else:
            self._relayout = self.set_timer(RELAYOUT_DELAY, lambda: self._launch(self._request(model)))

    def _shown_request_matches(self, request: OverviewRequest) -> bool:
        shown = self._shown_request
        return shown is not None and shown.tag == request.tag and shown.detail == request.detail

    def _launch(self, request: OverviewRequest) -> None:
        self._relayout = None
        if self._model is not request.model or self.mode != "overview":
            return  # superseded: the next sync asks again
        if not self._visible():
            self._dirty = True  # hidden since: laid out when shown again
            return
        if self._pending is not None and self._pending.key() == request.key():
            return
        self._pending = request
        self._lay_out(request, bool(getattr(self.app, "tune_gc", False)))
        self._status()

    @work(thread=True, exclusive=True, group="graph-layout", description="graph overview layout")
    def _lay_out(self, request: OverviewRequest, pause_gc: bool) -> None:
        # with the app's tune_gc, the collector pauses while the layout builds its objects: a
        # full collection in the middle (the whole heap, 150 ms or more on a large model) would
        # otherwise stall the UI thread, which shares the interpreter
        paused = pause_gc and gc.isenabled()
        if paused:
            gc.disable()
        start = time.perf_counter()
        diagram: Diagram | None = None
        error: str | None = None
        worker = get_current_worker()
        try:
            diagram = overview_layout(request.model, tag=request.tag, detail=request.detail,
                                      cancelled=lambda: worker.is_cancelled)
            diagram.within(0, 0, 1, 1)  # builds its spatial index here, not in the UI thread
        except LayoutCancelled:
            return  # a newer request took over (exclusive worker)
        except TablewrightError as exc:
            error = f"Cannot lay out the model: {exc}"
        except Exception as exc:  # a bug must not take the app down from a worker
            error = f"Cannot lay out the model ({type(exc).__name__}: {exc}); this is a bug in tablewright."
        finally:
            if paused:
                gc.enable()
        self.post_message(self.Laid(request, diagram, error, time.perf_counter() - start))

    @work(thread=True, exclusive=True, group="graph-focus", description="graph focus layout")
    def _lay_out_focus(self, what: tuple[DataModel, EntityKey, int, Detail]) -> None:
        model, key, depth, detail = what
        try:
            diagram = focus_layout(model, key, depth, detail=detail)
            diagram.within(0, 0, 1, 1)  # builds its spatial index here, not in the UI thread
        except Exception as exc:  # shown in the pane; a bug must not take the app down
            self.post_message(self.FocusLaid(what, None, f"Cannot draw {key.display()}: {exc}"))
            return
        self.post_message(self.FocusLaid(what, diagram, None))

    @on(FocusLaid)
    @guarded
    def _focus_laid(self, message: FocusLaid) -> None:
        if self._focus_pending is message.what:
            self._focus_pending = None
        if message.diagram is None:
            model, key, depth, detail = message.what
            if (self.mode == "focus" and model is self._model and key == self._selected and depth == self.depth
                    and detail == self.detail["focus"]):
                self.diagram = None
                self.canvas.show(None, placeholder=message.error or "")
            return
        self._focus = (message.what, message.diagram)
        self._dirty = True
        self._sync()  # shows it if it is still what the pane wants

    @on(Laid)
    @guarded
    def _laid(self, message: Laid) -> None:
        request = message.request
        if self._pending is not None and self._pending.key() == request.key():
            self._pending = None
        if message.diagram is not None:
            self._overviews[request.key()] = (request, message.diagram)
            self._overviews.move_to_end(request.key())
            while len(self._overviews) > CACHE_SIZE:
                self._overviews.popitem(last=False)
        self._error = message.error or ""
        self._failed = (request.model, request.tag, request.detail) if message.error else None
        self.layout_seconds = message.seconds
        self._dirty = True
        self._sync()

    def _put_overview(self, diagram: Diagram | None) -> None:
        canvas = self.canvas
        model = self._model
        request = self._request(model) if model is not None else None
        new_view = request is None or not self._shown_request_matches(request)
        self.diagram = diagram
        if diagram is None or request is None:
            self._shown_request = None
            canvas.show(None, placeholder=self._error or "Laying out the model…")
            return
        self._shown_request = request
        if not diagram.boxes:
            canvas.show(None, placeholder=f"No entity is tagged {self.tag}: press a for another subject area."
                        if self.tag else "The model has no entities yet (ctrl+n creates one).")
            return
        if self.cursor is None or self.cursor not in diagram.boxes:
            sel = self._selected
            self.cursor = sel if sel is not None and sel in diagram.boxes else \
                min(diagram.boxes.values(), key=lambda b: (b.y, b.x)).key
        canvas.show(diagram, cursor=self.cursor, selected=self._selected)
        if new_view or self._reveal_pending:
            self._reveal_pending = False
            canvas.reveal(self.cursor, centre=True)

    def _status(self) -> None:
        status = self.query_one("#graph-status", Static)
        detail = _DETAIL_LABEL[self.detail[self.mode]]
        d = self.diagram
        if self.mode == "focus":
            name = self._selected.display() if self._selected is not None else "nothing selected"
            text = f"Focus: {name} · depth {self.depth} · {detail}"
            if d is not None:
                text += f" · {len(d.boxes) - 1} related"
                if d.collapsed:  # hubs whose own relatives would have flooded the view
                    text += " · not followed: " + ", ".join(f"{k.display()} (+{n})" for k, n in d.collapsed.items())
            text += "  ·  # key  > reference  * many  1 one  o optional"
        else:
            area = f"area {self.tag}" if self.tag else "whole model"
            text = f"Overview: {area} · {detail}"
            if d is not None:
                x, y = self.canvas.origin
                text += f" · {len(d.boxes)} entities · at {x},{y} of {d.width}x{d.height}"
            if self.stale or self._pending is not None:
                text += " · laying out…"
            if self.cursor is not None:
                text += f"  ·  cursor: {self.cursor.display()}"
        text += "  ·  ←↓↑→/hjkl move  ]/[ related  shift+arrows pan  c centre  A ascii"
        status.update(text, layout=False)

    # -- actions ---------------------------------------------------------------------------------

    async def run_from_palette(self, action: str) -> None:
        """Run ``action`` from the command palette (the pane just brought to the front): once
        the pane is laid out, on the picture of the current model and selection."""

        async def run() -> None:
            self._sync(at_once=True)
            self.canvas.focus()
            await self.run_action(action)

        self.call_after_refresh(run)

    def _moved_cursor(self, key: EntityKey | None) -> None:
        if key is None:
            return
        self.cursor = key
        canvas = self.canvas
        canvas.show(self.diagram, cursor=key, selected=self._selected, placeholder=canvas.placeholder)
        canvas.reveal(key)
        self._status()

    @guarded
    def action_move(self, direction: Direction) -> None:
        d = self.diagram
        if d is None or self.cursor is None:
            return
        self._moved_cursor(d.step(self.cursor, direction, related_only=self.mode == "focus"))

    @guarded
    def action_follow(self, step: int) -> None:
        """Move to the next (``step`` 1) or previous (-1) entity related to the cursor's; pressed
        again, go on through the relatives of the same entity."""
        d = self.diagram
        if d is None or self.cursor is None or self.cursor not in d.boxes:
            return
        last = self._follow
        if last is not None and last[1] == self.cursor and last[0] in d.boxes:
            origin, index = last[0], last[2]
        else:
            origin, index = self.cursor, (-1 if step > 0 else 0)
        related = d.related(origin)
        if not related:
            self.app.notify(f"{origin.display()} has no relationship in this view.", timeout=3)
            return
        index = (index + step) % len(related)
        self._moved_cursor(related[index])
        self._follow = (origin, related[index], index)

    @guarded
    def action_select(self) -> None:
        if self.cursor is not None and self.cursor != self._selected:
            self.post_message(SelectionChanged(self.cursor))

    def action_toggle_mode(self) -> None:
        self.mode = "overview" if self.mode == "focus" else "focus"
        self.cursor = self._selected
        self._reveal_pending = True
        self._invalidate()

    def action_toggle_depth(self) -> None:
        self.depth = 2 if self.depth == 1 else 1
        if self.mode == "focus":
            self._reveal_pending = True
            self._invalidate()
        else:
            self.app.notify(f"The focus view (o) will show neighbours to depth {self.depth}.", timeout=3)

    def action_zoom(self, step: int) -> None:
        i = DETAILS.index(self.detail[self.mode])
        new = DETAILS[max(0, min(len(DETAILS) - 1, i + step))]
        if new != self.detail[self.mode]:
            self.detail[self.mode] = new
            self._reveal_pending = True
            self._invalidate()

    def action_pan(self, dx: int, dy: int) -> None:
        canvas = self.canvas
        w, h = canvas.size
        x, y = canvas.origin
        canvas.move_origin(x + dx * max(4, w // 3), y + dy * max(2, h // 3))
        self._status()

    def action_centre(self) -> None:
        self.canvas.reveal(self.cursor, centre=True)
        self._status()

    def action_toggle_ascii(self) -> None:
        canvas = self.canvas
        canvas.ascii_only = not canvas.ascii_only
        canvas.refresh()

    @guarded
    def action_pick_area(self) -> None:
        from tui.widgets.graph_areas import AreaPickScreen

        if self._model is None:
            return

        def chosen(tag: str | None) -> None:
            if tag is None:
                return
            self.tag = tag or None
            self.mode = "overview"
            self.cursor = self._selected
            self._reveal_pending = True
            self._invalidate()

        self.app.push_screen(AreaPickScreen(self._model, self.tag), chosen)

    # -- mouse -----------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        d = self.diagram
        canvas = self.canvas
        if d is None or event.widget is not canvas:
            return
        offset = event.get_content_offset(canvas)
        if offset is None:
            return
        ox, oy = canvas.origin
        box = d.box_at(ox + offset.x, oy + offset.y)
        if box is not None:
            self._moved_cursor(box.key)
            if event.chain >= 2:
                self.action_select()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.action_pan(0, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.action_pan(0, -1)

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        event.stop()
        self.action_pan(1, 0)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        event.stop()
        self.action_pan(-1, 0)
