"""The names PostgreSQL chooses for constraints and indexes the DDL leaves unnamed.

Introspection leaves such names out of the model (re-creating the table gives the same names
back), and the comparison of a model with a server's catalog uses them to tell a name the
model chose from one the server chose. The rules follow PostgreSQL's ``makeObjectName``:
``table_columns_label``, the two parts shortened alternately (longer first) until the whole
fits in 63 bytes, never cutting a multi-byte character.

>>> default_name("orders", ("customer_id",), "fkey")
'orders_customer_id_fkey'
>>> default_name("orders", (), "pkey")
'orders_pkey'
>>> len(default_name("t" * 60, ("c" * 60,), "check").encode())
63
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NAMEDATALEN = 64

#: Constraint/index kinds and the label PostgreSQL appends.
LABELS = {"primary": "pkey", "unique": "key", "foreign": "fkey", "check": "check", "index": "idx",
          "exclusion": "excl"}


def _clip(text: str, nbytes: int) -> str:
    """The longest prefix of ``text`` that fits in ``nbytes`` bytes of UTF-8."""
    raw = text.encode("utf-8")[:nbytes]
    return raw.decode("utf-8", errors="ignore")


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's ``makeObjectName(name1, name2, label)``.

    >>> make_object_name("a" * 40, "b" * 40, "key")
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key'
    """
    n1 = len(name1.encode("utf-8"))
    n2 = len(name2.encode("utf-8")) if name2 is not None else 0
    overhead = (1 if name2 is not None else 0) + (len(label.encode("utf-8")) + 1 if label else 0)
    avail = NAMEDATALEN - 1 - overhead
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    parts = [_clip(name1, n1)]
    if name2 is not None:
        parts.append(_clip(name2, n2))
    if label:
        parts.append(label)
    return "_".join(parts)


def default_name(table: str, columns: Sequence[str], label: str) -> str:
    """The name PostgreSQL gives an unnamed constraint or index (before de-duplication).

    ``columns`` are joined with ``_`` (an expression key counts as ``expr``); a primary key
    uses no columns. Checks use the column only when the expression mentions exactly one.
    """
    if label == "pkey" or not columns:
        return make_object_name(table, None, label)
    joined = "_".join(columns)
    return make_object_name(table, _clip(joined, NAMEDATALEN - 1), label)


def is_default_name(name: str, table: str, columns: Sequence[str], label: str) -> bool:
    """Whether ``name`` is what PostgreSQL would have chosen (a de-duplicating number allowed).

    >>> is_default_name("orders_status_check1", "orders", ["status"], "check")
    True
    >>> is_default_name("orders_positive", "orders", ["status"], "check")
    False
    """
    if name == default_name(table, columns, label):
        return True
    match = re.fullmatch(rf".*_{re.escape(label)}(\d+)", name, flags=re.DOTALL)
    return match is not None and name == default_name(table, columns, label + match.group(1))
