"""Small helpers shared by the pattern families: keys, referencing types, names, column edits.

>>> singular("categories"), singular("addresses"), singular("people"), singular("posts")
('category', 'address', 'people', 'post')
>>> ref_type(Attribute(name="id", type="bigserial"))
'bigint'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.ddl.identifiers import quote_ident as q
from core.ddl.identifiers import string_literal as lit
from core.errors import CommandError
from core.model import Attribute, DataModel, Entity, ExclusionElement, ForeignKey, Index, IndexKey, View
from core.types import base_name, family

if TYPE_CHECKING:
    from core.patterns.plan import Plan

__all__ = [
    "add_attributes",
    "has_attribute",
    "index",
    "key_elements",
    "lit",
    "pk_columns",
    "q",
    "ref_columns",
    "ref_type",
    "referencing",
    "require_absent", "rls_view_warning",
    "secure_views",
    "select_list",
    "single_pk",
    "singular",
    "table_ref",
    "view_reads",
]

_SERIALS = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
            "smallserial": "smallint", "serial2": "smallint"}


def pk_columns(entity: Entity, pattern: str) -> tuple[str, ...]:
    """The primary key's columns, or a CommandError saying the pattern needs one."""
    if entity.primary_key is None or not entity.primary_key.columns:
        raise CommandError(f'pattern {pattern}: "{entity.name}" has no primary key; add one first')
    return tuple(entity.primary_key.columns)


def single_pk(entity: Entity, pattern: str) -> Attribute:
    """The one primary-key column, or a CommandError when the key is missing or composite."""
    cols = pk_columns(entity, pattern)
    if len(cols) != 1:
        raise CommandError(f'pattern {pattern}: "{entity.name}" has a composite primary key '
                           f"({', '.join(cols)}); the pattern needs a single-column key")
    attr = entity.attribute(cols[0])
    assert attr is not None
    return attr


def ref_type(attr: Attribute) -> str:
    """The type of a column that references ``attr`` (serials become their integer type)."""
    return _SERIALS.get(base_name(attr.type), attr.type)


def ref_columns(entity: Entity, pattern: str, prefix: str, tenant: str | None = None) -> list[tuple[str, Attribute]]:
    """``(new column name, referenced attribute)`` for each primary-key column of ``entity``:
    ``<prefix>_id`` for a one-column key ``id``, else ``<prefix>_<column>``; the ``tenant``
    column of a multi-tenant model keeps its name (every reference shares it)."""
    out = []
    for col in pk_columns(entity, pattern):
        attr = entity.attribute(col)
        assert attr is not None
        name = col if col == tenant or col.startswith(prefix + "_") else f"{prefix}_{col}"
        out.append((name, attr))
    return out


def singular(name: str) -> str:
    """A rough English singular of a table name (for column names such as ``post_id``)."""
    if name.endswith("ies") and len(name) > 3:
        return name[:-3] + "y"
    if name.endswith(("sses", "xes", "ches", "shes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss") and len(name) > 1:
        return name[:-1]
    return name


def has_attribute(entity: Entity, name: str) -> bool:
    """Whether ``entity`` has a column ``name``."""
    return entity.attribute(name) is not None


def require_absent(entity: Entity, names: Sequence[str], pattern: str) -> None:
    """Refuse when ``entity`` already has one of the columns ``names``."""
    for name in names:
        if entity.attribute(name) is not None:
            raise CommandError(f'pattern {pattern}: "{entity.name}" already has a column "{name}" '
                               "(applied already?); rename it or choose another name with the parameters")


def add_attributes(entity: Entity, attrs: Sequence[Attribute], *, first: bool = False) -> Entity:
    """``entity`` with ``attrs`` appended (or put first)."""
    new = (*attrs, *entity.attributes) if first else (*entity.attributes, *attrs)
    result: Entity = entity.model_copy(update={"attributes": new})
    return result


def key_elements(entity: Entity, columns: Sequence[str]) -> tuple[tuple[ExclusionElement, ...], bool]:
    """Exclusion elements saying "same key" for ``columns``, and whether btree_gist is needed.

    Integer keys become ``int8range(c, c, '[]') WITH &&`` and dates ``daterange(c, c, '[]')``,
    which need no extension; other types use ``c WITH =``, which needs btree_gist.
    """
    out: list[ExclusionElement] = []
    needs = False
    for col in columns:
        attr = entity.attribute(col)
        fam = family(attr.type) if attr is not None else ""
        if fam == "integer":
            out.append(ExclusionElement(expression=f"int8range({q(col)}, {q(col)}, '[]')", operator="&&"))
        elif fam == "date":
            out.append(ExclusionElement(expression=f"daterange({q(col)}, {q(col)}, '[]')", operator="&&"))
        else:
            out.append(ExclusionElement(expression=q(col), operator="="))
            needs = True
    return tuple(out), needs


def select_list(entity: Entity) -> str:
    """The entity's columns as a ``SELECT`` list."""
    return ", ".join(q(a.name) for a in entity.attributes)


def index(columns: Sequence[str], *, name: str | None = None, where: str | None = None,
          unique: bool = False) -> Index:
    """A plain btree index on ``columns``."""
    return Index(name=name, columns=tuple(IndexKey(column=c) for c in columns), where=where, unique=unique)


def table_ref(entity: Entity) -> str:
    """The entity's name as SQL (``schema.name`` when it has a schema of its own)."""
    if entity.schema_name:
        return f"{q(entity.schema_name)}.{q(entity.name)}"
    return q(entity.name)


def referencing(model: DataModel, target: Entity) -> list[tuple[Entity, ForeignKey]]:
    """Every ``(entity, foreign key)`` of ``model`` that references ``target``."""
    key = model.canonical_key(target.key)
    return [(e, fk) for e, fk in model.iter_foreign_keys()
            if model.canonical_key(fk.target(e.key)) == key]


def rls_view_warning(entity: Entity, view: str) -> str:
    """The warning for a view over a table with row-level security (views run as their owner);
    :func:`secure_views` makes such views ``security_invoker`` and drops this warning."""
    return (f"{entity.name} has row-level security, but the view {view} runs with its owner's rights: "
            f"create it WITH (security_invoker = true) (PostgreSQL 15+) or grant it to no one else")


def _rls_on(entity: Entity | None) -> bool:
    return entity is not None and entity.rls is not None and entity.rls.enabled


def view_reads(model: DataModel, view: View) -> list[Entity]:
    """The entities of ``model`` that ``view``'s query reads (by name; a bare name is looked up in
    the view's schema, then the default one)."""
    from core.ddl.order import tables_read

    found: list[Entity] = []
    read = tables_read(view.sql)
    home = {view.schema_name or model.default_schema, model.default_schema}
    for e in model.entities:
        low, schema = e.name.lower(), model.schema_of(e)
        if any(name == low and (s == schema if s is not None else schema in home) for s, name in read):
            found.append(e)
        elif not read and re.search(rf'(?<![\w"]){re.escape(e.name)}(?![\w"])|"{re.escape(e.name)}"', view.sql):
            found.append(e)  # a query sqlglot cannot read: by its text
    return found


def secure_views(plan: Plan) -> None:
    """Views that bypass row-level security no longer do: a view the pattern added over a table
    with row-level security, or an existing view over a table the pattern put under it, becomes
    ``security_invoker`` (PostgreSQL 15+: it reads the tables with the querying user's rights, so
    the policies apply to that user). A materialized view cannot (it is read as stored): it is
    warned about. Views the pattern did not touch, over tables it did not secure, are left alone
    (a view that runs as its owner may be on purpose)."""
    before = plan.original
    old_views = {(v.schema_name, v.name) for v in before.views}
    for view in plan.get("views"):
        if view.security_invoker:
            continue
        added = (view.schema_name, view.name) not in old_views
        over = [e for e in view_reads(plan.model, view) if _rls_on(e)
                and (added or not _rls_on(before.entity(e.key)))]
        if not over:
            continue
        ours = f"the view {view.name} runs with its owner's rights"
        plan.warnings[:] = [w for w in plan.warnings if ours not in w]
        if view.materialized:
            plan.warnings.append(f"{over[0].name} has row-level security, but the materialized view {view.name} "
                                 "holds rows of every tenant and user (it is filled by whoever refreshes it): "
                                 "grant it to no one else, or make it a plain view with security_invoker")
            continue
        plan.replace_view(view, view.model_copy(update={"security_invoker": True}),
                          f"view {view.name}: security_invoker = true (it reads {over[0].name}, which has "
                          "row-level security: the policies apply to whoever queries the view)")
