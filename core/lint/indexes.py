"""Index rules: ``index-redundant`` (a duplicate or a leading prefix of another index) and
``unique-nullable`` (a composite unique key that NULLs slip through).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.commands import RemoveItem, ReplaceItem
from core.lint.context import LintContext, constraint_label
from core.lint.finding import Hit
from core.lint.integrity import _not_null_only, key_of
from core.lint.registry import rule
from core.model import Entity, Index, IndexKey

__all__: list[str] = []


def _predicate(where: str | None) -> str | None:
    return None if where is None else re.sub(r"\s+", " ", where.strip().strip("()").lower())


class _Keyed:
    """An index-like structure: its keys, method, predicate, included columns and uniqueness."""

    def __init__(self, label: str, keys: tuple[IndexKey, ...], method: str, where: str | None,
                 include: tuple[str, ...], unique: bool, position: int | None) -> None:
        self.label, self.keys, self.method = label, keys, method
        self.where, self.include, self.unique, self.position = _predicate(where), include, unique, position

    def columns(self) -> set[str]:
        return {k.column for k in self.keys if k.column is not None} | set(self.include)


def _structures(entity: Entity) -> list[_Keyed]:
    out: list[_Keyed] = []
    if entity.primary_key is not None and entity.primary_key.columns:
        keys = tuple(IndexKey(column=c) for c in entity.primary_key.columns)
        out.append(_Keyed("the primary key", keys, "btree", None, (), True, None))
    for u in entity.uniques:
        keys = tuple(IndexKey(column=c) for c in u.columns)
        out.append(_Keyed(constraint_label(u), keys, "btree", None, (), True, None))
    for i, ix in enumerate(entity.indexes):
        out.append(_Keyed(constraint_label(ix), ix.columns, ix.method, ix.where, ix.include, ix.unique, i))
    return out


def _covers(big: _Keyed, small: _Keyed) -> bool:
    """Whether ``big`` makes index ``small`` useless: same method and predicate, ``small``'s keys
    a leading prefix of ``big``'s (any length for B-tree, equal for other methods), its included
    columns available in ``big``, and no uniqueness lost."""
    if big.method != small.method or big.where != small.where:
        return False
    n = len(small.keys)
    if n > len(big.keys) or big.keys[:n] != small.keys:
        return False
    if n < len(big.keys) and (small.method != "btree" or small.unique):
        return False
    if small.unique and not big.unique:
        return False
    return set(small.include) <= big.columns()


@rule("index-redundant", "warning", "index made useless by another", "integrity", fixable=True, partitions=True)
def index_redundant(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """An index that duplicates another, or whose keys are a leading prefix of another B-tree
    index with the same method and predicate, serves no query the longer one cannot: it only
    slows every write, takes space and memory, and adds to vacuum work. The primary key and
    unique constraints count as B-tree indexes. A unique index is never redundant with a longer
    one (it enforces something). The fix drops the redundant index."""
    structures = _structures(entity)
    key = key_of(ctx, entity)
    for small in structures:
        if small.position is None:
            continue
        for big in structures:
            if big is small or not _covers(big, small):
                continue
            same = len(big.keys) == len(small.keys) and big.unique == small.unique
            if same and big.position is not None and big.position > small.position and big.include == small.include:
                continue  # of two identical indexes, report the later one
            what = "duplicates" if len(big.keys) == len(small.keys) else "is a leading prefix of"
            yield Hit(f"this index {what} {big.label}, which serves the same lookups; drop it",
                      constraint=small.label, path=("indexes", small.position),
                      fix=RemoveItem(key, "indexes", small.position))
            break


@rule("unique-nullable", "warning", "composite unique key over nullable columns", "integrity", fixable=True)
def unique_nullable(ctx: LintContext, entity: Entity) -> Iterator[Hit]:
    """In SQL, NULL never equals NULL, so a unique constraint over several columns does not stop
    duplicates when one of them is NULL: ``UNIQUE (tenant_id, parent_id)`` accepts any number of
    identical root rows. Make the columns NOT NULL, or declare the constraint ``NULLS NOT
    DISTINCT`` (PostgreSQL 15+), which the fix does. A single nullable unique column is left
    alone: several rows without a value is usually what is meant."""
    key = key_of(ctx, entity)
    pk = set(entity.primary_key.columns) if entity.primary_key else set()

    def nullable(columns: tuple[str, ...]) -> list[str]:
        return [c for c in columns if c not in pk and (a := entity.attribute(c)) is not None and a.nullable]

    for k, u in enumerate(entity.uniques):
        cols = nullable(u.columns)
        if len(u.columns) > 1 and cols and not u.nulls_not_distinct:
            new = u.model_copy(update={"nulls_not_distinct": True})
            yield Hit(f"({', '.join(cols)}) can be NULL, so rows that differ only by a NULL there are not "
                      "duplicates to this constraint; make them NOT NULL or the constraint NULLS NOT DISTINCT",
                      attribute=cols[0], constraint=constraint_label(u), path=("uniques", k),
                      fix=ReplaceItem(key, "uniques", k, new))
    for k, ix in enumerate(entity.indexes):
        names = ix.column_names
        cols = nullable(names)
        if ix.unique and len(ix.columns) > 1 and cols and not _guards(ix, cols):
            yield Hit(f"({', '.join(cols)}) can be NULL, so this unique index lets rows that differ only by a "
                      "NULL through; make them NOT NULL, or use a unique constraint with NULLS NOT DISTINCT",
                      attribute=cols[0], constraint=constraint_label(ix), path=("indexes", k))


def _guards(ix: Index, columns: list[str]) -> bool:
    """Whether the index's predicate already requires the nullable columns to be NOT NULL (then
    the NULL rows are deliberately outside the index's scope)."""
    return ix.where is not None and _not_null_only(ix.where, ix.column_names) and all(
        re.search(rf"\b{re.escape(c)}\b", ix.where) for c in columns)
