"""The pattern library: proven designs of the field, applied to a model in one undoable step.

``PATTERNS`` maps each pattern's name to its :class:`~core.patterns.base.Pattern`;
:func:`get_pattern` finds one by name (with a suggestion when misspelt). Each pattern has a
``title``, a ``description`` (when to use it), ``tradeoffs``, typed ``parameters``,
``preview(model, targets, params)`` and ``apply(model, targets, params) -> Batch``.

>>> sorted(PATTERNS)[:3]
['audit-trail', 'bi-temporal', 'cdc-notify']
>>> get_pattern("soft-delete").title
'Soft delete'
"""

from __future__ import annotations

from core.errors import CommandError
from core.patterns.audit import AuditTrail
from core.patterns.base import Param, Pattern, PatternPreview
from core.patterns.cdc import CdcNotify, CdcPublication, CdcTrigger
from core.patterns.citus import CitusDistribute
from core.patterns.datavault import DataVault
from core.patterns.documents import JsonbDocument
from core.patterns.events import EventStore, Projection, TransactionalOutbox
from core.patterns.hierarchy import Hierarchy
from core.patterns.refactor import PolymorphicToExclusiveArc, PolymorphicToSharedParent
from core.patterns.relations import GraphEdges, ManyToMany
from core.patterns.softdelete import SoftDelete
from core.patterns.temporal import BiTemporal, SystemVersioned
from core.patterns.tenancy import MultiTenant
from core.patterns.vectors import VectorEmbeddings
from core.validate import suggest

__all__ = ["PATTERNS", "Param", "Pattern", "PatternPreview", "get_pattern"]

_ALL: tuple[Pattern, ...] = (
    SoftDelete(),
    AuditTrail(),
    SystemVersioned(),
    BiTemporal(),
    MultiTenant(),
    CitusDistribute(),
    EventStore(),
    TransactionalOutbox(),
    Projection(),
    CdcTrigger(),
    CdcNotify(),
    CdcPublication(),
    JsonbDocument(),
    Hierarchy(),
    PolymorphicToExclusiveArc(),
    PolymorphicToSharedParent(),
    ManyToMany(),
    GraphEdges(),
    VectorEmbeddings(),
    DataVault(),
)

#: Every pattern by name, in the order of the catalogue.
PATTERNS: dict[str, Pattern] = {p.name: p for p in _ALL}


def get_pattern(name: str) -> Pattern:
    """The pattern called ``name``; :class:`CommandError` with a suggestion when there is none."""
    found = PATTERNS.get(name.strip().lower())
    if found is None:
        raise CommandError(f'no pattern named "{name}"{suggest(name, PATTERNS)}; '
                           "see `tablewright pattern list`")
    return found
