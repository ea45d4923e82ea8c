"""Hypothesis strategies for random *valid* models full of hostile names and texts.

Every name and text is drawn from strings that are hard for a YAML writer (words YAML reads as
booleans, nulls, numbers or dates; indicators; quotes; leading or trailing spaces; control,
unicode and line-break characters) mixed with arbitrary unicode text. The models are built to
pass :func:`core.validate.validate_model` (tests assert it, so a strategy bug cannot hide).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from core.model import (
    PUBLISH_OPERATIONS,
    AppliedPattern,
    Attribute,
    CheckConstraint,
    DataModel,
    Distribution,
    Entity,
    EntityKey,
    EnumType,
    ExclusionConstraint,
    ExclusionElement,
    ForeignKey,
    Function,
    FunctionalDependency,
    Index,
    IndexKey,
    LintConfig,
    MultivaluedDependency,
    Policy,
    PrimaryKey,
    Publication,
    PublicationTable,
    RowLevelSecurity,
    Settings,
    Suppression,
    Trigger,
    UniqueConstraint,
    View,
)
from core.validate import default_problem, identifier_problem
from core.validate_sql import expression_problem

HOSTILE = [
    "yes", "no", "No", "on", "OFF", "null", "Null", "~", "true", "False", "y", "n", "123", "-1", "007",
    "0x1F", "0o17", "1e3", "1.5", ".inf", "-.inf", ".nan", "1_000", "1:30", "2024-01-01",
    "2024-01-01 10:00:00", "<<", "=", "-", "- a", "a: b", "a:b", "a:", "#x", "a #b", "a#b", " lead",
    "trail ", "'q'", '"dq"', "it's", 'say "hi"', "back\\slash", "a, b", "[x]", "{y}", "x]", "@at",
    "`bt", "!tag", "&anc", "*ref", "%pct", "?q", ": c", "|pipe", ">gt", "café", "日本語", "emoji 😀",
    "\u00a0nbsp", "tab\there", "a\u2028b", "a\x85b", "\ufeffbom", "ctl\x01", "del\x7f", "---", "...",
    "..x", "--- x", "$$", "null ", "Ünïcödé", "a\\nb", "x::text", "'{}'::jsonb", "now()",
]
MULTILINE = [
    "line1\nline2", "  indented\nx", "x\n", "x\n\n", "\n", "\nlead newline", "a\n  b\n", "a \nb",
    "\tx\ny", "a\n\n\nb\n", "x\n \ny", "x\n\t\ny", "# c\n- d: e\n", "SELECT 1;\n", "a\r\nb",
    "SELECT *\n  FROM t\n WHERE x = 'y'\n", "  \n  x", "x\n  ", "é\n日本\n",
]
TYPES = ["bigint", "integer", "text", "numeric(12,2)", "timestamptz", "text[]", "vector(3)", "varchar(20)",
         "jsonb", "uuid", "boolean", "date", "yes", '"1e3"', '"x: y"', "double precision", '"\'q\'"']

texts = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(MULTILINE), st.text(max_size=30))


def _as_sql(text: str) -> str:
    """``text`` when it is a SQL expression, else the same text as a SQL string literal (valid
    models hold expressions that parse: core.validate_sql)."""
    return text if expression_problem(text, "x") is None else "'" + text.replace("'", "''") + "'"


sql_texts = texts.map(_as_sql)
line_texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30).filter(lambda s: "\n" not in s))
names = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=16)).filter(
    lambda s: identifier_problem(s) is None)
opt = st.none
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))


def _subset(draw: Any, items: list[str], min_size: int = 1) -> tuple[str, ...]:
    if not items:
        return ()
    return tuple(draw(st.lists(st.sampled_from(items), min_size=min_size, max_size=3, unique=True)))


def _pairs(draw: Any) -> tuple[tuple[str, str], ...]:
    return tuple(draw(st.lists(st.tuples(texts, texts), max_size=3)))


@st.composite
def attributes(draw: Any, name: str) -> Attribute:
    kind = draw(st.sampled_from(["plain", "identity", "generated", "default"]))
    return Attribute(
        name=name,
        type=draw(st.sampled_from(TYPES)),
        nullable=draw(st.booleans()),
        default=draw(sql_texts.filter(lambda t: default_problem(t) is None)) if kind == "default" else None,
        identity=draw(st.sampled_from(["always", "by default"])) if kind == "identity" else None,
        generated=draw(sql_texts) if kind == "generated" else None,
        check=draw(st.none() | sql_texts),
        note=draw(st.none() | texts),
        original_type=draw(st.none() | line_texts),
    )


@st.composite
def entities(draw: Any, name: str, others: list[str], functions: list[str]) -> Entity:
    attr_names = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    attrs = tuple(draw(attributes(n)) for n in attr_names)
    pk = _subset(draw, attr_names) if draw(st.booleans()) else ()
    index_keys = st.one_of(
        st.sampled_from(attr_names).map(lambda c: IndexKey(column=c)),
        st.builds(IndexKey, column=st.sampled_from(attr_names), opclass=st.none() | names,
                  order=st.none() | st.sampled_from(["asc", "desc"]), nulls=st.none() | st.sampled_from(["first", "last"])),
        st.builds(IndexKey, expression=sql_texts, opclass=st.none() | names),
    )
    return Entity(
        name=name,
        schema_name=draw(st.none() | names),
        note=draw(st.none() | texts),
        tags=tuple(draw(st.lists(names, max_size=3))),
        attributes=attrs,
        primary_key=PrimaryKey(columns=pk, name=draw(st.none() | names)) if pk else None,
        uniques=tuple(UniqueConstraint(columns=_subset(draw, attr_names), name=draw(st.none() | names),
                                       nulls_not_distinct=draw(st.booleans()))
                      for _ in range(draw(st.integers(0, 2)))),
        checks=tuple(CheckConstraint(expression=draw(sql_texts), name=draw(st.none() | names))
                     for _ in range(draw(st.integers(0, 2)))),
        indexes=tuple(Index(name=draw(st.none() | names), columns=tuple(draw(st.lists(index_keys, min_size=1, max_size=3))),
                            unique=draw(st.booleans()),
                            method=draw(st.sampled_from(["btree", "gin", "hnsw", "brin"])),
                            where=draw(st.none() | sql_texts), include=_subset(draw, attr_names, 0),
                            with_=_pairs(draw), note=draw(st.none() | texts))
                      for _ in range(draw(st.integers(0, 2)))),
        exclusions=tuple(ExclusionConstraint(
            elements=tuple(draw(st.lists(st.builds(ExclusionElement, expression=sql_texts, operator=line_texts),
                                         min_size=1, max_size=2))),
            name=draw(st.none() | names), method=draw(st.sampled_from(["gist", "spgist"])),
            where=draw(st.none() | sql_texts)) for _ in range(draw(st.integers(0, 1)))),
        triggers=tuple(Trigger(name=draw(names), function=draw(st.sampled_from(functions)),
                               timing=draw(st.sampled_from(["before", "after", "instead of"])),
                               events=_subset(draw, ["insert", "update", "delete", "truncate"], 0),
                               level=draw(st.sampled_from(["row", "statement"])), when=draw(st.none() | sql_texts),
                               arguments=tuple(draw(st.lists(names, max_size=2))))
                       for _ in range(draw(st.integers(0, 1 if functions else 0)))),
        rls=draw(st.none() | st.builds(RowLevelSecurity, enabled=st.booleans(), forced=st.booleans(),
                                        policies=st.lists(st.builds(
                                            Policy, name=names,
                                            command=st.sampled_from(["all", "select", "insert", "update", "delete"]),
                                            permissive=st.booleans(), roles=st.lists(names, max_size=2).map(tuple),
                                            using=st.none() | sql_texts, with_check=st.none() | sql_texts),
                                            max_size=2).map(tuple))),
        distribution=draw(st.none() | st.just(Distribution(kind="reference"))
                          | st.builds(Distribution, kind=st.just("distributed"), column=st.sampled_from(attr_names),
                                      colocate_with=st.none() | st.sampled_from(others or [name]))),
        partition_by=draw(st.none() | texts),
        partition_of=draw(st.none() | st.sampled_from(others or [name])),
        partition_bound=draw(st.none() | texts),
        fds=tuple(FunctionalDependency(lhs=_subset(draw, attr_names, 0), rhs=_subset(draw, attr_names),
                                       source=draw(st.sampled_from(["declared", "discovered"])),
                                       discovered_from=draw(st.none() | texts),
                                       rows=draw(st.none() | st.integers(0, 10**12)),
                                       discovered_on=draw(st.none() | dates), note=draw(st.none() | texts))
                  for _ in range(draw(st.integers(0, 2)))),
        mvds=tuple(MultivaluedDependency(lhs=_subset(draw, attr_names, 0), rhs=_subset(draw, attr_names),
                                         note=draw(st.none() | texts))
                   for _ in range(draw(st.integers(0, 1)))),
        data_source=draw(st.none() | texts),
    )


def _add_foreign_keys(draw: Any, model: DataModel) -> DataModel:
    """Give some entities FKs to others' primary keys, adding FK columns of the same types."""
    targets = [e for e in model.entities if e.primary_key is not None]
    out = []
    for e in model.entities:
        attrs, fks = list(e.attributes), []
        for i in range(draw(st.integers(0, 2)) if targets else 0):
            t = draw(st.sampled_from(targets))
            assert t.primary_key is not None
            cols = []
            for j, pc in enumerate(t.primary_key.columns):
                col = f"fk{i}_{j}"
                while any(a.name == col for a in attrs):
                    col += "_"
                pa = t.attribute(pc)
                assert pa is not None
                attrs.append(Attribute(name=col, type=pa.type, nullable=draw(st.booleans())))
                cols.append(col)
            same = model.canonical_key(EntityKey(e.schema_name, t.name)) == model.canonical_key(t.key)
            fks.append(ForeignKey(
                columns=tuple(cols), references=t.name,
                ref_schema=None if same else (t.schema_name or model.default_schema),
                ref_columns=t.primary_key.columns if draw(st.booleans()) else (),
                name=draw(st.none() | names),
                on_delete=draw(st.none() | st.sampled_from(["cascade", "set null", "restrict", "no action"])),
                on_update=draw(st.none() | st.sampled_from(["cascade", "set default"])),
                deferrable=draw(st.booleans()), initially_deferred=draw(st.booleans()),
                cardinality=draw(st.none() | st.sampled_from(["one-to-one", "one-to-many"])),
                optional=draw(st.none() | st.booleans()), note=draw(st.none() | texts)))
        out.append(e.model_copy(update={"attributes": tuple(attrs), "foreign_keys": tuple(fks)}))
    return model.model_copy(update={"entities": tuple(out)})


@st.composite
def models(draw: Any) -> DataModel:
    """A random valid model with hostile names and texts everywhere."""
    entity_names = draw(st.lists(names, max_size=4, unique=True))
    function_names = draw(st.lists(names, max_size=2, unique=True))
    functions = tuple(Function(name=n, body=draw(texts), returns=draw(line_texts), arguments=draw(line_texts),
                               language=draw(st.sampled_from(["plpgsql", "sql", "yes"])),
                               schema_name=draw(st.none() | names), note=draw(st.none() | texts))
                      for n in function_names)
    ents = tuple(draw(entities(n, [o for o in entity_names if o != n], function_names)) for n in entity_names)
    view_names = draw(st.lists(names.filter(lambda s: s not in entity_names), max_size=2, unique=True))
    enum_names = draw(st.lists(names.filter(lambda s: s not in entity_names and s not in view_names), max_size=2,
                               unique=True))  # a table's row type has its name
    model = DataModel(
        name=draw(line_texts | texts),
        note=draw(st.none() | texts),
        default_schema=draw(st.sampled_from(["public", "app", "yes"])),
        settings=draw(st.builds(Settings, multi_tenant=st.booleans(), tenant_column=names, tenant_entity=names)
                      | st.just(Settings())),
        extensions=tuple(draw(st.lists(names, max_size=2))),
        enums=tuple(EnumType(name=n, values=tuple(draw(st.lists(texts, min_size=1, max_size=3, unique=True))),
                             schema_name=draw(st.none() | names), note=draw(st.none() | texts))
                    for n in enum_names),
        entities=ents,
        views=tuple(_view(draw, n) for n in view_names),
        functions=functions,
        publications=tuple(_publication(draw, n, ents) for n in draw(st.lists(names, max_size=2, unique=True))),
        lint=LintConfig(disable=tuple(draw(st.lists(names, max_size=2))),
                        severity=tuple(draw(st.lists(st.tuples(names, st.sampled_from(["error", "warning", "info"])),
                                                     max_size=2))),
                        suppress=tuple(draw(st.lists(st.builds(Suppression, rule=names, reason=texts,
                                                               entity=st.none() | names,
                                                               attribute=st.none() | names), max_size=2))),
                        options=_pairs(draw)),
        patterns=tuple(draw(st.lists(st.builds(AppliedPattern, pattern=names,
                                               entities=st.lists(names, max_size=2).map(tuple),
                                               params=st.lists(st.tuples(texts, texts), max_size=2).map(tuple)),
                                     max_size=2))),
    )
    return _distinct_names(_add_foreign_keys(draw, model))


def _view(draw: Any, name: str) -> View:
    materialized = draw(st.booleans())  # the security options are for plain views only
    return View(name=name, sql=draw(texts), schema_name=None, materialized=materialized,
                security_invoker=not materialized and draw(st.booleans()),
                security_barrier=not materialized and draw(st.booleans()),
                note=draw(st.none() | texts), tags=tuple(draw(st.lists(names, max_size=2))))


def _publication(draw: Any, name: str, ents: tuple[Entity, ...]) -> Publication:
    """A publication of some of ``ents`` (any of their columns, any row filter text)."""
    chosen = draw(st.lists(st.sampled_from(ents), max_size=len(ents), unique_by=lambda e: e.key)) if ents else []
    tables = tuple(PublicationTable(table=e.name, schema_name=e.schema_name,
                                    columns=_subset(draw, list(e.attribute_names), 0) if e.attributes else (),
                                    where=draw(st.none() | texts.filter(str.strip))) for e in chosen)
    return Publication(name=name, tables=tables, all_tables=not tables and draw(st.booleans()),
                       publish=_subset(draw, list(PUBLISH_OPERATIONS), 0), via_partition_root=draw(st.booleans()),
                       note=draw(st.none() | texts))


def _distinct_names(model: DataModel) -> DataModel:
    """Drop (or, where required, replace) names drawn twice: constraint names within a table,
    trigger and policy names within a table, index-making names within a schema."""
    relations = {(model.schema_of(e), e.name) for e in model.entities}
    relations |= {(v.schema_name or model.default_schema, v.name) for v in model.views}
    out = []
    for e in model.entities:
        schema, own = model.schema_of(e), set()

        def keep(name: str | None, makes_index: bool, schema: str = schema, own: set[str] = own) -> str | None:
            if name is None or name in own or (makes_index and (schema, name) in relations):
                return None
            own.add(name)
            if makes_index:
                relations.add((schema, name))
            return name

        pk = e.primary_key and e.primary_key.model_copy(update={"name": keep(e.primary_key.name, True)})
        update: dict[str, Any] = {"primary_key": pk}
        for field in ("uniques", "checks", "foreign_keys", "exclusions"):
            update[field] = tuple(x.model_copy(update={"name": keep(x.name, field in ("uniques", "exclusions"))})
                                  for x in getattr(e, field))
        own_indexes: set[str] = set()
        update["indexes"] = tuple(ix.model_copy(update={"name": keep(ix.name, True, own=own_indexes)})
                                  for ix in e.indexes)
        update["triggers"] = tuple(t.model_copy(update={"name": n})
                                   for t, n in zip(e.triggers, _unique([t.name for t in e.triggers]), strict=True))
        if e.rls is not None:
            policies = e.rls.policies
            update["rls"] = e.rls.model_copy(update={"policies": tuple(
                p.model_copy(update={"name": n}) for p, n in zip(policies, _unique([p.name for p in policies]),
                                                                  strict=True))})
        out.append(e.model_copy(update=update))
    return model.model_copy(update={"entities": tuple(out)})


def _unique(names: list[str]) -> list[str]:
    """``names`` with each repeat replaced by a short name not used yet."""
    seen: set[str] = set()
    out = []
    for name in names:
        k = 0
        while name in seen:
            name, k = f"n#{k}", k + 1
        seen.add(name)
        out.append(name)
    return out
