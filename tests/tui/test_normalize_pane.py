"""Pilot tests of the normalization pane (issue 7 part 2, issue 10 item 5), and its snapshots
(review the SVGs under __snapshots__/test_normalize_pane before updating them with
``--snapshot-update``)."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from core.commands import AddItem
from core.document import Document
from core.model import Attribute, DataModel, Entity, EntityKey, FunctionalDependency, PrimaryKey
from core.normalize.model_bridge import analyze_entity
from tests.conftest import SAMPLES
from tests.tui.helpers import enter_line, run_palette, sample_copy, settle
from tui.app import ModelerApp, make_app
from tui.widgets.normalize_pane import NormalizePane
from tui.widgets.normalize_render import complete_fd, fd_command

LEGACY = "legacy_denormalized"
ORDERS = EntityKey(None, "legacy_orders")
SIZE = (160, 48)


def _app(pilot: Pilot[Any]) -> ModelerApp:
    app = pilot.app
    assert isinstance(app, ModelerApp)
    return app


async def settle_normalize(pilot: Pilot[Any], *, plans: bool = True, timeout: float = 15.0) -> NormalizePane:
    """Wait until the pane shows the analysis (and the previews) of the current revision."""
    app = _app(pilot)
    pane = app.main.normalize
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    await pilot.pause()
    while True:
        want = (app.document.revision, app.main.selected)
        if pane.analysis_for == want and (not plans or pane.plans_for == want):
            await pilot.pause()
            return pane
        if loop.time() > deadline:
            raise AssertionError(f"the normalization pane did not catch up: {pane.analysis_for} {pane.plans_for} "
                                 f"want {want}")
        await pilot.pause(0.02)


async def open_pane(pilot: Pilot[Any], key: EntityKey = ORDERS) -> NormalizePane:
    app = _app(pilot)
    await settle(pilot)
    app.main.select(key)
    await pilot.press("f11")
    return await settle_normalize(pilot)


async def until(pilot: Pilot[Any], check: Any, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await pilot.pause(0.02)


def text_of(pane: NormalizePane, selector: str) -> str:
    return str(pane.query_one(selector, Static).render())


async def highlight_row(pilot: Pilot[Any], pane: NormalizePane, text: str) -> None:
    index = next(i for i, r in enumerate(pane.rows) if r.text == text)
    pane.fd_list.focus()
    pane.fd_list.highlighted = index
    await pilot.pause()


# -- the FD editor and the analysis -------------------------------------------------------------


async def test_adding_an_fd_shows_a_2nf_violation_with_its_explanation() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        # take out the two partial dependencies the sample declares: no 2NF violation is left
        for row in ("order_id -> order_date, customer_id", "product_code -> product_name, unit_price"):
            await highlight_row(pilot, pane, row)
            await pilot.press("delete")
            pane = await settle_normalize(pilot)
        entity = app.document.model.entity(ORDERS)
        assert entity is not None and len(entity.fds) == 3
        assert pane.analysis is not None and not [v for v in pane.analysis.violations if v.kind == "partial"]
        assert pane.analysis.normal_form == "2NF"
        assert text_of(pane, "#normalize-badge").strip() == "2NF"

        await pilot.press("a")
        assert pane.fd_input.has_focus
        for ch in "product_code -> unit_p":
            await pilot.press(ch if ch != " " else "space")
        await pilot.pause()
        await pilot.press("tab")  # completes the attribute name
        assert pane.fd_input.value == "product_code -> unit_price"
        await pilot.press("enter")
        pane = await settle_normalize(pilot)

        entity = app.document.model.entity(ORDERS)
        assert entity is not None
        assert entity.fds[-1] == FunctionalDependency(lhs=("product_code",), rhs=("unit_price",))
        partial = [v for v in pane.analysis.violations if v.kind == "partial"] if pane.analysis else []
        assert [(sorted(v.fd.lhs), sorted(v.fd.rhs)) for v in partial if v.fd] == [(["product_code"], ["unit_price"])]
        details = text_of(pane, "#normalize-details")
        assert "2NF" in details
        assert partial[0].explanation in details.replace("\n", " ") or partial[0].explanation in details
        assert "unit_price depends on product_code, which is only part of the key" in partial[0].explanation
        assert text_of(pane, "#normalize-badge").strip() == "1NF"
        # the pane agrees with the analyzer run on the document's model
        assert pane.analysis == analyze_entity(app.document.model, ORDERS)


async def test_a_bad_fd_is_shown_inline_and_changes_nothing() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        before, revision = app.document.model, app.document.revision
        await pilot.press("a")
        for text, reason in (("order_id -> shipping_zone", 'unknown attribute "shipping_zone"'),
                             ("order_id order_date", "no arrow"),
                             ("zip -> zip", "trivial"),
                             ("zip -> city", "already declared")):
            pane.fd_input.value = text
            await pilot.press("enter")
            await pilot.pause()
            message = pane.query_one("#normalize-message", Static)
            assert message.has_class("error") and message.display
            assert reason in str(message.render()), (text, str(message.render()))
            assert pane.fd_input.value == text  # kept for the user to fix
        assert app.document.model is before and app.document.revision == revision
        pane.fd_input.value = "zip -> cit"
        await pilot.pause()
        assert not pane.query_one("#normalize-message", Static).has_class("error")  # typing clears it


async def test_enter_on_an_fd_edits_it_in_place_and_undo_restores_it() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        original = app.document.model
        await highlight_row(pilot, pane, "zip -> city")
        await pilot.press("enter")
        assert pane.fd_input.has_focus and pane.fd_input.value == "zip -> city"
        pane.fd_input.value = "zip ->> city"  # an FD stays an FD
        await pilot.press("enter")
        assert "delete it and add" in text_of(pane, "#normalize-message")
        pane.fd_input.value = "customer_name, zip -> city"
        await pilot.press("enter")
        pane = await settle_normalize(pilot)
        entity = app.document.model.entity(ORDERS)
        old = original.entity(ORDERS)
        assert entity is not None and old is not None and len(entity.fds) == len(old.fds)
        assert entity.fds[4] == FunctionalDependency(lhs=("customer_name", "zip"), rhs=("city",), note=old.fds[4].note)
        assert entity.fds[:4] == old.fds[:4]
        assert pane.editing is None and pane.fd_list.has_focus
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.model == original


async def test_a_key_row_cannot_be_deleted() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        assert pane.rows[0].source == "primary key"
        before = app.document.model
        await highlight_row(pilot, pane, pane.rows[0].text)
        await pilot.press("delete")
        await pilot.pause()
        assert app.document.model is before


# -- decompositions ---------------------------------------------------------------------------


async def test_applying_3nf_updates_list_graph_and_ddl_and_undo_restores_the_model() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        original = app.document.model
        plan = pane.plans["3nf"] if pane.plans else None
        assert plan is not None and not isinstance(plan, str)
        new = [c.name for c in plan.components if not c.main]
        assert set(new) == {"orders", "products", "customers", "zips"}
        preview = text_of(pane, "#normalize-plan-3nf")
        assert "lossless ✓" in preview and "dependency-preserving ✓" in preview
        for name in new:
            assert name in preview

        pane.fd_list.focus()
        await pilot.press("3")
        pane = await settle_normalize(pilot)
        model = app.document.model
        names = [e.name for e in model.entities]
        assert names[:5] == ["legacy_orders", *new]
        # the entity list shows them
        listed = [row.key.name for row in app.main.entity_list._all]
        assert listed[:5] == names[:5]
        # the DDL of the whole model has their tables
        await pilot.press("f8")  # away from the pane: it stays idle
        app.main.show_tab("tab-ddl")
        app.main.preview.whole_model = True
        await settle(pilot)
        ddl = app.main.preview.text
        for name in new:
            assert f"CREATE TABLE {name}" in ddl or f'CREATE TABLE "{name}"' in ddl or f"CREATE TABLE public.{name}" in ddl
        # the graph (focus on the decomposed entity) has the ones it references as neighbours
        app.main.show_tab("tab-graph")
        graph = app.main.graph
        referenced = {fk.references for e in [model.entity(ORDERS)] if e is not None for fk in e.foreign_keys}
        assert referenced & set(new)  # the decomposed entity references some of the new ones
        await until(pilot, lambda: graph.diagram is not None and graph.diagram.focus == ORDERS)
        assert graph.diagram is not None
        assert referenced <= {k.name for k in graph.diagram.boxes}
        # the pane is already analysed: legacy_orders is in 3NF now
        app.main.show_tab("tab-normalize")
        pane = await settle_normalize(pilot)
        assert pane.analysis is not None and pane.analysis.normal_form in ("3NF", "BCNF", "4NF")

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.model == original
        assert [e.name for e in app.document.model.entities] == [e.name for e in original.entities]
        pane = await settle_normalize(pilot)
        assert pane.analysis is not None and pane.analysis.normal_form == "1NF"


async def test_new_entities_can_be_named_before_applying() -> None:
    from tui.screens.prompt import PromptScreen

    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        pane.fd_list.focus()
        await pilot.press("n")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        field = prompt.query_one("#prompt-input", Input)
        assert field.value == "orders=orders, products=products, customers=customers, zips=zips"
        for bad, reason in (("zipz=postal_codes", 'no new entity "zipz"'), ("zips", "default=new_name")):
            field.value = bad
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is prompt and reason in str(prompt.query_one("#prompt-message", Static).render())
        field.value = "zips=postal_codes, products=items"
        await pilot.press("enter")
        pane = await settle_normalize(pilot)
        preview = text_of(pane, "#normalize-plan-3nf")
        assert "postal_codes (new)" in preview and "items (new)" in preview and "zips" not in preview
        await pilot.press("3")
        pane = await settle_normalize(pilot)
        model = app.document.model
        names = [e.name for e in model.entities]
        assert {"postal_codes", "items", "orders", "customers"} <= set(names) and "zips" not in names
        customers = model.entity(EntityKey(None, "customers"))
        assert customers is not None and [fk.references for fk in customers.foreign_keys] == ["postal_codes"]


async def test_bcnf_on_the_tutoring_table_warns_about_lost_dependencies() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, EntityKey(None, "legacy_tutoring"))
        assert pane.analysis is not None and pane.analysis.normal_form == "3NF"
        text = text_of(pane, "#normalize-plan-bcnf")
        assert "not dependency-preserving ✗" in text and "⚠" in text
        assert "already in 3NF" in text_of(pane, "#normalize-plan-3nf")
        before = app.document.model
        pane.fd_list.focus()
        await pilot.press("3")  # nothing to do: refused with a note, model unchanged
        await pilot.pause()
        assert app.document.model is before
        await pilot.press("m")  # only BCNF splits it: its migration is the one shown
        await pilot.pause()
        from tui.screens.normalize_migration import MigrationScreen

        assert isinstance(app.screen, MigrationScreen) and app.screen.plan.kind == "bcnf"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("b")
        pane = await settle_normalize(pilot)
        assert len(app.document.model.entities) == len(before.entities) + 1


async def test_migration_sql_is_shown_and_exported(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from tui.screens.normalize_migration import MigrationScreen

    app = make_app(sample_copy(tmp_path, LEGACY))
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        pane.fd_list.focus()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MigrationScreen)
        sql = screen.query_one(TextArea).text
        assert sql.startswith(("BEGIN", "--")) and "CREATE TABLE" in sql and "COMMIT" in sql
        assert "zips" in sql
        await pilot.press("k")
        await pilot.pause()
        assert screen.plan.kind == "bcnf"
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        target = tmp_path / "legacy_orders.3nf.migration.sql"
        assert app.screen.query_one("#prompt-input").value == str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == sql
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MigrationScreen)


# -- the help and the command palette ------------------------------------------------------------


async def test_f1_lists_every_key_of_the_normalize_pane_and_its_dialogs() -> None:
    from tests.tui.test_graph_pane import assert_listed, help_lines
    from tui.screens.normalize_discover import DiscoverScreen
    from tui.screens.normalize_migration import MigrationScreen

    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot)
        await pilot.press("f1")
        await pilot.pause()
        lines = help_lines(app)
        assert_listed(lines, "Normalize", NormalizePane.BINDINGS)
        assert_listed(lines, "Migration SQL", MigrationScreen.BINDINGS)
        assert_listed(lines, "Discover FDs", DiscoverScreen.BINDINGS)


async def test_every_normalize_action_has_a_palette_entry_with_its_key() -> None:
    from textual.binding import Binding

    from tui.palette import PANE_ACTIONS, ModelerCommands

    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=(80, 24)):
        shown = {title: help_text for title, help_text, _ in ModelerCommands(app.screen)._items()}
    entries = {action: shown[title] for title, _h, pane, action in PANE_ACTIONS if pane == "normalize"}
    bindings = [b for b in NormalizePane.BINDINGS if isinstance(b, Binding)]
    assert len(bindings) == len(NormalizePane.BINDINGS)
    for b in bindings:
        assert b.action in entries, f"{b.action} ({b.key}) has no palette entry"
        assert f"[{b.key_display or b.key.split(',')[0]} in the normalize pane]" in entries[b.action]
    assert set(entries) == {b.action for b in bindings}


async def test_from_the_palette_add_an_fd_then_apply_3nf_waiting_for_the_previews() -> None:
    from textual.command import CommandPalette

    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.select(ORDERS)
        await settle(pilot)
        assert app.main.side.active == "tab-ddl"  # the pane is hidden, nothing analysed yet
        pane = app.main.normalize
        assert pane.analysis is None and pane.plans is None
        await run_palette(pilot, "Normalize: add an FD")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette) and pane.fd_input.has_focus)
        assert app.main.side.active == "tab-normalize"
        before = app.document.model.entity(ORDERS)
        assert before is not None
        await enter_line(pilot, "customer_email -> customer_name")
        pane = await settle_normalize(pilot)
        entity = app.document.model.entity(ORDERS)
        assert entity is not None and entity.fds == (*before.fds, FunctionalDependency(lhs=("customer_email",),
                                                                            rhs=("customer_name",)))

        app.main.show_tab("tab-ddl")  # hidden again: the previews of the next edit wait for it
        await pilot.pause()
        app.execute(AddItem(ORDERS, "fds", FunctionalDependency(lhs=("customer_email",), rhs=("customer_id",))))
        await pilot.pause()
        assert pane.plans_for != (app.document.revision, ORDERS)
        edited = app.document.model
        await run_palette(pilot, "Normalize: apply 3NF")  # runs once the previews are there
        await until(pilot, lambda: app.document.model is not edited)
        await settle_normalize(pilot)
        after = app.document.model
        assert len(after.entities) > len(edited.entities)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.model == edited  # one undo step


async def test_migration_sql_from_the_palette() -> None:
    from tui.screens.normalize_migration import MigrationScreen

    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.select(ORDERS)
        await settle(pilot)
        await run_palette(pilot, "Normalize: migration SQL…")
        await until(pilot, lambda: isinstance(app.screen, MigrationScreen))
        assert app.main.side.active == "tab-normalize"


# -- idle while hidden, slow analyses -----------------------------------------------------------


async def test_hidden_pane_is_idle_and_catches_up_when_shown() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.main.normalize
        assert pane.analysis is None  # never shown: never analysed
        app.main.select(ORDERS)
        app.execute(AddItem(ORDERS, "fds", FunctionalDependency(lhs=("customer_email",), rhs=("order_id",))))
        await settle(pilot)
        assert pane.analysis is None
        await pilot.press("f11")
        pane = await settle_normalize(pilot)
        assert pane.analysis is not None
        assert pane.analysis.candidate_keys == analyze_entity(app.document.model, ORDERS).candidate_keys
        assert {"customer_email", "product_code"} in [set(k) for k in pane.analysis.candidate_keys]


def key(app: ModelerApp, name: str) -> None:
    """Send a key as the terminal would, without waiting (unlike ``Pilot.press``)."""
    app.post_message(events.Key(name, name if len(name) == 1 else None))


def _many_keys_model(pairs: int) -> DataModel:
    """An entity whose attributes come in pairs a_i <-> b_i: 2**pairs candidate keys."""
    attrs = [Attribute(name=f"{p}{i}", type="int", nullable=False) for i in range(pairs) for p in "ab"]
    fds = [FunctionalDependency(lhs=(f"a{i}",), rhs=(f"b{i}",)) for i in range(pairs)]
    fds += [FunctionalDependency(lhs=(f"b{i}",), rhs=(f"a{i}",)) for i in range(pairs)]
    other = Entity(name="other", attributes=(Attribute(name="id", type="int"), Attribute(name="x", type="int")))
    return DataModel(name="keys", entities=(Entity(name="wide", attributes=tuple(attrs), fds=tuple(fds)), other))


async def test_a_huge_key_enumeration_shows_progress_never_blocks_typing_and_can_be_cancelled() -> None:
    app = make_app(document=Document(_many_keys_model(18)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key(app, "f11")  # Pilot's press() waits for an idle process: not while keys are enumerated
        pane = app.main.normalize
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while not pane.busy:
            assert loop.time() < deadline, "the analysis did not move to a worker"
            await asyncio.sleep(0.02)
        assert pane.analysis is None
        run = pane._token
        # an edit of another entity does not restart the enumeration
        app.execute(AddItem(EntityKey(None, "other"), "fds", FunctionalDependency(lhs=("id",), rhs=("x",))))
        await asyncio.sleep(0.05)
        assert pane.busy and pane._token is run
        while "found" not in text_of(pane, "#normalize-status"):
            assert loop.time() < deadline, text_of(pane, "#normalize-status")
            await asyncio.sleep(0.05)
        # typing goes on while the keys are enumerated: each keystroke shows at once (measured
        # without Pilot's press, which waits for the process to go idle and it does not)
        key(app, "a")
        deadline = loop.time() + 5
        while not pane.fd_input.has_focus:
            assert loop.time() < deadline, "a did not reach the pane"
            await asyncio.sleep(0.01)
        latencies = []
        for ch in "a0->b":
            before, start = pane.fd_input.value, loop.time()
            key(app, ch)
            while pane.fd_input.value == before:
                assert loop.time() - start < 5, "a keystroke was not handled"
                await asyncio.sleep(0.001)
            latencies.append(loop.time() - start)
        assert pane.fd_input.value == "a0->b"
        assert pane.busy
        assert sorted(latencies)[len(latencies) // 2] < 0.5, latencies  # a loaded 2-core machine
        pane.fd_list.focus()
        key(app, "escape")
        deadline = loop.time() + 10
        while pane.busy:
            assert loop.time() < deadline
            await asyncio.sleep(0.05)
        pane = await settle_normalize(pilot, plans=False)
        assert pane.analysis is not None and not pane.analysis.keys_complete
        assert 0 < len(pane.analysis.candidate_keys) < 2 ** 18
        assert "stopped by you" in text_of(pane, "#normalize-status")
        assert "not all" in text_of(pane, "#normalize-details")


# -- discovery from data ------------------------------------------------------------------------


def _zip_model(tmp_path: Path, *, contradict: bool = False) -> Path:
    rows = [("1", "75001", "Paris"), ("2", "75001", "Paris"), ("3", "69001", "Lyon"), ("4", "69001", "Lyon"),
            ("5", "13001", "Marseille"), ("6", "13001", "Marseille"), ("7", "31000", "Toulouse"),
            ("8", "31000", "Toulouse")]
    if contradict:
        rows.append(("9", "75001", "Lyon"))
    with (tmp_path / "customers.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "zip", "city"])
        w.writerows(rows)
    e = Entity(name="customers", data_source="csv:customers.csv",
               attributes=tuple(Attribute(name=n, type="text", nullable=False) for n in ("customer_id", "zip", "city")),
               primary_key=PrimaryKey(columns=("customer_id",)))
    path = tmp_path / "shop.yaml"
    from core.storage import save

    save(DataModel(name="shop", entities=(e,)), path)
    return path


async def test_discover_from_data_accepts_fds_as_one_undo_step(tmp_path: Path) -> None:
    from tui.screens.normalize_discover import DiscoverScreen

    app = make_app(_zip_model(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, EntityKey(None, "customers"))
        original = app.document.model
        assert pane.analysis is not None and pane.analysis.normal_form == "BCNF"
        pane.fd_list.focus()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        screen.query_one("#discover-sample", Input).value = "-3"
        await pilot.press("enter")  # refused: the run is not started
        assert not screen.started and "at least 2" in str(screen.query_one("#discover-status", Static).render())
        screen.query_one("#discover-sample", Input).value = ""
        await pilot.press("enter")  # every row, any left-hand side
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while screen.running or not screen.started:
            assert loop.time() < deadline
            await pilot.pause(0.05)
        assert screen.discovery is not None
        found = {(fd.lhs, fd.rhs) for fd in screen.discovery.fds}
        assert (("zip",), "city") in found
        assert screen.chosen() == screen.discovery.plausible()  # the plausible ones come checked
        await pilot.press("A")  # check all
        assert screen.chosen() == screen.discovery.fds
        await pilot.press("a")  # accept the checked ones
        pane = await settle_normalize(pilot)
        entity = app.document.model.entity(EntityKey(None, "customers"))
        assert entity is not None
        stored = [fd for fd in entity.fds if fd.source == "discovered"]
        assert any(fd.lhs == ("zip",) and fd.rhs == ("city",) for fd in stored)
        assert all(fd.rows == 8 and fd.discovered_from for fd in stored)
        assert pane.analysis is not None and pane.analysis.normal_form == "2NF"
        assert any("[discovered]" in str(opt.prompt) for opt in pane.fd_list._options)
        await pilot.press("ctrl+z")  # one undo step
        await pilot.pause()
        assert app.document.model == original


async def test_discover_is_cancelled_or_refused_with_a_clear_message(tmp_path: Path) -> None:
    from tui.screens.normalize_discover import DiscoverScreen

    app = make_app(_zip_model(tmp_path, contradict=True))
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot, EntityKey(None, "customers"))
        pane.fd_list.focus()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        await pilot.press("enter")
        while screen.running or not screen.started:
            await pilot.pause(0.05)
        assert screen.discovery is not None
        assert (("zip",), "city") not in {(fd.lhs, fd.rhs) for fd in screen.discovery.fds}
        await pilot.press("escape")  # closes without accepting
        await pilot.pause()
        assert not isinstance(app.screen, DiscoverScreen)
        revision = app.document.revision
        # an entity without a data source: a notification that says what to set
        (tmp_path / "customers.csv").unlink()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        await pilot.press("enter")
        while screen.running or not screen.started:
            await pilot.pause(0.05)
        status = str(screen.query_one("#discover-status", Static).render())
        assert "customers.csv" in status, status
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.revision == revision


async def test_discover_from_a_live_postgresql_table(pg_conn: Any) -> None:
    from tui.screens.normalize_discover import DiscoverScreen

    pg_conn.execute("CREATE TABLE customers (customer_id int PRIMARY KEY, zip text NOT NULL, city text NOT NULL)")
    cities = {"75001": "Paris", "69001": "Lyon", "13001": "Marseille", "31000": "Toulouse", "33000": "Bordeaux"}
    with pg_conn.cursor() as cur:
        cur.executemany("INSERT INTO customers VALUES (%s, %s, %s)",
                        [(i, z, cities[z]) for i, z in enumerate(sorted(cities) * 12)])
    entity = Entity(name="customers", data_source=f"{pg_conn.info_dsn}#public.customers",
                    attributes=tuple(Attribute(name=n, type="text", nullable=False)
                                     for n in ("customer_id", "zip", "city")),
                    primary_key=PrimaryKey(columns=("customer_id",)))
    app = make_app(document=Document(DataModel(name="live", entities=(entity,))))
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, EntityKey(None, "customers"))
        app.main.normalize.fd_list.focus()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        await pilot.press("enter")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while screen.running or not screen.started:
            assert loop.time() < deadline
            await pilot.pause(0.05)
        assert screen.discovery is not None and screen.discovery.rows == 60
        zip_city = next(fd for fd in screen.discovery.fds if fd.lhs == ("zip",) and fd.rhs == "city")
        assert zip_city.plausible and zip_city in screen.chosen()
        await pilot.press("a")
        pane = await settle_normalize(pilot)
        stored = app.document.model.entities[0].fds
        assert [(fd.lhs, fd.rhs, fd.source, fd.rows) for fd in stored if fd.lhs == ("zip",)] == \
            [(("zip",), ("city",), "discovered", 60)]
        assert pane.analysis is not None and pane.analysis.normal_form == "2NF"


async def test_a_cancelled_discovery_changes_nothing(tmp_path: Path) -> None:
    from tui.screens.normalize_discover import DiscoverScreen

    app = make_app(_zip_model(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_pane(pilot, EntityKey(None, "customers"))
        revision = app.document.revision
        screen = DiscoverScreen(app.document.model, EntityKey(None, "customers"), str(tmp_path))
        screen.token.cancel()  # as escape does while it runs: the discovery stops at its next check
        results: list[object] = []
        app.push_screen(screen, results.append)
        await pilot.pause()
        await pilot.press("enter")
        while screen.running or not screen.started:
            await pilot.pause(0.05)
        assert screen.discovery is None
        assert "Cancelled" in str(screen.query_one("#discover-status", Static).render())
        await pilot.press("a")  # nothing to accept
        await pilot.press("escape")
        await pilot.pause()
        assert results == [None] and app.document.revision == revision


async def test_no_data_source_is_explained() -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_pane(pilot)
        pane.fd_list.focus()
        await pilot.press("d")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("has no data source" in n and "data_source" in n for n in notes), notes


def test_discovery_bounds_are_whole_numbers_or_blank() -> None:
    from tui.screens.normalize_discover import bound

    assert bound("", "x", 1) is None and bound(" all ", "x", 1) is None
    assert bound("10,000", "the sample", 2) == 10_000
    for bad in ("1", "-3", "2.5", "ten"):
        try:
            bound(bad, "the sample", 2)
        except ValueError as exc:
            assert "the sample" in str(exc) and repr(bad) in str(exc)
        else:
            raise AssertionError(f"{bad!r} accepted")


# -- the editor's helpers -----------------------------------------------------------------------

NAMES = ("order_id", "product_code", "order_date", "customer_id", "zip", "city")
ENTITY = Entity(name="t", attributes=tuple(Attribute(name=n, type="text") for n in NAMES))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=0, max_size=3, unique=True),
       st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
       st.sampled_from([", ", " ", " ,  "]))
def test_fd_command_reads_what_was_typed(lhs: list[str], rhs: list[str], sep: str) -> None:
    command, note = fd_command(ENTITY, f"{sep.join(lhs)} -> {sep.join(rhs)}")
    dependent = set(rhs) - set(lhs)
    if not dependent:
        assert command is None and "trivial" in note
        return
    assert isinstance(command, AddItem) and command.collection == "fds"
    assert set(command.item.lhs) == set(lhs) and set(command.item.rhs) == dependent
    after, _ = command.apply(DataModel(entities=(ENTITY,)))
    assert after.entities[0].fds == (command.item,)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(NAMES), max_size=2, unique=True), st.text(alphabet="_acdeiopryz", max_size=4),
       st.booleans())
def test_completion_offers_unused_attributes_with_the_prefix(used: list[str], prefix: str, right: bool) -> None:
    text = (", ".join(used) + (" -> " if right else (", " if used else ""))) + prefix
    found = complete_fd(text, NAMES)
    assert found.prefix == prefix and text[found.start:] == prefix
    expected = [n for n in NAMES if n.startswith(prefix) and n != prefix and n not in used]
    assert list(found.candidates) == expected


# -- snapshots ----------------------------------------------------------------------------------


async def _normalize_shown(pilot: Pilot[Any]) -> None:
    await open_pane(pilot)
    _app(pilot).main.normalize.fd_list.focus()
    await pilot.pause()


def test_normalize_pane_80x24(snap_compare: Any) -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_normalize_shown)


def test_normalize_pane_160x48(snap_compare: Any) -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_normalize_shown)



async def _normalize_maximized(pilot: Pilot[Any]) -> None:
    await _normalize_shown(pilot)
    await pilot.press("f5")  # the pane alone: FDs, keys, violations and both previews
    await pilot.pause()
    _app(pilot).refresh_bindings()  # the footer settles on the maximized pane's keys
    await pilot.pause(0.2)


def test_normalize_pane_maximized_160x48(snap_compare: Any) -> None:
    app = make_app(SAMPLES / f"{LEGACY}.yaml")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_normalize_maximized)
