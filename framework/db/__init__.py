"""The database layer: where PostgreSQL is, its connection pools, cursors and databases.

``address`` (``ServerAddress``, ``DatabaseConnectError``), ``embedded`` (the server started
when no ``--db_host`` is given), ``cursor`` (Odoo's ``cr``), ``pool`` (one connection pool per
database) and ``admin`` (create, drop and list databases). ``framework.sql_db`` re-exports
them under Odoo's name (``odoo.sql_db``). The two names below are the ones every layer meets.
"""
from __future__ import annotations

from .address import DatabaseConnectError as DatabaseConnectError
from .address import ServerAddress as ServerAddress
