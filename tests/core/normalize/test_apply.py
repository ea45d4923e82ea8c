"""Applying a decomposition to the model: names, moved definitions, keys, links, undo."""

from __future__ import annotations

from typing import Any

import pytest

from core.commands import Restore
from core.document import Document
from core.errors import CommandError
from core.model import DataModel, Entity
from core.normalize.apply import apply_decomposition
from core.normalize.fds import NormalizeError
from core.normalize.model_bridge import analyze_entity, entity_relation, plural, stem
from core.normalize.plan import plan_decomposition
from core.storage import dumps, load, loads
from core.validate import validate_model
from tests.conftest import SAMPLES


def legacy() -> DataModel:
    return load(SAMPLES / "legacy_denormalized.yaml").model


def fks(e: Entity) -> set[tuple[tuple[str, ...], str, tuple[str, ...]]]:
    return {(tuple(fk.columns), fk.references, tuple(fk.ref_columns)) for fk in e.foreign_keys}


def test_the_relation_of_an_entity_tags_every_fd_with_its_source() -> None:
    model = loads("""
name: m
entities:
  - name: people
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: email, type: text, nullable: false}
      - {name: phone, type: text}
      - {name: zip, type: text}
      - {name: city, type: text}
    primary_key: {columns: [id]}
    uniques: [{columns: [email]}, {columns: [phone]}]
    fds:
      - {lhs: [zip], rhs: [city]}
      - {lhs: [city], rhs: [zip], source: discovered}
""")
    rel = entity_relation(model.entities[0])
    got = {(tuple(sorted(fd.lhs)), fd.source) for fd in rel.fds}
    # phone is nullable: its unique constraint is not a key (two NULLs may share it)
    assert got == {(("id",), "primary key"), (("email",), "unique"), (("zip",), "declared"),
                   (("city",), "discovered")}
    assert {fd.source for fd in entity_relation(model.entities[0], discovered=False).fds} == {
        "primary key", "unique", "declared"}


def test_analyze_entity_finds_the_legacy_violations_and_1nf_hints() -> None:
    model = legacy()
    a = analyze_entity(model, "legacy_orders")
    assert a.candidate_keys == (("order_id", "product_code"),)
    assert a.normal_form == "1NF"
    kinds = {(v.kind, tuple(sorted(v.fd.lhs)) if v.fd else ()) for v in a.violations}
    assert ("partial", ("order_id",)) in kinds and ("transitive", ("zip",)) in kinds
    assert analyze_entity(model, "legacy_tutoring").normal_form == "3NF"
    assert analyze_entity(model, "legacy_employee_profile").normal_form == "BCNF"
    with pytest.raises(NormalizeError, match='did you mean "legacy_orders"'):
        analyze_entity(model, "legacy_order")


def test_names_come_from_determinants() -> None:
    assert [plural(stem(a)) for a in ("zip", "customer_id", "product_code", "category", "box")] == [
        "zips", "customers", "products", "categories", "boxes"]


@pytest.mark.parametrize("kind", ["3nf", "bcnf"])
def test_legacy_orders_decomposed(kind: str) -> None:
    model = legacy()
    original = model.find_entity("legacy_orders")
    assert original is not None
    doc = Document(model)
    doc.execute(apply_decomposition(model, "legacy_orders", kind))  # type: ignore[arg-type]
    after = doc.model
    assert validate_model(after) == []
    names = [e.name for e in after.entities]
    assert names[:5] == ["legacy_orders", "orders", "products", "customers", "zips"]
    by = {e.name: e for e in after.entities}
    expected = {"legacy_orders": ["order_id", "product_code", "quantity"],
                "orders": ["order_id", "order_date", "customer_id"],
                "products": ["product_code", "product_name", "unit_price"],
                "customers": ["customer_id", "customer_name", "customer_email", "zip"],
                "zips": ["zip", "city"]}
    for name, cols in expected.items():
        e = by[name]
        assert list(e.attribute_names) == cols
        for a in e.attributes:  # full definitions move: type, nullability, notes
            assert a == original.attribute(a.name)
    assert {n: tuple(by[n].primary_key.columns) for n in expected} == {  # type: ignore[union-attr]
        "legacy_orders": ("order_id", "product_code"), "orders": ("order_id",),
        "products": ("product_code",), "customers": ("customer_id",), "zips": ("zip",)}
    assert fks(by["legacy_orders"]) == {(("order_id",), "orders", ()), (("product_code",), "products", ())}
    assert fks(by["orders"]) == {(("customer_id",), "customers", ())}
    assert fks(by["customers"]) == {(("zip",), "zips", ())}
    assert by["legacy_orders"].fds == ()  # every FD it had is now enforced by a key
    doc.undo()
    assert doc.model == model and dumps(doc.model) == dumps(model)


def test_projected_fds_that_keys_do_not_enforce_stay_on_the_component() -> None:
    model = loads("""
name: m
entities:
  - name: lessons
    attributes:
      - {name: lesson_id, type: int, nullable: false}
      - {name: student, type: text, nullable: false}
      - {name: subject, type: text, nullable: false}
      - {name: tutor, type: text, nullable: false}
      - {name: room, type: text, nullable: false}
    primary_key: {columns: [lesson_id]}
    fds:
      - {lhs: [lesson_id], rhs: [student, subject]}
      - {lhs: [student, subject], rhs: [tutor]}
      - {lhs: [tutor], rhs: [subject]}
""")
    plan = plan_decomposition(model, "lessons", "3nf")
    by = {c.name: c.entity for c in plan.components}
    tutor = next(e for e in by.values() if set(e.attribute_names) == {"student", "subject", "tutor"})
    assert [(fd.lhs, fd.rhs) for fd in tutor.fds] == [(("tutor",), ("subject",))]
    assert validate_model(plan.after) == []


def test_editable_names_and_their_errors() -> None:
    model = legacy()
    plan = plan_decomposition(model, "legacy_orders", "3nf", {"zips": "postal_codes"})
    by = {e.name: e for e in plan.after.entities}
    assert "postal_codes" in by and "zips" not in by
    assert fks(by["customers"]) == {(("zip",), "postal_codes", ())}
    with pytest.raises(NormalizeError, match=r'no component "zip".*did you mean "zips"'):
        plan_decomposition(model, "legacy_orders", "3nf", {"zip": "x"})
    with pytest.raises(NormalizeError, match="already taken"):
        plan_decomposition(model, "legacy_orders", "3nf", {"zips": "legacy_tutoring"})
    with pytest.raises(NormalizeError, match="keeps the entity's name"):
        plan_decomposition(model, "legacy_orders", "3nf", {"legacy_orders": "lines"})
    with pytest.raises(NormalizeError, match="bytes long"):
        plan_decomposition(model, "legacy_orders", "3nf", {"zips": "z" * 70})


def test_a_taken_name_falls_back_to_the_entity_prefix() -> None:
    model = legacy()
    zips = Entity.model_validate({"name": "zips", "attributes": [{"name": "z", "type": "int"}]})
    model = model.model_copy(update={"entities": (*model.entities, zips)})
    plan = plan_decomposition(model, "legacy_orders", "3nf")
    assert "legacy_orders_zip" in [c.name for c in plan.components]


def with_referrer(fk: dict[str, Any], extra_unique: list[str] | None = None) -> DataModel:
    model = legacy()
    tut = model.find_entity("legacy_tutoring")
    assert tut is not None
    if extra_unique:
        tut = tut.model_copy(update={"uniques": (*tut.uniques, *Entity.model_validate(
            {"name": "x", "attributes": [{"name": "a", "type": "int"}],
             "uniques": [{"columns": extra_unique}]}).uniques)})
    ref = Entity.model_validate({"name": "sessions", "attributes": [
        {"name": "id", "type": "int", "nullable": False}, {"name": "student", "type": "varchar(40)"},
        {"name": "subject", "type": "varchar(40)"}, {"name": "tutor", "type": "varchar(40)"}],
        "primary_key": {"columns": ["id"]}, "foreign_keys": [fk]})
    entities = (*tuple(tut if e.name == "legacy_tutoring" else e for e in model.entities), ref)
    out = model.model_copy(update={"entities": entities})
    assert validate_model(out) == []
    return out


def test_a_foreign_key_to_a_key_the_decomposition_loses_refuses_the_plan() -> None:
    model = with_referrer({"columns": ["student", "subject"], "references": "legacy_tutoring"})
    with pytest.raises(NormalizeError, match=r"sessions\(student, subject\) references legacy_tutoring"):
        plan_decomposition(model, "legacy_tutoring", "bcnf")
    with pytest.raises(CommandError, match="already in 3NF"):
        apply_decomposition(model, "legacy_tutoring", "3nf")


def test_a_foreign_key_to_a_kept_key_follows_it() -> None:
    model = with_referrer({"columns": ["student", "tutor"], "references": "legacy_tutoring",
                           "ref_columns": ["student", "tutor"]}, extra_unique=["student", "tutor"])
    cmd = apply_decomposition(model, "legacy_tutoring", "bcnf")
    after, undo = cmd.apply(model)
    assert validate_model(after) == []
    main = after.find_entity("legacy_tutoring")
    assert main is not None and main.primary_key is not None
    assert set(main.primary_key.columns) == {"student", "tutor"}
    sessions = after.find_entity("sessions")
    assert sessions is not None and fks(sessions) == {(("student", "tutor"), "legacy_tutoring",
                                                        ("student", "tutor"))}
    assert isinstance(undo, Restore) and undo.apply(after)[0] == model
    plan = cmd.plan(model)
    assert any("does not preserve student, subject -> tutor" in w for w in plan.warnings)


def test_items_follow_their_columns() -> None:
    model = loads("""
name: m
entities:
  - name: lines
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: sku, type: text, nullable: false}
      - {name: price, type: numeric, nullable: false, note: list price}
      - {name: qty, type: int, nullable: false}
    primary_key: {columns: [id]}
    checks: [{expression: price >= 0, name: price_ok}, {expression: qty > 0}]
    indexes: [{columns: [sku], name: lines_sku_ix}, {columns: [price], name: by_price}]
    fds: [{lhs: [sku], rhs: [price]}]
""")
    plan = plan_decomposition(model, "lines", "3nf")
    by = {c.name: c.entity for c in plan.components}
    assert set(by) == {"lines", "skus"}
    assert [c.name for c in by["skus"].checks] == ["price_ok"]
    assert [c.expression for c in by["lines"].checks] == ["qty > 0"]
    assert [ix.name for ix in by["skus"].indexes] == ["by_price"]
    assert [ix.name for ix in by["lines"].indexes] == ["lines_sku_ix"]
    assert by["lines"].attribute("id").identity == "always"  # type: ignore[union-attr]
    assert by["skus"].attribute("price").note == "list price"  # type: ignore[union-attr]
    assert validate_model(plan.after) == []


def test_partitioned_and_unchanged_entities_are_refused() -> None:
    model = legacy()
    with pytest.raises(CommandError, match="already in BCNF"):
        apply_decomposition(model, "legacy_employee_profile", "bcnf")
    part = model.entities[0].model_copy(update={"partition_by": "RANGE (order_date)"})
    with pytest.raises(NormalizeError, match="partitioned"):
        plan_decomposition(model.model_copy(update={"entities": (part, *model.entities[1:])}),
                           "legacy_orders")
    with pytest.raises(NormalizeError, match="unknown decomposition"):
        plan_decomposition(model, "legacy_orders", "4nf")  # type: ignore[arg-type]

