"""Process logging as Odoo's: its line format, its logger names, its levels and handlers.

A line reads ``2026-11-28 10:00:00,123 12345 INFO dbname odoo.modules.loading: message``.
The database name comes from the ``dbname`` attribute of the current thread (the HTTP layer
sets it per request, as Odoo does), ``?`` when there is none. Output goes to stderr, to
``--logfile``, or to the system log (``--syslog``).

Loggers are named as Odoo names them, so that ``--log-handler odoo.sql_db:DEBUG`` and the
greps people run on Odoo logs work here: each framework module asks ``odoo_logger_name``
(one table, ``ODOO_LOGGERS``) for its name; addons are imported as ``odoo.addons.<addon>``
and log under that name already. Levels follow Odoo: ``--log-level`` is a preset of
``PREFIX:LEVEL`` pairs (``debug`` leaves the SQL queries out, ``debug_sql`` shows them),
then every ``--log-handler`` pair applies, the later ones winning. Only the handler
installed here is replaced on reconfiguration; handlers that others (pytest, embedding
applications) put on the root logger are left alone.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Iterable

#: Framework module (or package) -> the Odoo logger it logs as; the longest prefix wins,
#: and every module under a listed package shares its logger. Modules listed nowhere keep
#: their own path under ``odoo.`` (``framework.tools.mail`` -> ``odoo.tools.mail``).
ODOO_LOGGERS: dict[str, str] = {
    "framework.modules.registry_loader": "odoo.modules.loading",
    "framework.modules.access_check": "odoo.modules.loading",
    "framework.modules.data_files": "odoo.modules.loading",
    "framework.modules.xml_data": "odoo.tools.convert",
    "framework.modules.csv_data": "odoo.tools.convert",
    "framework.modules.external_ids": "odoo.tools.convert",
    "framework.modules.manifest": "odoo.modules.module",
    "framework.modules.module": "odoo.modules.module",
    "framework.modules.graph": "odoo.modules.graph",
    "framework.db": "odoo.sql_db",
    "framework.sql_db": "odoo.sql_db",
    "framework.orm.registry": "odoo.modules.registry",
    "framework.orm.schema": "odoo.schema",
    "framework.orm.fields": "odoo.fields",
    "framework.orm.fields_base": "odoo.fields",
    "framework.orm.fields_relational": "odoo.fields",
    "framework.orm.api": "odoo.api",
    "framework.orm": "odoo.models",
    "framework.osv": "odoo.osv.expression",
    "framework.http.jsonrpc": "odoo.http.rpc",
    "framework.http.xmlrpc": "odoo.http.rpc",
    "framework.http": "odoo.http",
    "framework.service": "odoo.service",
    "framework.cli.server": "odoo.service.server",
    "framework.cli.banner": "odoo",
    "framework.cli.i18n": "odoo.tools.translate",
    "framework.cli": "odoo.cli",
    "framework.testing": "odoo.tests",
    "framework.addons": "odoo.addons",      # a framework addon imported under its own path
    "framework.config": "odoo.tools.config",
    "framework": "odoo",
}


def odoo_logger_name(module_name: str) -> str:
    """The Odoo logger name of a framework module: ``logging.getLogger(odoo_logger_name(__name__))``."""
    if not module_name.startswith("framework"):
        return module_name                  # odoo.addons.* and anything else keep theirs
    parts = module_name.split(".")
    for size in range(len(parts), 0, -1):
        prefix = ".".join(parts[:size])
        if prefix in ODOO_LOGGERS:
            target = ODOO_LOGGERS[prefix]
            if prefix in ("framework", "framework.addons"):     # keep the rest of the path
                return ".".join([target, *parts[size:]])
            return target
    return module_name


#: Odoo's --log-level presets, as ``PREFIX:LEVEL`` pairs applied before --log-handler.
LOG_LEVELS: dict[str, tuple[str, ...]] = {
    "debug_rpc_answer": ("odoo:DEBUG", "odoo.sql_db:INFO", "odoo.http.rpc:DEBUG"),
    "debug_rpc": ("odoo:DEBUG", "odoo.sql_db:INFO", "odoo.http.rpc.request:DEBUG"),
    "debug": ("odoo:DEBUG", "odoo.sql_db:INFO"),
    "debug_sql": ("odoo.sql_db:DEBUG",),
    "info": (),
    "runbot": (),
    "test": (),
    "notset": (":NOTSET",),
    "warn": ("odoo:WARNING", "werkzeug:WARNING"),
    "warning": ("odoo:WARNING", "werkzeug:WARNING"),
    "error": ("odoo:ERROR", "werkzeug:ERROR"),
    "critical": ("odoo:CRITICAL", "werkzeug:CRITICAL"),
}
#: Always applied first (Odoo's default configuration).
DEFAULT_HANDLERS = ("odoo.http.rpc.request:INFO", "odoo.http.rpc.response:INFO", ":INFO")
#: Chatty third-party loggers kept quiet unless something goes wrong.
QUIET = ("pgserver:WARNING", "psycopg.pool:WARNING")
LINE_FORMAT = "%(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s"
SYSLOG_FORMAT = "Odoo Server: %(levelname)s %(dbname)s %(name)s: %(message)s"


class ContextFilter(logging.Filter):
    """Adds ``pid`` and ``dbname`` (from the current thread) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.pid = os.getpid()
        record.dbname = getattr(threading.current_thread(), "dbname", None) or "?"
        return True


_HANDLER_MARK = "_odoo_handler"
_configured: set[str] = set()        # loggers whose level setup_logging set


def parse_handler(spec: str) -> tuple[str, int]:
    """``"odoo.sql_db:DEBUG"`` -> ``("odoo.sql_db", logging.DEBUG)``; ``":INFO"`` is the root."""
    name, sep, level = spec.rpartition(":")
    if not sep:
        raise ValueError(f"log handler {spec!r} is not PREFIX:LEVEL (e.g. odoo.sql_db:DEBUG)")
    number = logging.getLevelName(level.strip().upper())
    if not isinstance(number, int):
        raise ValueError(f"log handler {spec!r}: unknown level {level!r}; use DEBUG, INFO, "
                         "WARNING, ERROR or CRITICAL")
    return name.strip(), number


def setup_logging(log_level: str = "info", logfile: str | None = None,
                  handlers: Iterable[str] = (), syslog: bool = False) -> logging.Handler:
    """(Re)configure logging: output, then levels (defaults, preset, ``handlers``)."""
    if log_level not in LOG_LEVELS:
        raise ValueError(f"unknown log level {log_level!r}; use one of {', '.join(LOG_LEVELS)}")
    levels = [parse_handler(spec) for spec in
              (*QUIET, *DEFAULT_HANDLERS, *LOG_LEVELS[log_level], *handlers)]
    root = logging.getLogger()
    remove_logging()
    if syslog:
        address = "/dev/log" if os.path.exists("/dev/log") else ("localhost", 514)
        handler: logging.Handler = logging.handlers.SysLogHandler(address)
        formatter = logging.Formatter(SYSLOG_FORMAT)
    elif logfile:
        directory = os.path.dirname(os.path.abspath(logfile))
        os.makedirs(directory, exist_ok=True)
        handler = logging.handlers.WatchedFileHandler(logfile, encoding="utf-8")
        formatter = logging.Formatter(LINE_FORMAT)
    else:
        handler = logging.StreamHandler(sys.stderr)
        formatter = logging.Formatter(LINE_FORMAT)
    setattr(handler, _HANDLER_MARK, True)
    handler.addFilter(ContextFilter())
    handler.setFormatter(formatter)
    root.addHandler(handler)
    for name, level in levels:
        logging.getLogger(name or None).setLevel(level)
        if name:
            _configured.add(name)
    return handler


def remove_logging() -> None:
    """Take away the handler ``setup_logging`` installed and the levels it set."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    for name in _configured:
        logging.getLogger(name).setLevel(logging.NOTSET)
    _configured.clear()
