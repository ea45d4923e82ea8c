"""Renames reach every reference, and nothing else changes (one expected change per reference kind)."""

from __future__ import annotations

from typing import Any

import pytest

from core.commands import Batch, Command, RenameAttribute, RenameEntity, SetEntitySchema, UpdateEntity
from core.model import Attribute, DataModel, Entity, EntityKey, ForeignKey, PrimaryKey, UniqueConstraint
from core.validate import validate_model
from tests.core.commands.shop import CUSTOMERS, ORDERS, TENANTS, changed_leaves, shop

C, ORD, P = 1, 2, 3  # positions of customers, sales.orders, sales.orders_2024 in the shop model

# Expected leaf changes: path -> new value, one line per kind of reference.
RENAME_EMAIL: dict[tuple[Any, ...], Any] = {
    ("entities", C, "attributes", 2, "name"): "mail",  # the attribute itself
    ("entities", C, "attributes", 2, "check"): "mail LIKE '%@%'",  # its column check
    ("entities", C, "attributes", 3, "generated"): "lower(mail)",  # a generated column
    ("entities", C, "checks", 0, "expression"): "length(customers.mail) > 3",  # qualified, in a check
    ("entities", C, "uniques", 0, "columns", 1): "mail",  # unique constraint
    ("entities", C, "indexes", 0, "columns", 0, "expression"): "lower(mail)",  # index expression key
    ("entities", C, "indexes", 1, "columns", 1, "column"): "mail",  # index column key
    ("entities", C, "rls", "policies", 0, "with_check"): "mail IS NOT NULL",  # policy
    ("entities", C, "triggers", 0, "when"): "OLD.mail IS DISTINCT FROM NEW.mail",  # trigger WHEN
    ("entities", C, "fds", 0, "lhs", 0): "mail",  # functional dependency
    ("entities", C, "mvds", 0, "rhs", 0): "mail",  # multivalued dependency
    ("entities", ORD, "foreign_keys", 1, "ref_columns", 1): "mail",  # FK elsewhere referencing it
    ("views", 0, "sql"): "SELECT c.id, c.mail AS email FROM customers AS c WHERE c.active",  # view keeps its column
    ("lint", "suppress", 0, "attribute"): "mail",  # lint suppression
}

RENAME_TENANT_ID: dict[tuple[Any, ...], Any] = {
    ("entities", C, "attributes", 1, "name"): "org_id",
    ("entities", C, "uniques", 0, "columns", 0): "org_id",
    ("entities", C, "foreign_keys", 0, "columns", 0): "org_id",  # its own FK
    ("entities", C, "indexes", 0, "include", 0): "org_id",  # index include
    ("entities", C, "indexes", 1, "columns", 0, "column"): "org_id",
    ("entities", C, "rls", "policies", 0, "using"): "org_id = current_setting('app.tenant')::bigint",
    ("entities", C, "distribution", "column"): "org_id",  # distribution column
    ("entities", C, "mvds", 0, "lhs", 0): "org_id",
    ("entities", ORD, "foreign_keys", 1, "ref_columns", 0): "org_id",
}

RENAME_ID: dict[tuple[Any, ...], Any] = {
    ("entities", C, "attributes", 0, "name"): "key",
    ("entities", C, "primary_key", "columns", 0): "key",  # primary key (FKs to it name no columns)
    ("entities", C, "fds", 0, "rhs", 0): "key",
    ("entities", 4, "rls", "policies", 0, "using"):  # a sub-select in another entity's policy
        "EXISTS (SELECT 1 FROM customers c WHERE c.key = customer_id)",
    ("views", 0, "sql"): "SELECT c.key AS id, c.email FROM customers AS c WHERE c.active",
}

RENAME_ORDER_COLUMNS: dict[tuple[Any, ...], Any] = {
    ("entities", ORD, "attributes", 5, "name"): "during",
    ("entities", ORD, "exclusions", 0, "elements", 1, "expression"): "during",  # exclusion element
    ("entities", P, "attributes", 5, "name"): "during",  # the partition's column
    ("entities", ORD, "attributes", 6, "name"): "made_at",
    ("entities", ORD, "primary_key", "columns", 1): "made_at",  # primary key
    ("entities", ORD, "partition_by"): "RANGE (made_at)",  # partition key
    ("entities", P, "attributes", 6, "name"): "made_at",
    ("entities", ORD, "attributes", 4, "name"): "amount",
    ("entities", ORD, "attributes", 4, "check"): "amount >= 0",
    ("entities", ORD, "exclusions", 0, "where"): "amount > 0",  # exclusion WHERE
    ("entities", P, "attributes", 4, "name"): "amount",
    ("views", 1, "sql"): "SELECT id, amount AS total FROM sales.orders WHERE amount > 100",  # view, unqualified
}

RENAME_CUSTOMERS: dict[tuple[Any, ...], Any] = {
    ("entities", C, "name"): "clients",
    ("entities", C, "checks", 0, "expression"): "length(clients.email) > 3",  # qualifier in an expression
    ("entities", C, "foreign_keys", 1, "references"): "clients",  # self-reference
    ("entities", ORD, "foreign_keys", 0, "references"): "clients",  # FK from another schema
    ("entities", ORD, "foreign_keys", 1, "references"): "clients",
    ("entities", ORD, "distribution", "colocate_with"): "clients",  # co-location
    ("entities", 4, "rls", "policies", 0, "using"):  # sub-select in a policy
        "EXISTS (SELECT 1 FROM clients c WHERE c.id = customer_id)",
    ("views", 0, "sql"): "SELECT c.id, c.email FROM clients AS c WHERE c.active",  # view
    ("functions", 1, "body"): "SELECT count(*) FROM clients",  # LANGUAGE sql function
    ("lint", "suppress", 0, "entity"): "clients",
    ("patterns", 0, "entities", 0): "clients",
}

MOVE_CUSTOMERS: dict[tuple[Any, ...], Any] = {
    ("entities", C, "schema_name"): "crm",
    ("entities", C, "foreign_keys", 0, "ref_schema"): "public",  # its own reference stays in public
    ("entities", ORD, "foreign_keys", 0, "ref_schema"): "crm",
    ("entities", ORD, "foreign_keys", 1, "ref_schema"): "crm",
    ("entities", ORD, "distribution", "colocate_with"): "crm.customers",
    ("entities", 4, "rls", "policies", 0, "using"): "EXISTS (SELECT 1 FROM crm.customers c WHERE c.id = customer_id)",
    ("views", 0, "sql"): "SELECT c.id, c.email FROM crm.customers AS c WHERE c.active",
    ("functions", 1, "body"): "SELECT count(*) FROM crm.customers",
    ("lint", "suppress", 0, "entity"): "crm.customers",
    ("patterns", 0, "entities", 0): "crm.customers",
}

MOVE_ORDERS: dict[tuple[Any, ...], Any] = {
    ("entities", ORD, "schema_name"): None,
    ("entities", P, "partition_of"): "orders",  # partition of
    ("views", 1, "sql"): "SELECT id, total FROM public.orders WHERE total > 100",
}

RENAME_TENANTS: dict[tuple[Any, ...], Any] = {
    ("entities", 0, "name"): "orgs",
    ("entities", C, "foreign_keys", 0, "references"): "orgs",
    ("entities", C, "distribution", "colocate_with"): "orgs",
    ("settings", "tenant_entity"): "orgs",  # the multi-tenant setting
}

CASES: dict[str, tuple[Command, dict[tuple[Any, ...], Any]]] = {
    "attribute email": (RenameAttribute(CUSTOMERS, "email", "mail"), RENAME_EMAIL),
    "attribute tenant_id": (RenameAttribute(CUSTOMERS, "tenant_id", "org_id"), RENAME_TENANT_ID),
    "attribute id": (RenameAttribute(CUSTOMERS, "id", "key"), RENAME_ID),
    "order columns": (Batch((RenameAttribute(ORDERS, "period", "during"), RenameAttribute(ORDERS, "created_at", "made_at"),
                             RenameAttribute(ORDERS, "total", "amount"))), RENAME_ORDER_COLUMNS),
    "entity customers": (RenameEntity(CUSTOMERS, "clients"), RENAME_CUSTOMERS),
    "schema of customers": (SetEntitySchema(CUSTOMERS, "crm"), MOVE_CUSTOMERS),
    "schema of orders": (SetEntitySchema(ORDERS, None), MOVE_ORDERS),
    "entity tenants": (UpdateEntity(TENANTS, (("name", "orgs"),)), RENAME_TENANTS),
}
REFERENCES = [(case, path) for case, (_, expected) in CASES.items() for path in expected]


@pytest.fixture(scope="module")
def applied() -> dict[str, tuple[DataModel, DataModel]]:
    before = shop()
    return {case: (before, command.apply(before)[0]) for case, (command, _) in CASES.items()}


@pytest.mark.parametrize(("case", "path"), REFERENCES, ids=[f"{c}:{'.'.join(map(str, p))}" for c, p in REFERENCES])
def test_reference_follows(applied: dict[str, tuple[DataModel, DataModel]], case: str, path: tuple[Any, ...]) -> None:
    before, after = applied[case]
    changes = changed_leaves(before, after)
    assert path in changes, f"{path} did not change"
    assert changes[path][1] == CASES[case][1][path]


@pytest.mark.parametrize("case", list(CASES))
def test_nothing_else_changes(applied: dict[str, tuple[DataModel, DataModel]], case: str) -> None:
    before, after = applied[case]
    assert set(changed_leaves(before, after)) == set(CASES[case][1])
    assert validate_model(after) == []


def test_untouched_entities_are_shared() -> None:
    before = shop()
    after, _ = RenameAttribute(CUSTOMERS, "email", "mail").apply(before)
    same = [a is b for a, b in zip(before.entities, after.entities, strict=True)]
    assert same == [True, False, False, True, True]  # tenants, orders_2024 and notes are not copied


def test_new_name_that_needs_quotes_is_quoted_in_expressions() -> None:
    after, _ = RenameAttribute(CUSTOMERS, "email", "E-Mail").apply(shop())
    customers = after.entities[C]
    assert customers.attributes[3].generated == 'lower("E-Mail")'
    assert customers.triggers[0].when == 'OLD."E-Mail" IS DISTINCT FROM NEW."E-Mail"'
    assert customers.checks[0].expression == 'length(customers."E-Mail") > 3'


def test_unparseable_expression_is_left_alone_but_the_rest_follows() -> None:
    model = shop()
    broken = model.entities[C].model_copy(update={"checks": (model.entities[C].checks[0].model_copy(
        update={"expression": "email ~~~ ((("}),)})
    model = model.model_copy(update={"entities": (model.entities[0], broken, *model.entities[2:])})
    after, _ = RenameAttribute(CUSTOMERS, "email", "mail").apply(model)
    assert after.entities[C].checks[0].expression == "email ~~~ ((("
    assert after.entities[C].uniques[0].columns == ("tenant_id", "mail")


def test_self_reference_with_explicit_columns_renames_both_sides() -> None:
    node = Entity(name="node", attributes=(Attribute(name="code", type="text"), Attribute(name="parent", type="text")),
                  primary_key=PrimaryKey(columns=("code",)), uniques=(UniqueConstraint(columns=("code",)),),
                  foreign_keys=(ForeignKey(columns=("parent",), references="node", ref_columns=("code",)),))
    after, _ = RenameAttribute(EntityKey(None, "node"), "code", "key").apply(DataModel(entities=(node,)))
    fk = after.entities[0].foreign_keys[0]
    assert (fk.columns, fk.ref_columns) == (("parent",), ("key",))


def test_rename_follows_in_undo_and_change() -> None:
    from core.document import Document

    doc = Document(shop())
    change = doc.execute(RenameEntity(CUSTOMERS, "clients"))
    assert change.renamed == ((CUSTOMERS, EntityKey(None, "clients")),)
    assert {CUSTOMERS, EntityKey(None, "clients"), ORDERS, EntityKey(None, "notes")} == change.touched
    undone = doc.undo()
    assert undone is not None and undone.renamed == ((EntityKey(None, "clients"), CUSTOMERS),)


def test_a_trigger_function_only_this_entity_runs_follows_the_rename() -> None:
    before = shop()
    after, _ = RenameAttribute(CUSTOMERS, "updated_at", "Changed At").apply(before)
    assert after.functions[0].name == "touch"
    assert after.functions[0].body == 'BEGIN NEW."Changed At" := now(); RETURN NEW; END;'
    assert after.functions[1] == before.functions[1]  # not a trigger function of customers


def test_a_trigger_function_shared_with_another_table_is_left_alone() -> None:
    from core.model import Trigger

    model = shop()
    notes = model.entities[4].model_copy(update={
        "attributes": (*model.entities[4].attributes, Attribute(name="updated_at", type="timestamptz")),
        "triggers": (Trigger(name="notes_touch", function="touch", timing="before", events=("update",)),)})
    model = model.model_copy(update={"entities": (*model.entities[:4], notes)})
    assert validate_model(model) == []
    after, _ = RenameAttribute(CUSTOMERS, "updated_at", "changed_at").apply(model)
    assert after.functions == model.functions  # notes still has updated_at: the body must keep it
