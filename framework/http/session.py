"""Web sessions: the ``Session`` mapping and the store that finds and saves it.

A session is found from, in order, the ``session_id`` query parameter, the
``X-Openerp-Session-Id`` header (both "explicit": used for this request only, never
rewritten into a cookie) and the ``session_id`` cookie. It holds ``db``, ``uid``,
``login``, ``session_token``, ``context`` and ``debug``. It is persisted in its
database (see ``framework.service.sessions`` for the table and why), only once it has a
database, and only when it changed; logging in gives it a new id (no fixation).
Sessions idle for longer than the lifetime (``session_lifetime`` option, default 7 days)
are expired; their rows are deleted when a new session is stored in the same database,
at most once every ``VACUUM_EVERY`` seconds per process.

Each process remembers the sessions it read or saved lately (``SessionStore``), so that a
request of a remembered session does not read its row before routing (a round trip):
the session is built from the memo, marked unverified (``Session.remembered``), and its
row is read by a prelude of the request's first query on that database (the same round
trip, ``Cursor.prelude``). If another process deleted, expired or changed it meanwhile,
the request's session becomes the row's (an anonymous one when the row is gone) and its
unit of work runs again (``SessionChanged``), checking the session afresh. A memo entry
is used for ``MEMO_TRUST`` seconds after its row was last read, and only while the
session is not expired by then; a request that never queries its database still has the
row read, with its COMMIT. Only a request that opens no transaction on its database
(an ``auth="none"`` route that does not query it) acts on an unchecked session, and
what it saves is written only if the row still holds what was remembered.
"""
from __future__ import annotations

import copy
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from datetime import datetime
from typing import NamedTuple

from ..logging_setup import odoo_logger_name
from ..orm.environment import Environment
from ..orm.shared_cache import CacheSignaled
from ..service import registries
from ..service import security as service_security
from ..service import sessions as session_rows

_logger = logging.getLogger(odoo_logger_name(__name__))

SESSION_LIFETIME = 60 * 60 * 24 * 7
TOUCH_EVERY = 60            # seconds between two refreshes of an unchanged session's expiry
VACUUM_EVERY = 10 * 60      # seconds between two deletions of a database's expired sessions
MEMO_TRUST = 60             # seconds a remembered session is used without reading its row first
MEMO_SIZE = 10_000          # sessions remembered per process at most
_SID = re.compile(r"[A-Za-z0-9_-]{32,128}")
_DEFAULTS = {"db": None, "uid": None, "login": None, "session_token": None,
             "context": {}, "debug": ""}


class SessionChanged(CacheSignaled):
    """The request's first query found its remembered session changed, expired or gone in
    its row: the request's session is the row's now, and its unit of work runs again."""


class Remembered(NamedTuple):
    """A session as this process last read or saved its row (``data`` is never handed out:
    sessions get copies)."""

    db: str
    data: dict
    version: datetime           # the row's write_date
    loaded_at: float            # time.monotonic() when the row was read or written
    age: float                  # seconds since the row's write_date, then


class Session(MutableMapping):
    """A dict of session values with attribute access for the usual keys (``session.uid``).

    ``remembered``: the memo entry the session was built from while its row is not checked
    yet (see the module docstring); None once checked, or when read from its row.
    """

    __slots__ = ("sid", "data", "is_dirty", "is_new", "is_explicit", "should_rotate",
                 "age", "previous_sid", "loaded_db", "remembered")

    def __init__(self, sid: str, data: dict | None = None, *, is_new: bool = False,
                 is_explicit: bool = False, age: float = 0.0, loaded_db: str | None = None,
                 remembered: Remembered | None = None) -> None:
        object.__setattr__(self, "sid", sid)
        object.__setattr__(self, "previous_sid", None)
        object.__setattr__(self, "is_explicit", is_explicit)
        object.__setattr__(self, "remembered", remembered)
        self._load(data, is_new=is_new, age=age, loaded_db=loaded_db)

    def _load(self, data: dict | None, *, is_new: bool, age: float, loaded_db: str | None) -> None:
        """Hold ``data`` (copied: nested values too), unchanged since it was read."""
        object.__setattr__(self, "data", copy.deepcopy({**_DEFAULTS, **(data or {})}))
        object.__setattr__(self, "is_dirty", False)
        object.__setattr__(self, "is_new", is_new)
        object.__setattr__(self, "should_rotate", False)
        object.__setattr__(self, "age", age)
        object.__setattr__(self, "loaded_db", loaded_db)

    def __getitem__(self, key: str):
        return self.data[key]

    def __setitem__(self, key: str, value) -> None:
        if self.data.get(key, object()) != value:
            self.data[key] = value
            object.__setattr__(self, "is_dirty", True)

    def __delitem__(self, key: str) -> None:
        del self.data[key]
        object.__setattr__(self, "is_dirty", True)

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getattr__(self, key: str):
        try:
            return self.data[key]
        except KeyError:
            raise AttributeError(f"session has no {key!r}") from None

    def __setattr__(self, key: str, value) -> None:
        if key in self.__slots__:
            object.__setattr__(self, key, value)
        else:
            self[key] = value

    def logout(self, keep_db: bool = False) -> None:
        """Forget the user (and the database unless ``keep_db``); the id changes on save."""
        db = self.data.get("db") if keep_db else None
        self.data.clear()
        self.data.update(_DEFAULTS, db=db, context={})
        object.__setattr__(self, "is_dirty", True)
        object.__setattr__(self, "should_rotate", True)

    def authenticate(self, dbname: str, login: str, password: str) -> int:
        """Log in on ``dbname`` (AccessDenied for bad credentials); returns the uid.

        The session gets a new id first (a session id known before login is worth
        nothing after it), then the user, its context and the session token. The current
        request switches to ``dbname`` and the new user.
        """
        from .request import request
        httprequest = request.httprequest
        user_agent_env = {"interactive": True, "base_location": httprequest.url_root.rstrip("/"),
                          "HTTP_HOST": httprequest.host, "REMOTE_ADDR": httprequest.remote_addr}
        registry = registries.registry(dbname, request.app.config)
        with registry.cursor() as cr:
            uid = service_security.login(cr, login, password, user_agent_env=user_agent_env,
                                         address=httprequest.remote_addr)
            context = dict(Environment(cr, uid, {})["res.users"].browse(uid).context_get())
            request.app.session_store.rotate(self)
            token = service_security.session_token(cr, self.sid, uid)
        self.update({"db": dbname, "uid": uid, "login": login, "session_token": token,
                     "context": context})
        if request.db != dbname:
            request.close(commit=True)
            request.db = dbname
        request.env = None          # the next request.env is the new user's
        return uid

    def touch(self) -> None:
        object.__setattr__(self, "is_dirty", True)

    def __repr__(self) -> str:
        return f"<Session {self.sid[:8]}… db={self.data.get('db')!r} uid={self.data.get('uid')!r}>"


class SessionStore:
    """Finds, saves, rotates and deletes sessions; remembers which database holds which sid,
    and the sessions it read or saved lately (see the module docstring)."""

    def __init__(self, config, lifetime: float | None = None) -> None:
        self.config = config
        self.lifetime = float(lifetime or config.get("session_lifetime") or SESSION_LIFETIME)
        self._where: OrderedDict[str, str] = OrderedDict()   # sid -> db (bounded)
        self._memo: OrderedDict[str, Remembered] = OrderedDict()   # sid -> its row (bounded)
        self._vacuumed: dict[str, float] = {}                  # db -> time.monotonic()
        self._lock = threading.Lock()

    @staticmethod
    def generate_sid() -> str:
        return secrets.token_urlsafe(48)          # 64 URL-safe characters

    def new(self, *, is_explicit: bool = False) -> Session:
        return Session(self.generate_sid(), is_new=True, is_explicit=is_explicit)

    def is_valid_sid(self, sid: str | None) -> bool:
        return bool(sid) and bool(_SID.fullmatch(sid))

    def get(self, sid: str, databases: Iterable[str], *, is_explicit: bool = False) -> Session | None:
        """The live session ``sid`` from one of ``databases``, or None."""
        if not self.is_valid_sid(sid):
            return None
        databases = list(databases)
        remembered = self._recall(sid, databases)
        if remembered is not None:
            age = remembered.age + time.monotonic() - remembered.loaded_at
            return Session(sid, remembered.data, is_explicit=is_explicit, age=age,
                           loaded_db=remembered.db, remembered=remembered)
        with self._lock:
            known = self._where.get(sid)
        order = [known] if known in databases else []
        order += [db for db in databases if db != known]
        for db in order:
            found = session_rows.load(db, sid, self.lifetime, self.config)
            if found is not None:
                data, age, version = found
                self._remember(sid, db)
                self._keep(sid, Remembered(db, data, version, time.monotonic(), age))
                return Session(sid, data, is_explicit=is_explicit, age=age, loaded_db=db)
        return None

    def _recall(self, sid: str, databases: list[str]) -> Remembered | None:
        """The memo entry of ``sid`` if it may be used (trusted still, and not expired)."""
        with self._lock:
            remembered = self._memo.get(sid)
        if remembered is None or remembered.db not in databases:
            return None
        elapsed = time.monotonic() - remembered.loaded_at
        if elapsed >= MEMO_TRUST or remembered.age + elapsed >= self.lifetime:
            return None
        return remembered

    def _keep(self, sid: str, remembered: Remembered) -> None:
        """Remember ``sid``'s row as ``remembered``, unless a newer version is remembered."""
        with self._lock:
            current = self._memo.get(sid)
            if current is not None and current.db == remembered.db \
                    and current.version > remembered.version:
                return
            self._memo[sid] = remembered
            self._memo.move_to_end(sid)
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)

    def _forget(self, sid: str, seen: Remembered | None = None) -> None:
        """Drop the memo entry of ``sid`` (with ``seen``: unless it is newer than that)."""
        with self._lock:
            current = self._memo.get(sid)
            if current is not None and (seen is None or current.version <= seen.version):
                del self._memo[sid]

    def verify(self, cr, session: Session, on_change: Callable[[], None]) -> None:
        """Have ``cr``'s transaction (on the session's database) read the row of the
        remembered ``session`` with its first query (or its COMMIT).

        Gone or expired: ``session`` becomes an anonymous one of the same id; changed:
        it holds the row's data. Then ``on_change()`` is called and SessionChanged raised,
        for the unit of work to run again. Not needed any more (and ignored) once the
        session was logged out or got another id.
        """
        remembered, sid = session.remembered, session.sid

        def concerned() -> bool:
            return session.remembered is remembered and session.sid == sid \
                and not session.should_rotate

        def check(row: tuple | None) -> None:
            if not concerned():
                return
            session.remembered = None
            if row is None or row[1] > self.lifetime:
                self._forget(sid, remembered)
                session._load(None, is_new=True, age=0.0, loaded_db=None)
                _logger.info("remembered session %s… is gone from %s", sid[:8], remembered.db)
            else:
                data, age, version = row
                session.age = float(age)
                self._keep(sid, Remembered(remembered.db, data, version, time.monotonic(), float(age)))
                if data == remembered.data:
                    return
                session._load(data, is_new=False, age=float(age), loaded_db=remembered.db)
                _logger.info("remembered session %s… was changed by another process", sid[:8])
            on_change()
            raise SessionChanged(f"session {sid[:8]}… changed in {remembered.db}; run again")

        if cr.in_transaction:
            # a test cursor, a savepoint in the test's transaction: its snapshot may be older
            # than the row, which is read on its own then
            check(session_rows.load(remembered.db, sid, self.lifetime, self.config))
            return
        cr.prelude(session_rows.verify_query(sid), check, concerned)

    def rotate(self, session: Session) -> None:
        """Give ``session`` a new id now (the old row is deleted)."""
        if not session.is_new:
            self.delete(session)
        session.previous_sid = session.sid
        session.sid = self.generate_sid()
        session.is_new = True
        session.is_dirty = True
        session.should_rotate = False
        session.remembered = None

    def save(self, session: Session) -> bool:
        """Persist ``session`` if it changed (or rotate its id); True when the cookie must be sent."""
        db = session.data.get("db")
        if session.should_rotate:
            self.rotate(session)
        if not db:
            return False
        remembered = session.remembered
        if session.is_dirty:
            if session.is_new:
                self.vacuum_now_and_then(db)
            # a session never checked against its row is written only over what it was
            # built from: one deleted or changed by another process stays as that one left it
            unchecked = remembered.data if remembered is not None and remembered.db == db else None
            stored = session_rows.save(db, session.sid, session.data, self.config,
                                       unless_changed_from=unchecked)
            session.is_dirty = False
            if stored is None:
                self._forget(session.sid)
                _logger.info("session %s… not saved: another process changed or deleted it",
                             session.sid[:8])
                return False
            session.remembered = None
            self._remember(session.sid, db)
            self._keep(session.sid, Remembered(db, stored[0], stored[1], time.monotonic(), 0.0))
            return True
        if session.age > TOUCH_EVERY:
            version = session_rows.touch(db, session.sid, self.config)
            with self._lock:
                current = self._memo.get(session.sid)
            if version is None:
                self._forget(session.sid)
            elif current is not None and remembered is None and current.db == db:
                # checked against its row in this request: as fresh as a read now
                self._keep(session.sid, current._replace(version=version, loaded_at=time.monotonic(), age=0.0))
            return True
        return False

    def delete(self, session: Session) -> None:
        db = session.loaded_db or session.data.get("db") or self._where.get(session.sid)
        if db:
            session_rows.delete(db, session.sid, self.config)
        with self._lock:
            self._where.pop(session.sid, None)
            self._memo.pop(session.sid, None)

    def _remember(self, sid: str, db: str) -> None:
        with self._lock:
            self._where[sid] = db
            self._where.move_to_end(sid)
            while len(self._where) > 10_000:
                self._where.popitem(last=False)

    def vacuum_now_and_then(self, db: str) -> None:
        """Delete the expired sessions of ``db`` unless this process did in the last minutes."""
        now = time.monotonic()
        with self._lock:
            last = self._vacuumed.get(db)
            if last is not None and now - last < VACUUM_EVERY:
                return
            self._vacuumed[db] = now
        removed = session_rows.vacuum(db, self.lifetime, self.config)
        if removed:
            _logger.info("deleted %d expired session(s) of %s", removed, db)

    def vacuum(self, databases: Iterable[str]) -> int:
        return sum(session_rows.vacuum(db, self.lifetime, self.config) for db in databases)

