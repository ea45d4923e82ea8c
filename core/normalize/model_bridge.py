"""From the data model to the analyzer: an entity as a :class:`Relation`, analyzed.

:func:`entity_relation` builds the relation of an entity: its attributes in order, the FDs its
keys imply (the primary key, and every unique constraint or unique index whose columns cannot
hold NULL: source ``"primary key"`` / ``"unique"``), then its declared and discovered FDs (each
keeping its source) and its MVDs. :func:`analyze_entity` runs :func:`~core.normalize.analysis.analyze`
on it with the 1NF heuristics over the attributes' names, types and notes, and with
:func:`entity_namer`, which names new components after their determinant (``zip`` ->
``zips``, ``customer_id`` -> ``customers``). This is what the normalization pane calls on every
FD edit, so it stays well under 50 ms for an entity of 30 attributes.

>>> from core.model import Attribute, DataModel, Entity, FunctionalDependency, PrimaryKey
>>> e = Entity(name="customers", attributes=tuple(Attribute(name=n, type="text", nullable=False)
...            for n in ("customer_id", "zip", "city")), primary_key=PrimaryKey(columns=("customer_id",)),
...            fds=(FunctionalDependency(lhs=("zip",), rhs=("city",)),))
>>> a = analyze_entity(DataModel(entities=(e,)), "customers")
>>> a.normal_form, [c.name for c in a.synthesis_3nf.components]
('2NF', ['customers', 'zips'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.model import DataModel, Entity, EntityKey
from core.normalize.analysis import Analysis, analyze
from core.normalize.decompose import Namer, NameRequest
from core.normalize.fds import FD, MVD, NormalizeError
from core.normalize.firstnf import Column
from core.normalize.keys import Cancel
from core.normalize.relation import Relation

__all__ = ["EntitySummary", "analyze_entity", "entity_columns", "entity_namer", "entity_relation",
           "find_entity", "has_dependencies", "model_summary", "plural", "stem"]


def find_entity(model: DataModel, key: EntityKey | str) -> Entity:
    """The entity named by ``key`` (``name``, ``schema.name`` or an :class:`EntityKey`), or a
    :class:`NormalizeError` suggesting the closest name."""
    found = model.find_entity(key) if isinstance(key, str) else model.entity(key)
    if found is not None:
        return found
    from core.validate import suggest

    shown = key if isinstance(key, str) else key.display()
    names = [e.key.display() for e in model.entities]
    hint = suggest(shown, names) or (f"; entities are {', '.join(names[:12])}"
                                     + (" ..." if len(names) > 12 else "") if names else "; the model has none")
    raise NormalizeError(f'no entity "{shown}" in model {model.name}{hint}')


def _unique_keys(entity: Entity) -> list[tuple[str, ...]]:
    """Column lists of unique constraints and plain unique indexes that hold no NULL."""
    pk = set(entity.primary_key.columns) if entity.primary_key else set()

    def not_null(cols: Iterable[str]) -> bool:
        for c in cols:
            a = entity.attribute(c)
            if a is None or (a.nullable and c not in pk):
                return False
        return True

    out: list[tuple[str, ...]] = []
    for u in entity.uniques:
        if u.columns and (u.nulls_not_distinct or not_null(u.columns)):
            out.append(tuple(u.columns))
    for ix in entity.indexes:
        cols = ix.column_names
        if ix.unique and ix.where is None and cols and len(cols) == len(ix.columns) and not_null(cols):
            out.append(tuple(cols))
    return out


def entity_relation(entity: Entity, *, discovered: bool = True) -> Relation:
    """The relation of ``entity``: attributes, key-implied FDs, declared (and, unless
    ``discovered`` is False, discovered) FDs tagged with their source, and MVDs.

    Raises :class:`NormalizeError` naming the entity and the dependency when one names an
    attribute the entity does not have.
    """
    fds = [FD(frozenset(fd.lhs), frozenset(fd.rhs), fd.source) for fd in entity.fds
           if discovered or fd.source != "discovered"]
    mvds = [MVD(frozenset(m.lhs), frozenset(m.rhs)) for m in entity.mvds]
    try:
        return Relation.build(entity.name, entity.attribute_names, fds, mvds,
                              primary_key=tuple(entity.primary_key.columns) if entity.primary_key else None,
                              unique_keys=_unique_keys(entity))
    except NormalizeError as exc:
        raise NormalizeError(f"entity {entity.key.display()}: {exc}; fix its fds/mvds") from None


def entity_columns(entity: Entity) -> list[Column]:
    """The attributes as the 1NF heuristics see them: ``(name, type, note)``."""
    return [Column(a.name, a.type, a.note) for a in entity.attributes]


_SUFFIX = re.compile(r"(?<=[a-z0-9])(_id|_code|_key|_no|_num|_number|_nr|Id|Code)$")


def stem(attribute: str) -> str:
    """The thing an identifying attribute names: ``customer_id`` -> ``customer``.

    >>> stem("customer_id"), stem("product_code"), stem("zip"), stem("id")
    ('customer', 'product', 'zip', 'id')
    """
    return _SUFFIX.sub("", attribute) or attribute


def plural(word: str) -> str:
    """A plain English plural for a table name.

    >>> plural("zip"), plural("city"), plural("address"), plural("day"), plural("orders")
    ('zips', 'cities', 'addresses', 'days', 'orders')
    """
    lower = word.lower()
    if lower.endswith(("ss", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("s"):
        return word
    if lower.endswith("y") and len(word) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def entity_namer(model: DataModel, entity: Entity) -> Namer:
    """Entity-style names: the main component keeps ``entity``'s name; another is named by its
    determinant (``zip`` -> ``zips``, ``(order_id, product_code)`` -> ``order_products``), or
    ``<entity>_<determinant>`` when that name is taken by another entity of the schema."""
    schema = model.canonical_key(entity.key).schema
    taken = {e.name for e in model.entities if model.canonical_key(e.key).schema == schema}

    def name(req: NameRequest) -> str:
        if req.main:
            return entity.name
        if not req.determinant:
            return f"{entity.name}_constants"
        stems = [stem(a) for a in req.determinant]
        candidate = "_".join([*stems[:-1], plural(stems[-1])])
        if candidate in taken:
            candidate = f"{entity.name}_{'_'.join(stems)}"
        return candidate

    return name


def has_dependencies(entity: Entity) -> bool:
    """Whether the entity declares (or has discovered) FDs or MVDs."""
    return bool(entity.fds or entity.mvds)


def analyze_entity(model: DataModel, key: EntityKey | str, *, discovered: bool = True,
                   exhaustive: bool = False, key_limit: int | None = None,
                   cancel: Cancel | None = None) -> Analysis:
    """Analyze one entity: keys, normal form, violations (1NF heuristics included) and both
    decompositions (computed on first access), named with :func:`entity_namer`.

    By default the violations listed are those among the minimal cover's FDs (what a designer
    declared, reduced): fast enough to run on every edit. ``exhaustive=True`` lists every
    minimal violating FD of the closure, as ``tablewright fd`` and ``normalize --entity`` do.
    The normal form is exact either way.

    Parameters
    ----------
    model, key:
        The model and the entity (``name``, ``schema.name`` or an :class:`EntityKey`).
    discovered:
        Whether discovered FDs count (declared ones always do).
    exhaustive:
        List every violation of the closure (bounded by a budget) instead of the cover's.
    key_limit, cancel:
        Passed to :func:`~core.normalize.analysis.analyze` (bounded key enumeration, cancellation).

    Raises
    ------
    NormalizeError
        Unknown entity (with a suggestion), or a dependency naming an unknown attribute.
    """
    entity = find_entity(model, key)
    return analyze(entity_relation(entity, discovered=discovered), columns=entity_columns(entity),
                   namer=entity_namer(model, entity), key_limit=key_limit, cancel=cancel,
                   exhaustive=exhaustive)


@dataclass(frozen=True)
class EntitySummary:
    """One line of the model summary: an entity with dependencies and how normal it is."""

    entity: str
    attributes: int
    fds: int
    mvds: int
    normal_form: str
    violations: int
    candidate_keys: int

    def to_json(self) -> dict[str, object]:
        return {"entity": self.entity, "attributes": self.attributes, "fds": self.fds, "mvds": self.mvds,
                "normal_form": self.normal_form, "violations": self.violations,
                "candidate_keys": self.candidate_keys}


def model_summary(model: DataModel) -> list[EntitySummary]:
    """Every entity that declares FDs or MVDs, in model order, with its normal form and the
    number of violations (1NF findings included)."""
    out = []
    for e in model.entities:
        if not has_dependencies(e):
            continue
        a = analyze_entity(model, e.key, key_limit=1000, exhaustive=True)
        out.append(EntitySummary(e.key.display(), len(e.attributes), len(e.fds), len(e.mvds),
                                 a.normal_form, len(a.violations), len(a.candidate_keys)))
    return out
