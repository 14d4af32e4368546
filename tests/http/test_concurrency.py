"""Concurrent calls on one live server: transactions run in REPEATABLE READ, as Odoo's, and
the service retries what a concurrent update refused, so no update is lost and no call fails."""
from __future__ import annotations

import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor

from tests.support.http import ADMIN_PASSWORD, JsonClient


def in_parallel(count: int, func) -> list:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _i: func(), range(count)))


def test_concurrent_read_modify_write_loses_no_update(base_url, http_db):
    def proxy():
        return xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/object")
    thing = proxy().execute_kw(http_db, 2, ADMIN_PASSWORD, "test_http.thing", "create",
                               [{"name": "counter", "count": 0}])
    results = in_parallel(3, lambda: proxy().execute_kw(
        http_db, 2, ADMIN_PASSWORD, "test_http.thing", "bump_slowly", [[thing], 0.3]))
    assert results == [True, True, True]
    [row] = proxy().execute_kw(http_db, 2, ADMIN_PASSWORD, "test_http.thing", "read", [[thing], ["count"]])
    assert row["count"] == 3          # in READ COMMITTED two of the three would be lost


def test_concurrent_logins_of_one_user_all_succeed(base_url, http_db):
    def login():
        common = xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/common")
        return common.authenticate(http_db, "admin", ADMIN_PASSWORD, {})
    assert in_parallel(4, login) == [2, 2, 2, 2]


def test_concurrent_requests_of_one_session_all_succeed(base_url, http_db):
    client = JsonClient(base_url)
    body = client.call("/web/session/authenticate",
                       {"db": http_db, "login": "admin", "password": ADMIN_PASSWORD})
    assert body["result"]["uid"] == 2

    def session_info():
        other = JsonClient(base_url)
        other.cookie = client.cookie
        return other.call("/web/session/get_session_info")["result"]["uid"]
    assert in_parallel(8, session_info) == [2] * 8
