"""Routing: controller inheritance across addons, route types, CSRF, CORS, templates, static."""
from __future__ import annotations

import http.client
import importlib
import json
import re

import pytest

from tests.support.db import make_config
from tests.support.http import JsonClient, post


def get(base_url, path, headers=None):
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def test_inherited_route_runs_both_addons(json_client):
    assert json_client.call("/test_http/greet", {"name": "x"})["result"] == {
        "greeting": "hello x", "by": ["a", "b"]}


def test_controllers_of_addons_not_installed_are_not_live(json_client):
    importlib.import_module("odoo.addons.test_http_c")      # defines MainC(Main)
    from framework.http import router
    router.clear_cache()
    assert json_client.call("/test_http/greet", {})["result"]["by"] == ["a", "b"]


def test_an_override_may_move_a_route(base_url):
    assert get(base_url, "/test_http/hello_b")[2] == b"hello from a and b"
    assert get(base_url, "/test_http/hello")[0] == 404


def test_jsonrpc_type_is_an_alias_of_json(json_client):
    assert json_client.call("/test_http/jsonrpc_alias", {})["result"] == "alias ok"


def test_several_paths(json_client):
    assert json_client.call("/test_http/two", {})["result"] == "two paths"
    assert json_client.call("/test_http/deux", {})["result"] == "two paths"


def test_unknown_params_are_dropped(json_client):
    assert json_client.call("/test_http/greet", {"name": "y", "extra": 1})["result"]["greeting"] == "hello y"


def test_http_post_needs_a_csrf_token(base_url):
    status, _headers, _data = post(base_url, "/test_http/form", "value=1",
                                   "application/x-www-form-urlencoded")
    assert status == 400
    status, _headers, data = post(base_url, "/test_http/form_nocsrf", "value=1",
                                  "application/x-www-form-urlencoded")
    assert (status, data) == (200, b"got 1")


def test_http_post_with_a_valid_csrf_token(base_url):
    status, headers, token = get(base_url, "/test_http/csrf_token")
    assert status == 200
    # no session cookie on a request without db session: the token is bound to the session
    cookie = headers.get("Set-Cookie", "")
    sid = re.search(r"session_id=([^;]+)", cookie)
    extra = {"Cookie": f"session_id={sid.group(1)}"} if sid else {}
    body = f"value=2&csrf_token={token.decode()}"
    status, _headers, data = post(base_url, "/test_http/form", body, "application/x-www-form-urlencoded", extra)
    if not sid:   # the session was never stored, so it cannot be matched: still refused
        assert status == 400
    else:
        assert (status, data) == (200, b"got 2")


def test_template_rendering(base_url):
    status, headers, data = get(base_url, "/test_http/page?who=%3Cb%3E")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"Hello &lt;b&gt;" in data


def test_cors(base_url, json_client):
    assert json_client.call("/test_http/cors", {})["result"] == "cors ok"
    assert json_client.last_headers["Access-Control-Allow-Origin"] == "*"
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    connection.request("OPTIONS", "/test_http/cors")
    response = connection.getresponse()
    response.read()
    assert response.status == 204 and response.getheader("Access-Control-Allow-Origin") == "*"


def test_auth_public_falls_back_to_the_public_user(json_client):
    uid = json_client.call("/test_http/public", {})["result"]["uid"]
    assert isinstance(uid, int) and uid not in (1, 2)


def test_a_route_refused_by_a_concurrent_update_runs_again_as_the_same_user(json_client):
    public_uid = json_client.call("/test_http/public", {})["result"]["uid"]
    result = json_client.call("/test_http/retry_once", {"token": "retry-a"})["result"]
    # the first try's create was rolled back; the second ran on a new cursor, still public
    assert result == {"uid": public_uid, "tries": 2, "things": 1}


def test_auth_user_http_route_redirects_to_login(base_url):
    status, headers, _data = get(base_url, "/web")
    assert status == 303 and headers["Location"].startswith("/web/login?redirect=")


def test_static_files_with_cache_headers(base_url):
    status, headers, data = get(base_url, "/test_http_a/static/src/a.js")
    assert status == 200 and data.startswith(b"export function a()")
    assert headers["Content-Type"].startswith("text/javascript")
    assert "no-cache" in headers["Cache-Control"]       # an ES module: revalidated (304)
    status, _headers, _data = get(base_url, "/test_http_a/static/src/a.js",
                                  {"If-None-Match": headers["ETag"]})
    assert status == 304
    status, headers, _data = get(base_url, "/test_http_a/static/src/a.js?unique=abc")
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    assert "max-age=604800" in get(base_url, "/test_http_a/static/src/style.css")[1]["Cache-Control"]
    assert get(base_url, "/test_http_a/static/../__manifest__.py")[0] == 404
    assert get(base_url, "/test_http_a/static/src/missing.js")[0] == 404


def test_health(base_url):
    status, headers, data = get(base_url, "/web/health")
    assert status == 200 and json.loads(data) == {"status": "pass"}
    assert json.loads(get(base_url, "/web/health?db_server_status=1")[2])["db_server_status"] is True


def test_login_form_logs_in_and_redirects(base_url, http_db):
    status, headers, page = get(base_url, "/web/login?redirect=/test_http/hello_b")
    assert status == 200 and b'name="csrf_token"' in page
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
    sid = re.search(r"session_id=([^;]+)", headers.get("Set-Cookie", ""))
    cookie = {"Cookie": f"session_id={sid.group(1)}"} if sid else {}
    body = f"login=admin&password=admin&redirect=/test_http/hello_b&csrf_token={token}"
    status, headers, _ = post(base_url, "/web/login", body, "application/x-www-form-urlencoded", cookie)
    assert status == 303 and headers["Location"].endswith("/test_http/hello_b")
    new_sid = re.search(r"session_id=([^;]+)", headers["Set-Cookie"]).group(1)
    assert not sid or new_sid != sid.group(1)
    status, _headers, page = get(base_url, "/web", {"Cookie": f"session_id={new_sid}"})
    assert status == 200 and b'csrf_token: "' in page


def test_login_form_wrong_password(base_url):
    status, headers, page = get(base_url, "/web/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
    sid = re.search(r"session_id=([^;]+)", headers.get("Set-Cookie", ""))
    cookie = {"Cookie": f"session_id={sid.group(1)}"} if sid else {}
    status, _headers, page = post(base_url, "/web/login", f"login=admin&password=nope&csrf_token={token}",
                                  "application/x-www-form-urlencoded", cookie)
    assert status == 200 and b"Wrong login/password" in page


def test_request_proxy_outside_a_request():
    from framework.http import request
    assert not request
    with pytest.raises(RuntimeError, match="Working outside of an HTTP request"):
        request.env


def test_route_rejects_unknown_types():
    from framework.http import route
    with pytest.raises(ValueError, match="type must be one of"):
        route("/x", type="soap")


def test_unknown_path_is_404(base_url):
    assert get(base_url, "/no/such/page")[0] == 404


def test_proxy_mode_honours_forwarded_headers(serve_app, http_db):
    url = serve_app(make_config(dbfilter=f"^{http_db}$", proxy_mode=True))
    client = JsonClient(url)
    status, headers, data = client.raw("/web/session/authenticate", json.dumps(
        {"jsonrpc": "2.0", "params": {"db": http_db, "login": "admin", "password": "admin"}}).encode(),
        headers={"X-Forwarded-Host": "erp.example.com", "X-Forwarded-Proto": "https",
                 "X-Forwarded-For": "203.0.113.7"})
    assert status == 200
    assert json.loads(data)["result"]["web.base.url"] == "https://erp.example.com"
