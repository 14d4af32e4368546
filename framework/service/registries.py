"""The registry of a database for a call, loaded on first use (once per process)."""
from __future__ import annotations

import logging
import os
import threading
import time

from ..db import pool
from ..db.address import ServerAddress
from ..logging_setup import odoo_logger_name
from ..modules import reflection, registry_loader
from ..orm.registry import Registry

_logger = logging.getLogger(odoo_logger_name(__name__))

_loading_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


ADDRESS_CACHE_SECONDS = 5.0
_addresses: dict[tuple, tuple[float, ServerAddress]] = {}


def server_address(config) -> ServerAddress:
    """``pool.server_address(config)``, remembered for a few seconds.

    Resolving the embedded server checks its data directory and postmaster file (about
    0.5 ms); requests that only need the address of an already running server (the
    database list, sessions) should not pay that each time.
    """
    key = (*(config.get(name) for name in ("db_host", "db_port", "db_user", "db_password",
                                           "data_dir")),
           *(os.environ.get(name) for name in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")))
    now = time.monotonic()
    found = _addresses.get(key)
    if found is not None and now - found[0] < ADDRESS_CACHE_SECONDS:
        return found[1]
    address = pool.server_address(config)
    _addresses[key] = (now, address)
    return address


class DatabaseNotInitialized(Exception):
    """The database exists but has no Odoo data (``base`` is not installed)."""


def registry(db_name: str, config=None) -> Registry:
    """The loaded registry of ``db_name``; loads it (without installing anything) if needed.

    :raises DatabaseNotInitialized: the database has no ``base`` installed; we refuse to
        install into a database nobody asked us to initialise.
    """
    if not isinstance(db_name, str) or not db_name:
        raise TypeError(f"a database name is a non-empty string, got {db_name!r}")
    found = Registry.registries.get(db_name)
    if found is not None:
        return found
    if config is None:
        from ..config import config
    with _locks_guard:
        lock = _loading_locks.setdefault(db_name, threading.Lock())
    with lock:
        found = Registry.registries.get(db_name)
        if found is not None:
            return found
        database = pool.db_connect(db_name, pool.server_address(config))
        with database.cursor() as cr:
            installed = reflection.installed_modules(cr)
        if installed is None:
            raise DatabaseNotInitialized(
                f"database {db_name!r} is not initialised; create it with "
                f"odoo-bin -d {db_name} -i base --stop-after-init (or db.create_database)")
        _logger.info("loading registry of database %s", db_name)
        return registry_loader.load_registry(db_name, config=config)


def forget(db_name: str) -> None:
    """Drop the loaded registry of ``db_name`` and close its connections (drop, rename...)."""
    with Registry._lock:
        Registry.registries.pop(db_name, None)
    pool.close_db(db_name)
