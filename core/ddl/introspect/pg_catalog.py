"""The ``pg_catalog`` queries behind PostgreSQL introspection, one per kind of object.

Each query takes the oids of the schemas (or tables) to read and returns plain rows (dicts).
They read ``pg_catalog`` directly rather than ``information_schema``, which loses operator
classes, index methods, predicates, identity kinds, exclusion operators and policies. Objects
that belong to an extension (pgvector's functions, PostGIS's tables...) are left out, and so
are the constraints and indexes a partition inherits from its parent. Expressions are
deparsed by the server in its pretty form (``pg_get_expr(..., true)``), relative to the
``search_path`` the caller sets.
"""

from __future__ import annotations

from typing import Any

#: Schemas that are never part of a model.
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")

_NOT_EXTENSION = """NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep
    WHERE dep.classid = '{catalog}'::regclass AND dep.objid = {oid} AND dep.deptype = 'e')"""


def _not_extension(catalog: str, oid: str) -> str:
    return _NOT_EXTENSION.format(catalog=catalog, oid=oid)


SCHEMAS = f"""
SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
WHERE n.nspname <> ALL (%(system)s) AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
  AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%%'
  AND {_not_extension('pg_namespace', 'n.oid')}
  AND (%(wanted)s::text[] IS NULL OR n.nspname = ANY (%(wanted)s::text[]))
ORDER BY n.nspname
"""

TABLES = f"""
SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
       pg_catalog.obj_description(c.oid, 'pg_class') AS note,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_by,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid, true) END AS bound,
       (SELECT pn.nspname FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class p ON p.oid = h.inhparent
          JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
         WHERE c.relispartition AND h.inhrelid = c.oid) AS parent_schema,
       (SELECT p.relname FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class p ON p.oid = h.inhparent
         WHERE c.relispartition AND h.inhrelid = c.oid) AS parent
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relnamespace = ANY (%(schemas)s)
  AND {_not_extension('pg_class', 'c.oid')}
ORDER BY c.oid
"""

COLUMNS = """
SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull, a.attidentity, a.attgenerated, a.attislocal,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) AS default,
       pg_catalog.col_description(a.attrelid, a.attnum) AS note,
       (SELECT s.relname FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class s ON s.oid = dep.objid
         WHERE dep.classid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
           AND dep.refobjsubid = a.attnum AND dep.deptype = 'a' AND s.relkind = 'S' LIMIT 1) AS owned_sequence
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY (%(tables)s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

_ATTNAMES = """ARRAY(SELECT a.attname FROM unnest({keys}) WITH ORDINALITY k(num, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.num ORDER BY k.ord)"""

CONSTRAINTS = f"""
SELECT c.conrelid, c.conname, c.contype, c.condeferrable, c.condeferred, c.confupdtype, c.confdeltype,
       {_ATTNAMES.format(keys='c.conkey', rel='c.conrelid')} AS columns,
       {_ATTNAMES.format(keys='c.confkey', rel='c.confrelid')} AS ref_columns,
       rn.nspname AS ref_schema, r.relname AS ref_table,
       {_ATTNAMES.format(keys='pc.conkey', rel='c.confrelid')} AS ref_pk,
       CASE WHEN c.contype = 'c' THEN pg_catalog.pg_get_expr(c.conbin, c.conrelid, true) END AS expression,
       c.conindid, i.indnullsnotdistinct AS nulls_not_distinct,
       ARRAY(SELECT o.oprname::text FROM unnest(c.conexclop) WITH ORDINALITY x(op, ord)
             JOIN pg_catalog.pg_operator o ON o.oid = x.op ORDER BY x.ord) AS operators,
       pg_catalog.obj_description(c.oid, 'pg_constraint') AS note
FROM pg_catalog.pg_constraint c
LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.conindid AND c.contype IN ('p', 'u', 'x')
LEFT JOIN pg_catalog.pg_class r ON r.oid = c.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
LEFT JOIN pg_catalog.pg_constraint pc ON pc.conrelid = c.confrelid AND pc.contype = 'p'
WHERE c.conrelid = ANY (%(tables)s) AND c.contype IN ('p', 'u', 'f', 'c', 'x')
  AND c.conparentid = 0 AND c.conislocal
ORDER BY c.conrelid, c.contype, c.conname
"""

INDEXES = """
SELECT i.indrelid, i.indexrelid, ic.relname AS name, am.amname AS method, i.indisunique,
       i.indnkeyatts, i.indnatts, i.indoption::int2[] AS options, i.indnullsnotdistinct,
       ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
             ORDER BY k.ord) AS columns,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
             FROM generate_series(1, i.indnatts) k ORDER BY k) AS keys,
       ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END
             FROM unnest(i.indclass::oid[]) WITH ORDINALITY x(cls, ord)
             JOIN pg_catalog.pg_opclass oc ON oc.oid = x.cls ORDER BY x.ord) AS opclasses,
       am.amname = 'btree' AS ordered,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       ic.reloptions, pg_catalog.obj_description(i.indexrelid, 'pg_class') AS note,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid
               AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')) AS constraint_backed
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE i.indrelid = ANY (%(tables)s)
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)
ORDER BY i.indrelid, ic.relname
"""

POLICIES = """
SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END
             FROM unnest(p.polroles) r) AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid, true) AS using,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid, true) AS with_check
FROM pg_catalog.pg_policy p WHERE p.polrelid = ANY (%(tables)s)
ORDER BY p.polrelid, p.polname
"""

TRIGGERS = """
SELECT t.tgrelid, t.tgname, t.tgtype, pn.nspname AS function_schema, p.proname AS function,
       t.tgnargs, t.tgargs, pg_catalog.pg_get_triggerdef(t.oid, true) AS definition
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
WHERE t.tgrelid = ANY (%(tables)s) AND NOT t.tgisinternal AND t.tgparentid = 0
ORDER BY t.tgrelid, t.tgname
"""

FUNCTIONS = f"""
SELECT n.nspname, p.proname, pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_function_result(p.oid) AS returns, l.lanname AS language, p.prosrc AS body,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS note
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = ANY (%(schemas)s) AND p.prokind = 'f' AND l.lanname NOT IN ('c', 'internal')
  AND {_not_extension('pg_proc', 'p.oid')}
ORDER BY n.nspname, p.proname, p.oid
"""

ENUMS = f"""
SELECT n.nspname, t.typname,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder) AS labels,
       pg_catalog.obj_description(t.oid, 'pg_type') AS note
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND t.typnamespace = ANY (%(schemas)s) AND {_not_extension('pg_type', 't.oid')}
ORDER BY t.oid
"""

VIEWS = f"""
SELECT n.nspname, c.relname, c.relkind = 'm' AS materialized,
       pg_catalog.pg_get_viewdef(c.oid, true) AS sql, c.reloptions AS options,
       pg_catalog.obj_description(c.oid, 'pg_class') AS note
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND c.relnamespace = ANY (%(schemas)s)
  AND {_not_extension('pg_class', 'c.oid')}
ORDER BY c.oid
"""

#: Publications (the per-table column lists, row filters and schema lists are PostgreSQL 15+:
#: :data:`PUBLICATION_TABLES_14` and no schemas before that).
PUBLICATIONS = """
SELECT p.oid, p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
       pg_catalog.obj_description(p.oid, 'pg_publication') AS note
FROM pg_catalog.pg_publication p
ORDER BY p.pubname
"""

PUBLICATION_TABLES = """
SELECT pr.prpubid, n.nspname, c.relname,
       (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs::int2[])) AS columns,
       pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) AS "where"
FROM pg_catalog.pg_publication_rel pr
JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
ORDER BY pr.oid
"""

PUBLICATION_TABLES_14 = """
SELECT pr.prpubid, n.nspname, c.relname, NULL::text[] AS columns, NULL::text AS "where"
FROM pg_catalog.pg_publication_rel pr
JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
ORDER BY pr.oid
"""

PUBLICATION_SCHEMAS = """
SELECT pn.pnpubid, n.nspname FROM pg_catalog.pg_publication_namespace pn
JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid
ORDER BY pn.oid
"""

EXTENSIONS = "SELECT extname FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' ORDER BY extname"

DISTRIBUTION = """
SELECT logicalrelid::oid AS relid, partmethod,
       CASE WHEN partmethod = 'h' THEN column_to_column_name(logicalrelid, partkey) END AS column
FROM pg_catalog.pg_dist_partition
"""

DEFAULT_OPCLASSES = """
SELECT DISTINCT am.amname, oc.opcname::text FROM pg_catalog.pg_opclass oc
JOIN pg_catalog.pg_am am ON am.oid = oc.opcmethod WHERE oc.opcdefault
"""


def fetch(conn: Any, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one catalog query and return its rows as dicts."""
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query, params or {})
        return list(cur.fetchall())
