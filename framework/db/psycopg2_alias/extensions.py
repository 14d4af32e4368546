"""``psycopg2.extensions``: the names addons import from it (isolation levels, ``AsIs``,
``ISQLQuote``, ``quote_ident``, the transaction-rollback and query-canceled errors)."""
from __future__ import annotations

from psycopg.errors import QueryCanceled as QueryCanceledError
from psycopg.errors import TransactionRollback as TransactionRollbackError
from psycopg.sql import Identifier as _Identifier

ISOLATION_LEVEL_AUTOCOMMIT = 0
ISOLATION_LEVEL_READ_UNCOMMITTED = 4
ISOLATION_LEVEL_READ_COMMITTED = 1
ISOLATION_LEVEL_REPEATABLE_READ = 2
ISOLATION_LEVEL_SERIALIZABLE = 3
ISOLATION_LEVEL_DEFAULT = None

__all__ = ["AsIs", "ISQLQuote", "ISOLATION_LEVEL_AUTOCOMMIT", "ISOLATION_LEVEL_DEFAULT",
           "ISOLATION_LEVEL_READ_COMMITTED", "ISOLATION_LEVEL_READ_UNCOMMITTED",
           "ISOLATION_LEVEL_REPEATABLE_READ", "ISOLATION_LEVEL_SERIALIZABLE",
           "QueryCanceledError", "TransactionRollbackError", "quote_ident"]


class ISQLQuote:
    """psycopg2's adaptation protocol: a parameter object whose ``getquoted()`` (bytes or
    str) is its SQL text. Addons subclass it (database_cleanup's ``IdentifierAdapter``
    quotes table names so); such parameters bind client-side, as ``AsIs``."""

    def __init__(self, wrapped=None) -> None:
        self._wrapped = wrapped

    def getquoted(self):
        raise NotImplementedError(f"{type(self).__name__} must define getquoted()")


class AsIs:
    """A parameter put in the query as its ``str()``, unquoted (a table name: ``AsIs(self._table)``).
    Only for trusted text: it is not escaped."""

    def __init__(self, value) -> None:
        self.adapted = value

    def getquoted(self) -> bytes:
        return str(self.adapted).encode()

    def __str__(self) -> str:
        return str(self.adapted)

    def __repr__(self) -> str:
        return f"AsIs({self.adapted!r})"


def quote_ident(name: str, scope=None) -> str:
    """``name`` as a quoted SQL identifier (``scope``, a connection or cursor, is not needed)."""
    return _Identifier(name).as_string(None)
