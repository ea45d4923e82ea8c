"""Model -> canonical YAML text: fields in model order, defaults left out, ``format_version`` first.

The plain data comes from pydantic's ``model_dump`` (by alias, defaults excluded); a few fields
get a friendlier spelling that the model classes accept back:

- an index key that is only a column is written as the column name (``columns: [email]``), and
  so is a publication's table without a column list or row filter (``tables: [orders]``);
- ordered ``(key, value)`` pairs (index ``with``, lint ``severity``/``options``, pattern
  ``params``) are written as a mapping, with integers and booleans unquoted
  (``with: {m: 16, ef_construction: 64}``).
"""

from __future__ import annotations

import re
from typing import Any

from core.model import FORMAT_VERSION, DataModel
from core.storage.emit import emit_document

_CANONICAL_INT = re.compile(r"(0|-?[1-9][0-9]{0,17})\Z")
#: Implicit keys longer than this are not allowed by YAML: such pairs stay a list of pairs.
_MAX_KEY = 1000


def dumps(model: DataModel) -> str:
    """The canonical YAML text of ``model``; ``loads(dumps(m)) == m`` and the text is stable.

    >>> from core.model import DataModel, Entity, Attribute
    >>> m = DataModel(name="shop", entities=(Entity(name="customers", attributes=(
    ...     Attribute(name="id", type="bigint", nullable=False, identity="always"),)),))
    >>> print(dumps(m), end="")
    format_version: 1
    name: shop
    entities:
      - name: customers
        attributes:
          - {name: id, type: bigint, nullable: false, identity: always}
    """
    return emit_document(to_plain(model))


def to_plain(model: DataModel) -> dict[str, Any]:
    """The model as plain YAML-ready data (what :func:`dumps` writes)."""
    data: dict[str, Any] = model.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    data.pop("format_version", None)
    plain: dict[str, Any] = {"format_version": FORMAT_VERSION, **data}
    for entity in plain.get("entities", ()):
        for index in entity.get("indexes", ()):
            index["columns"] = [_index_key(k) for k in index["columns"]]
            if "with" in index:
                index["with"] = _pairs(index["with"])
    for publication in plain.get("publications", ()):
        if "tables" in publication:
            publication["tables"] = [_publication_table(t) for t in publication["tables"]]
    lint = plain.get("lint")
    if lint is not None:
        for key in ("severity", "options"):
            if key in lint:
                lint[key] = _pairs(lint[key])
    for pattern in plain.get("patterns", ()):
        if "params" in pattern:
            pattern["params"] = _pairs(pattern["params"])
    return plain


def _index_key(key: dict[str, Any]) -> Any:
    if len(key) == 1 and "column" in key:
        return key["column"]
    return key


def _publication_table(table: dict[str, Any]) -> Any:
    if len(table) == 1 and "table" in table:
        return table["table"]
    return table


def _pairs(pairs: tuple[tuple[str, str], ...]) -> Any:
    """Ordered pairs as a mapping when the keys are distinct (else as a list of pairs)."""
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys) or any(len(k) > _MAX_KEY or "\n" in k for k in keys):
        return [list(p) for p in pairs]
    return {k: _pair_value(v) for k, v in pairs}


def _pair_value(value: str) -> Any:
    """``"16"`` -> ``16`` and ``"true"`` -> ``True`` (they read back as the same strings)."""
    if _CANONICAL_INT.match(value):
        return int(value)
    if value in ("true", "false"):
        return value == "true"
    return value
