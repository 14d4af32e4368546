"""QWeb over HTTP: request.render of a template, and the /report routes."""
from __future__ import annotations

import http.client

import pytest

from tests.support.db import make_config, query


@pytest.fixture(scope="module")
def qweb_db(make_db) -> str:
    from framework.modules.registry_loader import load_registry
    from framework.service.db import forget_list_cache
    name = make_db("test_qweb_http_")
    registry = load_registry(name, install=["test_qweb_report"], config=make_config())
    with registry.cursor() as cr:
        cr.execute("INSERT INTO test_qweb_doc (name, qty, state) VALUES ('Doc <1>', 7, 'done')")
        cr.commit()
    forget_list_cache()
    return name


@pytest.fixture(scope="module")
def qweb_url(qweb_db, serve_app) -> str:
    return serve_app(make_config(dbfilter=f"^{qweb_db}$"))


@pytest.fixture(scope="module")
def doc_id(qweb_db, pg_address) -> int:
    return query(pg_address, qweb_db, "SELECT id FROM test_qweb_doc WHERE name = 'Doc <1>'")[0][0]


def get(base_url, path, cookie=None):
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    connection.request("GET", path, headers={"Cookie": f"session_id={cookie}"} if cookie else {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data.decode()


def test_request_render_renders_a_qweb_template(qweb_url, doc_id):
    status, headers, body = get(qweb_url, f"/test_qweb/page/{doc_id}")
    assert status == 200, body
    assert headers["Content-Type"].startswith("text/html")
    assert '<h1 class="title">Doc &lt;1&gt;</h1>' in body
    assert '<p class="greeting">&lt;hi&gt;</p>' in body
    assert '<span class="extended">from the extension</span>' in body


def test_jinja_pages_of_the_web_addon_still_render(qweb_url):
    status, _headers, body = get(qweb_url, "/web/login")
    assert status == 200
    assert "<form" in body
