"""The embedded PostgreSQL server, run through the ``pgserver`` package.

Used whenever no ``--db_host`` (nor ``PGHOST``) is given. The cluster lives in
``<data_dir>/pgdata`` and listens only on a unix socket (in that directory, or in a runtime
directory when the path is too long for a socket name). It is started by the first process
that needs it and deliberately left running when that process exits, so that the next
``odoo-bin`` (or several at once) reuse it; ``pgserver`` serialises start-up with a lock
file. Stop it by hand with ``pg_ctl -D <data_dir>/pgdata stop`` if ever needed.

When running as root, ``pgserver`` creates a ``pgserver`` system user to own the cluster,
because PostgreSQL refuses to run as root.
"""
from __future__ import annotations

import logging
import subprocess
import warnings
from pathlib import Path

from ..logging_setup import odoo_logger_name
from .address import DatabaseConnectError, ServerAddress

_logger = logging.getLogger(odoo_logger_name(__name__))

#: The superuser ``pgserver`` creates with trust authentication on the socket.
EMBEDDED_USER = "postgres"


def ensure_embedded_server(data_dir: str) -> ServerAddress:
    """Start (or reuse) the embedded server for ``data_dir`` and return its address."""
    pgdata = pgdata_path(data_dir)
    try:
        pgdata.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseConnectError(
            f"cannot create the embedded PostgreSQL directory {pgdata}: {exc.strerror}; "
            "pick a writable --data-dir, or pass --db_host to use another server") from exc
    with warnings.catch_warnings():
        # pgserver asks platformdirs for a runtime directory at import time; without
        # XDG_RUNTIME_DIR it warns and falls back to /tmp, which is fine for us.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        import pgserver

        try:
            server = pgserver.get_server(pgdata, cleanup_mode=None)
        except (subprocess.SubprocessError, OSError, AssertionError, RuntimeError) as exc:
            raise DatabaseConnectError(
                f"cannot start the embedded PostgreSQL server in {pgdata}: "
                f"{type(exc).__name__}: {exc}; see {pgdata / 'log'}, or pass --db_host "
                "to use another server") from exc
    info = server.get_postmaster_info()
    host = str(info.socket_dir) if info.socket_dir is not None else info.hostname
    _logger.debug("embedded PostgreSQL (pid %s) at %s:%s", info.pid, host, info.port)
    return ServerAddress(host=host, port=info.port, user=EMBEDDED_USER, password=None)


def pgdata_path(data_dir: str) -> Path:
    """The cluster directory inside a data directory (``<data_dir>/pgdata``)."""
    return Path(data_dir).expanduser().resolve() / "pgdata"
