"""Small helpers shared by the pattern families: keys, referencing types, names, column edits.

>>> singular("categories"), singular("addresses"), singular("people"), singular("posts")
('category', 'address', 'people', 'post')
>>> ref_type(Attribute(name="id", type="bigserial"))
'bigint'
"""

from __future__ import annotations

from collections.abc import Sequence

from core.ddl.identifiers import quote_ident as q
from core.ddl.identifiers import string_literal as lit
from core.errors import CommandError
from core.model import Attribute, DataModel, Entity, ExclusionElement, ForeignKey, Index, IndexKey
from core.types import base_name, family

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
    "select_list",
    "single_pk",
    "singular",
    "table_ref",
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
    """The warning for a view over a table with row-level security (views run as their owner)."""
    return (f"{entity.name} has row-level security, but the view {view} runs with its owner's rights: "
            f"create it WITH (security_invoker = true) (PostgreSQL 15+) or grant it to no one else")
