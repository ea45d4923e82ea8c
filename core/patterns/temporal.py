"""Temporal tables: ``system-versioned`` (history kept by the database) and ``bi-temporal``
(valid time kept by the application, recorded time by the database).

``system-versioned``: the table gets a period start; a history table receives every replaced or
deleted version with its period end from a ``BEFORE UPDATE OR DELETE`` trigger; an exclusion
constraint refuses overlapping periods of one key in the history; ``<table>_as_of`` shows the rows
as they were at the time in the session setting ``app.as_of`` (now when unset).

``bi-temporal``: ``valid_from``/``valid_to``/``recorded_at``, a check that the period is not empty,
the key extended with ``valid_from``, and an exclusion constraint per key against overlapping
valid periods. Integer and date keys use a range form that needs no extension; other key types
need btree_gist (created by the DDL).
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import (
    Attribute,
    CheckConstraint,
    Entity,
    ExclusionConstraint,
    ExclusionElement,
    Function,
    PrimaryKey,
    Trigger,
    View,
)
from core.patterns.base import Param, Pattern
from core.patterns.common import key_elements, lit, pk_columns, q, require_absent, table_ref
from core.patterns.plan import Plan

__all__ = ["BiTemporal", "SystemVersioned"]


class SystemVersioned(Pattern):
    """System-versioned table (see the module docstring)."""

    name = "system-versioned"
    title = "System-versioned history"
    description = ("Keep every past version of each row automatically, with the period it was current, "
                   "and query the table as it was at any time. Use it when you must answer \"what did "
                   "we know on that date\" or restore an overwritten value.")
    tradeoffs = ("Every update and delete writes a history row (storage and write cost); a column "
                 "added to the table must be added to the history too (the trigger copies columns by "
                 "name, so nothing else changes); the period is transaction time (now()), "
                 "not the business validity of the data (see bi-temporal for that).")
    parameters = (
        Param("start_column", "str", "sys_from", "period start column of the table"),
        Param("end_column", "str", "sys_to", "period end column of the history table"),
        Param("history_suffix", "str", "_history", "suffix of the history table's name"),
        Param("as_of_setting", "str", "app.as_of", "session setting read by the _as_of view"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        start, end = params["start_column"], params["end_column"]
        histories: list[str] = []
        for target in targets:
            key = pk_columns(target, self.name)
            require_absent(target, [start, end], self.name)
            hist_name = f"{target.name}{params['history_suffix']}"
            table = target.model_copy(update={"attributes": (*target.attributes, Attribute(
                name=start, type="timestamptz", nullable=False, default="now()",
                note="Since when this version of the row is current (set by the versioning trigger)."))})
            history = _history_table(table, hist_name, key, start, end)
            if target.rls is not None:  # past rows are as private as current ones
                history = history.model_copy(update={"rls": target.rls})
            fn_name = f"{target.name}_versioning"
            plan.add_entity(history, f"add table {hist_name} (past versions, overlapping periods excluded)")
            plan.add_function(Function(name=fn_name, schema_name=target.schema_name,
                                       body=_versioning_body(table, history, start, end),
                                       note=f"Moves replaced and deleted rows of {target.name} to {hist_name}."))
            trigger = Trigger(name=fn_name, function=fn_name, timing="before", events=("update", "delete"))
            table = table.model_copy(update={"triggers": (*table.triggers, trigger)})
            plan.put_entity(table, f"{target.name}: add {start} and the versioning trigger (before update, delete)",
                            key_of=target)
            plan.add_view(_as_of_view(table, history, start, end, params["as_of_setting"]))
            histories.append(plan.model.canonical_key(history.key).display())
        plan.suppress_found(histories, {
            "relation-suggested": "a history keeps no foreign keys: past versions outlive the rows they referenced"})


def _history_table(table: Entity, name: str, key: tuple[str, ...], start: str, end: str) -> Entity:
    copied = f"As in {table.name}; nullable here so that past versions need no value for columns added later."
    attrs = tuple(Attribute(name=a.name, type=a.type, nullable=a.nullable or a.name not in (*key, start),
                            check=a.check, note=a.note or (None if a.name in (*key, start) else copied))
                  for a in table.attributes)  # a column's own CHECK held for every past value too
    elements, _ = key_elements(table, key)
    period = ExclusionElement(expression=f"tstzrange({q(start)}, {q(end)})", operator="&&")
    return Entity(
        name=name, schema_name=table.schema_name, tags=("history", "append-only"),
        note=f"Past versions of {table.name}: each row was current from {start} until {end}.",
        attributes=(*attrs, Attribute(name=end, type="timestamptz", nullable=False,
                                      note="Until when this version was current.")),
        primary_key=PrimaryKey(columns=(*key, start)),
        checks=(*(c.model_copy(update={"name": None}) for c in table.checks),  # past rows met them too
                CheckConstraint(name=f"{name}_period_check", expression=f"{q(start)} <= {q(end)}")),
        exclusions=(ExclusionConstraint(name=f"{name}_no_overlap", elements=(*elements, period)),),
    )


def _versioning_body(table: Entity, history: Entity, start: str, end: str) -> str:
    # the old row is copied by column name (through JSONB), so the trigger keeps working when both
    # tables gain a column (multi-tenant adds tenant_id to both) or their column order differs
    hist = table_ref(history)
    return f"""\
BEGIN
  -- a version made and replaced in one transaction was never visible: keep no history of it
  IF OLD.{q(start)} < now() THEN
    INSERT INTO {hist}
    SELECT * FROM jsonb_populate_record(NULL::{hist}, to_jsonb(OLD) || jsonb_build_object({lit(end)}, now()));
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.{q(start)} := greatest(now(), OLD.{q(start)});
    RETURN NEW;
  END IF;
  RETURN OLD;
END;"""


def _as_of_view(table: Entity, history: Entity, start: str, end: str, setting: str) -> View:
    at = f"coalesce(nullif(current_setting({lit(setting)}, true), '')::timestamptz, now())"
    cols = ", ".join(q(a.name) for a in table.attributes)
    sql = (f"SELECT {cols} FROM {table_ref(table)} WHERE {q(start)} <= {at}\n"
           f"UNION ALL\n"
           f"SELECT {cols} FROM {table_ref(history)} WHERE {q(start)} <= {at} AND {q(end)} > {at}")
    return View(name=f"{table.name}_as_of", schema_name=table.schema_name, sql=sql,
                note=f"{table.name} as it was at the time in the setting {setting} (now when unset).")


class BiTemporal(Pattern):
    """Bi-temporal table (see the module docstring)."""

    name = "bi-temporal"
    title = "Bi-temporal (valid time and recorded time)"
    description = ("Keep, for each key, the periods during which each version of the facts was true in "
                   "the real world (valid time), and when the database learned it (recorded time). Use it "
                   "for prices, contracts, policies, addresses: anything with retroactive corrections.")
    tradeoffs = ("The key is no longer unique by itself (it becomes key + valid_from), so other tables "
                 "cannot reference it with a plain foreign key; every query must pick a time; "
                 "corrections are writes of new periods, handled by the application.")
    parameters = (
        Param("valid_from", "str", "valid_from", "start of the valid period"),
        Param("valid_to", "str", "valid_to", "end of the valid period (exclusive, 'infinity' when open)"),
        Param("recorded_at", "str", "recorded_at", "when the row was recorded"),
        Param("key", "list", (), "the columns identifying the thing (default: the primary key)"),
        Param("period_type", "choice", "timestamptz", "type of the valid period", ("timestamptz", "date")),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        vf, vt, rec = params["valid_from"], params["valid_to"], params["recorded_at"]
        for target in targets:
            key = tuple(params["key"]) or pk_columns(target, self.name)
            for col in key:
                if target.attribute(col) is None:
                    raise CommandError(f'pattern {self.name}: "{target.name}" has no column "{col}" for the key')
            require_absent(target, [vf, vt, rec], self.name)
            refs = list(dict.fromkeys(e.name if e.key != target.key else f"itself ({', '.join(fk.columns)})"
                                      for e, fk in plan.referencing(target)))
            if refs:
                raise CommandError(f'pattern {self.name}: "{target.name}" is referenced by {", ".join(refs)}; '
                                   "its key stops being unique once versions are kept, so reference a "
                                   "separate identity table instead (or drop those foreign keys first)")
            ptype = params["period_type"]
            rng = "tstzrange" if ptype == "timestamptz" else "daterange"
            attrs = [a.model_copy(update={"identity": "by default"}) if a.identity == "always" and a.name in key
                     else a for a in target.attributes]
            if attrs != list(target.attributes):
                plan.changes.append(f"{target.name}: key identity becomes BY DEFAULT (new versions reuse the key)")
            elements, _ = key_elements(target, key)
            new = target.model_copy(update={
                "attributes": (*attrs,
                               Attribute(name=vf, type=ptype, nullable=False,
                                         default="now()" if ptype == "timestamptz" else "CURRENT_DATE",
                                         note="Start of the period when this version is true (inclusive)."),
                               Attribute(name=vt, type=ptype, nullable=False, default="'infinity'",
                                         note="End of the period when this version is true (exclusive)."),
                               Attribute(name=rec, type="timestamptz", nullable=False, default="now()",
                                         note="When the database recorded this version.")),
                "primary_key": PrimaryKey(columns=(*key, vf)),
                "checks": (*target.checks, CheckConstraint(name=f"{target.name}_valid_period_check",
                                                           expression=f"{q(vf)} < {q(vt)}")),
                "exclusions": (*target.exclusions, ExclusionConstraint(
                    name=f"{target.name}_no_overlap",
                    elements=(*elements, ExclusionElement(expression=f"{rng}({q(vf)}, {q(vt)})",
                                                          operator="&&")))),
            })
            plan.put_entity(new, f"{target.name}: add {vf}, {vt}, {rec}; key ({', '.join((*key, vf))}); "
                                 f"no overlapping valid periods per ({', '.join(key)})")
            for u in target.uniques:
                plan.warnings.append(f"{target.name}: unique ({', '.join(u.columns)}) still holds across "
                                     "versions; extend it with the period if versions may repeat it")
