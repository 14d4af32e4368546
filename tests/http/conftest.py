"""A live server for the HTTP tests: a database with ``web`` and the ``test_http_*`` addons,
served by werkzeug's threaded server on a free loopback port in a background thread.

``base_url`` is ``http://127.0.0.1:<port>``; ``http_db`` the database name. The server only
exposes ``http_db`` (``--db-filter``), so requests without a session use it (mono-db).
"""
from __future__ import annotations

import threading
import xmlrpc.client

import pytest
from werkzeug.serving import make_server

from tests.support.db import make_config
from tests.support.http import JsonClient


@pytest.fixture(scope="session")
def http_db(make_db) -> str:
    from framework.modules.registry_loader import load_registry
    from framework.service.db import forget_list_cache
    name = make_db("test_http_")
    load_registry(name, install=["test_http_b"], config=make_config())
    forget_list_cache()             # db.list answers from a 5 s cache
    return name


@pytest.fixture(scope="session")
def server_config(http_db):
    return make_config(dbfilter=f"^{http_db}$", session_lifetime=3600, login_cooldown_after=5)


@pytest.fixture(scope="session")
def app(server_config):
    from framework.http.application import make_app
    return make_app(server_config)


@pytest.fixture(scope="session")
def base_url(app) -> str:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="test-http-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def common(base_url):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/common") as proxy:
        yield proxy


@pytest.fixture
def models(base_url):
    with xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/object") as proxy:
        yield proxy


@pytest.fixture
def json_client(base_url) -> JsonClient:
    return JsonClient(base_url)


@pytest.fixture(scope="session")
def serve_app():
    """Start another live server for a given config; returns its base URL (stopped at the end)."""
    servers = []

    def serve(config) -> str:
        from framework.http.application import make_app
        server = make_server("127.0.0.1", 0, make_app(config), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.port}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def company_with_country(http_db):
    """Give the main company partner a country and the admin a tz, for marshalling tests."""
    from framework.orm.environment import Environment
    from framework.orm.registry import Registry
    with Registry.registries[http_db].cursor() as cr:
        env = Environment(cr, 1, {})
        belgium = env.ref("base.be")
        env["res.partner"].browse(1).write({"country_id": belgium.id})
        return belgium.id
