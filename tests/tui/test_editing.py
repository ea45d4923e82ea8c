"""The rest of the workstation's editing, by keyboard only: completion in the quick-add line,
constraints and indexes as lines, reordering and deleting attributes, the note, deleting and
jumping to entities, maximising a pane, exporting the DDL, and a bug in a handler that must not
cost the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.model import Index
from core.storage import load
from tests.conftest import SAMPLES
from tests.tui.helpers import SIZE, enter_line, settle, type_text
from tui.app import make_app
from tui.screens.note import NoteScreen
from tui.screens.pick import PickEntityScreen
from tui.widgets.entity_editor import EntityEditor


def _message(editor: EntityEditor) -> str:
    return str(editor.query_one("#editor-message").render())


async def test_quick_add_completes_types_and_entity_names() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "suppliers")
        await pilot.press("enter")
        await settle(pilot)
        line = app.focused
        assert line is not None and line.id == "quick-add"
        line.value = "joined_on timestam"  # type: ignore[attr-defined]
        line.cursor_position = len(line.value)  # type: ignore[attr-defined]
        await pilot.press("p")  # typing asks for completion
        await pilot.pause(0.1)
        assert "timestamptz" in _message(app.main.editor)  # the candidates are listed
        await pilot.press("t")  # "timestampt": one candidate left
        await pilot.pause(0.1)
        await pilot.press("tab")
        assert line.value == "joined_on timestamptz"  # type: ignore[attr-defined]
        await enter_line(pilot, "joined_on timestamptz not null")
        line.value = "country_id -> ca"  # type: ignore[attr-defined]
        line.cursor_position = len(line.value)  # type: ignore[attr-defined]
        await pilot.press("t")
        await pilot.pause(0.1)
        await pilot.press("tab")
        assert line.value == "country_id -> categories"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        suppliers = app.document.model.entity("suppliers")
        assert suppliers is not None
        joined = suppliers.attribute("joined_on")
        assert joined is not None and (joined.type, joined.nullable) == ("timestamptz", False)
        assert [(fk.columns, fk.references) for fk in suppliers.foreign_keys] == [(("country_id",), "categories")]
        ddl = app.main.preview.text
        assert re.search(r"joined_on\s+timestamptz\s+NOT NULL", ddl)
        assert re.search(r"FOREIGN KEY \(country_id\) REFERENCES categories", ddl)


async def test_constraints_and_indexes_are_added_edited_and_removed_as_lines() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor = app.main.editor
        key = app.main.selected
        assert key is not None
        before = app.document.model.entity(key)
        assert before is not None
        await pilot.press("enter", "c")  # the editor, then its constraint list
        assert editor.showing_constraints and app.focused is editor.constraints
        await pilot.press("a")
        assert app.focused is not None and app.focused.id == "edit-line"
        await enter_line(pilot, "index customers_name_idx (last_name, first_name)")
        await settle(pilot)
        entity = app.document.model.entity(key)
        assert entity is not None and len(entity.indexes) == len(before.indexes) + 1
        added = entity.indexes[-1]
        assert isinstance(added, Index) and [k.column for k in added.columns] == ["last_name", "first_name"]
        assert re.search(r"CREATE INDEX customers_name_idx ON customers \(last_name, first_name\)",
                         app.main.preview.text)
        # an invalid line stays, with its reason, and changes nothing
        await pilot.press("a")
        model = app.document.model
        await enter_line(pilot, "unique (no_such_column)")
        assert app.document.model is model
        assert "no_such_column" in _message(editor) and editor.query_one("#editor-message").has_class("error")
        await pilot.press("escape")
        # edit the new index in place: it becomes unique
        table = editor.constraints
        row = next(i for i, r in enumerate(table.rows_shown) if "customers_name_idx" in r.text)
        table.move_cursor(row=row)
        await pilot.press("e")
        line = app.focused
        assert line is not None and line.id == "edit-line" and "customers_name_idx" in line.value  # type: ignore[attr-defined]
        await enter_line(pilot, "unique index customers_name_idx (last_name, first_name)")
        await settle(pilot)
        assert re.search(r"CREATE UNIQUE INDEX customers_name_idx", app.main.preview.text)
        # and delete it
        table.move_cursor(row=next(i for i, r in enumerate(table.rows_shown) if "customers_name_idx" in r.text))
        await pilot.press("x")
        await settle(pilot)
        assert app.document.model.entity(key) == before
        assert "customers_name_idx" not in app.main.preview.text


async def test_attributes_are_reordered_and_deleted_from_the_keyboard() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = app.main.selected
        assert key is not None
        names = app.document.model.entity(key).attribute_names  # type: ignore[union-attr]
        await pilot.press("enter")
        grid = app.main.editor.attributes
        grid.move_cursor(row=2)
        await pilot.press("K")  # move up (alias of shift+up, which some terminals do not send)
        await settle(pilot)
        moved = app.document.model.entity(key).attribute_names  # type: ignore[union-attr]
        assert moved == (names[0], names[2], names[1], *names[3:])
        assert grid.cursor_row == 1  # the cursor follows the attribute
        await pilot.press("shift+down")
        await settle(pilot)
        assert app.document.model.entity(key).attribute_names == names  # type: ignore[union-attr]
        ddl = app.main.preview.text
        assert ddl.index(names[1]) < ddl.index(names[2])
        grid.move_cursor(row=names.index("phone"))
        await pilot.press("x")
        await settle(pilot)
        assert "phone" not in app.document.model.entity(key).attribute_names  # type: ignore[union-attr]
        assert not re.search(r"^\s+phone\s", app.main.preview.text, re.M)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.document.model.entity(key).attribute_names == names  # type: ignore[union-attr]


async def test_the_note_is_edited_and_becomes_the_table_comment() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = app.main.selected
        assert key is not None
        await pilot.press("enter", "n")
        screen = app.screen
        assert isinstance(screen, NoteScreen)
        area = screen.query_one("#note-text")
        area.text = "Buyers.\nNever deleted while they have orders."  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")  # applies the note (the dialog's binding, not the app's save)
        await settle(pilot)
        assert app.document.model.entity(key).note == "Buyers.\nNever deleted while they have orders."  # type: ignore[union-attr]
        assert app.document.path is not None and app.document.dirty  # not saved to the file
        assert "COMMENT ON TABLE customers IS 'Buyers." in app.main.preview.text
        assert app.main.editor.border_subtitle is not None and "Buyers." in str(app.main.editor.border_subtitle)


async def test_delete_an_entity_and_jump_to_another() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        model = app.document.model
        count = len(model.entities)
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, PickEntityScreen)
        await type_text(pilot, "shipm")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.selected is not None and app.main.selected.name == "shipments"
        assert app.main.entity_list.table.current is not None
        assert app.main.entity_list.table.current.key == app.main.selected
        assert "CREATE TABLE shipments (" in app.main.preview.text
        await pilot.press("x")  # the entity list has the focus
        await settle(pilot)
        assert app.document.model.entity("shipments") is None
        assert app.main.entity_list.table.row_count == count - 1
        assert app.main.selected is not None and app.main.selected.name != "shipments"


async def test_any_pane_can_be_maximised_and_restored() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        for pane in ("entities", "editor", "ddl"):  # the right-hand area: the pane of its tab
            await pilot.press("f5")
            await pilot.pause()
            maximized = screen.maximized
            assert maximized is not None and maximized.id == pane, (pane, maximized)
            assert maximized.region.width == SIZE[0]  # the whole width
            await pilot.press("f5")
            await pilot.pause()
            assert screen.maximized is None
            await pilot.press("f6")  # the next pane
            await pilot.pause()


async def test_export_writes_the_whole_model_in_the_current_dialect(tmp_path: Path) -> None:
    from core.ddl.generate import generate_ddl

    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")  # MySQL
        await settle(pilot)
        await pilot.press("ctrl+e")
        target = tmp_path / "out" / "shop.sql"
        await enter_line(pilot, str(target))  # a folder that does not exist: refused, with the reason
        assert not target.exists()
        assert "does not exist" in str(app.screen.query_one("#prompt-message").render())
        target = tmp_path / "shop.sql"
        await enter_line(pilot, str(target))
        await pilot.pause()
    expected = generate_ddl(load(SAMPLES / "ecommerce.yaml").model, "mysql").sql
    assert target.read_text() == expected and "AUTO_INCREMENT" in expected


async def test_a_bug_in_a_handler_is_a_notification_and_the_model_is_intact(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.widgets.entity_editor as editor_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.delenv("TABLEWRIGHT_DEBUG", raising=False)
    monkeypatch.setattr(editor_module, "add_attribute_command", broken)
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.document.model
        await pilot.press("enter", "a")
        await enter_line(pilot, "nickname text")
        await pilot.pause()
        assert app.is_running and app.document.model is before and not app.document.dirty
        notes = [n for n in app._notifications if n.severity == "error"]
        assert notes and "ZeroDivisionError: simulated bug" in notes[-1].message
        assert "model is unchanged" in notes[-1].message
        await pilot.press("ctrl+q")  # and the app still answers
        await pilot.pause()
    assert app.return_code == 0


async def test_the_list_filters_as_you_type() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entities = app.main.entity_list
        total = entities.table.row_count
        await pilot.press("slash")
        await type_text(pilot, "ord")
        await settle(pilot)
        labels = [row.label for row in entities.table.rows]
        assert labels == [e.name for e in app.document.model.entities if "ord" in e.name]
        assert entities.border_title == f"Entities {len(labels)}/{total}"
        assert app.main.selected is not None and app.main.selected.name == labels[0]  # the first match
        assert f"CREATE TABLE {labels[0]} (" in app.main.preview.text
        await pilot.press("escape")
        await pilot.pause()
        assert entities.table.row_count == total and entities.border_title == f"Entities {total}"
        assert app.main.selected.name == labels[0]  # the selection stays


#: Keys that many terminals (or tmux) send as another key, or not at all: a binding on one of them
#: needs an alias that works everywhere.
AMBIGUOUS = {"ctrl+i", "ctrl+m", "ctrl+h", "ctrl+j", "ctrl+left_square_bracket", "ctrl+b", "ctrl+enter",
             "shift+enter", "ctrl+backspace", "shift+up", "shift+down", "shift+left", "shift+right",
             "ctrl+up", "ctrl+down", "ctrl+shift+z", "ctrl+shift+s", "f11", "f12", "ctrl+space"}


def test_every_binding_works_in_any_terminal_and_has_a_palette_entry() -> None:
    from textual.binding import Binding

    from tui.app import ModelerApp
    from tui.palette import ACTIONS
    from tui.screens.help import binding_groups

    for group, bindings in binding_groups():
        for b in bindings:
            assert isinstance(b, Binding)
            keys = [k.strip() for k in b.key.split(",")]
            assert any(k not in AMBIGUOUS for k in keys), f"{group}: {b.key} ({b.action}) needs a plain alias"
    palette = {action for _title, _help, action in ACTIONS}
    for b in ModelerApp.BINDINGS:
        assert isinstance(b, Binding)
        if b.action not in ("help",):
            assert b.action in palette or b.action == "quit", f"{b.action} is not in the command palette"
        assert hasattr(ModelerApp, f"action_{b.action.split('(')[0]}"), b.action
    for _title, _help, action in ACTIONS:
        assert hasattr(ModelerApp, f"action_{action}"), action


async def test_the_whole_model_preview_regenerates_only_the_edited_entity() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.main.preview
        await pilot.press("f3")  # whole model
        await settle(pilot)
        assert preview.shown is not None and preview.shown.request.key is None
        cache = preview.service._caches["postgres"]
        entities = len(app.document.model.entities)
        assert cache.misses >= entities  # every table generated once
        before = cache.misses
        await pilot.press("enter", "a")
        await enter_line(pilot, "nickname text")
        await settle(pilot)
        assert preview.text.count("CREATE TABLE") == entities
        assert re.search(r"\bnickname\s+text\b", preview.text)
        assert cache.misses - before == 1  # the other tables' text was reused


async def test_quitting_a_new_model_can_save_it_first(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "not saved yet" in app.sub_title and not app.document.dirty
        await pilot.press("ctrl+n")
        await enter_line(pilot, "drafts")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save and quit: asks where
        await pilot.pause()
        target = tmp_path / "drafts.yaml"
        await enter_line(pilot, str(target))
        await pilot.pause()
        assert not app.is_running and app.return_code == 0
    assert load(target).model.entity("drafts") is not None


async def test_a_change_on_disk_is_announced_and_can_be_reloaded(tmp_path: Path) -> None:
    from core.commands import AddEntity
    from core.document import Document
    from tui.app_edits import new_entity
    from tui.screens.confirm import ConfirmScreen

    path = tmp_path / "shop.yaml"
    path.write_text((SAMPLES / "ecommerce.yaml").read_text())
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.check_file_on_disk()
        assert not [n for n in app._notifications if n.title == "Model file changed"]  # nothing yet
        theirs = Document.open(path)
        theirs.execute(AddEntity(new_entity("suppliers", "public")))
        theirs.save()  # someone else's editor
        app.check_file_on_disk()
        app.check_file_on_disk()  # said once per change
        await pilot.pause()
        told = [n for n in app._notifications if n.title == "Model file changed"]
        assert len(told) == 1 and "shop.yaml changed on disk" in told[0].message
        await pilot.press("enter", "a")
        await enter_line(pilot, "nickname text")  # unsaved work here: reloading asks
        await app.run_action("reload")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("k")  # keep my changes
        await pilot.pause()
        assert app.document.dirty and app.document.model.entity("suppliers") is None
        await app.run_action("reload")
        await pilot.pause()
        await pilot.press("r")
        await settle(pilot)
        assert app.document.model == theirs.model and not app.document.dirty
        assert app.main.entity_list.table.row_count == len(theirs.model.entities)


async def test_open_another_model_and_start_a_new_one(tmp_path: Path) -> None:
    from tests.tui.helpers import sample_copy, settle_review
    from tui.screens.confirm import ConfirmScreen

    library = sample_copy(tmp_path, "library")
    expected = load(library).model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle_review(pilot)
        await pilot.press("enter", "a")
        await enter_line(pilot, "nickname text")  # unsaved: opening asks first
        await pilot.press("escape")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("d")  # discard them
        await pilot.pause()
        line = app.focused
        assert line is not None and line.id == "prompt-input"
        line.value = str(library)[:-7]  # type: ignore[attr-defined]  # ".../libra"
        line.cursor_position = len(line.value)  # type: ignore[attr-defined]
        await pilot.press("r")
        await pilot.pause(0.1)
        await pilot.press("tab")  # the file name completes
        assert line.value == str(library)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle_review(pilot)
        assert app.document.model == expected and not app.document.dirty
        assert app.sub_title == "library.yaml" and not app.document.can_undo
        first = expected.entities[0].name
        assert app.main.selected is not None and app.main.selected.name == first
        assert f"CREATE TABLE {first} (" in app.main.preview.text
        assert app.main.entity_list.table.row_count == len(expected.entities)
        names = {e.name for e in expected.entities}
        assert {f.entity for f in app.main.review.review.findings()} <= names | {None}  # type: ignore[union-attr]
        # a new, empty model: nothing unsaved, so no question
        await app.run_action("new_model")
        await settle(pilot)
        assert app.document.model.entities == () and app.document.path is None
        assert app.main.entity_list.table.row_count == 0
        assert "no entities yet" in app.main.preview.text


async def test_reloading_an_unchanged_session_still_shows_the_new_file(tmp_path: Path) -> None:
    from core.commands import DeleteAttribute
    from core.document import Document

    path = tmp_path / "shop.yaml"
    path.write_text((SAMPLES / "ecommerce.yaml").read_text())
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "phone" in app.main.preview.text and app.document.revision == 0
        theirs = Document.open(path)
        theirs.execute(DeleteAttribute(theirs.model.entities[0].key, "phone"))
        theirs.save()
        await app.run_action("reload")  # clean here: no question
        await settle(pilot)
        assert app.document.model == theirs.model and app.document.revision == 0
        assert "phone" not in app.main.preview.text  # not the DDL of the same revision number before


async def test_the_constraint_list_shows_the_entity_selected_while_it_was_hidden() -> None:
    from core.quickadd.items import constraint_rows

    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        model = app.document.model
        editor = app.main.editor
        for index in (1, 3, 2):  # from the list, with the attribute view in front
            app.main.entity_list.table.focus()
            app.main.entity_list.table.move_cursor(row=index)
            await settle(pilot)
            await pilot.press("enter", "c")
            assert editor.showing_constraints
            expected = [(r.collection, r.text) for r in constraint_rows(model.entities[index])]
            assert expected and [(r.collection, r.text) for r in editor.constraints.rows_shown] == expected
            assert editor.constraints.row_count == len(expected)
            assert editor.border_title.endswith(f"{len(expected)} constr")  # type: ignore[union-attr]
            await pilot.press("c")
            assert not editor.showing_constraints


async def test_quick_edits_of_one_cell_are_one_undo_step_other_cells_their_own() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.document.history.merge_window = 60.0  # the window itself is tested in tests/core; not the load here
        original = app.document.model
        key = app.main.selected
        assert key is not None

        def attribute(row: int):  # type: ignore[no-untyped-def]
            entity = app.document.model.entity(key)
            assert entity is not None
            return entity.attributes[row]

        name = attribute(1).name
        await pilot.press("enter")
        grid = app.main.editor.attributes
        grid.move_cursor(row=1, column=3)  # the default cell of the second attribute
        for value in ("'a'", "'ab'", "'abc'"):  # typed again and again: one step
            await pilot.press("e")
            await enter_line(pilot, value)
            await settle(pilot)
        assert attribute(1).default == "'abc'" and attribute(1).name == name
        after_first = app.document.model
        grid.move_cursor(row=2, column=3)  # another attribute's cell: a step of its own
        await pilot.press("e")
        await enter_line(pilot, "'x'")
        await settle(pilot)
        assert attribute(2).default == "'x'"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.document.model == after_first
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.document.model == original
        await pilot.press("ctrl+y", "ctrl+y")  # and redo replays both steps
        await settle(pilot)
        assert attribute(1).default == "'abc'" and attribute(2).default == "'x'"
