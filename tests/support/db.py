"""The test session's PostgreSQL server, its throwaway databases, and registries installed on them.

The server is ``PGHOST``/``PGPORT``/``PGUSER``/``PGPASSWORD`` when ``PGHOST`` is set, else the
embedded server under ``<repo>/.data/test`` (started on first use, left running for the next
session). Databases made here are named ``<prefix><random>`` and dropped when their context ends.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator

from framework import sql_db
from framework.db import ServerAddress
from framework.db.embedded import ensure_embedded_server

from .paths import ADDONS_DIR, TEST_DATA_DIR


def external_server() -> bool:
    """Whether the session runs against an external server (``PGHOST`` set)."""
    return bool(os.environ.get("PGHOST"))


def session_server() -> ServerAddress:
    """The session's server: from the ``PG*`` variables, else the embedded one (started here)."""
    if external_server():
        return ServerAddress.from_env()
    return ensure_embedded_server(str(TEST_DATA_DIR))


@contextlib.contextmanager
def database_names(address: ServerAddress) -> Iterator[Callable[..., str]]:
    """Hands out unique names (``new_name(prefix="test_")``); drops those that exist on exit."""
    names: list[str] = []

    def new_name(prefix: str = "test_") -> str:
        names.append(f"{prefix}{secrets.token_hex(6)}")
        return names[-1]

    try:
        yield new_name
    finally:
        for name in names:
            if sql_db.database_exists(address, name):
                sql_db.drop_database(address, name)


@contextlib.contextmanager
def new_databases(address: ServerAddress) -> Iterator[Callable[..., str]]:
    """``make(prefix="test_")`` creates an empty database and returns its name; all are
    dropped on exit."""
    with database_names(address) as new_name:
        def make(prefix: str = "test_") -> str:
            name = new_name(prefix)
            sql_db.create_database(address, name)
            return name

        yield make


def query(address: ServerAddress, dbname: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of one query on ``dbname``, on a connection closed right after."""
    try:
        with sql_db.db_connect(dbname, address).cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()
    finally:
        sql_db.close_db(dbname, address)


def make_config(**options):
    """A fresh Config for tests: test addons on the path, the test data dir, no file."""
    from framework.config import Config
    config = Config()
    config["data_dir"] = str(TEST_DATA_DIR)
    config["addons_path"] = str(ADDONS_DIR)
    # no demo data: the suite's tests count records (tests/integration/test_cli_demo.py is
    # about demo data)
    config["without_demo"] = "all"
    for key, value in options.items():
        config[key] = value
    return config


def install(make_db, prefix: str, addons: list[str], **options):
    """A new database (named ``<prefix><random>``) with ``addons`` installed; its registry."""
    from framework.modules.registry_loader import load_registry
    return load_registry(make_db(prefix), install=addons, config=make_config(**options))


@contextlib.contextmanager
def rolled_back_env(registry, uid: int = 1, context: dict | None = None):
    """An environment on a new cursor of ``registry``, rolled back and closed afterwards."""
    from framework.orm.environment import Environment
    cr = registry.cursor()
    try:
        yield Environment(cr, uid, context or {})
    finally:
        cr.rollback()
        cr.close()
