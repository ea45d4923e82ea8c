"""The JSON Schema of the model file, for editor completion and checking (yaml-language-server).

It is derived from the pydantic classes in :mod:`core.model` (field aliases, class docstrings),
then adjusted to describe the file as people write it: a list of names may also be one
comma-separated string, an index key may be a bare column name, ``(key, value)`` pairs are
written as a mapping, and every field has a description.

>>> schema = json_schema()
>>> schema["properties"]["format_version"]["maximum"], "Entity" in schema["$defs"]
(1, True)
"""

from __future__ import annotations

from typing import Any

from core.model import FORMAT_VERSION, DataModel

_NAME_LIST = {"type": "array", "items": {"type": "string"}}
_PAIR_FIELDS = {("Index", "with"), ("LintConfig", "severity"), ("LintConfig", "options"),
                ("AppliedPattern", "params")}

#: A key written as its columns alone: ``primary_key: [id]`` or ``primary_key: id``.
_COLUMNS_SHORTHAND = [{"type": "array", "items": {"type": "string"}, "description": "the key's columns"},
                      {"type": "string", "description": "the key's columns, separated by commas"}]

#: Descriptions of fields whose meaning is not obvious from the name, by (class, key).
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("DataModel", "format_version"): f"layout version of this file; this tablewright writes {FORMAT_VERSION}",
    ("DataModel", "name"): "the model's name",
    ("DataModel", "default_schema"): "schema of entities that name none (PostgreSQL: public)",
    ("DataModel", "extensions"): "PostgreSQL extensions the model needs (vector, citext, pg_trgm...)",
    ("DataModel", "patterns"): "patterns applied to this model (kept so they are not applied twice)",
    ("DataModel", "lint"): "lint configuration: disabled rules, severities, suppressions, options",
    ("Settings", "multi_tenant"): "every entity carries the tenant column (lint checks it)",
    ("Settings", "tenant_column"): "name of the tenant column",
    ("Settings", "tenant_entity"): "the entity holding the tenants",
    ("Entity", "name"): "table name", ("Entity", "schema"): "schema (default: the model's default_schema)",
    ("Entity", "tags"): "subject areas this entity belongs to",
    ("Entity", "attributes"): "columns, in order",
    ("Entity", "primary_key"): "{columns: [...], name: ...}, or just the columns: [id]",
    ("Entity", "uniques"): "unique constraints: {columns: [...], name: ...}, or just the columns: [email]",
    ("Entity", "fds"): "functional dependencies lhs -> rhs over this entity's attributes",
    ("Entity", "mvds"): "multivalued dependencies lhs ->> rhs",
    ("Entity", "rls"): "row-level security: enabled, forced, policies",
    ("Entity", "distribution"): "Citus distribution (distributed by a column, or a reference table)",
    ("Attribute", "type"): "SQL type as written: bigint, text, numeric(12,2), vector(1536), an enum name...",
    ("Attribute", "nullable"): "false for NOT NULL",
    ("Attribute", "default"): "default expression (SQL), e.g. now() or 'pending'",
    ("Attribute", "identity"): "GENERATED ALWAYS / BY DEFAULT AS IDENTITY",
    ("ForeignKey", "columns"): "columns of this entity", ("ForeignKey", "references"): "referenced entity",
    ("ForeignKey", "ref_schema"): "schema of the referenced entity (default: this entity's)",
    ("ForeignKey", "ref_columns"): "referenced columns (default: the target's primary key)",
    ("ForeignKey", "cardinality"): "derived from the columns when left out",
    ("ForeignKey", "optional"): "whether a row may have no parent (derived from nullability when left out)",
    ("Index", "columns"): "keys: column names, or {column|expression, opclass, order, nulls}",
    ("Index", "where"): "predicate of a partial index (SQL)",
    ("Index", "include"): "non-key columns stored in the index (INCLUDE)",
    ("Index", "with"): "storage parameters, e.g. {m: 16, ef_construction: 64} for HNSW",
    ("Policy", "using"): "USING expression (rows visible / affected)",
    ("Policy", "with_check"): "WITH CHECK expression (rows that may be written)",
    ("Trigger", "function"): "a function of this model (functions:)",
    ("View", "sql"): "the SELECT statement", ("Function", "body"): "the function body (between $$)",
    ("View", "security_invoker"): "PostgreSQL 15+: read the tables as the querying user, so their "
                                  "row-level security applies (plain views only)",
    ("View", "security_barrier"): "keep the querying user's functions from seeing rows the view hides "
                                  "(plain views only)",
    ("DataModel", "publications"): "logical replication publications (CREATE PUBLICATION), created after the tables",
    ("Publication", "all_tables"): "FOR ALL TABLES (then list no tables or schemas)",
    ("Publication", "tables"): "tables: names, or {table, schema, columns, where}",
    ("Publication", "schemas"): "FOR TABLES IN SCHEMA: every table of these schemas (PostgreSQL 15+)",
    ("Publication", "publish"): "operations published (default: insert, update, delete, truncate)",
    ("Publication", "via_partition_root"): "publish a partitioned table's changes as its own",
    ("PublicationTable", "table"): "an entity of the model",
    ("PublicationTable", "schema"): "its schema (default: the model's default_schema)",
    ("PublicationTable", "columns"): "column list: only these columns are published (PostgreSQL 15+)",
    ("PublicationTable", "where"): "row filter: only rows for which this is true (PostgreSQL 15+)",
    ("LintConfig", "severity"): "rule id -> error | warning | info",
    ("Suppression", "reason"): "why this finding is accepted (kept in the file for reviewers)",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the model file."""
    schema = DataModel.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "tablewright model file", **{k: v for k, v in schema.items() if k != "title"}}
    schema["properties"]["format_version"]["maximum"] = FORMAT_VERSION
    schema["properties"]["format_version"]["minimum"] = 1
    _adjust("DataModel", schema)
    for cls_name, definition in schema.get("$defs", {}).items():
        _adjust(cls_name, definition)
    return schema


def _adjust(cls_name: str, definition: dict[str, Any]) -> None:
    for key, prop in definition.get("properties", {}).items():
        desc = DESCRIPTIONS.get((cls_name, key))
        if desc and "description" not in prop:
            prop["description"] = desc
        if (cls_name, key) in _PAIR_FIELDS:
            values: dict[str, Any] = {"type": ["string", "number", "boolean"]}
            if key == "severity":
                values = {"enum": ["error", "warning", "info"]}
            prop.pop("items", None)
            prop.pop("type", None)
            prop["default"] = {}
            prop["anyOf"] = [{"type": "object", "additionalProperties": values},
                             {"type": "array", "items": {"type": "array", "minItems": 2, "maxItems": 2}}]
        elif cls_name == "Entity" and key == "primary_key":
            prop["anyOf"] = [{"$ref": "#/$defs/PrimaryKey"}, *_COLUMNS_SHORTHAND, {"type": "null"}]
        elif cls_name == "Entity" and key == "uniques":
            prop["items"] = {"anyOf": [{"$ref": "#/$defs/UniqueConstraint"}, *_COLUMNS_SHORTHAND]}
        elif cls_name == "Index" and key == "columns":
            prop["items"] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/IndexKey"}]}
        elif cls_name == "Publication" and key == "tables":
            prop.pop("type", None)
            prop.pop("items", None)
            prop["anyOf"] = [{"type": "array", "items": {"anyOf": [{"type": "string"},
                                                                   {"$ref": "#/$defs/PublicationTable"}]}},
                             {"type": "string", "description": "table names separated by commas"}]
        elif {k: v for k, v in prop.items() if k in ("type", "items")} == _NAME_LIST:
            prop.pop("type")
            items = prop.pop("items")
            prop["anyOf"] = [{"type": "array", "items": items},
                             {"type": "string", "description": "names separated by commas"}]
