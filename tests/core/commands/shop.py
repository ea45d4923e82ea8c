"""A small model that holds every kind of reference a rename or delete must follow, and a helper
that lists which leaves of a model changed."""

from __future__ import annotations

from typing import Any

import yaml

from core.model import DataModel, EntityKey
from core.validate import validate_model

SHOP = """
name: shop
settings: {multi_tenant: true, tenant_column: tenant_id, tenant_entity: tenants}
functions:
  - {name: touch, body: "BEGIN NEW.updated_at := now(); RETURN NEW; END;"}
  - {name: customer_count, returns: bigint, language: sql, body: "SELECT count(*) FROM customers"}
views:
  - {name: customer_emails, sql: "SELECT c.id, c.email FROM customers AS c WHERE c.active"}
  - {name: big_orders, sql: "SELECT id, total FROM sales.orders WHERE total > 100"}
lint:
  suppress:
    - {rule: naming, reason: legacy, entity: customers, attribute: email}
patterns:
  - {pattern: soft_delete, entities: [customers]}
entities:
  - name: tenants
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: name, type: text}
    primary_key: {columns: [id]}
    distribution: {kind: reference}
  - name: customers
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: tenant_id, type: bigint, nullable: false}
      - {name: email, type: text, nullable: false, check: "email LIKE '%@%'"}
      - {name: email_lower, type: text, generated: lower(email)}
      - {name: referrer_id, type: bigint}
      - {name: active, type: boolean, default: 'true'}
      - {name: updated_at, type: timestamptz}
    primary_key: {columns: [id]}
    uniques:
      - {columns: [tenant_id, email], name: customers_tenant_email}
    checks:
      - {expression: length(customers.email) > 3, name: email_len}
    foreign_keys:
      - {columns: [tenant_id], references: tenants}
      - {columns: [referrer_id], references: customers}
    indexes:
      - {name: customers_email_idx, columns: [{expression: lower(email)}], where: active, include: [tenant_id]}
      - {columns: [tenant_id, email]}
    rls:
      policies:
        - {name: isolation, using: "tenant_id = current_setting('app.tenant')::bigint", with_check: email IS NOT NULL}
    triggers:
      - {name: customers_touch, function: touch, timing: before, events: [update],
         when: OLD.email IS DISTINCT FROM NEW.email}
    distribution: {kind: distributed, column: tenant_id, colocate_with: tenants}
    fds:
      - {lhs: [email], rhs: [id, active]}
    mvds:
      - {lhs: [tenant_id], rhs: [email]}
  - name: orders
    schema: sales
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: tenant_id, type: bigint, nullable: false}
      - {name: customer_id, type: bigint, nullable: false}
      - {name: customer_email, type: text}
      - {name: total, type: 'numeric(12,2)', check: total >= 0}
      - {name: period, type: tstzrange}
      - {name: created_at, type: timestamptz, nullable: false}
    primary_key: {columns: [id, created_at]}
    foreign_keys:
      - {columns: [customer_id], references: customers, ref_schema: public}
      - {name: orders_customer_email_fk, columns: [tenant_id, customer_email], references: customers,
         ref_schema: public, ref_columns: [tenant_id, email]}
    exclusions:
      - {elements: [{expression: customer_id, operator: '='}, {expression: period, operator: '&&'}],
         where: total > 0}
    partition_by: RANGE (created_at)
    distribution: {kind: distributed, column: tenant_id, colocate_with: customers}
  - name: orders_2024
    schema: sales
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: tenant_id, type: bigint, nullable: false}
      - {name: customer_id, type: bigint, nullable: false}
      - {name: customer_email, type: text}
      - {name: total, type: 'numeric(12,2)'}
      - {name: period, type: tstzrange}
      - {name: created_at, type: timestamptz, nullable: false}
    partition_of: sales.orders
    partition_bound: FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
  - name: notes
    attributes:
      - {name: id, type: bigint, nullable: false}
      - {name: customer_id, type: bigint}
      - {name: body, type: text}
    primary_key: {columns: [id]}
    rls:
      policies:
        - {name: own, using: "EXISTS (SELECT 1 FROM customers c WHERE c.id = customer_id)"}
"""

CUSTOMERS = EntityKey(None, "customers")
ORDERS = EntityKey("sales", "orders")
TENANTS = EntityKey(None, "tenants")
NOTES = EntityKey(None, "notes")


def shop() -> DataModel:
    """The shop model (valid)."""
    model = DataModel.model_validate(yaml.safe_load(SHOP))
    assert validate_model(model) == []
    return model


def flatten(value: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    """Leaves of a dumped model by path (lists by position)."""
    if isinstance(value, dict):
        out: dict[tuple[Any, ...], Any] = {}
        for k, v in value.items():
            out.update(flatten(v, (*path, k)))
        return out
    if isinstance(value, list | tuple):
        out = {(*path, "#len"): len(value)}
        for i, v in enumerate(value):
            out.update(flatten(v, (*path, i)))
        return out
    return {path: value}


def _dump(model: DataModel, by_name: bool) -> dict[str, Any]:
    data = model.model_dump()
    if by_name:
        data["entities"] = {e.key.display(): d for e, d in zip(model.entities, data["entities"], strict=True)}
    return data


def changed_leaves(before: DataModel, after: DataModel, *, by_name: bool = False
                   ) -> dict[tuple[Any, ...], tuple[Any, Any]]:
    """Every leaf whose value differs, as path -> (before, after); entities by position, or by
    ``schema.name`` when ``by_name``."""
    a, b = flatten(_dump(before, by_name)), flatten(_dump(after, by_name))
    return {p: (a.get(p), b.get(p)) for p in sorted(set(a) | set(b), key=repr) if a.get(p) != b.get(p)}


def pos(model: DataModel, name: str) -> int:
    """The position of the entity called ``name``."""
    return next(i for i, e in enumerate(model.entities) if e.name == name)
