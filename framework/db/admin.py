"""Database administration on a server: list, test, create and drop databases.

Each call opens its own autocommit connection to the maintenance database (``postgres``,
else ``template1``); dropping a database first closes this process's pools on it
(``framework.db.pool``). Copies are a create from a template (``create_database``).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from ..logging_setup import odoo_logger_name
from .address import DatabaseConnectError, ServerAddress
from .pool import close_db, connect

_logger = logging.getLogger(odoo_logger_name(__name__))

#: Database names we create or drop: what Odoo's database manager accepts.
_DBNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")


def list_databases(address: ServerAddress) -> list[str]:
    """Names of the databases one may connect to (templates and ``postgres`` excluded)."""
    with maintenance_connection(address) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate "
            "AND datname <> 'postgres' ORDER BY datname").fetchall()
    return [name for (name,) in rows]


def database_exists(address: ServerAddress, name: str) -> bool:
    with maintenance_connection(address) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def create_database(address: ServerAddress, name: str, template: str = "template0") -> None:
    """CREATE DATABASE in UTF8 (collation C from template0, as Odoo); ValueError if taken."""
    quoted, quoted_template = _quote_dbname(name), _quote_dbname(template)
    collate = " LC_COLLATE 'C'" if template == "template0" else ""
    with maintenance_connection(address) as connection:
        try:
            connection.execute(f"CREATE DATABASE {quoted} ENCODING 'UTF8' "
                               f"TEMPLATE {quoted_template}{collate}")
        except psycopg.errors.DuplicateDatabase as exc:
            raise ValueError(f"database {name!r} already exists; drop it or pick another name") from exc
    _logger.info("created database %s", name)


def drop_database(address: ServerAddress, name: str) -> None:
    """Close our pools on ``name``, disconnect everyone else, and DROP it; ValueError if absent."""
    quoted = _quote_dbname(name)
    close_db(name, address)
    with maintenance_connection(address) as connection:
        if connection.info.server_version >= 130000:
            statement = f"DROP DATABASE {quoted} WITH (FORCE)"
        else:
            connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            statement = f"DROP DATABASE {quoted}"
        try:
            connection.execute(statement)
        except psycopg.errors.InvalidCatalogName as exc:
            raise ValueError(f"database {name!r} does not exist; nothing to drop") from exc
    _logger.info("dropped database %s", name)


def rename_database(address: ServerAddress, old: str, new: str) -> None:
    """Close our pools on ``old``, disconnect everyone else, and rename it to ``new``."""
    close_db(old, address)
    with maintenance_connection(address) as connection:
        connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", (old,))
        try:
            connection.execute(f"ALTER DATABASE {_quote_dbname(old)} RENAME TO {_quote_dbname(new)}")
        except psycopg.errors.InvalidCatalogName as exc:
            raise ValueError(f"database {old!r} does not exist; nothing to rename") from exc
        except psycopg.errors.DuplicateDatabase as exc:
            raise ValueError(f"database {new!r} already exists; drop it or pick another name") from exc
    _logger.info("renamed database %s to %s", old, new)


@contextmanager
def maintenance_connection(address: ServerAddress) -> Iterator[psycopg.Connection]:
    """An autocommit connection to the maintenance database (``postgres``, else template1)."""
    try:
        connection = connect(address, "postgres", autocommit=True)
    except DatabaseConnectError as exc:
        if 'database "postgres" does not exist' not in str(exc):
            raise
        connection = connect(address, "template1", autocommit=True)
    with connection:
        yield connection


def _quote_dbname(name: str) -> str:
    """Database names may hold ``-`` and ``.``, which SQL.identifier refuses; validate, quote."""
    if not isinstance(name, str) or not _DBNAME.fullmatch(name):
        raise ValueError(f"invalid database name {name!r}: use 1-63 letters, digits, '_', "
                         "'-' or '.', starting with a letter or digit")
    return f'"{name}"'
