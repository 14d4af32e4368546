"""Helpers of the tests talking HTTP to a live server: raw POSTs and a JSON-RPC client."""
from __future__ import annotations

import http.client
import json

ADMIN_PASSWORD = "admin"


def post(base_url: str, path: str, body: bytes | str, content_type: str = "text/xml",
         headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One raw POST; returns (status, headers, body)."""
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    connection.request("POST", path, body=body, headers={"Content-Type": content_type, **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


class JsonClient:
    """Posts JSON-RPC envelopes; keeps the session cookie like a browser would."""

    def __init__(self, base_url: str) -> None:
        self.host = base_url.removeprefix("http://")
        self.cookie: str | None = None
        self.last_headers: dict = {}

    def raw(self, path: str, body: bytes, content_type: str = "application/json",
            headers: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection(self.host, timeout=30)
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if self.cookie:
            all_headers["Cookie"] = f"session_id={self.cookie}"
        connection.request("POST", path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        self.last_headers = dict(response.getheaders())
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session_id="):
                self.cookie = value.split(";")[0].split("=", 1)[1]
        connection.close()
        return response.status, self.last_headers, data

    def call(self, path: str, params: dict | None = None, id=1) -> dict:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params or {}, "id": id})
        status, _headers, data = self.raw(path, body.encode())
        assert status == 200, data
        return json.loads(data)


class LiveServer:
    """A WSGI app on a loopback port in a background thread, which a test can take down and
    bring back up on the same port (a real outage: connections are refused, not just blocked).

    Each connection serves one request (HTTP/1.0): a browser's kept-alive connection would
    otherwise keep reaching a handler thread after ``down()``.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.port = 0
        self._server = None
        self.up()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> None:
        import threading

        from werkzeug.serving import WSGIRequestHandler, make_server

        class OneRequestPerConnection(WSGIRequestHandler):
            protocol_version = "HTTP/1.0"

        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True,
                                   request_handler=OneRequestPerConnection)
        self.port = self._server.port
        # a short poll interval: down() waits for the serving loop to notice, 0.5 s by default
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name=f"live-server-{self.port}", daemon=True).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def xmlrpc_caller(url: str, db: str, login: str = "admin", password: str = ADMIN_PASSWORD,
                  allow_none: bool = False):
    """``(call, close)``: ``call(model, method, args, kwargs=None)`` runs ``execute_kw`` on
    ``db`` as ``login`` through one ``/xmlrpc/2/object`` proxy, which ``close()`` closes."""
    import xmlrpc.client
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common") as common:
        uid = common.authenticate(db, login, password, {})
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=allow_none)

    def call(model, method, args, kwargs=None):
        return models.execute_kw(db, uid, password, model, method, args, kwargs or {})
    return call, models("close")

