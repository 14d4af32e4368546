"""``HttpCase``: a ``TransactionCase`` whose tests also talk to a live server.

The server is the real WSGI application (``framework.http.application.make_app``) served by
werkzeug's threaded server on a free loopback port, one per database and process, limited
to the database under test (``dbfilter``). While a class runs, its registry is in *test
mode*: every cursor the server opens is a :class:`TestCursor` on the test's own connection,
inside the test's transaction, so requests see the test's data and everything is rolled
back with it. ``url_open`` flushes the test's pending changes before the request and
invalidates its cache after it.
"""
from __future__ import annotations

import http.cookiejar
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message

from werkzeug.serving import make_server

from ..config import Config
from ..db.test_cursor import TestCursor as TestCursor  # where tests found it
from .case import TransactionCase

HOST = "127.0.0.1"
_servers: dict[str, object] = {}
_servers_lock = threading.Lock()


class Response:
    """What ``url_open`` returns: the parts of a ``requests.Response`` tests use."""

    def __init__(self, url: str, status: int, headers: Message, content: bytes) -> None:
        self.url, self.status_code, self.headers, self.content = url, status, headers, content

    @property
    def ok(self) -> bool:
        return self.status_code < 400

    @property
    def text(self) -> str:
        return self.content.decode(self.headers.get_content_charset() or "utf-8", "replace")

    def json(self):
        return json.loads(self.content)

    def raise_for_status(self) -> None:
        if not self.ok:
            raise urllib.error.HTTPError(self.url, self.status_code, self.text[:200], self.headers, None)

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpCase(TransactionCase):
    """Tests with a live server: ``url_open``, ``authenticate``, ``make_jsonrpc_request``."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)       # the server's cursors: TestCursor on cls.cr
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.http_port = _server_port(cls.registry)


    def setUp(self) -> None:
        super().setUp()
        self.cookies = http.cookiejar.CookieJar()
        self.session_id = None

    def base_url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    # -- requests -------------------------------------------------------------------------

    def url_open(self, url: str, data=None, files=None, timeout: float = 12, headers=None,
                 allow_redirects: bool = True, head: bool = False) -> Response:
        """GET ``url`` (relative to the server), or POST ``data`` (a dict is form-encoded)."""
        if files:
            raise NotImplementedError("url_open(files=...) is not supported; post the file "
                                      "content as data")
        if url.startswith("/"):
            url = self.base_url() + url
        body = data
        headers = dict(headers or {})
        if isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif isinstance(data, str):
            body = data.encode()
        method = "HEAD" if head else ("POST" if body is not None else "GET")
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)]
        if not allow_redirects:
            handlers.append(_NoRedirect())
        opener = urllib.request.build_opener(*handlers)
        self.env.flush_all()
        try:
            with opener.open(request, timeout=timeout) as answer:
                response = Response(answer.geturl(), answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            response = Response(url, error.code, error.headers, error.read())
        finally:
            self.env.invalidate_all(flush=False)
        self.session_id = self._cookie("session_id") or self.session_id
        return response

    def make_jsonrpc_request(self, route: str, params=None, headers=None):
        """POST a JSON-RPC ``call``; its ``result``, or an exception carrying the error data."""
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": params or {}})
        response = self.url_open(route, data=body,
                                 headers={"Content-Type": "application/json", **(headers or {})})
        response.raise_for_status()
        payload = response.json()
        if "error" in payload:
            error = payload["error"]
            raise RuntimeError(f"{route}: {error.get('message')}: "
                               f"{(error.get('data') or {}).get('message', '')}", error)
        return payload["result"]

    def authenticate(self, login: str | None, password: str | None) -> None:
        """Log in as ``login`` on the database under test (``None`` logs out)."""
        self.cookies.clear()
        self.session_id = None
        if login is None:
            return
        self.make_jsonrpc_request("/web/session/authenticate", {
            "db": self.registry.db_name, "login": login, "password": password})
        self.env = self.env(user=self.env["res.users"].search([("login", "=", login)]).id)

    def logout(self) -> None:
        self.authenticate(None, None)

    def _cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)


def _server_port(registry) -> int:
    """The port of this process's server for ``registry``'s database (started once)."""
    with _servers_lock:
        server = _servers.get(registry.db_name)
        if server is None:
            from ..http.application import make_app
            config = Config()
            for key, value in (registry.config or {}).items():
                config[key] = value
            config["dbfilter"] = f"^{registry.db_name}$"
            server = make_server(HOST, 0, make_app(config), threaded=True)
            threading.Thread(target=server.serve_forever, name=f"test-http-{registry.db_name}",
                             daemon=True).start()
            _servers[registry.db_name] = server
        return server.port
