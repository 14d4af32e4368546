"""``--log-db``: log records written to the ``ir_logging`` table of a database, as Odoo's
``PostgreSQLHandler`` does.

Each record is inserted on a connection of the handler's own, in autocommit: never in the
transaction of the request that logs (a rolled-back request keeps its warnings, and the
insert never waits on the request's locks). ``--log-db %d`` writes to the database of the
current thread (the request's), otherwise to the database named. Only records at or above
``--log-db-level`` (default ``warning``) are written. A failure to write (no ``ir_logging``
table yet, the server down) drops the record: logging never breaks the caller.
"""
from __future__ import annotations

import logging
import threading
import traceback

import psycopg

from .pool import CONNECT_TIMEOUT, server_address

#: ``--log-db`` value meaning "the current thread's database"
CURRENT_DATABASE = "%d"
_INSERT = ("INSERT INTO ir_logging (create_date, create_uid, type, dbname, name, level, message, path, "
           "line, func) VALUES (now() AT TIME ZONE 'UTC', %s, 'server', %s, %s, %s, %s, %s, %s, %s)")


class PostgreSQLHandler(logging.Handler):
    """Writes log records into ``ir_logging`` (one autocommit connection per database)."""

    def __init__(self, config, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.config = config
        self.target = str(config.get("log_db"))
        self.connections: dict[str, psycopg.Connection] = {}
        self.busy = threading.local()           # a record logged while writing one: not written

    def database(self) -> str | None:
        if self.target == CURRENT_DATABASE:
            name = getattr(threading.current_thread(), "dbname", None)
            return name if name and name != "?" else None
        return self.target

    def emit(self, record: logging.LogRecord) -> None:
        dbname = self.database()
        if not dbname or getattr(self.busy, "active", False):
            return
        self.busy.active = True
        try:
            message = record.getMessage()
            if record.exc_info:
                message = f"{message}\n{''.join(traceback.format_exception(*record.exc_info))}".rstrip()
            params = (getattr(threading.current_thread(), "uid", None), dbname, record.name,
                      record.levelname, message, record.pathname, str(record.lineno), record.funcName)
            self._insert(dbname, params)        # logging.Handler.handle holds self.lock
        except Exception:  # logging must never fail the code that logs
            pass
        finally:
            self.busy.active = False

    def _insert(self, dbname: str, params: tuple) -> None:
        connection = self.connections.get(dbname)
        if connection is None or connection.closed:
            kwargs = server_address(self.config).connect_kwargs(dbname)
            connection = self.connections[dbname] = psycopg.connect(
                **kwargs, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        try:
            connection.execute(_INSERT, params)
        except psycopg.OperationalError:
            connection.close()
            self.connections.pop(dbname, None)
            raise

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()
        super().close()


def install_log_db(config) -> PostgreSQLHandler | None:
    """Add the handler to the root logger when ``--log-db`` is set; the handler added."""
    if not config.get("log_db"):
        return None
    level = logging.getLevelName(str(config.get("log_db_level") or "warning").upper())
    if not isinstance(level, int):
        raise ValueError(f"--log-db-level {config.get('log_db_level')!r}: use debug, info, warning, "
                         "error or critical")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, PostgreSQLHandler)]:
        root.removeHandler(handler)
        handler.close()
    handler = PostgreSQLHandler(config, level)
    root.addHandler(handler)
    return handler
