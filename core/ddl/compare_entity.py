"""Compare one entity of a model with the same table read back from a database.

Used by :func:`core.ddl.compare.compare_models`, which documents the normalisations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.ddl.compare_norm import collapse, expression_key, pg_type_key
from core.ddl.compare_types import type_matches
from core.ddl.introspect.naming import is_default_name
from core.ddl.portable_types import array_default_json, text_length
from core.model import Attribute, DataModel, Entity, ForeignKey, Index, IndexKey
from core.types import family

if TYPE_CHECKING:
    from core.ddl.compare import Difference

_SERIAL = ("serial", "bigserial", "smallserial", "serial4", "serial8", "serial2")


@dataclass
class EntityComparer:
    """The comparison of ``mine`` (in ``model``) with ``theirs`` (in ``db``)."""

    model: DataModel
    db: DataModel
    mine: Entity
    theirs: Entity
    where: str
    label: str
    dialect: str
    default_opclasses: frozenset[tuple[str, str]]
    enums: Mapping[str, str]
    db_enums: Mapping[str, str]

    @property
    def pg(self) -> bool:
        return self.dialect == "postgres"

    def diff(self, where: str, what: str, expected: object, actual: object) -> Difference:
        from core.ddl.compare import Difference

        def text(v: object) -> str | None:
            return None if v is None else str(v)

        return Difference(where, what, text(expected), text(actual), self.label)

    def run(self) -> Iterator[Difference]:
        yield from self._columns()
        yield from self._keys()
        yield from self._checks()
        yield from self._foreign_keys()
        yield from self._indexes()
        if self.pg:
            yield from self._pg_only()

    # ---------------------------------------------------------------- columns

    def _not_null(self, entity: Entity, a: Attribute) -> bool:
        pk = entity.primary_key.columns if entity.primary_key else ()
        implied = a.name in pk or a.identity is not None or a.type.strip().lower() in _SERIAL
        return not a.nullable or implied

    def _columns(self) -> Iterator[Difference]:
        theirs = {a.name: a for a in self.theirs.attributes}
        mine_names = [a.name for a in self.mine.attributes]
        for a in self.mine.attributes:
            where = f"{self.where}.attributes[{a.name}]"
            b = theirs.get(a.name)
            if b is None:
                yield self.diff(where, "missing", "column", None)
                continue
            if not type_matches(self.dialect, a, b, self.enums, self.db_enums, self.model.default_schema):
                yield self.diff(where, "type", a.type, b.type)
            if self._not_null(self.mine, a) != self._not_null(self.theirs, b):
                yield self.diff(where, "nullable", not self._not_null(self.mine, a), b.nullable)
            mine_default = a.default
            if not self.pg and a.default is not None and family(a.type) == "array":
                mine_default = array_default_json(a.default, a.type) or a.default  # as generated
            same_default = self.mk(mine_default) == self.tk(b.default)
            if not same_default and (self.dialect != "duckdb" or a.identity is None):
                yield self.diff(where, "default", a.default, b.default)
            if self.pg:
                if a.identity != b.identity:
                    yield self.diff(where, "identity", a.identity, b.identity)
                if expression_key(a.generated) != expression_key(b.generated):
                    yield self.diff(where, "generated", a.generated, b.generated)
                if (a.note or None) != (b.note or None):
                    yield self.diff(where, "note", a.note, b.note)
            elif self.dialect == "sqlite" and (a.identity is None) != (b.identity is None):
                yield self.diff(where, "identity", a.identity, b.identity)
        known = set(mine_names)
        for b in self.theirs.attributes:
            if b.name not in known:
                yield self.diff(f"{self.where}.attributes[{b.name}]", "extra", None, "column")
        common = [n for n in mine_names if n in theirs]
        order = [a.name for a in self.theirs.attributes if a.name in set(common)]
        if common != order:
            yield self.diff(f"{self.where}.attributes", "column order", ", ".join(common), ", ".join(order))

    @property
    def _read(self) -> str:
        return "postgres" if self.pg else self.dialect

    def mk(self, text: str | None) -> str | None:
        """The normal form of an expression of the model (always PostgreSQL's SQL)."""
        return expression_key(text, "postgres", not self.pg)

    def tk(self, text: str | None) -> str | None:
        """The normal form of an expression the database gave back (in its own dialect)."""
        return expression_key(text, self._read, not self.pg)

    # ---------------------------------------------------------------- keys

    def _keys(self) -> Iterator[Difference]:
        pk_a, pk_b = self.mine.primary_key, self.theirs.primary_key
        where = f"{self.where}.primary_key"
        parent = self.model.find_entity(self.mine.partition_of) if self.mine.partition_of else None
        if parent is not None and parent.primary_key is not None:
            pk_a = pk_b = None  # a partition's key is its parent's (the DDL does not repeat it)
        if pk_a is None and pk_b is not None:
            yield self.diff(where, "extra", None, ", ".join(pk_b.columns))
        elif pk_a is not None and pk_b is None:
            yield self.diff(where, "missing", ", ".join(pk_a.columns), None)
        elif pk_a is not None and pk_b is not None:
            if tuple(pk_a.columns) != tuple(pk_b.columns):
                yield self.diff(where, "columns", ", ".join(pk_a.columns), ", ".join(pk_b.columns))
            if self.pg and pk_a.name is not None and pk_a.name != pk_b.name and not (
                    pk_b.name is None and is_default_name(pk_a.name, self.mine.name, [], "pkey")):
                yield self.diff(where, "name", pk_a.name, pk_b.name)  # (None: the server's own name)
        theirs = {tuple(u.columns): u for u in self.theirs.uniques}
        mine = {tuple(u.columns) for u in self.mine.uniques}
        for u in self.mine.uniques:
            cols = tuple(u.columns)
            w = f"{self.where}.uniques[{u.name or ', '.join(cols)}]"
            other = theirs.get(cols)
            if other is None:
                yield self.diff(w, "missing", ", ".join(cols), None)
                continue
            if self.pg and u.name is not None and u.name != other.name and not (
                    other.name is None and is_default_name(u.name, self.mine.name, list(u.columns), "key")):
                yield self.diff(w, "name", u.name, other.name)
            if self.pg and u.nulls_not_distinct != other.nulls_not_distinct:
                yield self.diff(w, "nulls_not_distinct", u.nulls_not_distinct, other.nulls_not_distinct)
        for cols in theirs.keys() - mine:
            yield self.diff(f"{self.where}.uniques[{', '.join(cols)}]", "extra", None, ", ".join(cols))

    def _enum_checks(self) -> list[str | None]:
        """``col IN (values)`` for each enum column: how SQLite and DuckDB DDL spell an enum."""
        if self.pg:
            return []
        out = []
        for a in self.mine.attributes:
            key = pg_type_key(a.type, self.enums, self.model.default_schema)
            enum = next((e for e in self.model.enums
                         if key == f"enum:{e.schema_name or self.model.default_schema}.{e.name}"), None)
            if enum is not None:
                values = ", ".join("'" + v.replace("'", "''") + "'" for v in enum.values)
                out.append(self.mk('"' + a.name.replace('"', '""') + f'" IN ({values})'))
        return out

    def _length_checks(self) -> list[str | None]:
        """``length(col) <= n`` for each ``varchar(n)`` column: how SQLite and DuckDB DDL keep a
        length they do not enforce."""
        if self.dialect not in ("sqlite", "duckdb"):
            return []
        out = []
        for a in self.mine.attributes:
            n = text_length(a.type)
            if n is not None:
                out.append(self.mk('length("' + a.name.replace('"', '""') + f'") <= {n}'))
        return out

    def _checks(self) -> Iterator[Difference]:
        def all_checks(e: Entity) -> list[tuple[str | None, str]]:
            out = [(None, a.check) for a in e.attributes if a.check]
            return out + [(c.name, c.expression) for c in e.checks]

        mine, theirs = all_checks(self.mine), all_checks(self.theirs)
        pool = Counter(self.tk(x) for _, x in theirs)
        names = {self.tk(x): n for n, x in theirs}
        for name, text in mine:
            k = self.mk(text)
            w = f"{self.where}.checks[{name or collapse(text)}]"
            if pool[k] > 0:
                pool[k] -= 1
                if self.pg and name is not None and names.get(k) != name:
                    yield self.diff(w, "name", name, names.get(k))
            else:
                yield self.diff(w, "missing", text, None)
        for k in [*self._enum_checks(), *self._length_checks()]:
            if pool[k] > 0:
                pool[k] -= 1
        for name, text in theirs:
            k = self.tk(text)
            if pool[k] > 0:
                pool[k] -= 1
                yield self.diff(f"{self.where}.checks[{name or collapse(text)}]", "extra", None, text)

    # ---------------------------------------------------------------- foreign keys

    def _ref_columns(self, model: DataModel, entity: Entity, fk: ForeignKey) -> tuple[str, ...]:
        if fk.ref_columns:
            return tuple(fk.ref_columns)
        target = model.fk_target(entity, fk)
        if target is None and self.dialect == "sqlite":
            target = next((e for e in model.entities if e.name == fk.references), None)
        return tuple(target.primary_key.columns) if target and target.primary_key else ()

    def _fk_key(self, model: DataModel, entity: Entity, fk: ForeignKey) -> tuple[object, ...]:
        if self.dialect == "sqlite":
            return tuple(fk.columns), fk.references
        target = fk.target(entity.key)
        schema = target.schema or model.schema_of(entity)
        return tuple(fk.columns), None if schema == model.default_schema else schema, target.name

    def _foreign_keys(self) -> Iterator[Difference]:
        theirs = {self._fk_key(self.db, self.theirs, fk): fk for fk in self.theirs.foreign_keys}
        seen = set()
        for fk in self.mine.foreign_keys:
            key = self._fk_key(self.model, self.mine, fk)
            seen.add(key)
            w = f"{self.where}.foreign_keys[{fk.name or ', '.join(fk.columns)}]"
            other = theirs.get(key)
            if other is None:
                yield self.diff(w, "missing", f"({', '.join(fk.columns)}) -> {fk.references}", None)
                continue
            a_cols = self._ref_columns(self.model, self.mine, fk)
            b_cols = self._ref_columns(self.db, self.theirs, other)
            if a_cols != b_cols and a_cols and b_cols:
                yield self.diff(w, "ref_columns", ", ".join(a_cols), ", ".join(b_cols))
            if self.dialect != "duckdb":
                for what in ("on_delete", "on_update"):
                    va = getattr(fk, what) or "no action"
                    vb = getattr(other, what) or "no action"
                    if va != vb:
                        yield self.diff(w, what, va, vb)
            if self.pg:
                for what in ("deferrable", "initially_deferred"):
                    if getattr(fk, what) != getattr(other, what):
                        yield self.diff(w, what, getattr(fk, what), getattr(other, what))
                if fk.name is not None and fk.name != other.name:
                    yield self.diff(w, "name", fk.name, other.name)
        for key, other in theirs.items():
            if key not in seen:
                yield self.diff(f"{self.where}.foreign_keys[{other.name or ', '.join(other.columns)}]", "extra",
                                None, f"({', '.join(other.columns)}) -> {other.references}")

    # ---------------------------------------------------------------- indexes

    def _key_sig(self, k: IndexKey, mine: bool = True) -> str:
        if k.column is not None:
            return "column:" + k.column
        return "expr:" + str(self.mk(k.expression) if mine else self.tk(k.expression))

    def _index_sig(self, ix: Index, mine: bool = True) -> tuple[object, ...]:
        where = (self.mk(ix.where) if mine else self.tk(ix.where)) if self.dialect != "duckdb" else None
        return tuple(self._key_sig(k, mine) for k in ix.columns), where, ix.unique

    def _indexes(self) -> Iterator[Difference]:
        from core.ddl.compare_indexes import compare_index

        by_name = {ix.name: ix for ix in self.theirs.indexes if ix.name}
        by_sig: dict[tuple[object, ...], list[Index]] = {}
        for ix in self.theirs.indexes:
            by_sig.setdefault(self._index_sig(ix, mine=False), []).append(ix)
        used: set[int] = set()
        for ix in self.mine.indexes:
            w = f"{self.where}.indexes[{ix.name or _keys_label(ix)}]"
            other = by_name.get(ix.name) if ix.name else None
            if other is None or id(other) in used:
                other = next((o for o in by_sig.get(self._index_sig(ix), []) if id(o) not in used), None)
            if other is None:
                yield self.diff(w, "missing", "index", None)
                continue
            used.add(id(other))
            yield from compare_index(self, w, ix, other)
        for ix in self.theirs.indexes:
            if id(ix) not in used:
                label = ix.name or _keys_label(ix)
                yield self.diff(f"{self.where}.indexes[{label}]", "extra", None, "index")

    # ---------------------------------------------------------------- PostgreSQL only

    def _pg_only(self) -> Iterator[Difference]:
        from core.ddl.compare_indexes import compare_pg_only

        if (self.mine.note or None) != (self.theirs.note or None):
            yield self.diff(self.where, "note", self.mine.note, self.theirs.note)
        yield from compare_pg_only(self)


def _keys_label(ix: Index) -> str:
    """An unnamed index's keys, for a difference's location (``a, lower(b)``)."""
    return ", ".join(k.column or f"({k.expression})" for k in ix.columns)

