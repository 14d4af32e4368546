"""Who is calling: per-call password checks, logins with throttling, session tokens.

* ``check(cr, uid, password)`` is what every ``object`` call runs first (Odoo's
  ``security.check``). A successful check is remembered in the registry's shared cache,
  which a password change, a deactivation or an API key change in any worker process
  clears through the cache signaling sequence: it takes effect on the next call.
* ``login(...)`` wraps ``res.users._login`` with the failed-login throttle.
* ``session_token(cr, sid, uid)`` is the HMAC that ties a web session to the user's
  credentials (``res.users._get_session_token_fields``): changing the password, or any
  other token field, invalidates every session of that user.
  ``check_session_token`` remembers a successful check in the shared cache, like ``check``.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time

from ..exceptions import AccessDenied, MissingError
from ..logging_setup import odoo_logger_name
from ..orm.environment import SUPERUSER_ID, Environment

_logger = logging.getLogger(odoo_logger_name(__name__))

#: how long a successful check is trusted at most, even when nothing signals a change
CHECK_MEMO_SECONDS = 300.0

TOO_MANY_FAILURES = "Too many login failures, please wait a bit before trying again."


def check(cr, uid: int, password: str, *, address: str | None = None) -> None:
    """Raise AccessDenied unless ``password`` authenticates ``uid`` (active user).

    A success is remembered in the registry's shared cache (Odoo ormcaches ``check`` the
    same way), so a repeated call costs no query. Whatever can revoke it bumps the cache
    signaling sequence that every call checks first: a password change, a deactivation, an
    API key created or removed, in any worker process. An API key's expiration date
    bounds how long the memo is trusted, and nothing is trusted beyond CHECK_MEMO_SECONDS.

    Checks run under the login throttle, counted per user id and client ``address``:
    guessing a password through XML-RPC calls is cooled down like guessing it through the
    login form; the cooldown is for that address, so the user's own clients elsewhere keep
    working, and it ends after ``login_cooldown_duration``.
    """
    if not password or not isinstance(password, str):
        raise AccessDenied()
    # during a cooldown even a remembered password is refused from that address: otherwise
    # a guesser would be told at once when a guess is right
    throttle.assert_can_try(f"uid:{uid}", address, factor=throttle.SPRAY_FACTOR)
    env = Environment(cr, uid, {})          # checks the signaling sequence first
    key = ("security.check", uid, hashlib.sha256(password.encode()).digest())
    env.registry.cached(env.transaction, key, lambda: _throttled_verify(env, uid, password, address),
                        fresh=lambda until: time.monotonic() < until)


def _throttled_verify(env, uid: int, password: str, address: str | None) -> float:
    who = f"uid:{uid}"
    try:
        until = _verify(env, uid, password)
    except AccessDenied:
        throttle.failed(who, address)
        raise
    throttle.succeeded(who, address)
    return until


def _verify(env, uid: int, password: str) -> float:
    """Check the credentials for real; the monotonic time until which the result holds."""
    cr = env.cr
    cr.execute("SELECT active FROM res_users WHERE id = %s", (uid,))
    row = cr.fetchone()
    if row is None:                 # Odoo reads the user record: a uid that is none is missing
        raise MissingError(f"Record does not exist or has been deleted.\n"
                           f"(Record: res.users({uid},), User: {uid})")
    if not row[0]:
        raise AccessDenied()
    env["res.users"].browse(uid)._check_credentials(password, {"interactive": False})
    cr.execute("""SELECT EXTRACT(EPOCH FROM MIN(expiration_date) - (now() AT TIME ZONE 'utc'))
                    FROM res_users_apikeys WHERE user_id = %s AND expiration_date IS NOT NULL""", (uid,))
    seconds = cr.fetchone()[0]
    lifetime = CHECK_MEMO_SECONDS if seconds is None else max(0.0, min(CHECK_MEMO_SECONDS, float(seconds)))
    return time.monotonic() + lifetime


# -- logins -----------------------------------------------------------------------------------

class LoginThrottle:
    """Counts failed logins per (login, client address); refuses more after ``after`` failures.

    In memory, per process, like Odoo's per-address cooldown. ``after=0`` disables it.
    An address is also refused, whatever the login, once it has failed ``after`` times
    ``SPRAY_FACTOR`` in the same window: trying one password on many logins (a "spray")
    is slowed down too. Every refusal ends after ``duration`` seconds: nobody is locked
    out for good, and a success clears that login's count (not the address's).
    """

    SPRAY_FACTOR = 5

    def __init__(self, after: int = 5, duration: float = 60.0) -> None:
        self.after = after
        self.duration = duration
        self._failures: dict[tuple, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def assert_can_try(self, login: str, address: str | None, factor: int = 1) -> None:
        """``factor``: this key is refused after ``after * factor`` failures (the object
        service's per-call checks: a client with a revoked key retries a few times)."""
        if not self.after:
            return
        now = time.monotonic()
        with self._lock:
            count, last = self._failures.get((login, address), (0, 0.0))
            spray, spray_last = self._failures.get((None, address), (0, 0.0))
        if count >= self.after * factor and now - last < self.duration:
            _logger.warning("login %r from %s refused: %d failures in a row, cooling down %.0fs",
                            login, address, count, self.duration)
            raise AccessDenied(TOO_MANY_FAILURES)
        if spray >= self.after * self.SPRAY_FACTOR and now - spray_last < self.duration:
            _logger.warning("login %r from %s refused: %d failures from that address, cooling down %.0fs",
                            login, address, spray, self.duration)
            raise AccessDenied(TOO_MANY_FAILURES)

    def failed(self, login: str, address: str | None) -> None:
        now = time.monotonic()
        with self._lock:
            for key in ((login, address), (None, address)):
                count, last = self._failures.get(key, (0, 0.0))
                if now - last >= self.duration:
                    count = 0
                self._failures[key] = (count + 1, now)
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
    return Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]._database_secret()


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
    """The session token of ``sid`` for ``uid``: ``res.users._compute_session_token``, an
    HMAC of the session id keyed with the user's token fields (Odoo's hook
    ``_get_session_token_fields``: id, login, password hash, active flag, and what addons add).

    None when the user does not exist or is inactive (any session of theirs is then invalid).
    """
    return Environment(cr, SUPERUSER_ID, {})["res.users"].browse(uid)._compute_session_token(sid) or None


def check_session_token(cr, sid: str, uid: int, token: str | None) -> bool:
    """Whether ``token`` is the session token of ``sid`` for ``uid`` (an active user).

    Every authenticated request asks, so a success is remembered in the registry's shared
    cache (Odoo ormcaches the token likewise) and the next request of the session costs
    no query. What changes a token (a token field of the user: login, password, active
    flag and what addons add; the user's removal; the ``database.secret``) bumps the cache
    signaling sequence, in whatever process it happens. A request learns of such a bump
    with its first query, or at its commit, and then runs again, checking the token afresh
    (``http.endpoint``). The memo is keyed on a digest of the session id and token, never
    on them in clear, and nothing is trusted beyond CHECK_MEMO_SECONDS. Failures are not
    remembered.
    """
    if not token or not isinstance(token, str):
        return False
    env = Environment(cr, uid, {})
    registry = env.registry
    if not (registry.ready and registry.shared_cache_enabled):     # nothing would signal a change
        return _token_matches(cr, sid, uid, token)
    key = ("security.session_token", uid, hashlib.sha256(f"{sid}\0{token}".encode()).digest())
    try:
        registry.cached(env.transaction, key, lambda: _verified_session(cr, sid, uid, token),
                        fresh=lambda until: time.monotonic() < until)
    except AccessDenied:
        return False
    return True


def _verified_session(cr, sid: str, uid: int, token: str) -> float:
    """The monotonic time until which a token checked now may be trusted; AccessDenied if
    it does not match (so that only successes are remembered)."""
    if not _token_matches(cr, sid, uid, token):
        raise AccessDenied()
    return time.monotonic() + CHECK_MEMO_SECONDS


def _token_matches(cr, sid: str, uid: int, token: str) -> bool:
    expected = session_token(cr, sid, uid)
    return bool(expected) and hmac.compare_digest(expected, token)
