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
    Publication,
    RowLevelSecurity,
    Trigger,
    UniqueConstraint,
    View,
)
from core.validate import validate_model


def A(name: str, type_: str, **kw: object) -> Attribute:
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
        views=(View(name="open_invoices", sql="SELECT i.* FROM recent_invoices i WHERE i.last_payment_id IS NULL",
                    security_invoker=True, security_barrier=True),
               View(name="recent_invoices", sql="SELECT * FROM invoices\nWHERE issued_on > now() - interval '30 days' -- recent",
                    note="Last 30 days"),
               View(name="tenant_totals", materialized=True, schema="billing",
                    sql="SELECT tenant_id, sum(balance) AS total FROM billing.accounts GROUP BY tenant_id;")),
        functions=(Function(name="touch_updated_at", body=TOUCH, note="Sets updated_at"),
                   Function(name="account_count", schema="billing", returns="bigint", language="sql",
                            arguments="p_tenant bigint",
                            body="SELECT count(*) FROM billing.accounts WHERE tenant_id = p_tenant")),
        publications=(Publication.model_validate({
            "name": "Billing feed", "publish": ["insert", "update", "delete"], "note": "For the ledger's subscriber",
            "tables": ["tenants", {"table": "accounts", "schema": "billing", "columns": ["tenant_id", "id", "balance"],
                                   "where": "balance >= 0"}]}),
                      Publication(name="billing_all", schemas=("billing",), via_partition_root=True)),
    )


def test_rich_model_is_valid() -> None:
    assert validate_model(rich_model()) == []


# ----------------------------------------------------------------------------------------------
# Random valid models with hostile names, for executing on real engines (hypothesis)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Names that need quoting (or that naive code would break on): reserved words, upper case,
#: spaces, quotes, semicolons, comment markers, unicode, line breaks, exactly 63 bytes.
HOSTILE_NAMES = [
    "select", "order", "user", "table", "group", "Mixed Case", "UPPER", "semi;colon", 'quote"d',
    "single'q", "dash--dash", "star*/slash", "ünïcödé", "日本語", "1leading", "new\nline", "tab\there",
    "$dollar", "back\\slash", "a.b", "x" * 63, "é" * 31 + "x", "drop table x; --", "end", "check",
]
TEXTS = ["plain", "it's", "semi; colon", "-- not a comment", "/* nor this */", "two\nlines", "back\\slash",
         "$$dollar$$", "ünï 日本", 'dq"']
SIMPLE_TYPES = ["bigint", "integer", "text", "varchar(40)", "numeric(12,2)", "boolean", "date", "timestamptz",
                "uuid", "jsonb"]


def q(name: str) -> str:
    """The test's own quoting: always quoted, embedded quotes doubled (valid in every engine here)."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """The test's own SQL string literal (standard SQL: quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def fit(name: str, suffix: str) -> str:
    """``name + suffix`` cut (in the name) to PostgreSQL's 63 bytes."""
    while len((name + suffix).encode("utf-8")) > 63:
        name = name[:-1]
    return name + suffix


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n.lower() not in seen and not n.lower().startswith("sqlite_"):
            seen.add(n.lower())
            out.append(n)
    return out


_plain = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
_name = st.one_of(st.sampled_from(HOSTILE_NAMES), _plain)


@st.composite
def sql_models(draw: st.DrawFn, *, max_entities: int = 4) -> DataModel:
    """A valid model whose DDL should run everywhere: SQL-valid types and expressions, names
    drawn from :data:`HOSTILE_NAMES`, foreign keys (cycles and self-references included)."""
    n = draw(st.integers(1, max_entities))
    table_names = _unique(draw(st.lists(_name, min_size=n, max_size=n)))
    enum_values = _unique(draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=4)))
    enum = EnumType(name=draw(_name), values=tuple(enum_values), note=draw(st.sampled_from(TEXTS)))
    if enum.name.lower() in {t.lower() for t in table_names}:
        enum = enum.model_copy(update={"name": fit(enum.name, "_t")})
    entities = []
    for ti, t in enumerate(table_names):
        cols = _unique(["id", *draw(st.lists(_name, min_size=1, max_size=5))])
        attrs = [A("id", "bigint", nullable=False,
                   identity=draw(st.sampled_from([None, "always", "by default"])))]
        for c in cols[1:]:
            type_ = draw(st.sampled_from([*SIMPLE_TYPES, enum.name]))
            kw: dict[str, object] = {"nullable": draw(st.booleans()), "note": draw(st.none() | st.sampled_from(TEXTS))}
            if type_ in ("bigint", "integer", "numeric(12,2)") and draw(st.booleans()):
                kw["default"] = "0"
                kw["check"] = f"{q(c)} >= 0"
            elif type_ in ("text", "varchar(40)") and draw(st.booleans()):
                kw["default"] = lit(draw(st.sampled_from(TEXTS)))
                kw["check"] = f"length({q(c)}) < 100"
            elif type_ == enum.name and draw(st.booleans()):
                kw["default"] = lit(enum.values[0])
            attrs.append(A(c, type_, **kw))
        indexes = []
        for i in draw(st.lists(st.integers(1, len(attrs) - 1), max_size=2, unique=True)) if len(attrs) > 1 else []:
            col = attrs[i]
            if col.type == "jsonb":
                continue
            indexes.append(Index(name=draw(st.none() | _name),
                                 columns=(IndexKey(column=col.name, order=draw(st.sampled_from([None, "desc"]))),),
                                 unique=draw(st.booleans())))
        entities.append(Entity(name=t, note=draw(st.none() | st.sampled_from(TEXTS)), attributes=tuple(attrs),
                               primary_key=PrimaryKey(columns=("id",),
                                                      name=draw(st.none() | _name.map(lambda s, ti=ti: fit(s, f"_{ti}pk")))),
                               indexes=tuple(_dedupe_index_names(indexes, ti))))
    # foreign keys: each entity may reference any entity (itself and later ones: cycles)
    final = []
    for e in entities:
        fks, attrs = [], list(e.attributes)
        for j, target in enumerate(draw(st.lists(st.sampled_from(entities), max_size=2))):
            col = f"ref{j}_{target.name[:20]}"
            if e.attribute(col) is not None or col.lower() in {a.name.lower() for a in attrs}:
                continue
            attrs.append(A(col, "bigint"))
            fks.append(ForeignKey(columns=(col,), references=target.name,
                                  on_delete=draw(st.sampled_from([None, "cascade", "set null", "restrict"])),
                                  deferrable=draw(st.booleans())))
        final.append(e.model_copy(update={"attributes": tuple(attrs), "foreign_keys": tuple(fks)}))
    return DataModel(name=draw(st.sampled_from(TEXTS)), enums=(enum,), entities=tuple(final))


def _dedupe_index_names(indexes: list[Index], table: int) -> list[Index]:
    out, seen = [], set()
    for k, ix in enumerate(indexes):
        if ix.name is not None:
            name = fit(ix.name, f"_{table}_{k}ix")
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            ix = ix.model_copy(update={"name": name})
        out.append(ix)
    return out


@settings(max_examples=30, deadline=None)
@given(sql_models())
def test_sql_models_are_valid(model: DataModel) -> None:
    assert validate_model(model) == []
