"""Reverse-engineer a live PostgreSQL database into a :class:`~core.model.DataModel`.

:func:`introspect_postgres` connects, opens a read-only transaction and reads ``pg_catalog``
(see :mod:`core.ddl.introspect.pg_catalog`); :func:`introspect_connection` does the reading on
a connection the caller holds (``check`` uses it inside its own, uncommitted transaction).

What comes back is the model a designer would have written:

* types exactly as ``format_type`` spells them (``character varying(255)``,
  ``timestamp with time zone``); a column that owns its sequence through a ``nextval`` default is
  ``serial``/``bigserial``/``smallserial`` again;
* names PostgreSQL would choose anyway (``orders_pkey``, ``orders_customer_id_fkey``...) are
  left out (:mod:`core.ddl.introspect.naming`), and so is a foreign key's column list when it
  is the target's primary key and an ``ON DELETE``/``ON UPDATE`` that is ``NO ACTION``;
* a check named the way PostgreSQL names a check on one column becomes that column's
  ``check``;
* the database's credentials never reach the model: its note names the source with the
  password removed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from core.db import connect, database_label
from core.ddl.introspect import pg_catalog as q
from core.ddl.introspect.pg_tables import build_entity
from core.errors import TablewrightError
from core.model import DataModel, EnumType, Function, Publication, PublicationTable, View


def introspect_postgres(dsn: str, schema: str | list[str] | tuple[str, ...] | None = None) -> DataModel:
    """Read the tables, types, views and functions of a live PostgreSQL database.

    Parameters
    ----------
    dsn:
        A libpq connection string; its password never reaches the model.
    schema:
        A schema name or a list of them (default: every schema that is not a system schema
        or owned by an extension). With one schema, it becomes the model's default schema.

    Returns
    -------
    DataModel
        The model; nothing in the database is changed (the transaction is read-only).
    """
    import psycopg

    schemas = [schema] if isinstance(schema, str) else list(schema) if schema is not None else None
    with connect(dsn, read_only=True) as conn:
        try:
            conn.execute("SET TRANSACTION READ ONLY")
            model = introspect_connection(conn, schemas)
        except psycopg.Error as exc:
            raise TablewrightError(f"reading the catalog of {database_label(dsn)} failed: {exc}") from None
        finally:
            conn.rollback()
    note = f"Introspected from PostgreSQL {database_label(dsn)}."
    result: DataModel = model.model_copy(update={"note": note})
    return result


def introspect_connection(conn: Any, schemas: list[str] | None = None,
                          default_schema: str | None = None) -> DataModel:
    """Read the model from an open psycopg connection (in the caller's transaction).

    ``search_path`` is set (transaction-locally) to the default schema so that types, defaults
    and expressions in it are spelled without their schema.
    """
    if default_schema is None:
        default_schema = "public" if not schemas or "public" in schemas else schemas[0]
    conn.execute("SELECT pg_catalog.set_config('search_path', %s, true)",
                 (_quote_ident(default_schema) + ", pg_catalog",))
    nsp_rows = q.fetch(conn, q.SCHEMAS, {"system": list(q.SYSTEM_SCHEMAS), "wanted": schemas})
    if schemas:
        missing = sorted(set(schemas) - {r["nspname"] for r in nsp_rows})
        if missing:
            raise TablewrightError(f"schema {', '.join(missing)} not found in the database "
                                   "(or it belongs to an extension); check --schema")
    nsp_oids = [r["oid"] for r in nsp_rows]
    tables = q.fetch(conn, q.TABLES, {"schemas": nsp_oids})
    oids = [t["oid"] for t in tables]
    by_table: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for kind, query, key in (("columns", q.COLUMNS, "attrelid"), ("constraints", q.CONSTRAINTS, "conrelid"),
                             ("indexes", q.INDEXES, "indrelid"), ("policies", q.POLICIES, "polrelid"),
                             ("triggers", q.TRIGGERS, "tgrelid")):
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in q.fetch(conn, query, {"tables": oids}):
            grouped[row[key]].append(row)
        by_table[kind] = grouped
    distribution = _distribution(conn)
    entities = tuple(
        build_entity(t, {k: v.get(t["oid"], []) for k, v in by_table.items()}, default_schema,
                     distribution.get(t["oid"]))
        for t in tables
    )
    return DataModel(
        name=str(conn.execute("SELECT current_database()").fetchone()[0]),
        default_schema=default_schema,
        extensions=tuple(r["extname"] for r in q.fetch(conn, q.EXTENSIONS)),
        enums=tuple(_enum(r, default_schema) for r in q.fetch(conn, q.ENUMS, {"schemas": nsp_oids})),
        entities=entities,
        views=tuple(_view(r, default_schema) for r in q.fetch(conn, q.VIEWS, {"schemas": nsp_oids})),
        functions=tuple(_function(r, default_schema) for r in q.fetch(conn, q.FUNCTIONS, {"schemas": nsp_oids})),
        publications=publications(conn, default_schema, schemas),
    )


def default_opclasses(conn: Any) -> frozenset[tuple[str, str]]:
    """``(index method, operator class)`` pairs that are some type's default on this server."""
    return frozenset((r["amname"], r["opcname"]) for r in q.fetch(conn, q.DEFAULT_OPCLASSES))


def _schema(nspname: str, default_schema: str) -> str | None:
    return None if nspname == default_schema else nspname


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _enum(row: dict[str, Any], default_schema: str) -> EnumType:
    return EnumType(name=row["typname"], values=tuple(row["labels"]),
                    schema_name=_schema(row["nspname"], default_schema), note=row["note"])


def _view(row: dict[str, Any], default_schema: str) -> View:
    sql = (row["sql"] or "").strip()
    if sql.endswith(";"):
        sql = sql[:-1].rstrip()
    options = view_options(row.get("options"))
    return View(name=row["relname"], sql=sql, schema_name=_schema(row["nspname"], default_schema),
                materialized=bool(row["materialized"]), note=row["note"],
                security_invoker=options.get("security_invoker", False),
                security_barrier=options.get("security_barrier", False))


def view_options(reloptions: list[str] | None) -> dict[str, bool]:
    """The boolean options of a view's ``reloptions`` (``['security_invoker=true']``); PostgreSQL
    keeps the spelling it was given, so ``on``, ``1`` and ``yes`` are true too.

    >>> view_options(["security_invoker=on", "security_barrier=false", "check_option=local"])
    {'security_invoker': True, 'security_barrier': False}
    """
    found: dict[str, bool] = {}
    for item in reloptions or ():
        key, _, value = item.partition("=")
        if key in ("security_invoker", "security_barrier"):
            found[key] = value.strip().lower() in ("true", "on", "1", "yes", "t", "y", "")
    return found


def publications(conn: Any, default_schema: str, schemas: list[str] | None = None) -> tuple[Publication, ...]:
    """The database's publications. With ``schemas``, those that publish a table of one of them
    or one of them as a whole (a publication of all tables only without ``schemas``)."""
    modern = int(conn.info.server_version) >= 150000
    rows = q.fetch(conn, q.PUBLICATIONS)
    if not rows:
        return ()
    tables: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in q.fetch(conn, q.PUBLICATION_TABLES if modern else q.PUBLICATION_TABLES_14):
        tables[r["prpubid"]].append(r)
    spaces: dict[int, list[str]] = defaultdict(list)
    if modern:
        for r in q.fetch(conn, q.PUBLICATION_SCHEMAS):
            spaces[r["pnpubid"]].append(r["nspname"])
    out = []
    for r in rows:
        rels, names = tables.get(r["oid"], []), spaces.get(r["oid"], [])
        if schemas is not None and (r["puballtables"] or not (
                {t["nspname"] for t in rels} & set(schemas) or set(names) & set(schemas))):
            continue
        ops = tuple(op for op, flag in (("insert", r["pubinsert"]), ("update", r["pubupdate"]),
                                        ("delete", r["pubdelete"]), ("truncate", r["pubtruncate"])) if flag)
        out.append(Publication(
            name=r["pubname"], all_tables=bool(r["puballtables"]), publish=ops, schemas=tuple(names),
            via_partition_root=bool(r["pubviaroot"]), note=r["note"],
            tables=tuple(PublicationTable(table=t["relname"], schema_name=_schema(t["nspname"], default_schema),
                                          columns=tuple(t["columns"] or ()), where=t["where"]) for t in rels)))
    return tuple(out)


def _function(row: dict[str, Any], default_schema: str) -> Function:
    return Function(name=row["proname"], body=row["body"].strip("\n"), returns=row["returns"],
                    arguments=row["arguments"], language=row["language"],
                    schema_name=_schema(row["nspname"], default_schema), note=row["note"])


def _distribution(conn: Any) -> dict[int, tuple[str, str | None]]:
    """Citus distribution per table oid (empty unless the citus extension is there)."""
    found = conn.execute("SELECT to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return {}
    return {r["relid"]: (r["partmethod"], r["column"]) for r in q.fetch(conn, q.DISTRIBUTION)}
