"""Completion for the quick-add line and the constraint line (the cursor is at the end of the text).

:func:`complete_attribute` and :func:`complete_constraint` say where the word being typed starts
and which words can go there: a type after the attribute's name, an entity after ``->``, a column
inside parentheses or after ``entity.``, a keyword elsewhere. :func:`completed` gives the whole
line with the first candidate in place, which is what an input's inline suggestion shows.

>>> from core.model import Attribute, DataModel, Entity
>>> m = DataModel(entities=(Entity(name="customers", attributes=(Attribute(name="id", type="int"),)),))
>>> complete_attribute("email te", m, None).candidates[:2]
('text', 'text[]')
>>> completed("customer_id -> cu", complete_attribute("customer_id -> cu", m, None))
'customer_id -> customers'
"""

from __future__ import annotations

from dataclasses import dataclass

from core.model import DataModel, Entity
from core.quickadd.attribute import FK_ACTIONS, MODIFIERS
from core.quickadd.catalogue import type_choices
from core.quickadd.constraint import INDEX_METHODS
from core.quickadd.syntax import QuickAddError, Token, quote_name, tokenize

MODIFIER_CHOICES = ("not null", "null", "pk", "unique", "default", "check", "identity", "->",
                    "references", "on delete", "on update", "--")
NAME_CHOICES = ("id", "name", "created_at", "updated_at", "email", "status", "description")
KIND_CHOICES = ("pk", "unique", "check", "fk", "index", "unique index", "constraint")
INDEX_CHOICES = ("using", "include", "with", "where")
FK_CHOICES = ("on delete", "on update", "deferrable")


@dataclass(frozen=True)
class Completion:
    """The word being typed starts at ``start``; ``candidates`` can replace it (best first)."""

    start: int
    prefix: str
    candidates: tuple[str, ...]


def completed(text: str, completion: Completion) -> str | None:
    """``text`` with its last word replaced by the first candidate, or ``None`` when none."""
    if not completion.candidates:
        return None
    return text[:completion.start] + completion.candidates[0]


def _filter(prefix: str, choices: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    low = prefix.lower()
    seen: dict[str, None] = {}
    for c in choices:
        if c.lower().startswith(low) and c.lower() != low:
            seen.setdefault(c, None)
    return tuple(seen)


def _split(text: str) -> tuple[list[Token], int, str]:
    """Tokens before the word being typed, where that word starts, and the word."""
    tokens = tokenize(text)
    if tokens and not text[-1:].isspace() and tokens[-1].kind in ("word", "quoted") \
            and tokens[-1].end == len(text):
        last = tokens.pop()
        return tokens, last.start, last.text
    if text.endswith("-") and not text.endswith("--"):
        return tokens[:-1] if tokens and tokens[-1].text == "-" else tokens, len(text) - 1, "-"
    return tokens, len(text), ""


def entity_choices(model: DataModel) -> list[str]:
    """Entity names as they can be typed (schema-qualified outside the default schema)."""
    out = []
    for e in model.entities:
        schema = model.canonical_key(e.key).schema
        out.append(quote_name(e.name) if schema is None else f"{quote_name(schema)}.{quote_name(e.name)}")
    return out


def _columns_of(model: DataModel | None, target: str) -> list[str]:
    entity = model.find_entity(target) if model is not None else None
    return [quote_name(a) for a in entity.attribute_names] if entity is not None else []


def complete_attribute(text: str, model: DataModel | None, entity: Entity | None) -> Completion:
    """Candidates for the word at the end of a quick-add line."""
    try:
        before, start, prefix = _split(text)
    except QuickAddError:
        return Completion(len(text), "", ())
    prev = before[-1] if before else None
    if prev is None:
        taken = set(entity.attribute_names) if entity is not None else set()
        return Completion(start, prefix, _filter(prefix, [n for n in NAME_CHOICES if n not in taken]))
    if prev.kind == "arrow" or prev.is_word("references"):
        if "." in prefix and model is not None and model.find_entity(prefix) is None:
            head, _, tail = prefix.rpartition(".")
            cols = _filter(tail, _columns_of(model, head))
            return Completion(start, prefix, tuple(f"{head}.{c}" for c in cols))
        return Completion(start, prefix, _filter(prefix, entity_choices(model) if model else []))
    if prev.is_word("on"):
        return Completion(start, prefix, _filter(prefix, ["delete", "update"]))
    if prev.is_word("delete", "update") and len(before) > 1 and before[-2].is_word("on"):
        return Completion(start, prefix, _filter(prefix, list(FK_ACTIONS)))
    if prev.is_word("not"):
        return Completion(start, prefix, _filter(prefix, ["null"]))
    in_type_slot = len(before) == 1 and prefix != "-"
    if in_type_slot:
        choices = [*type_choices(model), *MODIFIER_CHOICES]
        return Completion(start, prefix, _filter(prefix, choices))
    if prev.is_word("default", "check"):
        return Completion(start, prefix, _filter(prefix, ["now()", "gen_random_uuid()", "0", "false", "''"]))
    has_type = len(before) > 1 and not (before[1].kind == "word" and before[1].lower in MODIFIERS)
    choices = list(MODIFIER_CHOICES)
    if not has_type and len(before) == 1:
        choices = [*type_choices(model), *choices]
    return Completion(start, prefix, _filter(prefix, choices))


def complete_constraint(text: str, model: DataModel | None, entity: Entity | None) -> Completion:
    """Candidates for the word at the end of a constraint or index line."""
    depth = text.count("(") - text.count(")")
    if depth > 0:  # inside a column list: the entity's columns, or the target's after "->"
        opened = text.rfind("(")
        cut = max(text.rfind(","), opened)
        start = cut + 1 + (len(text[cut + 1:]) - len(text[cut + 1:].lstrip()))
        prefix = text[start:]
        head = text[:opened].rstrip()
        try:
            tokens = tokenize(head)
        except QuickAddError:
            tokens = []
        if len(tokens) >= 2 and (tokens[-2].kind == "arrow" or tokens[-2].is_word("references")):
            cols = _columns_of(model, tokens[-1].text)
        else:
            cols = [quote_name(a) for a in entity.attribute_names] if entity is not None else []
        listed = {c.strip() for c in text[opened + 1:cut].split(",")} if cut > opened else set()
        return Completion(start, prefix, _filter(prefix, [c for c in cols if c not in listed]))
    try:
        before, start, prefix = _split(text)
    except QuickAddError:
        return Completion(len(text), "", ())
    prev = before[-1] if before else None
    if prev is None or (len(before) == 2 and before[0].is_word("constraint")):
        return Completion(start, prefix, _filter(prefix, KIND_CHOICES))
    if prev.kind == "arrow" or prev.is_word("references"):
        return Completion(start, prefix, _filter(prefix, entity_choices(model) if model else []))
    if prev.is_word("using"):
        return Completion(start, prefix, _filter(prefix, list(INDEX_METHODS)))
    if prev.is_word("on"):
        return Completion(start, prefix, _filter(prefix, ["delete", "update"]))
    if prev.is_word("delete", "update"):
        return Completion(start, prefix, _filter(prefix, list(FK_ACTIONS)))
    kinds = {t.lower for t in before if t.kind == "word"}
    if "fk" in kinds or "foreign" in kinds:
        choices: tuple[str, ...] = ("->", *FK_CHOICES) if not any(t.kind == "arrow" for t in before) \
            else FK_CHOICES
        return Completion(start, prefix, _filter(prefix, choices))
    if "index" in kinds:
        return Completion(start, prefix, _filter(prefix, INDEX_CHOICES))
    return Completion(start, prefix, ())
