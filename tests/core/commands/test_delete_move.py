"""Deletes cascade like DROP ... CASCADE, moves carry what belongs to the attribute, types follow keys."""

from __future__ import annotations

import pytest

from core.commands import (
    Batch,
    DeleteAttribute,
    DeleteEntity,
    MoveAttribute,
    MoveAttributeTo,
    MoveEntity,
    SetPrimaryKey,
    UpdateAttribute,
)
from core.errors import CommandError
from core.model import EntityKey
from core.validate import validate_model
from tests.core.commands.shop import CUSTOMERS, NOTES, ORDERS, TENANTS, changed_leaves, shop

CUS, ORD = "customers", "sales.orders"


def test_delete_self_referencing_column_drops_its_fk_only() -> None:
    before = shop()
    after, _ = DeleteAttribute(CUSTOMERS, "referrer_id").apply(before)
    changes = changed_leaves(before, after, by_name=True)
    assert {p[2] for p in changes} == {"attributes", "foreign_keys"}
    assert after.entity(CUSTOMERS).attribute_names == ("id", "tenant_id", "email", "email_lower", "active", "updated_at")
    assert [fk.references for fk in after.entity(CUSTOMERS).foreign_keys] == ["tenants"]


def test_delete_column_used_by_index_where_and_fd_rhs() -> None:
    before = shop()
    after, _ = DeleteAttribute(CUSTOMERS, "active").apply(before)
    customers = after.entity(CUSTOMERS)
    assert [ix.name for ix in customers.indexes] == [None]  # the partial index "WHERE active" is gone
    assert [(fd.lhs, fd.rhs) for fd in customers.fds] == [(("email",), ("id",))]  # active left the rhs
    assert validate_model(after) == []


def test_delete_column_cascades_everywhere() -> None:
    before = shop()
    after, _ = Batch((DeleteAttribute(CUSTOMERS, "email_lower"), DeleteAttribute(CUSTOMERS, "email"))).apply(before)
    customers = after.entity(CUSTOMERS)
    assert customers.attribute_names == ("id", "tenant_id", "referrer_id", "active", "updated_at")
    assert customers.uniques == () and customers.checks == () and customers.indexes == ()
    assert customers.fds == () and customers.mvds == () and customers.triggers == ()
    assert customers.rls is not None and customers.rls.policies == ()  # the policy checked email
    assert customers.primary_key == before.entity(CUSTOMERS).primary_key
    orders = after.entity(ORDERS)
    assert [fk.name for fk in orders.foreign_keys] == [None]  # the FK to (tenant_id, email) is gone
    assert validate_model(after) == []
    untouched = {k[1] for k in changed_leaves(before, after, by_name=True)}
    assert untouched == {CUS, ORD}


def test_delete_primary_key_column_drops_fks_that_reference_the_key() -> None:
    before = shop()
    after, _ = Batch((DeleteAttribute(TENANTS, "id"),)).apply(before)
    assert after.entity(TENANTS).primary_key is None
    assert [fk.references for fk in after.entity(CUSTOMERS).foreign_keys] == ["customers"]
    assert validate_model(after) == []


def test_delete_entity_drops_references_and_partitions() -> None:
    before = shop()
    after, _ = DeleteEntity(ORDERS).apply(before)
    assert [e.name for e in after.entities] == ["tenants", "customers", "notes"]  # orders_2024 went too
    after, _ = DeleteEntity(CUSTOMERS).apply(before)
    orders = after.entity(ORDERS)
    assert orders.foreign_keys == ()
    assert orders.distribution is not None and orders.distribution.colocate_with is None
    assert validate_model(after) == []
    assert after.entity(NOTES) is before.entity(NOTES)  # its policy's SQL is left as written


def test_move_attribute_carries_its_single_column_fk() -> None:
    before = shop()
    after, _ = MoveAttributeTo(CUSTOMERS, "referrer_id", NOTES, 1).apply(before)
    notes = after.entity(NOTES)
    assert notes.attribute_names == ("id", "referrer_id", "customer_id", "body")
    assert [(fk.columns, fk.references) for fk in notes.foreign_keys] == [(("referrer_id",), "customers")]
    assert after.entity(CUSTOMERS).attribute("referrer_id") is None
    assert validate_model(after) == []


def test_move_attribute_across_schemas_keeps_fk_target() -> None:
    before = shop()
    after, _ = MoveAttributeTo(CUSTOMERS, "referrer_id", ORDERS).apply(before)
    fk = after.entity(ORDERS).foreign_keys[-1]
    assert (fk.references, fk.ref_schema) == ("customers", "public")
    assert validate_model(after) == []


def test_move_within_entity_and_entity_order() -> None:
    before = shop()
    after, _ = MoveAttribute(CUSTOMERS, "updated_at", 0).apply(before)
    assert after.entity(CUSTOMERS).attribute_names[0] == "updated_at"
    after, _ = MoveEntity(NOTES, 0).apply(before)
    assert after.entities[0].name == "notes"


def test_type_change_follows_foreign_keys() -> None:
    before = shop()
    after, _ = UpdateAttribute(TENANTS, "id", (("type", "uuid"),)).apply(before)
    assert after.entity(CUSTOMERS).attribute("tenant_id").type == "uuid"  # FK to the key
    assert after.entity(ORDERS).attribute("tenant_id").type == "uuid"  # FK to customers(tenant_id, email)
    assert after.entity(ORDERS).attribute("customer_id").type == "bigint"
    assert validate_model(after) == []


def test_primary_key_change_that_breaks_fks_is_refused_but_a_compatible_one_works() -> None:
    before = shop()
    after, _ = SetPrimaryKey(CUSTOMERS, ("tenant_id",)).apply(before)  # same length and type family
    assert after.entity(CUSTOMERS).primary_key.columns == ("tenant_id",)
    with pytest.raises(CommandError, match=r"1 column\(s\) reference 2 column\(s\)"):
        SetPrimaryKey(CUSTOMERS, ("id", "tenant_id")).apply(before)


def test_entity_key_in_default_schema_may_be_spelled_out() -> None:
    after, _ = DeleteEntity(EntityKey("public", "notes")).apply(shop())
    assert after.entity(NOTES) is None
