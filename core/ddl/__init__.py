"""DDL: generating a model's SQL for PostgreSQL and other dialects, safely and incrementally.

Public entry points: :func:`generate_ddl` (one call, any dialect), :class:`IncrementalDDL` (the
live preview's fragment cache), :class:`DDLResult` / :class:`DDLWarning`, and the identifier
helpers in :mod:`core.ddl.identifiers`.
"""

from __future__ import annotations

from core.ddl.cache import IncrementalDDL
from core.ddl.generate import generate_ddl
from core.ddl.identifiers import DIALECTS, qualified_name, quote_ident, string_literal
from core.ddl.result import DDLResult, DDLWarning, Fragment

__all__ = [
    "DIALECTS",
    "DDLResult",
    "DDLWarning",
    "Fragment",
    "IncrementalDDL",
    "generate_ddl",
    "qualified_name",
    "quote_ident",
    "string_literal",
]
