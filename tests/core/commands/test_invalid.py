"""Invalid commands raise CommandError with a message that names the problem, and change nothing."""

from __future__ import annotations

import pytest

from core.commands import (
    AddAttribute,
    AddEntity,
    AddItem,
    Command,
    DeleteAttribute,
    DeleteEntity,
    MoveAttributeTo,
    RemoveItem,
    RenameAttribute,
    RenameEntity,
    ReplaceItem,
    SetEntitySchema,
    SetModel,
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
from core.model import Attribute, CheckConstraint, Entity, EntityKey, Trigger
from tests.core.commands.shop import CUSTOMERS, NOTES, ORDERS, TENANTS, shop

MISSING = EntityKey(None, "customer")
ID = (Attribute(name="id", type="int"),)

INVALID: list[tuple[Command, str]] = [
    (AddEntity(Entity(name="customers", attributes=ID)), 'entity named "customers" already exists'),
    (AddEntity(Entity(name="customer_emails", attributes=ID)), 'a view named "customer_emails"'),
    (AddEntity(Entity(name="x" * 64, attributes=ID)), "at most 63 bytes"),
    (AddEntity(Entity(name="empty")), "needs at least one attribute"),
    (DeleteEntity(MISSING), 'entity "customer" does not exist (did you mean "customers"?)'),
    (RenameEntity(CUSTOMERS, "tenants"), 'entity named "tenants" already exists'),
    (RenameEntity(CUSTOMERS, ""), "a name cannot be empty"),
    (UpdateEntity(CUSTOMERS, (("colour", "red"),)), '"colour" is not an entity field'),
    (UpdateEntity(CUSTOMERS, (("partition_of", "nowhere"),)), 'partition of "nowhere", which does not exist'),
    (UpdateEntity(CUSTOMERS, (("distribution", {"kind": "sharded"}),)), "distribution.kind"),
    (AddAttribute(CUSTOMERS, Attribute(name="email", type="text")), 'already has an attribute "email"'),
    (AddAttribute(CUSTOMERS, Attribute(name="n", type="text", identity="always")), "needs an integer type"),
    (DeleteAttribute(CUSTOMERS, "mail"), 'no attribute "mail" (did you mean "email"?)'),
    (DeleteAttribute(CUSTOMERS, "email"), 'generated column "customers.email_lower" is computed from'),
    (DeleteAttribute(CUSTOMERS, "tenant_id"), "distribution column"),
    (DeleteAttribute(ORDERS, "created_at"), "partition key"),
    (DeleteAttribute(EntityKey("sales", "orders_2024"), "nope"), 'no attribute "nope"'),
    (RenameAttribute(CUSTOMERS, "email", "active"), 'already has an attribute "active"'),
    (RenameAttribute(CUSTOMERS, "emial", "x"), 'did you mean "email"'),
    (UpdateAttribute(CUSTOMERS, "email", (("nullable", "maybe"),)), "nullable"),
    (UpdateAttribute(CUSTOMERS, "email", (("name", "x"),)), '"name" is not an attribute field'),
    (UpdateAttribute(CUSTOMERS, "email", (("identity", "always"),)), "needs an integer type"),
    (UpdateAttribute(CUSTOMERS, "active", (("identity", "always"), ("type", "int"))), "both identity and default"),
    (UpdateAttribute(ORDERS, "customer_email", (("type", "integer"),)), "types are incompatible"),
    (UpdateAttribute(CUSTOMERS, "email", (("type", " "),)), "needs a type"),
    (SetPrimaryKey(CUSTOMERS, ("id", "nope")), 'names attribute "nope"'),
    (SetPrimaryKey(CUSTOMERS, ("id", "id")), "twice"),
    (SetPrimaryKey(CUSTOMERS, None), "no primary key"),  # FKs reference it
    (MoveAttributeTo(ORDERS, "created_at", NOTES), "part of the primary key"),
    (MoveAttributeTo(CUSTOMERS, "email", NOTES), 'foreign key referencing "customers.email"'),
    (MoveAttributeTo(CUSTOMERS, "email_lower", NOTES), "computed from email"),
    (MoveAttributeTo(CUSTOMERS, "tenant_id", ORDERS), 'already has an attribute "tenant_id"'),
    (MoveAttributeTo(CUSTOMERS, "active", CUSTOMERS), "same entity"),
    (add_foreign_key(NOTES, ["customer_id"], "customer"), 'did you mean "customers"'),
    (add_foreign_key(NOTES, ["customer_id"], "customers", ["id", "tenant_id"]), "references 2 column(s)"),
    (add_foreign_key(NOTES, ["body"], "customers"), "incompatible"),
    (add_foreign_key(NOTES, ["customer_id"], "customers", ["active"]), "not its primary key nor unique"),
    (add_index(NOTES, ["nobody"]), 'names attribute "nobody"'),
    # index names share a namespace per schema: the clash is with an entity the edit never touched
    (add_index(NOTES, ["body"], name="customers_email_idx"), 'already the name of index "customers_email_idx"'),
    (add_index(NOTES, ["body"], name="tenants"), 'already the name of entity "tenants"'),
    (add_unique(NOTES, ["body"], name="customers_tenant_email"), 'already the name of unique constraint'),
    (add_unique(NOTES, []), "needs at least one column"),
    (add_fd(NOTES, ["id"], []), "right-hand side"),
    (add_fd(NOTES, ["id"], ["bdy"]), 'did you mean "body"'),
    (AddItem(NOTES, "checks", Trigger(name="t", function="touch")), "expected a CheckConstraint"),
    (AddItem(NOTES, "constraints", CheckConstraint(expression="true")), '"constraints" is not a collection'),
    (AddItem(NOTES, "triggers", Trigger(name="t", function="tuch")), 'function "tuch" is not in the model'),
    (AddItem(CUSTOMERS, "uniques", shop().entity(CUSTOMERS).uniques[0]), 'unique constraint named'),
    (RemoveItem(CUSTOMERS, "uniques", 0), "not its primary key nor unique"),  # orders' FK needs it
    (RemoveItem(CUSTOMERS, "uniques", 3), "there is no #3"),
    (ReplaceItem(CUSTOMERS, "checks", -1, CheckConstraint(expression="true")), "there is no #-1"),
    (SetModel((("entities", ()),)), "not a model-level field"),
    (SetModel((("functions", ()),)), 'executes function "touch", which is not in the model'),
]


def _ids() -> list[str]:
    return [f"{i}:{cmd.label}"[:60] for i, (cmd, _) in enumerate(INVALID)]


@pytest.mark.parametrize(("command", "message"), INVALID, ids=_ids())
def test_invalid_command_is_refused_and_changes_nothing(command: Command, message: str) -> None:
    doc = Document(shop())
    model, revision = doc.model, doc.revision
    with pytest.raises(CommandError) as error:
        doc.execute(command)
    assert message in str(error.value)
    assert doc.model is model and doc.revision == revision and not doc.can_undo


def test_moving_to_a_schema_where_the_name_is_taken_is_refused() -> None:
    doc = Document(shop())
    doc.execute(SetEntitySchema(NOTES, "sales"))
    with pytest.raises(CommandError, match=r'entity named "sales\.notes" already exists'):
        doc.execute(AddEntity(Entity(name="notes", schema="sales", attributes=ID)))
    with pytest.raises(CommandError, match=r'entity named "sales\.orders" already exists'):
        doc.execute(RenameEntity(EntityKey("sales", "notes"), "orders"))


def test_broken_models_can_still_be_edited() -> None:
    """A pre-existing problem does not block unrelated edits (an imported legacy schema)."""
    from core.commands import PutEntity

    broken = shop()
    customers = broken.entity(CUSTOMERS)
    broken = PutEntity(CUSTOMERS, customers.model_copy(update={"checks": (), "fds": (
        customers.fds[0].model_copy(update={"rhs": ("ghost",)}),)})).transform(broken)
    doc = Document(broken)
    doc.execute(AddAttribute(CUSTOMERS, Attribute(name="nickname", type="text")))
    doc.execute(RenameEntity(TENANTS, "orgs"))
    with pytest.raises(CommandError, match="would become invalid"):  # but no new problem may appear
        doc.execute(SetPrimaryKey(CUSTOMERS, None))


def test_low_level_delete_that_leaves_a_dangling_partition_is_refused() -> None:
    from core.commands import PutEntity

    with pytest.raises(CommandError, match=r'partition of "sales\.orders", which does not exist'):
        PutEntity(ORDERS, None).apply(shop())
