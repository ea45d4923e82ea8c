"""The relationship graph pane: focus on the selection, follow relationships with the keyboard,
the overview laid out in a worker (cached), zoom, subject areas, pan, and snapshots.

Expectations come from the model itself (its foreign keys), never from the pane's own output.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Sequence
from typing import Any

from textual.binding import Binding
from textual.pilot import Pilot

from core.commands import AddEntity
from core.document import Document
from core.model import Attribute, DataModel, Entity, EntityKey, ForeignKey, PrimaryKey
from core.storage import load
from tests.bench.bigmodel import big_model
from tests.conftest import SAMPLES
from tests.tui.helpers import SIZE, run_palette, settle, settle_review
from tui.app import ModelerApp, make_app
from tui.widgets.graph_areas import AreaPickScreen
from tui.widgets.graph_view import GraphView

BOX_CHARS = set("─│┌┐└┘├┤┬┴┼═║╔╗╚╝")


def _key(name: str) -> EntityKey:
    return EntityKey(None, name)


def parents_of(model: DataModel, name: str) -> set[str]:
    """Oracle: the entities ``name`` references (self excluded)."""
    e = model.entity(name)
    assert e is not None
    return {fk.references for fk in e.foreign_keys} - {name}


def children_of(model: DataModel, name: str) -> set[str]:
    """Oracle: the entities referencing ``name`` (self excluded)."""
    return {e.name for e in model.entities if any(fk.references == name for fk in e.foreign_keys)} - {name}


async def until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await pilot.pause(0.02)


async def open_graph(pilot: Pilot[Any], select: str | None = None) -> GraphView:
    app = pilot.app
    assert isinstance(app, ModelerApp)
    await settle(pilot)
    if select is not None:
        app.main.select(_key(select))
        await settle(pilot)
    await pilot.press("f10")
    await pilot.pause()
    graph = app.main.graph
    assert app.main.side.active == "tab-graph"
    assert app.focused is graph.canvas
    return graph


async def overview_ready(pilot: Pilot[Any], graph: GraphView) -> None:
    await until(pilot, lambda: graph.mode == "overview" and not graph.stale and graph.diagram is not None
                and graph._pending is None)
    await pilot.pause()


def names(graph: GraphView) -> set[str]:
    assert graph.diagram is not None
    return {k.name for k in graph.diagram.boxes}


def screen_text(graph: GraphView) -> str:
    return "\n".join(graph.canvas.text_lines())


async def test_focus_shows_the_selection_with_parents_left_and_children_right() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        parents, children = parents_of(model, "orders"), children_of(model, "orders")
        assert parents and children
        assert names(graph) == {"orders"} | parents | children
        d = graph.diagram
        assert d is not None and d.focus == _key("orders")
        me = d.boxes[_key("orders")]
        for p in parents - children:
            assert d.boxes[_key(p)].x + d.boxes[_key(p)].w <= me.x
        for c in children - parents:
            assert d.boxes[_key(c)].x >= me.x + me.w
        # one line per foreign key between the boxes shown, with both cardinality marks
        shown = names(graph)
        fks = [(e.name, fk) for e in model.entities if e.name in shown for fk in e.foreign_keys
               if fk.references in shown and fk.references != e.name and "orders" in (e.name, fk.references)]
        assert len([e for e in d.edges if _key("orders") in (e.child, e.parent)]) == len(fks)
        text = screen_text(graph)
        assert "orders" in text and "# id" in text  # key attributes, PK marked
        assert "> customer_id" in text  # FK marked
        assert "*" in text and "1" in text
        # another selection from the entity list: the graph follows
        app.main.entity_list.table.focus()
        app.main.select(_key("products"))
        await settle(pilot)
        assert graph.diagram is not None and graph.diagram.focus == _key("products")
        assert names(graph) == {"products"} | parents_of(model, "products") | children_of(model, "products")


async def test_follow_a_relationship_with_the_keyboard_moves_the_selection_everywhere() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("left")  # to a parent of orders
        assert graph.cursor is not None and graph.cursor.name in parents_of(model, "orders")
        assert app.main.selected == _key("orders")  # only the cursor moved
        target = graph.cursor
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.selected == target
        assert app.main.editor.entity is not None and app.main.editor.entity.name == target.name
        current = app.main.entity_list.table.current
        assert current is not None and current.key == target
        assert f"CREATE TABLE {target.name} (" in app.main.preview.text
        # the graph is now centred on it, and l (right) leads back to one of its children
        assert graph.diagram is not None and graph.diagram.focus == target
        await pilot.press("l")
        assert graph.cursor is not None and graph.cursor.name in children_of(model, target.name)
        # ] steps through every relative of the cursor's entity, then wraps around
        await pilot.press("c")
        start = graph.cursor
        related = set(graph.diagram.related(start))
        seen = []
        for _ in range(len(related)):
            await pilot.press("right_square_bracket")
            seen.append(graph.cursor)
        assert set(seen) == related


def near(model: DataModel, name: str) -> set[str]:
    """Oracle: the entities one relationship away from ``name``, either way."""
    return parents_of(model, name) | children_of(model, name)


async def test_depth_two_adds_the_neighbours_of_neighbours_both_ways() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "order_items")
        level1 = near(model, "order_items")
        assert names(graph) == {"order_items"} | level1
        await pilot.press("d")
        level2 = set().union(*(near(model, n) for n in level1)) - level1 - {"order_items"}
        siblings = set().union(*(children_of(model, p) for p in parents_of(model, "order_items")))
        assert siblings - level1 - {"order_items"}  # the sample has another child of a parent to show
        assert names(graph) == {"order_items"} | level1 | level2
        assert graph.depth == 2
        d = graph.diagram
        assert d is not None
        box = {k.name: b for k, b in d.boxes.items()}
        focus = box["order_items"]
        for p in parents_of(model, "order_items"):
            assert box[p].x + box[p].w <= focus.x  # parents to the left
        for c in children_of(model, "order_items"):
            assert box[c].x >= focus.x + focus.w  # children to the right
        for x in level2:  # one column beside a neighbour that brought it in: right of what it references
            assert any(box[x].x >= box[n].x + box[n].w if n in parents_of(model, x) else
                       box[x].x + box[x].w <= box[n].x for n in near(model, x) & level1), x
        await pilot.press("d")
        assert names(graph) == {"order_items"} | level1


async def test_depth_two_does_not_follow_a_hub_and_says_so() -> None:
    from core.layout.diagram import HUB_LIMIT

    def table(name: str, *refs: str) -> Entity:
        return Entity(name=name, attributes=[Attribute(name="id", type="bigint", nullable=False),
                                             *(Attribute(name=f"{r}_id", type="bigint") for r in refs)],
                      primary_key=PrimaryKey(columns=["id"]),
                      foreign_keys=[ForeignKey(columns=[f"{r}_id"], references=r) for r in refs])

    others = [table(f"x{i}", "tenants") for i in range(HUB_LIMIT + 1)]
    model = DataModel(entities=[table("tenants"), table("orders", "tenants"), *others])
    app = make_app(document=Document(model))
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("d")
        assert names(graph) == {"orders", "tenants"}
        status = str(graph.query_one("#graph-status").render())
        assert f"not followed: tenants (+{len(others)})" in status
        app.main.select(_key("tenants"))  # the focus itself is always followed
        await settle(pilot)
        assert names(graph) == {e.name for e in model.entities}


async def test_a_large_focus_is_laid_out_in_a_worker(monkeypatch: Any) -> None:
    import threading

    import tui.widgets.graph_view as graph_view

    monkeypatch.setattr(graph_view, "FOCUS_SYNC_LIMIT", 3)  # orders and its 5 neighbours: "large"
    threads: list[bool] = []
    real = graph_view.focus_layout

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(graph_view, "focus_layout", recording)
    model = load(SAMPLES / "ecommerce.yaml").model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.main.select(_key("orders"))
        await settle(pilot)
        await pilot.press("f10")
        graph = app.main.graph
        await until(pilot, lambda: graph.diagram is not None and graph.diagram.focus == _key("orders"))
        assert threads and not any(threads)  # never on the UI thread
        assert names(graph) == {"orders"} | near(model, "orders")
        assert "orders" in screen_text(graph)
        await pilot.press("right_square_bracket")  # the keys work on it as on any focus view
        assert graph.cursor is not None and graph.cursor.name in near(model, "orders")


def _supplier_orders() -> Entity:
    return Entity(name="supplier_orders",
                  attributes=(Attribute(name="id", type="bigint", nullable=False),
                              Attribute(name="order_id", type="bigint", nullable=True)),
                  primary_key=PrimaryKey(columns=("id",)),
                  foreign_keys=(ForeignKey(columns=("order_id",), references="orders"),))


async def test_an_edit_and_its_undo_redraw_the_graph() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("f5")  # maximized: the whole diagram in view
        before = names(graph)
        app.execute(AddEntity(_supplier_orders()))
        await settle(pilot)
        assert app.main.selected == _key("orders")
        assert names(graph) == before | {"supplier_orders"}
        edge = next(e for e in graph.diagram.edges if e.child == _key("supplier_orders"))  # type: ignore[union-attr]
        assert (edge.child_mark, edge.parent_mark) == ("*", "o")  # many, optional (nullable FK)
        assert "supplier_orders" in screen_text(graph)
        graph.canvas.focus()
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.document.model.entity("supplier_orders") is None
        assert names(graph) == before
        assert "supplier_orders" not in screen_text(graph)


async def test_hidden_pane_stays_idle_and_catches_up_when_shown() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        graph = app.main.graph
        assert graph.diagram is None  # never shown: nothing laid out
        app.main.select(_key("orders"))
        app.execute(AddEntity(_supplier_orders()))
        await settle(pilot)
        assert graph.diagram is None
        await pilot.press("f10")
        await pilot.pause()
        assert graph.diagram is not None and graph.diagram.focus == _key("orders")
        assert "supplier_orders" in names(graph)
        # hidden again: selection changes do not lay anything out
        shown = graph.diagram
        await pilot.press("f8")  # next tab
        await pilot.pause()
        app.main.select(_key("customers"))
        await settle(pilot)
        assert graph.diagram is shown
        await pilot.press("f10")
        await pilot.pause()
        assert graph.diagram is not None and graph.diagram.focus == _key("customers")


async def test_zoom_levels_and_ascii_fallback() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    orders = model.entity("orders")
    assert orders is not None
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("f5")  # maximize the pane
        await pilot.pause()
        box = graph.diagram.boxes[_key("orders")]  # type: ignore[union-attr]
        plain = [a.name for a in orders.attributes if a.name not in orders.primary_key.columns  # type: ignore[union-attr]
                 and all(a.name not in fk.columns for fk in orders.foreign_keys)]
        assert plain and not any(plain[0] in line for line in box.lines)
        await pilot.press("plus")
        box = graph.diagram.boxes[_key("orders")]  # type: ignore[union-attr]
        assert len(box.lines) == len(orders.attributes)
        first = orders.attributes[0]
        assert box.lines[0].startswith(f"# {first.name}") and first.type in box.lines[0]
        await pilot.press("minus", "minus")
        box = graph.diagram.boxes[_key("orders")]  # type: ignore[union-attr]
        assert box.lines == ()
        assert "# id" not in screen_text(graph)
        # the ASCII fallback draws the same picture without box-drawing characters
        assert BOX_CHARS & set(screen_text(graph))
        await pilot.press("A")
        text = screen_text(graph)
        assert not BOX_CHARS & set(text)
        assert "+" in text and "orders" in text


async def test_overview_lays_out_in_a_worker_once_and_picks_a_subject_area() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("o")
        await overview_ready(pilot, graph)
        assert names(graph) == {e.name for e in model.entities}
        assert graph.cursor == _key("orders")
        first = graph.diagram
        # back to focus and to the overview again: the cached layout, no new work
        await pilot.press("o")
        assert graph.mode == "focus" and graph.diagram is not None and graph.diagram.focus == _key("orders")
        assert names(graph) == {"orders"} | parents_of(model, "orders") | children_of(model, "orders")
        await pilot.press("o")
        await pilot.pause()
        assert graph.diagram is first and graph._pending is None
        # subject areas are the entities' tags
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AreaPickScreen))
        screen = app.screen
        assert isinstance(screen, AreaPickScreen)
        tag = "catalogue"
        screen.dismiss(tag)
        await overview_ready(pilot, graph)
        assert graph.tag == tag
        assert names(graph) == {e.name for e in model.entities if tag in e.tags}
        # in the overview the arrows walk to any box, and enter selects it
        assert graph.cursor is not None and graph.cursor.name in names(graph)  # orders is not in it
        for key in ("down", "right", "up", "left"):
            await pilot.press(key)
            assert graph.cursor is not None and graph.cursor.name in names(graph)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.selected == graph.cursor


async def test_overview_of_a_large_model_pans_and_stays_responsive() -> None:
    app = make_app(document=Document(big_model(150, 8, 220)))
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot)
        await pilot.press("o")
        await overview_ready(pilot, graph)
        d = graph.diagram
        assert d is not None and len(d.boxes) == 150
        canvas = graph.canvas
        w, h = canvas.size
        assert d.width > w  # bigger than the window: only a window is drawn
        assert len(canvas.text_lines()) == h and all(len(line) == w for line in canvas.text_lines())
        x0, y0 = canvas.origin
        before = canvas.text_lines()
        await pilot.press("shift+right", "shift+down")
        x1, y1 = canvas.origin
        assert x1 > x0 or x0 + w >= d.width
        assert (x1, y1) != (x0, y0) and canvas.text_lines() != before
        await pilot.press("L", "J", "H", "K")
        assert canvas.origin == (x1, y1)
        # moving the cursor off screen pans to it
        for _ in range(12):
            await pilot.press("right")
        assert graph.cursor is not None
        b = d.boxes[graph.cursor]
        ox, oy = canvas.origin
        assert ox <= b.x and b.x + min(b.w, w) <= ox + w and oy <= b.y < oy + h


# -- the help and the command palette ------------------------------------------------------------

#: How the help spells a key that is not written as itself (an oracle for the key column).
SYMBOLS = {"question_mark": "?", "plus": "+", "equals_sign": "=", "minus": "-", "left_square_bracket": "[",
           "right_square_bracket": "]", "delete": "del"}
#: Graph actions that only move the cursor or the view: keys, not palette entries.
MOVES = ("move", "pan")


def help_lines(app: ModelerApp) -> list[str]:
    """The rows of the help screen as the user reads them (F1 must be open)."""
    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=220, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#help-table", Static).content)
    return console.export_text().splitlines()


def assert_listed(lines: list[str], group: str, bindings: Sequence[Any]) -> None:
    """Every binding has a row of ``group`` with what it does and each of its keys."""
    for b in bindings:
        what = b.tooltip or b.description
        rows = [line for line in lines if line.startswith(f"{group} ") and f" {what}" in line]
        assert rows, f"the help has no {group} row for {b.key} ({what})"
        for key in b.key.split(","):
            assert SYMBOLS.get(key, key) in rows[0].split(what)[0], f"{group}: {key} missing in {rows[0]!r}"


async def test_f1_lists_every_key_of_the_graph_pane() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        await open_graph(pilot, "orders")
        await pilot.press("f1")
        await pilot.pause()
        assert_listed(help_lines(app), "Graph", GraphView.BINDINGS)


async def test_every_graph_action_has_a_palette_entry_with_its_key() -> None:
    from tui.palette import PANE_ACTIONS, ModelerCommands

    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(80, 24)):
        shown = {title: help_text for title, help_text, _ in ModelerCommands(app.screen)._items()}
    entries = {action: shown[title] for title, _h, pane, action in PANE_ACTIONS if pane == "graph"}
    for b in GraphView.BINDINGS:
        assert isinstance(b, Binding)
        if b.action.split("(")[0] in MOVES:
            assert b.action not in entries
            continue
        assert b.action in entries, f"{b.action} ({b.key}) has no palette entry"
        assert f"[{b.key_display or b.key.split(',')[0]} in the graph pane]" in entries[b.action]
    for action in entries:
        assert action in {b.action for b in GraphView.BINDINGS if isinstance(b, Binding)}, action


async def test_graph_actions_run_from_the_palette_bring_the_pane_forward() -> None:
    model = load(SAMPLES / "ecommerce.yaml").model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.main.select(_key("orders"))
        await settle(pilot)
        graph = app.main.graph
        assert app.main.side.active == "tab-ddl"
        await run_palette(pilot, "Graph: zoom in")  # from another tab: the graph comes forward
        await until(pilot, lambda: graph.detail["focus"] == "all" and graph.diagram is not None)
        assert app.main.side.active == "tab-graph" and app.focused is graph.canvas
        orders = model.entity("orders")
        assert orders is not None and orders.primary_key is not None
        keyed = set(orders.primary_key.columns) | {c for fk in orders.foreign_keys for c in fk.columns}
        plain = next(a.name for a in orders.attributes if a.name not in keyed)
        assert any(plain in line for line in graph.diagram.boxes[_key("orders")].lines)  # every attribute
        related = parents_of(model, "orders") | children_of(model, "orders")
        await run_palette(pilot, "Graph: next related entity")
        await until(pilot, lambda: graph.cursor is not None and graph.cursor.name in related)
        await run_palette(pilot, "Graph: select the cursor's entity")
        await settle(pilot)
        assert app.main.selected == graph.cursor
        app.main.show_tab("tab-ddl")  # away again, then the overview from the palette
        await pilot.pause()
        await run_palette(pilot, "Graph: overview / focus")
        await overview_ready(pilot, graph)
        assert app.main.side.active == "tab-graph"
        assert names(graph) == {e.name for e in model.entities}


# -- snapshots (review the SVGs under __snapshots__/test_graph_pane before --snapshot-update) ----


def _snap_steps(select: str, *keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ModelerApp)
        await settle_review(pilot)  # the entity list's marks are final
        app.main.select(_key(select))
        await settle(pilot)
        await pilot.press("f10")
        graph = app.main.graph
        for key in keys:
            await pilot.press(key)
            if graph.mode == "overview":
                await overview_ready(pilot, graph)
        await pilot.pause()

    return run


def test_snapshot_focus_80x24(snap_compare: Any) -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_snap_steps("orders"))


def test_snapshot_focus_depth_two_160x48(snap_compare: Any) -> None:
    app = make_app(SAMPLES / "library.yaml")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_snap_steps("copies", "d", "left"))


def test_snapshot_overview_maximized_80x24(snap_compare: Any) -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_snap_steps("orders", "f5", "o"))


def test_snapshot_overview_maximized_160x48(snap_compare: Any) -> None:
    app = make_app(SAMPLES / "saas_multitenant.yaml")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_snap_steps("tasks", "f5", "o", "plus"))


async def test_mouse_click_moves_the_cursor_and_double_click_selects() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("f5")
        d = graph.diagram
        assert d is not None
        target = next(k for k in d.boxes if k != _key("orders"))
        b = d.boxes[target]
        ox, oy = graph.canvas.origin
        await pilot.click(graph.canvas, offset=(b.x - ox + 2, b.y - oy + 1))
        assert graph.cursor == target and app.main.selected == _key("orders")
        await pilot.click(graph.canvas, offset=(b.x - ox + 2, b.y - oy + 1), times=2)
        await settle(pilot)
        assert app.main.selected == target


async def test_a_failing_overview_layout_is_reported_once_not_retried(monkeypatch: Any) -> None:
    import tui.widgets.graph_view as graph_view

    calls: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise RuntimeError("boom")

    monkeypatch.setattr(graph_view, "overview_layout", broken)
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("o")
        await until(pilot, lambda: bool(calls) and graph._pending is None)
        await pilot.pause(0.3)
        assert len(calls) == 1
        assert "RuntimeError: boom" in screen_text(graph)
        await pilot.press("o")  # the focus view is unaffected
        assert graph.diagram is not None and graph.diagram.focus == _key("orders")


async def test_an_empty_model_says_what_to_do() -> None:
    app = make_app(document=Document.new())
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot)
        assert "No entity selected" in screen_text(graph)
        await pilot.press("o")
        await until(pilot, lambda: graph._pending is None and not graph.stale)
        await pilot.pause()
        assert "no entities yet" in screen_text(graph)
        await pilot.press("left", "enter", "plus", "d", "shift+right", "right_square_bracket", "c")
        assert app.main.selected is None  # nothing to move to; nothing broke


async def test_an_overview_hidden_before_its_relayout_waits_until_shown(monkeypatch: Any) -> None:
    import tui.widgets.graph_view as graph_view

    monkeypatch.setattr(graph_view, "RELAYOUT_DELAY", 60.0)  # the test fires it itself, when hidden
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        graph = await open_graph(pilot, "orders")
        await pilot.press("o")
        await overview_ready(pilot, graph)
        first = graph.diagram
        app.execute(AddEntity(_supplier_orders()))
        await until(pilot, lambda: graph._relayout is not None)  # the edit reached the pane: a relayout is due
        assert graph.stale and graph.diagram is first
        await pilot.press("f8")  # another tab, before the relayout starts
        await until(pilot, lambda: not graph._visible())
        model = app.document.model
        graph._launch(graph._request(model))  # what the timer does when it fires
        # _launch starts its worker on the spot or not at all: nothing is pending, nothing runs
        assert graph._pending is None and graph._dirty
        assert not [w for w in app.workers if w.group == "graph-layout" and not w.is_finished]
        assert not any(r.model is model for r, _ in graph._overviews.values())
        await pilot.press("f10")
        await overview_ready(pilot, graph)
        assert graph.diagram is not first and "supplier_orders" in names(graph)
