"""``odoo.sql_db``: Odoo's name for the database layer, which lives in ``framework.db``.

Nothing is defined here; framework code imports from ``framework.db.*``. Addons (and
Odoo-minded scripts) find ``db_connect``, ``Cursor``, ``close_all``... where Odoo has them.
"""
from __future__ import annotations

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
from framework.db.pool import close_all as close_all
from framework.db.pool import close_db as close_db
from framework.db.pool import db_connect as db_connect
from framework.db.pool import server_address as server_address
