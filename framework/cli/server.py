"""``odoo-bin [server]``: prepare the database (-d/-i/-u), then serve HTTP until told to stop.

Steps: resolve the PostgreSQL server (embedded unless ``--db_host``), create the database
when ``-i`` asks for a missing one, load its registry through
``framework.modules.registry_loader.load_registry``, and, unless ``--stop-after-init``, serve
the WSGI application with werkzeug's threaded server, ``/web/health`` answered in front of it
(the garbage collector configured for a server first: ``framework.service.collector``).
SIGINT/SIGTERM shut the server down, close the connection pools and return 0. Failures the
user can fix (unreachable database, broken addon, busy port) are a ``CommandError``: one line.
"""
from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterable

from werkzeug.exceptions import NotFound
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server, select_address_family
from werkzeug.wrappers import Request, Response

from framework.config import Config
from framework.db import DatabaseConnectError, ServerAddress, admin, pool
from framework.logging_setup import odoo_logger_name
from framework.service import collector

from . import reloader
from .banner import report_configuration
from .errors import CommandError

_logger = logging.getLogger(odoo_logger_name(__name__))

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


def run(config: Config) -> int:
    """The ``server`` command; returns the process exit code."""
    address = pool.server_address(config)
    report_configuration(config, address)
    tests = _test_runner(config)
    if config["db_name"]:
        created = load_database(config, address, install=list(config["init"]),
                                update=list(config["update"]), create=True, tests=tests)
        from .i18n import after_load
        after_load(config, new_database=created)
        if config.get("test_file"):
            tests = _run_test_file(config, tests)
    if tests is not None and config["db_name"]:
        tests.report(str(config["db_name"]))
    failed = tests is not None and tests.failed
    if config["stop_after_init"]:
        return 1 if failed else 0
    # the registry is loaded: what lives as long as the process is frozen before serving
    # (and, with --workers, before gunicorn forks the workers that share it)
    collector.configure(str(config.get("collector") or collector.SERVER))
    pidfile = _write_pidfile(config)
    try:
        code = serve(config, address)
    finally:
        pool.close_all()
        if pidfile:
            os.unlink(pidfile)
    if _restart_requested.is_set():                 # --dev=reload saw a change
        reloader.reexec()
    return code


def load_database(config: Config, address: ServerAddress, *, install: list[str],
                  update: list[str], create: bool, tests=None) -> bool:
    """Create the database if ``install`` asks for a missing one, then load its registry;
    whether the database was created."""
    dbname = str(config["db_name"])
    exists = admin.database_exists(address, dbname)
    load_registry = _load_registry_function()       # before creating anything
    if not exists:
        if not (create and install):
            raise CommandError(f"database {dbname!r} does not exist at {address.describe()}; "
                               f"create it with: odoo-bin -d {dbname} -i base --stop-after-init")
        try:
            admin.create_database(address, dbname, template=str(config["db_template"]))
        except ValueError as exc:
            if not admin.database_exists(address, dbname):     # else another process won
                raise CommandError(str(exc)) from exc
    thread = threading.current_thread()
    thread.dbname = dbname              # log lines of the loading name the database, as Odoo's
    try:
        options = {"tests": tests} if tests is not None else {}
        load_registry(dbname, install=install, update=update,
                      without_demo=config["without_demo"] or False, config=config, **options)
    except Exception as exc:
        from .load_errors import describe
        message = describe(exc, config.addons_paths())
        if message is None:
            raise
        raise CommandError(message) from exc
    finally:
        del thread.dbname
    return not exists


def serve(config: Config, address: ServerAddress | None = None) -> int:
    """Serve HTTP (threaded) until SIGINT/SIGTERM, the scheduled actions run meanwhile
    (``--max-cron-threads``: threads here, one process beside gunicorn's with --workers);
    returns 0 after a clean shutdown."""
    from framework.service import cron
    count = int(config.get("max_cron_threads") or 0)
    if int(config["workers"] or 0) > 0 and config["http_enable"]:
        process = cron.start_process(config, count) if count else None
        try:
            return _serve(config, address)
        finally:
            if process is not None:
                cron.stop_process(process)
    stopped = cron.start_threads(config, count)
    try:
        return _serve(config, address)
    finally:
        cron.stop_threads(stopped)


def _serve(config: Config, address: ServerAddress | None = None) -> int:
    if int(config["workers"] or 0) > 0 and config["http_enable"]:
        if reloader.wants_reload(config["dev_mode"]):
            _logger.warning("--dev=reload has no effect with --workers; serve without workers "
                            "to restart on changes")
        from framework.http.serving import serve_workers
        return serve_workers(config, make_wsgi_app(config, address))
    if not config["http_enable"]:
        _logger.info("HTTP service disabled (--no-http); waiting for SIGINT/SIGTERM")
        stopped = threading.Event()
        with _signals_call(lambda: stopped.set()), _watching(config, stopped.set):
            stopped.wait()
        return 0
    interface = str(config["http_interface"] or "0.0.0.0")
    app = make_wsgi_app(config, address)
    # Bind here rather than in werkzeug, which prints its own lines and exits on failure.
    try:
        listener = socket.create_server((interface, int(config["http_port"])),
                                        family=select_address_family(interface, 0))
    except OSError as exc:
        raise CommandError(f"cannot listen on {interface}:{config['http_port']}: {exc.strerror}; "
                           "pick another --http-port/--http-interface or stop the other server") from exc
    from framework.http.serving import InFlightRequests
    # SIGTERM lets the requests in progress finish
    server_collector = str(config.get("collector") or collector.SERVER) == collector.SERVER
    tracked = InFlightRequests(app, collector.after_request if server_collector else None)
    with listener:      # werkzeug serves on its own duplicate of the socket
        server = make_server(interface, int(config["http_port"]), tracked, threaded=True,
                             request_handler=_RequestHandler, fd=listener.fileno())
    with _signals_call(lambda: _shutdown_in_thread(server)), \
            _watching(config, lambda: _shutdown_in_thread(server)):   # a second signal: exit now
        # announced once SIGTERM is handled: whoever waits for this line may send it
        _logger.info("HTTP service (werkzeug) running on %s:%s", interface, server.port)
        try:
            server.serve_forever()
            grace = float(config.get("limit_time_real") or 120)
            if not tracked.wait_idle(grace):
                _logger.warning("%d request(s) still running after %.0fs; stopping anyway",
                                tracked.count, grace)
        finally:
            server.server_close()
    _logger.info("HTTP service stopped")
    return 0


def make_wsgi_app(config: Config, address: ServerAddress | None = None) -> WSGIApp:
    """``framework.http.application.make_app(config)`` behind the health check.

    Without the HTTP application (an early checkout), only ``/web/health`` is served.
    """
    try:
        application = importlib.import_module("framework.http.application")
    except ModuleNotFoundError as exc:
        if exc.name not in ("framework.http", "framework.http.application"):
            raise
        application = None
    factory = getattr(application, "make_app", None)
    if factory is None:
        _logger.warning("framework.http.application.make_app is not available; "
                        "serving only /web/health")
    app = factory(config) if factory else NotFound()
    if "werkzeug" in (config.get("dev_mode") or ()):
        # --dev=werkzeug: errors of http routes reach this wrapper (the application lets
        # them through) and answer werkzeug's interactive debugger page
        from werkzeug.debug import DebuggedApplication
        app = DebuggedApplication(app, evalex=True)
        _logger.warning("--dev=werkzeug: the interactive debugger answers errors; never "
                        "use it where others can reach the server")
    return HealthCheck(app, config, address)


class HealthCheck:
    """WSGI middleware answering ``/web/health`` for the process, before the application.

    The answer is ``{"status": "pass"}``, served without database, session or addon, so that
    a load balancer can probe a server whatever its databases do. ``?db_server_status=1``
    also checks that the PostgreSQL server accepts a connection, and reports ``"fail"``
    with HTTP 500 when it does not, as Odoo's health route does.
    """

    path = "/web/health"

    def __init__(self, app: WSGIApp, config: Config, address: ServerAddress | None) -> None:
        self.app, self.config, self.address = app, config, address

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != self.path:
            return self.app(environ, start_response)
        request = Request(environ)
        status, body = 200, {"status": "pass"}
        if request.args.get("db_server_status"):
            body["db_server_status"] = self._database_server_answers()
            if not body["db_server_status"]:
                status, body["status"] = 500, "fail"
        response = Response(json.dumps(body), status=status, mimetype="application/json",
                            headers={"Cache-Control": "no-store"})
        return response(environ, start_response)

    def _database_server_answers(self) -> bool:
        try:
            if self.address is None:
                self.address = pool.server_address(self.config)
            admin.list_databases(self.address)
        except DatabaseConnectError as exc:
            _logger.warning("health check: %s", exc)
            return False
        return True


def _load_registry_function() -> Callable:
    try:
        from framework.modules.registry_loader import load_registry
    except ModuleNotFoundError as exc:
        if exc.name not in ("framework.modules", "framework.modules.registry_loader"):
            raise
        raise CommandError("the module loader (framework.modules.registry_loader) is not available "
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


#: Set by --dev=reload's watcher: once the server has stopped, run the command again.
_restart_requested = threading.Event()


@contextlib.contextmanager
def _watching(config: Config, stop: Callable[[], None]):
    """With --dev=reload, watch the addons' Python files; a change stops the server (``stop``)
    and asks ``run`` to start it again."""
    if not reloader.wants_reload(config.get("dev_mode")):
        yield
        return

    def restart(_path: str) -> None:
        _restart_requested.set()
        stop()

    watcher = reloader.Watcher(config.addons_paths(), restart)
    watcher.start()
    _logger.info("--dev=reload: watching the Python files of %d addons paths",
                 len(config.addons_paths()))
    try:
        yield
    finally:
        watcher.stop()


def _shutdown_in_thread(server: BaseWSGIServer) -> None:
    # shutdown() waits for serve_forever() to return, so it must not run in its thread
    threading.Thread(target=server.shutdown, name="http-shutdown", daemon=True).start()


def _test_runner(config: Config):
    """The test runner of ``--test-enable``/``--test-tags`` (None without them)."""
    if not (config.get("test_enable") or config.get("test_tags")):
        return None
    if not (config["init"] or config["update"]):
        _logger.warning("--test-enable runs the tests of the modules installed (-i) or updated "
                        "(-u); none is given, so no test runs")
    from framework.testing import TestRunner
    try:
        return TestRunner(config.get("test_tags") or None)
    except ValueError as exc:
        raise CommandError(f"--test-tags: {exc}") from exc


def _run_test_file(config: Config, tests):
    """``--test-file FILE``: its tests, on the loaded database (with any -i/-u tests)."""
    from framework.orm.registry import Registry
    from framework.testing import TestRunner
    tests = tests if tests is not None else TestRunner(None)
    try:
        tests.run_file(Registry.get(str(config["db_name"])), str(config["test_file"]),
                       config.addons_paths())
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    return tests


def _write_pidfile(config: Config) -> str | None:
    pidfile = config.get("pidfile")
    if not pidfile:
        return None
    with open(str(pidfile), "w", encoding="ascii") as handle:
        handle.write(str(os.getpid()))
    return str(pidfile)
