"""From a problem found in generated DDL or on a server back to the model: element and file line.

``check`` and ``ddl`` name what went wrong in the model's own words (``entities[orders]
.attributes[total]``, ``entities[orders].indexes[orders_open_idx]``); these helpers take it the
rest of the way:

* :func:`element_at` reads the statement a server refused, at the position it pointed to, and
  tells which attribute, constraint, index, policy or trigger of the entity it was;
* :func:`model_path` turns a location in words into the model file's path of keys and list
  positions, so that :func:`file_line` can give the line to open in an editor.

>>> from core.model import Attribute, DataModel, Entity
>>> m = DataModel(entities=(Entity(name="t", attributes=(Attribute(name="id", type="int"),
...                                                      Attribute(name="total", type="numeric"))),))
>>> model_path(m, "entities[t].attributes[total].type")
('entities', 0, 'attributes', 1, 'type')
>>> element_at(m.entities[0], 'CREATE TABLE t (\\n    id     int,\\n    total  numeric CHECK (x > 0)\\n)', 40)
'attributes[total]'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from core.ddl.check_statements import _TOKEN, _code, _ident, _qualified, code_offset
from core.ddl.compare_norm import collapse
from core.errors import TablewrightError
from core.model import DataModel, Entity

__all__ = ["element_at", "file_line", "line_finder", "model_path"]

ModelPath = tuple[str | int, ...]


def _keys_label(keys: object) -> str:
    return ", ".join(k.column or f"({k.expression})" for k in keys)  # type: ignore[attr-defined]


def _labels(key: str, item: object, i: int) -> list[str]:
    """The labels ``item`` (the i-th under ``key``) may be called by in a location."""
    name = getattr(item, "name", None)
    out = [name] if isinstance(name, str) and name else []
    if key in ("uniques", "foreign_keys"):
        out.append(", ".join(item.columns))  # type: ignore[attr-defined]
    elif key == "checks":
        out.append(collapse(item.expression))  # type: ignore[attr-defined]
    elif key == "indexes":
        out.append(_keys_label(item.columns))  # type: ignore[attr-defined]
    elif key == "tables":  # of a publication: by table, or schema.table as comparisons write it
        table, schema = item.table, item.schema_name  # type: ignore[attr-defined]
        out += [table, f"{schema}.{table}"] if schema else [table]
    elif key == "exclusions":
        out.append(", ".join(f"{e.expression} WITH {e.operator}" for e in item.elements))  # type: ignore[attr-defined]
    out.append(str(i))
    return out


def _find(key: str, items: tuple[object, ...], label: str) -> int | None:
    for rank in range(3):  # a name first, then the other labels, then the position
        for i, item in enumerate(items):
            if isinstance(item, str):  # a list of names (extensions, columns...)
                if item == label:
                    return i
                continue
            labels = _labels(key, item, i)
            if rank == 0 and labels[:1] == [label] and getattr(item, "name", None) == label:
                return i
            if rank == 1 and label in labels[:-1]:
                return i
            if rank == 2 and labels[-1] == label:
                return i
    return None


def model_path(model: DataModel, where: str) -> ModelPath:
    """The path of keys and list positions of a location in words, as far as it resolves.

    A label names a list item by its name, its columns or expression (as ``check`` and ``ddl``
    write unnamed items) or its position; the path stops at the first step it cannot follow.
    """
    path: list[str | int] = []
    node: object = model
    i, n = 0, len(where)
    while i < n:
        j = i
        while j < n and where[j] not in ".[":
            j += 1
        key = where[i:j]
        value = getattr(node, key, None) if key.isidentifier() else None
        if j >= n or where[j] == ".":
            path.append(key)
            if value is None or isinstance(value, str | int | bool | float | tuple):
                break
            node, i = value, j + 1
            continue
        if not isinstance(value, tuple):
            break
        # a label may hold brackets and dots itself: try each "]" that ends a step, first match wins
        for close in (c for c in range(j + 1, n) if where[c] == "]" and (c + 1 == n or where[c + 1] in ".[")):
            found = _item(model, key, value, where[j + 1:close])
            if found is not None:
                path += [key, found]
                node, i = value[found], close + 1 + (close + 1 < n and where[close + 1] == ".")
                break
        else:
            break
    return tuple(path)


def _item(model: DataModel, key: str, items: tuple[object, ...], label: str) -> int | None:
    if key == "entities":
        found = next((n for n, e in enumerate(model.entities) if e.key.display() == label), None)
        if found is not None:
            return found
    return _find(key, items, label)


def file_line(root: object, model: DataModel, where: str) -> int | None:
    """The 1-based line in the model file of a location in words (``None`` without a tree)."""
    from core.storage.locate import node_line

    path = model_path(model, where)
    return node_line(root, path) if path else None  # type: ignore[arg-type]


def line_finder(path: str | Path, model: DataModel) -> Callable[[str], int | None]:
    """A function giving the model file's line of a location in words (composes the YAML once,
    on first use; ``None`` when the file cannot be read or the location is not in it)."""
    root: list[object] = []

    def find(where: str) -> int | None:
        if not root:
            from core.storage import read_text
            from core.storage.locate import compose

            try:
                text, _ = read_text(str(path))
            except TablewrightError:  # a missing line is no reason to fail a report
                root.append(None)
            else:
                root.append(compose(text))
        return file_line(root[0], model, where) if root[0] is not None else None

    return find


# -- which element of an entity a refused statement was about -------------------------------------


def _names_in(text: str) -> tuple[str, ...]:
    """The identifiers of the first parenthesized list in ``text``: ``(a, "B")`` -> ``(a, B)``."""
    start = text.find("(")
    end = text.find(")", start)
    if start < 0 or end < 0:
        return ()
    return tuple(_ident(t) for t in _TOKEN.findall(text[start + 1:end]) if t != ",")


def _label(key: str, items: tuple[object, ...], i: int) -> str:
    return f"{key}[{_labels(key, items[i], i)[0]}]"


def _by_name(entity: Entity, name: str) -> str | None:
    for key in ("checks", "uniques", "foreign_keys", "exclusions", "indexes", "triggers"):
        items: tuple[object, ...] = getattr(entity, key)
        for i, item in enumerate(items):
            if getattr(item, "name", None) == name:
                return _label(key, items, i)
    if entity.primary_key is not None and entity.primary_key.name == name:
        return "primary_key"
    if entity.rls is not None and any(p.name == name for p in entity.rls.policies):
        return f"rls.policies[{name}]"
    return None


def _table_line(entity: Entity, line: str) -> str | None:
    """The element a line of ``CREATE TABLE (...)`` defines (a column or a table constraint)."""
    toks = _TOKEN.findall(line)
    if not toks:
        return None
    head = toks[0].upper()
    if head == "CONSTRAINT" and len(toks) > 1:
        return _by_name(entity, _ident(toks[1]))
    if head == "PRIMARY":
        return "primary_key"
    if head == "UNIQUE":
        cols = _names_in(line)
        i = next((n for n, u in enumerate(entity.uniques) if u.name is None and u.columns == cols), None)
        return _label("uniques", entity.uniques, i) if i is not None else "uniques"
    if head == "FOREIGN":
        cols = _names_in(line)
        i = next((n for n, f in enumerate(entity.foreign_keys) if f.name is None and f.columns == cols), None)
        return _label("foreign_keys", entity.foreign_keys, i) if i is not None else "foreign_keys"
    if head == "CHECK":
        flat = collapse(line)
        i = next((n for n, c in enumerate(entity.checks) if c.name is None and collapse(c.expression) in flat), None)
        return _label("checks", entity.checks, i) if i is not None else "checks"
    if head == "EXCLUDE":
        i = next((n for n, x in enumerate(entity.exclusions) if x.name is None), None)
        return _label("exclusions", entity.exclusions, i) if i is not None else "exclusions"
    if head == "CREATE" or toks[0] == ")":
        return None
    name = _ident(toks[0])
    return f"attributes[{name}]" if entity.attribute(name) is not None else None


def _index(entity: Entity, code: str, up: list[str], toks: list[str], model: DataModel | None) -> str | None:
    i = up.index("INDEX")
    if i + 1 < len(up) and up[i + 1] != "ON":
        name = _ident(toks[i + 1] if up[i + 1] not in ("IF", "CONCURRENTLY") else toks[-1])
        found = _by_name(entity, name)
        return found if found and found.startswith("indexes") else None
    from core.ddl import pg_parts
    from core.ddl.context import GenContext
    from core.errors import DDLError

    ctx = GenContext(model if model is not None else DataModel(entities=(entity,)))
    table = ctx.table_ref(entity.schema_name, entity.name)
    for n, ix in enumerate(entity.indexes):
        if ix.name:
            continue
        try:
            text = pg_parts.index(ctx, entity, table, n, ix)
        except DDLError:
            continue
        if text.rstrip(";").strip() == code.strip():
            return _label("indexes", entity.indexes, n)
    return "indexes"


def element_at(entity: Entity, statement: str, position: int | None, model: DataModel | None = None) -> str | None:
    """Which part of ``entity`` the refused ``statement`` was building, at 1-based ``position``
    (the server's error position; ``None``: the statement as a whole): ``attributes[total]``,
    ``checks[positive_total]``, ``indexes[a, (lower(b))]``, ``rls.policies[p]``,
    ``triggers[t]``...; ``None`` for the entity itself. ``model`` (the entity's) tells unnamed
    indexes apart."""
    start = code_offset(statement)
    code = _code(statement)
    toks = _TOKEN.findall(code[:2000])
    up = [t.upper() for t in toks]
    if len(up) < 2:
        return None
    if up[0] == "CREATE" and "TABLE" in up[:4]:
        if position is None:
            return None
        at = max(position - 1, start)
        line_start = statement.rfind("\n", 0, at) + 1
        line_end = statement.find("\n", at)
        line = statement[line_start:line_end if line_end >= 0 else len(statement)].strip().rstrip(",")
        return _table_line(entity, line)
    if up[0] == "CREATE" and "INDEX" in up[:4]:
        return _index(entity, code, up, toks, model)
    if up[0] == "CREATE" and up[1] in ("POLICY", "TRIGGER") and len(toks) > 2:
        name = _ident(toks[2])
        return f"rls.policies[{name}]" if up[1] == "POLICY" else f"triggers[{name}]"
    if up[0] == "ALTER" and "ADD" in up:
        rest = code[code.upper().find(" ADD ") + 5:].strip()
        return _table_line(entity, rest)
    if up[0] == "ALTER" and ("SECURITY" in up):
        return "rls"
    if up[0] == "COMMENT" and up[2] == "COLUMN":
        col = re.split(r"\s+IS\s+", code, maxsplit=1, flags=re.IGNORECASE)[0]
        name = _ident(_TOKEN.findall(col)[-1])
        return f"attributes[{name}].note" if entity.attribute(name) is not None else None
    if up[0] == "COMMENT" and up[2] in ("CONSTRAINT", "INDEX") and len(toks) > 3:
        name = _ident(toks[3]) if up[2] == "CONSTRAINT" else _qualified(toks, 3)[0][-1]
        found = _by_name(entity, name)
        return f"{found}.note" if found else None
    if up[0] == "COMMENT" and up[2] == "TABLE":
        return "note"
    return None
