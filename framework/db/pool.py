"""Connections to PostgreSQL: which server, and one connection pool per database.

The pools live in ``_databases`` (keyed by server address and database name), the
process's connection registry; ``close_all()`` empties it and runs at interpreter exit.
Database errors are left as psycopg raises them: turning them into Odoo exceptions is the
service layer's job. Nothing here reads ``framework.config`` except ``server_address`` and
``db_connect`` when no address is given.
"""
from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Mapping

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from .address import DatabaseConnectError, ServerAddress
from .cursor import Cursor, configure

CONNECT_TIMEOUT = 10        # seconds libpq waits for a server before giving up


# -- where the server is ----------------------------------------------------------------

def server_address(config: Mapping[str, object] | None = None) -> ServerAddress:
    """The server to use: ``db_host`` (config, CLI, else ``PGHOST``) or the embedded one.

    ``db_port``/``db_user``/``db_password`` fall back to ``PGPORT``/``PGUSER``/``PGPASSWORD``.
    Without a host the embedded server under ``<data_dir>/pgdata`` is started or reused.
    """
    if config is None:
        from framework.config import config
    env = ServerAddress.from_env()
    host = config.get("db_host") or env.host
    if not host:
        from .embedded import ensure_embedded_server
        return ensure_embedded_server(str(config.get("data_dir")))
    port = config.get("db_port") or env.port
    return ServerAddress(host=str(host), port=int(port) if port else None,
                         user=str(config.get("db_user") or env.user or "") or None,
                         password=str(config.get("db_password") or env.password or "") or None)


def connect(address: ServerAddress, dbname: str, **kwargs: object) -> psycopg.Connection:
    """One connection outside any pool; a failure is a ``DatabaseConnectError``."""
    try:
        return psycopg.connect(**address.connect_kwargs(dbname), connect_timeout=CONNECT_TIMEOUT,
                               **kwargs)
    except psycopg.OperationalError as exc:
        raise DatabaseConnectError.from_driver_error(address, dbname, exc) from exc


# -- pools ------------------------------------------------------------------------------

class Database:
    """A database on a server, with a lazily opened connection pool."""

    def __init__(self, dbname: str, address: ServerAddress, maxconn: int = 64) -> None:
        self.dbname = dbname
        self.address = address
        self.maxconn = maxconn
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def cursor(self, isolation: str = "REPEATABLE READ") -> Cursor:
        """A new cursor (and transaction) on a pooled connection; close it when done."""
        pool = self._open_pool()
        try:
            connection = pool.getconn()
        except PoolTimeout as exc:
            raise DatabaseConnectError(
                f"no connection to database {self.dbname!r} at {self.address.describe()} "
                f"within {pool.timeout:.0f}s: the server went away or all {self.maxconn} "
                "connections are busy; check the server, or close leaked cursors",
                address=self.address, dbname=self.dbname) from exc
        try:
            return Cursor(self, connection, pool, isolation)
        except ValueError:
            pool.putconn(connection)
            raise

    def close(self) -> None:
        """Close the pool and every idle connection (the next cursor() reopens it)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def _open_pool(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                # probe once: a pool would retry in the background for 30s before failing
                connect(self.address, self.dbname).close()
                kwargs = {**self.address.connect_kwargs(self.dbname),
                          "connect_timeout": CONNECT_TIMEOUT, "autocommit": True,   # see Cursor.begin
                          "application_name": f"odoo-{os.getpid()}",
                          "cursor_factory": psycopg.ClientCursor}
                self._pool = ConnectionPool(kwargs=kwargs, min_size=1, max_size=self.maxconn,
                                            open=True, configure=configure,
                                            name=f"odoo-{self.dbname}")
            return self._pool

    def __repr__(self) -> str:
        return f"<Database {self.dbname!r} at {self.address.describe()}>"


_databases: dict[tuple[ServerAddress, str], Database] = {}
_databases_lock = threading.Lock()


def db_connect(dbname: str, address: ServerAddress | None = None) -> Database:
    """The (cached) Database for ``dbname``; no connection is opened until ``cursor()``."""
    if address is None:
        address = server_address()
    with _databases_lock:
        database = _databases.get((address, dbname))
        if database is None:
            from framework.config import config
            database = _databases[address, dbname] = Database(
                dbname, address, maxconn=int(config.get("db_maxconn") or 64))
        return database


def address_of(dbname: str) -> ServerAddress:
    """The server this process reaches ``dbname`` on: that of its pool when one is open
    (a registry loaded from another server than the configured one, as in tests), else
    ``server_address()``."""
    with _databases_lock:
        known = [address for address, name in _databases if name == dbname]
    return known[0] if known else server_address()


def close_db(dbname: str, address: ServerAddress | None = None) -> None:
    """Close the pools of ``dbname`` (on ``address``, or on every server when None)."""
    with _databases_lock:
        keys = [key for key in _databases if key[1] == dbname and address in (None, key[0])]
        closing = [_databases.pop(key) for key in keys]
    for database in closing:
        database.close()


def close_pools() -> None:
    """Close the connections of every pool of this process, keeping the databases known:
    each opens a pool again at its next ``cursor()`` (a test session with many databases
    stays below the server's ``max_connections``)."""
    with _databases_lock:
        databases = list(_databases.values())
    for database in databases:
        database.close()


def close_all() -> None:
    """Close every pool of this process (runs at exit)."""
    with _databases_lock:
        closing = list(_databases.values())
        _databases.clear()
    for database in closing:
        database.close()


atexit.register(close_all)
