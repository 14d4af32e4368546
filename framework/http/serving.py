"""``--workers N``: serve the WSGI application with gunicorn, N processes sharing PostgreSQL.

The application is built in the master (``preload_app``) so workers inherit the loaded
registries; every connection pool is closed before the fork, and each worker reopens its
own on first use. Workers are ``gthread`` (``http_threads`` threads each, keep-alive on).
Sessions live in PostgreSQL, so any worker serves any session.

Signals are gunicorn's: SIGTERM stops gracefully (requests in progress finish, within
``limit_time_real`` seconds), SIGINT/SIGQUIT stop at once, SIGHUP reloads the workers.
"""
from __future__ import annotations

import logging

from gunicorn.app.base import BaseApplication

from .. import sql_db

_logger = logging.getLogger(__name__)

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
    return {
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
    }


def serve_workers(config, application) -> int:
    """Run gunicorn until it is stopped; returns its exit status."""
    options = gunicorn_options(config)
    sql_db.close_all()              # no pool (and no pool thread) may cross the fork
    _logger.info("HTTP service (gunicorn, %s workers x %s threads) running on %s",
                 options["workers"], options["threads"], options["bind"])
    try:
        _GunicornApp(application, options).run()
    except SystemExit as exc:       # the arbiter ends with sys.exit(status)
        return int(exc.code or 0)
    return 0
