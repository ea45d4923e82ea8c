"""Compare two models - usually a model and what a real server made of its DDL.

:func:`compare_models` returns one :class:`Difference` per thing that differs, each with its
location in the model (``entities[orders].attributes[email].type``), what the model has and
what the database has. It compares *normal forms* (:mod:`core.ddl.compare_norm`), and on top
of those it knows what a server adds on its own:

* a primary key, identity or ``serial`` column is ``NOT NULL`` whether the model says so or not;
* a constraint or index the model leaves unnamed may carry any name the server chose;
* a foreign key without ``ref_columns`` references the target's primary key; ``NO ACTION`` is
  the same as no ``ON DELETE``/``ON UPDATE``;
* a column ``check`` and a table check on that column are the same constraint;
* an index key without ``order``/``nulls`` is ``ASC NULLS LAST`` (``DESC`` implies ``NULLS
  FIRST``); an operator class that is the default for its method is the same as none;
* policy ``roles`` empty is ``PUBLIC``; trigger events are a set;
* a publication's operations, schemas, tables and column lists are sets
  (:mod:`core.ddl.compare_publications`).

With ``dialect="sqlite"`` or ``"duckdb"`` only what that dialect can express is compared
(tables, columns, type affinity or family, nullability, defaults, keys, foreign keys, checks,
indexes, views; no schemas in SQLite, no referential actions, index order or view query text in
DuckDB, which rewrites them). Model expressions are read as PostgreSQL, the database's in its own
dialect, so ``now()`` and SQLite's ``CURRENT_TIMESTAMP`` are one. Enum columns are text with a
``CHECK (col IN (...))`` there, an array column's PostgreSQL literal default (``'{a,b}'``) is the
JSON array text the generator writes for it (``'["a", "b"]'``), and whatever the DDL generator reported as lost for an entity
(``CompareOptions.lost``, from its warnings) is not held against the database.

>>> from core.model import DataModel, Entity, Attribute, PrimaryKey
>>> a = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="id", type="int4"),),
...     primary_key=PrimaryKey(columns=("id",))),))
>>> b = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="id", type="integer",
...     nullable=False),), primary_key=PrimaryKey(columns=("id",), name="t_pkey")),))
>>> compare_models(a, b)
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from core.ddl.compare_entity import EntityComparer
from core.ddl.compare_norm import collapse, enum_spellings, expression_key, view_columns, view_key
from core.model import DataModel, Entity, EntityKey

__all__ = ["DIALECTS", "CompareOptions", "Difference", "compare_models"]

#: Dialects whose catalogs can be compared with a model.
DIALECTS = ("postgres", "sqlite", "duckdb")


@dataclass(frozen=True)
class Difference:
    """One way the database differs from the model.

    Attributes
    ----------
    where : str
        The location in the model (``entities[orders].indexes[orders_email_idx]``).
    what : str
        What differs: ``missing`` (in the model, not in the database), ``extra`` (the other
        way round), or the property (``type``, ``nullable``, ``default``, ``on_delete``...).
    expected, actual : str or None
        The model's and the database's value, as written.
    entity : str or None
        The entity, view, enum or function concerned (``schema.name`` outside the default).
    """

    where: str
    what: str
    expected: str | None = None
    actual: str | None = None
    entity: str | None = None

    @property
    def message(self) -> str:
        if self.what == "missing":
            return f"in the model but not in the database{_show(self.expected)}"
        if self.what == "extra":
            return f"in the database but not in the model{_show(self.actual)}"
        return f"{self.what} differs: the model has {self.expected!r}, the database has {self.actual!r}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _show(value: str | None) -> str:
    return f" ({value})" if value else ""


@dataclass(frozen=True)
class CompareOptions:
    """How to compare: the dialect, whether objects only the database has are reported, and
    the ``(method, operator class)`` pairs that are defaults on the server."""

    dialect: str = "postgres"
    report_extra: bool = True
    default_opclasses: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    #: ``(entity, feature)`` pairs the DDL generator reported as lost or translated
    #: (:class:`core.ddl.DDLWarning`); differences they explain are not reported.
    lost: frozenset[tuple[str, str]] = field(default_factory=frozenset)


def compare_models(expected: DataModel, actual: DataModel, options: CompareOptions | None = None,
                   **kwargs: object) -> list[Difference]:
    """Every difference between ``expected`` (the model) and ``actual`` (the database's).

    Parameters
    ----------
    expected:
        The model as designed.
    actual:
        The model read back from a database (:mod:`core.ddl.introspect`).
    options:
        A :class:`CompareOptions`; its fields may also be given as keyword arguments.

    Returns
    -------
    list of Difference
        In model order; empty when the two are equal under the documented normalisations.
    """
    opts = options or CompareOptions(**kwargs)  # type: ignore[arg-type]
    if opts.dialect not in DIALECTS:
        raise ValueError(f"cannot compare for dialect {opts.dialect!r}; use one of {', '.join(DIALECTS)}")
    out: list[Difference] = []
    out.extend(_compare_entities(expected, actual, opts))
    if opts.dialect == "postgres":
        out.extend(_compare_enums(expected, actual, opts))
    out.extend(_compare_views(expected, actual, opts))
    if opts.dialect == "postgres":
        out.extend(_compare_functions(expected, actual, opts))
        from core.ddl.compare_publications import compare_publications

        out.extend(compare_publications(expected, actual, report_extra=opts.report_extra))
        missing = sorted(set(expected.extensions) - set(actual.extensions) - {"plpgsql"})  # built in
        out.extend(Difference(f"extensions[{e}]", "missing", e, None, e) for e in missing)
    if opts.lost:
        out = [d for d in out if not _explained(d, opts.lost)]
    return out


#: The words of a generator warning's feature that explain a difference in each part of an entity.
_SECTIONS = {"checks": ("check",), "foreign_keys": ("foreign key",), "indexes": ("index",),
             "uniques": ("unique",), "exclusions": ("exclusion",), "rls": ("security", "polic"),
             "triggers": ("trigger",), "primary_key": ("primary key",)}


def _explained(d: Difference, lost: frozenset[tuple[str, str]]) -> bool:
    """Whether a warning of the generator about ``d.entity`` accounts for difference ``d``."""
    features = [f.lower() for e, f in lost if e == d.entity]
    if not features:
        return False
    if d.what == "note":
        words: tuple[str, ...] = ("note", "comment")
    else:
        section = d.where.split("].", 1)[1].split("[", 1)[0] if "]." in d.where else ""
        words = _SECTIONS.get(section, ())
        if section == "attributes":
            words = (d.what, "identity") if d.what in ("identity", "default") else (d.what, "type")
    return any(w in f for f in features for w in words)


def _key(model: DataModel, entity: Entity, dialect: str) -> EntityKey:
    if dialect == "sqlite":
        return EntityKey(None, entity.name)
    return model.canonical_key(EntityKey(model.schema_of(entity), entity.name))


def _compare_entities(expected: DataModel, actual: DataModel, opts: CompareOptions) -> Iterable[Difference]:
    found = {_key(actual, e, opts.dialect): e for e in actual.entities}
    seen: set[EntityKey] = set()
    enums = enum_spellings([(en.schema_name, en.name) for en in expected.enums], expected.default_schema)
    actual_enums = enum_spellings([(en.schema_name, en.name) for en in actual.enums], actual.default_schema)
    for entity in expected.entities:
        key = _key(expected, entity, opts.dialect)
        seen.add(key)
        where = f"entities[{key.display()}]"
        other = found.get(key)
        if other is None:
            yield Difference(where, "missing", "table", None, key.display())
            continue
        yield from EntityComparer(expected, actual, entity, other, where, key.display(), opts.dialect,
                                  opts.default_opclasses, enums, actual_enums).run()
    if opts.report_extra:
        for key in found:
            if key not in seen:
                yield Difference(f"entities[{key.display()}]", "extra", None, "table", key.display())


def _compare_enums(expected: DataModel, actual: DataModel, opts: CompareOptions) -> Iterable[Difference]:
    def key(model: DataModel, schema: str | None) -> str | None:
        return None if schema in (None, model.default_schema) else schema

    found = {(key(actual, e.schema_name), e.name): e for e in actual.enums}
    seen = set()
    for enum in expected.enums:
        k = (key(expected, enum.schema_name), enum.name)
        seen.add(k)
        where = f"enums[{enum.name}]"
        other = found.get(k)
        if other is None:
            yield Difference(where, "missing", "enum type", None, enum.name)
            continue
        if tuple(enum.values) != tuple(other.values):
            yield Difference(where, "values", ", ".join(enum.values), ", ".join(other.values), enum.name)
        if opts.dialect == "postgres" and (enum.note or None) != (other.note or None):
            yield Difference(where, "note", enum.note, other.note, enum.name)
    if opts.report_extra:
        for k in found.keys() - seen:
            yield Difference(f"enums[{k[1]}]", "extra", None, "enum type", k[1])


def _compare_views(expected: DataModel, actual: DataModel, opts: CompareOptions) -> Iterable[Difference]:
    def key(model: DataModel, schema: str | None, name: str) -> tuple[str | None, str]:
        return (None if opts.dialect == "sqlite" or schema == model.default_schema else schema, name)

    columns_of: dict[str, list[str]] = {e.name: list(e.attribute_names) for e in expected.entities}
    for v in actual.views:  # a view over a view: the server gives its columns in its own query
        names = view_columns(v.sql, opts.dialect)
        if names is not None:
            columns_of.setdefault(v.name, names)
    found = {key(actual, v.schema_name, v.name): v for v in actual.views}
    seen = set()
    for view in expected.views:
        k = key(expected, view.schema_name, view.name)
        seen.add(k)
        where = f"views[{view.name}]"
        other = found.get(k)
        if other is None:
            yield Difference(where, "missing", "materialized view" if view.materialized else "view", None,
                             view.name)
            continue
        if opts.dialect == "postgres" and view.materialized != other.materialized:
            yield Difference(where, "materialized", str(view.materialized), str(other.materialized), view.name)
        if opts.dialect != "duckdb" and (view_key(view.sql, columns_of, "postgres")
                                         != view_key(other.sql, columns_of, opts.dialect)):
            yield Difference(where, "query", collapse(view.sql), collapse(other.sql), view.name)
        for option in ("security_invoker", "security_barrier"):
            if opts.dialect == "postgres" and getattr(view, option) != getattr(other, option):
                yield Difference(where, option, str(getattr(view, option)), str(getattr(other, option)), view.name)
        if opts.dialect == "postgres" and (view.note or None) != (other.note or None):
            yield Difference(where, "note", view.note, other.note, view.name)
    if opts.report_extra:
        for k in found.keys() - seen:
            yield Difference(f"views[{k[1]}]", "extra", None, "view", k[1])


def _compare_functions(expected: DataModel, actual: DataModel, opts: CompareOptions) -> Iterable[Difference]:
    def key(model: DataModel, schema: str | None, name: str) -> tuple[str | None, str]:
        return (None if schema == model.default_schema else schema, name)

    found = {key(actual, f.schema_name, f.name): f for f in actual.functions}
    seen = set()
    for fn in expected.functions:
        k = key(expected, fn.schema_name, fn.name)
        seen.add(k)
        where = f"functions[{fn.name}]"
        other = found.get(k)
        if other is None:
            yield Difference(where, "missing", "function", None, fn.name)
            continue
        for what, a, b in (("language", fn.language.lower(), other.language.lower()),
                           ("returns", collapse(fn.returns).lower(), collapse(other.returns).lower()),
                           ("arguments", collapse(fn.arguments).lower(), collapse(other.arguments).lower()),
                           ("body", fn.body.strip(), other.body.strip())):
            if a != b and not (what == "returns" and expression_key(a) == expression_key(b)):
                yield Difference(where, what, a, b, fn.name)
    if opts.report_extra:
        for k in found.keys() - seen:
            yield Difference(f"functions[{k[1]}]", "extra", None, "function", k[1])
