"""The quick-add line: one attribute, with its keys and relationship, typed as one line of text.

Grammar (keywords are case-insensitive; the order of modifiers is free)::

    NAME [TYPE] [not null | null] [pk | primary key] [unique] [identity [always]]
         [default EXPR] [check (EXPR)] [-> ENTITY[.COLUMN] | references ENTITY[(COLUMN)]]
         [on delete ACTION] [on update ACTION] [-- NOTE]

``-> customers`` makes the attribute a foreign key to the primary key of ``customers``; the type
may then be left out (it is taken from the referenced column). ``pk`` adds the attribute to the
primary key (and makes it ``not null``); ``unique`` adds a one-column unique constraint.

>>> from core.model import Attribute, DataModel, Entity, PrimaryKey
>>> customers = Entity(name="customers", attributes=(Attribute(name="id", type="bigserial"),),
...                    primary_key=PrimaryKey(columns=("id",)))
>>> m = DataModel(entities=(customers, Entity(name="orders")))
>>> spec = parse_attribute("customer_id -> customers not null", m, m.entity("orders"))
>>> spec.attribute.type, spec.attribute.nullable, spec.foreign_key.references
('bigint', False, 'customers')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from core.commands import Command, PutEntity
from core.errors import CommandError
from core.model import (
    Attribute,
    DataModel,
    Entity,
    EntityKey,
    FKAction,
    ForeignKey,
    PrimaryKey,
    UniqueConstraint,
)
from core.quickadd.catalogue import expression_problem, reference_type, type_problem
from core.quickadd.syntax import QuickAddError, Token, identifier, span_text, split_names, tokenize
from core.validate import identifier_problem, suggest

#: Words that start a modifier: the type ends where the first of them appears.
MODIFIERS = frozenset((
    "not", "null", "pk", "primary", "unique", "default", "check", "identity", "references",
    "generated", "on",
))
FK_ACTIONS: tuple[str, ...] = get_args(FKAction)


@dataclass(frozen=True)
class AttributeSpec:
    """What a quick-add line asks for: the attribute, and the keys and relationship around it."""

    attribute: Attribute
    primary_key: bool = False
    unique: bool = False
    foreign_key: ForeignKey | None = None


def parse_attribute(text: str, model: DataModel | None = None, entity: Entity | None = None) -> AttributeSpec:
    """Read a quick-add line; a :class:`QuickAddError` says what is wrong and at which column.

    ``model`` and ``entity`` (the entity the attribute goes into) let the parser check types
    against the model's enums and resolve a foreign key's target and type.
    """
    tokens = tokenize(text)
    if not tokens or tokens[0].kind not in ("word", "quoted"):
        raise QuickAddError("start with the attribute's name, then its type (for example: email text)", 0)
    name = identifier(tokens[0])
    if msg := identifier_problem(name):
        raise QuickAddError(msg, tokens[0].start)
    if entity is not None and entity.attribute(name) is not None:
        raise QuickAddError(f'"{entity.name}" already has an attribute "{name}"; pick another name',
                            tokens[0].start)
    parser = _LineParser(text, tokens, model, entity, name)
    return parser.parse()


class _LineParser:
    def __init__(self, text: str, tokens: list[Token], model: DataModel | None, entity: Entity | None,
                 name: str) -> None:
        self.text, self.tokens, self.model, self.entity, self.name = text, tokens, model, entity, name
        self.i = 1
        self.fields: dict[str, object] = {"name": name}
        self.pk = self.unique = False
        self.target: tuple[str, str | None, int] | None = None  # entity text, column, column in line
        self.actions: dict[str, str] = {}

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, what: str) -> Token:
        tok = self.peek()
        if tok is None:
            raise QuickAddError(f"{what} is missing at the end of the line", len(self.text))
        self.i += 1
        return tok

    def parse(self) -> AttributeSpec:
        type_tokens: list[Token] = []
        while (tok := self.peek()) is not None and not self._starts_modifier(tok):
            type_tokens.append(tok)
            self.i += 1
        type_text = span_text(self.text, type_tokens)
        while (tok := self.peek()) is not None:
            self.i += 1
            self._modifier(tok)
        return self._finish(type_text, type_tokens[0].start if type_tokens else len(self.text))

    @staticmethod
    def _starts_modifier(tok: Token) -> bool:
        return tok.kind in ("arrow", "comment") or (tok.kind == "word" and tok.lower in MODIFIERS)

    def _modifier(self, tok: Token) -> None:
        word = tok.lower if tok.kind == "word" else tok.kind
        if word == "not":
            self._expect_word("null", "not must be followed by null")
            self.fields["nullable"] = False
        elif word == "null":
            self.fields["nullable"] = True
        elif word in ("pk", "primary"):
            if word == "primary":
                self._expect_word("key", "primary must be followed by key")
            self.pk = True
        elif word == "unique":
            self.unique = True
        elif word == "identity":
            always = (nxt := self.peek()) is not None and nxt.is_word("always")
            self.i += always
            self.fields["identity"] = "always" if always else "by default"
        elif word == "default":
            self.fields["default"] = self._expression(tok, "default")
        elif word == "check":
            self.fields["check"] = self._expression(tok, "check")
        elif word == "generated":
            self._generated(tok)
        elif word in ("arrow", "references"):
            self._target(tok)
        elif word == "on":
            self._action(tok)
        elif word == "comment":
            self.fields["note"] = tok.text[2:].strip() or None
        else:
            raise QuickAddError(f'"{tok.text}" is not understood here; expected not null, pk, unique, '
                                "default, check, -> entity or -- note", tok.start)

    def _expect_word(self, word: str, message: str) -> None:
        tok = self.peek()
        if tok is None or not tok.is_word(word):
            raise QuickAddError(message, tok.start if tok else len(self.text))
        self.i += 1

    def _expression(self, keyword: Token, what: str) -> str:
        parts: list[Token] = []
        while (tok := self.peek()) is not None and not (parts and self._starts_modifier(tok)):
            if tok.kind == "comment":
                break
            parts.append(tok)
            self.i += 1
        if not parts:
            raise QuickAddError(f"{what} needs an expression after it", keyword.end)
        expr = span_text(self.text, parts)
        if len(parts) == 1 and parts[0].kind == "group" and what == "check":
            expr = expr[1:-1].strip()
        if msg := expression_problem(expr):
            raise QuickAddError(msg, parts[0].start)
        return expr

    def _generated(self, keyword: Token) -> None:
        for word in ("always", "as"):
            self._expect_word(word, "write generated always as (EXPRESSION)")
        group = self.take("the generated expression")
        if group.kind != "group":
            raise QuickAddError("the generated expression goes in parentheses", group.start)
        expr = group.text[1:-1].strip()
        if msg := expression_problem(expr):
            raise QuickAddError(msg, group.start)
        self.fields["generated"] = expr
        if (nxt := self.peek()) is not None and nxt.is_word("stored"):
            self.i += 1

    def _target(self, keyword: Token) -> None:
        if self.target is not None:
            raise QuickAddError("only one relationship per attribute", keyword.start)
        tok = self.take("the referenced entity")
        if tok.kind not in ("word", "quoted"):
            raise QuickAddError(f'expected the referenced entity, found "{tok.text}"', tok.start)
        target, column = identifier(tok), None
        if tok.kind == "word" and target.count(".") and self.model is not None \
                and self.model.find_entity(target) is None:
            target, _, column = target.rpartition(".")
        if (nxt := self.peek()) is not None and nxt.kind == "group":
            self.i += 1
            cols = split_names(nxt)
            if len(cols) != 1:
                raise QuickAddError("a quick-add attribute references one column; add a composite "
                                    "foreign key in the constraints", nxt.start)
            column = cols[0]
        self.target = (target, column, tok.start)

    def _action(self, keyword: Token) -> None:
        event = self.take("delete or update")
        if not event.is_word("delete", "update"):
            raise QuickAddError("write on delete ACTION or on update ACTION", event.start)
        words: list[str] = []
        while (tok := self.peek()) is not None and tok.kind == "word" and \
                " ".join([*words, tok.lower]) in {a for a in FK_ACTIONS} | {"no", "set"}:
            words.append(tok.lower)
            self.i += 1
        action = " ".join(words)
        if action not in FK_ACTIONS:
            raise QuickAddError(f"on {event.lower} needs one of: {', '.join(FK_ACTIONS)}", event.end)
        self.actions[f"on_{event.lower}"] = action

    def _finish(self, type_text: str, type_col: int) -> AttributeSpec:
        fk, ref = None, None
        if self.target is not None:
            fk, ref = self._foreign_key(*self.target)
            if not type_text and ref is not None:
                type_text = reference_type(ref.type)
        elif self.actions:
            raise QuickAddError("on delete / on update belong to a relationship: add -> ENTITY", 0)
        if msg := type_problem(type_text, self.model):
            raise QuickAddError(msg, type_col)
        if self.pk:
            self.fields["nullable"] = False
        given = [k for k in ("identity", "generated", "default") if self.fields.get(k) is not None]
        if len(given) > 1:
            raise QuickAddError(f"an attribute cannot have both {given[0]} and {given[1]}: keep one", 0)
        self.fields["type"] = type_text
        attribute = Attribute.model_validate(self.fields)
        if ref is not None and fk is not None and (msg := _type_clash(attribute, ref, fk.references)):
            raise QuickAddError(msg, type_col)
        return AttributeSpec(attribute, self.pk, self.unique, fk)

    def _foreign_key(self, target_text: str, column: str | None, col: int) -> tuple[ForeignKey, Attribute | None]:
        actions: dict[str, object] = dict(self.actions)
        if self.model is None:
            return ForeignKey(columns=(self.name,), references=target_text,
                              ref_columns=(column,) if column else (), **actions), None
        owner = self.entity.key if self.entity is not None else EntityKey(None, "")
        target = self.model.find_entity(target_text)
        if target is None and self.entity is not None and target_text == self.entity.name:
            target = self.entity
        if target is None:
            names = [e.name for e in self.model.entities]
            raise QuickAddError(f'no entity "{target_text}"{suggest(target_text, names)}; create it first '
                                "or fix the name", col)
        if column is None:
            pk = target.primary_key.columns if target.primary_key else ()
            if len(pk) != 1:
                why = "has no primary key" if not pk else f"has a composite primary key ({', '.join(pk)})"
                raise QuickAddError(f'"{target.name}" {why}: name the referenced column '
                                    f"(-> {target.name}.COLUMN) or add a composite foreign key in the "
                                    "constraints", col)
            ref_name = pk[0]
        else:
            ref_name = column
        ref = target.attribute(ref_name)
        if ref is None:
            raise QuickAddError(f'"{target.name}" has no attribute "{ref_name}"'
                                f"{suggest(ref_name, target.attribute_names)}", col)
        canon = self.model.canonical_key
        same_schema = canon(EntityKey(target.schema_name, "")) == canon(EntityKey(owner.schema, ""))
        fk = ForeignKey(columns=(self.name,), references=target.name,
                        ref_schema=None if same_schema else (target.schema_name or self.model.default_schema),
                        ref_columns=(column,) if column else (), **actions)
        return fk, ref


def _type_clash(attribute: Attribute, ref: Attribute, target: str) -> str | None:
    from core.types import compatible

    if compatible(attribute.type, reference_type(ref.type)):
        return None
    return (f'"{attribute.name}" is {attribute.type} but "{target}.{ref.name}" is {ref.type}: '
            "the types are incompatible; leave the type out to copy it")


def apply_attribute(entity: Entity, spec: AttributeSpec, position: int | None = None) -> Entity:
    """``entity`` with the attribute of ``spec`` added (at ``position``, default the end) together
    with its primary-key membership, unique constraint and foreign key."""
    name = spec.attribute.name
    if entity.attribute(name) is not None:
        raise CommandError(f'"{entity.name}" already has an attribute "{name}"')
    attrs = list(entity.attributes)
    attrs.insert(len(attrs) if position is None else max(0, min(position, len(attrs))), spec.attribute)
    update: dict[str, object] = {"attributes": tuple(attrs)}
    if spec.primary_key:
        old = entity.primary_key
        update["primary_key"] = (PrimaryKey(columns=(name,)) if old is None
                                 else old.model_copy(update={"columns": (*old.columns, name)}))
    if spec.unique:
        update["uniques"] = (*entity.uniques, UniqueConstraint(columns=(name,)))
    if spec.foreign_key is not None:
        update["foreign_keys"] = (*entity.foreign_keys, spec.foreign_key)
    result: Entity = entity.model_copy(update=update)
    return result


def add_attribute_command(model: DataModel, entity_key: EntityKey, text: str,
                          position: int | None = None) -> Command:
    """The command that adds the attribute described by the quick-add line ``text`` to an entity
    (one undo step); raises :class:`QuickAddError` when the line is wrong."""
    entity = model.entity(entity_key)
    if entity is None:
        raise CommandError(f'entity "{entity_key.display()}" does not exist')
    spec = parse_attribute(text, model, entity)
    new = apply_attribute(entity, spec, position)
    return PutEntity(entity_key, new, text=f"add attribute {spec.attribute.name}")


def add_attributes_command(model: DataModel, entity_key: EntityKey, lines: Sequence[str]) -> Command:
    """Several quick-add lines as one command (each line sees the attributes added before it)."""
    entity = model.entity(entity_key)
    if entity is None:
        raise CommandError(f'entity "{entity_key.display()}" does not exist')
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            spec = parse_attribute(line, model, entity)
        except QuickAddError as exc:
            raise QuickAddError(f"line {n}: {exc}", exc.column) from None
        entity = apply_attribute(entity, spec)
    return PutEntity(entity_key, entity, text=f"add attributes to {entity_key.name}")
