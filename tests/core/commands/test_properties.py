"""Random command sequences on every sample model (and the shop model): a valid model stays valid,
undo returns the original model exactly, redo the edited one, and a change reports exactly the
entities whose value changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from core.commands import (
    AddAttribute,
    AddEntity,
    Batch,
    Command,
    DeleteAttribute,
    DeleteEntity,
    MoveAttribute,
    MoveAttributeTo,
    MoveEntity,
    RemoveItem,
    RenameAttribute,
    RenameEntity,
    SetEntitySchema,
    SetPrimaryKey,
    UpdateAttribute,
    UpdateEntity,
    add_fd,
    add_foreign_key,
    add_index,
    add_unique,
)
from core.document import Document
from core.errors import CommandError
from core.model import Attribute, DataModel, Entity, EntityKey, PrimaryKey
from core.validate import validate_model
from tests.conftest import sample_model_paths
from tests.core.commands.shop import shop

NAMES = ["x", "note_text", "Mixed Case", "order", "id", "email", "created_at", "tenant_id", "name"]
TYPES = ["text", "bigint", "integer", "uuid", "numeric(10,2)", "boolean", "timestamptz", "jsonb"]
KINDS = ["add_entity", "delete_entity", "rename_entity", "set_schema", "update_entity", "move_entity",
         "add_attribute", "delete_attribute", "rename_attribute", "update_attribute", "move_attribute",
         "move_attribute_to", "set_pk", "add_fk", "add_index", "add_unique", "add_fd", "remove_item", "batch"]


def _load(path: Path) -> DataModel:
    from core.storage import load

    return load(path).model


MODELS = {"shop": shop, **{p.stem: (lambda p=p: _load(p)) for p in sample_model_paths()}}


@st.composite
def commands(draw: st.DrawFn, model: DataModel, depth: int = 0) -> Command:
    """A command that is often, not always, valid for ``model``."""
    if not model.entities:
        return AddEntity(Entity(name="t", attributes=(Attribute(name="id", type="int"),)))
    e = draw(st.sampled_from(model.entities))
    key = e.key
    attr = draw(st.sampled_from(e.attributes)).name if e.attributes else "id"
    other = draw(st.sampled_from(model.entities))
    name = draw(st.sampled_from(NAMES + list(e.attribute_names[:3]) + [x.name for x in model.entities[:3]]))
    columns = list(draw(st.lists(st.sampled_from(e.attribute_names or ("id",)), min_size=1, max_size=3, unique=True)))
    pos = draw(st.integers(0, 40))
    kind = draw(st.sampled_from(KINDS if depth == 0 else KINDS[:-1]))
    if kind == "add_entity":
        ident = Attribute(name="id", type="bigint", nullable=False)
        return AddEntity(Entity(name=name, schema=draw(st.sampled_from([None, "sales"])), attributes=(ident,),
                                primary_key=PrimaryKey(columns=("id",))), pos)
    if kind == "delete_entity":
        return DeleteEntity(key)
    if kind == "rename_entity":
        return RenameEntity(key, name)
    if kind == "set_schema":
        return SetEntitySchema(key, draw(st.sampled_from([None, "sales", "crm", "public"])))
    if kind == "update_entity":
        field = draw(st.sampled_from(["note", "tags", "data_source"]))
        return UpdateEntity(key, ((field, draw(st.sampled_from(["a", "b, c", ""]))),))
    if kind == "move_entity":
        return MoveEntity(key, pos)
    if kind == "add_attribute":
        return AddAttribute(key, Attribute(name=name, type=draw(st.sampled_from(TYPES)), nullable=draw(st.booleans())),
                            draw(st.none() | st.just(pos)))
    if kind == "delete_attribute":
        return DeleteAttribute(key, attr)
    if kind == "rename_attribute":
        return RenameAttribute(key, attr, name)
    if kind == "update_attribute":
        change = draw(st.sampled_from([("type", draw(st.sampled_from(TYPES))), ("nullable", draw(st.booleans())),
                                       ("default", draw(st.sampled_from([None, "0", "now()"]))), ("note", "n")]))
        return UpdateAttribute(key, attr, (change,))
    if kind == "move_attribute":
        return MoveAttribute(key, attr, pos)
    if kind == "move_attribute_to":
        return MoveAttributeTo(key, attr, other.key, draw(st.none() | st.just(pos)))
    if kind == "set_pk":
        return SetPrimaryKey(key, draw(st.none() | st.just(tuple(columns))))
    if kind == "add_fk":
        return add_foreign_key(key, columns[:1], other.name, ref_schema=other.schema_name)
    if kind == "add_index":
        return add_index(key, columns, unique=draw(st.booleans()))
    if kind == "add_unique":
        return add_unique(key, columns)
    if kind == "add_fd":
        return add_fd(key, columns[:1], columns[1:] or [attr])
    if kind == "remove_item":
        collection = draw(st.sampled_from(["uniques", "checks", "foreign_keys", "indexes", "fds", "triggers"]))
        return RemoveItem(key, collection, draw(st.integers(0, 2)))
    return Batch(tuple(draw(st.lists(commands(model, depth + 1), min_size=2, max_size=3))), "batch")


def _value_diff(before: DataModel, after: DataModel) -> frozenset[EntityKey]:
    """Oracle for Change.touched: canonical keys whose entity value differs."""
    a = {before.canonical_key(e.key): e for e in before.entities}
    b = {after.canonical_key(e.key): e for e in after.entities}
    return frozenset(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


@pytest.mark.parametrize("name", list(MODELS))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_commands_keep_models_valid_and_undo_exactly(name: str, data: st.DataObject) -> None:
    original = MODELS[name]()
    valid = validate_model(original) == []
    doc = Document(original)
    states = [original]
    for _ in range(data.draw(st.integers(1, 4), label="steps")):
        command = data.draw(commands(doc.model), label="command")
        before, revision = doc.model, doc.revision
        try:
            change = doc.execute(command)
        except CommandError as error:
            note(f"refused: {error}")
            assert doc.model is before and doc.revision == revision
            continue
        note(f"applied: {command.label}")
        doc.checkpoint()  # one undo step per command (merging is tested in test_history)
        if valid:
            assert validate_model(doc.model) == [], command.label
        assert change.touched == _value_diff(before, doc.model)
        assert command.apply(before)[0] == doc.model  # deterministic: replaying gives the same model
        states.append(doc.model)
    final = doc.model
    for expected in reversed(states[:-1]):
        assert doc.undo() is not None
        assert doc.model == expected and doc.model is expected
    assert doc.undo() is None and doc.model is original
    for expected in states[1:]:
        assert doc.redo() is not None
        assert doc.model == expected
    assert doc.model is final and doc.redo() is None
