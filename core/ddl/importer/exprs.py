"""Expressions carried into the model (defaults, checks, predicates) as PostgreSQL text.

>>> to_postgres("GETDATE()", "tsql"), to_postgres("now()", "postgres")
('CURRENT_TIMESTAMP', 'now()')
>>> boolean_default("((1))")
'true'
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

__all__ = ["boolean_default", "to_postgres"]

_SPACES = re.compile(r"\s+")
_ZERO_DATE = re.compile(r"'0000-00-00")


@lru_cache(maxsize=4096)
def to_postgres(text: str, dialect: str) -> str | None:
    """``text`` (an expression written in ``dialect``) as PostgreSQL, or ``None`` when it
    cannot be read (the caller drops it with a warning)."""
    text = text.strip()
    if not text:
        return None
    if dialect == "postgres":
        return _SPACES.sub(" ", text) if "\n" in text else text
    if _ZERO_DATE.match(text):  # MySQL's zero date has no PostgreSQL equivalent
        return None
    import sqlglot

    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return sqlglot.parse_one(text, read=dialect).sql(dialect="postgres")
    except Exception:
        return None
    finally:
        logger.setLevel(level)


def boolean_default(text: str) -> str | None:
    """A numeric default of a boolean column (T-SQL ``bit``) spelt as ``true``/``false``."""
    core = text.strip().strip("()").strip().strip("'").lower()
    if core in ("0", "b'0", "false"):
        return "false"
    if core in ("1", "b'1", "true"):
        return "true"
    return None
