"""Scripted model edits: one line of text per edit, turned into :mod:`core.commands` commands.

``tablewright edit MODEL OP...`` applies the operations in order, each seeing the model the
previous ones left, as one batch: if any operation fails, or the result has problems the model
did not have, nothing is written. Names with spaces or odd characters are written in double
quotes (a ``""`` inside for a quote); positions and item numbers count from 1. E is an entity
(``name`` or ``schema.name``), A an attribute. The operations::

    add-entity [SCHEMA.]NAME     a new entity (give it attributes in the same batch)
    delete-entity E              delete it and the foreign keys to it (DROP ... CASCADE)
    rename-entity E NEW          rename; foreign keys, indexes, FDs, views follow
    set-schema E SCHEMA          move it to another schema (-: the model's default schema)
    move-entity E POSITION       reorder the entities
    note E TEXT                  the entity's note (no TEXT: remove it; TEXT may be quoted)
    tags E a, b                  the entity's subject areas
    add-attr E LINE              the quick-add line: email text not null unique,
                                 customer_id -> customers not null, id bigint pk identity
    delete-attr E A              delete an attribute and the keys, indexes, FDs on it
    rename-attr E A NEW          rename; every reference follows
    set E A CELL VALUE           a cell: type, default, references, name; or null, pk,
                                 unique with yes or no
    attr-note E A TEXT           the attribute's note
    move-attr E A POSITION       reorder the attributes
    move-attr-to E A TARGET      move an attribute to another entity
    add E CONSTRAINT             pk (a, b) | unique (a) | check (x > 0) | index (a, b) |
                                 fk (a) -> t on delete cascade | ... (the constraint line)
    add-fd E A, B -> C           a declared functional dependency
    add-mvd E A ->> B            a declared multivalued dependency
    remove E COLLECTION N|NAME   remove item N (or the one so named) of uniques, checks,
                                 foreign_keys, indexes, exclusions, triggers, fds, mvds,
                                 policies; remove E primary_key
    rename-model NAME            the model's name
    model-note TEXT              the model's note
    add-enum NAME a, b, c        an enum type
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.commands import (
    AddEntity,
    AddItem,
    Batch,
    Command,
    DeleteAttribute,
    DeleteEntity,
    MoveAttribute,
    MoveAttributeTo,
    MoveEntity,
    RemoveItem,
    RenameEntity,
    SetEntitySchema,
    SetModel,
    SetPrimaryKey,
    UpdateAttribute,
    UpdateEntity,
)
from core.commands.items import COLLECTIONS, describe, items_of
from core.errors import CommandError
from core.model import DataModel, Entity, EnumType, FunctionalDependency, MultivaluedDependency
from core.validate import suggest

Handler = Callable[[DataModel, str], Command]


def apply_ops(model: DataModel, ops: Sequence[str]) -> tuple[DataModel, list[str]]:
    """``model`` with every operation applied, and each one's label; all or nothing.

    Raises :class:`CommandError` naming the failing operation (number and text); the model
    passed in is never changed.

    >>> from core.model import DataModel
    >>> m, labels = apply_ops(DataModel(name="m"), ["add-entity t", "add-attr t id bigint pk"])
    >>> [a.name for a in m.entity("t").attributes], m.entity("t").primary_key.columns
    (['id'], ('id',))
    """
    current = model
    commands: list[Command] = []
    for n, op in enumerate(ops, 1):
        try:
            command = parse_op(current, op)
            current = command.transform(current)
        except CommandError as exc:
            raise CommandError(f"operation {n} ({op.strip()}): {exc}") from None
        commands.append(command)
    if not commands:
        return model, []
    result, _ = Batch(tuple(commands), text="edit").apply(model)  # the guard: no new problems
    return result, [c.label for c in commands]


def parse_op(model: DataModel, text: str) -> Command:
    """The command for one operation line (see the module docstring for the operations)."""
    name, rest = _word(text)
    handler = OPERATIONS.get(name.lower())
    if handler is None:
        raise CommandError(f'unknown operation "{name}"{suggest(name.lower(), OPERATIONS)}; '
                           f"one of {', '.join(OPERATIONS)}")
    return handler(model, rest)


# --------------------------------------------------------------------------------------------
# Words


def _word(text: str) -> tuple[str, str]:
    """The first word of ``text`` (a double-quoted one may hold spaces) and the rest."""
    text = text.strip()
    if not text:
        raise CommandError("a name is missing")
    if text[0] != '"':
        head, _, tail = text.partition(" ")
        return head, tail.strip()
    i, out = 1, []
    while i < len(text):
        if text[i] == '"':
            if text[i + 1:i + 2] == '"':
                out.append('"')
                i += 2
                continue
            return "".join(out), text[i + 1:].strip()
        out.append(text[i])
        i += 1
    raise CommandError(f"a quote is not closed: {text}")


def _words(text: str, count: int, usage: str) -> list[str]:
    """Exactly ``count`` words; the last one is the rest of the line (or one quoted word)."""
    out = []
    for k in range(count):
        if not text.strip():
            raise CommandError(f"expected {usage}")
        if k < count - 1 or text.strip().startswith('"'):
            word, text = _word(text)
            out.append(word)
        else:
            out.append(text.strip())
            text = ""
    if text.strip():
        raise CommandError(f'unexpected "{text.strip()}": expected {usage}')
    return out


def _entity(model: DataModel, name: str) -> Entity:
    found = model.find_entity(name)
    if found is None:
        raise CommandError(f'entity "{name}" does not exist{suggest(name, [e.name for e in model.entities])}')
    return found


def _attr(entity: Entity, name: str) -> str:
    if entity.attribute(name) is None:
        raise CommandError(f'"{entity.name}" has no attribute "{name}"{suggest(name, entity.attribute_names)}')
    return name


def _position(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise CommandError(f'a position is a number from 1, not "{text}"')
    return int(text) - 1


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


# --------------------------------------------------------------------------------------------
# Operations


def _add_entity(model: DataModel, rest: str) -> Command:
    (name,) = _words(rest, 1, "add-entity [SCHEMA.]NAME")
    schema, _, bare = name.rpartition(".") if not rest.strip().startswith('"') else ("", "", name)
    return AddEntity(Entity.model_validate({"name": bare, "schema": schema or None}))


def _entity_op(make: Callable[[Entity, list[str]], Command], count: int, usage: str) -> Handler:
    def handler(model: DataModel, rest: str) -> Command:
        words = _words(rest, count, usage)
        return make(_entity(model, words[0]), words[1:])

    return handler


def _text(rest: str) -> str | None:
    """Free text (a note): the rest of the line, without quotes around all of it."""
    text = rest.strip()
    if text.startswith('"'):
        word, tail = _word(text)
        if not tail:
            return word
    return text or None


def _entity_text(model: DataModel, rest: str, field: str) -> Command:
    e_name, text = _word(rest)
    value = _names(text) if field == "tags" else _text(text)
    return UpdateEntity(_entity(model, e_name).key, ((field, value),))


def _attr_note(model: DataModel, rest: str) -> Command:
    e_name, rest = _word(rest)
    entity = _entity(model, e_name)
    a_name, text = _word(rest)
    return UpdateAttribute(entity.key, _attr(entity, a_name), (("note", _text(text)),))


def _remove(model: DataModel, rest: str) -> Command:
    e_name, rest = _word(rest)
    entity = _entity(model, e_name)
    collection, which = _word(rest) if rest else ("", "")
    if collection == "primary_key":
        return SetPrimaryKey(entity.key, None)
    if collection not in COLLECTIONS:
        raise CommandError(f'"{collection}" is not a collection; one of primary_key, '
                           f"{', '.join(COLLECTIONS)}{suggest(collection, COLLECTIONS)}")
    items = items_of(entity, collection)
    if which.isdigit():
        index = _position(which)
    else:
        labels = [getattr(item, "name", None) or describe(collection, item) for item in items]
        if which not in labels:
            raise CommandError(f'"{entity.name}" has no {collection} item "{which}"{suggest(which, labels)}')
        index = labels.index(which)
    return RemoveItem(entity.key, collection, index)


def _dependency(model: DataModel, rest: str, arrow: str) -> Command:
    e_name, rest = _word(rest)
    entity = _entity(model, e_name)
    lhs, sep, rhs = rest.partition(arrow)
    if not sep or (arrow == "->" and rhs.startswith(">")):
        raise CommandError(f"write the dependency as A, B {arrow} C")
    if arrow == "->":
        return AddItem(entity.key, "fds", FunctionalDependency(lhs=_names(lhs), rhs=_names(rhs)))
    return AddItem(entity.key, "mvds", MultivaluedDependency(lhs=_names(lhs), rhs=_names(rhs)))


def _add_enum(model: DataModel, rest: str) -> Command:
    name, values = _word(rest)
    return SetModel((("enums", (*model.enums, EnumType(name=name, values=_names(values)))),),
                    text=f"add enum {name}")


def _quickadd_attr(model: DataModel, rest: str) -> Command:
    from core.quickadd import add_attribute_command

    e_name, line = _word(rest)
    return add_attribute_command(model, _entity(model, e_name).key, line)


def _quickadd_item(model: DataModel, rest: str) -> Command:
    from core.quickadd.items import add_item_command

    e_name, line = _word(rest)
    return add_item_command(model, _entity(model, e_name).key, line)


def _set_cell(model: DataModel, rest: str) -> Command:
    from core.quickadd.cells import set_cell_command

    e_name, rest = _word(rest)
    entity = _entity(model, e_name)
    a_name, rest = _word(rest)
    cell, value = _word(rest) if rest else ("", "")
    return set_cell_command(model, entity.key, _attr(entity, a_name), cell, value)


def _rename_attr(model: DataModel, rest: str) -> Command:
    from core.quickadd.cells import rename_attribute_command

    e_name, old, new = _words(rest, 3, "rename-attr ENTITY ATTRIBUTE NEW_NAME")
    entity = _entity(model, e_name)
    return rename_attribute_command(model, entity.key, _attr(entity, old), new)


def _move_attr_to(model: DataModel, rest: str) -> Command:
    e_name, a_name, target = _words(rest, 3, "move-attr-to ENTITY ATTRIBUTE TARGET")
    entity = _entity(model, e_name)
    return MoveAttributeTo(entity.key, _attr(entity, a_name), _entity(model, target).key)


OPERATIONS: dict[str, Handler] = {
    "add-entity": _add_entity,
    "delete-entity": _entity_op(lambda e, w: DeleteEntity(e.key), 1, "delete-entity ENTITY"),
    "rename-entity": _entity_op(lambda e, w: RenameEntity(e.key, w[0]), 2, "rename-entity ENTITY NEW_NAME"),
    "set-schema": _entity_op(lambda e, w: SetEntitySchema(e.key, None if w[0] == "-" else w[0]), 2,
                             "set-schema ENTITY SCHEMA"),
    "move-entity": _entity_op(lambda e, w: MoveEntity(e.key, _position(w[0])), 2, "move-entity ENTITY POSITION"),
    "note": lambda m, r: _entity_text(m, r, "note"),
    "tags": lambda m, r: _entity_text(m, r, "tags"),
    "add-attr": _quickadd_attr,
    "delete-attr": _entity_op(lambda e, w: DeleteAttribute(e.key, _attr(e, w[0])), 2, "delete-attr ENTITY ATTRIBUTE"),
    "rename-attr": _rename_attr,
    "set": _set_cell,
    "attr-note": _attr_note,
    "move-attr": _entity_op(lambda e, w: MoveAttribute(e.key, _attr(e, w[0]), _position(w[1])), 3,
                            "move-attr ENTITY ATTRIBUTE POSITION"),
    "move-attr-to": _move_attr_to,
    "add": _quickadd_item,
    "add-fd": lambda m, r: _dependency(m, r, "->"),
    "add-mvd": lambda m, r: _dependency(m, r, "->>"),
    "remove": _remove,
    "rename-model": lambda m, r: SetModel((("name", _words(r, 1, "rename-model NAME")[0]),), text="rename model"),
    "model-note": lambda m, r: SetModel((("note", _text(r)),), text="edit model note"),
    "add-enum": _add_enum,
}
