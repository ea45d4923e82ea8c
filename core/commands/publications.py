"""Publication commands: add, replace, rename or delete a logical replication publication.

The publication's tables follow their entities on their own (renames, schema moves and deletes
cascade, see :mod:`core.commands.entity_refs`); these commands edit the publication itself. Like
every command, the inverse is the model before it, so undo is exact.

>>> from core.model import Attribute, DataModel, Entity, Publication
>>> m = DataModel(entities=(Entity(name="orders", attributes=(Attribute(name="id", type="int"),)),))
>>> m2, undo = PutPublication(None, Publication(name="cdc", tables=("orders",))).apply(m)
>>> [(p.name, [t.table for t in p.tables]) for p in m2.publications], undo.apply(m2)[0] == m
([('cdc', ['orders'])], True)
>>> PutPublication(None, Publication(name="cdc", tables=("ordres",))).apply(m)
Traceback (most recent call last):
core.errors.CommandError: cannot add publication cdc: the model would become invalid:
  publications[cdc].tables[ordres]: publishes table "ordres", which is not an entity of the model (did you mean "orders"?)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.commands.base import Command
from core.commands.refs import check_name
from core.errors import CommandError
from core.model import DataModel, Publication

__all__ = ["PutPublication"]


@dataclass(frozen=True)
class PutPublication(Command):
    """Put ``publication`` in place of the publication called ``name``.

    ``name=None`` adds it (at ``position``, default the end); ``publication=None`` deletes the
    publication ``name``. The new name must not be another publication's.
    """

    name: str | None
    publication: Publication | None
    position: int | None = None
    text: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        if self.text:
            return self.text
        if self.name is None and self.publication is not None:
            return f"add publication {self.publication.name}"
        if self.publication is None:
            return f"delete publication {self.name}"
        return f"edit publication {self.name}"

    def transform(self, model: DataModel) -> DataModel:
        items = list(model.publications)
        names = [p.name for p in items]
        index: int | None = None
        if self.name is not None:
            if self.name not in names:
                from core.validate import suggest

                raise CommandError(f'{self.label}: there is no publication "{self.name}"{suggest(self.name, names)}')
            index = names.index(self.name)
        new = self.publication
        if new is not None:
            if not isinstance(new, Publication):
                raise CommandError(f"{self.label}: expected a Publication, not {type(new).__name__}")
            check_name(new.name, self.label)
            if new.name in names and names.index(new.name) != index:
                raise CommandError(f'{self.label}: a publication named "{new.name}" already exists')
        if index is None:
            assert new is not None
            pos = len(items) if self.position is None else max(0, min(self.position, len(items)))
            items.insert(pos, new)
        elif new is None:
            del items[index]
        else:
            items[index] = new
        result: DataModel = model.model_copy(update={"publications": tuple(items)})
        return result
