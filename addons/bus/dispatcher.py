"""Waiting for notifications in one process: a thread per database LISTENing on ``imbus``.

A long poll (``/longpolling/poll``) that found nothing new calls
``dispatcher(dbname).wait(channels, since, timeout)``: it sleeps, holding no database
connection, until a notification on one of its channels is announced or ``timeout`` passes,
then reads the table again. ``since`` is ``sequence()`` taken *before* the poll read the
table, so a notification committed between that read and the wait is not missed.

The listening thread keeps one autocommit connection per database and process (each gunicorn
worker has its own: a thread does not survive the fork, so dispatchers are per process id).
When its connection breaks it wakes every waiting poll (they read the table, which loses
nothing) and connects again after a pause.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import deque

import psycopg

from odoo.sql_db import db_connect

from .models.bus_bus import PG_CHANNEL

_logger = logging.getLogger(__name__)

#: how many recent announcements a dispatcher remembers for polls that are about to wait
RECENT = 1000
#: seconds between two tries when the listening connection breaks
RECONNECT_SECONDS = 2.0
#: seconds the listening loop blocks before looking whether it should stop
LISTEN_SLICE = 5.0


class Dispatcher:
    """The announcements of one database, heard by one thread of this process."""

    def __init__(self, dbname: str, connect_kwargs: dict | None = None) -> None:
        self.dbname = dbname
        self._connect_kwargs = connect_kwargs
        self._changed = threading.Condition()
        self._recent: deque = deque(maxlen=RECENT)      # (sequence, channels or None for all)
        self._sequence = 0
        self._listening = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=f"bus.dispatcher.{dbname}", daemon=True)
        self._thread.start()

    def started(self, timeout: float = 10.0) -> bool:
        """Wait until the first LISTEN is in place (a poll may rely on hearing what follows)."""
        return self._listening.wait(timeout)

    def sequence(self) -> int:
        with self._changed:
            return self._sequence

    def wait(self, channels, since: int, timeout: float) -> bool:
        """Sleep until a notification on ``channels`` announced after ``since`` (True), or
        ``timeout`` seconds (False)."""
        wanted = set(channels)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if self._heard(wanted, since):
                    return True
                left = deadline - time.monotonic()
                if left <= 0 or self._stopped:
                    return False
                self._changed.wait(left)

    def _heard(self, wanted: set, since: int) -> bool:
        if self._sequence <= since:
            return False
        if not self._recent or self._recent[0][0] > since + 1:
            return True         # forgotten meanwhile: let the poll read the table
        return any(sequence > since and (channels is None or channels & wanted)
                   for sequence, channels in self._recent)

    def _announce(self, channels) -> None:
        with self._changed:
            self._sequence += 1
            self._recent.append((self._sequence, channels))
            self._changed.notify_all()

    def stop(self) -> None:
        self._stopped = True
        self._announce(None)

    def _run(self) -> None:
        while not self._stopped:
            try:
                kwargs = self._connect_kwargs or db_connect(self.dbname).address.connect_kwargs(self.dbname)
                with psycopg.connect(**kwargs, autocommit=True, application_name="odoo-bus") as connection:
                    connection.execute(f"LISTEN {PG_CHANNEL}")
                    self._listening.set()
                    while not self._stopped:
                        for notice in connection.notifies(timeout=LISTEN_SLICE):
                            self._announce(_channels_of(notice.payload))
            except Exception as exc:    # the database went away: wake everyone, try again
                if self._stopped:
                    return
                if "does not exist" in str(exc):      # dropped: nothing will come any more
                    _logger.info("bus listener of %s: the database is gone; stopping", self.dbname)
                    self.stop()
                    with _lock:
                        if _dispatchers.get((os.getpid(), self.dbname)) is self:
                            del _dispatchers[(os.getpid(), self.dbname)]
                    return
                _logger.warning("bus listener of %s: %s; listening again in %.0fs",
                                self.dbname, exc, RECONNECT_SECONDS)
                self._announce(None)
                time.sleep(RECONNECT_SECONDS)


def _connect_kwargs_of(cr) -> dict | None:
    """How to reach the server of ``cr``'s connection again (None: unknown)."""
    info = getattr(getattr(cr, "_cnx", None), "info", None)
    if info is None:
        return None
    kwargs = {key: value for key, value in info.get_parameters().items() if key != "application_name"}
    if info.password:
        kwargs["password"] = info.password
    return kwargs


def _channels_of(payload: str):
    """The channel set a NOTIFY announced (None: every channel)."""
    try:
        channels = json.loads(payload)
    except ValueError:
        return None
    return set(channels) if isinstance(channels, list) else None


_dispatchers: dict = {}
_lock = threading.Lock()


def dispatcher(dbname: str, cr=None) -> Dispatcher:
    """This process's dispatcher of ``dbname`` (started on first use), listening on the server
    ``cr`` is connected to (else the one ``db_connect`` finds)."""
    key = (os.getpid(), dbname)
    with _lock:
        found = _dispatchers.get(key)
        if found is None:
            found = _dispatchers[key] = Dispatcher(dbname, _connect_kwargs_of(cr))
    found.started()
    return found


def stop_all() -> None:
    """Stop this process's listeners (tests dropping their database call it)."""
    with _lock:
        for key, found in list(_dispatchers.items()):
            found.stop()
            del _dispatchers[key]
