"""Validation of publications and view options: every problem, located like the rest of
:mod:`core.validate` (which calls :func:`publication_problems` and :func:`view_option_problems`).

>>> from core.model import DataModel, Entity, Attribute, Publication
>>> m = DataModel(entities=(Entity(name="orders", attributes=(Attribute(name="id", type="int"),)),),
...               publications=(Publication(name="cdc", tables=("ordres",), publish=("insert", "upsert")),))
>>> for p in publication_problems(m):
...     print(p.path, p.message)
('publications', 0, 'tables', 0, 'table') publishes table "ordres", which is not an entity of the model (did you mean "orders"?)
('publications', 0, 'publish') publishes "upsert", which is not an operation; use insert, update, delete or truncate (did you mean "insert"?)
"""

from __future__ import annotations

from collections.abc import Iterator

from core.errors import Problem
from core.model import PUBLISH_OPERATIONS, DataModel, Entity, EntityKey, PublicationTable

__all__ = ["publication_problems", "view_option_problems"]


def _suggest(name: str, choices: list[str]) -> str:
    from core.validate import suggest

    return suggest(name, choices)


def publication_problems(model: DataModel) -> Iterator[Problem]:
    """Names, tables, columns and operations of the model's publications."""
    from core.validate import identifier_problem

    seen: set[str] = set()
    for i, pub in enumerate(model.publications):
        base: tuple[str | int, ...] = ("publications", i)
        where = f"publications[{pub.name}]"
        if msg := identifier_problem(pub.name):
            yield Problem((*base, "name"), where, msg)
        if pub.name in seen:
            yield Problem((*base, "name"), where, f'duplicate publication "{pub.name}"; rename one of them')
        seen.add(pub.name)
        if pub.all_tables and (pub.tables or pub.schemas):
            yield Problem((*base, "all_tables"), where, "a publication of all tables cannot also list tables or "
                          "schemas: remove them, or set all_tables: false")
        for k, schema in enumerate(pub.schemas):
            if msg := identifier_problem(schema):
                yield Problem((*base, "schemas", k), where, msg)
        yield from _tables(model, base, where, pub.tables, bool(pub.schemas))
        for op in pub.publish:
            if op not in PUBLISH_OPERATIONS:
                yield Problem((*base, "publish"), where, f'publishes "{op}", which is not an operation; use '
                              f"insert, update, delete or truncate{_suggest(op, list(PUBLISH_OPERATIONS))}")
        if len(set(pub.publish)) != len(pub.publish):
            yield Problem((*base, "publish"), where, "an operation is listed twice; list each once")


def _tables(model: DataModel, base: tuple[str | int, ...], where: str, tables: tuple[PublicationTable, ...],
            in_schemas: bool) -> Iterator[Problem]:
    listed: set[EntityKey] = set()
    for j, t in enumerate(tables):
        path = (*base, "tables", j)
        tw = f"{where}.tables[{t.table}]"
        entity = model.entity(t.key)
        if entity is None:
            elsewhere = [e.key.display() for e in model.entities if e.name == t.table]
            hint = (f"; it is in another schema: write {{table: {t.table}, schema: {elsewhere[0].rpartition('.')[0]}}}"
                    if elsewhere and "." in elsewhere[0] else
                    _suggest(t.table, [e.name for e in model.entities]) or "; add it or fix the name")
            yield Problem((*path, "table"), tw, f'publishes table "{t.key.display()}", which is not an entity '
                          f"of the model{hint}")
            continue
        key = model.canonical_key(entity.key)
        if key in listed:
            yield Problem((*path, "table"), tw, f'table "{t.table}" is listed twice; list it once')
        listed.add(key)
        for c in t.columns:
            if entity.attribute(c) is None:
                yield Problem((*path, "columns"), tw, f'the column list names "{c}", which is not an attribute of '
                              f'"{entity.name}"{_suggest(c, list(entity.attribute_names))}')
        twice = sorted({c for c in t.columns if t.columns.count(c) > 1})
        if twice:
            yield Problem((*path, "columns"), tw, f'the column list names "{twice[0]}" twice; list it once')
        if t.columns and in_schemas:
            yield Problem((*path, "columns"), tw, "a publication that lists schemas cannot give a table a column "
                          "list (PostgreSQL refuses it): remove the columns or the schemas")
        if t.where is not None and not t.where.strip():
            yield Problem((*path, "where"), tw, "an empty row filter: remove where, or write the condition")
        elif t.where is not None:
            yield from _filter_types(model, entity, (*path, "where"), tw, t.where)


def _filter_types(model: DataModel, entity: Entity, path: tuple[str | int, ...], where: str,
                  condition: str) -> Iterator[Problem]:
    """PostgreSQL refuses a row filter that uses a user-defined type (an enum column)."""
    from core.expressions import uses_column

    enums = {en.name for en in model.enums}
    for a in entity.attributes:
        if a.type.removesuffix("[]") in enums and uses_column(condition, a.name, qualifiers=(entity.name,)):
            yield Problem(path, where, f'the row filter uses "{a.name}", of the enum type {a.type}: PostgreSQL '
                          "allows no user-defined types in a row filter: filter on another column (a generated "
                          "text copy of it, for instance)")
            return


def view_option_problems(model: DataModel) -> Iterator[Problem]:
    """``security_invoker`` and ``security_barrier`` are options of plain views only."""
    for i, view in enumerate(model.views):
        if not view.materialized:
            continue
        for option in ("security_invoker", "security_barrier"):
            if getattr(view, option):
                yield Problem(("views", i, option), f"views[{view.name}]",
                              f"{option} is an option of plain views; a materialized view is read as stored "
                              "(it cannot apply row-level security per user): remove it")
