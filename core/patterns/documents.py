"""``jsonb-document``: a JSONB document column with a validated shape, a containment index and
generated columns for the paths that queries filter and sort on.

The CHECK requires a JSON object whose required keys (``name:string``, nested ``customer.email:
string``) are present with their JSON type; the GIN index uses ``jsonb_path_ops`` (smaller and
faster for ``@>`` containment); each generated column (``customer.email:customer_email:text``)
is stored, typed, and indexed.
"""

from __future__ import annotations

from typing import Any

from core.errors import CommandError
from core.model import Attribute, CheckConstraint, Entity, Index, IndexKey
from core.patterns.base import Param, Pattern
from core.patterns.common import index, lit, q
from core.patterns.plan import Plan

__all__ = ["JsonbDocument", "path_sql"]

JSON_TYPES = ("string", "number", "boolean", "object", "array")


def path_sql(column: str, path: str, *, as_text: bool) -> str:
    """The SQL that reads ``path`` (dotted) of the JSONB ``column``.

    >>> path_sql("doc", "name", as_text=True)
    "(doc ->> 'name')"
    >>> path_sql("doc", "customer.email", as_text=False)
    "(doc #> '{customer,email}')"
    """
    parts = path.split(".")
    if any(not p or any(ch in p for ch in "{},\"'\\") for p in parts):
        raise CommandError(f'jsonb-document: the path "{path}" is not a dotted list of plain keys')
    if len(parts) == 1:
        return f"({q(column)} {'->>' if as_text else '->'} {lit(parts[0])})"
    return f"({q(column)} {'#>>' if as_text else '#>'} {lit('{' + ','.join(parts) + '}')})"


class JsonbDocument(Pattern):
    """JSONB document column (see the module docstring)."""

    name = "jsonb-document"
    title = "JSONB document with validation"
    description = ("Store a flexible document (settings, form answers, a product's attributes) in one "
                   "JSONB column, while the database still checks its required keys and their types, "
                   "indexes containment queries and exposes hot paths as real columns.")
    tradeoffs = ("The CHECK validates only the listed keys (not a full JSON Schema); generated columns "
                 "must be immutable expressions (casts to timestamptz are not); statistics on document "
                 "contents are poor, so hot predicates deserve generated columns; large documents are "
                 "rewritten whole on each update.")
    targets = (1, 1)
    targets_help = "the table that holds the documents"
    parameters = (
        Param("column", "str", "doc", "the JSONB column (added when missing)"),
        Param("required", "list", (), "required keys as path:type (type: " + ", ".join(JSON_TYPES) + ")"),
        Param("generated", "list", (), "generated columns as path:column[:sql type] (default type text)"),
        Param("index_generated", "bool", True, "index each generated column"),
    )

    def build(self, plan: Plan, targets: tuple[Entity, ...], params: dict[str, Any]) -> None:
        (target,) = targets
        col = params["column"]
        attrs = list(target.attributes)
        existing = target.attribute(col)
        required = [_split(spec, 2, 2, "path:type") for spec in params["required"]]
        if existing is None:
            attrs.append(Attribute(name=col, type="jsonb", nullable=False,
                                   default=None if required else "'{}'::jsonb"))
            plan.changes.append(f"{target.name}: add {col} jsonb NOT NULL")
        elif existing.type.lower() != "jsonb":
            raise CommandError(f'pattern {self.name}: "{target.name}.{col}" is {existing.type}, not jsonb')
        conds = [f"jsonb_typeof({q(col)}) = 'object'"]
        for path, jtype in required:
            if jtype not in JSON_TYPES:
                raise CommandError(f'pattern {self.name}: "{jtype}" is not a JSON type; use {", ".join(JSON_TYPES)}')
            conds.append(f"coalesce(jsonb_typeof({path_sql(col, path, as_text=False)}) = {lit(jtype)}, false)")
        check_name = f"{target.name}_{col}_shape"
        if any(c.name == check_name for c in target.checks):
            raise CommandError(f'pattern {self.name}: "{target.name}" already has the check {check_name}')
        checks = (*target.checks, CheckConstraint(name=check_name, expression=" AND ".join(conds)))
        plan.changes.append(f"{target.name}: check {check_name} (an object" +
                            (f" with {', '.join(f'{p} ({t})' for p, t in required)})" if required else ")"))
        gin = Index(name=f"{target.name}_{col}_gin", method="gin",
                    columns=(IndexKey(column=col, opclass="jsonb_path_ops"),))
        indexes = [*target.indexes, gin]
        plan.changes.append(f"{target.name}: GIN index on {col} (jsonb_path_ops) for @> containment")
        for spec in params["generated"]:
            path, name, *rest = _split(spec, 2, 3, "path:column[:type]")
            sql_type = rest[0] if rest else "text"
            if target.attribute(name) is not None:
                raise CommandError(f'pattern {self.name}: "{target.name}" already has a column "{name}"')
            expr = path_sql(col, path, as_text=True)
            if sql_type != "text":
                expr = f"({expr}::{sql_type})"
            attrs.append(Attribute(name=name, type=sql_type, generated=expr, note=f"{col}.{path}, kept by the database."))
            if params["index_generated"]:
                indexes.append(index((name,)))
            plan.changes.append(f"{target.name}: generated column {name} {sql_type} = {col}.{path}")
        new: Entity = target.model_copy(update={"attributes": tuple(attrs), "checks": checks,
                                               "indexes": tuple(indexes)})
        plan.put_entity(new)


def _split(spec: str, low: int, high: int, form: str) -> list[str]:
    parts = [p.strip() for p in spec.split(":")]
    if not low <= len(parts) <= high or not all(parts):
        raise CommandError(f'pattern jsonb-document: "{spec}" is not of the form {form}')
    return parts
