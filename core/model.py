"""The data model: frozen pydantic classes that the file format, the app and every analysis share.

A :class:`DataModel` holds entities (tables) in schemas, enum types, views, functions,
publications (logical replication) and the model's settings. Every class is immutable: edits go
through :mod:`core.commands`, which build a new model and keep the old one for undo. References between objects are by name (the way the
model file and SQL spell them); an entity is identified by its :class:`EntityKey`, the pair
``(schema, name)``.

Structural checks that need the whole model (dangling references, duplicate names...) live in
:mod:`core.validate`, so that a model can hold a problem (an imported legacy schema, a model in
the middle of an edit) and still be reported on, all problems at once.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

FORMAT_VERSION = 1
DEFAULT_SCHEMA = "public"

Names = tuple[str, ...]
FKAction = Literal["no action", "restrict", "cascade", "set null", "set default"]
IndexMethod = Literal["btree", "hash", "gin", "gist", "spgist", "brin", "hnsw", "ivfflat"]
Severity = Literal["error", "warning", "info"]


def _names(value: Any) -> Any:
    """Accept ``"a"`` or ``"a, b"`` where a list of names is expected (hand-editing comfort)."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return value


NameList = Annotated[Names, BeforeValidator(_names)]


def _pairs(value: Any) -> Any:
    """Accept a mapping where ordered ``(key, value)`` pairs are stored (``with: {m: 16}``)."""
    if isinstance(value, dict):
        return tuple((str(k), _scalar_text(v)) for k, v in value.items())
    return value


def _scalar_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


Pairs = Annotated[tuple[tuple[str, str], ...], BeforeValidator(_pairs)]


class Node(BaseModel):
    """The base of every model class: immutable, strict about unknown keys, hashable."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        validate_default=False,
        revalidate_instances="never",
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Any:
        """A copy with ``update`` applied, without the copied object's memoized lookups."""
        new = super().model_copy(update=update, deep=deep)
        fields = type(self).model_fields
        for name in [k for k in new.__dict__ if k not in fields]:
            del new.__dict__[name]
        return new


class EntityKey(NamedTuple):
    """How an entity is identified: its schema and its name (schema ``None`` = the default)."""

    schema: str | None
    name: str

    def display(self) -> str:
        return self.name if self.schema is None else f"{self.schema}.{self.name}"


# --------------------------------------------------------------------------------------------
# Attributes and constraints


class Attribute(Node):
    """A column: its SQL type as written (``bigint``, ``numeric(12,2)``, ``vector(1536)``, an enum
    name), nullability, default expression, identity, generated expression, column check, note."""

    name: str
    type: str
    nullable: bool = True
    default: str | None = None
    identity: Literal["always", "by default"] | None = None
    generated: str | None = Field(default=None, description="expression of a stored generated column")
    check: str | None = Field(default=None, description="a CHECK on this column alone")
    note: str | None = None
    original_type: str | None = Field(default=None, description="the type as written in imported DDL")


class PrimaryKey(Node):
    columns: NameList
    name: str | None = None


class UniqueConstraint(Node):
    columns: NameList
    name: str | None = None
    nulls_not_distinct: bool = False


class CheckConstraint(Node):
    expression: str
    name: str | None = None


class IndexKey(Node):
    """One key of an index: a column or an expression, with an optional operator class/order."""

    column: str | None = None
    expression: str | None = None
    opclass: str | None = None
    order: Literal["asc", "desc"] | None = None
    nulls: Literal["first", "last"] | None = None


def _index_keys(value: Any) -> Any:
    value = _names(value)
    if isinstance(value, list | tuple):
        return tuple(IndexKey(column=v) if isinstance(v, str) else v for v in value)
    return value


class Index(Node):
    """An index: column or expression keys, method, uniqueness, partial ``where``, ``include``,
    storage options (``with``: for HNSW ``m``/``ef_construction``, for BRIN ``pages_per_range``...)."""

    name: str | None = None
    columns: Annotated[tuple[IndexKey, ...], BeforeValidator(_index_keys)]
    unique: bool = False
    method: IndexMethod = "btree"
    where: str | None = None
    include: NameList = ()
    with_: Pairs = Field(default=(), alias="with")
    note: str | None = None

    @property
    def column_names(self) -> Names:
        """Plain column keys in order (expression keys are left out)."""
        return tuple(k.column for k in self.columns if k.column is not None)


class ForeignKey(Node):
    """A relationship: ``columns`` of this entity reference ``ref_columns`` of ``references``.

    ``ref_columns`` empty means the target's primary key. ``cardinality`` and ``optional`` are
    derived from the columns (unique? nullable?) when left unset.
    """

    columns: NameList
    references: str
    ref_schema: str | None = None
    ref_columns: NameList = ()
    name: str | None = None
    on_delete: FKAction | None = None
    on_update: FKAction | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    cardinality: Literal["one-to-one", "one-to-many"] | None = None
    optional: bool | None = None
    note: str | None = None

    def target(self, owner: EntityKey) -> EntityKey:
        """The referenced entity's key (an unqualified reference stays in the owner's schema)."""
        return EntityKey(self.ref_schema if self.ref_schema is not None else owner.schema, self.references)


class ExclusionElement(Node):
    expression: str
    operator: str


class ExclusionConstraint(Node):
    """``EXCLUDE USING method (expr WITH op, ...) [WHERE (...)]``."""

    elements: tuple[ExclusionElement, ...]
    name: str | None = None
    method: str = "gist"
    where: str | None = None


class Policy(Node):
    """A row-level-security policy."""

    name: str
    command: Literal["all", "select", "insert", "update", "delete"] = "all"
    permissive: bool = True
    roles: NameList = ()
    using: str | None = None
    with_check: str | None = None


class RowLevelSecurity(Node):
    enabled: bool = True
    forced: bool = False
    policies: tuple[Policy, ...] = ()


class Distribution(Node):
    """Citus distribution: a distributed table (by ``column``, co-located with another table) or a
    reference table."""

    kind: Literal["distributed", "reference"]
    column: str | None = None
    colocate_with: str | None = None


class Trigger(Node):
    """A trigger on the entity, executing a function of the model."""

    name: str
    function: str
    timing: Literal["before", "after", "instead of"] = "after"
    events: NameList = ("insert", "update", "delete")
    level: Literal["row", "statement"] = "row"
    when: str | None = None
    arguments: NameList = ()


class FunctionalDependency(Node):
    """``lhs -> rhs`` over the entity's attributes; ``source`` is ``declared`` or ``discovered``
    (with where, how many rows and when)."""

    lhs: NameList
    rhs: NameList
    source: Literal["declared", "discovered"] = "declared"
    discovered_from: str | None = None
    rows: int | None = None
    discovered_on: _dt.date | None = None
    note: str | None = None


class MultivaluedDependency(Node):
    lhs: NameList
    rhs: NameList
    note: str | None = None


def _key_shorthand(value: Any) -> Any:
    """Accept ``primary_key: [id]`` (or ``id``, ``a, b``) for ``primary_key: {columns: [id]}``."""
    if isinstance(value, str | list):
        return {"columns": value}
    return value


def _keys_shorthand(value: Any) -> Any:
    """Accept ``uniques: [[email], [tenant_id, slug]]`` (a list of column lists, or of names)."""
    if isinstance(value, list):
        return [_key_shorthand(item) for item in value]
    return value


class Entity(Node):
    """A table with its attributes, keys, constraints, indexes, relationships, triggers, security,
    distribution and declared dependencies."""

    name: str
    schema_name: str | None = Field(default=None, alias="schema")
    note: str | None = None
    tags: NameList = ()
    attributes: tuple[Attribute, ...] = ()
    primary_key: Annotated[PrimaryKey | None, BeforeValidator(_key_shorthand)] = None
    uniques: Annotated[tuple[UniqueConstraint, ...], BeforeValidator(_keys_shorthand)] = ()
    checks: tuple[CheckConstraint, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[Index, ...] = ()
    exclusions: tuple[ExclusionConstraint, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    rls: RowLevelSecurity | None = None
    distribution: Distribution | None = None
    partition_by: str | None = Field(default=None, description="e.g. RANGE (created_at)")
    partition_of: str | None = Field(default=None, description="parent table of a partition")
    partition_bound: str | None = Field(default=None, description="e.g. FOR VALUES FROM (...) TO (...)")
    fds: tuple[FunctionalDependency, ...] = ()
    mvds: tuple[MultivaluedDependency, ...] = ()
    data_source: str | None = Field(
        default=None, description="where rows can be read (csv:PATH, sqlite:FILE#table, postgresql://...)"
    )

    @property
    def key(self) -> EntityKey:
        return EntityKey(self.schema_name, self.name)

    @property
    def attribute_names(self) -> Names:
        return tuple(a.name for a in self.attributes)

    @cached_property
    def _attr_index(self) -> dict[str, int]:
        index: dict[str, int] = {}
        for i, a in enumerate(self.attributes):
            index.setdefault(a.name, i)
        return index

    def attribute(self, name: str) -> Attribute | None:
        i = self._attr_index.get(name)
        return None if i is None else self.attributes[i]

    def attribute_position(self, name: str) -> int | None:
        return self._attr_index.get(name)


# --------------------------------------------------------------------------------------------
# Model-level objects


class EnumType(Node):
    name: str
    values: NameList
    schema_name: str | None = Field(default=None, alias="schema")
    note: str | None = None


class View(Node):
    """A view or materialized view, kept with its SQL (the ``SELECT``).

    ``security_invoker`` (PostgreSQL 15+) makes a view read its tables with the rights of the
    user who queries it, so that their row-level security applies to that user (a plain view
    reads them as its owner and bypasses it); ``security_barrier`` keeps functions of the
    querying user's ``WHERE`` from seeing rows the view's own conditions hide. Both are options
    of plain views only.
    """

    name: str
    sql: str
    schema_name: str | None = Field(default=None, alias="schema")
    materialized: bool = False
    security_invoker: bool = False
    security_barrier: bool = False
    note: str | None = None
    tags: NameList = ()


#: The operations a publication can publish, in PostgreSQL's order.
PUBLISH_OPERATIONS: tuple[str, ...] = ("insert", "update", "delete", "truncate")


class PublicationTable(Node):
    """One table of a publication, with an optional column list and row filter (PostgreSQL 15+):
    ``FOR TABLE t (a, b) WHERE (status <> 'draft')``."""

    table: str
    schema_name: str | None = Field(default=None, alias="schema")
    columns: NameList = ()
    where: str | None = None

    @property
    def key(self) -> EntityKey:
        return EntityKey(self.schema_name, self.table)


def _publication_tables(value: Any) -> Any:
    """Accept ``tables: [orders, {table: items, columns: [id, qty]}]`` (a bare name is a table)."""
    value = _names(value)
    if isinstance(value, list | tuple):
        return tuple({"table": v} if isinstance(v, str) else v for v in value)
    return value


class Publication(Node):
    """A logical replication publication (``CREATE PUBLICATION``): the changes of some tables,
    of every table in some schemas, or of ``all_tables``, for subscribers and CDC tools.

    ``publish`` lists the operations sent (PostgreSQL's default: all four);
    ``via_partition_root`` publishes a partitioned table's changes as its own rather than its
    partitions'.
    """

    name: str
    all_tables: bool = False
    tables: Annotated[tuple[PublicationTable, ...], BeforeValidator(_publication_tables)] = ()
    schemas: NameList = ()
    publish: NameList = PUBLISH_OPERATIONS
    via_partition_root: bool = False
    note: str | None = None


class Function(Node):
    """A function kept as its SQL body: ``CREATE FUNCTION name(arguments) RETURNS returns
    LANGUAGE language AS $$ body $$``."""

    name: str
    body: str
    returns: str = "trigger"
    arguments: str = ""
    language: str = "plpgsql"
    schema_name: str | None = Field(default=None, alias="schema")
    note: str | None = None


class Suppression(Node):
    """One lint finding silenced on purpose, with the reason kept in the file."""

    rule: str
    reason: str
    entity: str | None = None
    attribute: str | None = None


class LintConfig(Node):
    disable: NameList = ()
    severity: Annotated[tuple[tuple[str, Severity], ...], BeforeValidator(_pairs)] = ()
    suppress: tuple[Suppression, ...] = ()
    options: Pairs = ()


class AppliedPattern(Node):
    """A record that a pattern was applied (so applying it again can be refused)."""

    pattern: str
    entities: NameList = ()
    params: Pairs = ()


class Settings(Node):
    multi_tenant: bool = False
    tenant_column: str = "tenant_id"
    tenant_entity: str = "tenants"


class DataModel(Node):
    """A whole model: the root of the model file."""

    format_version: int = FORMAT_VERSION
    name: str = "untitled"
    note: str | None = None
    default_schema: str = DEFAULT_SCHEMA
    settings: Settings = Settings()
    extensions: NameList = ()
    enums: tuple[EnumType, ...] = ()
    entities: tuple[Entity, ...] = ()
    views: tuple[View, ...] = ()
    functions: tuple[Function, ...] = ()
    publications: tuple[Publication, ...] = ()
    lint: LintConfig = LintConfig()
    patterns: tuple[AppliedPattern, ...] = ()

    @cached_property
    def _entity_index(self) -> dict[EntityKey, int]:
        index: dict[EntityKey, int] = {}
        for i, e in enumerate(self.entities):
            index.setdefault(self.canonical_key(e.key), i)
        return index

    def canonical_key(self, key: EntityKey) -> EntityKey:
        """The key with the default schema spelled as ``None`` (``public.x`` and ``x`` are one)."""
        if key.schema == self.default_schema:
            return EntityKey(None, key.name)
        return key

    def entity(self, key: EntityKey | str) -> Entity | None:
        """The entity with this key (or bare name in the default schema), or ``None``."""
        if isinstance(key, str):
            key = EntityKey(None, key)
        i = self._entity_index.get(self.canonical_key(key))
        return None if i is None else self.entities[i]

    def entity_position(self, key: EntityKey | str) -> int | None:
        if isinstance(key, str):
            key = EntityKey(None, key)
        return self._entity_index.get(self.canonical_key(key))

    def find_entity(self, text: str) -> Entity | None:
        """Resolve a user-typed entity reference: ``name`` or ``schema.name``."""
        found = self.entity(EntityKey(None, text))
        if found is None:
            found = next((e for e in self.entities if e.name == text), None)
        if found is None and "." in text:
            schema, _, name = text.partition(".")
            found = self.entity(EntityKey(schema, name))
        return found

    def fk_target(self, owner: Entity, fk: ForeignKey) -> Entity | None:
        return self.entity(fk.target(owner.key))

    def iter_foreign_keys(self) -> Iterator[tuple[Entity, ForeignKey]]:
        for e in self.entities:
            for fk in e.foreign_keys:
                yield e, fk

    def schema_of(self, entity: Entity) -> str:
        return entity.schema_name or self.default_schema

    def enum(self, name: str) -> EnumType | None:
        return next((en for en in self.enums if en.name == name), None)
