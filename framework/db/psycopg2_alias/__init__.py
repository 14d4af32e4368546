"""``import psycopg2`` for addons, when the real package is not installed.

The server talks to PostgreSQL through psycopg 3, so the errors it raises are psycopg 3's:
an addon that catches ``psycopg2.IntegrityError`` (its tests' ``assertRaises(IntegrityError)``
on an ``_sql_constraints`` violation, a ``LockNotAvailable`` on ``SELECT ... NOWAIT``) must
get those very classes. ``framework.compat.install`` maps ``psycopg2`` and its submodules
here (see ``compat.EXTERNAL_ALIASES``): the DB-API exceptions, ``errors``, ``errorcodes``,
``sql`` (psycopg 3's composition, which the cursor executes), ``extensions`` and ``extras``.
Connecting (``psycopg2.connect``) is not provided: addons use ``self.env.cr``.
"""
from __future__ import annotations

# the DB-API hierarchy, as psycopg2 exposes it at its top level
from psycopg import DatabaseError as DatabaseError
from psycopg import DataError as DataError
from psycopg import Error as Error
from psycopg import IntegrityError as IntegrityError
from psycopg import InterfaceError as InterfaceError
from psycopg import InternalError as InternalError
from psycopg import NotSupportedError as NotSupportedError
from psycopg import OperationalError as OperationalError
from psycopg import ProgrammingError as ProgrammingError
from psycopg import Warning as Warning

from . import errorcodes as errorcodes
from . import errors as errors
from . import extensions as extensions
from . import extras as extras
from . import sql as sql

apilevel = "2.0"
threadsafety = 2
paramstyle = "pyformat"
__version__ = "2.9 (framework alias of psycopg 3)"


def connect(*args, **kwargs):
    raise NotImplementedError("psycopg2.connect is not available here (the server uses psycopg 3); "
                              "use self.env.cr, or odoo.sql_db.db_connect(dbname).cursor()")
