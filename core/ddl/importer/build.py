"""Drafts to a valid model: types mapped, serials to identities, names resolved, and whatever
cannot stand in a valid model (an FK to a table not in the file...) dropped with a warning."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from core.ddl.importer.draft import ImportState, TableDraft
from core.ddl.importer.exprs import boolean_default, recase
from core.ddl.importer.report import ImportReport
from core.ddl.importer.typemap import map_type
from core.model import (
    DataModel,
    Entity,
    EnumType,
    Index,
)
from core.validate import MAX_IDENTIFIER_BYTES, validate_model

__all__ = ["build_model", "count_model"]

_NEXTVAL = re.compile(r"^\(?\s*nextval\s*\(\s*(?:CAST\s*\(\s*)?'([^']+)'", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_IDENTITY_TYPES = frozenset({"smallint", "integer", "bigint"})
_METHODS = {"btree", "hash", "gin", "gist", "spgist", "brin", "hnsw", "ivfflat"}


def build_model(state: ImportState, name: str) -> DataModel:
    """The model of everything imported; the report gets counts and warnings."""
    enums = [EnumType(name=n, schema_name=s, values=v) for n, s, v, _ in state.enums.values()]
    known = {k: n if s is None else f"{s}.{n}" for k, (n, s, _, _) in state.enums.items()}
    drafts = list(state.tables.values())
    for draft in drafts:  # a partition declared without columns has its parent's
        if draft.partition_of is not None and not draft.columns:
            parent = state.table(draft.partition_of)
            if parent is not None:
                draft.columns = dict(parent.columns)
    entities = [_entity(state, draft, known, enums) for draft in drafts]
    views = [{"name": n, "schema_name": state.schema_of(s), "sql": sql, "materialized": m,
              "note": state.view_notes.get((state.schema_of(s), n.lower()))}
             for n, s, sql, m, _ in state.views]
    if state.dialect != "postgres":
        _recased(entities, views)
    # the whole model validated at once (pydantic builds the nested objects far faster from
    # plain data than one constructor call per attribute, key and index)
    model = DataModel.model_validate({"name": name, "extensions": tuple(state.extensions), "enums": tuple(enums),
                                      "entities": entities, "views": views})
    model = _names_unique(model, state)
    model = _fk_columns_follow_identities(model)
    model = _until_valid(model, state)
    _count(model, state)
    return model


def _entity(state: ImportState, draft: TableDraft, known: dict[str, str], enums: list[EnumType]) -> dict[str, Any]:
    """The entity of ``draft`` as the fields of an :class:`~core.model.Entity` (validated later,
    with the whole model)."""
    report, table = state.report, draft.ref.name
    pk_cols = set(draft.resolve(draft.primary_key[0]) or []) if draft.primary_key else set()
    attributes = []
    for col in draft.columns.values():
        raw = col.raw_type
        alias = state.aliases.get(_base(raw)) if state.aliases else None
        mapped = map_type(alias or raw, state.dialect, known)
        type_ = mapped.type
        if mapped.guessed and not (col.generated and not raw):  # a computed column has no type
            what = f'type "{raw}" is not known' if raw else "no type is declared (SQLite allows that)"
            report.warn(draft.line, f'"{table}.{col.name}": {what}; imported as text (a guessed type)',
                        "guessed-type")
        if mapped.enum_values:
            type_ = _enum_for(state, enums, known, table, col.name, mapped.enum_values)
        identity = col.identity or ("by default" if mapped.serial else None)
        default = col.default
        if default is not None and (m := _NEXTVAL.match(default)):
            identity = identity or "by default"
            state.sequences.add(m.group(1))
        if type_ == "boolean" and default is not None:
            default = boolean_default(default) or default
        generated, note = col.generated, col.note or draft.notes.get(col.name)
        if generated and state.dialect != "postgres":  # its functions rarely exist in PostgreSQL
            report.warn(draft.line, f'"{table}.{col.name}": a computed column; imported as a plain column '
                                    "(the expression is kept in its note)", "computed")
            note = f"{note} " if note else ""
            note += f"computed in {state.dialect} as: {generated}"
            generated = None
        if identity and type_ not in _IDENTITY_TYPES:
            if type_.startswith("numeric"):  # bigint unsigned AUTO_INCREMENT, NUMBER identities
                type_ = "bigint"
            else:
                report.warn(draft.line, f'"{table}.{col.name}": an identity of type {type_} is not possible '
                                        "in PostgreSQL; imported without the identity", "identity")
                identity = None
        if identity or generated:
            default = None
        if generated:
            identity = None
        low = raw.lower()  # the type as written is kept when it says more than the mapped one
        original = None if low == type_ or _SPACES.sub(" ", low) == type_ else raw
        attributes.append({
            "name": col.name, "type": type_, "nullable": False if col.name in pk_cols else col.nullable is not False,
            "default": default, "identity": identity, "generated": generated, "check": col.check,
            "note": note, "original_type": original or None,
        })
    return {
        "name": table, "schema_name": draft.ref.schema, "note": draft.note, "attributes": attributes,
        "primary_key": _pk(state, draft), "uniques": _uniques(state, draft),
        "checks": [{"expression": e, "name": n} for e, n in draft.checks],
        "foreign_keys": _fks(state, draft), "indexes": _indexes(state, draft),
        "partition_by": draft.partition_by,
        "partition_of": _partition_parent(state, draft),
        "partition_bound": draft.partition_bound if draft.partition_of else None,
    }


def _base(raw: str) -> str:
    return raw.strip().strip("[]\"`").split("(")[0].strip().lower().rsplit(".", 1)[-1]


def _enum_for(state: ImportState, enums: list[EnumType], known: dict[str, str], table: str, column: str,
              values: tuple[str, ...]) -> str:
    name = f"{table}_{column}".lower()
    while len(name.encode()) > MAX_IDENTIFIER_BYTES:
        name = name[:-1]
    if len(set(values)) != len(values) or not values:
        state.report.warn(state.line_of(None, table, table), f'"{table}.{column}": ENUM values repeat or are '
                          "empty; imported as text", "enum")
        return "text"
    if any(e.name == name for e in enums):
        return name
    enums.append(EnumType(name=name, values=values))
    known[name] = name
    return name


def _partition_parent(state: ImportState, draft: TableDraft) -> str | None:
    if draft.partition_of is None:
        return None
    parent = state.table(draft.partition_of)
    if parent is None:
        state.report.warn(draft.line, f'"{draft.ref.name}" is a partition of "{draft.partition_of.name}", '
                                      "which is not in the file; imported as a plain table", "missing-table")
        return None
    return parent.ref.name if parent.ref.schema is None else f"{parent.ref.schema}.{parent.ref.name}"


def _pk(state: ImportState, draft: TableDraft) -> dict[str, Any] | None:
    if draft.primary_key is None:
        return None
    cols, name = draft.primary_key
    resolved = draft.resolve(cols)
    if not resolved:
        state.report.warn(draft.line, f'"{draft.ref.name}": the primary key names a column that does not '
                                      f"exist ({', '.join(cols)}); dropped", "missing-column")
        return None
    return {"columns": tuple(resolved), "name": name}


def _uniques(state: ImportState, draft: TableDraft) -> list[dict[str, Any]]:
    out = []
    for cols, name in draft.uniques:
        resolved = draft.resolve(cols)
        if not resolved:
            state.report.warn(draft.line, f'"{draft.ref.name}": unique ({", ".join(cols)}) names a column '
                                          "that does not exist; dropped", "missing-column")
            continue
        out.append({"columns": tuple(resolved), "name": name})
    return out


def _fks(state: ImportState, draft: TableDraft) -> list[dict[str, Any]]:
    out = []
    for fk, line in draft.fks:
        target = state.table(fk.target)
        where = f'"{draft.ref.name}" ({", ".join(fk.columns)})'
        if target is None:
            state.report.warn(line, f'{where}: foreign key to "{fk.target.name}", a table not in the file; '
                                    "dropped", "missing-table")
            continue
        cols = draft.resolve(fk.columns)
        refs = target.resolve(fk.ref_columns) if fk.ref_columns else []
        if cols is None or refs is None:
            state.report.warn(line, f"{where}: foreign key names a column that does not exist; dropped",
                              "missing-column")
            continue
        out.append({
            "columns": tuple(cols), "references": target.ref.name,
            "ref_schema": target.ref.schema if target.ref.schema != draft.ref.schema else None,
            "ref_columns": tuple(refs), "name": fk.name, "on_delete": state.fk_action(fk.on_delete),
            "on_update": state.fk_action(fk.on_update),
            "deferrable": fk.deferrable, "initially_deferred": fk.initially_deferred,
        })
    return out


def _indexes(state: ImportState, draft: TableDraft) -> list[dict[str, Any]]:
    out = []
    for spec, line in draft.indexes:
        keys: list[dict[str, Any]] = []
        for column, expression, order, opclass in spec.keys:
            if column is not None:
                real = draft.column(column)
                if real is None:
                    keys = []
                    break
                keys.append({"column": real.name, "order": order, "opclass": opclass})
            elif expression:
                keys.append({"expression": expression, "order": order, "opclass": opclass})
        include = draft.resolve(spec.include) if spec.include else []
        if not keys or include is None:
            label = f'index "{spec.name}"' if spec.name else "an unnamed index"
            state.report.warn(line, f'{label} on "{draft.ref.name}" names a column that does not exist; dropped',
                              "missing-column")
            continue
        method = spec.method.lower() if spec.method.lower() in _METHODS else "btree"
        out.append({"name": spec.name, "columns": keys, "unique": spec.unique, "method": method,
                    "where": spec.where, "include": tuple(include)})
    return out


def _recased(entities: list[dict[str, Any]], views: list[dict[str, Any]]) -> None:
    """Expressions converted from a case-insensitive dialect name columns and tables as written
    (``BirthDate``, ``birthdate``); spell them as declared so PostgreSQL finds them (in place,
    on the fields of the entities and views before they are validated)."""
    for e in entities:
        attrs = [a for a in e["attributes"] if a["default"] or a["check"] or a["generated"]]
        keys = [k for ix in e["indexes"] for k in ix["columns"] if k.get("expression")]
        wheres = [ix for ix in e["indexes"] if ix["where"]]
        if not (attrs or e["checks"] or keys or wheres):
            continue
        own = {a["name"].lower(): a["name"] for a in e["attributes"]}
        for a in attrs:
            _recase_fields(a, own, ("default", "check", "generated"))
        for c in e["checks"]:
            _recase_fields(c, own, ("expression",))
        for ix in wheres:
            _recase_fields(ix, own, ("where",))
        for k in keys:
            _recase_fields(k, own, ("expression",))
    if not views:
        return
    everything: dict[str, str] = {}
    clashes: set[str] = set()
    for e in entities:
        for name in (e["name"], *(a["name"] for a in e["attributes"])):
            if everything.setdefault(name.lower(), name) != name:
                clashes.add(name.lower())
    for key in clashes:
        del everything[key]
    for v in views:
        v["sql"] = recase(v["sql"], everything, statement=True)


def _recase_fields(item: dict[str, Any], names: dict[str, str], fields: tuple[str, ...]) -> None:
    for name in fields:
        if value := item[name]:
            item[name] = recase(value, names)


def _names_unique(model: DataModel, state: ImportState) -> DataModel:
    """Index, primary-key and unique names share one namespace per schema with the tables in
    PostgreSQL, where MySQL and SQL Server keep index names per table, and PostgreSQL cuts names
    at 63 bytes: a clash is renamed ``<table>_<name>``, a long name shortened, and an index that
    only backs a key of the same name (Oracle's ``CREATE UNIQUE INDEX x_pk`` before
    ``ADD CONSTRAINT x_pk PRIMARY KEY``) is left to the key."""
    names = _Names(state, {(e.schema_name, e.name.lower() if state.dialect != "postgres" else e.name):
                           f'the table "{e.name}"' for e in model.entities})
    changed = []
    for entity in model.entities:
        updates: dict[str, Any] = {}
        indexes = _without_backing_indexes(entity)
        if indexes is not entity.indexes:
            updates["indexes"] = indexes
        pk = entity.primary_key
        if pk is not None and pk.name and (new := names.claim(entity, pk.name, "primary key")) != pk.name:
            updates["primary_key"] = pk.model_copy(update={"name": new})
        keyed: tuple[tuple[str, tuple[Any, ...], str], ...] = (
            ("uniques", entity.uniques, "unique constraint"), ("indexes", indexes, "index"))
        for field_name, items, what in keyed:
            renamed = _renamed(items, names.claim, entity, what)
            if renamed is not None:
                updates[field_name] = renamed
        own: set[str] = set()  # foreign-key and check names are per table
        per_table: tuple[tuple[str, tuple[Any, ...], str], ...] = (
            ("foreign_keys", entity.foreign_keys, "foreign key"), ("checks", entity.checks, "check"))
        for field_name, items, what in per_table:
            renamed = _renamed(items, functools.partial(names.short, own=own), entity, what)
            if renamed is not None:
                updates[field_name] = renamed
        changed.append(entity.model_copy(update=updates) if updates else entity)
    result: DataModel = model.model_copy(update={"entities": tuple(changed)})
    return result


def _renamed(items: tuple[Any, ...], name_for: Callable[[Entity, str, str], str | None], entity: Entity,
             what: str) -> tuple[Any, ...] | None:
    """``items`` of ``entity`` with the names ``name_for`` gives them (``None``: none changed)."""
    out: list[Any] | None = None
    for k, item in enumerate(items):
        if item.name and (new := name_for(entity, item.name, what)) != item.name:
            if out is None:
                out = list(items[:k])
            out.append(item.model_copy(update={"name": new}))
        elif out is not None:
            out.append(item)
    return tuple(out) if out is not None else None


def _without_backing_indexes(entity: Entity) -> tuple[Index, ...]:
    keys = {(k.name.lower(), tuple(c.lower() for c in k.columns))
            for k in (entity.primary_key, *entity.uniques) if k is not None and k.name}
    if not keys:
        return entity.indexes
    return tuple(ix for ix in entity.indexes
                 if not (ix.name and ix.where is None and not ix.include and all(k.column for k in ix.columns)
                         and (ix.name.lower(), tuple(str(k.column).lower() for k in ix.columns)) in keys))


def _shortened(name: str, limit: int = MAX_IDENTIFIER_BYTES) -> str:
    """``name`` cut to ``limit`` bytes of UTF-8 (never in the middle of a character), as PostgreSQL does."""
    return name.encode()[:limit].decode(errors="ignore")


class _Names:
    """The names taken so far in each schema, and the report of every name changed."""

    def __init__(self, state: ImportState, taken: dict[tuple[str | None, str], str]) -> None:
        self.state, self.taken = state, taken
        self.fold = state.dialect != "postgres"

    def _warn(self, entity: Entity, name: str, message: str, kind: str) -> None:
        line = self.state.line_of(entity.schema_name, entity.name, name)
        self.state.report.warn(line, f'"{entity.name}": {message}', kind)

    def claim(self, entity: Entity, name: str, what: str) -> str | None:
        """The name this index or key gets in PostgreSQL (``None``: left unnamed)."""
        wanted = name
        if len(name.encode()) > MAX_IDENTIFIER_BYTES:
            name = _shortened(name)
        key = (entity.schema_name, name.lower() if self.fold else name)
        if key not in self.taken:
            self.taken[key] = f'the {what} on "{entity.name}"'
            if name != wanted:
                self._warn(entity, wanted, f'{what} "{wanted}" is longer than {MAX_IDENTIFIER_BYTES} bytes; '
                                           f'shortened to "{name}"', "too-long")
            return name
        other = self.taken[key]
        for renamed in self._candidates(entity.name, name):
            key = (entity.schema_name, renamed.lower() if self.fold else renamed)
            if key not in self.taken:
                self.taken[key] = f'the {what} on "{entity.name}"'
                self._warn(entity, wanted, f'{what} "{wanted}" has the name of {other}; renamed "{renamed}"',
                           "renamed")
                return renamed
        self._warn(entity, wanted, f'{what} "{wanted}" has the name of {other}; left unnamed', "unnamed")
        return None

    @staticmethod
    def _candidates(table: str, name: str) -> list[str]:
        """``<table>_<name>``, its table part cut to fit in 63 bytes, then ``<name>_2``... ``<name>_99``."""
        room = MAX_IDENTIFIER_BYTES - len(name.encode()) - 1
        out = [f"{_shortened(table, room)}_{name}"] if room > 0 else []
        out.extend(f"{_shortened(name, MAX_IDENTIFIER_BYTES - len(str(n)) - 1)}_{n}" for n in range(2, 100))
        return out

    def short(self, entity: Entity, name: str, what: str, *, own: set[str]) -> str | None:
        """A foreign-key or check name within PostgreSQL's limit and unique in its table."""
        short = _shortened(name)
        folded = short.lower() if self.fold else short
        if folded in own:
            self._warn(entity, name, f'{what} "{name}" has the name of another constraint of the table; '
                                     "left unnamed", "unnamed")
            return None
        own.add(folded)
        if short != name:
            self._warn(entity, name, f'{what} "{name}" is longer than {MAX_IDENTIFIER_BYTES} bytes; '
                                     f'shortened to "{short}"', "too-long")
        return short


_WHOLE_NUMERIC = re.compile(r"^numeric\(\d+(?:,\s*0)?\)$")


def _fk_columns_follow_identities(model: DataModel) -> DataModel:
    """An identity needs an integer type, so a MySQL ``bigint unsigned`` (else ``numeric(20)``)
    or an Oracle ``NUMBER(20)`` identity becomes ``bigint``: a foreign key column of the same
    written type that references it takes ``bigint`` too, as its values are the same."""
    retyped: dict[int, dict[str, str]] = {}
    for i, entity in enumerate(model.entities):
        if not entity.foreign_keys:
            continue
        whole = {a.name for a in entity.attributes if a.type.startswith("numeric") and _WHOLE_NUMERIC.match(a.type)}
        for fk in entity.foreign_keys if whole else ():
            if not whole.intersection(fk.columns):
                continue
            target = model.fk_target(entity, fk)
            if target is None:
                continue
            refs = fk.ref_columns or (target.primary_key.columns if target.primary_key else ())
            for column, ref in zip(fk.columns, refs, strict=False):
                mine, theirs = entity.attribute(column), target.attribute(ref)
                if (mine is not None and theirs is not None and theirs.type in _IDENTITY_TYPES
                        and mine.type != theirs.type and _WHOLE_NUMERIC.match(mine.type)
                        and (theirs.identity is not None or "unsigned" in (mine.original_type or "").lower())):
                    retyped.setdefault(i, {})[column] = theirs.type
    if not retyped:
        return model
    entities = list(model.entities)
    for i, columns in retyped.items():
        attrs = tuple(a.model_copy(update={"type": columns[a.name]}) if a.name in columns else a
                      for a in entities[i].attributes)
        entities[i] = entities[i].model_copy(update={"attributes": attrs})
    result: DataModel = model.model_copy(update={"entities": tuple(entities)})
    return result


def _until_valid(model: DataModel, state: ImportState) -> DataModel:
    for _ in range(6):
        problems = validate_model(model)
        if not problems:
            return model
        model = _drop(model, problems, state)
    for problem in validate_model(model):
        state.report.error(None, f"the model still has a problem: {problem}", "model")
    return model


def _drop(model: DataModel, problems: list[Any], state: ImportState) -> DataModel:
    """Remove what each problem is about (the item, not the table), with a warning each."""
    entities = list(model.entities)
    doomed: set[int] = set()
    removals: dict[tuple[int, str], set[int]] = {}
    attribute_fixes: dict[tuple[int, int], str] = {}
    views = list(model.views)
    dead_views: set[int] = set()
    for p in problems:
        path = p.path
        line = None
        if path[0] == "entities" and len(path) > 1:
            owner = entities[int(path[1])]
            line = state.line_of(owner.schema_name, owner.name, owner.name)
        state.report.warn(line, f"{p.where}: {p.message} (removed from the imported model)", "model")
        if path[0] == "views" and len(path) > 1:
            dead_views.add(int(path[1]))
            continue
        if path[0] != "entities" or len(path) < 3:
            continue
        i, field_name = int(path[1]), str(path[2])
        if field_name in ("name", "attributes") and len(path) == 3:
            doomed.add(i)
        elif field_name == "attributes" and len(path) > 4:
            attribute_fixes[(i, int(path[3]))] = str(path[4])
        elif field_name == "primary_key":
            entities[i] = entities[i].model_copy(update={"primary_key": None})
        elif field_name in ("partition_of", "distribution"):
            entities[i] = entities[i].model_copy(update={field_name: None})
        elif len(path) > 3 and isinstance(path[3], int):
            removals.setdefault((i, field_name), set()).add(path[3])
    for (i, j), what in attribute_fixes.items():
        attrs = list(entities[i].attributes)
        if what == "name":
            attrs[j] = attrs[j].model_copy(update={"name": f"{attrs[j].name}_{j}"})
        elif what in ("default", "identity"):
            attrs[j] = attrs[j].model_copy(update={"default": None})
        elif what in ("check", "generated"):  # an expression the model cannot keep
            attrs[j] = attrs[j].model_copy(update={what: None})
        else:
            attrs[j] = attrs[j].model_copy(update={"type": "text"})
        entities[i] = entities[i].model_copy(update={"attributes": tuple(attrs)})
    for (i, field_name), gone in removals.items():
        items = getattr(entities[i], field_name)
        entities[i] = entities[i].model_copy(update={field_name: tuple(x for k, x in enumerate(items) if k not in gone)})
    kept = tuple(e for k, e in enumerate(entities) if k not in doomed)
    result: DataModel = model.model_copy(update={
        "entities": kept, "views": tuple(v for k, v in enumerate(views) if k not in dead_views)})
    return result


def _count(model: DataModel, state: ImportState) -> None:
    count_model(state.report, model)
    state.report.sequences = len(state.sequences)
    # comments kept as notes: COMMENT ON, MySQL's inline COMMENT '...' and table COMMENT=
    drafts = state.tables.values()
    state.report.comments = (sum(1 for d in drafts if d.note) + len(state.view_notes)
                             + sum(1 for d in drafts for c in d.columns.values() if c.note))
    state.report.schemas = len(state.schemas)


def count_model(r: ImportReport, model: DataModel) -> None:
    """Fill the report's per-kind counts from ``model`` (also used for live-database imports)."""
    r.tables = len(model.entities)
    r.partitions = sum(1 for e in model.entities if e.partition_of)
    r.columns = sum(len(e.attributes) for e in model.entities)
    r.primary_keys = sum(1 for e in model.entities if e.primary_key)
    r.foreign_keys = sum(len(e.foreign_keys) for e in model.entities)
    r.uniques = sum(len(e.uniques) for e in model.entities)
    r.checks = sum(len(e.checks) + sum(1 for a in e.attributes if a.check) for e in model.entities)
    r.indexes = sum(len(e.indexes) for e in model.entities)
    r.views = len(model.views)
    r.extensions = len(model.extensions)
    r.enums = len(model.enums)
    r.schemas = len({e.schema_name for e in model.entities if e.schema_name})
