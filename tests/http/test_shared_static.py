"""The shared browser files: ``/static/src`` and ``/static/lib`` served without a database, the
service worker's wider scope, and the OWL app page (``static/shell.html``)."""
from __future__ import annotations

import json
import os
import re

import pytest
from werkzeug.test import Client

from framework.http import static
from tests.support.db import make_config


@pytest.fixture(scope="module")
def app():
    from framework.http.application import make_app
    return make_app(make_config())


@pytest.fixture(scope="module")
def client(app) -> Client:
    return Client(app)


def get(client: Client, path: str, **kwargs):
    """GET ``path``; the body read and the file behind it closed."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def test_shared_modules_are_served_and_revalidated(client):
    response = get(client, "/static/src/rpc.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "export async function rpc(" in response.get_data(as_text=True)
    assert "no-cache" in response.headers["Cache-Control"]           # ES modules: always revalidated
    again = get(client, "/static/src/rpc.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert "Service-Worker-Allowed" not in response.headers


def test_the_service_worker_may_control_any_scope(client):
    response = get(client, "/static/src/service_worker.js")
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/"


def test_fetched_libraries_are_served(client):
    if not os.path.isfile(os.path.join(static.SHARED_DIR, "lib", "owl.es.js")):
        pytest.fail("static/lib/owl.es.js is missing: run ./dev setup", pytrace=False)
    response = get(client, "/static/lib/owl.es.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert len(response.get_data()) == 233_543


@pytest.mark.parametrize("path", ["/static/shell.html", "/static/fetch_lib.py", "/static/src/../fetch_lib.py",
                                  "/static/src/missing.js"])
def test_only_src_and_lib_files_are_served(client, path):
    assert get(client, path).status_code == 404


def test_a_missing_library_says_to_run_the_setup(client):
    response = get(client, "/static/lib/nothing.js")
    assert response.status_code == 404
    assert "./dev setup" in response.get_data(as_text=True)


def test_the_import_map_points_at_served_files(client):
    for target in static.IMPORT_MAP.values():
        if not target.endswith("/"):
            assert get(client, target).status_code == 200, target
    assert get(client, static.IMPORT_MAP["@static/"] + "offline_queue.js").status_code == 200


def test_the_shell_page_holds_import_map_config_and_entry(app):
    html = app.jinja.get_template("static/shell.html").render(
        title="Till <1>", entry="/pos/static/src/main.js", imports={"@pos/": "/pos/static/src/"},
        styles=["/pos/static/src/pos.css"], config={"note": "</script><b>", "retry_ms": 300})
    import_map = re.search(r'<script type="importmap">(.*?)</script>', html, re.S).group(1)
    assert json.loads(import_map) == {"imports": {**static.IMPORT_MAP, "@pos/": "/pos/static/src/"}}
    config = re.search(r'<script type="application/json" id="app-config">(.*?)</script>', html, re.S).group(1)
    assert json.loads(config) == {"note": "</script><b>", "retry_ms": 300}      # escaped, not closing the tag
    assert '<script type="module" src="/pos/static/src/main.js"></script>' in html
    assert '<link rel="stylesheet" href="/pos/static/src/pos.css">' in html
    assert "<title>Till &lt;1&gt;</title>" in html
    # the import map comes before the first module script, as browsers require
    assert html.index('type="importmap"') < html.index('type="module"')


def test_the_app_shell_lists_every_shared_module():
    """app_shell.js's SHARED_SHELL (cached for offline reloads) names every file an app imports."""
    with open(os.path.join(static.SHARED_SRC_DIR, "app_shell.js"), encoding="utf-8") as handle:
        source = handle.read()
    listed = set(re.findall(r'"(/static/[^"]+)"', re.search(r"SHARED_SHELL = \[(.*?)\]", source, re.S).group(1)))
    modules = {f"/static/src/{name}" for name in os.listdir(static.SHARED_SRC_DIR)
               if name.endswith(".js") and name != "service_worker.js"}
    libraries = {target for target in static.IMPORT_MAP.values() if target.startswith("/static/lib/")}
    assert listed == modules | libraries
