"""Creation order: a table after what it references and after its parent partitioned table; a
foreign key is deferred (added with ALTER TABLE at the end) only when its target comes later."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_generate_models import A

from core.ddl.order import creation_order, view_order
from core.model import DataModel, Entity, EntityKey, ForeignKey, View


@st.composite
def graphs(draw: st.DrawFn) -> DataModel:
    n = draw(st.integers(1, 12))
    names = [f"t{i}" for i in range(n)]
    entities = []
    for i, name in enumerate(names):
        targets = draw(st.lists(st.sampled_from(names), max_size=3))
        parent = draw(st.none() | st.sampled_from(names[:i])) if i else None
        fks = tuple(ForeignKey(columns=("id",), references=t) for t in targets)
        entities.append(Entity(name=name, attributes=(A("id", "int"),), foreign_keys=fks, partition_of=parent,
                               partition_bound="DEFAULT" if parent else None))
    return DataModel(entities=tuple(entities))


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_every_table_comes_after_what_it_needs(model: DataModel) -> None:
    order, deferred = creation_order(model)
    assert sorted(order) == sorted(EntityKey(None, e.name) for e in model.entities)
    place = {k: i for i, k in enumerate(order)}
    for e in model.entities:
        me = place[EntityKey(None, e.name)]
        if e.partition_of:
            assert place[EntityKey(None, e.partition_of)] < me
        late = deferred.get(EntityKey(None, e.name), frozenset())
        for i, fk in enumerate(e.foreign_keys):
            target = place[EntityKey(None, fk.references)]
            if i in late:
                assert target > me  # deferred only when it had to be
            else:
                assert target <= me  # created earlier, or a self-reference


def test_an_acyclic_model_keeps_model_order_where_it_can() -> None:
    def t(name: str, *refs: str) -> Entity:
        return Entity(name=name, attributes=(A("id", "int"),),
                      foreign_keys=tuple(ForeignKey(columns=("id",), references=r) for r in refs))

    model = DataModel(entities=(t("a"), t("b"), t("c", "d"), t("d"), t("e")))
    order, deferred = creation_order(model)
    assert [k.name for k in order] == ["a", "b", "d", "c", "e"] and deferred == {}


def test_views_come_after_the_views_they_read() -> None:
    model = DataModel(views=(View(name="top", sql="SELECT * FROM middle"), View(name="middle", sql="SELECT * FROM base"),
                             View(name="base", sql="SELECT 1 AS x"), View(name="odd", sql="SELECT FROM WHERE")))
    assert [v.name for v in view_order(model)] == ["base", "middle", "top", "odd"]
