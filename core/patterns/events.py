"""Event-driven designs: ``event-store``, ``transactional-outbox`` and ``projection``.

``event-store``: streams and append-only events, each event numbered within its stream; an append
must name the stream's next version (optimistic concurrency: a stale writer is refused, and the
unique ``(stream_id, version)`` backs it up); updates and deletes of events are refused.

``transactional-outbox``: messages written in the same transaction as the change they announce;
a relay claims a batch with ``FOR UPDATE SKIP LOCKED`` (each row to exactly one of several
concurrent relays), publishes, then sets ``published_at``.

``projection``: a read model (``state`` JSONB per key, with the position of the last event
applied) and a checkpoint table that only moves forward.
"""

from __future__ import annotations

from typing import Any

from core.model import (
    Attribute,
    CheckConstraint,
    Entity,
    ForeignKey,
    Function,
    PrimaryKey,
    Trigger,
    UniqueConstraint,
)
from core.patterns.base import Param, Pattern
from core.patterns.common import index, q
from core.patterns.plan import Plan

__all__ = ["EventStore", "Projection", "TransactionalOutbox"]


def _ts(name: str, **kw: Any) -> Attribute:
    return Attribute(name=name, type="timestamptz", nullable=False, default="now()", **kw)


class EventStore(Pattern):
    """Event store (see the module docstring)."""

    name = "event-store"
    title = "Event store (append-only, optimistic concurrency)"
    description = ("Store every change as an immutable event in its stream (one aggregate: an order, a "
                   "cart), numbered 1, 2, 3... within the stream. Use it when the history is the source "
                   "of truth, for event sourcing, or when several writers must not overwrite each other.")
    tradeoffs = ("Current state must be rebuilt or projected from events (see projection); events cannot "
                 "be corrected, only compensated; schema changes of payloads need upcasting; the table "
                 "grows forever (partition it by position when large).")
    targets = (0, 0)
    targets_help = "none (the pattern adds its own tables)"
    parameters = (
        Param("streams_table", "str", "streams", "the table of streams"),
        Param("events_table", "str", "events", "the table of events"),
        Param("stream_id_type", "choice", "uuid", "type of stream ids", ("uuid", "bigint", "text")),
    )

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        return (params["streams_table"], params["events_table"])

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        st, ev, idt = params["streams_table"], params["events_table"], params["stream_id_type"]
        plan.add_entity(Entity(
            name=st, tags=("events",), note="One event stream (an aggregate); version = its last event's number.",
            attributes=(Attribute(name="stream_id", type=idt, nullable=False,
                                  default="gen_random_uuid()" if idt == "uuid" else None),
                        Attribute(name="stream_type", type="text", nullable=False),
                        Attribute(name="version", type="bigint", nullable=False, default="0", check="version >= 0"),
                        _ts("created_at"), _ts("updated_at", note="When the last event was appended.")),
            primary_key=PrimaryKey(columns=("stream_id",)),
            indexes=(index(("stream_type", "created_at")),),
        ), f"add table {st} (streams with their current version)")
        guard, refuse = f"{ev}_append_guard", f"{ev}_refuse_change"
        plan.add_function(Function(name=guard, body=_GUARD.format(streams=q(st)),
                                   note="Optimistic concurrency: an event must carry its stream's next version."))
        plan.add_function(Function(name=refuse, body=_REFUSE,
                                   note="Events are facts: correct them with a compensating event."))
        plan.add_entity(Entity(
            name=ev, tags=("events",), note="Append-only events; (stream_id, version) orders each stream.",
            attributes=(Attribute(name="global_position", type="bigint", nullable=False, identity="always"),
                        Attribute(name="stream_id", type=idt, nullable=False),
                        Attribute(name="version", type="bigint", nullable=False, check="version > 0"),
                        Attribute(name="event_type", type="text", nullable=False),
                        Attribute(name="payload", type="jsonb", nullable=False),
                        Attribute(name="metadata", type="jsonb", nullable=False, default="'{}'::jsonb",
                                  check="jsonb_typeof(metadata) = 'object'"),
                        _ts("occurred_at")),
            primary_key=PrimaryKey(columns=("global_position",)),
            uniques=(UniqueConstraint(name=f"{ev}_stream_version_key", columns=("stream_id", "version")),),
            checks=(CheckConstraint(name=f"{ev}_payload_is_object", expression="jsonb_typeof(payload) = 'object'"),),
            foreign_keys=(ForeignKey(columns=("stream_id",), references=st, on_delete="restrict"),),
            indexes=(index(("event_type", "global_position")),),
            triggers=(Trigger(name=guard, function=guard, timing="before", events=("insert",)),
                      Trigger(name=refuse, function=refuse, timing="before", events=("update", "delete"))),
        ), f"add table {ev} (append-only; unique (stream_id, version); the next version or a refusal)")


_GUARD = """\
BEGIN
  UPDATE {streams} SET version = NEW.version, updated_at = now()
   WHERE stream_id = NEW.stream_id AND version = NEW.version - 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stream % is not at version % (a concurrent append won, or the stream does not exist)',
      NEW.stream_id, NEW.version - 1 USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN NEW;
END;"""

_REFUSE = """\
BEGIN
  RAISE EXCEPTION '% of an event refused: events are append-only', TG_OP USING ERRCODE = 'restrict_violation';
END;"""


class TransactionalOutbox(Pattern):
    """Transactional outbox (see the module docstring)."""

    name = "transactional-outbox"
    title = "Transactional outbox"
    description = ("Publish messages to a broker exactly when the database change commits: write them to "
                   "an outbox table in the same transaction, and let relays claim and publish them. Use "
                   "it whenever a service writes to its database and must tell others.")
    tradeoffs = ("Delivery is at least once (a relay may crash after publishing, before marking): "
                 "consumers must be idempotent; ordering holds per message key only with one relay per "
                 "key; published rows must be purged.")
    targets = (0, 0)
    targets_help = "none (the pattern adds its own table)"
    parameters = (
        Param("table", "str", "outbox", "the outbox table"),
        Param("claim_function", "str", "claim_outbox", "the function that claims a batch"),
    )

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        return (params["table"],)

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        t = params["table"]
        plan.add_entity(Entity(
            name=t, tags=("messaging",), note="Messages to publish, written in the transaction of the change.",
            attributes=(Attribute(name="id", type="bigint", nullable=False, identity="always"),
                        Attribute(name="aggregate_type", type="text", nullable=False),
                        Attribute(name="aggregate_id", type="text", nullable=False,
                                  note="The message key (ordering holds per key)."),
                        Attribute(name="event_type", type="text", nullable=False),
                        Attribute(name="payload", type="jsonb", nullable=False,
                                  check="jsonb_typeof(payload) = 'object'"),
                        Attribute(name="headers", type="jsonb", nullable=False, default="'{}'::jsonb",
                                  check="jsonb_typeof(headers) = 'object'"),
                        _ts("created_at"),
                        Attribute(name="published_at", type="timestamptz", note="NULL until published."),
                        Attribute(name="attempts", type="integer", nullable=False, default="0",
                                  check="attempts >= 0")),
            primary_key=PrimaryKey(columns=("id",)),
            indexes=(index(("id",), name=f"{t}_unpublished", where="published_at IS NULL"),),
        ), f"add table {t} (with a partial index on unpublished rows)")
        plan.suppress_found(t, {
            "missing-timestamps": "a message changes only when it is published, and published_at says when",
            "polymorphic-fk": "the outbox names the aggregate of any table (aggregate_type + aggregate_id) on purpose: "
                              "messages outlive their rows",
            "naming-inconsistent": "named after the transactional outbox pattern"})
        claim = claim_query(t, "batch_size")
        plan.add_function(Function(
            name=params["claim_function"], arguments="batch_size integer", returns=f"SETOF {q(t)}",
            language="sql", body=claim + ";",
            note="Claim unpublished messages for this transaction; concurrent relays get disjoint rows."))
        plan.notes.append("Relay loop: BEGIN; SELECT * FROM "
                          f"{params['claim_function']}(100); publish each; UPDATE {t} SET published_at = now(), "
                          "attempts = attempts + 1 WHERE id = ANY(:ids); COMMIT;")


def claim_query(table: str, limit: str = "100") -> str:
    """The claim query of an outbox: the oldest unpublished rows, skipping those locked by others.

    >>> claim_query("outbox", "10")
    'SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED'
    """
    return f"SELECT * FROM {q(table)} WHERE published_at IS NULL ORDER BY id LIMIT {limit} FOR UPDATE SKIP LOCKED"


class Projection(Pattern):
    """Projection (read model with a checkpoint; see the module docstring)."""

    name = "projection"
    title = "Projection (read model with a checkpoint)"
    description = ("A query-friendly table kept up to date from an event log, with a checkpoint that "
                   "records the last event applied. Use it with an event store or a change log to serve "
                   "reads that the log cannot answer quickly.")
    tradeoffs = ("Reads are eventually consistent (behind the log by the projector's lag); a bug in the "
                 "projector needs a rebuild from position 0; the projector must update the read model "
                 "and the checkpoint in one transaction.")
    targets = (0, 0)
    targets_help = "none (the pattern adds its own tables)"
    parameters = (
        Param("name", "str", None, "name of the read-model table", required=True),
        Param("key", "str", "id", "key column of the read model"),
        Param("key_type", "str", "", "type of the key column (default: the type the model gives columns of "
                                     "that name, else uuid)"),
        Param("checkpoints_table", "str", "projection_checkpoints", "table of checkpoints (shared)"),
    )

    def record_entities(self, targets: tuple[Entity, ...], params: dict[str, Any]) -> tuple[str, ...]:
        return (params["name"],)

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        cp, name = params["checkpoints_table"], params["name"]
        if not plan.has_entity(cp):
            plan.add_entity(Entity(
                name=cp, tags=("projections",), note="How far each projection has read its log.",
                attributes=(Attribute(name="projection", type="text", nullable=False),
                            Attribute(name="last_position", type="bigint", nullable=False, default="0",
                                      check="last_position >= 0"),
                            _ts("created_at"), _ts("updated_at")),
                primary_key=PrimaryKey(columns=("projection",)),
            ), f"add table {cp} (one checkpoint per projection)")
        plan.add_function(Function(
            name=f"advance_{cp}", arguments="p_projection text, p_position bigint", returns="boolean",
            language="sql", body=_ADVANCE.format(cp=q(cp)),
            note="Move a checkpoint forward (never back); true when it moved."))
        plan.add_entity(Entity(
            name=name, tags=("projections",), note=f"Read model kept by the projection {name}.",
            attributes=(Attribute(name=params["key"], type=params["key_type"] or _usual_type(plan, params["key"]),
                                  nullable=False),
                        Attribute(name="state", type="jsonb", nullable=False, default="'{}'::jsonb",
                                  check="jsonb_typeof(state) = 'object'"),
                        Attribute(name="last_position", type="bigint", nullable=False,
                                  note="Position of the last event applied to this row (for idempotency)."),
                        _ts("created_at"), _ts("updated_at")),
            primary_key=PrimaryKey(columns=(params["key"],)),
        ), f"add table {name} (the read model: state per key, last position applied)")
        plan.notes.append(f"Project in one transaction: upsert {name} ... WHERE {name}.last_position < "
                          f"EXCLUDED.last_position; SELECT advance_{cp}('{name}', :position);")


def _usual_type(plan: Plan, column: str) -> str:
    """The type the model most often gives columns named ``column`` (serials as their integer), or uuid."""
    from collections import Counter

    from core.patterns.common import ref_type

    seen = Counter(ref_type(a) for e in plan.model.entities for a in e.attributes if a.name == column)
    return seen.most_common(1)[0][0] if seen else "uuid"


_ADVANCE = """\
INSERT INTO {cp} AS c (projection, last_position) VALUES (p_projection, p_position)
ON CONFLICT (projection) DO UPDATE SET last_position = EXCLUDED.last_position, updated_at = now()
 WHERE c.last_position < EXCLUDED.last_position
RETURNING true;"""
