"""Naming rules: ``identifier-too-long``, ``reserved-name``, ``naming-inconsistent`` and
``same-name-different-type``.

The model's convention is inferred, never configured: the case style (snake_case, camelCase,
PascalCase, UPPER_CASE) held by most entity names and, separately, most attribute names, and
whether most entity names are plural or singular.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from core.commands import RenameAttribute, RenameEntity, ReplaceItem, UpdateAttribute
from core.ddl import keywords
from core.ddl.keywords import reserved_words
from core.lint.context import (
    LintContext,
    constraint_label,
    effective_type,
    length_limit,
    normalized_type,
    words_of,
)
from core.lint.finding import Hit
from core.lint.integrity import key_of
from core.lint.registry import Option, rule
from core.model import Attribute, Entity, EntityKey
from core.types import base_name, family
from core.validate import identifier_problem

__all__ = ["case_style", "convert_case", "is_plural", "majority_case", "pluralize", "singularize"]

_MAX = 63
#: PostgreSQL key words that may name a table or column (they cannot name a function or type).
_PG_COLUMN_OK = frozenset(getattr(keywords, "_PG_COL_NAME", "").split())


def _pg_name(table: str, columns: str, label: str) -> str:
    """The name PostgreSQL chooses for an unnamed constraint (``makeObjectName``): the table
    and column parts are shortened, the longer first, until ``table_columns_label`` fits."""
    a, b = table.encode(), columns.encode()
    overhead = len(label) + 1 + (1 if b else 0)
    while len(a) + len(b) + overhead > _MAX:
        if len(a) > len(b):
            a = a[:-1]
        else:
            b = b[:-1]
    parts = [a.decode(errors="ignore"), *([b.decode(errors="ignore")] if b else []), label]
    return "_".join(parts)


@rule("identifier-too-long", "warning", "identifier over the length limit", "naming", fixable=True, partitions=True,
      options=(Option("max_length", "63", "the limit in bytes (30 for old Oracle, 64 for MySQL)"),))
def identifier_too_long(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """PostgreSQL keeps 63 bytes of an identifier. A longer explicit name is an error, and the
    name it generates for an unnamed constraint (``table_columns_fkey``) is silently truncated:
    migrations and error handlers that expect the full name miss it, and two truncated names can
    collide. Other databases have other limits (option ``identifier-too-long.max_length``). The
    fix names such a constraint explicitly, with the name PostgreSQL would have chosen."""
    limit = int(ctx.number("identifier-too-long", "max_length", _MAX))
    key = key_of(ctx, entity)

    def too_long(name: str) -> bool:
        return len(name.encode()) > limit

    if too_long(entity.name):
        yield Hit(f'the table name is {len(entity.name.encode())} bytes (limit {limit}); shorten it', path=("name",))
    for j, a in enumerate(entity.attributes):
        if too_long(a.name):
            yield Hit(f'"{a.name[:20]}..." is {len(a.name.encode())} bytes (limit {limit}); shorten it',
                      attribute=a.name, path=("attributes", j, "name"))
    for coll, label in (("uniques", "key"), ("foreign_keys", "fkey"), ("indexes", "idx")):
        for k, item in enumerate(getattr(entity, coll)):
            if item.name is not None:
                if too_long(item.name):
                    yield Hit(f"the name is {len(item.name.encode())} bytes (limit {limit}); shorten it",
                              constraint=constraint_label(item), path=(coll, k, "name"))
                continue
            cols = [c for c in getattr(item, "column_names", None) or item.columns if isinstance(c, str)]
            full = "_".join([entity.name, *cols, label])
            if len(full.encode()) <= limit or not cols:
                continue
            chosen = _pg_name(entity.name, "_".join(cols), label)
            fix = None
            if identifier_problem(chosen) is None:
                fix = ReplaceItem(key, coll, k, item.model_copy(update={"name": chosen}))
            yield Hit(f'the generated name "{full[:30]}..." exceeds {limit} bytes and would be truncated to '
                      f'"{chosen}"; name the constraint', constraint=constraint_label(item),
                      path=(coll, k), fix=fix)


@rule("reserved-name", "warning", "name that is a reserved word", "naming", partitions=True,
      options=(Option("dialects", "postgres", "comma-separated dialects whose reserved words count"),))
def reserved_name(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A table or column named like a reserved word (``order``, ``user``, ``group``) must be
    double-quoted in every query, by every tool and every person, forever; forgetting once is a
    syntax error, or worse, ``user`` silently means the current role. Choose another name
    (``orders``, ``app_user``, ``group_name``). Dialects counted: option
    ``reserved-name.dialects``."""
    words: set[str] = set()
    for dialect in sorted(ctx.words("reserved-name", "dialects", "postgres")):
        try:
            found = reserved_words(dialect)
        except Exception:  # an unknown dialect in the option: ignore it
            continue
        # PostgreSQL's column-name key words (position, time, value...) are fine as names
        words |= found - _PG_COLUMN_OK if dialect in ("postgres", "postgresql", "pg") else found
    if entity.name.lower() in words:
        yield Hit(f'"{entity.name}" is a reserved word: every query must quote it; rename the table', path=("name",))
    for j, a in enumerate(entity.attributes):
        if a.name.lower() in words:
            yield Hit(f'"{a.name}" is a reserved word: every query must quote it; rename the column',
                      attribute=a.name, path=("attributes", j, "name"))


@lru_cache(maxsize=65536)
def case_style(name: str) -> str | None:
    """``snake_case``, ``camelCase``, ``PascalCase``, ``UPPER_CASE``, ``mixed``, or ``None`` for a
    single word that fits several styles (``name``, ``ID``).

    >>> [case_style(n) for n in ("order_items", "orderItems", "OrderItems", "ORDER_ITEMS", "name", "Order_items")]
    ['snake_case', 'camelCase', 'PascalCase', 'UPPER_CASE', None, 'mixed']
    """
    if re.fullmatch(r"[a-z][a-z0-9]*", name) or re.fullmatch(r"[A-Z][A-Z0-9]{0,2}", name):
        return None
    if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+_?", name):
        return "snake_case"
    if re.fullmatch(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)+", name):
        return "camelCase"
    if re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", name) and (("_" in name) or len(name) > 3):
        return "UPPER_CASE"
    if re.fullmatch(r"([A-Z][a-z0-9]*)+", name):
        return "PascalCase"
    return "mixed"


def _fits(name: str, convention: str) -> bool:
    style = case_style(name)
    if style is not None:
        return style == convention
    if name[0].islower():
        return convention in ("snake_case", "camelCase")
    return convention in ("PascalCase", "UPPER_CASE")


def convert_case(name: str, convention: str) -> str:
    """``name`` spelled in ``convention``.

    >>> convert_case("OrderItemID", "snake_case"), convert_case("order_item", "camelCase")
    ('order_item_id', 'orderItem')
    """
    words = words_of(name)
    if convention == "snake_case":
        return "_".join(words)
    if convention == "UPPER_CASE":
        return "_".join(words).upper()
    if convention == "camelCase":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    return "".join(w.capitalize() for w in words)


_UNCOUNTABLE = {"data", "metadata", "information", "equipment", "news", "series", "staff", "media", "software",
                "feedback", "status", "analytics", "settings", "config", "audit", "history", "inventory", "stock",
                # collections named as one thing: an audit log, a change log, a job queue
                "log", "queue", "ledger", "journal", "registry", "catalog",
                "catalogue", "archive", "trail"}
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}


def is_plural(name: str) -> bool | None:
    """Whether an entity name's last word is plural (``None`` when it cannot tell).

    >>> is_plural("order_items"), is_plural("OrderItem"), is_plural("status"), is_plural("address")
    (True, False, None, False)
    """
    words = words_of(name)
    if not words:
        return None
    last = words[-1]
    if last in _UNCOUNTABLE or len(last) < 3 or last.isdigit():
        return None
    if last in _IRREGULAR:
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "ys"))


def pluralize(word: str) -> str:
    """``category`` -> ``categories``, ``box`` -> ``boxes``, ``order`` -> ``orders``."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def singularize(word: str) -> str:
    """``categories`` -> ``category``, ``boxes`` -> ``box``, ``orders`` -> ``order``."""
    for plural, single in _IRREGULAR.items():
        if word.endswith(plural):
            return word[: -len(plural)] + single
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(ss|x|z|ch|sh)es$", word):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _majority(values: list[str]) -> str | None:
    counts = Counter(values)
    if sum(counts.values()) < 3:
        return None
    best, n = counts.most_common(1)[0]
    return best if n * 2 > sum(counts.values()) else None


_CONVENTIONS = ("snake_case", "camelCase", "PascalCase", "UPPER_CASE")


def majority_case(names: list[str]) -> str | None:
    """The case convention most of ``names`` fit (a one-word name fits several), when more than
    half of at least three names fit it; ties go to the one more names spell unambiguously, then
    to snake_case.

    >>> majority_case(["customers", "orders", "OrderLines"]), majority_case(["Album", "Track", "track"])
    ('snake_case', 'PascalCase')
    """
    if len(names) < 3:
        return None
    counts = Counter(names)
    fits = {c: sum(k for n, k in counts.items() if _fits(n, c)) for c in _CONVENTIONS}
    strict: Counter[str | None] = Counter()
    for n, k in counts.items():
        strict[case_style(n)] += k
    best = max(_CONVENTIONS, key=lambda c: (fits[c], strict[c], c == "snake_case"))
    return best if fits[best] * 2 > len(names) else None


def _conventions(ctx: LintContext) -> tuple[str | None, str | None, str | None]:
    # a table whose name is suppressed as by design (a Data Vault hub_customer) does not vote
    exempt = {s.entity.lower() for s in ctx.config.suppress
              if s.rule == "naming-inconsistent" and s.entity and s.attribute is None}
    voters = [e for e in ctx.tables() if e.name.lower() not in exempt and ctx.key(e).display().lower() not in exempt]
    tables = voters if len(voters) >= 3 else ctx.tables()  # too few to tell without them: they vote
    entities = [e.name for e in tables]
    attributes = [a.name for e in tables for a in e.attributes]
    plural = [str(p) for e in tables if (p := is_plural(e.name)) is not None]
    return majority_case(entities), majority_case(attributes), _majority(plural)


def _last_word_changed(name: str, plural: bool) -> str:
    m = re.search(r"([A-Za-z]+)$", name)
    if m is None:
        return name
    last = m.group(1)
    new = pluralize(last) if plural else singularize(last)
    if last.isupper():
        new = new.upper()
    elif last[0].isupper():
        new = new[0].upper() + new[1:]
    return name[: m.start()] + new


@rule("naming-inconsistent", "warning", "name against the model's own convention", "naming", fixable=True)
def naming_inconsistent(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A model readers can navigate has one convention: one case style for tables, one for
    columns, and table names either all plural or all singular. The convention is the one most
    of the model already follows (no configuration; a table whose finding is suppressed as by
    design does not count); a name that departs from it makes people and code generators
    guess. The fix renames (every reference follows)."""
    tables, columns, plural = ctx.memoized("naming-inconsistent", lambda: _conventions(ctx))
    key = key_of(ctx, entity)
    taken = ctx.memoized("entity-names", lambda: {e.name for e in ctx.model.entities})
    if tables is not None and not _fits(entity.name, tables):
        new = convert_case(entity.name, tables)
        fix = RenameEntity(key, new) if new not in taken and identifier_problem(new) is None else None
        yield Hit(f'"{entity.name}" is not {tables} like most table names; call it "{new}"', path=("name",), fix=fix)
    if plural is not None and (p := is_plural(entity.name)) is not None and str(p) != plural:
        want = plural == "True"
        new = _last_word_changed(entity.name, want)
        fix = RenameEntity(key, new) if new not in taken and identifier_problem(new) is None else None
        yield Hit(f'"{entity.name}" is {"plural" if p else "singular"} but most table names are '
                  f'{"plural" if want else "singular"}; call it "{new}"', path=("name",), fix=fix)
    if columns is not None:
        for j, a in enumerate(entity.attributes):
            if _fits(a.name, columns):
                continue
            new = convert_case(a.name, columns)
            ok = entity.attribute(new) is None and identifier_problem(new) is None and new != a.name
            yield Hit(f'"{a.name}" is not {columns} like most column names; call it "{new}"', attribute=a.name,
                      path=("attributes", j, "name"), fix=RenameAttribute(key, a.name, new) if ok else None)


def _spellings(ctx: LintContext) -> dict[tuple[str, str], str]:
    """(attribute name, effective type) -> the type as first spelled for it (a ``text`` column
    limited by a CHECK spells its ``varchar(n)`` so)."""
    out: dict[tuple[str, str], str] = {}
    for e in ctx.tables():
        for a in e.attributes:
            effective = effective_type(a)
            out.setdefault((a.name, effective), a.type if effective == normalized_type(a.type) else effective)
    return out


_INT_WIDTH = {"smallint": 2, "smallserial": 2, "serial2": 2, "integer": 4, "serial": 4, "serial4": 4,
              "bigint": 8, "bigserial": 8, "serial8": 8}


def _params(type_text: str) -> tuple[int, ...] | None:
    m = re.search(r"\(([\d\s,]+)\)", type_text)
    return tuple(int(x) for x in m.group(1).split(",") if x.strip()) if m else None


def _narrows(old: str, new: str) -> bool:
    """Whether changing type ``old`` to ``new`` (same family) could reject values ``old`` holds:
    a smaller integer, a length limit where there was none or a shorter one, a smaller numeric.

    >>> _narrows("bigint", "integer"), _narrows("integer", "bigint"), _narrows("text", "varchar(40)")
    (True, False, True)
    >>> _narrows("varchar(40)", "text"), _narrows("numeric(19,4)", "numeric(10,2)"), _narrows("numeric", "numeric(10,2)")
    (False, True, True)
    """
    if family(old) == "integer":
        return _INT_WIDTH.get(base_name(new), 8) < _INT_WIDTH.get(base_name(old), 8)
    a, b = _params(normalized_type(old)), _params(normalized_type(new))
    if b is None or family(old) not in ("text", "decimal"):
        return False
    return a is None or any(y < x for x, y in zip(a, b, strict=False))


def _type_fix(key: EntityKey, a: Attribute, spelled: str) -> tuple[UpdateAttribute | None, str]:
    """The fix giving ``a`` the type ``spelled``, or ``None`` with the reason it is not offered:
    another type family, a narrower type (values that fit now may not fit), or a limit held by
    a CHECK (``prefer-text`` made it: changing the type would undo that fix). A fix that drops a
    length limit says so."""
    if family(spelled) != family(a.type):
        return None, ""
    if length_limit(a) is not None:
        return None, "; its limit is a CHECK: change the CHECK by hand"
    if _narrows(a.type, spelled):
        return None, f"; {spelled} is narrower (values that fit now may not): decide by hand"
    drops = _params(normalized_type(a.type)) if family(a.type) == "text" and normalized_type(spelled) == "text" else None
    why = f"; the fix drops its {drops[0]}-character limit" if drops else ""
    return UpdateAttribute(key, a.name, (("type", spelled),)), why


@rule("same-name-different-type", "warning", "one column name, several types", "naming", fixable=True,
      options=(Option("ignore", "", "comma-separated column names allowed to differ"),))
def same_name_different_type(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """A column name should mean one thing with one type across the model: ``email`` as ``text``
    here and ``varchar(100)`` there, or ``created_at`` as ``timestamptz`` and ``timestamp``,
    means values that fit one table are rejected or reinterpreted by another, and joins and
    copies between them need casts (enum types are left alone: each is a domain of its own). The
    most common type of the name is taken as the model's;
    the fix gives this column that type (offered within one type family)."""
    ignore = ctx.words("same-name-different-type", "ignore", "")
    key = key_of(ctx, entity)
    for j, a in enumerate(entity.attributes):
        counts = ctx.attribute_types.get(a.name)
        if counts is None or len(counts) < 2 or a.name.lower() in ignore:
            continue
        usual, n = counts.most_common(1)[0]
        mine = effective_type(a)
        if mine == usual or ctx.model.enum(a.type) is not None or ctx.model.enum(usual) is not None:
            continue  # each enum is its own domain: status of orders vs status of payments
        spelled = ctx.memoized("same-name-different-type", lambda: _spellings(ctx))[(a.name, usual)]
        fix, why = _type_fix(key, a, spelled)
        shown = a.type if mine == normalized_type(a.type) else f"{a.type} limited to {length_limit(a)} by a CHECK"
        yield Hit(f'"{a.name}" is {shown} here but {spelled} in {n} other table(s); use one type{why}',
                  attribute=a.name, path=("attributes", j, "type"), fix=fix)
