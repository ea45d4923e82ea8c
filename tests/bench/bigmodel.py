"""A large, realistic, deterministic model for benchmarks: ``big_model(1000, 15, 1500)``.

Entities are named like a real enterprise schema (``billing_invoices``, ``hr_employees``...),
each with a bigint identity key, ``created_at``/``updated_at``, foreign-key columns of the
referenced key's type with an index on each, filler columns of varied types, and a unique
``code`` on some. Most foreign keys point to earlier entities; a few are self-references or
point forward, so the graph has cycles like real schemas do. The same arguments always give
the same model.

Run as a script to write the model file: ``python tests/bench/bigmodel.py [PATH]``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from core.model import Attribute, DataModel, Entity, ForeignKey, Index, PrimaryKey, UniqueConstraint

AREAS = (
    "sales",
    "billing",
    "hr",
    "inventory",
    "shipping",
    "crm",
    "finance",
    "support",
    "marketing",
    "analytics",
    "catalog",
    "payroll",
    "legal",
    "procurement",
    "fleet",
    "audit",
    "identity",
    "content",
    "events",
    "partners",
)
NOUNS = (
    "accounts",
    "orders",
    "invoices",
    "items",
    "customers",
    "contracts",
    "payments",
    "refunds",
    "employees",
    "teams",
    "projects",
    "tasks",
    "tickets",
    "messages",
    "documents",
    "products",
    "variants",
    "prices",
    "discounts",
    "warehouses",
    "locations",
    "shipments",
    "carriers",
    "routes",
    "vehicles",
    "drivers",
    "budgets",
    "ledgers",
    "entries",
    "journals",
    "campaigns",
    "segments",
    "leads",
    "opportunities",
    "quotes",
    "vendors",
    "purchases",
    "receipts",
    "assets",
    "licenses",
    "users",
    "roles",
    "permissions",
    "sessions",
    "devices",
    "notifications",
    "comments",
    "reviews",
    "ratings",
    "categories",
    "tags",
    "attachments",
    "schedules",
    "shifts",
    "timesheets",
    "claims",
    "policies",
    "approvals",
    "reports",
    "metrics",
)
FILLERS = (
    ("name", "text"),
    ("code", "varchar(32)"),
    ("description", "text"),
    ("status", "text"),
    ("amount", "numeric(12,2)"),
    ("quantity", "integer"),
    ("is_active", "boolean"),
    ("starts_on", "date"),
    ("ends_on", "date"),
    ("email", "text"),
    ("metadata", "jsonb"),
    ("external_ref", "uuid"),
    ("priority", "smallint"),
    ("score", "double precision"),
    ("currency", "char(3)"),
    ("notes", "text"),
    ("version", "bigint"),
    ("approved_at", "timestamptz"),
    ("ip_address", "inet"),
    ("tags", "text[]"),
    ("weight", "numeric(10,3)"),
    ("country", "char(2)"),
)
ACTIONS = ("cascade", "restrict", "set null", None)


def entity_names(n: int) -> list[str]:
    """``n`` distinct realistic table names."""
    names = [f"{a}_{noun}" for noun in NOUNS for a in AREAS]
    out = names[:n]
    round_ = 2
    while len(out) < n:
        out.extend(f"{name}_{round_}" for name in names[: n - len(out)])
        round_ += 1
    return out


def big_model(n_entities: int = 1000, attrs: int = 15, fks: int = 1500, seed: int = 0) -> DataModel:
    """A valid model of ``n_entities`` entities with about ``attrs`` attributes each and ``fks``
    foreign keys (each with an index), always the same for the same arguments."""
    rng = random.Random(seed)
    names = entity_names(n_entities)
    targets: list[list[int]] = [[] for _ in range(n_entities)]
    for _ in range(fks if n_entities > 1 else 0):
        src = rng.randrange(1, n_entities)
        roll = rng.random()
        if roll < 0.03:
            dst = src  # self-reference (a hierarchy)
        elif roll < 0.06:
            dst = rng.randrange(src, n_entities)  # forward: makes cycles
        else:
            dst = rng.randrange(max(0, src - 200), src)  # mostly nearby, earlier tables
        targets[src].append(dst)
    entities = []
    for i, name in enumerate(names):
        attributes = [Attribute(name="id", type="bigint", nullable=False, identity="always")]
        foreign_keys, indexes = [], []
        used = {"id", "created_at", "updated_at"}
        for dst in targets[i]:
            base = names[dst].split("_", 1)[1].removesuffix("s")
            col = f"{base}_id" if dst != i else "parent_id"
            k = 2
            while col in used:
                col, k = f"{base}_id_{k}", k + 1
            used.add(col)
            attributes.append(Attribute(name=col, type="bigint", nullable=dst == i or rng.random() < 0.3))
            foreign_keys.append(
                ForeignKey(
                    columns=(col,),
                    references=names[dst],
                    on_delete=rng.choice(ACTIONS) if dst != i else "restrict",
                )
            )
            indexes.append(Index(columns=(col,)))
        fillers = list(FILLERS)
        rng.shuffle(fillers)
        for col, type_ in fillers[: max(0, attrs - 3 - len(attributes) + 1)]:
            if col not in used:
                used.add(col)
                attributes.append(Attribute(name=col, type=type_, nullable=rng.random() < 0.5))
        attributes.append(Attribute(name="created_at", type="timestamptz", nullable=False, default="now()"))
        attributes.append(Attribute(name="updated_at", type="timestamptz", nullable=False, default="now()"))
        uniques = (UniqueConstraint(columns=("code",)),) if "code" in used and rng.random() < 0.5 else ()
        entities.append(
            Entity(
                name=name,
                note=f"{name.replace('_', ' ').capitalize()}." if rng.random() < 0.3 else None,
                tags=(name.split("_", 1)[0],),
                attributes=tuple(attributes),
                primary_key=PrimaryKey(columns=("id",)),
                uniques=uniques,
                foreign_keys=tuple(foreign_keys),
                indexes=tuple(indexes),
            )
        )
    return DataModel(name=f"big_{n_entities}", entities=tuple(entities))


if __name__ == "__main__":
    from core.storage import save

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "big_model.yaml")
    save(big_model(), target)
    print(f"wrote {target}")
