"""Table-template rules: what every table of a well-kept model has.

``nullable-without-reason``, ``missing-timestamps``, ``status-without-check``, ``pk-type``,
``jsonb-without-check`` and ``soft-delete-unique`` (column types: :mod:`core.lint.coltypes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.commands import AddAttribute, AddItem, Batch, RemoveItem, ReplaceItem, UpdateAttribute
from core.lint.context import (
    LintContext,
    any_columns,
    checks_on,
    constraint_label,
    fk_columns,
    mentions,
    words_of,
)
from core.lint.finding import Hit
from core.lint.integrity import key_of
from core.lint.registry import Option, rule
from core.model import Attribute, Entity, Index, IndexKey
from core.types import base_name, family

__all__: list[str] = []


@rule("nullable-without-reason", "info", "nullable column without a note", "template")
def nullable_without_reason(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """NULL has no single meaning (unknown? not applicable? not yet?), and every nullable column
    makes queries, aggregates and constraints subtler. Make a column NOT NULL unless a missing
    value is part of the design, and then say what NULL means in the column's note
    (``shipped_at``: NULL until the order ships), or in the table's note."""
    pk = set(entity.primary_key.columns) if entity.primary_key else set()
    for j, a in enumerate(entity.attributes):
        if not a.nullable or a.name in pk or a.generated is not None or mentions(entity.note, a.name):
            continue
        if not (a.note and a.note.strip()):
            yield Hit(f'"{a.name}" may be NULL but no note says what NULL means; make it NOT NULL or explain',
                      attribute=a.name, path=("attributes", j, "nullable"))


#: Spellings of the two columns, compared without case and underscores (``ModifiedDate``...).
_CREATED = frozenset(["createdat", "created", "createdon", "createddate", "createdtime", "creationdate", "creationtime", "datecreated", "createtime", "insertedat", "insertedon", "inserttime", "dateadded", "addedat", "addedon", "recordedat", "recordedon"])
_UPDATED = frozenset(["updatedat", "updated", "updatedon", "updateddate", "updatetime", "updatedtime", "modifiedat", "modified", "modifiedon", "modifieddate", "modifytime", "modificationdate", "datemodified", "changedat", "changedon", "lastmodified", "lastmodifiedat", "lastupdated", "lastupdate", "lastupdatedat", "lastchanged"])


def _has_column(entity: Entity, spellings: frozenset[str]) -> bool:
    return any(a.name.lower().replace("_", "") in spellings for a in entity.attributes)
_IMMUTABLE = re.compile(r"append[- ]only|insert[- ]only|immutable|never (updated|changes?)|read[- ]only|"
                        r"write[- ]once", re.IGNORECASE)
_IMMUTABLE_TAGS = {"append-only", "append_only", "immutable", "insert-only", "readonly", "read-only", "log",
                   "lookup", "reference"}


def _immutable(entity: Entity) -> bool:
    if {t.lower() for t in entity.tags} & _IMMUTABLE_TAGS:
        return True
    if entity.note and _IMMUTABLE.search(entity.note):
        return True
    pk = set(entity.primary_key.columns) if entity.primary_key else set()
    # a link table: its key is made of two or more foreign-key columns
    return len(pk) >= 2 and pk <= fk_columns(entity)


@rule("missing-timestamps", "warning", "mutable table without created_at/updated_at", "template", fixable=True)
def missing_timestamps(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """When a row was created and last changed is the first question of every investigation,
    sync job and cache. A table whose rows change should carry ``created_at`` and ``updated_at``
    (``timestamptz``, NOT NULL, default ``now()``; a trigger keeps ``updated_at`` current).
    Tables that are append-only or immutable (tagged so, or said so in their note) and link
    tables (a key made of foreign keys) are exempt. The fix adds the missing columns."""
    if _immutable(entity) or entity.partition_of:
        return
    created = _has_column(entity, _CREATED)
    updated = _has_column(entity, _UPDATED)
    if created and updated:
        return
    key = key_of(ctx, entity)
    missing = [n for n, have in (("created_at", created), ("updated_at", updated)) if not have]
    if any(entity.attribute(n) is not None for n in missing):
        return
    commands = tuple(AddAttribute(key, Attribute(name=n, type="timestamptz", nullable=False, default="now()"))
                     for n in missing)
    yield Hit(f'"{entity.name}" has no {" or ".join(missing)}; add {"them" if len(missing) > 1 else "it"} '
              "(or tag the table append-only)", path=("attributes",),
              fix=Batch(commands, f"add {', '.join(missing)} to {key.display()}"))


#: Type columns whose values are an open vocabulary (not judged by default).
_OPEN_SETS = "mime_type,content_type,media_type,event_type,stream_type,aggregate_type,message_type"
_STATUS = {"status", "state", "type", "kind", "category", "stage", "phase", "level", "priority", "severity"}


@rule("status-without-check", "warning", "status/type text column without CHECK or enum", "template",
      options=(Option("ignore", _OPEN_SETS,
                      "comma-separated column names whose values are an open set"),))
def status_without_check(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A ``status``, ``state`` or ``type`` column holds one of a few known values; as free text it
    soon holds ``'Shipped'``, ``'shipped '`` and ``'shiped'``, and every query that filters on it
    silently misses rows. Use an enum type, a lookup table with a foreign key, or a CHECK
    listing the allowed values. Open vocabularies (MIME types, event, stream and aggregate
    types of an event store or outbox) are exempt, as is the state of a postal address
    (``state`` next to ``city``): option
    ``status-without-check.ignore``."""
    ignore = ctx.words("status-without-check", "ignore", _OPEN_SETS)
    for j, a in enumerate(entity.attributes):
        words = words_of(a.name)
        if a.name.lower() in ignore or "_".join(words) in ignore:  # ContentType is content_type
            continue
        if not words or words[-1] not in _STATUS or family(a.type) != "text" or a.name in fk_columns(entity):
            continue
        if checks_on(entity, a.name) or a.generated is not None or _postal_state(entity, words):
            continue
        yield Hit(f'"{a.name}" is free text ({a.type}); restrict it with an enum, a lookup table or a CHECK',
                  attribute=a.name, path=("attributes", j, "type"))


_ADDRESS_PARTS = {"city", "country", "zip", "zipcode", "postcode", "postal", "address", "county", "street"}


def _postal_state(entity: Entity, words: list[str]) -> bool:
    """Whether a ``state`` column is part of an address (``site_state`` next to ``site_city``)."""
    if words[-1] != "state":
        return False
    prefix = words[:-1]
    return any((w := words_of(a.name))[:-1] == prefix and w and w[-1] in _ADDRESS_PARTS for a in entity.attributes)


@rule("pk-type", "warning", "primary key neither bigint nor uuid", "template", fixable=True)
def pk_type(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A surrogate key should be ``bigint`` (an ``integer`` key runs out at 2,147,483,647 rows
    ever inserted, and widening it later rewrites the table and every referencing one) or
    ``uuid`` (when keys are made outside the database). Natural text keys are left to
    ``smart-key``, hash keys (``bytea``) are left alone. Checked on the key's own column: a
    composite key's foreign-key columns follow their parents, and its other column is judged
    only when it is a counter (identity, serial), not a position, version or date. The fix widens integer keys to
    bigint, and their referencing columns with them."""
    if entity.primary_key is None:
        return
    own = [c for c in entity.primary_key.columns if c not in fk_columns(entity)]
    tenant = ctx.model.settings.tenant_column
    own = [c for c in own if c != tenant] if len(own) > 1 else own
    if len(own) != 1 or (a := entity.attribute(own[0])) is None:
        return
    base, fam = base_name(a.type), family(a.type)
    if base in ("bigint", "bigserial", "serial8") or fam == "uuid":
        return
    if fam in ("text", "other", "binary"):
        return  # a natural text key, a domain or a hash key: smart-key judges text keys
    counter = a.identity is not None or "serial" in base or "nextval" in (a.default or "")
    if len(entity.primary_key.columns) > 1 and not counter:
        return  # a discriminator under a composite key (a position, a version, a load date)
    fix = None
    if fam == "integer" and a.generated is None:
        wanted = "bigserial" if base in ("serial", "serial4", "smallserial", "serial2") else "bigint"
        fix = UpdateAttribute(key_of(ctx, entity), a.name, (("type", wanted),))
    yield Hit(f'the primary key "{a.name}" is {a.type}; use bigint (or uuid)', attribute=a.name,
              path=("attributes", entity.attribute_position(a.name) or 0, "type"), fix=fix)


@rule("jsonb-without-check", "info", "JSONB column without a CHECK on its shape", "template", fixable=True)
def jsonb_without_check(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A JSONB column accepts any JSON at all: a string where an object was expected, a
    misspelled key. A CHECK on its shape (``jsonb_typeof(col) = 'object'``, required keys with
    ``?&``, or a JSON-schema check) keeps garbage out at the one place every writer passes. The
    fix requires the top-level type (object, or array when the default is an array)."""
    key = key_of(ctx, entity)
    for j, a in enumerate(entity.attributes):
        if family(a.type) != "jsonb" or a.generated is not None or checks_on(entity, a.name):
            continue
        kind = "array" if a.default is not None and a.default.strip().startswith("'[") else "object"
        name = a.name if re.fullmatch(r"[a-z_][a-z0-9_]*", a.name) else '"' + a.name.replace('"', '""') + '"'
        yield Hit(f'"{a.name}" accepts any JSON; add a CHECK on its shape', attribute=a.name,
                  path=("attributes", j),
                  fix=UpdateAttribute(key, a.name, (("check", f"jsonb_typeof({name}) = '{kind}'"),)))


_DELETED = ("deleted_at", "deleted", "is_deleted", "deleted_on", "archived_at", "removed_at")


@rule("soft-delete-unique", "warning", "unique constraint that counts soft-deleted rows", "template",
      fixable=True)
def soft_delete_unique(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """When rows are soft-deleted (``deleted_at`` set instead of a DELETE), a plain unique
    constraint still counts the deleted rows: a user who deletes their account can never sign up
    again with the same email. Uniqueness should hold among live rows only: a partial unique
    index ``WHERE deleted_at IS NULL``. The fix replaces the constraint (when no foreign key
    references it; those need a plain unique key)."""
    column = any_columns(entity, _DELETED)
    if column is None:
        return
    a = entity.attribute(column)
    live = f"{column} IS NULL" if a is not None and family(a.type) != "boolean" else f"NOT {column}"
    key = key_of(ctx, entity)
    for k, u in enumerate(entity.uniques):
        if column in u.columns:
            continue
        fix = None
        if not ctx.referenced(entity, u.columns):
            index = Index(name=u.name, columns=tuple(IndexKey(column=c) for c in u.columns), unique=True, where=live)
            fix = Batch((RemoveItem(key, "uniques", k), AddItem(key, "indexes", index)),
                        f"make unique ({', '.join(u.columns)}) of {key.display()} partial on live rows")
        yield Hit(f"soft-deleted rows still count for this constraint; make it a partial unique index "
                  f"WHERE {live}", constraint=constraint_label(u), path=("uniques", k), fix=fix)
    for k, ix in enumerate(entity.indexes):
        if not ix.unique or column in ix.column_names or (ix.where and column in ix.where):
            continue
        where = live if ix.where is None else f"({ix.where}) AND {live}"
        yield Hit(f"soft-deleted rows still count for this unique index; add WHERE {live}",
                  constraint=constraint_label(ix), path=("indexes", k),
                  fix=ReplaceItem(key, "indexes", k, ix.model_copy(update={"where": where})))
