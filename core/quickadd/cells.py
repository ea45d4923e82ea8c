"""The attribute table's cells: what each shows, and the command that edits or toggles it.

The columns are ``name``, ``type``, ``null``, ``default``, ``pk``, ``unique`` and ``references``
(the FK target). Text cells are edited with :func:`set_cell_command`; the yes/no cells are flipped
with :func:`toggle_cell_command`. Bad input is a :class:`QuickAddError` and no command.

>>> from core.model import Attribute, DataModel, Entity
>>> m = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="a", type="int"),)),))
>>> key = m.entities[0].key
>>> m2, _ = toggle_cell_command(m, key, "a", "pk").apply(m)
>>> cell_text(m2, m2.entities[0], m2.entities[0].attributes[0], "pk"), m2.entities[0].attributes[0].nullable
('yes', False)
>>> set_cell_command(m, key, "a", "type", "intgr")
Traceback (most recent call last):
core.quickadd.syntax.QuickAddError: unknown type "intgr" (did you mean "integer"?); use a SQL type such as text or bigint, or an enum of the model
"""

from __future__ import annotations

from typing import Any

from core.commands import Command, PutEntity, UpdateAttribute
from core.errors import CommandError
from core.model import Attribute, DataModel, Entity, EntityKey, PrimaryKey, UniqueConstraint
from core.quickadd.attribute import AttributeSpec, parse_attribute
from core.quickadd.catalogue import expression_problem, type_problem
from core.quickadd.items import check_item
from core.quickadd.syntax import QuickAddError, quote_name
from core.types import compatible

CELLS: tuple[str, ...] = ("name", "type", "null", "default", "pk", "unique", "references")
TOGGLES = frozenset({"null", "pk", "unique"})


def _in_pk(entity: Entity, name: str) -> bool:
    return entity.primary_key is not None and name in entity.primary_key.columns


def _unique_index(entity: Entity, name: str) -> int | None:
    return next((i for i, u in enumerate(entity.uniques) if u.columns == (name,)), None)


def cell_text(model: DataModel, entity: Entity, attribute: Attribute, cell: str) -> str:
    """What the cell shows (and what an edit of it starts from)."""
    name = attribute.name
    if cell == "name":
        return name
    if cell == "type":
        return attribute.type
    if cell == "null":
        return "yes" if attribute.nullable else "no"
    if cell == "default":
        if attribute.identity:
            return f"identity {attribute.identity}".replace(" by default", "")
        if attribute.generated:
            return f"= {attribute.generated}"
        return attribute.default or ""
    if cell == "pk":
        return "yes" if _in_pk(entity, name) else ""
    if cell == "unique":
        return "yes" if _unique_index(entity, name) is not None else ""
    if cell == "references":
        for fk in entity.foreign_keys:
            if name in fk.columns:
                target = fk.references if fk.ref_schema is None else f"{fk.ref_schema}.{fk.references}"
                if len(fk.columns) > 1:
                    return f"{target} (composite)"
                return f"{target}.{fk.ref_columns[0]}" if fk.ref_columns else target
        return ""
    raise ValueError(f"unknown cell {cell!r}")


def _locate(model: DataModel, key: EntityKey, name: str) -> tuple[Entity, Attribute, int]:
    entity = model.entity(key)
    if entity is None:
        raise CommandError(f'entity "{key.display()}" does not exist')
    pos = entity.attribute_position(name)
    if pos is None:
        raise CommandError(f'"{entity.name}" has no attribute "{name}"')
    return entity, entity.attributes[pos], pos


def _put_attr(entity: Entity, pos: int, **changes: Any) -> Entity:
    attrs = list(entity.attributes)
    attrs[pos] = attrs[pos].model_copy(update=changes)
    return entity.model_copy(update={"attributes": tuple(attrs)})  # type: ignore[no-any-return]


def set_cell_command(model: DataModel, key: EntityKey, name: str, cell: str, text: str) -> Command:
    """The command that sets a text cell (``name``, ``type``, ``default``, ``references``) of the
    attribute ``name`` to ``text``; the yes/no cells accept ``yes``/``no``."""
    entity, attr, _ = _locate(model, key, name)
    text = text.strip()
    label = f"{cell} of {entity.name}.{name}"
    if cell in TOGGLES:
        wanted = text.lower() in ("yes", "y", "true", "1", "x", "on")
        current = cell_text(model, entity, attr, cell) == "yes"
        if wanted == current:
            return PutEntity(key, entity, text=f"set {label}")
        return toggle_cell_command(model, key, name, cell)
    if cell == "name":
        return rename_attribute_command(model, key, name, text)
    if cell == "type":
        if msg := type_problem(text, model):
            raise QuickAddError(msg)
        for fk in entity.foreign_keys:
            if name in fk.columns and (target := model.fk_target(entity, fk)) is not None:
                refs = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
                ref = dict(zip(fk.columns, refs, strict=False)).get(name)
                ra = target.attribute(ref) if ref else None
                if ra is not None and not compatible(text, ra.type):
                    raise QuickAddError(f'"{name}" references "{target.name}.{ra.name}" ({ra.type}): '
                                        f"{text} is not compatible; remove the reference first")
        # UpdateAttribute: the referencing columns that had the old type follow the new one
        return UpdateAttribute(key, name, (("type", text),), text=f"set {label}")
    if cell == "default":  # UpdateAttribute: edits typed again and again merge into one undo step
        return UpdateAttribute(key, name, tuple(_default_changes(text).items()), text=f"set {label}")
    if cell == "references":
        return _set_reference(model, entity, attr, text)
    raise QuickAddError(f'"{cell}" is not a cell of the attribute table')


def _default_changes(text: str) -> dict[str, Any]:
    """``identity [always]``, ``= EXPR`` (generated) or a default expression; empty clears all."""
    low = text.lower()
    if not text:
        return {"default": None, "identity": None, "generated": None}
    if low in ("identity", "identity always", "identity by default"):
        return {"default": None, "generated": None,
                "identity": "always" if low.endswith("always") else "by default"}
    expr = text[1:].strip() if text.startswith("=") else text
    if msg := expression_problem(expr):
        raise QuickAddError(msg)
    if text.startswith("="):
        return {"generated": expr, "default": None, "identity": None}
    return {"default": expr, "identity": None, "generated": None}


def _set_reference(model: DataModel, entity: Entity, attr: Attribute, text: str) -> Command:
    name = attr.name
    fks = list(entity.foreign_keys)
    current = [i for i, fk in enumerate(fks) if name in fk.columns]
    if any(len(fks[i].columns) > 1 for i in current):
        raise QuickAddError(f'"{name}" is part of a composite foreign key: edit it in the constraints')
    for i in reversed(current):
        del fks[i]
    base = entity.model_copy(update={"foreign_keys": tuple(fks)})
    if not text:
        return PutEntity(entity.key, base, text=f"remove reference of {entity.name}.{name}")
    probe = base.model_copy(update={"attributes": tuple(a for a in base.attributes if a.name != name)})
    spec: AttributeSpec = parse_attribute(f"{quote_name(name)} {attr.type} -> {text}", model, probe)
    fk = spec.foreign_key
    assert fk is not None
    if current:  # keep what the line cannot say (actions, name, note) from the old relationship
        old = entity.foreign_keys[current[0]]
        fk = old.model_copy(update={"references": fk.references, "ref_schema": fk.ref_schema,
                                    "ref_columns": fk.ref_columns})
    check_item(model, base, "foreign_keys", fk)
    new = base.model_copy(update={"foreign_keys": (*base.foreign_keys, fk)})
    return PutEntity(entity.key, new, text=f"set reference of {entity.name}.{name}")


def toggle_cell_command(model: DataModel, key: EntityKey, name: str, cell: str) -> Command:
    """The command flipping a yes/no cell: nullability, primary-key membership, single-column
    uniqueness. A primary-key column cannot become nullable."""
    entity, attr, pos = _locate(model, key, name)
    label = f"{cell} of {entity.name}.{name}"
    if cell == "null":
        if not attr.nullable and _in_pk(entity, name):
            raise QuickAddError(f'"{name}" is part of the primary key, which cannot be null')
        return PutEntity(key, _put_attr(entity, pos, nullable=not attr.nullable), text=f"toggle {label}")
    if cell == "pk":
        pk = entity.primary_key
        if _in_pk(entity, name):
            assert pk is not None
            cols = tuple(c for c in pk.columns if c != name)
            new_pk = pk.model_copy(update={"columns": cols}) if cols else None
            return PutEntity(key, entity.model_copy(update={"primary_key": new_pk}), text=f"toggle {label}")
        new_pk = PrimaryKey(columns=(name,)) if pk is None else pk.model_copy(update={"columns": (*pk.columns, name)})
        new = _put_attr(entity, pos, nullable=False).model_copy(update={"primary_key": new_pk})
        return PutEntity(key, new, text=f"toggle {label}")
    if cell == "unique":
        i = _unique_index(entity, name)
        uniques = (entity.uniques[:i] + entity.uniques[i + 1:] if i is not None
                   else (*entity.uniques, UniqueConstraint(columns=(name,))))
        return PutEntity(key, entity.model_copy(update={"uniques": uniques}), text=f"toggle {label}")
    raise QuickAddError(f'the "{cell}" cell is not a yes/no cell: edit it instead')


def rename_attribute_command(model: DataModel, key: EntityKey, old: str, new: str) -> Command:
    """The command renaming an attribute (cascading to keys, indexes, relationships on both sides,
    dependencies and expressions through :class:`core.commands.RenameAttribute`)."""
    entity, _, _ = _locate(model, key, old)
    from core.validate import identifier_problem

    if msg := identifier_problem(new):
        raise QuickAddError(msg)
    if new != old and entity.attribute(new) is not None:
        raise QuickAddError(f'"{entity.name}" already has an attribute "{new}"')
    import core.commands as commands

    rename = getattr(commands, "RenameAttribute", None)
    if rename is None:  # pragma: no cover - until the command set lands
        raise QuickAddError("renaming attributes needs core.commands.RenameAttribute")
    command: Command = rename(key, old, new)
    return command
