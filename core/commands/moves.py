"""Moving an attribute from one entity to another (a manual normalization step).

>>> from core.model import DataModel, Entity, Attribute, PrimaryKey, ForeignKey
>>> ids = (Attribute(name="id", type="int"),)
>>> m = DataModel(entities=(
...     Entity(name="a", attributes=(*ids, Attribute(name="city", type="text")),
...            primary_key=PrimaryKey(columns=("id",))),
...     Entity(name="b", attributes=ids, primary_key=PrimaryKey(columns=("id",)))))
>>> m2, _ = MoveAttributeTo(EntityKey(None, "a"), "city", EntityKey(None, "b")).apply(m)
>>> [e.attribute_names for e in m2.entities]
[('id',), ('id', 'city')]
"""

from __future__ import annotations

from dataclasses import dataclass

from core.commands.attributes import put
from core.commands.base import Command
from core.commands.column_refs import drop_column, referenced_columns
from core.commands.refs import attribute_of, changed, entity_at, ref_schema
from core.errors import CommandError
from core.expressions import columns_used
from core.model import DataModel, EntityKey

__all__ = ["MoveAttributeTo"]


@dataclass(frozen=True)
class MoveAttributeTo(Command):
    """Move attribute ``name`` from the entity at ``src_key`` to the one at ``dst_key`` (at
    ``position``, default the end).

    A foreign key made of this attribute alone moves along with it; everything else in the source
    that used the attribute is dropped as by :class:`~core.commands.DeleteAttribute`. Refused when
    the attribute is part of the source's primary key or is referenced by a foreign key, when the
    destination already has an attribute of that name, or when the attribute is computed from
    columns the destination does not have.
    """

    src_key: EntityKey
    name: str
    dst_key: EntityKey
    position: int | None = None

    @property
    def label(self) -> str:
        return f"move attribute {self.src_key.display()}.{self.name} to {self.dst_key.display()}"

    def transform(self, model: DataModel) -> DataModel:
        src = entity_at(model, self.src_key)
        dst = entity_at(model, self.dst_key)
        attr = src.attributes[attribute_of(src, self.name)]
        src_key, dst_key = model.canonical_key(src.key), model.canonical_key(dst.key)
        if src_key == dst_key:
            raise CommandError(f"{self.label}: source and destination are the same entity; "
                               "use MoveAttribute to reorder")
        if dst.attribute(self.name) is not None:
            raise CommandError(f'{self.label}: "{dst.name}" already has an attribute "{self.name}"')
        if src.primary_key is not None and self.name in src.primary_key.columns:
            raise CommandError(f'{self.label}: "{self.name}" is part of the primary key of "{src.name}"')
        for e, fk in model.iter_foreign_keys():
            if model.canonical_key(fk.target(e.key)) == src_key and self.name in referenced_columns(model, e, fk):
                raise CommandError(f'{self.label}: "{e.name}" has a foreign key referencing '
                                   f'"{src.name}.{self.name}"; drop or change it first')
        if attr.generated:
            used = columns_used(attr.generated, qualifiers=(src.name,)) or frozenset()
            lacking = sorted(c for c in used if c != self.name and dst.attribute(c) is None)
            if lacking:
                raise CommandError(f'{self.label}: "{self.name}" is computed from {", ".join(lacking)}, '
                                   f'which "{dst.name}" does not have')
        carried = []
        for fk in src.foreign_keys:
            if fk.columns == (self.name,):
                target = model.canonical_key(fk.target(src.key))
                carried.append(changed(fk, ref_schema=ref_schema(model, dst_key, target, fk.ref_schema)))
        model = drop_column(model, src_key, self.name)
        dst = entity_at(model, dst_key)
        attrs = list(dst.attributes)
        pos = len(attrs) if self.position is None else max(0, min(self.position, len(attrs)))
        attrs.insert(pos, attr)
        new_dst = changed(dst, attributes=tuple(attrs), foreign_keys=(*dst.foreign_keys, *carried))
        return put(model, dst, new_dst)
