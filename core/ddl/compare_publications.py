"""Compare publications: the model's against those a server reports (PostgreSQL only).

A publication is matched by name; then whether it is ``FOR ALL TABLES``, the operations it
publishes (a set), ``via_partition_root``, the schemas it publishes whole (a set), its tables (a
set of entities, each with its column list as a set and its row filter in normal form) and its
note. A table is named the way the model names entities (``orders``, ``sales.orders``).

>>> from core.model import DataModel, Publication
>>> a = DataModel(publications=(Publication(name="p", tables=("t",), publish=("insert", "update")),))
>>> b = DataModel(publications=(Publication(name="p", tables=("t",), publish=("update", "insert")),))
>>> list(compare_publications(a, b, report_extra=True))
[]
>>> c = DataModel(publications=(Publication(name="p", tables=("u",)),))
>>> for d in compare_publications(a, c, report_extra=True):
...     print(d)
publications[p]: publish differs: the model has 'insert, update', the database has 'insert, update, delete, truncate'
publications[p].tables[t]: in the model but not in the database (table)
publications[p].tables[u]: in the database but not in the model (table)
"""

from __future__ import annotations

from collections.abc import Iterator

from core.ddl.compare import Difference
from core.ddl.compare_norm import collapse, expression_key
from core.model import PUBLISH_OPERATIONS, DataModel, EntityKey, Publication, PublicationTable

__all__ = ["compare_publications"]


def compare_publications(expected: DataModel, actual: DataModel, *, report_extra: bool) -> Iterator[Difference]:
    """Every difference between the two models' publications."""
    found = {p.name: p for p in actual.publications}
    for pub in expected.publications:
        where = f"publications[{pub.name}]"
        other = found.pop(pub.name, None)
        if other is None:
            yield Difference(where, "missing", "publication", None, pub.name)
            continue
        yield from _compare_one(expected, actual, pub, other, where)
    if report_extra:
        for name in found:
            yield Difference(f"publications[{name}]", "extra", None, "publication", name)


def _ops(pub: Publication) -> str:
    return ", ".join(op for op in PUBLISH_OPERATIONS if op in pub.publish)


def _tables(model: DataModel, pub: Publication) -> dict[EntityKey, PublicationTable]:
    return {model.canonical_key(EntityKey(t.schema_name or model.default_schema, t.table)): t for t in pub.tables}


def _compare_one(expected: DataModel, actual: DataModel, pub: Publication, other: Publication,
                 where: str) -> Iterator[Difference]:
    if pub.all_tables != other.all_tables:
        yield Difference(where, "all_tables", str(pub.all_tables), str(other.all_tables), pub.name)
    if _ops(pub) != _ops(other):
        yield Difference(where, "publish", _ops(pub), _ops(other), pub.name)
    if pub.via_partition_root != other.via_partition_root:
        yield Difference(where, "via_partition_root", str(pub.via_partition_root),
                         str(other.via_partition_root), pub.name)
    if set(pub.schemas) != set(other.schemas):
        yield Difference(where, "schemas", ", ".join(sorted(pub.schemas)), ", ".join(sorted(other.schemas)),
                         pub.name)
    mine, theirs = _tables(expected, pub), _tables(actual, other)
    for key, t in mine.items():
        tw = f"{where}.tables[{key.display()}]"
        o = theirs.get(key)
        if o is None:
            yield Difference(tw, "missing", "table", None, pub.name)
            continue
        if set(t.columns) != set(o.columns):
            yield Difference(tw, "columns", ", ".join(t.columns), ", ".join(o.columns), pub.name)
        if expression_key(t.where) != expression_key(o.where):
            yield Difference(tw, "where", t.where and collapse(t.where), o.where and collapse(o.where), pub.name)
    for key in theirs.keys() - mine.keys():
        yield Difference(f"{where}.tables[{key.display()}]", "extra", None, "table", pub.name)
    if (pub.note or None) != (other.note or None):
        yield Difference(where, "note", pub.note, other.note, pub.name)
