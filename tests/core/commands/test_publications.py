"""Publications follow their tables: renames, schema moves, deletes and column edits cascade into
them, and every such edit is undone exactly."""

from __future__ import annotations

import pytest

from core.commands import (
    Batch,
    DeleteAttribute,
    DeleteEntity,
    PutPublication,
    RenameAttribute,
    RenameEntity,
    SetEntitySchema,
)
from core.errors import CommandError
from core.model import Attribute, DataModel, Entity, EntityKey, PrimaryKey, Publication
from core.validate import validate_model


def _table(name: str, *cols: str, schema: str | None = None) -> Entity:
    return Entity(name=name, schema_name=schema, attributes=tuple(Attribute(name=c, type="int") for c in ("id", *cols)),
                  primary_key=PrimaryKey(columns=("id",)))


def model() -> DataModel:
    return DataModel.model_validate({
        "entities": [_table("orders", "qty", "state"), _table("items", "qty", schema="sales"), _table("notes")],
        "publications": [
            {"name": "cdc", "tables": ["orders", {"table": "items", "schema": "sales"}, "notes"]},
            {"name": "slim", "publish": ["insert"],
             "tables": [{"table": "orders", "columns": ["id", "qty"], "where": "qty > 0 AND orders.state IS NULL"}]},
        ],
    })


def tables(m: DataModel) -> dict[str, list[str]]:
    return {p.name: [t.key.display() for t in p.tables] for p in m.publications}


def test_the_fixture_is_valid() -> None:
    assert validate_model(model()) == []


def test_renaming_a_table_renames_it_in_every_publication_and_undo_is_exact() -> None:
    m = model()
    new, undo = RenameEntity(EntityKey(None, "orders"), "purchases").apply(m)
    assert tables(new) == {"cdc": ["purchases", "sales.items", "notes"], "slim": ["purchases"]}
    assert new.publications[1].tables[0].columns == ("id", "qty")  # the rest of the entry is kept
    assert validate_model(new) == []
    assert undo.apply(new)[0] == m


def test_moving_a_table_to_another_schema_moves_its_publication_entries() -> None:
    m = model()
    new, undo = SetEntitySchema(EntityKey("sales", "items"), None).apply(m)
    assert tables(new)["cdc"] == ["orders", "items", "notes"]
    new2, _ = SetEntitySchema(EntityKey(None, "notes"), "archive").apply(m)
    assert tables(new2)["cdc"] == ["orders", "sales.items", "archive.notes"]
    assert validate_model(new) == [] and validate_model(new2) == []
    assert undo.apply(new)[0] == m


def test_deleting_a_table_takes_it_out_of_publications_and_undo_puts_it_back_in_place() -> None:
    m = model()
    new, undo = DeleteEntity(EntityKey(None, "orders")).apply(m)
    assert tables(new) == {"cdc": ["sales.items", "notes"], "slim": []}  # an empty publication stays
    assert validate_model(new) == []
    back, _ = undo.apply(new)
    assert back == m and tables(back)["cdc"][0] == "orders"


def test_column_rename_reaches_column_lists_and_row_filters() -> None:
    m = model()
    new, undo = RenameAttribute(EntityKey(None, "orders"), "qty", "quantity").apply(m)
    slim = new.publications[1].tables[0]
    assert slim.columns == ("id", "quantity") and slim.where == "quantity > 0 AND orders.state IS NULL"
    assert validate_model(new) == [] and undo.apply(new)[0] == m
    # a column of the same name in another table is not touched
    other, _ = RenameAttribute(EntityKey("sales", "items"), "qty", "n").apply(m)
    assert other.publications == m.publications


@pytest.mark.parametrize("column", ["qty", "state"])  # in the column list / only in the row filter
def test_dropping_a_published_column_stops_publishing_the_table_like_drop_cascade(column: str) -> None:
    m = model()
    new, undo = DeleteAttribute(EntityKey(None, "orders"), column).apply(m)
    assert tables(new) == {"cdc": ["orders", "sales.items", "notes"], "slim": []}
    assert validate_model(new) == [] and undo.apply(new)[0] == m


def test_put_publication_adds_edits_and_deletes_with_exact_undo() -> None:
    m = model()
    add = PutPublication(None, Publication(name="all", all_tables=True), position=0)
    new, undo = add.apply(m)
    assert [p.name for p in new.publications] == ["all", "cdc", "slim"] and undo.apply(new)[0] == m
    edited, undo2 = PutPublication("cdc", Publication(name="cdc2", tables=("notes",))).apply(new)
    assert tables(edited) == {"all": [], "cdc2": ["notes"], "slim": ["orders"]} and undo2.apply(edited)[0] == new
    gone, undo3 = PutPublication("slim", None).apply(m)
    assert [p.name for p in gone.publications] == ["cdc"] and undo3.apply(gone)[0] == m


def test_put_publication_refuses_what_would_break_the_model() -> None:
    m = model()
    with pytest.raises(CommandError, match='a publication named "slim" already exists'):
        PutPublication("cdc", Publication(name="slim")).apply(m)
    with pytest.raises(CommandError, match=r'no publication "cbc".*did you mean "cdc"'):
        PutPublication("cbc", None).apply(m)
    with pytest.raises(CommandError, match='"upsert", which is not an operation'):
        PutPublication(None, Publication(name="x", tables=("orders",), publish=("upsert",))).apply(m)
    with pytest.raises(CommandError, match="not an entity of the model"):
        PutPublication(None, Publication(name="x", tables=("nope",))).apply(m)


def test_a_batch_of_renames_and_a_delete_is_one_exact_undo_step() -> None:
    m = model()
    batch = Batch((RenameEntity(EntityKey(None, "notes"), "memos"), RenameAttribute(EntityKey(None, "orders"), "id", "oid"),
                   DeleteEntity(EntityKey("sales", "items"))))
    new, undo = batch.apply(m)
    assert tables(new) == {"cdc": ["orders", "memos"], "slim": ["orders"]}
    assert new.publications[1].tables[0].columns == ("oid", "qty")
    assert undo.apply(new)[0] == m


def test_a_raw_entity_edit_that_would_leave_a_publication_dangling_is_refused() -> None:
    from core.commands import PutEntity

    m = model()
    orders = m.entity(EntityKey(None, "orders"))
    assert orders is not None
    without_qty = orders.model_copy(update={"attributes": tuple(a for a in orders.attributes if a.name != "qty")})
    with pytest.raises(CommandError, match=r'publications\[slim\].*"qty"'):
        PutEntity(EntityKey(None, "orders"), without_qty).apply(m)
    with pytest.raises(CommandError, match=r'publications\[cdc\].*"orders"'):
        PutEntity(EntityKey(None, "orders"), None).apply(m)  # the primitive does not cascade: refused
