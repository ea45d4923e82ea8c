"""Anti-pattern rules: shapes an experienced modeler recognizes and rejects.

``polymorphic-fk``, ``eav-table``, ``god-table``, ``smart-key``, ``repeating-group``,
``csv-column`` and ``calculated-without-source``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.commands import AddEntity, Batch, Command, DeleteAttribute, UpdateAttribute
from core.lint.context import LintContext, checks_on, fk_columns, mentions, words_of
from core.lint.finding import Hit
from core.lint.integrity import key_of, target_for
from core.lint.registry import Option, rule
from core.model import Attribute, Entity, ForeignKey, PrimaryKey, UniqueConstraint
from core.types import family

__all__: list[str] = []


@rule("polymorphic-fk", "warning", "polymorphic association (*_type + *_id, no foreign key)", "antipatterns",
      fixable=True)
def polymorphic_fk(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A pair ``commentable_type`` + ``commentable_id`` that points at a row of whichever table
    the type names cannot have a foreign key: orphans and wrong types go unnoticed, and every
    join needs the type in its condition. Replace it with an exclusive arc (one nullable
    foreign key per target table and a CHECK that exactly one is set) or with a shared parent
    table that every target references. When the type's values are listed (an enum, or a CHECK
    ``x_type IN (...)``) and each names a table, the fix applies the exclusive arc (the
    ``polymorphic-to-exclusive-arc`` pattern, whose preview also gives the data migration)."""
    names = {a.name.lower(): a.name for a in entity.attributes}
    taken = fk_columns(entity) | set(entity.primary_key.columns if entity.primary_key else ())
    for j, a in enumerate(entity.attributes):
        low = a.name.lower()
        if not low.endswith("_id") or a.name in taken:
            continue
        stem = low[:-3]
        partner = names.get(f"{stem}_type") or names.get(f"{stem}_kind") or names.get(f"{stem}_table")
        if partner is None or not stem or partner.lower() in _VOCABULARIES:
            continue
        if target_for(ctx, entity, stem) not in (None, entity):
            continue  # <x>_id names a table: a plain reference (relation-suggested), <x>_type a property
        types = _arc_types(ctx, entity, partner)
        fix = _exclusive_arc(ctx, entity, partner, a.name, types) if types else None
        how = ("the fix makes it an exclusive arc over " + ", ".join(t for _, t in types) if fix is not None
               else "name its values in a CHECK (x IN (...)) or an enum to get a fix")
        yield Hit(f'"{partner}" + "{a.name}" point at a row of a table chosen per row, with no foreign key; '
                  f"use an exclusive arc (one foreign key per target) or a shared parent table ({how}; "
                  "or the patterns polymorphic-to-exclusive-arc and polymorphic-to-shared-parent)",
                  attribute=a.name, path=("attributes", j), fix=fix)


_IN_LIST = re.compile(r"""^\s*\(*\s*"?(?P<col>\w+)"?(\s*::\s*\w+)?\s*(IN\s*\((?P<in>.*)\)|=\s*ANY\s*\(\s*
                          (ARRAY\s*\[(?P<arr>.*)\]|'\{(?P<lit>[^}]*)\}'(::\w+(\[\])?)?))\s*\)*\s*$""",
                      re.IGNORECASE | re.VERBOSE | re.DOTALL)
_QUOTED = re.compile(r"'((?:[^']|'')*)'(?:\s*::\s*[\w ]+)?")
_LITERALS = re.compile(r"\s*'(?:[^']|'')*'(?:\s*::\s*[\w ]+)?\s*(,\s*'(?:[^']|'')*'(?:\s*::\s*[\w ]+)?\s*)*")


def type_values(ctx: LintContext, entity: Entity, column: str) -> list[str]:
    """The values a type column may take: its enum's, or those of a CHECK ``column IN (...)``
    (or ``= ANY (ARRAY[...])``); empty when they are not listed."""
    attr = entity.attribute(column)
    if attr is None:
        return []
    enum = next((e for e in ctx.model.enums if e.name.lower() == attr.type.strip().lower().split(".")[-1]), None)
    if enum is not None:
        return list(enum.values)
    for check in checks_on(entity, column):
        m = _IN_LIST.match(check)
        if m is None or m.group("col").lower() != column.lower():
            continue
        if m.group("lit") is not None:
            return [v.strip().strip('"') for v in m.group("lit").split(",") if v.strip()]
        items = m.group("in") if m.group("in") is not None else m.group("arr")
        if _LITERALS.fullmatch(items):
            return [v.replace("''", "'") for v in _QUOTED.findall(items)]
    return []


def _arc_types(ctx: LintContext, entity: Entity, type_column: str) -> list[tuple[str, str]]:
    """``(type value, table)`` for every listed value of the type column, when each names a
    table of the model (``post``/``Post``/``BlogPost`` -> ``posts``/``blog_posts``); else empty."""
    out = []
    for value in type_values(ctx, entity, type_column):
        target = target_for(ctx, entity, "_".join(words_of(value))) if value.strip() else None
        if target is None or target.primary_key is None or len(target.primary_key.columns) != 1:
            return []
        out.append((value, target.name))
    return out


def _exclusive_arc(ctx: LintContext, entity: Entity, type_column: str, id_column: str,
                   types: list[tuple[str, str]]) -> Command | None:
    """The ``polymorphic-to-exclusive-arc`` pattern's batch for this pair, or ``None`` when the
    pattern refuses (a column name taken, a composite key...)."""
    from core.errors import CommandError
    from core.patterns import get_pattern

    if len({t for _, t in types}) != len(types):
        return None
    params = {"types": ",".join(f"{v}:{t}" for v, t in types), "type_column": type_column, "id_column": id_column}
    try:
        return get_pattern("polymorphic-to-exclusive-arc").apply(ctx.model, [ctx.key(entity).display()], params)
    except CommandError:
        return None


#: ``<x>_type`` columns that hold a vocabulary (a MIME type), not the table of ``<x>_id``.
_VOCABULARIES = frozenset({"media_type", "content_type", "mime_type", "file_type"})

_EAV_ATTRIBUTE = ("attribute", "attribute_id", "attribute_name", "attr", "attr_name", "key", "property",
                  "property_name", "property_id", "field", "field_name", "param", "parameter", "meta_key")
_EAV_VALUE = re.compile(r"^(value|val|meta_value|(string|text|int|integer|number|numeric|date|bool)_value|"
                        r"value_(text|string|int|number|numeric|date|bool)|attribute_value|property_value)$")


@rule("eav-table", "warning", "entity-attribute-value table", "antipatterns")
def eav_table(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """An entity-attribute-value table (``entity_id``, ``attribute``, ``value``) stores each
    property of a thing as a row: types, NOT NULL, CHECKs and foreign keys on values become
    impossible, and every read needs one self-join per property. Model the properties as
    columns; for genuinely open-ended data use a JSONB column with a CHECK on its shape."""
    lowered = {a.name.lower() for a in entity.attributes}
    attribute = next((n for n in _EAV_ATTRIBUTE if n in lowered), None)
    values = [a.name for a in entity.attributes if _EAV_VALUE.match(a.name.lower())]
    pk = set(entity.primary_key.columns) if entity.primary_key else set()
    refs = [a.name for a in entity.attributes
            if a.name.lower().endswith("_id") and a.name.lower() != attribute and a.name not in pk - fk_columns(entity)]
    if attribute is None or not values or not refs:
        return
    yield Hit(f'"{entity.name}" stores properties as rows ({refs[0]}, {attribute}, {values[0]}): '
              "model them as typed columns, or one JSONB column with a CHECK", path=("name",))


@rule("god-table", "warning", "too many columns, mostly nullable", "antipatterns",
      options=(Option("max_columns", "30", "more columns than this..."),
               Option("nullable_ratio", "0.5", "...of which more than this share nullable")))
def god_table(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A table with dozens of columns, most of them nullable, usually holds several things at
    once (a customer and their billing profile and their preferences...): each row uses a few
    columns, constraints cannot say which combinations are valid, and every change touches the
    one table everyone locks. Split it along the groups of columns that are filled together.
    The thresholds are options ``god-table.max_columns`` and ``god-table.nullable_ratio``."""
    limit = ctx.number("god-table", "max_columns", 30)
    ratio = ctx.number("god-table", "nullable_ratio", 0.5)
    n = len(entity.attributes)
    nullable = sum(1 for a in entity.attributes if a.nullable)
    if n > limit and nullable > ratio * n:
        yield Hit(f'"{entity.name}" has {n} columns, {nullable} of them nullable: it probably holds several '
                  "things; split it along the groups of columns filled together", path=("attributes",))


_SMART = re.compile(r"(^|_)(code|number|no|num|nr|ref|reference|sku|key|ident|identifier)$")
_SMART_CAMEL = re.compile(r"[a-z0-9](Code|Number|No|Num|Nr|Ref|Key|Sku)$")


def _short_fixed(type_text: str) -> bool:
    m = re.search(r"\((\d+)\)", type_text)
    return m is not None and int(m.group(1)) <= 3


@rule("smart-key", "warning", "primary key that encodes meaning", "antipatterns", fixable=True)
def smart_key(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A "smart" key (``product_code`` = ``EU-SHOE-0042``, ``invoice_no`` = ``2024/0001``) packs
    facts into an identifier: when a product moves category or a numbering scheme changes, the key
    must change, and every referencing row with it. Keep such codes as unique attributes and
    identify rows by a meaningless surrogate key. Standard short codes (ISO ``char(2)`` country or
    ``char(3)`` currency codes) are fine as keys. The fix (offered when nothing references the
    table yet) adds a ``bigint`` identity key and keeps the code unique."""
    if entity.primary_key is None:
        return
    pk = entity.primary_key.columns
    for col in pk:
        a = entity.attribute(col)
        if a is None or family(a.type) != "text" or _short_fixed(a.type) or col in fk_columns(entity):
            continue
        if not (_SMART.search(col.lower()) or _SMART_CAMEL.search(col)):
            continue
        fix: Command | None = None
        key = key_of(ctx, entity)
        if not ctx.referenced(entity) and entity.attribute("id") is None:
            from core.commands import AddAttribute, AddItem, SetPrimaryKey

            fix = Batch((AddAttribute(key, Attribute(name="id", type="bigint", nullable=False, identity="always"), 0),
                         AddItem(key, "uniques", UniqueConstraint(columns=pk)), SetPrimaryKey(key, ("id",))),
                        f"give {key.display()} a surrogate key and keep ({', '.join(pk)}) unique")
        yield Hit(f'"{col}" is a text key whose values likely encode meaning; keep it as a unique attribute and '
                  "identify rows by a surrogate key", attribute=col, path=("primary_key",), fix=fix)
        return


_NUMBERED = re.compile(r"^(.*?[A-Za-z])_?(\d+)$")


@rule("repeating-group", "warning", "numbered columns (phone1, phone2...)", "antipatterns", fixable=True,
      options=(Option("allow", "line", "comma-separated stems that may repeat (address line1, line2)"),))
def repeating_group(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """Columns ``phone1, phone2, phone3`` are a list squeezed into a row (a first-normal-form
    violation): a fourth phone needs a schema change, searching means OR-ing every column, and
    the empty ones are NULLs. Store the list in a child table, one row per item with its position.
    The fix creates that table (with a foreign key to this one) and drops the numbered columns;
    migrate the data first. Stems allowed to repeat are option ``repeating-group.allow``
    (``address_line1``, ``AddressLine1``); numbered foreign keys to different tables, or a pair
    of foreign keys (``node1``, ``node2``: an edge), are the ends of a relationship, not a list."""
    allowed = ctx.words("repeating-group", "allow", "line")
    groups: dict[str, list[tuple[int, Attribute]]] = {}
    for a in entity.attributes:
        m = _NUMBERED.match(a.name)
        if m:
            groups.setdefault(m.group(1).rstrip("_"), []).append((int(m.group(2)), a))
    fks = {c: fk for fk in entity.foreign_keys for c in fk.columns}
    for stem, items in groups.items():
        numbers = sorted(n for n, _ in items)
        words = words_of(stem)
        if len(items) < 2 or numbers[0] > 1 or stem.lower() in allowed or (words and words[-1] in allowed):
            continue
        if len({family(a.type) for _, a in items}) != 1:
            continue
        targets = {fks[a.name].references.lower() for _, a in items if a.name in fks}
        if len(targets) > 1 or (len(items) == 2 and all(a.name in fks for _, a in items)):
            continue  # the ends of a relationship (entity0 -> artist, entity1 -> recording; an edge), not a list
        columns = [a.name for _, a in sorted(items, key=lambda t: t[0])]
        yield Hit(f"{', '.join(columns)} are a repeating group: store them in a child table, one row each",
                  attribute=columns[0], path=("attributes", entity.attribute_position(columns[0]) or 0),
                  fix=_child_table(ctx, entity, stem, [a for _, a in sorted(items, key=lambda t: t[0])]))


def _child_table(ctx: LintContext, entity: Entity, stem: str, columns: list[Attribute]) -> Command | None:
    pk = entity.primary_key.columns if entity.primary_key else ()
    if not pk or any(c.name in pk or c.name in fk_columns(entity) for c in columns):
        return None
    name = f"{entity.name}_{stem.lower()}s"
    if ctx.names.get(name.lower()) or len(name.encode()) > 63:
        return None
    parent_cols = [entity.attribute(c) for c in pk]
    refs = [Attribute(name=f"{entity.name}_{c.name}" if c.name == "id" else c.name, type=c.type, nullable=False)
            for c in parent_cols if c is not None]
    ref_names = tuple(r.name for r in refs)
    item = columns[0].model_copy(update={"name": stem.lower(), "nullable": False, "default": None,
                                         "check": None, "note": None, "identity": None, "generated": None})
    child = Entity(name=name, schema_name=entity.schema_name,
                   note=f"The {stem} items of {entity.name}, formerly {', '.join(c.name for c in columns)}.",
                   attributes=(*refs, Attribute(name="position", type="smallint", nullable=False,
                                                check="position > 0"), item),
                   primary_key=PrimaryKey(columns=(*ref_names, "position")),
                   foreign_keys=(ForeignKey(columns=ref_names, references=entity.name, ref_schema=entity.schema_name,
                                            ref_columns=pk, on_delete="cascade"),))
    key = key_of(ctx, entity)
    return Batch((AddEntity(child), *(DeleteAttribute(key, c.name) for c in columns)),
                 f"move {', '.join(c.name for c in columns)} of {key.display()} to a child table {name}")


_COMMA_LIST = re.compile(r"\(,|\[,|,\]|split_part|string_to_array|regexp_split")
_LIST_NAME = re.compile(r"(^|_)(list|csv|ids|tags|emails|phones|codes|values|items|names|keywords)$")


@rule("csv-column", "warning", "delimited list in a text column", "antipatterns", fixable=True)
def csv_column(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A text column holding ``"red,green,blue"`` or ``"12,15,19"`` hides a list from the
    database: no foreign keys on the items, no index on one item, and every query parses
    strings. Store the items in a child table (with foreign keys when they are references), or at
    least as an array. Detected from the name (``*_ids``, ``*_list``, ``tags``...) or a CHECK that
    matches commas. The fix turns a plain list into ``text[]`` (lists of ids need a table)."""
    key = key_of(ctx, entity)
    for j, a in enumerate(entity.attributes):
        if family(a.type) != "text":
            continue
        by_name = _LIST_NAME.search("_".join(words_of(a.name))) is not None
        by_check = any(_COMMA_LIST.search(c) for c in checks_on(entity, a.name))
        if not (by_name or by_check):
            continue
        fix = None
        if not a.name.lower().endswith("ids") and a.default is None and a.generated is None and not checks_on(
                entity, a.name) and not ctx.referenced(entity, [a.name]) and a.name not in fk_columns(entity):
            fix = UpdateAttribute(key, a.name, (("type", "text[]"),))
        yield Hit(f'"{a.name}" ({a.type}) looks like a delimited list; store the items in a child table '
                  "(or an array)", attribute=a.name, path=("attributes", j, "type"), fix=fix)


_DERIVED_TABLE = re.compile(r"read model|projection|rebuilt from|materiali[sz]ed|derived from|denormali[sz]ed copy",
                            re.IGNORECASE)
_DERIVED = re.compile(r"(^|_)(total|subtotal|sum|count|avg|average|balance|age|num)(_|$)|_(total|count|sum)$")


@rule("calculated-without-source", "warning", "stored calculated value without its source", "antipatterns")
def calculated_without_source(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A stored total, count or age goes stale the moment its sources change unless something
    keeps it current. Make it a generated column, compute it in a view, or (when it is a
    deliberate cache) say in its note what it is computed from and what keeps it current (a
    trigger, the application), so reviewers can check it. A table whose note says it is derived
    as a whole (a read model, a projection, a summary rebuilt from its sources) is exempt."""
    if entity.note and _DERIVED_TABLE.search(entity.note):
        return
    for j, a in enumerate(entity.attributes):
        if a.generated is not None or (a.note and a.note.strip()) or mentions(entity.note, a.name):
            continue
        if _DERIVED.search("_".join(words_of(a.name))) is None or family(a.type) not in {"integer", "decimal", "float"}:
            continue
        yield Hit(f'"{a.name}" looks calculated but is neither generated nor explained; make it a generated '
                  "column or note its source and what keeps it current", attribute=a.name, path=("attributes", j))
