"""Reverse engineering: read a live database's catalog into a :class:`~core.model.DataModel`.

* :func:`introspect_postgres` - PostgreSQL through ``pg_catalog``, in a read-only transaction;
* :func:`introspect_sqlite` - a SQLite file opened read-only (``mode=ro``);
* :func:`introspect_duckdb` - a DuckDB file or connection through its ``duckdb_*()`` functions.

The result uses the same model classes as a hand-written model, so a model can be compared with
what a server made of its DDL (:mod:`core.ddl.compare`). Credentials never reach the model.
"""

from __future__ import annotations

from core.ddl.introspect.duckdb import introspect_duckdb
from core.ddl.introspect.postgres import default_opclasses, introspect_connection, introspect_postgres
from core.ddl.introspect.sqlite import introspect_sqlite

__all__ = [
    "default_opclasses",
    "introspect_connection",
    "introspect_duckdb",
    "introspect_postgres",
    "introspect_sqlite",
]
