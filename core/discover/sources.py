"""Where the rows come from: a CSV file, a SQLite table or a PostgreSQL table.

:func:`read_source` reads a :class:`SourceSpec` into a :class:`TableData` (column names, rows of
plain values with ``None`` for NULL, and a description that never contains credentials). A
sample of ``N`` rows is reproducible: a seeded reservoir sample for files, a seeded
``ORDER BY random()`` or a ``TABLESAMPLE ... REPEATABLE`` for PostgreSQL.
"""

from __future__ import annotations

import csv
import random
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from core.discover.control import DiscoveryError

__all__ = [
    "CsvOptions",
    "SourceSpec",
    "TableData",
    "classify",
    "read_csv",
    "read_source",
    "read_sqlite",
    "reservoir",
]

SampleMethod = Literal["random", "system", "bernoulli"]
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class CsvOptions:
    """How a CSV file is written: separator, header line, quote character, escape character
    (``None``: quotes inside values are doubled, ``""``), NULL token, encoding."""

    sep: str = ","
    header: bool = True
    quotechar: str = '"'
    null_token: str | None = ""
    encoding: str = "utf-8"
    escapechar: str | None = None


@dataclass(frozen=True)
class SourceSpec:
    """A source of rows: a ``.csv`` path, a SQLite file or a ``postgresql://`` DSN.

    ``sample`` reads at most that many rows, chosen reproducibly from ``seed``; ``sample_method``
    (PostgreSQL only) is ``random`` (seeded ``ORDER BY random()``), ``system`` or ``bernoulli``
    (``TABLESAMPLE ... REPEATABLE``).
    """

    location: str
    table: str | None = None
    sample: int | None = None
    sample_method: SampleMethod = "random"
    seed: int = 0
    csv: CsvOptions = field(default_factory=CsvOptions)


@dataclass(frozen=True)
class TableData:
    """Rows read from a source, ready to encode."""

    description: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    total_rows: int | None = None

    @property
    def sampled(self) -> bool:
        """Whether the rows are a sample of a larger table."""
        return self.total_rows is not None and self.total_rows > len(self.rows)


def classify(location: str) -> Literal["csv", "sqlite", "postgres"]:
    """The kind of source a location names.

    Examples
    --------
    >>> classify("postgresql://me@db/sales"), classify("export.csv")
    ('postgres', 'csv')
    """
    if location.startswith(("postgresql://", "postgres://")):
        return "postgres"
    path = Path(location)
    if path.is_file():
        with path.open("rb") as handle:
            if handle.read(16) == _SQLITE_MAGIC:
                return "sqlite"
    elif path.suffix.lower() in {".db", ".sqlite", ".sqlite3"}:
        return "sqlite"
    return "csv"


def read_source(spec: SourceSpec) -> TableData:
    """Read the rows a :class:`SourceSpec` names (see :func:`classify`)."""
    if spec.sample is not None and spec.sample < 1:
        raise DiscoveryError(f"--sample must be at least 1 row, not {spec.sample}")
    kind = classify(spec.location)
    if kind == "postgres":
        from core.discover.postgres import read_postgres

        return read_postgres(spec.location, spec.table, spec.sample, spec.sample_method, spec.seed)
    if kind == "sqlite":
        return read_sqlite(spec.location, spec.table, spec.sample, spec.seed)
    if spec.table is not None:
        raise DiscoveryError(f"{spec.location}: --table applies to databases, not to a CSV file")
    return read_csv(spec.location, spec.csv, spec.sample, spec.seed)


def reservoir(
    rows: Iterable[tuple[Any, ...]], size: int | None, seed: int
) -> tuple[list[tuple[Any, ...]], int]:
    """A seeded uniform sample of ``size`` rows (all rows if ``None``), in source order.

    Returns the sample and the number of rows seen.

    Examples
    --------
    >>> reservoir([(i,) for i in range(10)], 3, seed=1) == reservoir([(i,) for i in range(10)], 3, seed=1)
    True
    >>> reservoir([(1,), (2,)], None, seed=0)
    ([(1,), (2,)], 2)
    """
    if size is None:
        kept = list(rows)
        return kept, len(kept)
    rng = random.Random(seed)
    sample: list[tuple[int, tuple[Any, ...]]] = []
    seen = 0
    for seen, row in enumerate(rows, start=1):
        if len(sample) < size:
            sample.append((seen, row))
        else:
            slot = rng.randrange(seen)
            if slot < size:
                sample[slot] = (seen, row)
    sample.sort(key=lambda item: item[0])
    return [row for _, row in sample], seen


def read_csv(
    path: str | Path, options: CsvOptions = CsvOptions(), sample: int | None = None, seed: int = 0
) -> TableData:
    """Read a CSV file: every value a string, the NULL token (if any) as ``None``."""
    where = str(path)
    sep = "\t" if options.sep in {"\\t", "tab"} else options.sep
    if len(sep) != 1:
        raise DiscoveryError(f"{where}: --sep must be one character, not {options.sep!r}")
    try:
        handle = open(path, newline="", encoding=options.encoding)  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise DiscoveryError(f"{where}: no such file") from None
    except OSError as exc:
        raise DiscoveryError(f"{where}: cannot read the file ({exc.strerror})") from None
    with handle:
        reader = csv.reader(
            handle, delimiter=sep, quotechar=options.quotechar, escapechar=options.escapechar, strict=True
        )
        try:
            first = next(reader, None)
            if first is None:
                raise DiscoveryError(f"{where}: the file is empty (no header, no rows)")
            columns = _header(where, first) if options.header else _numbered(len(first))
            body = _checked_rows(
                where, reader, len(columns), options.null_token, None if options.header else first
            )
            rows, total = reservoir(body, sample, seed)
        except csv.Error as exc:
            raise DiscoveryError(
                f"{where}:{reader.line_num}: {exc} (check --sep and --quote; --escape '\\' if quotes "
                'inside values are written \\")'
            ) from None
        except UnicodeDecodeError as exc:
            raise DiscoveryError(
                f"{where}: not valid {options.encoding} (byte {exc.start}); pass --encoding, e.g. latin-1"
            ) from None
    if not rows:
        raise DiscoveryError(f"{where}: no data rows after the header line; nothing to discover from")
    return TableData(where, columns, rows, total)


def _header(where: str, names: Sequence[str]) -> tuple[str, ...]:
    cleaned = [name.strip() or f"column_{i}" for i, name in enumerate(names, start=1)]
    seen: dict[str, int] = {}
    for i, name in enumerate(cleaned, start=1):
        if name in seen:
            raise DiscoveryError(
                f"{where}:1: column {i} is named {name!r} like column {seen[name]}; "
                "rename one, or pass --no-header to number the columns"
            )
        seen[name] = i
    return tuple(cleaned)


def _numbered(width: int) -> tuple[str, ...]:
    return tuple(f"column_{i}" for i in range(1, width + 1))


def _checked_rows(
    where: str, reader: Any, width: int, null_token: str | None, first: Sequence[str] | None
) -> Iterator[tuple[Any, ...]]:
    def convert(row: Sequence[str]) -> tuple[Any, ...]:
        if len(row) != width:
            raise DiscoveryError(
                f"{where}:{reader.line_num}: {len(row)} fields where the first line has {width}; "
                "check --sep and --quote"
            )
        if null_token is None:
            return tuple(row)
        return tuple(None if value == null_token else value for value in row)

    if first is not None:
        yield convert(first)
    for row in reader:
        if row:  # a blank line is no row
            yield convert(row)


def read_sqlite(path: str | Path, table: str | None, sample: int | None = None, seed: int = 0) -> TableData:
    """Read a table of a SQLite file, opened read-only."""
    where = str(path)
    if not Path(path).is_file():
        raise DiscoveryError(f"{where}: no such file")
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise DiscoveryError(f"{where}: cannot open the SQLite file ({exc})") from None
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
            )
        ]
        if table is None:
            if len(tables) != 1:
                listed = ", ".join(tables) or "none"
                raise DiscoveryError(f"{where}: name the table with --table (tables: {listed})")
            table = tables[0]
        elif table not in tables:
            raise DiscoveryError(f"{where}: no table {table!r} (tables: {', '.join(tables) or 'none'})")
        quoted = '"' + table.replace('"', '""') + '"'
        cursor = conn.execute(f"SELECT * FROM {quoted}")
        columns = tuple(d[0] for d in cursor.description)
        rows, total = reservoir((tuple(r) for r in cursor), sample, seed)
    except sqlite3.Error as exc:
        raise DiscoveryError(f"{where}: cannot read table {table!r} ({exc})") from None
    finally:
        conn.close()
    if not rows:
        raise DiscoveryError(f"{where}: table {table!r} has no rows; nothing to discover from")
    return TableData(f"{where} table {table}", columns, rows, total)
