"""Turn the catalog rows of one PostgreSQL table into an :class:`~core.model.Entity`."""

from __future__ import annotations

from typing import Any, cast

from core.ddl.introspect.naming import is_default_name
from core.model import (
    Attribute,
    CheckConstraint,
    Distribution,
    Entity,
    ExclusionConstraint,
    ExclusionElement,
    FKAction,
    ForeignKey,
    Index,
    IndexKey,
    IndexMethod,
    Policy,
    PrimaryKey,
    RowLevelSecurity,
    Trigger,
    UniqueConstraint,
)

_ACTIONS: dict[str, FKAction | None] = {"a": None, "r": "restrict", "c": "cascade", "n": "set null",
                                        "d": "set default"}
_POLICY_COMMANDS = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}
_SERIALS = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}
_METHODS = ("btree", "hash", "gin", "gist", "spgist", "brin", "hnsw", "ivfflat")
Row = dict[str, Any]


def build_entity(t: Row, rows: dict[str, list[Row]], default_schema: str,
                 distribution: tuple[str, str | None] | None = None) -> Entity:
    """The entity for table row ``t`` with its columns, constraints, indexes, policies and
    triggers (``rows`` by kind), in a model whose default schema is ``default_schema``."""
    table = t["relname"]
    partition = t["parent"] is not None
    constraints = rows["constraints"]
    indexes = {r["indexrelid"]: r for r in rows["indexes"]}
    # a partition lists its parent's columns too (the model needs them; the DDL takes them from the parent)
    attributes = [_attribute(c) for c in rows["columns"]]
    checks: list[CheckConstraint] = []
    for con in (c for c in constraints if c["contype"] == "c"):
        column = next((a.name for a in attributes if is_default_name(con["conname"], table, [a.name], "check")),
                      None)
        if column is not None:
            i = next(i for i, a in enumerate(attributes) if a.name == column)
            if attributes[i].check is None:
                attributes[i] = attributes[i].model_copy(update={"check": con["expression"]})
                continue
        name = None if is_default_name(con["conname"], table, [], "check") or column else con["conname"]
        checks.append(CheckConstraint(expression=con["expression"], name=name))
    pk = next((c for c in constraints if c["contype"] == "p"), None)
    note = t["note"]
    index_list: list[Index] = []
    for row in rows["indexes"]:
        if row["constraint_backed"]:
            continue
        index, problem = _index(row, table)
        if index is not None:
            index_list.append(index)
        if problem:
            note = f"{note}\n{problem}" if note else problem
    schema = None if t["nspname"] == default_schema else t["nspname"]
    return Entity(
        name=table,
        schema_name=schema,
        note=note,
        attributes=tuple(attributes),
        primary_key=None if pk is None else PrimaryKey(
            columns=tuple(pk["columns"]), name=_name(pk["conname"], table, [], "pkey")),
        uniques=tuple(
            UniqueConstraint(columns=tuple(c["columns"]), name=_name(c["conname"], table, c["columns"], "key"),
                             nulls_not_distinct=bool(c["nulls_not_distinct"]))
            for c in constraints if c["contype"] == "u"),
        checks=tuple(checks),
        foreign_keys=tuple(_foreign_key(c, t["nspname"], table) for c in constraints if c["contype"] == "f"),
        indexes=tuple(index_list),
        exclusions=tuple(_exclusion(c, indexes.get(c["conindid"]), table)
                         for c in constraints if c["contype"] == "x"),
        triggers=tuple(_trigger(r, default_schema) for r in rows["triggers"]),
        rls=_rls(t, rows["policies"]),
        distribution=_distribution(distribution),
        partition_by=t["partition_by"],
        partition_of=None if not partition else (
            t["parent"] if t["parent_schema"] == t["nspname"] else f"{t['parent_schema']}.{t['parent']}"),
        partition_bound=t["bound"],
    )


def _name(name: str, table: str, columns: list[str], label: str) -> str | None:
    """``name``, or ``None`` when it is the name PostgreSQL would choose anyway."""
    return None if is_default_name(name, table, columns, label) else name


def _attribute(c: Row) -> Attribute:
    type_ = c["type"]
    default = c["default"]
    generated = None
    if c["attgenerated"]:
        generated, default = default, None
    if c["owned_sequence"] and default and default.startswith("nextval(") and type_ in _SERIALS:
        type_, default = _SERIALS[type_], None
    identity = {"a": "always", "d": "by default"}.get(c["attidentity"] or "")
    return Attribute(name=c["attname"], type=type_, nullable=not c["attnotnull"], default=default,
                     identity=cast(Any, identity), generated=generated, note=c["note"])


def _foreign_key(c: Row, own_schema: str, table: str) -> ForeignKey:
    ref_columns = tuple(c["ref_columns"])
    return ForeignKey(
        columns=tuple(c["columns"]),
        references=c["ref_table"],
        ref_schema=None if c["ref_schema"] == own_schema else c["ref_schema"],
        ref_columns=() if list(ref_columns) == list(c["ref_pk"] or []) else ref_columns,
        name=_name(c["conname"], table, c["columns"], "fkey"),
        on_delete=_ACTIONS.get(c["confdeltype"]),
        on_update=_ACTIONS.get(c["confupdtype"]),
        deferrable=bool(c["condeferrable"]),
        initially_deferred=bool(c["condeferred"]),
        note=c["note"],
    )


def _index_column_names(row: Row) -> list[str]:
    """The column part of PostgreSQL's default index name (``expr`` for expressions)."""
    names: list[str] = []
    for col in row["columns"]:
        base = col if col is not None else "expr"
        name, n = base, 0
        while name in names:
            n += 1
            name = f"{base}{n}"
        names.append(name)
    return names


def _index(row: Row, table: str) -> tuple[Index | None, str | None]:
    if row["method"] not in _METHODS:
        return None, f'(index {row["name"]} uses method {row["method"]}, which the model cannot hold)'
    nkeys = row["indnkeyatts"]
    keys = []
    for k in range(nkeys):
        column = row["columns"][k]
        option = (row["options"] or [0] * nkeys)[k] if row["ordered"] else 0
        desc, nulls_first = bool(option & 1), bool(option & 2)
        nulls = None
        if desc != nulls_first:
            nulls = "first" if nulls_first else "last"
        keys.append(IndexKey(column=column, expression=None if column is not None else row["keys"][k],
                             opclass=row["opclasses"][k], order="desc" if desc else None,
                             nulls=cast(Any, nulls)))
    with_ = tuple(tuple(opt.split("=", 1)) for opt in row["reloptions"] or [] if "=" in opt)
    name = _name(row["name"], table, _index_column_names(row), "idx")
    return Index(name=name, columns=tuple(keys), unique=bool(row["indisunique"]),
                 method=cast(IndexMethod, row["method"]), where=row["predicate"],
                 include=tuple(c for c in row["columns"][nkeys:] if c is not None),
                 with_=cast(Any, with_), note=row["note"]), None


def _exclusion(c: Row, index: Row | None, table: str) -> ExclusionConstraint:
    keys = index["keys"] if index else []
    elements = tuple(ExclusionElement(expression=k, operator=op) for k, op in zip(keys, c["operators"],
                                                                                   strict=False))
    columns = _index_column_names(index) if index else []
    return ExclusionConstraint(elements=elements, name=_name(c["conname"], table, columns, "excl"),
                               method=index["method"] if index else "gist",
                               where=index["predicate"] if index else None)


def _rls(t: Row, policies: list[Row]) -> RowLevelSecurity | None:
    if not (t["relrowsecurity"] or t["relforcerowsecurity"] or policies):
        return None
    return RowLevelSecurity(
        enabled=bool(t["relrowsecurity"]),
        forced=bool(t["relforcerowsecurity"]),
        policies=tuple(
            Policy(name=p["polname"], command=cast(Any, _POLICY_COMMANDS[p["polcmd"]]),
                   permissive=bool(p["polpermissive"]),
                   roles=() if list(p["roles"]) == ["public"] else tuple(p["roles"]),
                   using=p["using"], with_check=p["with_check"])
            for p in policies),
    )


def _trigger(r: Row, default_schema: str) -> Trigger:
    tgtype = int(r["tgtype"])
    timing = "before" if tgtype & 2 else "instead of" if tgtype & 64 else "after"
    events = tuple(e for bit, e in ((4, "insert"), (16, "update"), (8, "delete"), (32, "truncate"))
                   if tgtype & bit)
    raw = bytes(r["tgargs"] or b"")
    args = tuple(a.decode("utf-8") for a in raw.split(b"\x00")[: int(r["tgnargs"])])
    function = r["function"] if r["function_schema"] == default_schema else f'{r["function_schema"]}.{r["function"]}'
    return Trigger(name=r["tgname"], function=function, timing=cast(Any, timing), events=events,
                   level="row" if tgtype & 1 else "statement", when=trigger_when(r["definition"]),
                   arguments=args)


def trigger_when(definition: str) -> str | None:
    """The ``WHEN (...)`` condition of a ``pg_get_triggerdef`` text, without its parentheses.

    >>> trigger_when("CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW WHEN (new.a <> ')') "
    ...              "EXECUTE FUNCTION f()")
    "new.a <> ')'"
    >>> trigger_when("CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()") is None
    True
    """
    for marker in (" FOR EACH ROW WHEN (", " FOR EACH STATEMENT WHEN ("):
        start = definition.find(marker)
        if start >= 0:
            break
    else:
        return None
    i = start + len(marker)
    depth, quote = 1, ""
    for j in range(i, len(definition)):
        ch = definition[j]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return definition[i:j].strip()
    return None


def _distribution(dist: tuple[str, str | None] | None) -> Distribution | None:
    if dist is None:
        return None
    method, column = dist
    if method == "n":
        return Distribution(kind="reference")
    return Distribution(kind="distributed", column=column)
