"""Web sessions stored in PostgreSQL: table ``http_session`` in the session's database.

Why there: every worker process (threads or gunicorn processes, on any host) sees the
same sessions with no extra service, a session disappears with its database, and the
session's database is where its user lives. The table is created on first use
(``CREATE TABLE IF NOT EXISTS``), so databases created before the web addon work too.
Rows are ``(sid, data jsonb, create_date, write_date)``; ``write_date`` is refreshed when
the session is saved or touched and drives the expiry.
"""
from __future__ import annotations

import json
import logging
import threading

import psycopg

from ..db import pool
from ..db.address import DatabaseConnectError
from ..logging_setup import odoo_logger_name
from .registries import server_address

_logger = logging.getLogger(odoo_logger_name(__name__))

_ready: set[tuple] = set()
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


def load(db_name: str, sid: str, lifetime: float, config) -> tuple[dict, float] | None:
    """``(data, seconds since last write)`` of a live session, or None (missing or expired)."""
    try:
        with _cursor(db_name, config, create=False) as cr:
            # its own transaction, ended in the same round trip: one round trip per request
            cr.execute_alone("SELECT data, EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - write_date) "
                             "FROM http_session WHERE sid = %s", (sid,), log_exceptions=False)
            row = cr.fetchone()
            if row is None:
                return None
            if row[1] > lifetime:
                cr.execute("DELETE FROM http_session WHERE sid = %s", (sid,))
                return None
            return row[0], float(row[1])
    except psycopg.errors.UndefinedTable:
        return None                 # no session was ever saved in this database
    except (psycopg.OperationalError, DatabaseConnectError) as exc:
        _logger.info("session %s… not loaded from %s: %s", sid[:8], db_name, exc)
        return None


def save(db_name: str, sid: str, data: dict, config) -> None:
    with _cursor(db_name, config) as cr:
        cr.execute("INSERT INTO http_session (sid, data) VALUES (%s, %s::jsonb) "
                   "ON CONFLICT (sid) DO UPDATE SET data = EXCLUDED.data, "
                   "write_date = now() AT TIME ZONE 'UTC'", (sid, json.dumps(data, default=str)))


def touch(db_name: str, sid: str, config) -> None:
    with _cursor(db_name, config) as cr:
        cr.execute("UPDATE http_session SET write_date = now() AT TIME ZONE 'UTC' WHERE sid = %s",
                   (sid,))


def delete(db_name: str, sid: str, config) -> None:
    with _cursor(db_name, config) as cr:
        cr.execute("DELETE FROM http_session WHERE sid = %s", (sid,))


def vacuum(db_name: str, lifetime: float, config) -> int:
    """Delete the expired sessions of ``db_name``; returns how many."""
    with _cursor(db_name, config) as cr:
        cr.execute("DELETE FROM http_session WHERE write_date < (now() AT TIME ZONE 'UTC') "
                   "- make_interval(secs => %s)", (lifetime,))
        return cr.rowcount
