"""Hand-built models for the DDL tests (importable as ``test_generate_models``), and checks that
they are what the other tests assume: valid models that use every feature."""

from __future__ import annotations

from core.model import (
    Attribute,
    CheckConstraint,
    DataModel,
    Distribution,
    Entity,
    EnumType,
    ExclusionConstraint,
    ExclusionElement,
    ForeignKey,
    Function,
    Index,
    IndexKey,
    Policy,
    PrimaryKey,
    RowLevelSecurity,
    Trigger,
    UniqueConstraint,
    View,
)
from core.validate import validate_model


def A(name: str, type_: str, **kw: object) -> Attribute:  # noqa: N802 - reads like the YAML
    return Attribute(name=name, type=type_, **kw)  # type: ignore[arg-type]


TOUCH = """BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;"""


def rich_model() -> DataModel:
    """A model using every PostgreSQL feature the generator supports (none needing an extension
    the test server lacks: vector is there, btree_gist and pg_trgm are not)."""
    tenants = Entity(
        name="tenants", note="Customers of the SaaS; one row per company.",
        attributes=(A("id", "bigint", nullable=False, identity="always"),
                    A("name", "text", nullable=False, note="Display name, it's shown everywhere"),
                    A("created_at", "timestamptz", nullable=False, default="now()")),
        primary_key=PrimaryKey(columns=("id",), name="tenants_pkey"),
        uniques=(UniqueConstraint(columns=("name",)),),
        distribution=Distribution(kind="reference"),
    )
    accounts = Entity(
        name="accounts", schema="billing",
        attributes=(A("id", "bigint", nullable=False, identity="by default"),
                    A("tenant_id", "bigint", nullable=False),
                    A("email", "varchar(320)", nullable=False, check="email LIKE '%@%'"),
                    A("status", "account_status", nullable=False, default="'active'"),
                    A("balance", "numeric(12, 2)", nullable=False, default="0"),
                    A("balance_cents", "bigint", generated="(balance * 100)::bigint"),
                    A("manager_id", "bigint"),
                    A("updated_at", "timestamptz"),
                    A("tags", "text[]", default="'{}'"),
                    A("profile", "jsonb")),
        primary_key=PrimaryKey(columns=("tenant_id", "id")),
        uniques=(UniqueConstraint(columns=("tenant_id", "email"), name="accounts_email_key",
                                  nulls_not_distinct=True),),
        checks=(CheckConstraint(expression="balance >= -1000", name="balance_floor"),),
        foreign_keys=(ForeignKey(columns=("tenant_id",), references="tenants", ref_schema="public",
                                 on_delete="cascade", name="accounts_tenant_fk", note="Owning tenant"),
                      ForeignKey(columns=("tenant_id", "manager_id"), references="accounts",
                                 ref_columns=("tenant_id", "id"), on_delete="set null",
                                 deferrable=True, initially_deferred=True)),
        indexes=(Index(name="accounts_profile_gin", columns=("profile",), method="gin"),
                 Index(columns=(IndexKey(expression="lower(email)"),), unique=True, name="accounts_lower_email",
                       where="status <> 'closed'", include=("id",), note="case-insensitive login"),
                 Index(columns=(IndexKey(column="updated_at", order="desc", nulls="last"),)),
                 Index(columns=("tenant_id", "status"), method="btree", with_=(("fillfactor", "90"),))),
        triggers=(Trigger(name="accounts_touch", function="touch_updated_at", timing="before",
                          events=("update",), level="row"),),
        rls=RowLevelSecurity(enabled=True, forced=True, policies=(
            Policy(name="tenant_isolation", using="tenant_id = current_setting('app.tenant_id')::bigint",
                   with_check="tenant_id = current_setting('app.tenant_id')::bigint", roles=("public",)),
            Policy(name="no deletes", command="delete", permissive=False, using="false"))),
        distribution=Distribution(kind="distributed", column="tenant_id", colocate_with="tenants"),
    )
    # a cycle: invoices -> payments -> invoices
    invoices = Entity(
        name="invoices",
        attributes=(A("id", "uuid", nullable=False, default="gen_random_uuid()"),
                    A("last_payment_id", "uuid"), A("issued_on", "date", nullable=False),
                    A("kind", "sales.invoice_kind", nullable=False)),
        primary_key=PrimaryKey(columns=("id",)),
        foreign_keys=(ForeignKey(columns=("last_payment_id",), references="payments"),),
        indexes=(Index(columns=("issued_on",), method="brin", with_=(("pages_per_range", "32"),)),),
    )
    payments = Entity(
        name="payments",
        attributes=(A("id", "uuid", nullable=False, default="gen_random_uuid()"),
                    A("invoice_id", "uuid", nullable=False), A("amount", "numeric(12,2)", nullable=False)),
        primary_key=PrimaryKey(columns=("id",)),
        foreign_keys=(ForeignKey(columns=("invoice_id",), references="invoices", on_delete="restrict",
                                 on_update="cascade"),),
        indexes=(Index(columns=("invoice_id",), method="hash"),),
    )
    bookings = Entity(
        name="bookings",
        attributes=(A("id", "bigint", nullable=False, identity="always"),
                    A("room", "int4range", nullable=False), A("during", "tstzrange", nullable=False)),
        primary_key=PrimaryKey(columns=("id",)),
        exclusions=(ExclusionConstraint(name="no_overlap", method="gist",
                                        elements=(ExclusionElement(expression="room", operator="&&"),
                                                  ExclusionElement(expression="during", operator="&&")),
                                        where="NOT isempty(during)"),),
    )
    events = Entity(
        name="events",
        attributes=(A("id", "bigint", nullable=False), A("at", "timestamptz", nullable=False),
                    A("payload", "jsonb", nullable=False)),
        primary_key=PrimaryKey(columns=("id", "at")),
        partition_by="RANGE (at)",
    )
    events_2025 = Entity(
        name="events_2025", attributes=events.attributes, primary_key=events.primary_key,
        partition_of="events", partition_bound="FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        note="Events of 2025",
    )
    events_rest = Entity(name="events_default", attributes=events.attributes,
                         partition_of="events", partition_bound="DEFAULT")
    docs = Entity(
        name="documents",
        attributes=(A("id", "bigint", nullable=False, identity="always"),
                    A("body", "text", nullable=False), A("embedding", "vector(3)")),
        primary_key=PrimaryKey(columns=("id",)),
        indexes=(Index(name="documents_embedding_hnsw", method="hnsw",
                       columns=(IndexKey(column="embedding", opclass="vector_cosine_ops"),),
                       with_=(("m", "16"), ("ef_construction", "64"))),),
    )
    return DataModel(
        name="rich", note="Every feature at once",
        extensions=("plpgsql",),
        enums=(EnumType(name="account_status", values=("active", "suspended", "closed"), note="Lifecycle"),
               EnumType(name="invoice_kind", schema="sales", values=("standard", "credit note", "it's"))),
        entities=(tenants, accounts, invoices, payments, bookings, events, events_2025, events_rest, docs),
        views=(View(name="open_invoices", sql="SELECT i.* FROM recent_invoices i WHERE i.last_payment_id IS NULL"),
               View(name="recent_invoices", sql="SELECT * FROM invoices\nWHERE issued_on > now() - interval '30 days' -- recent",
                    note="Last 30 days"),
               View(name="tenant_totals", materialized=True, schema="billing",
                    sql="SELECT tenant_id, sum(balance) AS total FROM billing.accounts GROUP BY tenant_id;")),
        functions=(Function(name="touch_updated_at", body=TOUCH, note="Sets updated_at"),
                   Function(name="account_count", schema="billing", returns="bigint", language="sql",
                            arguments="p_tenant bigint",
                            body="SELECT count(*) FROM billing.accounts WHERE tenant_id = p_tenant")),
    )


def test_rich_model_is_valid() -> None:
    assert validate_model(rich_model()) == []
