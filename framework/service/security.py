"""Who is calling: per-call password checks, logins with throttling, session tokens.

* ``check(cr, uid, password)`` is what every ``object`` call runs first (Odoo's
  ``security.check``). A successful check is remembered per (database, uid, password);
  the memo is only trusted while the user's stored hash and ``active`` flag are unchanged,
  which one indexed query verifies, so a password change or a deactivation made by any
  worker process takes effect on the next call.
* ``login(...)`` wraps ``res.users._login`` with the failed-login throttle.
* ``session_token(cr, sid, uid)`` is the HMAC that ties a web session to the user's
  credentials: changing the password invalidates every session of that user.
"""
from __future__ import annotations

import collections
import hashlib
import hmac
import logging
import secrets
import threading
import time

from ..exceptions import AccessDenied
from ..orm.environment import Environment

_logger = logging.getLogger(__name__)

_CHECK_CACHE_SIZE = 4096
_check_cache: collections.OrderedDict[tuple, str] = collections.OrderedDict()
_check_lock = threading.Lock()

TOO_MANY_FAILURES = "Too many login failures, please wait a bit before trying again."


def check(cr, uid: int, password: str) -> None:
    """Raise AccessDenied unless ``password`` authenticates ``uid`` (active user)."""
    if not password or not isinstance(password, str):
        raise AccessDenied()
    cr.execute("SELECT active, COALESCE(password, '') FROM res_users WHERE id = %s", (uid,))
    row = cr.fetchone()
    if row is None or not row[0]:
        raise AccessDenied()
    key = (cr.dbname, uid, hashlib.sha256(password.encode()).digest())
    with _check_lock:
        known = _check_cache.get(key)
    if known is not None and hmac.compare_digest(known, row[1]):
        return
    env = Environment(cr, uid, {})
    env["res.users"].browse(uid)._check_credentials(password, {"interactive": False})
    cr.execute("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", (uid,))
    stored = cr.fetchone()[0]     # _check_credentials may have re-hashed it
    with _check_lock:
        _check_cache[key] = stored
        _check_cache.move_to_end(key)
        while len(_check_cache) > _CHECK_CACHE_SIZE:
            _check_cache.popitem(last=False)


def clear_check_cache() -> None:
    with _check_lock:
        _check_cache.clear()


# -- logins -----------------------------------------------------------------------------------

class LoginThrottle:
    """Counts failed logins per (login, client address); refuses more after ``after`` failures.

    In memory, per process, like Odoo's per-address cooldown. ``after=0`` disables it.
    """

    def __init__(self, after: int = 5, duration: float = 60.0) -> None:
        self.after = after
        self.duration = duration
        self._failures: dict[tuple, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def assert_can_try(self, login: str, address: str | None) -> None:
        if not self.after:
            return
        with self._lock:
            count, last = self._failures.get((login, address), (0, 0.0))
        if count >= self.after and time.monotonic() - last < self.duration:
            _logger.warning("login %r from %s refused: %d failures in a row, cooling down %.0fs",
                            login, address, count, self.duration)
            raise AccessDenied(TOO_MANY_FAILURES)

    def failed(self, login: str, address: str | None) -> None:
        with self._lock:
            count, last = self._failures.get((login, address), (0, 0.0))
            if time.monotonic() - last >= self.duration:
                count = 0
            self._failures[(login, address)] = (count + 1, time.monotonic())
            if len(self._failures) > 100_000:          # bounded memory under a spray attack
                self._failures.clear()

    def succeeded(self, login: str, address: str | None) -> None:
        with self._lock:
            self._failures.pop((login, address), None)


#: The process's throttle; ``configure_throttle`` sets its limits from the config.
throttle = LoginThrottle()


def configure_throttle(config) -> None:
    """``login_cooldown_after`` / ``login_cooldown_duration`` from the config (Odoo's ICP names)."""
    throttle.after = int(config.get("login_cooldown_after", 5) or 0)
    throttle.duration = float(config.get("login_cooldown_duration", 60) or 0)


def login(cr, login_name: str, password: str, *, user_agent_env: dict | None = None,
          address: str | None = None) -> int:
    """The uid of ``login_name`` for ``password``; AccessDenied otherwise (or when throttled)."""
    throttle.assert_can_try(login_name, address)
    env = Environment(cr, 1, {})
    try:
        uid = env["res.users"]._login(login_name, password, user_agent_env or {})
    except AccessDenied:
        throttle.failed(login_name, address)
        _logger.info("login failed for %r on %s from %s", login_name, cr.dbname, address)
        raise
    throttle.succeeded(login_name, address)
    _logger.info("login successful for %r on %s from %s", login_name, cr.dbname, address)
    return uid


# -- session tokens ---------------------------------------------------------------------------

def database_secret(cr) -> str:
    """The ``database.secret`` system parameter, created on first use."""
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")
    row = cr.fetchone()
    if row and row[0]:
        return row[0]
    secret = secrets.token_hex(32)
    cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('database.secret', %s) "
               "ON CONFLICT DO NOTHING", (secret,))
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")
    return cr.fetchone()[0]


_secrets: dict[str, str] = {}


def cached_database_secret(db_name: str, config=None) -> str:
    """``database_secret`` of ``db_name``, read once per process."""
    secret = _secrets.get(db_name)
    if secret is None:
        from . import registries
        with registries.registry(db_name, config).cursor() as cr:
            secret = _secrets[db_name] = database_secret(cr)
    return secret


def session_token(cr, sid: str, uid: int) -> str | None:
    """HMAC-SHA256 of ``sid`` keyed with the user's id, login, password hash and active flag.

    None when the user does not exist (any session of theirs is then invalid).
    """
    cr.execute("SELECT id, login, COALESCE(password, ''), active FROM res_users WHERE id = %s",
               (uid,))
    row = cr.fetchone()
    if row is None or not row[3]:
        return None
    secret = _secrets.get(cr.dbname) or database_secret(cr)
    key = f"{secret}:{row[0]}:{row[1]}:{row[2]}:{row[3]}".encode()
    return hmac.new(key, sid.encode(), hashlib.sha256).hexdigest()


def check_session_token(cr, sid: str, uid: int, token: str | None) -> bool:
    expected = session_token(cr, sid, uid)
    return bool(expected and token) and hmac.compare_digest(expected, token)
