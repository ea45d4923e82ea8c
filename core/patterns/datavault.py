"""``data-vault``: hubs, links and satellites (Data Vault 2.0) generated from chosen entities.

For each chosen entity: a hub ``hub_<name>`` of its business key (the first unique constraint
when the primary key is a surrogate identity, the primary key otherwise) under a hash key, and a
satellite ``sat_<name>`` of its descriptive columns, one row per change (``hash_diff``), keyed by
``(hash key, load_date)``. For each foreign key between chosen entities: a link
``link_<a>_<b>`` of the two hub hash keys. Every table carries ``load_date`` and
``record_source``. The source tables are left as they are.

Hash keys are ``sha256`` of the business key text (``bytea``, 32 bytes) or ``md5`` hex
(``char(32)``), computed by the loader: see :func:`hash_expression`.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import (
    Attribute,
    CheckConstraint,
    DataModel,
    Entity,
    ForeignKey,
    PrimaryKey,
    UniqueConstraint,
)
from core.patterns.base import Param, Pattern
from core.patterns.common import index, pk_columns, q, ref_type, singular
from core.patterns.plan import Plan

__all__ = ["DataVault", "business_key", "hash_expression"]


def business_key(entity: Entity, pattern: str = "data-vault") -> tuple[str, ...]:
    """The business key: the first unique constraint when every primary-key column is an identity
    (a surrogate), else the primary key."""
    pk = pk_columns(entity, pattern)
    surrogate = all((a := entity.attribute(c)) is not None and a.identity is not None for c in pk)
    if surrogate and entity.uniques:
        return tuple(entity.uniques[0].columns)
    return pk


def hash_expression(columns: tuple[str, ...], hash_type: str = "bytea") -> str:
    """The SQL computing a hash key (or hash diff) of ``columns``: trimmed text, ``||``-separated.

    >>> hash_expression(("isbn13",))
    "sha256(convert_to(coalesce(trim(isbn13::text), ''), 'UTF8'))"
    """
    text = " || '||' || ".join(f"coalesce(trim({q(c)}::text), '')" for c in columns)
    if hash_type == "bytea":
        return f"sha256(convert_to({text}, 'UTF8'))"
    return f"md5({text})"


class DataVault(Pattern):
    """Data Vault 2.0 (see the module docstring)."""

    name = "data-vault"
    title = "Data Vault (hubs, links, satellites)"
    description = ("Model an integration layer of a data warehouse: business keys in hubs, "
                   "relationships in links, descriptive history in satellites, all insert-only with "
                   "load dates and record sources. Use it to integrate many changing sources auditably.")
    tradeoffs = ("Many more tables and joins than the source model (add information marts on top for "
                 "queries); loads compute hash keys and hash diffs; everything is history, so storage "
                 "grows with every change.")
    targets = (1, None)
    targets_help = "the source entities to vault"
    parameters = (
        Param("hash_type", "choice", "bytea", "hash key type: sha256 bytea or md5 char(32)", ("bytea", "char(32)")),
        Param("hub_prefix", "str", "hub_", "prefix of hub names"),
        Param("sat_prefix", "str", "sat_", "prefix of satellite names"),
        Param("link_prefix", "str", "link_", "prefix of link names"),
    )

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        return tuple(t.name for t in targets)

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        htype = params["hash_type"]
        check_len = (lambda c: f"octet_length({q(c)}) = 32") if htype == "bytea" else None
        hubs: dict[str, tuple[str, str]] = {}
        done = {e.name for e in plan.model.entities if "data-vault" in e.tags}  # vaulted before
        for t in targets:
            stem = singular(t.name)
            hk = f"{stem}_hk"
            hub = f"{params['hub_prefix']}{stem}"
            bk = business_key(t, self.name)
            bk_attrs = []
            for c in bk:
                a = t.attribute(c)
                assert a is not None
                bk_attrs.append(Attribute(name=c, type=ref_type(a), nullable=False))
            plan.add_entity(Entity(
                name=hub, schema_name=t.schema_name, tags=("data-vault", "hub", "insert-only"),
                note=f"Hub of {t.name}: one row per business key ({', '.join(bk)}).",
                attributes=(Attribute(name=hk, type=htype, nullable=False, note=f"Hash of ({', '.join(bk)})."),
                            *bk_attrs, *_load_columns()),
                primary_key=PrimaryKey(columns=(hk,)),
                uniques=(UniqueConstraint(columns=bk),),
                checks=(CheckConstraint(expression=check_len(hk)),) if check_len else (),
            ), f"add hub {hub} (business key {', '.join(bk)})")
            hubs[plan.model.canonical_key(t.key).name] = (hub, hk)
            skip = set(bk) | set(pk_columns(t, self.name)) | {c for fk in t.foreign_keys
                                                               if _chosen(plan.model, t, fk, targets) for c in fk.columns}
            descriptive = [Attribute(name=a.name, type=ref_type(a),
                                     note=a.note or f"As in {t.name} (NULL when a load lacks it).")
                           for a in t.attributes if a.name not in skip]
            if not descriptive:
                continue
            sat = f"{params['sat_prefix']}{stem}"
            plan.add_entity(Entity(
                name=sat, schema_name=t.schema_name, tags=("data-vault", "satellite", "insert-only"),
                note=f"Satellite of {hub}: the descriptive columns of {t.name}, one row per change.",
                attributes=(Attribute(name=hk, type=htype, nullable=False), *_load_columns()[:1],
                            Attribute(name="hash_diff", type=htype, nullable=False,
                                      note="Hash of the descriptive columns: a new row only when it changes."),
                            *descriptive, *_load_columns()[1:]),
                primary_key=PrimaryKey(columns=(hk, "load_date")),
                foreign_keys=(ForeignKey(columns=(hk,), references=hub, ref_schema=t.schema_name),),
            ), f"add satellite {sat} ({', '.join(a.name for a in descriptive)})")
        for t in targets:
            for fk in t.foreign_keys:
                if not _chosen(plan.model, t, fk, targets):
                    continue
                ref = plan.model.fk_target(t, fk)
                assert ref is not None
                (hub_a, hk_a), (hub_b, hk_b) = hubs[t.name], hubs[ref.name]
                if hk_a == hk_b:
                    hk_b = f"{'_'.join(fk.columns).removesuffix('_id')}_hk"
                name = f"{params['link_prefix']}{singular(t.name)}_{singular(ref.name)}"
                if plan.has_entity(name):  # a second foreign key to the same table
                    name = f"{name}_{'_'.join(fk.columns)}"
                link_hk = f"{name.removeprefix(params['link_prefix'])}_hk"
                plan.add_entity(Entity(
                    name=name, schema_name=t.schema_name, tags=("data-vault", "link", "insert-only"),
                    note=f"Link of {t.name} ({', '.join(fk.columns)}) to {ref.name}.",
                    attributes=(Attribute(name=link_hk, type=htype, nullable=False),
                                Attribute(name=hk_a, type=htype, nullable=False),
                                Attribute(name=hk_b, type=htype, nullable=False), *_load_columns()),
                    primary_key=PrimaryKey(columns=(link_hk,)),
                    uniques=(UniqueConstraint(columns=(hk_a, hk_b)),),
                    foreign_keys=(ForeignKey(columns=(hk_a,), references=hub_a, ref_schema=t.schema_name),
                                  ForeignKey(columns=(hk_b,), references=hub_b, ref_schema=ref.schema_name)),
                    indexes=(index((hk_b,)),),  # the unique key leads with hk_a: this one serves hub_b's side
                ), f"add link {name} ({hub_a} - {hub_b})")
        if not hubs:
            raise CommandError(f"pattern {self.name}: no entity to vault")
        from core.lint.naming import is_plural

        votes = [p for e in plan.original.entities if "data-vault" not in e.tags
                 and (p := is_plural(e.name)) is not None]
        plural = votes.count(True) > votes.count(False)
        for e in plan.model.entities:  # the vault's names do not change the model's convention
            if "data-vault" in e.tags and e.name not in done and is_plural(e.name) not in (None, plural):
                plan.suppress("naming-inconsistent", plan.model.canonical_key(e.key).display(), "Data Vault names hubs, links and satellites after "
                              "one business concept (hub_customer)")
        plan.notes.append(f"Hash keys: {hash_expression(('<business key>',), htype)}")


    def finish(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        before = {plan.original.canonical_key(e.key) for e in plan.original.entities}
        satellites = [plan.model.canonical_key(e.key).display() for e in plan.model.entities
                      if "satellite" in e.tags and plan.model.canonical_key(e.key) not in before]
        plan.suppress_found(satellites, {
            "relation-suggested": "a satellite keeps the source's references to tables outside the vault "
                                  "as descriptive values (vault those tables to get links)"})


def _load_columns() -> tuple[Attribute, Attribute]:
    return (Attribute(name="load_date", type="timestamptz", nullable=False, default="now()"),
            Attribute(name="record_source", type="text", nullable=False))


def _chosen(model: DataModel, owner: Entity, fk: ForeignKey, targets: tuple[Entity, ...]) -> bool:
    ref = model.fk_target(owner, fk)
    return ref is not None and any(model.canonical_key(ref.key) == model.canonical_key(t.key) for t in targets)
