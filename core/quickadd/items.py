"""Constraints and indexes of an entity as editable lines: list them, add, replace and remove them.

Each function returns a command (one undo step) after checking the item against the entity and
the model: columns that exist, a referenced entity and columns that exist, matching column counts
and compatible types. Anything wrong is a :class:`QuickAddError` and the model is not touched.

>>> from core.model import Attribute, DataModel, Entity
>>> m = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="a", type="int"),)),))
>>> m2, _ = add_item_command(m, m.entities[0].key, "unique (a)").apply(m)
>>> [row.text for row in constraint_rows(m2.entities[0])]
['unique (a)']
>>> add_item_command(m, m.entities[0].key, "unique (b)")
Traceback (most recent call last):
core.quickadd.syntax.QuickAddError: "t" has no attribute "b"
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.commands import Command, PutEntity
from core.errors import CommandError
from core.model import DataModel, Entity, EntityKey, ForeignKey, Index, PrimaryKey, UniqueConstraint
from core.quickadd.constraint import COLLECTIONS, Item, format_item, parse_item
from core.quickadd.syntax import QuickAddError
from core.types import compatible
from core.validate import identifier_problem, suggest


@dataclass(frozen=True)
class ConstraintRow:
    """One line of an entity's constraint list: where the item lives and how it reads.

    ``editable`` rows can be edited as text with :func:`replace_item_command`; the others
    (exclusions, triggers, policies, partitioning, distribution) are shown for reference and can
    only be removed or edited in the model file.
    """

    collection: str
    index: int
    text: str
    editable: bool = True


def constraint_rows(entity: Entity) -> list[ConstraintRow]:
    """Every constraint, index and table-level feature of ``entity``, in a stable order."""
    rows: list[ConstraintRow] = []
    if entity.primary_key is not None:
        rows.append(ConstraintRow("primary_key", 0, format_item("primary_key", entity.primary_key)))
    for coll in COLLECTIONS[1:]:
        for i, item in enumerate(getattr(entity, coll)):
            rows.append(ConstraintRow(coll, i, format_item(coll, item)))
    for i, ex in enumerate(entity.exclusions):
        elements = ", ".join(f"{el.expression} with {el.operator}" for el in ex.elements)
        rows.append(ConstraintRow("exclusions", i, f"exclude using {ex.method} ({elements})", False))
    for i, trg in enumerate(entity.triggers):
        rows.append(ConstraintRow("triggers", i, f"trigger {trg.name} {trg.timing} "
                                  f"{' or '.join(trg.events)} -> {trg.function}()", False))
    if entity.rls is not None:
        for i, pol in enumerate(entity.rls.policies):
            rows.append(ConstraintRow("policies", i, f"policy {pol.name} for {pol.command}", False))
    if entity.partition_by:
        rows.append(ConstraintRow("partition_by", 0, f"partition by {entity.partition_by}", False))
    if entity.distribution is not None:
        d = entity.distribution
        rows.append(ConstraintRow("distribution", 0, f"distributed {d.kind} {d.column or ''}".rstrip(), False))
    return rows


def _entity(model: DataModel, key: EntityKey) -> Entity:
    entity = model.entity(key)
    if entity is None:
        raise CommandError(f'entity "{key.display()}" does not exist')
    return entity


def check_item(model: DataModel, entity: Entity, kind: str, item: Item) -> None:
    """Raise :class:`QuickAddError` when ``item`` does not fit ``entity`` in ``model``."""
    if item.name is not None and (msg := identifier_problem(item.name)):
        raise QuickAddError(msg)
    columns: Iterable[str] = ()
    if isinstance(item, PrimaryKey | UniqueConstraint | ForeignKey):
        columns = item.columns
    elif isinstance(item, Index):
        columns = (*item.column_names, *item.include)
    _require_columns(entity, columns)
    if isinstance(item, ForeignKey):
        _check_foreign_key(model, entity, item)


def _require_columns(entity: Entity, columns: Iterable[str]) -> None:
    for c in columns:
        if entity.attribute(c) is None:
            raise QuickAddError(f'"{entity.name}" has no attribute "{c}"{suggest(c, entity.attribute_names)}')


def _check_foreign_key(model: DataModel, entity: Entity, fk: ForeignKey) -> None:
    target = model.fk_target(entity, fk)
    if target is None:
        names = [e.name for e in model.entities]
        raise QuickAddError(f'no entity "{fk.references}"{suggest(fk.references, names)}')
    ref_cols = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
    if not ref_cols:
        raise QuickAddError(f'"{target.name}" has no primary key: name the referenced columns, '
                            f"for example -> {target.name} (code)")
    _require_columns(target, ref_cols)
    if len(ref_cols) != len(fk.columns):
        raise QuickAddError(f"{len(fk.columns)} column(s) cannot reference {len(ref_cols)} column(s) of "
                            f'"{target.name}" ({", ".join(ref_cols)})')
    for c, rc in zip(fk.columns, ref_cols, strict=True):
        a, ra = entity.attribute(c), target.attribute(rc)
        if a is not None and ra is not None and not compatible(a.type, ra.type):
            raise QuickAddError(f'"{c}" ({a.type}) cannot reference "{target.name}.{rc}" ({ra.type}): '
                                "the types are incompatible")


def _with_item(entity: Entity, kind: str, index: int | None, item: Item | None) -> Entity:
    """``entity`` with the item at ``index`` of collection ``kind`` replaced (``index=None``:
    appended; ``item=None``: removed)."""
    if kind == "primary_key":
        return entity.model_copy(update={"primary_key": item})  # type: ignore[no-any-return]
    items = list(getattr(entity, kind))
    if index is None:
        assert item is not None
        items.append(item)
    elif item is None:
        del items[index]
    else:
        items[index] = item
    return entity.model_copy(update={kind: tuple(items)})  # type: ignore[no-any-return]


def add_item_command(model: DataModel, key: EntityKey, text: str) -> Command:
    """The command adding the constraint or index written as ``text`` (a ``pk`` line replaces
    the primary key)."""
    entity = _entity(model, key)
    kind, item = parse_item(text)
    check_item(model, entity, kind, item)
    if kind == "primary_key":
        assert isinstance(item, PrimaryKey)
        entity = _not_null(entity, item.columns)
    new = _with_item(entity, kind, None, item)
    return PutEntity(key, new, text=f"add {_what(kind)} to {entity.name}")


def replace_item_command(model: DataModel, key: EntityKey, collection: str, index: int, text: str) -> Command:
    """The command replacing an existing constraint or index by the one written as ``text``
    (fields the line syntax cannot express, such as a note, are kept)."""
    entity = _entity(model, key)
    old = _item_at(entity, collection, index)
    kind, item = parse_item(text)
    if kind != collection:
        raise QuickAddError(f"this line edits a {_what(collection)}; to add a {_what(kind)}, add a new line")
    check_item(model, entity, kind, item)
    kept = {f: getattr(old, f) for f in ("note", "cardinality", "optional") if hasattr(old, f)}
    if kept:
        item = item.model_copy(update=kept)
    if isinstance(item, PrimaryKey):
        entity = _not_null(entity, item.columns)
    new = _with_item(entity, kind, None if kind == "primary_key" else index, item)
    return PutEntity(key, new, text=f"edit {_what(kind)} of {entity.name}")


def remove_item_command(model: DataModel, key: EntityKey, collection: str, index: int) -> Command:
    """The command removing one constraint, index, exclusion, trigger, policy or table feature."""
    entity = _entity(model, key)
    _item_at(entity, collection, index)
    update: dict[str, Any]
    if collection in COLLECTIONS or collection in ("exclusions", "triggers"):
        new = _with_item(entity, collection, None if collection == "primary_key" else index, None)
    elif collection == "policies":
        assert entity.rls is not None
        policies = entity.rls.policies[:index] + entity.rls.policies[index + 1:]
        update = {"rls": entity.rls.model_copy(update={"policies": policies})}
        new = entity.model_copy(update=update)
    else:
        update = {"partition_by": None} if collection == "partition_by" else {collection: None}
        new = entity.model_copy(update=update)
    return PutEntity(key, new, text=f"remove {_what(collection)} from {entity.name}")


def _item_at(entity: Entity, collection: str, index: int) -> Any:
    if collection == "primary_key":
        found: Any = entity.primary_key
    elif collection == "policies":
        found = entity.rls.policies[index] if entity.rls and 0 <= index < len(entity.rls.policies) else None
    elif collection in ("partition_by", "distribution"):
        found = getattr(entity, collection)
    else:
        items = getattr(entity, collection, ())
        found = items[index] if 0 <= index < len(items) else None
    if found is None:
        raise CommandError(f'"{entity.name}" has no {_what(collection)} #{index + 1}')
    return found


def _not_null(entity: Entity, columns: Iterable[str]) -> Entity:
    cols = set(columns)
    attrs = tuple(a.model_copy(update={"nullable": False}) if a.name in cols and a.nullable else a
                  for a in entity.attributes)
    return entity.model_copy(update={"attributes": attrs})  # type: ignore[no-any-return]


_WHAT = {"primary_key": "primary key", "uniques": "unique constraint", "checks": "check",
         "foreign_keys": "foreign key", "indexes": "index", "exclusions": "exclusion constraint",
         "triggers": "trigger", "policies": "policy", "partition_by": "partitioning",
         "distribution": "distribution"}


def _what(collection: str) -> str:
    return _WHAT.get(collection, collection)
