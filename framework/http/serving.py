"""``--workers N``: serve the WSGI application with gunicorn, N processes sharing PostgreSQL.

(The threaded werkzeug server of ``--workers 0`` is run by ``framework.cli.server.serve``;
it drains in-flight requests on SIGTERM with ``InFlightRequests`` below.)

The application is built in the master (``preload_app``) so workers inherit the loaded
registries; every connection pool is closed before the fork, and each worker reopens its
own on first use. Workers are ``gthread`` (``http_threads`` threads each, keep-alive on).
Sessions live in PostgreSQL, so any worker serves any session.

Signals are gunicorn's: SIGTERM stops gracefully (requests in progress finish, within
``limit_time_real`` seconds), SIGINT/SIGQUIT stop at once, SIGHUP reloads the workers.
"""
from __future__ import annotations

import logging
import os
import threading

from gunicorn.app.base import BaseApplication
from werkzeug.wsgi import ClosingIterator

from ..db import pool
from ..logging_setup import odoo_logger_name
from ..service import collector

_logger = logging.getLogger(odoo_logger_name(__name__))

DEFAULT_THREADS = 4
KEEPALIVE_SECONDS = 5


class _GunicornApp(BaseApplication):
    def __init__(self, application, options: dict) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def gunicorn_options(config) -> dict:
    interface = str(config.get("http_interface") or "0.0.0.0")
    options = {
        "bind": f"{interface}:{int(config['http_port'])}",
        "workers": int(config["workers"]),
        "worker_class": "gthread",
        "threads": int(config.get("http_threads") or DEFAULT_THREADS),
        "keepalive": KEEPALIVE_SECONDS,
        "timeout": int(config.get("limit_time_real") or 120),
        "graceful_timeout": int(config.get("limit_time_real") or 120),
        "max_requests": int(config.get("limit_request") or 0),
        "max_requests_jitter": min(100, int(config.get("limit_request") or 0) // 10),
        "preload_app": True,
        "proc_name": "odoo-server",
        "errorlog": "-",
        "loglevel": "info",
        "forwarded_allow_ips": "*" if config.get("proxy_mode") else "127.0.0.1",
        "post_fork": collector_hook(config),
        **memory_limit_hooks(config),
    }
    options["post_request"] = collector_request_hook(config, options.get("post_request"))
    return options


def collector_hook(config):
    """gunicorn's ``post_fork``: the worker keeps the garbage collector's configuration of
    the master, which froze the loaded registries before forking (``collector.after_fork``)."""
    mode = str(config.get("collector") or collector.SERVER)
    collector.check_mode(mode)

    def post_fork(server, worker) -> None:
        collector.after_fork(mode)
    return post_fork


def collector_request_hook(config, then=None):
    """gunicorn's ``post_request``: ``collector.after_request`` with the server's collector,
    then ``then`` (another post_request hook) if given."""
    server_mode = str(config.get("collector") or collector.SERVER) == collector.SERVER

    def post_request(worker, req, environ, resp) -> None:
        if server_mode:
            collector.after_request()
        if then is not None:
            then(worker, req, environ, resp)
    return post_request


def memory_limit_hooks(config) -> dict:
    """gunicorn hooks for Odoo's per-worker memory limits (virtual memory, in bytes).

    ``limit_memory_hard``: the worker cannot allocate beyond it (RLIMIT_AS); an allocation
    that would fails with MemoryError. ``limit_memory_soft``: a worker found above it after a
    request finishes that request and is replaced, as Odoo's prefork workers are.
    """
    soft, hard = int(config.get("limit_memory_soft") or 0), int(config.get("limit_memory_hard") or 0)
    hooks = {}
    if hard > 0:
        def post_worker_init(worker) -> None:
            import resource  # Unix only, as gunicorn
            _current_soft, limit = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (hard, limit))
        hooks["post_worker_init"] = post_worker_init
    if soft > 0:
        def post_request(worker, req, environ, resp) -> None:
            used = virtual_memory()
            if used > soft and worker.alive:
                _logger.info("worker %s uses %d bytes, above --limit-memory-soft %d: it is "
                             "replaced after its current requests", worker.pid, used, soft)
                worker.alive = False
        hooks["post_request"] = post_request
    return hooks


def virtual_memory() -> int:
    """This process's virtual memory size in bytes (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def serve_workers(config, application) -> int:
    """Run gunicorn until it is stopped; returns its exit status."""
    options = gunicorn_options(config)
    pool.close_all()              # no pool (and no pool thread) may cross the fork
    _logger.info("HTTP service (gunicorn, %s workers x %s threads) running on %s",
                 options["workers"], options["threads"], options["bind"])
    try:
        _GunicornApp(application, options).run()
    except SystemExit as exc:       # the arbiter ends with sys.exit(status)
        return int(exc.code or 0)
    return 0


class InFlightRequests:
    """WSGI middleware counting the requests being answered, body included.

    werkzeug's threaded server runs requests in daemon threads, which die with the
    process: on SIGTERM the server stops accepting, then ``wait_idle`` lets the requests
    already running finish (idle keep-alive connections do not count).
    """

    def __init__(self, app, after_request=None) -> None:
        self.app = app
        self.after_request = after_request    # called once a request's answer is sent
        self.count = 0
        self._changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self._changed:
            self.count += 1
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return ClosingIterator(body, self._done)     # the server closes it after sending

    def _done(self) -> None:
        with self._changed:
            self.count -= 1
            self._changed.notify_all()
        if self.after_request is not None:
            self.after_request()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no request is running (at most ``timeout`` s); False if some still are."""
        with self._changed:
            if self.count:
                _logger.info("waiting for %d request(s) in progress (at most %.0fs)",
                             self.count, timeout)
            return self._changed.wait_for(lambda: self.count == 0, timeout)
