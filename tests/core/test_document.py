"""The editing session: revisions, dirty state, Change reports, memoized derived views, files."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.commands import (
    AddAttribute,
    AddEntity,
    DeleteEntity,
    MoveEntity,
    RenameEntity,
    SetModel,
    UpdateEntity,
)
from core.document import Document
from core.errors import CommandError, SaveConflictError, TablewrightError
from core.model import Attribute, DataModel, Entity, EntityKey, ForeignKey, PrimaryKey
from tests.conftest import sample_model_paths

A, B = EntityKey(None, "a"), EntityKey(None, "b")
ID = Attribute(name="id", type="bigint")


def model() -> DataModel:
    a = Entity(name="a", attributes=(ID,), primary_key=PrimaryKey(columns=("id",)))
    b = Entity(name="b", attributes=(ID, Attribute(name="a_id", type="bigint")),
               foreign_keys=(ForeignKey(columns=("a_id",), references="a"),))
    c = Entity(name="c", schema="s", attributes=(ID,))
    return DataModel(entities=(a, b, c))


def test_revision_grows_with_every_change_and_undo_back_to_saved_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    doc = Document(model())
    assert doc.dirty  # never saved
    doc.save(path)
    assert not doc.dirty and doc.revision == 0
    doc.execute(AddAttribute(A, Attribute(name="x", type="text")))
    doc.execute(AddAttribute(A, Attribute(name="y", type="text")))
    assert doc.dirty and doc.revision == 2
    doc.undo()
    doc.undo()
    assert not doc.dirty and doc.revision == 4
    doc.redo()
    assert doc.dirty and doc.revision == 5 and doc.undo_label == "add attribute a.x"
    assert doc.redo_label == "add attribute a.y"


def test_editing_back_to_the_saved_value_is_clean() -> None:
    doc = Document.new()
    assert not doc.dirty
    doc.execute(SetModel((("note", "x"),)))
    assert doc.dirty
    doc.execute(SetModel((("note", None),)))
    assert not doc.dirty


def test_change_reports_touched_entities_renames_and_model_fields() -> None:
    doc = Document(model())
    change = doc.execute(RenameEntity(A, "z"))
    assert change.touched == {A, EntityKey(None, "z"), B}  # b's FK follows the rename
    assert change.renamed == ((A, EntityKey(None, "z")),) and not change.model_changed
    assert change.kind == "execute" and change.label == "rename entity a to z"
    change = doc.execute(SetModel((("note", "hello"),)))
    assert change.touched == frozenset() and change.model_changed
    change = doc.execute(MoveEntity(EntityKey("s", "c"), 0))
    assert change.touched == frozenset() and change.model_changed  # the order changed
    undone = doc.undo()
    assert undone is not None and undone.kind == "undo" and undone.model_changed
    doc.undo()
    undone = doc.undo()
    assert undone is not None and undone.renamed == ((EntityKey(None, "z"), A),)


def test_schema_qualified_keys_are_canonical_in_changes() -> None:
    doc = Document(model())
    change = doc.execute(UpdateEntity(EntityKey("public", "a"), (("note", "n"),)))
    assert change.touched == {A}
    change = doc.execute(UpdateEntity(EntityKey("s", "c"), (("schema", "public"),)))
    assert change.renamed == ((EntityKey("s", "c"), EntityKey(None, "c")),)


def test_refused_command_changes_nothing() -> None:
    doc = Document(model())
    before = doc.model
    with pytest.raises(CommandError):
        doc.execute(DeleteEntity(EntityKey(None, "nope")))
    assert doc.model is before and doc.revision == 0 and not doc.can_undo


def test_derived_views_are_memoized_by_revision() -> None:
    doc = Document(model())
    calls: list[int] = []

    def count(m: DataModel) -> int:
        calls.append(1)
        return len(m.entities)

    assert doc.derived("n", count) == 3 and doc.derived("n", count) == 3 and len(calls) == 1
    graph = doc.graph()
    assert doc.graph() is graph and graph.number_of_edges() == 1
    doc.execute(AddEntity(Entity(name="d", attributes=(ID,))))
    assert doc.derived("n", count) == 4 and len(calls) == 2
    assert doc.graph() is not graph and doc.graph().number_of_nodes() == 4
    assert doc.problems() == []


def test_merging_through_the_document_and_checkpoint() -> None:
    doc = Document(model())
    for text in ("a", "ab", "abc"):
        doc.execute(UpdateEntity(A, (("note", text),)))
    doc.checkpoint()
    doc.execute(UpdateEntity(A, (("note", "abcd"),)))
    assert doc.history.undo_labels() == ["edit note of a", "edit note of a"]
    doc.undo()
    assert doc.model.entity(A).note == "abc"  # type: ignore[union-attr]
    doc.undo()
    assert doc.model.entity(A).note is None  # type: ignore[union-attr]


def test_save_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    Document(model()).save(path)
    doc = Document.open(path)
    assert doc.model == model() and not doc.dirty
    doc.execute(AddAttribute(A, Attribute(name="x", type="text")))
    path.write_text(path.read_text() + "# someone else\n")
    with pytest.raises(SaveConflictError):
        doc.save()
    assert doc.dirty
    doc.save(force=True)
    assert not doc.dirty and Document.open(path).model == doc.model
    doc.execute(AddAttribute(A, Attribute(name="y", type="text")))
    doc.save()  # the stamp of the last save is kept: no conflict with ourselves
    assert Document.open(path).model.entity(A).attribute("y") is not None  # type: ignore[union-attr]


def test_save_says_which_comment_lines_it_dropped(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    Document(model()).save(path)
    lines = path.read_text().split("\n")
    lines[1] += "  # keep me"
    lines.insert(2, "# and me")
    path.write_text("\n".join(lines))
    doc = Document.open(path)
    assert doc.dropped_comments == ()
    doc.save()
    assert doc.dropped_comments == (2, 3) and "#" not in path.read_text()
    doc.save()
    assert doc.dropped_comments == ()


def test_save_without_a_path_says_what_to_do() -> None:
    with pytest.raises(TablewrightError, match="give a path"):
        Document.new().save()


@pytest.mark.parametrize("path", sample_model_paths(), ids=lambda p: p.stem)
def test_open_sample_models(path: Path) -> None:
    doc = Document.open(path)
    assert doc.path == path and doc.model.entities and not doc.dirty and doc.problems() == []
