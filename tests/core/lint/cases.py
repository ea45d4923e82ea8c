"""For every rule: a model that triggers it and a close model that does not.

Each case is written as model-file YAML so that it reads like what a user has in a file. The
``good`` model differs from ``bad`` only in what the rule is about; ``fix`` says whether the
findings of ``bad`` come with a fix (then applying it must clear them, keep the model valid, and
give DDL that runs on PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.model import DataModel
from core.storage import loads

#: A plain, clean parent table that cases reference.
CUSTOMERS = """
  - name: customers
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: email, type: text, nullable: false}
      - {name: created_at, type: timestamptz, nullable: false, default: now()}
      - {name: updated_at, type: timestamptz, nullable: false, default: now()}
    primary_key: {columns: [id]}
"""

TS = """      - {name: created_at, type: timestamptz, nullable: false, default: now()}
      - {name: updated_at, type: timestamptz, nullable: false, default: now()}
"""


def model(entities: str, head: str = "") -> DataModel:
    """A model from the YAML of its entities (and optional top-level keys before them)."""
    return loads(f"format_version: 1\nname: case\n{head}entities:\n{entities}", validate=False)


def orders(attrs: str, rest: str = "", name: str = "orders") -> str:
    """An entity ``orders`` with ``id`` + the given attributes + timestamps, and more keys."""
    return (f"  - name: {name}\n    attributes:\n      - {{name: id, type: bigint, nullable: false, identity: always}}\n"
            f"{attrs}{TS}    primary_key: {{columns: [id]}}\n{rest}")


@dataclass(frozen=True)
class Case:
    rule: str
    bad: str
    good: str
    fix: bool = True
    head: str = ""
    good_head: str | None = None

    def bad_model(self) -> DataModel:
        return model(self.bad, self.head)

    def good_model(self) -> DataModel:
        return model(self.good, self.head if self.good_head is None else self.good_head)


FK = "    foreign_keys:\n      - {columns: [customer_id], references: customers}\n"
FK_IX = FK + "    indexes:\n      - {columns: [customer_id]}\n"
CUST_ATTR = "      - {name: customer_id, type: bigint, nullable: false}\n"
MT = "settings: {multi_tenant: true}\n"
TENANTS = """
  - name: tenants
    attributes:
      - {name: id, type: bigint, nullable: false, identity: always}
      - {name: name, type: text, nullable: false}
""" + TS + "    primary_key: {columns: [id]}\n"
RLS = """    rls:
      forced: true
      policies:
        - {name: iso, using: "tenant_id = current_setting('app.tenant_id')::bigint"}
"""


_PUB = "publications:\n  - name: feed\n    tables:\n      - {{table: orders, columns: {cols}}}\n"
_VIEW = "views:\n  - {name: project_list, sql: 'SELECT tenant_id, id FROM projects'}\n"


def tenant_table(name: str, extra: str = "", rest: str = "", rls: str = RLS) -> str:
    return (f"  - name: {name}\n    attributes:\n      - {{name: tenant_id, type: bigint, nullable: false}}\n"
            f"      - {{name: id, type: bigint, nullable: false, identity: always}}\n{extra}{TS}"
            f"    primary_key: {{columns: [tenant_id, id]}}\n"
            f"    foreign_keys:\n      - {{columns: [tenant_id], references: tenants}}\n{rest}{rls}")


def _citus(columns: str, ref_columns: str) -> str:
    """Distributed tenants, projects and tasks; tasks reference projects by ``columns``."""
    dist = "    distribution: {kind: distributed, column: tenant_id, colocate_with: tenants}\n"
    return (TENANTS.replace("    primary_key", "    distribution: {kind: distributed, column: id}\n    primary_key")
            + tenant_table("projects", rest="    uniques:\n      - {columns: [id]}\n" + dist)
            + tenant_table("tasks", "      - {name: project_id, type: bigint, nullable: false}\n",
                           f"      - {{columns: {columns}, references: projects, ref_columns: {ref_columns}}}\n"
                           + "    indexes:\n      - {columns: [tenant_id, project_id]}\n" + dist))


def _citus_keys(pk: str, uniques: str) -> str:
    """Distributed tenants and events; events' primary key and unique constraint as given."""
    dist = "    distribution: {kind: distributed, column: tenant_id, colocate_with: tenants}\n"
    events = tenant_table("events", "      - {name: code, type: text, nullable: false}\n",
                          f"    uniques: {uniques}\n" + dist).replace("primary_key: {columns: [tenant_id, id]}",
                                                                     f"primary_key: {{columns: {pk}}}")
    return TENANTS.replace("    primary_key", "    distribution: {kind: distributed, column: id}\n    primary_key") + events


CASES: list[Case] = [
    # -- integrity ------------------------------------------------------------------------
    Case("pk-missing",
         "  - name: notes\n    attributes:\n      - {name: body, type: text, nullable: false}\n" + TS,
         "  - name: notes\n    attributes:\n      - {name: body, type: text, nullable: false}\n" + TS
         + "    primary_key: {columns: [body]}\n"),
    Case("fk-dangling", CUSTOMERS + orders(CUST_ATTR, FK_IX.replace("references: customers", "references: customer")),
         CUSTOMERS + orders(CUST_ATTR, FK_IX)),
    Case("fk-type-mismatch", CUSTOMERS + orders(CUST_ATTR.replace("bigint", "integer"), FK_IX),
         CUSTOMERS + orders(CUST_ATTR, FK_IX)),
    Case("fk-unindexed", CUSTOMERS + orders(CUST_ATTR, FK),
         CUSTOMERS + orders(CUST_ATTR + "      - {name: placed_on, type: date, nullable: false}\n",
                            FK + "    indexes:\n      - {columns: [customer_id, placed_on]}\n")),
    Case("fk-cycle",
         CUSTOMERS.replace("    primary_key", "      - {name: last_order_id, type: bigint, nullable: false}\n"
                           "    primary_key") + "    foreign_keys:\n      - {columns: [last_order_id], references: orders}\n"
         "    indexes:\n      - {columns: [last_order_id]}\n" + orders(CUST_ATTR, FK_IX),
         CUSTOMERS.replace("    primary_key", "      - {name: last_order_id, type: bigint, nullable: false}\n"
                           "    primary_key") + "    foreign_keys:\n      - {columns: [last_order_id], references: orders, "
         "deferrable: true, initially_deferred: true}\n    indexes:\n      - {columns: [last_order_id]}\n"
         + orders(CUST_ATTR, FK_IX)),
    Case("relation-suggested", CUSTOMERS + orders(CUST_ATTR, "    indexes:\n      - {columns: [customer_id]}\n"),
         CUSTOMERS + orders(CUST_ATTR.replace("customer_id", "customer_ref"),
                            "    indexes:\n      - {columns: [customer_ref]}\n")),
    Case("index-redundant",
         CUSTOMERS + orders(CUST_ATTR + "      - {name: placed_on, type: date, nullable: false}\n",
                            FK + "    indexes:\n      - {columns: [customer_id, placed_on]}\n"
                            "      - {columns: [customer_id]}\n"),
         CUSTOMERS + orders(CUST_ATTR + "      - {name: placed_on, type: date, nullable: false}\n",
                            FK + "    indexes:\n      - {columns: [customer_id, placed_on]}\n"
                            "      - {columns: [customer_id], where: placed_on > '2020-01-01'}\n")),
    Case("unique-nullable",
         CUSTOMERS + orders(CUST_ATTR + "      - {name: ref, type: text}\n",
                            FK_IX + "    uniques:\n      - {columns: [customer_id, ref]}\n"),
         CUSTOMERS + orders(CUST_ATTR + "      - {name: ref, type: text, nullable: false}\n",
                            FK_IX + "    uniques:\n      - {columns: [customer_id, ref]}\n")),
    # -- anti-patterns --------------------------------------------------------------------
    Case("polymorphic-fk",
         orders("      - {name: commentable_type, type: text, nullable: false}\n"
                "      - {name: commentable_id, type: bigint, nullable: false}\n", name="comments"),
         orders("      - {name: commentable_type, type: text, nullable: false}\n"
                "      - {name: commentable_ref, type: bigint, nullable: false}\n", name="comments"), fix=False),
    Case("eav-table",
         orders("      - {name: product_id, type: bigint, nullable: false}\n"
                "      - {name: attribute, type: text, nullable: false}\n"
                "      - {name: value, type: text, nullable: false}\n", name="product_attributes"),
         orders("      - {name: product_id, type: bigint, nullable: false}\n"
                "      - {name: colour, type: text, nullable: false}\n"
                "      - {name: weight, type: text, nullable: false}\n", name="product_attributes"), fix=False),
    Case("god-table",
         orders("".join(f"      - {{name: c{i:02d}x, type: text}}\n" for i in range(30))),
         orders("".join(f"      - {{name: c{i:02d}x, type: text, nullable: false}}\n" for i in range(30))), fix=False),
    Case("smart-key",
         "  - name: products\n    attributes:\n      - {name: product_code, type: text, nullable: false}\n" + TS
         + "    primary_key: {columns: [product_code]}\n",
         "  - name: countries\n    attributes:\n      - {name: country_code, type: char(2), nullable: false}\n" + TS
         + "    primary_key: {columns: [country_code]}\n"),
    Case("repeating-group",
         CUSTOMERS.replace("    primary_key", "      - {name: phone1, type: text}\n      - {name: phone2, type: text}\n"
                           "      - {name: phone3, type: text}\n    primary_key"),
         CUSTOMERS.replace("    primary_key", "      - {name: phone, type: text}\n      - {name: mobile, type: text}\n"
                           "      - {name: ipv6, type: text}\n    primary_key")),
    Case("csv-column", orders("      - {name: tag_list, type: text, nullable: false}\n"),
         orders("      - {name: tag_line, type: text, nullable: false}\n")),
    Case("calculated-without-source", orders("      - {name: order_total, type: 'numeric(12,2)', nullable: false}\n"),
         orders("      - {name: order_total, type: 'numeric(12,2)', nullable: false, "
                "note: 'sum of order_lines.amount, kept by trigger'}\n"), fix=False),
    # -- table template -------------------------------------------------------------------
    Case("nullable-without-reason", orders("      - {name: shipped_at, type: timestamptz}\n"),
         orders("      - {name: shipped_at, type: timestamptz, note: NULL until the order ships}\n"), fix=False),
    Case("missing-timestamps",
         "  - name: carts\n    attributes:\n      - {name: id, type: bigint, nullable: false, identity: always}\n"
         "    primary_key: {columns: [id]}\n",
         "  - name: carts\n    tags: [append-only]\n    attributes:\n"
         "      - {name: id, type: bigint, nullable: false, identity: always}\n    primary_key: {columns: [id]}\n"),
    Case("status-without-check", orders("      - {name: status, type: text, nullable: false}\n"),
         orders("      - {name: status, type: text, nullable: false, check: \"status IN ('new', 'paid')\"}\n"),
         fix=False),
    Case("pk-type",
         "  - name: carts\n    attributes:\n      - {name: id, type: integer, nullable: false, identity: always}\n"
         + TS + "    primary_key: {columns: [id]}\n",
         "  - name: carts\n    attributes:\n      - {name: id, type: uuid, nullable: false, default: gen_random_uuid()}\n"
         + TS + "    primary_key: {columns: [id]}\n"),
    Case("prefer-identity",
         "  - name: carts\n    attributes:\n      - {name: id, type: bigserial, nullable: false}\n"
         + TS + "    primary_key: {columns: [id]}\n",
         "  - name: carts\n    attributes:\n      - {name: id, type: bigint, nullable: false, identity: by default}\n"
         + TS + "    primary_key: {columns: [id]}\n"),
    Case("prefer-timestamptz", orders("      - {name: paid_at, type: 'timestamp(3)', nullable: false}\n"),
         orders("      - {name: paid_at, type: 'timestamptz(3)', nullable: false}\n")),
    Case("prefer-text", orders("      - {name: title, type: varchar(200), nullable: false}\n"),
         orders("      - {name: title, type: varchar(200), nullable: false, note: the printed label holds 200}\n")),
    Case("money-as-float", orders("      - {name: unit_price, type: double precision, nullable: false}\n"),
         orders("      - {name: weight_kg, type: double precision, nullable: false}\n")),
    Case("prefer-jsonb", orders("      - {name: payload, type: json, nullable: false, check: \"json_typeof(payload) = 'object'\"}\n"),
         orders("      - {name: payload, type: jsonb, nullable: false, check: \"jsonb_typeof(payload) = 'object'\"}\n")),
    Case("jsonb-without-check", orders("      - {name: tags, type: jsonb, nullable: false, default: \"'[]'::jsonb\"}\n"),
         orders("      - {name: tags, type: jsonb, nullable: false, default: \"'[]'::jsonb\", "
                "check: \"jsonb_typeof(tags) = 'array'\"}\n")),
    Case("soft-delete-unique",
         orders("      - {name: email, type: text, nullable: false}\n      - {name: deleted_at, type: timestamptz, "
                "note: set when deleted}\n", "    uniques:\n      - {columns: [email]}\n", name="accounts"),
         orders("      - {name: email, type: text, nullable: false}\n      - {name: deleted_at, type: timestamptz, "
                "note: set when deleted}\n", "    indexes:\n      - {columns: [email], unique: true, "
                "where: deleted_at IS NULL}\n", name="accounts")),
    # -- tenancy --------------------------------------------------------------------------
    Case("tenant-missing", TENANTS + orders("      - {name: title, type: text, nullable: false}\n", name="projects"),
         TENANTS + orders("      - {name: title, type: text, nullable: false}\n", name="projects")
         .replace("  - name: projects\n", "  - name: projects\n    tags: [global]\n"), head=MT),
    Case("tenant-index-order",
         TENANTS + tenant_table("projects", "      - {name: title, type: text, nullable: false}\n",
                                "    uniques:\n      - {columns: [title]}\n"),
         TENANTS + tenant_table("projects", "      - {name: title, type: text, nullable: false}\n",
                                "    uniques:\n      - {columns: [tenant_id, title]}\n"), head=MT),
    Case("rls-missing", TENANTS + tenant_table("projects", rls=""), TENANTS + tenant_table("projects"), head=MT),
    Case("publication-replica-identity", orders(CUST_ATTR) + _PUB.format(cols="[customer_id]"),
         orders(CUST_ATTR) + _PUB.format(cols="[id, customer_id]")),
    Case("view-bypasses-rls", TENANTS + tenant_table("projects") + _VIEW,
         TENANTS + tenant_table("projects") + _VIEW.replace("}", ", security_invoker: true}"), head=MT),
    Case("citus-colocation", _citus("[project_id]", "[id]"), _citus("[tenant_id, project_id]", "[tenant_id, id]"),
         fix=False),
    Case("citus-key", _citus_keys("[id]", "[[code]]"), _citus_keys("[tenant_id, id]", "[[tenant_id, code]]")),
    Case("vector-without-index",
         orders("      - {name: embedding, type: vector(3), nullable: false}\n", name="chunks"),
         orders("      - {name: embedding, type: vector(3), nullable: false}\n",
                "    indexes:\n      - {columns: [{column: embedding, opclass: vector_l2_ops}], method: hnsw}\n",
                name="chunks"), head="extensions: [vector]\n"),
    # -- naming ---------------------------------------------------------------------------
    Case("identifier-too-long",
         CUSTOMERS + orders("      - {name: customer_id_of_the_person_who_placed_this_particular_order, type: bigint, "
                            "nullable: false}\n", "    foreign_keys:\n      - {columns: "
                            "[customer_id_of_the_person_who_placed_this_particular_order], references: customers}\n"
                            "    indexes:\n      - {columns: [customer_id_of_the_person_who_placed_this_particular_order],"
                            " name: orders_customer_idx}\n", name="orders_placed_through_the_web_shop"),
         CUSTOMERS + orders("      - {name: customer_id_of_the_person_who_placed_this_particular_order, type: bigint, "
                            "nullable: false}\n", "    foreign_keys:\n      - {columns: "
                            "[customer_id_of_the_person_who_placed_this_particular_order], references: customers,"
                            " name: orders_customer_fkey}\n    indexes:\n      - {columns: "
                            "[customer_id_of_the_person_who_placed_this_particular_order], name: orders_customer_idx}\n",
                            name="orders_placed_through_the_web_shop")),
    Case("reserved-name", CUSTOMERS + orders(CUST_ATTR, FK_IX, name="order"),
         CUSTOMERS + orders(CUST_ATTR, FK_IX, name="orders"), fix=False),
    Case("naming-inconsistent",
         CUSTOMERS + orders(CUST_ATTR, FK_IX) + orders("", name="invoices") + orders("", name="OrderLines"),
         CUSTOMERS + orders(CUST_ATTR, FK_IX) + orders("", name="invoices") + orders("", name="order_lines")),
    Case("same-name-different-type",
         CUSTOMERS + orders("      - {name: email, type: varchar(100), nullable: false, note: legacy width}\n")
         + orders("      - {name: email, type: text, nullable: false}\n", name="invoices"),
         CUSTOMERS + orders("      - {name: email, type: text, nullable: false}\n")
         + orders("      - {name: email, type: text, nullable: false}\n", name="invoices")),
]
