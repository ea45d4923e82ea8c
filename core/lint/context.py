"""What rules know about the whole model: memoized facts and small shared helpers.

A :class:`LintContext` is built once per model object (:func:`context_for` keeps the last one,
so a review panel linting one entity after each edit pays for the whole-model facts only once
per revision) and computes each fact on first use: who references whom, the foreign keys caught
in reference cycles, the model's naming convention, the usual type of each attribute name.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from typing import Any

from core.model import (
    Attribute,
    CheckConstraint,
    DataModel,
    Entity,
    EntityKey,
    ForeignKey,
    Index,
    LintConfig,
    UniqueConstraint,
)
from core.types import base_name

__all__ = ["LintContext", "constraint_label", "context_for", "effective_type", "length_limit", "mentions",
           "normalized_type"]


class LintContext:
    """The model under review, its lint configuration, and memoized whole-model facts."""

    def __init__(self, model: DataModel, config: LintConfig) -> None:
        self.model = model
        self.config = config
        self._options = dict(config.options)

    # -- configuration --------------------------------------------------------------------
    def option(self, rule_id: str, name: str, default: str) -> str:
        """The value of option ``rule_id.name`` in the model file, or ``default``."""
        return self._options.get(f"{rule_id}.{name}", default)

    def number(self, rule_id: str, name: str, default: float) -> float:
        """A numeric option; a value that is not a number falls back to ``default``."""
        try:
            return float(self.option(rule_id, name, str(default)))
        except ValueError:
            return default

    def words(self, rule_id: str, name: str, default: str) -> frozenset[str]:
        """A comma-separated option as a set of lower-case words."""
        return frozenset(w.strip().lower() for w in self.option(rule_id, name, default).split(",") if w.strip())

    # -- model facts ----------------------------------------------------------------------
    @cached_property
    def _positions(self) -> dict[int, int]:
        return {id(e): i for i, e in enumerate(self.model.entities)}

    @cached_property
    def _keys(self) -> dict[int, EntityKey]:
        return {id(e): self.model.canonical_key(e.key) for e in self.model.entities}

    def key(self, entity: Entity) -> EntityKey:
        """The entity's canonical key (memoized for the model's own entities)."""
        found = self._keys.get(id(entity))
        return found if found is not None else self.model.canonical_key(entity.key)

    def position(self, entity: Entity) -> int | None:
        """The entity's index in the model (``None`` for an entity not in it)."""
        return self._positions.get(id(entity))

    @cached_property
    def _partitions(self) -> frozenset[int]:
        return frozenset(id(e) for e in self.model.entities
                         if e.partition_of and self.model.find_entity(e.partition_of) is not None)

    def is_partition(self, entity: Entity) -> bool:
        """Whether ``entity`` is a partition of a table of the model (it inherits its columns,
        keys and indexes from there)."""
        return id(entity) in self._partitions

    def tables(self) -> list[Entity]:
        """The entities that are not partitions."""
        return [e for e in self.model.entities if id(e) not in self._partitions]

    def target(self, entity: Entity, fk: ForeignKey) -> Entity | None:
        return self.model.fk_target(entity, fk)

    def ref_columns(self, entity: Entity, fk: ForeignKey) -> tuple[str, ...]:
        """The referenced columns: as written, or the target's primary key."""
        if fk.ref_columns:
            return fk.ref_columns
        target = self.target(entity, fk)
        return target.primary_key.columns if target is not None and target.primary_key else ()

    @cached_property
    def referrers(self) -> dict[EntityKey, list[tuple[Entity, ForeignKey]]]:
        """Canonical key of an entity -> the foreign keys (with their owners) that reference it."""
        out: dict[EntityKey, list[tuple[Entity, ForeignKey]]] = {}
        for owner, fk in self.model.iter_foreign_keys():
            out.setdefault(self.model.canonical_key(fk.target(owner.key)), []).append((owner, fk))
        return out

    def referenced(self, entity: Entity, columns: Iterable[str] | None = None) -> bool:
        """Whether a foreign key references ``entity`` (at exactly ``columns`` when given)."""
        found = self.referrers.get(self.model.canonical_key(entity.key), [])
        if columns is None:
            return bool(found)
        wanted = set(columns)
        return any(set(self.ref_columns(owner, fk)) == wanted for owner, fk in found)

    @cached_property
    def names(self) -> dict[str, list[Entity]]:
        """Entity name (lower case) -> the entities so named, in every schema."""
        out: dict[str, list[Entity]] = {}
        for e in self.model.entities:
            out.setdefault(e.name.lower(), []).append(e)
        return out

    @cached_property
    def attribute_types(self) -> dict[str, Counter[str]]:
        """Attribute name -> how often each type is used for it across entities (normalized; ``text``
        with a length CHECK counts as the ``varchar(n)`` it is equivalent to, see :func:`effective_type`)."""
        out: dict[str, Counter[str]] = {}
        for e in self.tables():
            for a in e.attributes:
                out.setdefault(a.name, Counter())[effective_type(a)] += 1
        return out

    @cached_property
    def memo(self) -> dict[str, Any]:
        """Scratch space for rules' own whole-model facts (keyed by rule id)."""
        return {}

    def memoized(self, key: str, build: Any) -> Any:
        """``build()`` once per context."""
        with _LOCK:
            if key not in self.memo:
                self.memo[key] = build()
            return self.memo[key]


_LOCK = threading.RLock()
_LAST: list[LintContext] = []


def context_for(model: DataModel, config: LintConfig | None = None) -> LintContext:
    """The context of ``model`` (the last one built is reused while the model object and the
    configuration are the same)."""
    config = model.lint if config is None else config
    with _LOCK:
        if _LAST and _LAST[0].model is model and _LAST[0].config == config:
            return _LAST[0]
        ctx = LintContext(model, config)
        _LAST[:] = [ctx]
        return ctx


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def normalized_type(type_text: str) -> str:
    """A type in one spelling: aliases folded, parameters kept (``INT4`` -> ``integer``,
    ``VARCHAR (40)`` -> ``varchar(40)``).

    >>> normalized_type("INT4"), normalized_type("character varying( 40 )"), normalized_type("numeric(10, 2)")
    ('integer', 'varchar(40)', 'numeric(10,2)')
    >>> normalized_type("varchar")
    'text'

    """
    text = _SPACES.sub(" ", type_text.strip().lower())
    params = ""
    if "(" in text and text.rstrip().endswith(")") and not text.endswith("[]"):
        params = "(" + text[text.index("(") + 1:-1].replace(" ", "") + ")"
    base = base_name(type_text)
    if not params and base in ("varchar", "character varying"):
        return "text"  # an unlimited varchar is text
    return base + params


_LIMIT = r"(?:char_length|character_length|length)\s*\(\s*(?:{col})\s*\)\s*(<=|<)\s*(\d+)"


def length_limit(attribute: Attribute) -> int | None:
    """The character limit a column's own CHECK puts on it (``char_length(col) <= n``, or ``< n``),
    when the CHECK is a conjunction (no ``OR``, so the limit always holds); else ``None``.

    >>> length_limit(Attribute(name="code", type="text", check="char_length(code) <= 20"))
    20
    >>> length_limit(Attribute(name="code", type="text", check='code > 0 AND length("code") < 9'))
    8
    >>> length_limit(Attribute(name="code", type="text", check="char_length(code) <= 20 OR code = 'x'")) is None
    True
    """
    check = attribute.check
    if not check or re.search(r"\bor\b", check, re.IGNORECASE):
        return None
    col = "|".join((re.escape(attribute.name), re.escape('"' + attribute.name.replace('"', '""') + '"')))
    limits = [int(n) - (op == "<") for op, n in re.findall(_LIMIT.format(col=col), check, re.IGNORECASE)]
    return min(limits) if limits else None


def effective_type(attribute: Attribute) -> str:
    """The column's normalized type, where ``text`` (or unlimited ``varchar``) with a length CHECK
    is the ``varchar(n)`` it is equivalent to (so ``prefer-text``'s fix, which makes the one into
    the other, does not change the type ``same-name-different-type`` compares).

    >>> effective_type(Attribute(name="c", type="TEXT", check="char_length(c) <= 250"))
    'varchar(250)'
    >>> effective_type(Attribute(name="c", type="varchar(40)"))
    'varchar(40)'
    """
    normal = normalized_type(attribute.type)
    if normal == "text" and (limit := length_limit(attribute)) is not None:
        return f"varchar({limit})"
    return normal


def mentions(expression: str | None, column: str) -> bool:
    """Whether an SQL expression mentions ``column`` (as a word, quoted or not).

    >>> mentions("status IN ('a', 'b')", "status"), mentions("substatus > 0", "status")
    (True, False)
    """
    if not expression:
        return False
    return re.search(rf'(?<![\w$"]){re.escape(column)}(?![\w$])|"{re.escape(column)}"', expression,
                     re.IGNORECASE) is not None


def constraint_label(item: Any) -> str:
    """A readable, stable label of a constraint or index (for a finding's location).

    >>> constraint_label(ForeignKey(columns=("a_id",), references="a"))
    'foreign key (a_id) -> a'
    """
    if isinstance(item, ForeignKey):
        return f"foreign key ({', '.join(item.columns)}) -> {item.references}"
    if isinstance(item, Index):
        if item.name:
            return f"index {item.name}"
        keys = ", ".join(k.column or k.expression or "" for k in item.columns)
        return f"{'unique ' if item.unique else ''}index ({keys})"
    if isinstance(item, UniqueConstraint):
        return f"unique {item.name}" if item.name else f"unique ({', '.join(item.columns)})"
    if isinstance(item, CheckConstraint):
        return f"check {item.name}" if item.name else f"check ({item.expression})"
    return type(item).__name__


def checks_on(entity: Entity, column: str) -> list[str]:
    """The CHECK expressions that constrain ``column``: its own and the entity's that mention it."""
    attr = entity.attribute(column)
    found = [attr.check] if attr is not None and attr.check else []
    return found + [c.expression for c in entity.checks if mentions(c.expression, column)]


def fk_columns(entity: Entity) -> set[str]:
    """Every column that takes part in one of the entity's foreign keys."""
    return {c for fk in entity.foreign_keys for c in fk.columns}


@lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", spaced)
    return tuple(w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w)


def words_of(name: str) -> list[str]:
    """The lower-case words of a name in any case convention (``orderItemId`` -> order, item, id).

    >>> words_of("orderItemID"), words_of("Order_Lines"), words_of("phone2")
    (['order', 'item', 'id'], ['order', 'lines'], ['phone2'])
    """
    return list(_words(name))


def any_columns(entity: Entity, names: Sequence[str]) -> str | None:
    """The first of ``names`` (compared case-insensitively) that is an attribute of ``entity``."""
    lowered = {a.name.lower(): a.name for a in entity.attributes}
    return next((lowered[n] for n in names if n in lowered), None)
