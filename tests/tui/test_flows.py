"""Real flows through the workstation at 80x24, asserting on the document and the DDL text."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from core.document import Document
from core.model import ForeignKey
from core.storage import load
from tests.conftest import SAMPLES
from tests.tui.helpers import SIZE, enter_line, sample_copy, settle, type_text
from tui.app import make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.import_ddl import ImportReportScreen
from tui.screens.pick import PickEntityScreen
from tui.widgets.entity_editor import EntityEditor


async def test_open_a_sample_shows_its_entities_and_ddl() -> None:
    expected = load(SAMPLES / "ecommerce.yaml").model
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert main.entity_list.table.row_count == len(expected.entities)
        assert main.selected is not None and main.selected.name == expected.entities[0].name
        assert f"CREATE TABLE {expected.entities[0].name} (" in main.preview.text
        assert main.entity_list.border_title == f"Entities {len(expected.entities)}"
        # moving down the list selects the next entity, in the editor and in the DDL
        await pilot.press("down")
        await settle(pilot)
        second = expected.entities[1].name
        assert main.editor.entity is not None and main.editor.entity.name == second
        assert f"CREATE TABLE {second} (" in main.preview.text


async def test_create_an_entity_quick_add_attributes_and_pick_a_reference() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await enter_line(pilot, "suppliers")
        await settle(pilot)
        model = app.document.model
        assert model.entity("suppliers") is not None
        assert app.main.selected is not None and app.main.selected.name == "suppliers"
        assert app.focused is not None and app.focused.id == "quick-add"  # ready to draft
        await enter_line(pilot, "name text not null unique")
        await enter_line(pilot, "rating smallint default 3 check (rating between 1 and 5)")
        await enter_line(pilot, "contact_id bigint")
        await settle(pilot)
        suppliers = app.document.model.entity("suppliers")
        assert suppliers is not None
        assert suppliers.attribute_names == ("id", "name", "rating", "contact_id")
        assert suppliers.attribute("name").nullable is False  # type: ignore[union-attr]
        ddl = app.main.preview.text
        assert re.search(r"CREATE TABLE suppliers \(", ddl)
        assert re.search(r"\bname\s+text\s+NOT NULL", ddl)
        assert re.search(r"\brating\s+smallint\s+DEFAULT 3", ddl)
        # the reference: go to the contact_id row, references column, pick "customers"
        await pilot.press("escape")  # leave the quick-add line for the attribute table
        table = app.main.editor.attributes
        assert app.focused is table
        table.move_cursor(row=3, column=6)
        await pilot.press("enter")
        assert isinstance(app.screen, PickEntityScreen)
        await type_text(pilot, "custo")
        await pilot.press("enter")
        await settle(pilot)
        suppliers = app.document.model.entity("suppliers")
        assert suppliers is not None
        assert suppliers.foreign_keys == (ForeignKey(columns=("contact_id",), references="customers"),)
        assert re.search(r"FOREIGN KEY \(contact_id\) REFERENCES customers", app.main.preview.text)


async def test_invalid_input_is_shown_inline_and_changes_nothing() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.document.model
        await pilot.press("enter", "a")  # into the editor, then its quick-add line
        await enter_line(pilot, "nickname strng not null")
        message = str(app.main.editor.query_one("#editor-message").render())
        assert 'unknown type "strng"' in message
        assert app.document.model is before and not app.document.dirty
        assert app.focused is not None and app.focused.id == "quick-add"
        assert app.focused.value == "nickname strng not null"  # type: ignore[attr-defined]


async def test_cells_are_edited_in_place() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # from the list into the attribute table
        editor: EntityEditor = app.main.editor
        assert app.focused is editor.attributes
        entity = editor.entity
        assert entity is not None
        phone_row = entity.attribute_names.index("phone")
        editor.attributes.move_cursor(row=phone_row, column=1)
        await pilot.press("enter")
        assert app.focused is not None and app.focused.id == "edit-line"
        await enter_line(pilot, "varchar(32)")
        editor.attributes.move_cursor(row=phone_row, column=2)
        await pilot.press("space")  # nullable -> not null
        await settle(pilot)
        phone = app.document.model.entity(entity.key).attribute("phone")  # type: ignore[union-attr]
        assert phone is not None and (phone.type, phone.nullable) == ("varchar(32)", False)
        assert re.search(r"\bphone\s+varchar\(32\)\s+NOT NULL", app.main.preview.text)


async def test_dialect_switch_undo_and_redo() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        original = app.document.model
        assert "GENERATED ALWAYS AS IDENTITY" in app.main.preview.text
        await pilot.press("f4")
        await settle(pilot)
        preview = app.main.preview
        assert preview.dialect == "mysql" and preview.border_title == "DDL · MySQL"
        assert re.search(r"\bid\s+BIGINT AUTO_INCREMENT NOT NULL", preview.text)
        # MySQL cannot keep the PL/pgSQL trigger: the warning is shown next to the DDL
        warnings = str(preview.query_one("#ddl-warnings").render())
        assert preview.query_one("#ddl-warnings").display and "trigger" in warnings
        await pilot.press("enter", "a")  # into the editor, then its quick-add line
        await enter_line(pilot, "loyalty_points integer not null default 0")
        await settle(pilot)
        edited = app.document.model
        assert "loyalty_points" in app.main.preview.text
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.document.model == original and not app.document.dirty
        assert "loyalty_points" not in app.main.preview.text
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.document.model == edited and app.document.dirty
        assert "loyalty_points" in app.main.preview.text


async def test_save_and_reload_gives_the_same_model(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "a")  # into the editor, then its quick-add line
        await enter_line(pilot, "nickname text")
        assert app.document.dirty and app.sub_title.endswith("●")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.document.dirty and not app.sub_title.endswith("●")
        saved = app.document.model
    assert Document.open(path).model == saved


async def test_a_file_changed_on_disk_is_not_overwritten_silently(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "a")  # into the editor, then its quick-add line
        await enter_line(pilot, "nickname text")
        theirs = path.read_text() + "\n# edited by someone else\n"
        path.write_text(theirs)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("c")  # cancel
        await pilot.pause()
        assert path.read_text() == theirs and app.document.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")  # overwrite, now that the user said so
        await pilot.pause()
        assert not app.document.dirty
    assert load(path).model == app.document.model


async def test_quit_with_unsaved_changes_asks() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0  # nothing to lose: quits at once
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "a")  # into the editor, then its quick-add line
        await enter_line(pilot, "nickname text")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("q")  # quit without saving
        await pilot.pause()
        assert not app.is_running and app.return_code == 0


async def test_rename_cascades_and_the_selection_follows() -> None:
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        refs_before = [e.name for e, fk in app.document.model.iter_foreign_keys() if fk.references == "customers"]
        assert refs_before
        await pilot.press("f2")
        focused = app.focused
        assert focused is not None
        focused.value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "clients")
        await pilot.press("enter")
        await settle(pilot)
        model = app.document.model
        assert model.entity("customers") is None and model.entity("clients") is not None
        assert [e.name for e, fk in model.iter_foreign_keys() if fk.references == "clients"] == refs_before
        assert app.main.selected is not None and app.main.selected.name == "clients"
        assert "CREATE TABLE clients (" in app.main.preview.text


async def test_import_a_ddl_file_shows_the_report_then_adds_the_new_tables(tmp_path: Path) -> None:
    script = tmp_path / "legacy.sql"
    script.write_text(
        "CREATE TABLE customers (id int PRIMARY KEY);\n"  # in the model already: left alone
        "CREATE TABLE vendors (id int PRIMARY KEY, name varchar(80) NOT NULL);\n"
        "CREATE TABLE vendor_notes (id int PRIMARY KEY, vendor_id int REFERENCES vendors (id), body text);\n"
        "INSERT INTO vendors VALUES (1, 'x');\n")
    app = make_app(SAMPLES / "ecommerce.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        original = app.document.model
        await pilot.press("ctrl+o")
        await enter_line(pilot, str(script))
        for _ in range(200):  # the file is read in a thread
            if isinstance(app.screen, ImportReportScreen):
                break
            await pilot.pause(0.02)
        screen = app.screen
        assert isinstance(screen, ImportReportScreen)
        report = str(screen.query_one("#import-report-text", Static).render())
        assert "tables 3" in report and "insert 1" in report
        assert screen.plan.added == ("vendors", "vendor_notes") and screen.plan.skipped == ("customers",)
        assert app.document.model is original  # nothing changes before the user says so
        await pilot.press("enter")  # the Import button has the focus
        await settle(pilot)
        model = app.document.model
        assert model.entity("vendor_notes") is not None and model.entity("vendors") is not None
        assert model.entity("customers") == original.entity("customers")
        assert app.main.selected is not None and app.main.selected.name == "vendors"
        assert "CREATE TABLE vendors (" in app.main.preview.text
        await pilot.press("ctrl+z")  # one undo step takes the whole import back
        await settle(pilot)
        assert app.document.model == original
