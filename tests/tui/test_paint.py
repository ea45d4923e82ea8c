"""What reaches the screen when the selection moves: one paint shows the whole move (list cursor,
editor, DDL preview, the editor's title), never the list ahead of the other panes."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region

from core.model import EntityKey
from tests.conftest import SAMPLES
from tests.tui.helpers import SIZE, settle
from tui.app import ModelerApp, make_app


def _state(app: ModelerApp) -> tuple[EntityKey | None, str | None, EntityKey | None]:
    """What a paint shows: the entity under the list's cursor, in the editor, in the DDL preview."""
    main = app.main
    row = main.entity_list.table.current
    shown = main.preview.shown
    return (row.key if row is not None else None,
            main.editor.entity.name if main.editor.entity is not None else None,
            shown.request.key if shown is not None else None)


def _record_paints(app: ModelerApp) -> list[tuple[EntityKey | None, str | None, EntityKey | None]]:
    states: list[tuple[EntityKey | None, str | None, EntityKey | None]] = []
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is not None:
            states.append(_state(app))

    app._display = display  # type: ignore[method-assign]
    return states


async def test_every_paint_of_a_move_shows_one_entity_in_every_pane() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [e.name for e in app.document.model.entities]
        states = _record_paints(app)
        for _ in range(4):
            await pilot.press("down")
        await pilot.press("up")
        await settle(pilot)
        assert app.main.selected is not None and app.main.selected.name == names[3]
        moves = [s for s in states if s[0] is not None]
        assert moves, "no paint recorded"
        # the editor and the DDL never lag behind the list's cursor in what is painted
        inconsistent = [s for s in moves if s[0] is None or s[1] != s[0].name or s[2] != s[0]]
        assert inconsistent == []
        assert {s[1] for s in moves} <= set(names[:5])


async def test_the_editor_title_on_screen_follows_the_selection() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.main.editor
        second = app.document.model.entities[1]
        await pilot.press("down")
        await settle(pilot)
        width, height = editor.outer_size
        top = "".join(s.text for s in editor.render_lines(Region(0, 0, width, 1)))
        assert f"{second.name} · {len(second.attributes)} attr" in top
        # the rest of the pane is drawn as before (the border's sides)
        side = "".join(s.text for s in editor.render_lines(Region(0, 1, width, 1)))
        assert side.startswith("│") and side.rstrip().endswith("│")
        bottom = "".join(s.text for s in editor.render_lines(Region(0, height - 1, width, 1)))
        note = (second.note or "").splitlines()[0][:60] if second.note else ""
        assert bottom.startswith("╰") and note[:30] in bottom  # (cut to the pane's width)


def _painted_ddl(app: ModelerApp) -> list[str]:
    """The DDL view's lines as the screen has them (Textual's line cache: lines not refreshed
    since the last paint come from it)."""
    view = app.main.preview.view
    width, height = view.size
    return [s.text.rstrip() for s in view.render_lines(Region(0, 0, width, height))]


def _expected_ddl(app: ModelerApp) -> list[str]:
    view = app.main.preview.view
    width, height = view.size
    x, y = view.scroll_offset
    lines = app.main.preview.text.splitlines()[y:y + height]
    return [line[x:x + width].rstrip() for line in lines] + [""] * (height - len(lines))


async def test_the_ddl_on_screen_is_the_new_text_after_edits_moves_and_undo() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert _painted_ddl(app) == _expected_ddl(app)
        main = app.main
        grid = main.editor.attributes
        # (where the focus goes, the keys): each changes the DDL shown
        steps = [("list", ("down",)), ("grid", ("space",)), ("grid", ("down", "space")), (None, ("ctrl+z",)),
                 (None, ("ctrl+z",)), ("list", ("up",)), ("ddl", ("d",)), ("list", ("end",))]
        for focus, keys in steps:
            if focus == "list":
                main.entity_list.table.focus()
            elif focus == "ddl":
                main.preview.view.focus()
            elif focus == "grid":
                grid.focus()
                grid.move_cursor(row=1, column=2)  # a null cell: the DDL changes by one line
            await pilot.pause()
            before = main.preview.text
            await pilot.press(*keys)
            await settle(pilot)
            assert main.preview.text != before, keys
            assert _painted_ddl(app) == _expected_ddl(app), keys
