"""``odoo.sql_db``: Odoo's name for the database layer, which lives in ``framework.db``.

Framework code imports from ``framework.db.*``. Addons (and Odoo-minded scripts) find
``db_connect``, ``Cursor``, ``close_all``, ``connection_info_for``... where Odoo has them.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from framework.db.address import DatabaseConnectError as DatabaseConnectError
from framework.db.address import ServerAddress as ServerAddress
from framework.db.admin import create_database as create_database
from framework.db.admin import database_exists as database_exists
from framework.db.admin import drop_database as drop_database
from framework.db.admin import list_databases as list_databases
from framework.db.cursor import TRANSACTION_NOW as TRANSACTION_NOW
from framework.db.cursor import Cursor as Cursor
from framework.db.cursor import TransactionNow as TransactionNow
from framework.db.cursor import configure as configure
from framework.db.pool import CONNECT_TIMEOUT as CONNECT_TIMEOUT
from framework.db.pool import Database as Database
from framework.db.pool import address_of
from framework.db.pool import close_all as close_all
from framework.db.pool import close_db as close_db
from framework.db.pool import db_connect as db_connect
from framework.db.pool import server_address as server_address


def connection_info_for(db_or_uri: str, readonly: bool = False) -> tuple[str, dict]:
    """``(database name, libpq keywords)`` to reach ``db_or_uri`` as this server does, as
    Odoo's function of that name answers (addons build connection strings from it): a
    ``postgresql://`` URI is given back as ``dsn``; a name gets the host, port, user and
    password of the server it is on (the embedded server's unix socket when no ``db_host``
    is set).
    ``readonly`` is accepted for Odoo's signature: there is no replica here."""
    if db_or_uri.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(db_or_uri)
        name = parts.path[1:] if len(parts.path) > 1 else (parts.username or parts.hostname or "")
        return name, {"dsn": db_or_uri}
    info: dict = {"database": db_or_uri, "application_name": "odoo"}
    address = address_of(db_or_uri)
    for key in ("host", "port", "user", "password"):
        value = getattr(address, key)
        if value is not None:
            info[key] = value
    return db_or_uri, info
