"""Format versions: upgrading model files written by an older tablewright.

A model file says which layout it uses with ``format_version``. When the layout changes,
:data:`core.model.FORMAT_VERSION` goes up by one and a migration is registered here that turns
the raw data of version ``n`` into version ``n + 1``::

    @migration(1)
    def _rename_tags(data: dict[str, Any]) -> dict[str, Any]:
        ...  # return version-2 data

Loading applies the chain of migrations in order; a file newer than this tablewright is refused
with a message that says to upgrade.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.model import FORMAT_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: ``from_version -> function`` turning raw data of that version into the next version's.
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register a migration from ``from_version`` to ``from_version + 1`` (a decorator)."""

    def register(func: Migration) -> Migration:
        MIGRATIONS[from_version] = func
        return func

    return register


def version_problem(version: Any, current: int = FORMAT_VERSION,
                    migrations: Mapping[int, Migration] | None = None) -> str | None:
    """Why a file with this ``format_version`` cannot be read, or ``None`` when it can.

    >>> version_problem(1, current=1) is None, version_problem("x", current=1)
    (True, 'format_version must be a whole number (this tablewright writes 1)')
    """
    steps = MIGRATIONS if migrations is None else migrations
    if isinstance(version, bool) or not isinstance(version, int):
        return f"format_version must be a whole number (this tablewright writes {current})"
    if version > current:
        return (f"this file has format_version {version}, written by a newer tablewright; this one "
                f"reads up to version {current}: upgrade tablewright (pip install -U tablewright)")
    missing = [v for v in range(version, current) if v not in steps]
    if missing:
        return (f"format_version {version} is not supported: there is no migration from version "
                f"{missing[0]} (this tablewright reads versions {min([current, *steps])} to {current})")
    return None


def migrate(data: dict[str, Any], current: int = FORMAT_VERSION,
            migrations: Mapping[int, Migration] | None = None) -> dict[str, Any]:
    """Raw file data upgraded to ``current`` (the data's version must be readable).

    A file without ``format_version`` is taken to be of the current version.

    >>> migrate({"format_version": 1, "name": "m"}, current=2,
    ...         migrations={1: lambda d: {**d, "name": d["name"].upper()}})
    {'format_version': 2, 'name': 'M'}
    """
    steps = MIGRATIONS if migrations is None else migrations
    version = data.get("format_version", current)
    while version < current:
        data = steps[version](dict(data))
        version += 1
        data["format_version"] = version
    return data
