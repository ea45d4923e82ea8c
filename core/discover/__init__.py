"""Functional-dependency discovery from data: exact, verified, ranked.

``discover_source(SourceSpec("export.csv"))`` reads the rows, finds every minimal non-trivial
dependency ``X -> A`` that holds in them (:mod:`core.discover.search`, a HyFD-style hybrid of
sampling, induction and validation on integer-encoded rows), proves each on the rows, and ranks
them by how likely they are to be meaningful rather than accidents of the sample
(:mod:`core.discover.rank`).

For a model: ``discover_entity(model, "orders", progress=..., cancel=...)`` reads the entity's
``data_source`` (:mod:`core.discover.entity`), and ``accept_discovered(model, "orders",
discovery).command`` is the one undo step that stores the accepted FDs on it
(:mod:`core.discover.accept`).
"""

from core.discover.accept import Acceptance, AcceptMode, accept_discovered
from core.discover.api import DiscoveredFD, Discovery, discover_data, discover_source, discover_table
from core.discover.control import (
    DEFAULT_MEMORY_CAP,
    CancelToken,
    DiscoveryCancelled,
    DiscoveryError,
    MemoryCapExceeded,
    Progress,
    RunControl,
)
from core.discover.encode import EncodedTable, encode_columns, encode_rows
from core.discover.entity import DiscoveryResult, discover_entity, entity_keys, entity_source
from core.discover.rank import PLAUSIBLE
from core.discover.search import discover_masks
from core.discover.sources import CsvOptions, SourceSpec, TableData, read_source

__all__ = [
    "DEFAULT_MEMORY_CAP",
    "PLAUSIBLE",
    "AcceptMode",
    "Acceptance",
    "CancelToken",
    "CsvOptions",
    "DiscoveredFD",
    "Discovery",
    "DiscoveryCancelled",
    "DiscoveryError",
    "DiscoveryResult",
    "EncodedTable",
    "MemoryCapExceeded",
    "Progress",
    "RunControl",
    "SourceSpec",
    "TableData",
    "accept_discovered",
    "discover_data",
    "discover_entity",
    "discover_masks",
    "discover_source",
    "discover_table",
    "encode_columns",
    "encode_rows",
    "entity_keys",
    "entity_source",
    "read_source",
]
