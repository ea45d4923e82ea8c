"""Discovery for an entity of a model: its rows come from its ``data_source``.

An imported entity remembers where its rows live (``Entity.data_source``):

* ``csv:PATH`` (or a bare ``.csv`` path): a CSV file with a header line, ``,`` separated;
* ``sqlite:FILE#table`` (or ``sqlite:FILE``): a table of a SQLite file, by default the table
  named like the entity;
* ``postgresql://...#schema.table`` (or without the fragment): a table of a live PostgreSQL,
  by default the entity's ``schema.name``. Keep the password out of the model file (libpq reads
  ``PGPASSWORD`` or ``~/.pgpass``); it is never shown anyway.

Relative paths are relative to the model file's folder (``base_dir``). The rows are narrowed to
the entity's attributes (columns the entity does not have are left out, names matched exactly,
else ignoring case), and the FDs implied by the entity's primary key and unique constraints are
marked ``from_key``.

:func:`discover_entity` is what the workstation's "discover from data" action calls from a
worker thread: pass ``progress`` (called with :class:`~core.discover.control.Progress` reports)
and ``cancel`` (a :class:`~core.discover.control.CancelToken`; ``cancel.cancel()`` from the UI
thread makes the run raise :class:`~core.discover.control.DiscoveryCancelled` within a moment).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from core.discover.api import Discovery, discover_data
from core.discover.control import (
    DEFAULT_MEMORY_CAP,
    CancelToken,
    DiscoveryError,
    ProgressCallback,
)
from core.discover.sources import CsvOptions, SampleMethod, SourceSpec, TableData, read_source
from core.model import DataModel, Entity, EntityKey

__all__ = ["DiscoveryResult", "discover_entity", "entity_keys", "entity_source", "project_onto"]

#: The result type of :func:`discover_entity` (a :class:`~core.discover.api.Discovery`).
DiscoveryResult = Discovery


def find(model: DataModel, key: EntityKey | str) -> Entity:
    """The entity ``key`` names, or a :class:`DiscoveryError` listing close names."""
    from core.normalize.bitsets import NormalizeError
    from core.normalize.model_bridge import find_entity

    try:
        return find_entity(model, key)
    except NormalizeError as exc:
        raise DiscoveryError(str(exc)) from None


def entity_keys(entity: Entity) -> list[tuple[str, ...]]:
    """The entity's declared keys: primary key, unique constraints, unique indexes on columns.

    >>> from core.model import Attribute, PrimaryKey, UniqueConstraint
    >>> e = Entity(name="t", attributes=(Attribute(name="id", type="int"), Attribute(name="code", type="text")),
    ...            primary_key=PrimaryKey(columns=("id",)), uniques=(UniqueConstraint(columns=("code",)),))
    >>> entity_keys(e)
    [('id',), ('code',)]
    """
    keys: list[tuple[str, ...]] = []
    if entity.primary_key is not None and entity.primary_key.columns:
        keys.append(tuple(entity.primary_key.columns))
    keys.extend(tuple(u.columns) for u in entity.uniques if u.columns)
    for index in entity.indexes:
        names = tuple(index.column_names)
        if index.unique and index.where is None and names and len(names) == len(index.columns):
            keys.append(names)
    return list(dict.fromkeys(keys))


def entity_source(
    entity: Entity,
    *,
    base_dir: str | Path | None = None,
    sample: int | None = None,
    sample_method: SampleMethod = "random",
    seed: int = 0,
    csv: CsvOptions | None = None,
) -> SourceSpec:
    """Where the entity's rows are, as a :class:`SourceSpec` (see the module docstring).

    Examples
    --------
    >>> e = Entity(name="orders", schema="sales", data_source="postgresql://me@db/shop")
    >>> s = entity_source(e); (s.location, s.table)
    ('postgresql://me@db/shop', '"sales"."orders"')
    >>> s = entity_source(Entity(name="orders", data_source="sqlite:legacy.db"), base_dir="/data")
    >>> (s.location, s.table)
    ('/data/legacy.db', 'orders')
    """
    where = entity.key.display()
    text = (entity.data_source or "").strip()
    if not text:
        raise DiscoveryError(
            f"entity {where} has no data source: give a source (a .csv file, a SQLite file or a "
            "postgresql:// DSN) on the command line, or set its data_source "
            "(csv:PATH, sqlite:FILE#table, postgresql://...#schema.table)"
        )
    base = SourceSpec("", sample=sample, sample_method=sample_method, seed=seed, csv=csv or CsvOptions())
    if text.startswith(("postgresql://", "postgres://")):
        dsn, _, table = text.partition("#")
        parts = (entity.schema_name, entity.name) if entity.schema_name else (entity.name,)
        default = ".".join('"' + p.replace('"', '""') + '"' for p in parts)
        return replace(base, location=dsn, table=table or default)
    kind, sep, rest = text.partition(":")
    if sep and kind.lower() == "sqlite":
        path, _, table = rest.partition("#")
        return replace(base, location=_resolve(path, base_dir), table=table or entity.name)
    if sep and kind.lower() == "csv":
        text = rest
    elif sep and len(kind) > 1 and kind.isalpha():
        raise DiscoveryError(
            f"entity {where}: data source {kind}:... is not one discovery reads; "
            "use csv:PATH, sqlite:FILE#table or postgresql://...#schema.table"
        )
    return replace(base, location=_resolve(text, base_dir))


def _resolve(path: str, base_dir: str | Path | None) -> str:
    p = Path(path).expanduser()
    if not p.is_absolute() and base_dir is not None:
        p = Path(base_dir) / p
    return str(p)


def project_onto(data: TableData, entity: Entity) -> TableData:
    """The rows narrowed to the entity's attributes, columns renamed to the attribute names.

    A column matches an attribute of the same name, else of the same name ignoring case.

    >>> from core.model import Attribute
    >>> e = Entity(name="t", attributes=(Attribute(name="zip", type="text"), Attribute(name="city", type="text")))
    >>> d = project_onto(TableData("f.csv", ("ZIP", "junk", "city"), [("1", "x", "a")]), e)
    >>> d.columns, d.rows
    (('zip', 'city'), [('1', 'a')])
    """
    names = entity.attribute_names
    exact = set(names)
    folded: dict[str, list[str]] = {}
    for name in names:
        folded.setdefault(name.casefold(), []).append(name)
    keep: list[int] = []
    renamed: list[str] = []
    for i, column in enumerate(data.columns):
        match = column if column in exact else None
        if match is None and len(folded.get(column.casefold(), [])) == 1:
            match = folded[column.casefold()][0]
        if match is not None and match not in renamed:
            keep.append(i)
            renamed.append(match)
    if not keep:
        raise DiscoveryError(
            f"{data.description}: none of its columns ({', '.join(data.columns[:8])}"
            f"{' ...' if len(data.columns) > 8 else ''}) is an attribute of entity "
            f"{entity.key.display()}; check the source and --table"
        )
    if len(keep) == len(data.columns) and tuple(renamed) == data.columns:
        return data
    rows = [tuple(row[i] for i in keep) for row in data.rows]
    return replace(data, columns=tuple(renamed), rows=rows)


def discover_entity(
    model: DataModel,
    key: EntityKey | str,
    *,
    sample: int | None = None,
    max_lhs: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    null_equals_null: bool = True,
    memory_cap: int = DEFAULT_MEMORY_CAP,
    base_dir: str | Path | None = None,
    source: SourceSpec | None = None,
    keys: Sequence[Sequence[str]] = (),
) -> DiscoveryResult:
    """Discover the FDs of an entity's rows, read from its data source (or ``source``).

    Parameters
    ----------
    model, key
        The model and the entity (``name``, ``schema.name`` or an :class:`EntityKey`).
    sample
        Read a reproducible sample of this many rows (``None``: all rows).
    max_lhs
        Bound on the left-hand side size.
    progress, cancel
        Progress reports and a cancellation token (for a worker thread).
    null_equals_null, memory_cap
        NULL semantics and the memory cap in bytes.
    base_dir
        The folder relative data-source paths start from (the model file's folder).
    source
        Read these rows instead of the entity's ``data_source`` (a sample in it is kept).
    keys
        More keys or unique columns, besides the entity's own.

    Returns
    -------
    Discovery
        Ranked FDs over the entity's attributes; those following from its keys are
        ``from_key``. Store them with :func:`core.discover.accept.accept_discovered`.
    """
    entity = find(model, key)
    spec = source or entity_source(entity, base_dir=base_dir, sample=sample)
    if source is not None and sample is not None:
        spec = replace(spec, sample=sample)
    data = project_onto(read_source(spec), entity)
    present = set(data.columns)
    declared = [tuple(k) for k in keys] + [k for k in entity_keys(entity) if set(k) <= present]
    return discover_data(
        data,
        null_equals_null=null_equals_null,
        keys=declared,
        max_lhs=max_lhs,
        progress=progress,
        cancel=cancel,
        memory_cap=memory_cap,
    )
