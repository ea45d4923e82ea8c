"""What generating one entity's DDL needs to know about the rest of the model.

An entity's DDL depends on more than the entity: a foreign key with no ``ref_columns`` names the
target's primary key, an enum-typed column needs the enum's schema (or, in other dialects, its
values), a trigger needs its function's schema, and the creation order decides which foreign keys
wait until the end. :meth:`GenContext.signature` collects exactly those inputs, so the incremental
cache can reuse a fragment while they are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.ddl.identifiers import quote_ident
from core.model import DataModel, Entity, EntityKey, EnumType, ForeignKey, Function

__all__ = ["GenContext"]


@dataclass
class GenContext:
    """The model-wide facts an entity's DDL depends on, for one dialect and set of options."""

    model: DataModel
    dialect: str = "postgres"
    citus: bool = False
    _enums: dict[str, EnumType] | None = field(default=None, repr=False)
    _functions: dict[str, Function] | None = field(default=None, repr=False)
    _enum_hits: dict[str, tuple[EnumType, bool] | None] = field(default_factory=dict, repr=False)
    _cascades: dict[EntityKey, frozenset[tuple[int, str, str]]] | None = field(default=None, repr=False)
    #: Results a generator may reuse within this model and dialect (keyed by the generator).
    memo: dict[str, dict[Any, Any]] = field(default_factory=dict, repr=False)

    # -- names --------------------------------------------------------------------------------

    def schema_of(self, schema: str | None) -> str:
        """The effective schema of an object whose ``schema`` field is ``schema``."""
        return schema if schema is not None else self.model.default_schema

    def table_ref(self, schema: str | None, name: str) -> str:
        """The name to write for a table (or view, type, function) in ``schema``.

        PostgreSQL qualifies every object outside ``public``; other dialects qualify objects
        outside the model's default schema (SQLite never: it has no schemas).
        """
        q = quote_ident
        if self.dialect == "postgres":
            s = self.schema_of(schema)
            return q(name) if s == "public" else f"{q(s)}.{q(name)}"
        if self.dialect == "sqlite" or schema is None or schema == self.model.default_schema:
            return q(name, self.dialect)
        return f"{q(schema, self.dialect)}.{q(name, self.dialect)}"

    def portable_schema(self, schema: str | None) -> str | None:
        """The schema to qualify with in a non-PostgreSQL dialect (``None``: unqualified)."""
        if self.dialect == "sqlite" or schema is None or schema == self.model.default_schema:
            return None
        return schema

    @staticmethod
    def label(entity: Entity) -> str:
        """How warnings name an entity: ``name`` or ``schema.name``."""
        return entity.key.display()

    @staticmethod
    def where(entity: Entity) -> str:
        """How errors locate an entity (the model file's path, in words)."""
        return f"entities[{entity.name}]"

    # -- lookups ------------------------------------------------------------------------------

    def enum_for(self, type_text: str) -> tuple[EnumType, bool] | None:
        """The model enum a column type names (and whether it is an array of it), or ``None``."""
        try:
            return self._enum_hits[type_text]
        except KeyError:
            found = self._enum_for(type_text)
            self._enum_hits[type_text] = found
            return found

    def _enum_for(self, type_text: str) -> tuple[EnumType, bool] | None:
        if self._enums is None:
            self._enums = {}
            for en in self.model.enums:
                self._enums.setdefault(en.name, en)
                if en.schema_name is not None:
                    self._enums.setdefault(f"{en.schema_name}.{en.name}", en)
        text = type_text.strip()
        array = text.endswith("[]")
        if array:
            text = text[:-2].rstrip()
        found = self._enums.get(text)
        if found is None and text.startswith('"') and text.endswith('"'):
            found = self._enums.get(text[1:-1].replace('""', '"'))
        return None if found is None else (found, array)

    def function(self, name: str) -> Function | None:
        if self._functions is None:
            self._functions = {}
            for f in self.model.functions:
                self._functions.setdefault(f.name, f)
        return self._functions.get(name)

    def cascades(self) -> dict[EntityKey, frozenset[tuple[int, str, str]]]:
        """SQL Server only: the cascading foreign key actions it would refuse, per canonical
        entity key (:func:`core.ddl.tsql_cascades.refused_cascades`); empty elsewhere."""
        if self._cascades is None:
            from core.ddl.tsql_cascades import refused_cascades

            self._cascades = refused_cascades(self.model) if self.dialect == "tsql" else {}
        return self._cascades

    def refused_cascade(self, entity: Entity, i: int, action: str) -> str | None:
        """Why SQL Server would refuse ``action`` (``on_delete``, ``on_update``) of the entity's
        ``i``-th foreign key: the table that would reach it along two cascading paths, ``""``
        for a cycle; ``None`` when it accepts it."""
        found = self.cascades().get(self.model.canonical_key(entity.key))
        return next((why for j, act, why in found if j == i and act == action), None) if found else None

    def target(self, entity: Entity, fk: ForeignKey) -> Entity | None:
        return self.model.fk_target(entity, fk)

    def ref_columns(self, entity: Entity, fk: ForeignKey) -> tuple[str, ...]:
        """The referenced columns: as written, else the target's primary key (else none)."""
        if fk.ref_columns:
            return fk.ref_columns
        target = self.target(entity, fk)
        if target is not None and target.primary_key is not None:
            return target.primary_key.columns
        return ()

    def target_key(self, entity: Entity, fk: ForeignKey) -> EntityKey:
        return self.model.canonical_key(fk.target(entity.key))

    # -- cache signature ----------------------------------------------------------------------

    def signature(self, entity: Entity, deferred: frozenset[int]) -> tuple[Any, ...]:
        """Everything besides ``entity`` itself that its fragment depends on (compared with
        ``==``; unchanged model objects are shared between revisions, so this is cheap)."""
        parts: list[Any] = [self.model.default_schema, deferred]
        if self.dialect == "tsql":
            parts.append(self.cascades().get(self.model.canonical_key(entity.key)))
        for fk in entity.foreign_keys:
            target = self.target(entity, fk)
            parts.append(None if target is None else (target.key, target.primary_key))
        for a in entity.attributes:
            found = self.enum_for(a.type)
            if found is not None:
                parts.append(found[0])
        for trg in entity.triggers:
            fn = self.function(trg.function)
            parts.append(None if fn is None else fn.schema_name)
        if entity.partition_of:
            parent = self.model.find_entity(entity.partition_of)
            parts.append(None if parent is None else parent.key)
        if entity.distribution is not None and entity.distribution.colocate_with:
            other = self.model.find_entity(entity.distribution.colocate_with)
            parts.append(None if other is None else other.key)
        return tuple(parts)
