"""Index details and the PostgreSQL-only parts of an entity, for :mod:`core.ddl.compare`.

Indexes are matched by name when the model names them, otherwise by their keys, predicate
and uniqueness; then their method, operator classes, order, ``INCLUDE`` and ``WITH`` options
are compared. Exclusion constraints, row-level security, triggers and partitioning are
compared only against PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from core.ddl.compare_norm import collapse, expression_key
from core.model import Index, IndexKey, Trigger

if TYPE_CHECKING:
    from core.ddl.compare import Difference
    from core.ddl.compare_entity import EntityComparer


def _order(k: IndexKey) -> tuple[str, str]:
    order = k.order or "asc"
    return order, k.nulls or ("first" if order == "desc" else "last")


def _opclass(k: IndexKey, method: str, defaults: frozenset[tuple[str, str]]) -> str | None:
    if k.opclass is None or (method, k.opclass) in defaults:
        return None
    return k.opclass


def _server_name(c: EntityComparer, ix: Index) -> bool:
    """Whether the model names index ``ix`` as PostgreSQL names an unnamed one (which the
    introspection reads back as no name)."""
    from core.ddl.introspect.naming import is_default_name

    cols = [k.column or "expr" for k in ix.columns]
    return is_default_name(ix.name or "", c.mine.name, cols, "idx")


def compare_index(c: EntityComparer, where: str, a: Index, b: Index) -> Iterator[Difference]:
    """Differences between model index ``a`` and database index ``b`` (already matched)."""
    if a.unique != b.unique:
        yield c.diff(where, "unique", a.unique, b.unique)
    if c.dialect == "duckdb":
        return
    if a.name is not None and a.name != b.name and not (b.name is None and _server_name(c, a)):
        yield c.diff(where, "name", a.name, b.name)  # (None: the name the server would choose)
    if [c._key_sig(k) for k in a.columns] != [c._key_sig(k, False) for k in b.columns]:
        yield c.diff(where, "keys", _keys_text(a), _keys_text(b))
    if c.mk(a.where) != c.tk(b.where):
        yield c.diff(where, "where", a.where, b.where)
    if not c.pg:
        return
    if a.method != b.method:
        yield c.diff(where, "method", a.method, b.method)
    for ka, kb in zip(a.columns, b.columns, strict=False):
        label = ka.column or ka.expression
        if _opclass(ka, a.method, c.default_opclasses) != _opclass(kb, b.method, c.default_opclasses):
            yield c.diff(f"{where}.columns[{label}]", "opclass", ka.opclass, kb.opclass)
        if a.method == "btree" and _order(ka) != _order(kb):
            yield c.diff(f"{where}.columns[{label}]", "order", " ".join(_order(ka)), " ".join(_order(kb)))
    if tuple(a.include) != tuple(b.include):
        yield c.diff(where, "include", ", ".join(a.include), ", ".join(b.include))
    wa = {k.lower(): str(v).lower() for k, v in a.with_}
    wb = {k.lower(): str(v).lower() for k, v in b.with_}
    if wa != wb:
        yield c.diff(where, "with", _pairs(wa), _pairs(wb))
    if (a.note or None) != (b.note or None):
        yield c.diff(where, "note", a.note, b.note)


def _keys_text(ix: Index) -> str:
    return ", ".join(k.column or f"({k.expression})" for k in ix.columns)


def _pairs(d: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(d.items()))


def compare_pg_only(c: EntityComparer) -> Iterator[Difference]:
    """Exclusions, row-level security, triggers, partitioning and distribution."""
    yield from _exclusions(c)
    yield from _rls(c)
    yield from _triggers(c)
    for what in ("partition_by", "partition_bound"):
        va, vb = getattr(c.mine, what), getattr(c.theirs, what)
        if _bound_key(va) != _bound_key(vb):
            yield c.diff(c.where, what, va, vb)
    pa, pb = _unqualify(c.mine.partition_of, c), _unqualify(c.theirs.partition_of, c)
    if pa != pb:
        yield c.diff(c.where, "partition_of", c.mine.partition_of, c.theirs.partition_of)
    if "citus" in c.db.extensions and c.mine.distribution != c.theirs.distribution:
        yield c.diff(c.where, "distribution", c.mine.distribution, c.theirs.distribution)


_MIDNIGHT = re.compile(r"'(\d{4}-\d\d-\d\d) 00:00:00(?:[+-]\d\d(?::\d\d)?)?'")


def _bound_key(text: str | None) -> str | None:
    """A partition bound or key for comparison: the server writes a date bound of a timestamp key
    as ``'2025-01-01 00:00:00+00'`` (midnight in the session's time zone, as the model meant).

    >>> _bound_key("FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00')")
    "for values from ('2025-01-01') to ('2026-01-01')"
    """
    return _MIDNIGHT.sub(r"'\1'", collapse(text)).lower() if text else None


def _unqualify(name: str | None, c: EntityComparer) -> str | None:
    if name is None:
        return None
    own = c.mine.schema_name or c.model.default_schema
    return name.split(".", 1)[1] if name.startswith(own + ".") else name


def _exclusions(c: EntityComparer) -> Iterator[Difference]:
    def sig(elements: tuple[tuple[str, str], ...], where: str | None) -> tuple[object, ...]:
        return tuple((expression_key(e), op) for e, op in elements), expression_key(where)

    theirs = {sig(tuple((e.expression, e.operator) for e in x.elements), x.where): x for x in c.theirs.exclusions}
    seen = set()
    for x in c.mine.exclusions:
        k = sig(tuple((e.expression, e.operator) for e in x.elements), x.where)
        seen.add(k)
        text = ", ".join(f"{e.expression} WITH {e.operator}" for e in x.elements)
        w = f"{c.where}.exclusions[{x.name or text}]"
        other = theirs.get(k)
        if other is None:
            yield c.diff(w, "missing", text, None)
            continue
        if x.method.lower() != other.method.lower():
            yield c.diff(w, "method", x.method, other.method)
        if x.name is not None and x.name != other.name:
            yield c.diff(w, "name", x.name, other.name)
    for k, other in theirs.items():
        if k not in seen:
            text = ", ".join(f"{e.expression} WITH {e.operator}" for e in other.elements)
            yield c.diff(f"{c.where}.exclusions[{other.name or text}]", "extra", None, text)


def _rls(c: EntityComparer) -> Iterator[Difference]:
    a, b = c.mine.rls, c.theirs.rls
    w = f"{c.where}.rls"
    enabled_a, enabled_b = bool(a and a.enabled), bool(b and b.enabled)
    if enabled_a != enabled_b:
        yield c.diff(w, "enabled", enabled_a, enabled_b)
    if bool(a and a.forced) != bool(b and b.forced):
        yield c.diff(w, "forced", bool(a and a.forced), bool(b and b.forced))
    theirs = {p.name: p for p in (b.policies if b else ())}
    mine = {p.name: p for p in (a.policies if a else ())}
    for name, p in mine.items():
        pw = f"{w}.policies[{name}]"
        q = theirs.get(name)
        if q is None:
            yield c.diff(pw, "missing", "policy", None)
            continue
        if p.command != q.command:
            yield c.diff(pw, "command", p.command, q.command)
        if p.permissive != q.permissive:
            yield c.diff(pw, "permissive", p.permissive, q.permissive)
        if set(p.roles or ("public",)) != set(q.roles or ("public",)):
            yield c.diff(pw, "roles", ", ".join(p.roles), ", ".join(q.roles))
        for what in ("using", "with_check"):
            if expression_key(getattr(p, what)) != expression_key(getattr(q, what)):
                yield c.diff(pw, what, getattr(p, what), getattr(q, what))
    for name in theirs.keys() - mine.keys():
        yield c.diff(f"{w}.policies[{name}]", "extra", None, "policy")


def _function_name(t: Trigger, c: EntityComparer, default_schema: str) -> str:
    name = t.function.split("(", 1)[0].strip()
    return name.split(".", 1)[1] if name.startswith(default_schema + ".") else name


def _triggers(c: EntityComparer) -> Iterator[Difference]:
    theirs = {t.name: t for t in c.theirs.triggers}
    mine = {t.name: t for t in c.mine.triggers}
    for name, t in mine.items():
        w = f"{c.where}.triggers[{name}]"
        u = theirs.get(name)
        if u is None:
            yield c.diff(w, "missing", "trigger", None)
            continue
        fa = _function_name(t, c, c.model.default_schema)
        fb = _function_name(u, c, c.db.default_schema)
        checks: list[tuple[str, object, object]] = [
            ("function", fa, fb), ("timing", t.timing, u.timing), ("level", t.level, u.level),
            ("events", sorted(e.lower() for e in t.events), sorted(e.lower() for e in u.events)),
            ("arguments", list(t.arguments), list(u.arguments)),
        ]
        for what, va, vb in checks:
            if va != vb:
                yield c.diff(w, what, va, vb)
        if expression_key(t.when) != expression_key(u.when):
            yield c.diff(w, "when", t.when, u.when)
    for name in theirs.keys() - mine.keys():
        yield c.diff(f"{c.where}.triggers[{name}]", "extra", None, "trigger")
