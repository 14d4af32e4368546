"""``odoo-bin [server]``: prepare the database (-d/-i/-u), then serve HTTP until told to stop.

Steps: resolve the PostgreSQL server (embedded unless ``--db_host``), create the database
when ``-i`` asks for a missing one, load its registry through
``framework.modules.loader.load_registry``, and, unless ``--stop-after-init``, serve the WSGI
application with werkzeug's threaded server. SIGINT/SIGTERM shut the server down, close the
connection pools and return 0.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable

from werkzeug.exceptions import NotFound
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from framework import sql_db
from framework.config import Config
from framework.db import ServerAddress

_logger = logging.getLogger(__name__)

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class CommandError(Exception):
    """An expected failure of a command: reported as one line, exit code 1, no traceback."""


def run(config: Config) -> int:
    """The ``server`` command; returns the process exit code."""
    address = sql_db.server_address(config)
    if config["db_name"]:
        load_database(config, address, install=list(config["init"]),
                      update=list(config["update"]), create=True)
    if config["stop_after_init"]:
        return 0
    pidfile = _write_pidfile(config)
    try:
        return serve(config)
    finally:
        sql_db.close_all()
        if pidfile:
            os.unlink(pidfile)


def load_database(config: Config, address: ServerAddress, *, install: list[str],
                  update: list[str], create: bool) -> None:
    """Create the database if ``install`` asks for a missing one, then load its registry."""
    dbname = str(config["db_name"])
    exists = sql_db.database_exists(address, dbname)
    load_registry = _load_registry_function()       # before creating anything
    if not exists:
        if not (create and install):
            raise CommandError(f"database {dbname!r} does not exist at {address.describe()}; "
                               f"create it with: odoo-bin -d {dbname} -i base --stop-after-init")
        try:
            sql_db.create_database(address, dbname, template=str(config["db_template"]))
        except ValueError as exc:
            if not sql_db.database_exists(address, dbname):     # else another process won
                raise CommandError(str(exc)) from exc
    load_registry(dbname, install=install, update=update,
                  without_demo=config["without_demo"] or False, config=config)


def serve(config: Config) -> int:
    """Serve HTTP (threaded) until SIGINT/SIGTERM; returns 0 after a clean shutdown."""
    if int(config["workers"] or 0) > 0:
        _logger.warning("--workers=%s: multi-process mode is not available; serving with threads",
                        config["workers"])
    if not config["http_enable"]:
        _logger.info("HTTP service disabled (--no-http); waiting for SIGINT/SIGTERM")
        stopped = threading.Event()
        with _signals_call(lambda: stopped.set()):
            stopped.wait()
        return 0
    interface = str(config["http_interface"] or "0.0.0.0")
    try:
        server = make_server(interface, int(config["http_port"]), make_wsgi_app(config),
                             threaded=True, request_handler=_RequestHandler)
    except OSError as exc:
        raise CommandError(f"cannot listen on {interface}:{config['http_port']}: {exc.strerror}; "
                           "pick another --http-port/--http-interface or stop the other server") from exc
    _logger.info("HTTP service (werkzeug) running on %s:%s", interface, server.port)
    with _signals_call(lambda: _shutdown_in_thread(server)):
        try:
            server.serve_forever()
        finally:
            server.server_close()
    _logger.info("HTTP service stopped")
    return 0


def make_wsgi_app(config: Config) -> WSGIApp:
    """``framework.http.application.make_app(config)``, or the health-check-only fallback."""
    try:
        from framework.http import application
    except ModuleNotFoundError as exc:
        if exc.name not in ("framework.http", "framework.http.application"):
            raise
        application = None
    factory = getattr(application, "make_app", None)
    if factory is None:
        _logger.warning("framework.http.application.make_app is not available; "
                        "serving only /web/health")
        return health_app
    return factory(config)


def health_app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Answers ``/web/health`` with ``{"status": "pass"}``; 404 for everything else."""
    request = Request(environ)
    if request.path == "/web/health":
        response = Response(json.dumps({"status": "pass"}), mimetype="application/json")
    else:
        response = NotFound()
    return response(environ, start_response)


def _load_registry_function() -> Callable:
    try:
        from framework.modules.loader import load_registry
    except ModuleNotFoundError as exc:
        if exc.name not in ("framework.modules", "framework.modules.loader"):
            raise
        raise CommandError("the module loader (framework.modules.loader) is not available "
                           "in this checkout; cannot load a database") from exc
    return load_registry


class _signals_call:
    """Context manager: on SIGINT/SIGTERM call ``action`` (once; a second signal exits 1).

    Handlers can only be installed from the main thread; elsewhere this does nothing.
    """

    def __init__(self, action: Callable[[], None]) -> None:
        self._action = action
        self._previous: dict[int, object] = {}
        self._received = False

    def __enter__(self) -> _signals_call:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: object) -> None:
        if self._received:
            _logger.warning("%s again: stopping now", signal.Signals(signum).name)
            raise SystemExit(1)
        self._received = True
        _logger.info("%s received: shutting down", signal.Signals(signum).name)
        self._action()


class _RequestHandler(WSGIRequestHandler):
    """werkzeug's access log without terminal colours (they would end up in log files)."""

    _escapes = {char: f"\\x{char:02x}" for char in (*range(32), 127)}

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        line = self.requestline.translate(self._escapes)     # no control characters in logs
        self.log("info", '"%s" %s %s', line, getattr(code, "value", code), size)


def _shutdown_in_thread(server: BaseWSGIServer) -> None:
    # shutdown() waits for serve_forever() to return, so it must not run in its thread
    threading.Thread(target=server.shutdown, name="http-shutdown", daemon=True).start()


def _write_pidfile(config: Config) -> str | None:
    pidfile = config.get("pidfile")
    if not pidfile:
        return None
    with open(str(pidfile), "w", encoding="ascii") as handle:
        handle.write(str(os.getpid()))
    return str(pidfile)
