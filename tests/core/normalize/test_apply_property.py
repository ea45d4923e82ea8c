"""Property tests: random relations made entities, decomposed in the model, checked against the
brute-force oracle; and on PostgreSQL, random data satisfying the FDs survives the migration."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import CommandError
from core.model import Attribute, DataModel, Entity, ForeignKey, FunctionalDependency, PrimaryKey
from core.normalize.apply import Decompose
from core.normalize.fds import NormalizeError
from core.normalize.migrate import migration_sql
from core.normalize.plan import plan_decomposition
from core.validate import validate_model
from tests.core.normalize.oracle import Oracle, closure
from tests.core.normalize.strategies import cases


def as_model(rel: Any, o: Oracle, with_pk: bool, with_referrer: bool) -> DataModel:
    pk = None
    keys = sorted((sorted(k) for k in o.keys), key=lambda k: (len(k), k))
    if with_pk and keys[0]:  # (a relation whose key is empty has at most one row: no key to declare)
        pk = PrimaryKey(columns=tuple(a for a in rel.attributes if a in keys[0]))
    entity = Entity(name="r", attributes=tuple(Attribute(name=a, type="integer", nullable=False)
                                               for a in rel.attributes), primary_key=pk,
                    fds=tuple(FunctionalDependency(lhs=tuple(sorted(fd.lhs)), rhs=tuple(sorted(fd.rhs)))
                              for fd in rel.fds))
    entities = [entity]
    if with_referrer and pk is not None:
        entities.append(Entity(name="referrer", attributes=tuple(
            Attribute(name=f"ref_{a}", type="integer") for a in pk.columns),
            foreign_keys=(ForeignKey(columns=tuple(f"ref_{a}" for a in pk.columns), references="r"),)))
    return DataModel(name="m", entities=tuple(entities))


def check_plan(model: DataModel, o: Oracle, kind: str) -> None:
    try:
        plan = plan_decomposition(model, "r", kind)  # type: ignore[arg-type]
    except NormalizeError as exc:  # refused: only when the referenced key is nobody's key any more
        assert "no component keeps as a key" in str(exc)
        pk = frozenset(model.entities[0].primary_key.columns)  # type: ignore[union-attr]
        comps = plan_decomposition(model.model_copy(update={"entities": model.entities[:1]}), "r", kind).components
        assert not any(pk <= set(c.attributes) and closure(pk, o.fds) >= set(c.attributes) for c in comps)
        return
    comps = [frozenset(c.attributes) for c in plan.components]
    assert frozenset().union(*comps) == frozenset(model.entities[0].attribute_names)
    assert o.lossless(comps)
    assert validate_model(plan.after) == []
    by = {e.name: e for e in plan.after.entities}
    for c in plan.components:
        e = by[c.name]
        if e.primary_key is not None:
            assert frozenset(e.primary_key.columns) in o.component_keys(frozenset(c.attributes))
        for fd in e.fds:  # stored FDs hold and stay inside their table
            assert set(fd.lhs) | set(fd.rhs) <= set(c.attributes)
            assert set(fd.rhs) <= closure(fd.lhs, o.fds)
        for fk in e.foreign_keys:
            parent = by.get(fk.references)
            if parent is not None and parent.name in {p.name for p in plan.components}:
                assert set(fk.columns) <= set(c.attributes)
    if plan.unchanged:
        with pytest.raises(CommandError):
            Decompose(model.entities[0].key, kind).apply(model)  # type: ignore[arg-type]
        return
    after, undo = Decompose(model.entities[0].key, kind).apply(model)  # type: ignore[arg-type]
    assert after == plan.after
    assert undo.apply(after)[0] == model


@settings(max_examples=100, deadline=None)
@given(case=cases(max_attrs=8), with_pk=st.booleans(), with_referrer=st.booleans(),
       kind=st.sampled_from(["3nf", "bcnf"]))
def test_apply_to_a_model_validates_is_lossless_and_undoes_exactly(case: Any, with_pk: bool, with_referrer: bool,
                                                                   kind: str) -> None:
    rel, o = case
    check_plan(as_model(rel, o, with_pk, with_referrer), o, kind)


CYCLIC = (("order_id", "zip", "city", "sku"),
          [(frozenset(), frozenset({"sku"})), (frozenset({"order_id"}), frozenset({"zip"})),
           (frozenset({"zip"}), frozenset({"city", "order_id"})), (frozenset({"city"}), frozenset({"order_id"}))])


@pytest.mark.parametrize("kind", ["3nf", "bcnf"])
@pytest.mark.parametrize(("with_pk", "with_referrer"), [(False, False), (True, False), (True, True)])
def test_constant_and_cyclic_keys_give_a_valid_model(kind: str, with_pk: bool, with_referrer: bool) -> None:
    """Regression (found by hypothesis): ``{} -> sku`` and three keys determining each other.
    The links between the new components reference their parent's key, never the old entity's
    (absent) primary key."""
    from core.normalize.fds import FD
    from core.normalize.relation import Relation

    attrs, deps = CYCLIC
    rel = Relation("R", attrs, tuple(FD(lh, rh) for lh, rh in deps))
    o = Oracle(attrs, deps)
    assert not o.is_3nf()
    model = as_model(rel, o, with_pk, with_referrer)
    plan = plan_decomposition(model, "r", kind)  # type: ignore[arg-type]
    assert not plan.unchanged
    assert validate_model(plan.after) == []
    check_plan(model, o, kind)


def test_an_entity_already_in_3nf_is_its_own_synthesis() -> None:
    """Three keys in a cycle (order_id -> zip -> city -> order_id): BCNF already, so the 3NF
    synthesis keeps the table instead of one table per left-hand side linked in a cycle."""
    from core.normalize.fds import FD
    from core.normalize.relation import Relation

    attrs, deps = CYCLIC[0][:3], CYCLIC[1][1:]
    rel = Relation("R", attrs, tuple(FD(lh, rh) for lh, rh in deps))
    o = Oracle(attrs, deps)
    assert o.is_bcnf()
    for kind in ("3nf", "bcnf"):
        plan = plan_decomposition(as_model(rel, o, False, False), "r", kind)  # type: ignore[arg-type]
        assert plan.unchanged and set(plan.components[0].attributes) == set(attrs)


def satisfying_rows(attrs: tuple[str, ...], fds: list[tuple[frozenset[str], frozenset[str]]], seed: int,
                    n: int = 25) -> list[tuple[int, ...]]:
    """Random rows repaired until every FD holds (values of rows agreeing on a left-hand side
    are merged, column-wide, as the chase does), deduplicated: an instance of the schema."""
    rng = random.Random(seed)
    rows = [{a: rng.randint(0, 3) for a in attrs} for _ in range(n)]
    changed = True
    while changed:  # each change merges two values of a column everywhere: it terminates
        changed = False
        for lhs, rhs in fds:
            groups: dict[tuple[int, ...], list[dict[str, int]]] = {}
            for row in rows:
                groups.setdefault(tuple(row[a] for a in sorted(lhs)), []).append(row)
            for members in groups.values():
                for a in rhs:
                    values = {row[a] for row in members}
                    if len(values) > 1:
                        target = min(values)
                        for row in rows:
                            if row[a] in values:
                                row[a] = target
                        changed = True
    return sorted({tuple(r[a] for a in attrs) for r in rows})


@pytest.mark.postgres
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(case=cases(max_attrs=6), kind=st.sampled_from(["3nf", "bcnf"]), seed=st.integers(0, 10_000))
def test_migration_of_random_data_gives_back_the_rows(pg_conn: Any, case: Any, kind: str, seed: int) -> None:
    from core.ddl import generate_ddl
    from core.ddl.identifiers import quote_ident

    rel, o = case
    model = as_model(rel, o, with_pk=True, with_referrer=False)
    plan = plan_decomposition(model, "r", kind)  # type: ignore[arg-type]
    rows = satisfying_rows(rel.attributes, list(o.fds), seed)
    pg_conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    pg_conn.execute(generate_ddl(model, "postgres").sql)
    cols = ", ".join(quote_ident(a) for a in rel.attributes)
    with pg_conn.cursor() as cur:
        cur.executemany(f"INSERT INTO r ({cols}) VALUES ({', '.join(['%s'] * len(rel.attributes))})", rows)
    pg_conn.execute(migration_sql(plan))
    tables = " NATURAL JOIN ".join(quote_ident(c.name) for c in plan.components)
    back = pg_conn.execute(f"SELECT {cols} FROM {tables}").fetchall()
    assert Counter(back) == Counter(rows)
