"""Undo history: merging within a window, checkpoints, bounds, redo cleared by new commands."""

from __future__ import annotations

import pytest

from core.commands import AddAttribute, Batch, RenameEntity, UpdateAttribute, UpdateEntity
from core.history import History
from core.model import Attribute, DataModel, Entity, EntityKey

T = EntityKey(None, "t")


def base() -> DataModel:
    return DataModel(entities=(Entity(name="t", attributes=(Attribute(name="a", type="int"),)),))


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def note(text: str) -> UpdateEntity:
    return UpdateEntity(T, (("note", text),))


def typed(history: History, model: DataModel, clock: Clock, texts: list[str], gap: float) -> DataModel:
    for text in texts:
        model = history.execute(model, note(text))
        clock.now += gap
    return model


def test_typing_in_one_field_merges_into_one_step_keeping_the_oldest_inverse() -> None:
    clock, m0 = Clock(), base()
    h = History(clock=clock)
    m = typed(h, m0, clock, ["h", "he", "hel", "hell", "hello"], gap=0.5)
    assert len(h) == 1 and h.undo_label == "edit note of t"
    undone = h.undo(m)
    assert undone is not None and undone[0] is m0
    redone = h.redo(m0)
    assert redone is not None and redone[0] is m and redone[0].entities[0].note == "hello"


def test_window_is_measured_from_the_last_edit() -> None:
    clock, m0 = Clock(), base()
    h = History(merge_window=1.5, clock=clock)
    typed(h, m0, clock, ["a", "ab"], gap=1.0)  # 1 s apart: merges
    clock.now += 1.0  # now 2 s after the last edit
    h.execute(m0, note("abc"))
    assert len(h) == 2


def test_different_fields_or_commands_do_not_merge() -> None:
    clock, m = Clock(), base()
    h = History(clock=clock)
    m = h.execute(m, note("x"))
    m = h.execute(m, UpdateEntity(T, (("tags", "a"),)))
    m = h.execute(m, UpdateAttribute(T, "a", (("type", "bigint"),)))
    m = h.execute(m, UpdateAttribute(T, "a", (("nullable", False),)))
    m = h.execute(m, AddAttribute(T, Attribute(name="b", type="text")))
    m = h.execute(m, AddAttribute(T, Attribute(name="c", type="text")))
    assert len(h) == 6
    assert h.undo_labels()[:2] == ["add attribute t.c", "add attribute t.b"]


def test_a_command_without_merge_key_in_between_stops_merging() -> None:
    clock, m = Clock(), base()
    h = History(clock=clock)
    m = h.execute(m, note("x"))
    m = h.execute(m, AddAttribute(T, Attribute(name="b", type="text")))
    m = h.execute(m, note("xy"))
    assert len(h) == 3


def test_checkpoint_stops_merging() -> None:
    clock, m0 = Clock(), base()
    h = History(clock=clock)
    m = typed(h, m0, clock, ["a", "ab"], gap=0.1)
    h.checkpoint()
    m = typed(h, m, clock, ["abc"], gap=0.1)
    assert len(h) == 2
    step = h.undo(m)
    assert step is not None and step[0].entities[0].note == "ab"


def test_undo_then_new_command_does_not_merge_into_the_undone_step() -> None:
    clock, m0 = Clock(), base()
    h = History(clock=clock)
    m1 = h.execute(m0, note("a"))
    m2 = h.execute(m1, UpdateEntity(T, (("tags", "x"),)))
    back = h.undo(m2)
    assert back is not None
    h.execute(back[0], note("ab"))  # same merge key as the step below, but after an undo
    assert len(h) == 2


def test_new_command_clears_redo() -> None:
    h = History(clock=Clock())
    m0 = base()
    m1 = h.execute(m0, AddAttribute(T, Attribute(name="b", type="text")))
    back = h.undo(m1)
    assert back is not None and h.can_redo and h.redo_labels() == ["add attribute t.b"]
    h.execute(back[0], AddAttribute(T, Attribute(name="c", type="text")))
    assert not h.can_redo and h.redo(m0) is None


def test_bounded_history_forgets_the_oldest_steps() -> None:
    h = History(max_steps=3, clock=Clock())
    models = [base()]
    for i in range(5):
        models.append(h.execute(models[-1], AddAttribute(T, Attribute(name=f"c{i}", type="int"))))
    assert len(h) == 3
    m = models[-1]
    for expected in (models[4], models[3], models[2]):
        result = h.undo(m)
        assert result is not None
        m = result[0]
        assert m is expected
    assert h.undo(m) is None and not h.can_undo


def test_renames_are_kept_per_step() -> None:
    h = History(clock=Clock())
    m = h.execute(base(), Batch((RenameEntity(T, "u"), RenameEntity(EntityKey(None, "u"), "v")), "two renames"))
    assert h.undo_label == "two renames"
    result = h.undo(m)
    assert result is not None and result[1].renames == ((T, EntityKey(None, "u")), (EntityKey(None, "u"),
                                                                                     EntityKey(None, "v")))


@pytest.mark.parametrize("bad", [0, -1])
def test_max_steps_must_be_positive(bad: int) -> None:
    with pytest.raises(ValueError):
        History(max_steps=bad)


def test_clear() -> None:
    h = History()
    m = h.execute(base(), note("x"))
    h.clear()
    assert not h.can_undo and h.undo(m) is None and h.undo_label is None
