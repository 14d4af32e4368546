"""JSON-RPC: /jsonrpc and the /web session routes, through real HTTP (§10 vectors TV10–TV14)."""
from __future__ import annotations

import json
import time

import pytest

from tests.support.http import ADMIN_PASSWORD, JsonClient


def rpc(json_client, service, method, *args, id=1):
    return json_client.call("/jsonrpc", {"service": service, "method": method, "args": list(args)}, id=id)


def test_tv10_version_over_jsonrpc_and_webclient(json_client):
    expected = {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""],
                "server_serie": "17.0", "protocol_version": 1}
    assert rpc(json_client, "common", "version") == {"jsonrpc": "2.0", "id": 1, "result": expected}
    assert json_client.call("/web/webclient/version_info", {}, id=9) == {
        "jsonrpc": "2.0", "id": 9, "result": expected}


def test_tv11_bad_password(json_client, http_db):
    body = rpc(json_client, "object", "execute_kw", http_db, 2, "wrong", "res.partner", "search", [[]], id=2)
    assert body["id"] == 2 and "result" not in body
    error = body["error"]
    assert (error["code"], error["message"]) == (200, "Odoo Server Error")
    data = error["data"]
    assert data["name"] == "odoo.exceptions.AccessDenied"
    assert (data["message"], data["arguments"], data["context"]) == ("Access Denied", ["Access Denied"], {})
    assert data["debug"].startswith("Traceback (most recent call last):")


def test_execute_kw_over_jsonrpc(json_client, http_db):
    body = rpc(json_client, "object", "execute_kw", http_db, 2, ADMIN_PASSWORD, "res.partner",
               "search_read", [[["id", "=", 1]]], {"fields": ["name"]})
    assert body == {"jsonrpc": "2.0", "id": 1, "result": [{"id": 1, "name": "My Company"}]}


def test_dates_travel_as_server_format_strings(json_client, http_db):
    created = rpc(json_client, "object", "execute_kw", http_db, 2, ADMIN_PASSWORD, "test_http.thing",
                  "create", [{"name": "dated", "day": "2024-05-01", "moment": "2024-05-01 10:00:00"}])
    body = rpc(json_client, "object", "execute_kw", http_db, 2, ADMIN_PASSWORD, "test_http.thing",
               "search_read", [[["id", "=", created["result"]]]], {"fields": ["day", "moment"]})
    assert body["result"] == [{"id": created["result"], "day": "2024-05-01", "moment": "2024-05-01 10:00:00"}]


def test_tv7_none_result_has_no_result_member(json_client, http_db):
    thing = rpc(json_client, "object", "execute_kw", http_db, 2, ADMIN_PASSWORD, "test_http.thing",
                "create", [{"name": "json tv7"}])["result"]
    body = rpc(json_client, "object", "execute_kw", http_db, 2, ADMIN_PASSWORD, "test_http.thing",
               "action_none", [[thing]], id=77)
    assert body == {"jsonrpc": "2.0", "id": 77}


@pytest.mark.parametrize(("kind", "name"), [("user", "odoo.exceptions.UserError"),
                                            ("validation", "odoo.exceptions.ValidationError"),
                                            ("missing", "odoo.exceptions.MissingError"),
                                            ("access", "odoo.exceptions.AccessError"),
                                            ("zero", "builtins.ZeroDivisionError")])
def test_error_names_are_odoo_names(json_client, http_db, kind, name):
    body = rpc(json_client, "object", "execute_kw", http_db, 2, ADMIN_PASSWORD, "test_http.thing",
               "fail", [kind])
    assert body["error"]["data"]["name"] == name
    assert body["error"]["code"] == 200


def test_unknown_service_is_a_key_error(json_client):
    body = rpc(json_client, "nope", "version")
    assert body["error"]["data"]["name"] == "builtins.KeyError"


def test_request_id_is_echoed_as_sent(json_client):
    assert rpc(json_client, "common", "version", id="abc-1")["id"] == "abc-1"
    assert rpc(json_client, "common", "version", id=None)["id"] is None
    assert rpc(json_client, "common", "version", id=2**40)["id"] == 2**40


def test_json_rpc_content_type_is_accepted(json_client):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 5,
                       "params": {"service": "common", "method": "version", "args": []}})
    status, headers, data = json_client.raw("/jsonrpc", body.encode(), "application/json-rpc")
    assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(data)["result"]["server_serie"] == "17.0"


@pytest.mark.parametrize(("body", "text"), [(b"{not json", b"Invalid JSON data"),
                                            (b"[1, 2]", b"Invalid JSON-RPC data")])
def test_a_body_that_is_not_json_rpc_is_a_plain_400(json_client, body, text):
    status, headers, data = json_client.raw("/jsonrpc", body)
    assert (status, data) == (400, text)          # Odoo's answer: no JSON-RPC envelope
    assert headers["Content-Type"] == "text/html; charset=utf-8" and "Set-Cookie" not in headers


@pytest.mark.parametrize(("params", "name"), [([1], "builtins.TypeError"), (["x"], "builtins.ValueError")])
def test_params_that_are_not_named_arguments_are_an_error_object(json_client, params, name):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 8, "params": params}).encode()
    status, _headers, data = json_client.raw("/jsonrpc", body)
    answer = json.loads(data)
    assert status == 200 and answer["id"] == 8 and answer["error"]["data"]["name"] == name


def test_wrong_content_type_on_a_json_route(json_client):
    status, headers, data = json_client.raw("/jsonrpc", b"{}", "text/plain")
    assert status == 400 and headers["Content-Type"].startswith("text/html")
    assert b"Request inferred type is compatible with [&#39;http&#39;] but &#39;/jsonrpc&#39; " \
           b"is type=&#39;json&#39;." in data


# -- TV12–TV14: web sessions --------------------------------------------------------------------

def authenticate(json_client, db, password=ADMIN_PASSWORD, login="admin"):
    return json_client.call("/web/session/authenticate",
                            {"db": db, "login": login, "password": password}, id=3)


def test_tv12_authenticate(json_client, http_db):
    body = authenticate(json_client, http_db)
    result = body["result"]
    assert result["uid"] == 2 and result["db"] == http_db and result["username"] == "admin"
    assert result["user_context"] == {"lang": "en_US", "tz": False, "uid": 2}
    assert result["is_admin"] is True and result["is_system"] is True
    assert result["server_version_info"] == [17, 0, 0, "final", 0, ""]
    assert result["partner_id"] == 3 and result["name"] == "Administrator"
    cookie = json_client.last_headers["Set-Cookie"]
    assert cookie.startswith("session_id=") and "HttpOnly" in cookie and "Path=/" in cookie
    assert "SameSite=Lax" in cookie


def test_tv12_bad_password_and_unknown_db(json_client, http_db):
    error = authenticate(json_client, http_db, password="bad")["error"]
    assert (error["data"]["name"], error["data"]["message"]) == ("odoo.exceptions.AccessDenied", "Access Denied")
    error = authenticate(json_client, "no_such_db")["error"]
    assert (error["data"]["name"], error["data"]["message"]) == ("odoo.exceptions.AccessError", "Database not found.")


CALL_KW = {"model": "res.partner", "method": "search_read", "args": [[["id", "=", 1]]],
           "kwargs": {"fields": ["name"], "limit": 1}}


def test_tv13_call_kw_without_session_is_code_100(json_client):
    body = json_client.call("/web/dataset/call_kw/res.partner/search_read", CALL_KW, id=4)
    assert body["id"] is None                 # Odoo refuses the session before reading the body
    assert "Set-Cookie" not in json_client.last_headers
    error = body["error"]
    assert (error["code"], error["message"]) == (100, "Odoo Session Expired")
    assert error["data"]["name"] == "odoo.http.SessionExpiredException"
    assert (error["data"]["message"], error["data"]["arguments"]) == ("Session expired", ["Session expired"])


def test_tv13_call_kw_with_session(json_client, http_db):
    authenticate(json_client, http_db)
    for path in ("/web/dataset/call_kw", "/web/dataset/call_kw/res.partner/search_read"):
        assert json_client.call(path, CALL_KW, id=4) == {
            "jsonrpc": "2.0", "id": 4, "result": [{"id": 1, "name": "My Company"}]}


def test_call_kw_refuses_private_methods(json_client, http_db):
    authenticate(json_client, http_db)
    body = json_client.call("/web/dataset/call_kw", {"model": "res.partner", "method": "_read_field_names",
                                                     "args": [[1]], "kwargs": {}})
    assert body["error"]["data"]["name"] == "odoo.exceptions.AccessError"


def test_tv14_destroy(json_client, http_db):
    authenticate(json_client, http_db)
    assert json_client.call("/web/session/get_session_info", {})["result"]["uid"] == 2
    assert json_client.call("/web/session/destroy", {}, id=5) == {"jsonrpc": "2.0", "id": 5}
    assert json_client.call("/web/dataset/call_kw", CALL_KW)["error"]["code"] == 100


def test_session_check_and_modules(json_client, http_db):
    assert json_client.call("/web/session/check", {})["error"]["code"] == 100
    authenticate(json_client, http_db)
    assert json_client.call("/web/session/check", {}) == {"jsonrpc": "2.0", "id": 1}
    modules = json_client.call("/web/session/modules", {})["result"]
    assert {"base", "web", "test_http_a", "test_http_b"} <= set(modules)


def test_database_list(json_client, http_db):
    assert json_client.call("/web/database/list", {})["result"] == [http_db]


def test_failed_json_request_rolls_back(json_client, http_db):
    authenticate(json_client, http_db)
    body = json_client.call("/test_http/create_and_fail", {"name": "rolled back"})
    assert body["error"]["data"]["name"] == "builtins.ValueError"
    rows = json_client.call("/web/dataset/call_kw", {
        "model": "test_http.thing", "method": "search", "args": [[["name", "=", "rolled back"]]],
        "kwargs": {}})
    assert rows["result"] == []


def test_integrity_error_in_web_call_is_a_validation_error(json_client, http_db):
    authenticate(json_client, http_db)
    create = {"model": "test_http.thing", "method": "create", "args": [{"name": "w", "code": "WEBUNIQ"}],
              "kwargs": {}}
    assert isinstance(json_client.call("/web/dataset/call_kw", create)["result"], int)
    error = json_client.call("/web/dataset/call_kw", create)["error"]
    assert error["data"]["name"] == "odoo.exceptions.ValidationError"
    assert error["data"]["message"] == "The operation cannot be completed: The code must be unique."


def test_two_clients_have_separate_sessions(base_url, http_db):
    first, second = JsonClient(base_url), JsonClient(base_url)
    authenticate(first, http_db)
    assert first.call("/test_http/whoami", {})["result"]["uid"] == 2
    assert second.call("/test_http/whoami", {})["error"]["code"] == 100


def test_read_calls_end_their_transaction_after_answering(json_client, http_db, pg_address):
    """A search_read commits once its answer is sent; every connection is back afterwards."""
    from framework import sql_db
    pool = sql_db.db_connect(http_db, pg_address)._open_pool()
    def lent():
        stats = pool.get_stats()
        return stats["pool_size"] - stats.get("pool_available", 0)
    before = lent()
    for i in range(80):                      # more than a pool would lend without returns
        body = rpc(json_client, "object", "execute_kw", http_db, 2, ADMIN_PASSWORD, "res.partner",
                   "search_read", [[["id", "=", 1]]], {"fields": ["name"]}, id=i)
        assert body["result"] == [{"id": 1, "name": "My Company"}]
    for _ in range(200):                     # the last one ends just after its answer
        if lent() <= before:
            break
        time.sleep(0.01)
    assert lent() <= before


def test_ir_default_set_over_call_kw_then_default_get(json_client, http_db):
    authenticate(json_client, http_db)

    def call_kw(model, method, args, kwargs=None):
        return json_client.call("/web/dataset/call_kw", {"model": model, "method": method,
                                                         "args": args, "kwargs": kwargs or {}})

    assert "note" not in call_kw("test_http.thing", "default_get", [["note", "count"]])["result"]
    try:
        assert call_kw("ir.default", "set", ["test_http.thing", "note", "Typed by RPC"],
                       {"user_id": True})["result"] is True
        assert call_kw("test_http.thing", "default_get", [["note", "count"]])["result"] == {"note": "Typed by RPC"}
        error = call_kw("ir.default", "set", ["test_http.thing", "count", "many"])["error"]
        assert error["data"]["name"] == "odoo.exceptions.ValidationError"
    finally:
        call_kw("ir.default", "discard_values", ["test_http.thing", "note", ["Typed by RPC"]])
    assert "note" not in call_kw("test_http.thing", "default_get", [["note"]])["result"]
