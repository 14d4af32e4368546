"""``./odoo-bin --workers 2``: gunicorn processes serve the same calls and share sessions."""
from __future__ import annotations

import signal
import xmlrpc.client
from pathlib import Path

import pytest

from tests.support.http import ADMIN_PASSWORD, JsonClient
from tests.support.ports import workers_server


@pytest.fixture(scope="module")
def workers_url(http_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("workers") / "server.log"
    with workers_server(http_db, log) as (url, process):
        yield url, process, log


def test_workers_serve_xmlrpc(workers_url, http_db):
    url, _process, _log = workers_url
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common") as common:
        uid = common.authenticate(http_db, "admin", ADMIN_PASSWORD, {})
    assert uid == 2
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as models:
        for _ in range(10):     # spread over both processes
            rows = models.execute_kw(http_db, uid, ADMIN_PASSWORD, "res.partner", "search_read",
                                     [[["id", "=", 1]]], {"fields": ["name"]})
            assert rows == [{"id": 1, "name": "My Company"}]
        with pytest.raises(xmlrpc.client.Fault) as info:
            models.execute_kw(http_db, uid, "wrong", "res.partner", "search", [[]])
        assert info.value.faultCode == 3


def test_workers_share_sessions(workers_url, http_db):
    url, _process, _log = workers_url
    client = JsonClient(url)     # a new connection per call: any process may answer
    result = client.call("/web/session/authenticate",
                         {"db": http_db, "login": "admin", "password": ADMIN_PASSWORD})["result"]
    assert result["uid"] == 2
    for _ in range(10):
        assert client.call("/test_http/whoami", {})["result"]["uid"] == 2


def test_workers_forget_remembered_logins(workers_url, http_db):
    """Each worker remembers successful checks; a change committed elsewhere ends that."""
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    url, _process, _log = workers_url
    registry = Registry.registries[http_db]
    with registry.cursor() as cr:
        env = Environment(cr, 1, {})
        user = env["res.users"].create({"name": "Worker Rpc", "login": "worker_rpc", "password": "pw"})
        key = env["res.users.apikeys"].with_user(user)._generate("rpc", "worker test")
        uid = user.id

    def calls_pass(secret: str) -> list[bool]:
        answers = []
        with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as models:
            for _ in range(6):      # a new connection per call would be needed to pin a
                try:                # worker; six calls on one keep-alive reach either
                    models.execute_kw(http_db, uid, secret, "res.users", "context_get", [])
                    answers.append(True)
                except xmlrpc.client.Fault as fault:
                    assert fault.faultCode == 3
                    answers.append(False)
        return answers

    assert calls_pass("pw") == [True] * 6 and calls_pass(key) == [True] * 6
    with registry.cursor() as cr:       # revoked by another process (this one)
        Environment(cr, 1, {})["res.users.apikeys"].search([("user_id", "=", uid)]).unlink()
    assert calls_pass(key) == [False] * 6 and calls_pass("pw") == [True] * 6
    with registry.cursor() as cr:
        Environment(cr, 1, {})["res.users"].browse(uid).write({"active": False})
    assert calls_pass("pw") == [False] * 6


def test_sigterm_stops_the_workers(workers_url):
    url, process, log = workers_url
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0, Path(log).read_text()[-3000:]
