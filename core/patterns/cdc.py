"""Change data capture: ``cdc-trigger`` (a change log table), ``cdc-notify`` (LISTEN/NOTIFY) and
``cdc-publication`` (a logical replication publication).

``cdc-trigger``: every insert, update and delete of the chosen tables becomes a row of
``change_log`` (key, old and new row as JSONB) with ``processed_at`` set by the consumer, and a
partial index on the unprocessed rows. ``cdc-notify``: a trigger sends ``pg_notify`` with the
table, the operation and the key, for listeners that react at once. ``cdc-publication``: a
publication (:class:`~core.model.Publication`) of the chosen tables for logical replication
consumers (Debezium, pgoutput), created by the model's DDL after the tables.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import (
    Attribute,
    CheckConstraint,
    Entity,
    Function,
    PrimaryKey,
    Publication,
    PublicationTable,
    Trigger,
)
from core.patterns.base import Param, Pattern
from core.patterns.common import index, lit, pk_columns, q
from core.patterns.plan import Plan

__all__ = ["CdcNotify", "CdcPublication", "CdcTrigger"]

_ROW = """\
  IF TG_OP = 'DELETE' THEN
    r := to_jsonb(OLD);
  ELSE
    r := to_jsonb(NEW);
  END IF;
  SELECT jsonb_object_agg(k, r -> k) INTO row_key FROM unnest(TG_ARGV) AS k;"""

_CAPTURE = """\
DECLARE
  r jsonb;
  row_key jsonb;
BEGIN
{row}
  INSERT INTO {log} (table_schema, table_name, operation, row_key, old_row, new_row)
  VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP, row_key,
          CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
          CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
  RETURN NULL;
END;"""

_NOTIFY = """\
DECLARE
  r jsonb;
  row_key jsonb;
BEGIN
{row}
  PERFORM pg_notify({channel}, jsonb_build_object(
    'schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'op', TG_OP, 'key', row_key)::text);
  RETURN NULL;
END;"""


def _add_triggers(plan: Plan, pattern: str, targets: tuple[Entity, ...], fn: str, suffix: str,
                  skip: str | None = None) -> None:
    for t in targets:
        if t.name == skip:
            raise CommandError(f"pattern {pattern}: {t.name} cannot capture its own changes")
        name = f"{t.name}_{suffix}"
        if any(tr.function == fn or tr.name == name for tr in t.triggers):
            raise CommandError(f'pattern {pattern}: "{t.name}" already has the trigger {name}')
        key = pk_columns(t, pattern)
        new: Entity = t.model_copy(update={"triggers": (*t.triggers, Trigger(
            name=name, function=fn, timing="after", events=("insert", "update", "delete"), arguments=key))})
        plan.put_entity(new, f"{t.name}: add trigger {name} (after insert, update, delete)")


class CdcTrigger(Pattern):
    """Trigger-based change capture into a change log (see the module docstring)."""

    name = "cdc-trigger"
    title = "Change data capture: change log table"
    description = ("Capture every change of the chosen tables in a change_log table that consumers read "
                   "in order and mark processed. Use it to feed a search index, a cache or another "
                   "system without logical replication.")
    tradeoffs = ("Each write costs an extra insert; consumers must poll; processed rows must be purged; "
                 "the log is written in the same transaction, so it is exact (no lost or phantom changes).")
    parameters = (
        Param("log_table", "str", "change_log", "the change log table"),
        Param("function", "str", "cdc_capture", "the generic capture trigger function"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        log, fn = params["log_table"], params["function"]
        if plan.has_entity(log):
            from core.patterns.tenancy import shared_log_check

            shared_log_check(plan, self.name, plan.entity(log), targets)
        else:
            plan.add_entity(Entity(
                name=log, tags=("cdc",), note="Changes of the captured tables, in commit-independent id order; immutable but for processed_at.",
                attributes=(Attribute(name="id", type="bigint", nullable=False, identity="always"),
                            Attribute(name="table_schema", type="text", nullable=False),
                            Attribute(name="table_name", type="text", nullable=False),
                            Attribute(name="operation", type="text", nullable=False),
                            Attribute(name="row_key", type="jsonb", nullable=False,
                                      check="jsonb_typeof(row_key) = 'object'"),
                            Attribute(name="old_row", type="jsonb", check="jsonb_typeof(old_row) = 'object'",
                                      note="The row before the change (NULL for INSERT)."),
                            Attribute(name="new_row", type="jsonb", check="jsonb_typeof(new_row) = 'object'",
                                      note="The row after the change (NULL for DELETE)."),
                            Attribute(name="changed_at", type="timestamptz", nullable=False, default="now()"),
                            Attribute(name="processed_at", type="timestamptz", note="Set by the consumer.")),
                primary_key=PrimaryKey(columns=("id",)),
                checks=(CheckConstraint(name=f"{log}_operation_check",
                                        expression="operation IN ('INSERT', 'UPDATE', 'DELETE')"),),
                indexes=(index(("id",), name=f"{log}_unprocessed", where="processed_at IS NULL"),),
            ), f"add table {log} (with processed_at and a partial index on unprocessed rows)")
        plan.add_function(Function(name=fn, body=_CAPTURE.format(row=_ROW, log=q(log)),
                                   note="Writes each change to the change log (key from the trigger arguments)."))
        _add_triggers(plan, self.name, targets, fn, "cdc", skip=log)


class CdcNotify(Pattern):
    """LISTEN/NOTIFY change signals (see the module docstring)."""

    name = "cdc-notify"
    title = "Change data capture: LISTEN/NOTIFY"
    description = ("Signal each change of the chosen tables to listening sessions (pg_notify with the "
                   "table, operation and key), delivered at commit. Use it to invalidate caches or wake "
                   "workers at once.")
    tradeoffs = ("Notifications are lost when no one listens (pair it with cdc-trigger for a durable "
                 "log); payloads are limited to 8000 bytes, so only the key is sent; a listener needs a "
                 "dedicated connection (not through a transaction-mode pooler).")
    parameters = (
        Param("channel", "str", "table_changes", "the NOTIFY channel"),
        Param("function", "str", "cdc_notify", "the generic notify trigger function"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        fn = params["function"]
        plan.add_function(Function(name=fn, body=_NOTIFY.format(row=_ROW, channel=lit(params["channel"])),
                                   note=f"Notifies channel {params['channel']} of each change (key only)."))
        _add_triggers(plan, self.name, targets, fn, "notify")
        plan.notes.append(f"Listen with: LISTEN {params['channel']};")


class CdcPublication(Pattern):
    """Logical replication publication (see the module docstring)."""

    name = "cdc-publication"
    title = "Change data capture: logical replication publication"
    description = ("Publish the changes of the chosen tables through logical replication, for a "
                   "subscriber database or a CDC tool such as Debezium. Use it for low-overhead, "
                   "ordered, durable change streams.")
    tradeoffs = ("Needs wal_level = logical and a replication slot, which holds WAL until consumed (a "
                 "stalled consumer fills the disk); updates and deletes need a replica identity (the "
                 "primary key); DDL changes are not replicated.")
    parameters = (
        Param("publication", "str", "tablewright_cdc", "name of the publication"),
        Param("operations", "list", ("insert", "update", "delete"), "operations to publish"),
    )

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        return tuple(t.name for t in targets)

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        bad = set(params["operations"]) - {"insert", "update", "delete", "truncate"}
        if bad:
            raise CommandError(f"pattern {self.name}: unknown operation(s) {', '.join(sorted(bad))}; "
                               "use insert, update, delete, truncate")
        for t in targets:
            if t.primary_key is None and set(params["operations"]) & {"update", "delete"}:
                raise CommandError(f'pattern {self.name}: "{t.name}" has no primary key, so its updates and '
                                   "deletes cannot be published; add a key or publish inserts only")
        ops = tuple(params["operations"])
        publication = Publication(name=params["publication"], publish=ops, tables=tuple(
            PublicationTable(table=t.name, schema_name=t.schema_name) for t in targets),
            note="Changes for logical replication consumers (cdc-publication).")
        plan.add_publication(publication, f"add publication {publication.name} of "
                                          f"{', '.join(t.name for t in targets)} ({', '.join(ops)})")
        plan.notes.append(f"Consumers need wal_level = logical and a replication slot: CREATE SUBSCRIPTION ... "
                          f"PUBLICATION {q(publication.name)}, or pgoutput with publication_names "
                          f"'{publication.name}'.")
