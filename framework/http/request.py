"""``request``: the one context-local object, and the Request/Response classes behind it.

``request`` is bound while a route runs (``with bind(req):``); outside that, touching it
raises a RuntimeError saying so, and ``bool(request)`` is False (Odoo code tests
``if request:``). A Request carries the werkzeug request (``httprequest``), the session,
the database chosen for the request (``db``), the route's ``params`` and its unit of work
(``work``): on first use, an environment (``env``) on the unit's cursor, committed or rolled
back by the dispatcher.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar

import werkzeug.exceptions
import werkzeug.utils
from werkzeug.wrappers import Response as _WerkzeugResponse

from ..logging_setup import odoo_logger_name
from ..orm.environment import Environment
from ..service import registries
from ..service import security as service_security
from ..service.unit_of_work import UnitOfWork
from .json_encoding import dumps

_logger = logging.getLogger(odoo_logger_name(__name__))

CSRF_TOKEN_LIFETIME = 60 * 60 * 24 * 365 * 10      # as Odoo: tokens are tied to the session


class SessionExpiredException(Exception):
    """No valid logged-in session for a route that needs one (JSON-RPC error code 100)."""

    __module__ = "odoo.http"


class Response(_WerkzeugResponse):
    """A werkzeug Response that may carry a template to render late (``request.render``)."""

    default_mimetype = "text/html"

    def __init__(self, *args, template: str | None = None, qcontext: Mapping | None = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        self.qcontext = dict(qcontext or {})

    @property
    def is_qweb(self) -> bool:
        return self.template is not None

    def render(self) -> str:
        """The template's text: a QWeb template (``module.name``, a view id) goes through
        ``ir.qweb``; a file path (``addon/page.html``) is a Jinja page of the server."""
        req = _current()
        if isinstance(self.template, int) or "/" not in self.template:
            return req.env["ir.qweb"]._render(self.template, self.qcontext)
        return req.app.render_template(self.template, self.qcontext)

    def flatten(self) -> None:
        """Render the pending template into the body (once)."""
        if self.template is not None:
            self.set_data(self.render())
            self.template = None

    @classmethod
    def load(cls, result: object) -> _WerkzeugResponse:
        """What an ``http`` endpoint returned, as a response."""
        if isinstance(result, _WerkzeugResponse):
            return result
        if isinstance(result, werkzeug.exceptions.HTTPException):
            return result.get_response()
        if result is None:
            return cls(status=204)
        if isinstance(result, (str, bytes)):
            return cls(result)
        raise TypeError(f"an http route must return a Response, str or bytes, "
                        f"not {type(result).__name__}")


class Request:
    """One HTTP request as routes see it; see the module docstring."""

    def __init__(self, httprequest, app, session, db: str | None) -> None:
        self.httprequest = httprequest
        self.app = app
        self.session = session
        self.db = db
        self.params: dict = {}
        self.endpoint = None
        #: functions run once the response is sent (or dropped); see Application.serve_dynamic
        self.after_response: list = []
        self.future_response_headers: dict = {}
        #: False when the answer must not carry a session cookie (a refused session, a
        #: body that could not be read), as Odoo answers them
        self.save_session = True
        #: the remembered session turned out changed in its row during this try of the unit
        #: of work (``SessionStore.verify``): the try must not stand, and the next one
        #: builds its environment from the session anew
        self.session_replaced = False
        #: the request's transaction, opened when a route first needs the database and
        #: committed once by the dispatcher (``service.unit_of_work.run``)
        self.work = self._new_unit_of_work()
        self._env: Environment | None = None
        self._env_key: tuple | None = None      # (uid, context, su) to rebuild it on a new try

    # -- database ---------------------------------------------------------------------------

    @property
    def registry(self):
        if not self.db:
            raise RuntimeError("this request has no database; pass ?db=, log in, or start "
                               "the server with -d/--db-filter")
        return registries.registry(self.db, self.app.config)

    @property
    def cr(self):
        return self.work.cr

    @property
    def env(self) -> Environment:
        if self._env is None:
            if self._env_key is not None:
                uid, context, su = self._env_key
            else:
                context = dict(self.session.context or {})
                context.setdefault("lang", "en_US")
                uid, su = self.session.uid, False
            self._env = Environment(self.cr, uid, context, su)
        return self._env

    @env.setter
    def env(self, env: Environment | None) -> None:
        self._env, self._env_key = env, None

    def update_env(self, user=None, context=None, su=None) -> None:
        self.env = self.env(user=user, context=context, su=su)

    def update_context(self, **overrides) -> None:
        self.update_env(context={**self.env.context, **overrides})

    @property
    def uid(self):
        return self._env.uid if self._env is not None else self.session.uid

    def close(self, commit: bool) -> None:
        """End the request's transaction (commit or roll back); later use opens a new one."""
        work, self.work = self.work, self._new_unit_of_work()
        self._env = self._env_key = None
        work.close(commit=commit)

    def _new_unit_of_work(self) -> UnitOfWork:
        # the cache signaling check rides with the request's first query (the session's
        # check, or the route's when the session token is remembered: http.endpoint), and
        # so does the read of a remembered session's row
        return UnitOfWork(lambda: self.registry, on_reset=self._rebuild_env_later,
                          on_open=self._check_remembered_session, deferred_signaling=True)

    def _check_remembered_session(self, cr) -> None:
        remembered = self.session.remembered
        if remembered is not None and remembered.db == self.db:
            self.app.session_store.verify(cr, self.session, self._session_was_replaced)

    def _session_was_replaced(self) -> None:
        self.session_replaced = True

    def _rebuild_env_later(self) -> None:
        if self.session_replaced:
            # another user or context: the next try builds its environment from the session
            self.session_replaced = False
            self._env = self._env_key = None
            return
        # a new try runs on a new cursor: the same user and context, on that cursor
        if self._env is not None:
            self._env_key = (self._env.uid, self._env.context, self._env.su)
            self._env = None

    # -- helpers for routes -----------------------------------------------------------------

    @property
    def config(self):
        return self.app.config

    def make_response(self, data, headers=None, cookies: Mapping | None = None,
                      status: int = 200) -> Response:
        response = Response(data, status=status, headers=headers)
        for key, value in (cookies or {}).items():
            response.set_cookie(key, value)
        return response

    def make_json_response(self, data, headers=None, cookies: Mapping | None = None,
                           status: int = 200) -> Response:
        headers = werkzeug.datastructures.Headers(headers)
        headers["Content-Type"] = "application/json; charset=utf-8"
        return self.make_response(dumps(data), headers.to_wsgi_list(), cookies, status)

    def redirect(self, location: str, code: int = 303, local: bool = True) -> _WerkzeugResponse:
        if local:
            location = _local_url(location)
        return werkzeug.utils.redirect(location, code, Response=Response)

    def redirect_query(self, location: str, query: Mapping | None = None, code: int = 303,
                       local: bool = True):
        if query:
            from urllib.parse import urlencode
            location += ("&" if "?" in location else "?") + urlencode(query)
        return self.redirect(location, code=code, local=local)

    def not_found(self, description: str | None = None) -> werkzeug.exceptions.NotFound:
        return werkzeug.exceptions.NotFound(description)

    def render(self, template: str, qcontext: Mapping | None = None, lazy: bool = True,
               **kwargs) -> Response:
        response = Response(template=template, qcontext=qcontext, **kwargs)
        if not lazy:
            response.flatten()
        return response

    # -- CSRF -------------------------------------------------------------------------------

    def csrf_token(self, time_limit: int | None = None) -> str:
        """A token bound to this session; ``<hmac>o<expiry>`` as Odoo formats it."""
        max_ts = int(time.time() + (time_limit or CSRF_TOKEN_LIFETIME))
        mac = hmac.new(self._csrf_secret(), f"{self.session.sid}{max_ts}".encode(), hashlib.sha1)
        return f"{mac.hexdigest()}o{max_ts}"

    def validate_csrf(self, token: str | None) -> bool:
        if not token or "o" not in token:
            return False
        mac, _, max_ts = token.rpartition("o")
        if not max_ts.isdigit() or int(max_ts) < time.time():
            return False
        expected = hmac.new(self._csrf_secret(), f"{self.session.sid}{max_ts}".encode(),
                            hashlib.sha1).hexdigest()
        return hmac.compare_digest(expected, mac)

    def _csrf_secret(self) -> bytes:
        if self.db:
            return service_security.cached_database_secret(self.db, self.app.config).encode()
        return self.app.secret


def _local_url(location: str) -> str:
    """Keep only path, query and fragment, so a redirect cannot leave this site."""
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(location)
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    path = "/" + path.lstrip("/")            # '//evil.example' is not local
    return urlunsplit(("", "", path, parts.query, parts.fragment))


# -- the context-local ------------------------------------------------------------------------

_current_request: ContextVar[Request | None] = ContextVar("odoo_request", default=None)


def _current() -> Request:
    current = _current_request.get()
    if current is None:
        raise RuntimeError("Working outside of an HTTP request: `odoo.http.request` is only "
                           "bound while a route runs. Pass the environment or the data you need "
                           "explicitly, or call this code from a controller.")
    return current


@contextlib.contextmanager
def bind(req: Request) -> Iterator[Request]:
    token = _current_request.set(req)
    try:
        yield req
    finally:
        _current_request.reset(token)


class _RequestProxy:
    """Forwards attribute access to the request being served."""

    __slots__ = ()

    def __getattr__(self, name: str):
        return getattr(_current(), name)

    def __setattr__(self, name: str, value) -> None:
        setattr(_current(), name, value)

    def __bool__(self) -> bool:
        return _current_request.get() is not None

    def __repr__(self) -> str:
        current = _current_request.get()
        return f"<request proxy to {current!r}>" if current else "<request proxy (unbound)>"


request = _RequestProxy()
