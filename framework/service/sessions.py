"""Web sessions stored in PostgreSQL: table ``http_session`` in the session's database.

Why there: every worker process (threads or gunicorn processes, on any host) sees the
same sessions with no extra service, a session disappears with its database, and the
session's database is where its user lives. The table is created on first use
(``CREATE TABLE IF NOT EXISTS``), so databases created before the web addon work too.
Rows are ``(sid, data jsonb, create_date, write_date)``; ``write_date`` is refreshed when
the session is saved or touched and drives the expiry; it is also the row's version, which
a process that remembers a session compares to learn whether another one changed it
(``verify_query``).
"""
from __future__ import annotations

import json
import logging
import re
import threading
from datetime import datetime

import psycopg

from ..db import pool
from ..db.address import DatabaseConnectError
from ..logging_setup import odoo_logger_name
from .registries import server_address

_logger = logging.getLogger(odoo_logger_name(__name__))

_ready: set[tuple] = set()
_SID = re.compile(r"[A-Za-z0-9_-]+")      # what verify_query may quote as it is
_ready_lock = threading.Lock()

_CREATE = """
CREATE TABLE IF NOT EXISTS http_session (
    sid varchar PRIMARY KEY,
    data jsonb NOT NULL,
    create_date timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    write_date timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
)"""


def _cursor(db_name: str, config, create: bool = True):
    """A cursor in READ COMMITTED: two requests of one browser touch the same row at once,
    and neither may fail for it (REPEATABLE READ would refuse the second)."""
    database = pool.db_connect(db_name, server_address(config))
    key = (database.address, db_name)
    if create and key not in _ready:
        with _ready_lock, database.cursor("READ COMMITTED") as cr:
            if key not in _ready:
                cr.execute("SELECT pg_advisory_xact_lock(hashtext('http_session'))")
                cr.execute(_CREATE)
                cr.commit()
                _ready.add(key)
    return database.cursor("READ COMMITTED")


_READ = ("SELECT data, EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - write_date), write_date "
         "FROM http_session WHERE sid = %s")


def load(db_name: str, sid: str, lifetime: float, config) -> tuple[dict, float, datetime] | None:
    """``(data, seconds since last write, write_date)`` of a live session, or None (missing
    or expired)."""
    try:
        with _cursor(db_name, config, create=False) as cr:
            # its own transaction, ended in the same round trip: one round trip per request
            cr.execute_alone(_READ, (sid,), log_exceptions=False)
            row = cr.fetchone()
            if row is None:
                return None
            if row[1] > lifetime:
                cr.execute("DELETE FROM http_session WHERE sid = %s", (sid,))
                return None
            return row[0], float(row[1]), row[2]
    except psycopg.errors.UndefinedTable:
        return None                 # no session was ever saved in this database
    except (psycopg.OperationalError, DatabaseConnectError) as exc:
        _logger.info("session %s… not loaded from %s: %s", sid[:8], db_name, exc)
        return None


def verify_query(sid: str) -> str:
    """The read of ``load`` as constant SQL, for a prelude of the request's transaction
    (``Cursor.prelude``): its row, or none when the session is gone."""
    if not _SID.fullmatch(sid):
        raise ValueError("not a session id")
    return _READ.replace("%s", f"'{sid}'")


def save(db_name: str, sid: str, data: dict, config, *,
         unless_changed_from: dict | None = None) -> tuple[dict, datetime] | None:
    """Store ``data``; ``(data as stored, write_date)``.

    ``unless_changed_from``: only if the row still holds that data (a session this process
    remembered and never checked against its row): a session another process deleted or
    changed meanwhile is left as it is (never written back), and None is returned.
    """
    text = json.dumps(data, default=str)
    with _cursor(db_name, config) as cr:
        if unless_changed_from is None:
            cr.execute("INSERT INTO http_session (sid, data) VALUES (%s, %s::jsonb) "
                       "ON CONFLICT (sid) DO UPDATE SET data = EXCLUDED.data, "
                       "write_date = now() AT TIME ZONE 'UTC' RETURNING data, write_date", (sid, text))
        else:
            cr.execute("UPDATE http_session SET data = %s::jsonb, write_date = now() AT TIME ZONE 'UTC' "
                       "WHERE sid = %s AND data = %s::jsonb RETURNING data, write_date",
                       (text, sid, json.dumps(unless_changed_from, default=str)))
        row = cr.fetchone()
        return None if row is None else (row[0], row[1])


def touch(db_name: str, sid: str, config) -> datetime | None:
    """Refresh the expiry of ``sid``; its new write_date, or None if the row is gone."""
    with _cursor(db_name, config) as cr:
        cr.execute("UPDATE http_session SET write_date = now() AT TIME ZONE 'UTC' WHERE sid = %s "
                   "RETURNING write_date", (sid,))
        row = cr.fetchone()
        return None if row is None else row[0]


def delete(db_name: str, sid: str, config) -> None:
    with _cursor(db_name, config) as cr:
        cr.execute("DELETE FROM http_session WHERE sid = %s", (sid,))


def vacuum(db_name: str, lifetime: float, config) -> int:
    """Delete the expired sessions of ``db_name``; returns how many."""
    with _cursor(db_name, config) as cr:
        cr.execute("DELETE FROM http_session WHERE write_date < (now() AT TIME ZONE 'UTC') "
                   "- make_interval(secs => %s)", (lifetime,))
        return cr.rowcount
