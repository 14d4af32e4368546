"""Process logging in Odoo's line format, configured once by the command line.

A line reads ``2026-11-28 10:00:00,123 12345 INFO dbname logger.name: message``. The
database name comes from the ``dbname`` attribute of the current thread (the HTTP layer sets
it per request, as Odoo does), ``?`` when there is none. Output goes to stderr, or to
``--logfile``. Only the handler installed here is replaced on reconfiguration; handlers that
others (pytest, embedding applications) put on the root logger are left alone.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading

#: Odoo's --log-level values: root level, plus per-logger levels.
LOG_LEVELS: dict[str, tuple[int, dict[str, int]]] = {
    "debug": (logging.DEBUG, {}),
    "debug_sql": (logging.INFO, {"framework.db": logging.DEBUG}),   # queries: framework.db.cursor
    "debug_rpc": (logging.DEBUG, {"framework.http": logging.DEBUG}),
    "debug_rpc_answer": (logging.DEBUG, {"framework.http": logging.DEBUG}),
    "info": (logging.INFO, {}),
    "warn": (logging.WARNING, {}),
    "warning": (logging.WARNING, {}),
    "error": (logging.ERROR, {}),
    "critical": (logging.CRITICAL, {}),
}
#: Chatty third-party loggers kept quiet unless something goes wrong.
QUIET = {"pgserver": logging.WARNING, "psycopg.pool": logging.WARNING}
LINE_FORMAT = "%(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s"


class ContextFilter(logging.Filter):
    """Adds ``pid`` and ``dbname`` (from the current thread) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.pid = os.getpid()
        record.dbname = getattr(threading.current_thread(), "dbname", None) or "?"
        return True


_HANDLER_MARK = "_odoo_handler"


def setup_logging(log_level: str = "info", logfile: str | None = None) -> logging.Handler:
    """(Re)configure the root logger; returns the handler installed."""
    if log_level not in LOG_LEVELS:
        raise ValueError(f"unknown log level {log_level!r}; use one of {', '.join(LOG_LEVELS)}")
    root = logging.getLogger()
    remove_logging()
    if logfile:
        directory = os.path.dirname(os.path.abspath(logfile))
        os.makedirs(directory, exist_ok=True)
        handler: logging.Handler = logging.handlers.WatchedFileHandler(logfile, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.addFilter(ContextFilter())
    handler.setFormatter(logging.Formatter(LINE_FORMAT))
    root.addHandler(handler)
    level, specific = LOG_LEVELS[log_level]
    root.setLevel(level)
    for name in {name for _level, names in LOG_LEVELS.values() for name in names}:
        logging.getLogger(name).setLevel(logging.NOTSET)     # forget a previous level
    for name, quiet_level in QUIET.items():
        logging.getLogger(name).setLevel(quiet_level)
    for name, specific_level in specific.items():
        logging.getLogger(name).setLevel(specific_level)
    return handler


def remove_logging() -> None:
    """Take away the handler ``setup_logging`` installed (tests, embedding applications)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(handler)
        handler.close()
