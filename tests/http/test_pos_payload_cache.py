"""The POS payload's cache, over HTTP: the catalogue part is served from the cache until a
record it reads changes, in this process or another one; the session part is always
fresh; one user's cached catalogue never reaches another; the answer is gzip-encoded
when the client accepts it; the rights are checked before anything is served."""
from __future__ import annotations

import gzip
import json

import pytest

from tests.http.test_pos import call_kw, login, result
from tests.support.cli import server_flags, start, stop, wait_for_port
from tests.support.db import install, make_config
from tests.support.http import JsonClient


@pytest.fixture(scope="module")
def pos_db(make_db) -> str:
    return install(make_db, "test_pos_cache_", ["point_of_sale"], without_demo=False).db_name


@pytest.fixture(scope="module")
def pos_url(pos_db, serve_app) -> str:
    return serve_app(make_config(dbfilter=f"^{pos_db}$"))


@pytest.fixture(scope="module")
def admin(pos_url, pos_db) -> JsonClient:
    return login(pos_url, pos_db)


@pytest.fixture(scope="module")
def config_id(admin) -> int:
    [row] = result(call_kw(admin, "pos.config", "search_read", [[("name", "=", "Cash Register 1")]],
                           {"fields": ["id"]}))
    result(call_kw(admin, "pos.config", "open_ui", [[row["id"]]]))
    return row["id"]


def payload(client: JsonClient, config_id: int, gzipped: bool = False, id=7) -> tuple[dict, dict]:
    """(result, response headers) of POST /pos/ui."""
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"config_id": config_id}, "id": id})
    headers = {"Accept-Encoding": "gzip, deflate"} if gzipped else {}
    status, headers, data = client.raw("/pos/ui", body.encode(), headers=headers)
    assert status == 200, data[:500]
    if headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    answer = json.loads(data)
    assert answer["id"] == id and "error" not in answer, answer.get("error")
    return answer["result"], headers


def product_of(data: dict, product_id: int) -> dict:
    return next(p for p in data["product.product"] if p["id"] == product_id)


def test_gzip_and_plain_answers_carry_the_same_payload(admin, config_id):
    plain, plain_headers = payload(admin, config_id)
    zipped, zipped_headers = payload(admin, config_id, gzipped=True)
    assert (plain_headers.get("Content-Encoding"), zipped_headers["Content-Encoding"],
            zipped_headers["Vary"]) == (None, "gzip", "Accept-Encoding")
    assert zipped == plain
    assert plain["pos.session"]["config_id"][0] == config_id
    assert len(plain["product.product"]) >= 50 and plain["res.users"]["role"] == "manager"


def test_call_kw_load_pos_data_is_the_same_answer(admin, config_id):
    data, _headers = payload(admin, config_id)
    same = result(call_kw(admin, "pos.session", "load_pos_data", [[data["pos.session"]["id"]]]))
    assert same == data


@pytest.mark.parametrize("model, field, value, check", [
    ("product.product", "lst_price", 123.45,
     lambda data, rid: product_of(data, rid)["lst_price"] == 123.45),
    ("product.product", "name", "Renamed in cache test",
     lambda data, rid: product_of(data, rid)["display_name"].endswith("Renamed in cache test")),
    ("res.partner", "phone", "+32 2 555 00 11",
     lambda data, rid: any(p["id"] == rid and p["phone"] == "+32 2 555 00 11" for p in data["res.partner"])),
    ("account.tax", "amount", 17.5,
     lambda data, rid: data["taxes_by_id"][str(rid)]["amount"] == 17.5),
    ("product.pricelist", "name", "Cache Test Pricelist",
     lambda data, rid: any(p["id"] == rid and p["name"] == "Cache Test Pricelist"
                           for p in data["product.pricelist"])),
])
def test_a_write_to_the_catalogue_shows_in_the_next_payload(admin, config_id, model, field, value, check):
    before, _headers = payload(admin, config_id, gzipped=True)
    key = {"product.product": "product.product", "res.partner": "res.partner",
           "account.tax": "account.tax", "product.pricelist": "product.pricelist"}[model]
    record_id = before[key][0]["id"]
    warm, _headers = payload(admin, config_id, gzipped=True)
    assert warm == before and not check(warm, record_id)
    result(call_kw(admin, model, "write", [[record_id], {field: value}]))
    after, _headers = payload(admin, config_id, gzipped=True)
    assert check(after, record_id)


def test_the_session_part_is_fresh_on_a_cache_hit(admin, config_id):
    first, _headers = payload(admin, config_id)
    session_id = first["pos.session"]["id"]
    result(call_kw(admin, "pos.session", "set_cashbox_pos", [[session_id], 12.0, "counted"]))
    second, _headers = payload(admin, config_id)
    assert (first["pos.session"]["state"], second["pos.session"]["state"]) == ("opening_control", "opened")
    assert second["pos.session"]["cash_register_balance_start"] == 12.0
    assert second["product.product"] == first["product.product"]


def test_users_never_share_a_cached_catalogue_and_rights_hold(admin, config_id, pos_url, pos_db):
    payload(admin, config_id)                                      # the admin's catalogue is warm
    cashier = login(pos_url, pos_db, "cashier", "cashier")
    data, _headers = payload(cashier, config_id, gzipped=True)
    assert (data["res.users"]["role"], data["res.users"]["id"]) == ("cashier", cashier_uid(admin))
    again, _headers = payload(admin, config_id, gzipped=True)
    assert again["res.users"]["role"] == "manager"
    # a user without the POS group is refused, warm cache or not
    uid = result(call_kw(admin, "res.users", "create", [{"name": "No Till", "login": "no_till",
                                                         "password": "no_till_pw"}]))
    result(call_kw(admin, "res.users", "write", [[uid], {"groups_id": [(6, 0, [ref_id(admin, "base.group_user")])]}]))
    stranger = login(pos_url, pos_db, "no_till", "no_till_pw")
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"config_id": config_id}, "id": 1})
    status, _headers, raw = stranger.raw("/pos/ui", body.encode(), headers={"Accept-Encoding": "gzip"})
    answer = json.loads(raw)
    assert (status, "product.product" in raw.decode(errors="replace"),
            answer["error"]["data"]["name"]) == (200, False, "odoo.exceptions.AccessError")


def cashier_uid(admin) -> int:
    [row] = result(call_kw(admin, "res.users", "search_read", [[("login", "=", "cashier")]], {"fields": ["id"]}))
    return row["id"]


def ref_id(admin, xmlid: str) -> int:
    module, name = xmlid.split(".")
    [row] = result(call_kw(admin, "ir.model.data", "search_read",
                           [[("module", "=", module), ("name", "=", name)]], {"fields": ["res_id"]}))
    return row["res_id"]


def test_another_worker_process_sees_the_invalidation(admin, config_id, pg_address, pos_db):
    warm, _headers = payload(admin, config_id)
    product_id = warm["product.product"][1]["id"]
    payload(admin, config_id)                                      # cached in this process
    other = start(*server_flags(pg_address), "-d", pos_db, "--db-filter", f"^{pos_db}$",
                  "--http-interface", "127.0.0.1", "--http-port", "0")
    try:
        port, _lines = wait_for_port(other)
        other_admin = login(f"http://127.0.0.1:{port}", pos_db)
        payload(other_admin, config_id)                            # cached in the other process
        result(call_kw(other_admin, "product.product", "write", [[product_id], {"lst_price": 77.7}]))
        seen_there, _headers = payload(other_admin, config_id)
    finally:
        stop(other)
    seen_here, _headers = payload(admin, config_id)
    assert product_of(seen_there, product_id)["lst_price"] == 77.7
    assert product_of(seen_here, product_id)["lst_price"] == 77.7
