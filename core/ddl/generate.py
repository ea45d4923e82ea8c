"""``generate_ddl``: a model's DDL for PostgreSQL or another dialect, in one call.

PostgreSQL is complete (:mod:`core.ddl.postgres`, :mod:`core.ddl.pg_model`); MySQL, SQLite,
SQL Server, Oracle and DuckDB are built as sqlglot syntax trees and rendered by sqlglot
(:mod:`core.ddl.portable`), with every feature the dialect lacks translated or reported. The live
preview uses :class:`~core.ddl.cache.IncrementalDDL` directly to regenerate only what changed.

>>> from core.model import DataModel, Entity, Attribute
>>> m = DataModel(name="demo", entities=(Entity(name="t", attributes=(Attribute(name="id", type="int"),)),))
>>> print(generate_ddl(m).sql)
-- tablewright DDL for model demo
-- Dialect: PostgreSQL (15 and later)
-- Generated from the model file: edit the model, then generate again.
<BLANKLINE>
-- Table t
CREATE TABLE t (
    id  int
);
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterable

from core.ddl.cache import OneShotDDL
from core.ddl.result import DDLResult
from core.errors import DDLError
from core.model import DataModel, EntityKey

__all__ = ["generate_ddl"]


def generate_ddl(model: DataModel, dialect: str = "postgres", *,
                 entities: Iterable[EntityKey | str] | None = None, citus: bool = False) -> DDLResult:
    """The DDL of ``model`` in ``dialect``.

    Parameters
    ----------
    model : DataModel
        The model (names longer than 63 bytes and unsafe SQL fragments raise ``DDLError``).
    dialect : str
        ``postgres`` (default), ``mysql``, ``sqlite``, ``tsql``, ``oracle`` or ``duckdb``.
    entities : iterable of EntityKey or str, optional
        Only these entities (``name`` or ``schema.name``), with the enums and functions they use.
    citus : bool
        Emit the Citus distribution calls live rather than commented out.

    Returns
    -------
    DDLResult
        ``sql`` and ``warnings`` (each also written into ``sql`` as a ``-- WARNING:`` comment).

    Raises
    ------
    DDLError
        An unknown dialect or entity, an invalid name, or a SQL fragment that could break out of
        its statement; the message says where.
    """
    keys = None if entities is None else [_resolve(model, e) for e in entities]
    return OneShotDDL(dialect, citus=citus).update(model, entities=keys)


def _resolve(model: DataModel, ref: EntityKey | str) -> EntityKey:
    found = model.find_entity(ref) if isinstance(ref, str) else model.entity(ref)
    if found is None:
        from core.validate import suggest

        text = ref if isinstance(ref, str) else ref.display()
        raise DDLError(f'no entity "{text}" in the model{suggest(text, [e.name for e in model.entities])}')
    return model.canonical_key(found.key)
