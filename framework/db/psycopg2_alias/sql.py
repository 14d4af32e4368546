"""``psycopg2.sql``: query composition. psycopg 3's classes have the same names and use
(``SQL("... {}").format(Identifier(name))``); ``env.cr.execute`` runs them."""
from __future__ import annotations

from psycopg.sql import SQL as SQL
from psycopg.sql import Composable as Composable
from psycopg.sql import Composed as Composed
from psycopg.sql import Identifier as Identifier
from psycopg.sql import Literal as Literal
from psycopg.sql import Placeholder as Placeholder

NULL = SQL("NULL")
DEFAULT = SQL("DEFAULT")
