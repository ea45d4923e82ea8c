"""The review panel and the pattern picker: findings of a model, jump, one-key fix (undoable),
marks in the entity list; a pattern chosen, previewed and applied as one undo step."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from core.document import Document
from core.model import Attribute, DataModel, Entity, ForeignKey, Index, PrimaryKey
from tests.tui.helpers import SIZE, settle
from tui.app import ModelerApp, make_app
from tui.screens.patterns import PatternScreen, parse_params
from tui.widgets.review_pane import ReviewPane


def _key(name: str) -> Attribute:
    return Attribute(name=name, type="bigint", nullable=False, identity="always")


def _stamps() -> tuple[Attribute, ...]:
    return (Attribute(name="created_at", type="timestamptz", nullable=False, default="now()"),
            Attribute(name="updated_at", type="timestamptz", nullable=False, default="now()"))


def shop() -> DataModel:
    """Two tables; the only problem: orders.customer_id has no index (fk-unindexed)."""
    return DataModel(name="shop", entities=(
        Entity(name="customers", attributes=(_key("id"), Attribute(name="name", type="text", nullable=False),
                                             *_stamps()),
               primary_key=PrimaryKey(columns=("id",))),
        Entity(name="orders", attributes=(_key("id"), Attribute(name="customer_id", type="bigint", nullable=False),
                                          *_stamps()),
               primary_key=PrimaryKey(columns=("id",)),
               foreign_keys=(ForeignKey(columns=("customer_id",), references="customers"),)),
    ))


async def _until(pilot: Pilot[int], check: Callable[[], bool], timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await pilot.pause(0.02)


def _review_current(app: ModelerApp) -> bool:
    review = app.main.review.review
    return review is not None and review.revision == app.document.revision


async def test_review_lists_findings_jumps_and_fixes_with_one_key() -> None:
    app = make_app(document=Document(shop()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _until(pilot, lambda: _review_current(app))
        rows = app.main.entity_list.table
        marks = {row.label: row.mark for row in rows.rows}
        assert marks == {"customers": "", "orders": "▲1"}  # the entity list marks the finding
        await pilot.press("f8")  # the review tab
        await pilot.pause()
        pane: ReviewPane = app.main.review
        assert app.main.side.active == "tab-review"
        pane.whole_model = True
        await pilot.pause()
        assert [f.rule_id for f in pane.shown] == ["fk-unindexed"]
        detail = str(pane.query_one("#review-detail", Static).render())
        assert "orders.customer_id" in detail and "Fix (f): add index (customer_id) to orders" in detail
        before = app.document.model
        pane.query_one(OptionList).focus()
        await pilot.press("enter")  # jump: the orders entity, its customer_id attribute
        await pilot.pause()
        assert app.main.selected is not None and app.main.selected.name == "orders"
        assert app.main.editor.attributes.attribute_name == "customer_id"
        pane.query_one(OptionList).focus()
        await pilot.press("f")  # the fix: one command
        await _until(pilot, lambda: _review_current(app) and not pane.shown)
        orders = app.document.model.entity("orders")
        assert orders is not None and any([k.column for k in ix.columns] == ["customer_id"] for ix in orders.indexes)
        assert {row.label: row.mark for row in rows.rows} == {"customers": "", "orders": ""}
        await pilot.press("ctrl+z")  # undoable
        await _until(pilot, lambda: _review_current(app) and len(pane.shown) == 1)
        assert app.document.model == before


async def test_an_edit_updates_the_review_of_the_touched_entity() -> None:
    model = shop()
    orders = model.entity("orders")
    assert orders is not None
    indexed = orders.model_copy(update={"indexes": (Index(columns=("customer_id",)),)})
    model = model.model_copy(update={"entities": (model.entities[0], indexed)})
    app = make_app(document=Document(model))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _until(pilot, lambda: _review_current(app))
        assert app.main.review.review is not None and not app.main.review.review.findings()
        await pilot.press("enter", "a")  # the customers entity's quick-add line
        focused = app.focused
        assert focused is not None and focused.id == "quick-add"
        focused.value = "price float not null"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await _until(pilot, lambda: _review_current(app))
        found = [(f.rule_id, f.entity, f.attribute) for f in app.main.review.review.findings()]  # type: ignore[union-attr]
        assert ("money-as-float", "customers", "price") in found
        assert {row.label: row.mark for row in app.main.entity_list.table.rows}["customers"].startswith("✖")  # money-as-float is an error


def test_parameters_are_name_value_words() -> None:
    assert parse_params('dimensions=768 note="two words" types=a,b') == {
        "dimensions": "768", "note": "two words", "types": "a,b"}


async def test_pattern_picker_previews_then_applies_one_undo_step() -> None:
    app = make_app(document=Document(shop()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.document.model
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PatternScreen)
        screen.query_one(OptionList).highlighted = list(screen.patterns).index("soft-delete")
        await pilot.pause()
        about = str(screen.query_one("#pattern-about", Static).render())
        assert "Soft delete" in about and "Trade-offs" in about
        assert screen.query_one("#pattern-targets").value == "customers"  # type: ignore[attr-defined]
        preview = screen.query_one("#pattern-preview", Static)
        await _until(pilot, lambda: "deleted_at" in str(preview.render()))
        assert "+" in str(preview.render())  # the DDL diff
        await pilot.press("ctrl+a")
        await settle(pilot)
        customers = app.document.model.entity("customers")
        assert customers is not None and customers.attribute("deleted_at") is not None
        assert "deleted_at" in app.main.preview.text
        # applying it again is refused, with the reason, and changes nothing
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PatternScreen)
        screen.query_one(OptionList).highlighted = list(screen.patterns).index("soft-delete")
        await pilot.pause()
        applied = app.document.model
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert isinstance(app.screen, PatternScreen) and app.document.model is applied
        assert "already applied" in str(screen.query_one("#pattern-preview", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+z")  # one undo step
        await settle(pilot)
        assert app.document.model == before


async def test_hierarchy_decision_tree_picks_the_strategy_before_applying() -> None:
    from textual.widgets import RadioSet

    from tui.screens.hierarchy import HierarchyDecisionScreen

    app = make_app(document=Document(shop()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PatternScreen)
        screen.query_one(OptionList).highlighted = list(screen.patterns).index("hierarchy")
        await pilot.pause()
        assert "F2" in str(screen.query_one("#pattern-about", Static).render())
        await pilot.press("f2")
        await pilot.pause()
        decision = app.screen
        assert isinstance(decision, HierarchyDecisionScreen)
        result = decision.query_one("#decision-result", Static)
        assert "adjacency" in str(result.render())  # the first answers: shallow, children
        # deep tree, whole subtrees read, subtrees move often, ordered siblings: with the keyboard
        for question, steps in (("depth", 1), ("reads", 1), ("moves", 1), ("ordered", 1)):
            radios = decision.query_one(f"#q-{question}", RadioSet)
            radios.focus()
            await pilot.pause()
            for _ in range(steps):
                await pilot.press("down")
            await pilot.press("enter")
            await pilot.pause()
        assert decision.answers == {"depth": "deep", "reads": "subtree", "moves": "often", "ordered": "yes"}
        assert "closure-table" in str(result.render()) and "sort order" in str(result.render())
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert app.screen is screen
        params = screen.query_one("#pattern-params").value  # type: ignore[attr-defined]
        assert parse_params(params) == {"strategy": "closure-table", "ordered": "true"}
        preview = screen.query_one("#pattern-preview", Static)
        await _until(pilot, lambda: "customers_closure" in str(preview.render()))
        await pilot.press("ctrl+a")
        await settle(pilot)
        model = app.document.model
        assert model.entity("customers_closure") is not None
        customers = model.entity("customers")
        assert customers is not None and customers.attribute("sort_order") is not None


async def test_a_finding_is_accepted_with_a_reason_kept_in_the_model() -> None:
    from tests.tui.helpers import enter_line

    app = make_app(document=Document(shop()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _until(pilot, lambda: _review_current(app) and app.main.review.review is not None
                     and app.main.review.review.complete)
        await pilot.press("f8")  # the review tab
        await pilot.pause()
        pane = app.main.review
        pane.whole_model = True
        await pilot.pause()
        assert [f.rule_id for f in pane.shown] == ["fk-unindexed"]
        pane.options.focus()
        await pilot.press("i")
        await pilot.pause()
        await enter_line(pilot, "")  # a reason is required
        assert app.document.model.lint.suppress == ()
        await enter_line(pilot, "orders are only read by id; the table stays tiny")
        await _until(pilot, lambda: _review_current(app) and bool(pane.shown) and pane.shown[0].suppressed)
        suppress = app.document.model.lint.suppress
        assert [(s.rule, s.entity, s.attribute, s.reason) for s in suppress] == [
            ("fk-unindexed", "orders", "customer_id", "orders are only read by id; the table stays tiny")]
        assert "(suppressed)" in str(pane.options.get_option_at_index(0).prompt)
        await _until(pilot, lambda: {row.label: row.mark for row in app.main.entity_list.table.rows}["orders"] == "")
        await pilot.press("ctrl+z")
        await _until(pilot, lambda: _review_current(app) and bool(pane.shown) and not pane.shown[0].suppressed)
        assert app.document.model == shop()


async def test_pattern_targets_complete_entity_names() -> None:
    app = make_app(document=Document(shop()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PatternScreen)
        screen.query_one(OptionList).highlighted = list(screen.patterns).index("soft-delete")
        await pilot.pause()
        targets = screen.query_one("#pattern-targets")
        targets.focus()
        targets.value = "customers, o"  # type: ignore[attr-defined]
        targets.cursor_position = len(targets.value)  # type: ignore[attr-defined]
        await pilot.press("r")
        await pilot.pause(0.1)
        await pilot.press("tab")
        assert targets.value == "customers, orders"  # type: ignore[attr-defined]
        assert screen._complete_target("customers, c").candidates == ()  # chosen already


async def test_the_editor_opens_the_picker_for_its_entity() -> None:
    app = make_app(document=Document(shop()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # orders
        await settle(pilot)
        await pilot.press("enter", "p")  # into the editor, then its pattern key
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PatternScreen)
        assert screen.query_one("#pattern-targets").value == "orders"  # type: ignore[attr-defined]
