"""``audit-trail``: every insert, update and delete of the chosen tables, recorded in one log.

One ``audit_log`` table (old and new row as JSONB, the changed fields, the acting user from a
session setting, the transaction, a BRIN index on the time), one generic trigger function, and an
``AFTER ... FOR EACH ROW`` trigger per chosen table. An update that changes nothing is not logged.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import Attribute, CheckConstraint, Entity, Function, Index, IndexKey, PrimaryKey, Trigger
from core.patterns.base import Param, Pattern
from core.patterns.common import index, lit, q
from core.patterns.plan import Plan

__all__ = ["AuditTrail"]

_BODY = """\
DECLARE
  old_row jsonb;
  new_row jsonb;
  changed text[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_row := to_jsonb(OLD);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_row := to_jsonb(NEW);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(n.key ORDER BY n.key) INTO changed
      FROM jsonb_each(new_row) AS n
     WHERE n.value IS DISTINCT FROM old_row -> n.key;
    IF changed IS NULL THEN
      RETURN NULL;  -- nothing changed: nothing to record
    END IF;
  END IF;
  INSERT INTO {log} (table_schema, table_name, operation, old_values, new_values, changed_fields, changed_by)
  VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP, old_row, new_row, changed,
          coalesce(nullif(current_setting({setting}, true), ''), session_user));
  RETURN NULL;
END;"""


class AuditTrail(Pattern):
    """Audit trail (see the module docstring)."""

    name = "audit-trail"
    title = "Audit trail"
    description = ("Record who changed what and when: every insert, update and delete of the chosen "
                   "tables goes to one audit_log with the old and new values and the changed fields. "
                   "Use it for compliance, support investigations and debugging data problems.")
    tradeoffs = ("Each write costs an extra insert in the same transaction; the log grows without bound "
                 "(partition or purge it by changed_at); the user is what the application sets in the "
                 "session setting (the database role otherwise); JSONB rows do not follow later renames.")
    parameters = (
        Param("log_table", "str", "audit_log", "name of the audit log table"),
        Param("function", "str", "audit_row_change", "name of the generic trigger function"),
        Param("user_setting", "str", "app.user_id", "session setting holding the acting user"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        log: str = params["log_table"]
        fn: str = params["function"]
        existing = plan.model.find_entity(log)
        if existing is None:
            plan.add_entity(_log_table(log), f"add table {log} (old/new JSONB, changed fields, user, BRIN on time)")
        elif existing.attribute("changed_fields") is None:
            raise CommandError(f'pattern {self.name}: a table "{log}" exists but is not an audit log; '
                               "choose another log_table")
        else:
            from core.patterns.tenancy import shared_log_check

            shared_log_check(plan, self.name, existing, targets)
        plan.add_function(Function(
            name=fn, body=_BODY.format(log=q(log), setting=lit(params["user_setting"])),
            note="Generic audit trigger: records the row before and after, and the changed fields."))
        for target in targets:
            if target.name == log:
                raise CommandError(f"pattern {self.name}: the audit log cannot audit itself")
            trigger = f"{target.name}_audit"
            if any(t.function == fn or t.name == trigger for t in target.triggers):
                raise CommandError(f'pattern {self.name}: "{target.name}" already has the audit trigger')
            new: Entity = target.model_copy(update={"triggers": (*target.triggers, Trigger(
                name=trigger, function=fn, timing="after", events=("insert", "update", "delete")))})
            plan.put_entity(new, f"{target.name}: add trigger {trigger} (after insert, update, delete)")


def _log_table(name: str) -> Entity:
    ops = "operation IN ('INSERT', 'UPDATE', 'DELETE')"
    return Entity(
        name=name,
        note="Every change of the audited tables: one row per inserted, updated or deleted row.",
        tags=("audit", "append-only"),
        attributes=(
            Attribute(name="id", type="bigint", nullable=False, identity="always"),
            Attribute(name="table_schema", type="text", nullable=False),
            Attribute(name="table_name", type="text", nullable=False),
            Attribute(name="operation", type="text", nullable=False),
            Attribute(name="old_values", type="jsonb", note="The row before the change (NULL for INSERT).",
                      check="jsonb_typeof(old_values) = 'object'"),
            Attribute(name="new_values", type="jsonb", note="The row after the change (NULL for DELETE).",
                      check="jsonb_typeof(new_values) = 'object'"),
            Attribute(name="changed_fields", type="text[]", note="Columns whose value changed (UPDATE)."),
            Attribute(name="changed_by", type="text", nullable=False),
            Attribute(name="changed_at", type="timestamptz", nullable=False, default="now()"),
            Attribute(name="transaction_id", type="bigint", nullable=False, default="txid_current()"),
        ),
        primary_key=PrimaryKey(columns=("id",)),
        checks=(CheckConstraint(name=f"{name}_operation_check", expression=ops),),
        indexes=(
            Index(name=f"{name}_changed_at_brin", columns=(IndexKey(column="changed_at"),), method="brin"),
            index(("table_name", "changed_at"), name=f"{name}_table_time"),
        ),
    )
