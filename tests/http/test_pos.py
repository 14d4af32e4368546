"""The Point of Sale over HTTP: its page, its payload (extended both ways), loading more
records, sending orders (replays and concurrent sends), and a cashier's rights.

The database has ``point_of_sale`` with its demo data (the tills, the ``cashier`` user)
and ``test_pos_payload_ext``, which extends the payload through the seed's
``_get_pos_ui_data`` and through Odoo 17's ``_loader_params_product_product``.
"""
from __future__ import annotations

import http.client
import threading

import pytest

from tests.support.db import install, make_config
from tests.support.http import ADMIN_PASSWORD, JsonClient


@pytest.fixture(scope="module")
def pos_db(make_db) -> str:
    return install(make_db, "test_pos_http_", ["test_pos_payload_ext"], without_demo=False).db_name


@pytest.fixture(scope="module")
def pos_url(pos_db, serve_app) -> str:
    return serve_app(make_config(dbfilter=f"^{pos_db}$"))


def login(url: str, db: str, user: str = "admin", password: str = ADMIN_PASSWORD) -> JsonClient:
    client = JsonClient(url)
    body = client.call("/web/session/authenticate", {"db": db, "login": user, "password": password})
    assert body["result"]["uid"], body
    return client


def call_kw(client: JsonClient, model: str, method: str, args: list, kwargs: dict | None = None):
    body = client.call(f"/web/dataset/call_kw/{model}/{method}",
                       {"model": model, "method": method, "args": args, "kwargs": kwargs or {}})
    return body


def result(body: dict):
    assert "error" not in body, body["error"]
    return body.get("result")


def get(client: JsonClient, path: str) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection(client.host, timeout=30)
    connection.request("GET", path, headers={"Cookie": f"session_id={client.cookie}"} if client.cookie else {})
    response = connection.getresponse()
    data = response.read().decode()
    connection.close()
    return response.status, dict(response.getheaders()), data


@pytest.fixture(scope="module")
def admin(pos_url, pos_db) -> JsonClient:
    return login(pos_url, pos_db)


@pytest.fixture(scope="module")
def main_config(admin) -> int:
    [row] = result(call_kw(admin, "pos.config", "search_read", [[("name", "=", "Cash Register 1")]],
                           {"fields": ["id"]}))
    return row["id"]


@pytest.fixture(scope="module")
def opened_session(admin, main_config) -> int:
    """Cash Register 1 opened by the admin, its cash counted."""
    action = result(call_kw(admin, "pos.config", "open_ui", [[main_config]]))
    assert action == {"type": "ir.actions.act_url", "url": f"/pos/ui?config_id={main_config}", "target": "self"}
    [config] = result(call_kw(admin, "pos.config", "read", [[main_config], ["current_session_id"]]))
    session_id = config["current_session_id"][0]
    result(call_kw(admin, "pos.session", "set_cashbox_pos", [[session_id], 0.0, "start"]))
    return session_id


def product_and_cash(admin, config_id: int) -> tuple[dict, int]:
    data = result(admin.call("/pos/ui", {"config_id": config_id}))
    product = next(p for p in data["product.product"] if p["display_name"] == "Croissant")
    cash = next(m["id"] for m in data["pos.payment.method"] if m["type"] == "cash")
    return product, cash


def order(session_id: int, product: dict, cash: int, name: str, uuid: str | None = None) -> dict:
    # Croissant: 1.40 with 15 % included (price 1.40, tax 0.18)
    body = {"name": name, "uid": name.removeprefix("Order "), "sequence_number": 1, "pos_session_id": session_id,
            "user_id": 2, "partner_id": False, "pricelist_id": False, "fiscal_position_id": False,
            "date_order": "2024-05-01 10:00:00", "amount_paid": 2.8, "amount_total": 2.8, "amount_tax": 0.37,
            "amount_return": 0, "to_invoice": False, "server_id": False,
            "lines": [[0, 0, {"product_id": product["id"], "qty": 2, "price_unit": 1.4, "discount": 0,
                              "price_subtotal": 2.43, "price_subtotal_incl": 2.8,
                              "tax_ids": [[6, False, product["taxes_id"]]], "pack_lot_ids": []}]],
            "statement_ids": [[0, 0, {"name": "2024-05-01 10:00:00", "payment_method_id": cash, "amount": 2.8}]]}
    if uuid:
        body["uuid"] = uuid
    return {"id": body["uid"], "to_invoice": False, "data": body}


def test_pos_page_says_how_to_open_a_session(pos_url, pos_db, admin):
    [bakery] = result(call_kw(admin, "pos.config", "search_read", [[("name", "=", "Bakery Shop")]],
                              {"fields": ["id"]}))
    status, _headers, page = get(admin, f"/pos/ui?config_id={bakery['id']}")
    assert status == 200
    assert "Bakery Shop has no open session" in page
    assert "Open Session" in page
    status, headers, _page = get(JsonClient(pos_url), f"/pos/ui?config_id={bakery['id']}")
    assert status in (302, 303) and "/web/login" in headers["Location"]


def test_pos_page_of_an_opened_session(admin, main_config, opened_session):
    status, headers, page = get(admin, f"/pos/ui?config_id={main_config}")
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert "Cash Register 1" in page
    [session] = result(call_kw(admin, "pos.session", "read", [[opened_session], ["name", "login_number"]]))
    assert session["name"] in page
    assert session["login_number"] >= 1
    assert f'"pos_session_id": {opened_session}' in page


def test_payload_route_and_load_pos_data_carry_both_extensions(admin, main_config, opened_session):
    data = result(admin.call("/pos/ui", {"config_id": main_config}))
    assert data["test_pos_payload_ext"] == {"greeting": "hello from Cash Register 1"}
    assert all("pos_badge" in product for product in data["product.product"])
    assert len(data["product.product"]) >= 50
    assert data["pos.session"]["id"] == opened_session
    assert data["res.users"]["role"] == "manager"
    assert {m["type"] for m in data["pos.payment.method"]} == {"cash", "bank", "pay_later"}
    assert data["product.pricelist"] and all("items" in p for p in data["product.pricelist"])
    same = result(call_kw(admin, "pos.session", "load_pos_data", [[opened_session]]))
    assert same["test_pos_payload_ext"] == data["test_pos_payload_ext"]
    assert sorted(same) == sorted(data)
    # int-keyed dicts arrive with string keys, as from Odoo
    assert all(isinstance(key, str) for key in same["taxes_by_id"])


def test_web_read_models(admin, main_config, opened_session):
    rows = result(admin.call("/pos/web_read_models", {
        "model": "product.product", "config_id": main_config, "domain": [["barcode", "!=", False]],
        "fields": ["display_name", "barcode"], "limit": 3, "offset": 1}))
    assert len(rows) == 3 and all(row["barcode"] for row in rows)
    partners = result(admin.call("/pos/web_read_models", {
        "model": "res.partner", "config_id": main_config, "domain": [["name", "=", "Deco Addict"]]}))
    assert [p["name"] for p in partners] == ["Deco Addict"]
    methods = result(admin.call("/pos/web_read_models", {
        "model": "pos.payment.method", "config_id": main_config, "ids": [], "fields": ["name"]}))
    assert methods == []
    refused = admin.call("/pos/web_read_models", {"model": "ir.config_parameter", "config_id": main_config})
    assert refused["error"]["data"]["name"] == "odoo.exceptions.AccessError"
    by_params = result(call_kw(admin, "pos.session", "get_pos_ui_product_product_by_params",
                               [[opened_session], {"domain": [["display_name", "=", "Croissant"]], "limit": 1}]))
    assert [p["display_name"] for p in by_params] == ["Croissant"]


def test_create_from_ui_route_and_call_kw_replay(admin, main_config, opened_session):
    product, cash = product_and_cash(admin, main_config)
    payload = order(opened_session, product, cash, "Order 00001-001-0901", uuid="http-replay-1")
    [first] = result(admin.call("/pos/create_from_ui", {"orders": [payload], "draft": False}))
    assert first["status"] == "stored" and first["id"]
    [again] = result(call_kw(admin, "pos.order", "create_from_ui", [[payload], False]))
    assert (again["id"], again["status"]) == (first["id"], "known")
    [stored] = result(call_kw(admin, "pos.order", "read", [[first["id"]], ["state", "amount_total", "amount_tax"]]))
    # amounts are floats rounded as Odoo's float_round does (2.8 may read as 2.8000000000000003)
    assert (stored["state"], stored["amount_total"], stored["amount_tax"]) == \
        ("paid", pytest.approx(2.8, abs=1e-9), pytest.approx(0.37, abs=1e-9))


def test_order_amounts_are_required_and_take_zero(admin, main_config, opened_session):
    # Odoo 17's fields_get: the amounts of orders, lines and payments are all required
    for model, names in (("pos.order", ["amount_tax", "amount_total", "amount_paid", "amount_return"]),
                         ("pos.order.line", ["price_subtotal", "price_subtotal_incl"]),
                         ("pos.payment", ["amount"])):
        described = result(call_kw(admin, model, "fields_get", [names], {"attributes": ["required"]}))
        assert {name: field["required"] for name, field in described.items()} == dict.fromkeys(names, True)
    product, cash = product_and_cash(admin, main_config)
    payload = order(opened_session, product, cash, "Order 00001-001-0902")
    payload["data"].update(amount_paid=0.0, amount_return=0.0, statement_ids=[])
    [draft] = result(admin.call("/pos/create_from_ui", {"orders": [payload], "draft": True}))
    [stored] = result(call_kw(admin, "pos.order", "read", [[draft["id"]], ["state", "amount_paid"]]))
    assert (stored["state"], stored["amount_paid"]) == ("draft", 0.0)
    result(call_kw(admin, "pos.order", "unlink", [[draft["id"]]]))     # a draft would block closing


def test_concurrent_sends_of_one_order_make_one(pos_url, pos_db, admin, main_config, opened_session):
    product, cash = product_and_cash(admin, main_config)
    payload = order(opened_session, product, cash, "Order 00001-001-0902", uuid="http-concurrent-1")
    answers, barrier = [], threading.Barrier(4)

    def send():
        client = JsonClient(pos_url)
        client.cookie = admin.cookie
        barrier.wait()
        answers.append(client.call("/pos/create_from_ui", {"orders": [payload]}))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = {result(body)[0]["id"] for body in answers}
    assert len(ids) == 1 and None not in ids and False not in ids
    count = result(call_kw(admin, "pos.order", "search_count", [[("uuid", "=", "http-concurrent-1")]]))
    assert count == 1


def test_cashier_rights(pos_url, pos_db, admin, main_config, opened_session):
    cashier = login(pos_url, pos_db, "cashier", "cashier")
    data = result(cashier.call("/pos/ui", {"config_id": main_config}))
    assert data["res.users"]["role"] == "cashier"
    refused = call_kw(cashier, "pos.config", "write", [[main_config], {"name": "Hacked"}])
    assert refused["error"]["data"]["name"] == "odoo.exceptions.AccessError"
    refused = call_kw(cashier, "pos.session", "close_session_from_ui", [[opened_session], []])
    assert refused["error"]["data"]["name"] == "odoo.exceptions.UserError"
    assert "Only a Point of Sale manager" in refused["error"]["data"]["message"]
    refused = call_kw(cashier, "pos.order.rejected", "search_read", [[]])
    assert refused["error"]["data"]["name"] == "odoo.exceptions.AccessError"
    [session] = result(call_kw(admin, "pos.session", "read", [[opened_session], ["state"]]))
    assert session["state"] == "opened"


def test_pos_page_is_for_internal_users_only(pos_url, pos_db, admin, main_config, opened_session):
    [portal_group] = result(call_kw(admin, "ir.model.data", "search_read",
                                    [[("module", "=", "base"), ("name", "=", "group_portal")]], {"fields": ["res_id"]}))
    result(call_kw(admin, "res.users", "create", [{
        "name": "Portal Pat", "login": "portal_pat", "password": "portal_pat",
        "groups_id": [[6, 0, [portal_group["res_id"]]]]}]))
    portal = login(pos_url, pos_db, "portal_pat", "portal_pat")
    status, _headers, _page = get(portal, f"/pos/ui?config_id={main_config}")
    assert status == 404


def test_create_from_ui_over_xmlrpc(pos_url, pos_db, admin, main_config, opened_session):
    import xmlrpc.client
    product, cash = product_and_cash(admin, main_config)
    payload = order(opened_session, product, cash, "Order 00001-001-0903")      # no uuid: Odoo 17's client
    with xmlrpc.client.ServerProxy(f"{pos_url}/xmlrpc/2/object") as models:
        [first] = models.execute_kw(pos_db, 2, ADMIN_PASSWORD, "pos.order", "create_from_ui", [[payload], False])
        [again] = models.execute_kw(pos_db, 2, ADMIN_PASSWORD, "pos.order", "create_from_ui", [[payload], False])
    assert first["status"] == "stored" and first["uuid"]
    assert (again["id"], again["status"]) == (first["id"], "known")


def croissant_and_cash(admin, config_id: int) -> tuple[dict, int]:
    """What product_and_cash gives, read through call_kw (not the whole payload)."""
    [product] = result(call_kw(admin, "product.product", "search_read", [[("name", "=", "Croissant")]],
                               {"fields": ["id", "taxes_id"], "limit": 1}))
    [cash] = result(call_kw(admin, "pos.payment.method", "search_read",
                            [[("config_ids", "in", [config_id]), ("type", "=", "cash")]],
                            {"fields": ["id"], "limit": 1}))
    return product, cash["id"]


def invoice_order(session_id: int, product: dict, cash: int, name: str, partner_id, uuid: str) -> dict:
    payload = order(session_id, product, cash, name, uuid=uuid)
    payload["data"]["partner_id"] = partner_id
    payload["to_invoice"] = payload["data"]["to_invoice"] = True
    return payload


def test_invoicing_at_checkout_refund_and_replay(pos_url, pos_db, admin, main_config, opened_session):
    cashier = login(pos_url, pos_db, "cashier", "cashier")
    product, cash = croissant_and_cash(admin, main_config)
    [deco] = result(call_kw(admin, "res.partner", "search_read", [[("name", "=", "Deco Addict")]], {"fields": ["id"]}))
    payload = invoice_order(opened_session, product, cash, "Order 00001-001-0911", deco["id"], "http-invoice-1")
    [answer] = result(cashier.call("/pos/create_from_ui", {"orders": [payload], "draft": False}))
    assert answer["status"] == "stored" and isinstance(answer["account_move"], int)
    [invoice] = result(call_kw(admin, "account.move", "read", [[answer["account_move"]], [
        "name", "move_type", "state", "payment_state", "amount_total", "amount_tax", "partner_id",
        "invoice_origin", "pos_order_ids", "invoice_line_ids"]]))
    assert answer["invoice_name"] == invoice["name"]
    assert (invoice["move_type"], invoice["state"], invoice["payment_state"], invoice["partner_id"][0]) == \
        ("out_invoice", "posted", "paid", deco["id"])
    assert (invoice["amount_total"], invoice["amount_tax"]) == (pytest.approx(2.8), pytest.approx(0.37))
    assert invoice["pos_order_ids"] == [answer["id"]] and len(invoice["invoice_line_ids"]) == 1
    [stored] = result(call_kw(admin, "pos.order", "read", [[answer["id"]], ["state", "account_move", "name", "lines"]]))
    assert (stored["state"], stored["account_move"][0], invoice["invoice_origin"]) == \
        ("invoiced", invoice["id"], stored["name"])
    # a replay (the acknowledgement was lost) answers the same order and invoice, and makes nothing
    [again] = result(call_kw(cashier, "pos.order", "create_from_ui", [[payload], False]))
    assert (again["status"], again["id"], again["account_move"]) == ("known", answer["id"], invoice["id"])
    assert result(call_kw(admin, "account.move", "search_count",
                          [[("invoice_origin", "=", stored["name"])]])) == 1
    # the refund of one croissant is a paid credit note
    refund = invoice_order(opened_session, product, cash, "Order 00001-001-0912", deco["id"], "http-invoice-2")
    line = refund["data"]["lines"][0][2]
    line.update(qty=-1, price_subtotal=-1.22, price_subtotal_incl=-1.4, refunded_orderline_id=stored["lines"][0])
    refund["data"].update(amount_total=-1.4, amount_tax=-0.18, amount_paid=-1.4)
    refund["data"]["statement_ids"][0][2]["amount"] = -1.4
    [credited] = result(cashier.call("/pos/create_from_ui", {"orders": [refund]}))
    assert credited["status"] == "stored", credited.get("reason")
    [note] = result(call_kw(admin, "account.move", "read", [[credited["account_move"]], [
        "move_type", "payment_state", "amount_total", "reversed_entry_id"]]))
    assert (note["move_type"], note["payment_state"], note["amount_total"], note["reversed_entry_id"][0]) == \
        ("out_refund", "paid", pytest.approx(1.4), invoice["id"])


def test_invoicing_refusals_and_later_invoice(pos_url, pos_db, admin, main_config, opened_session):
    product, cash = croissant_and_cash(admin, main_config)
    no_customer = invoice_order(opened_session, product, cash, "Order 00001-001-0913", False, "http-invoice-3")
    [refused] = result(admin.call("/pos/create_from_ui", {"orders": [no_customer]}))
    assert refused["status"] == "refused" and "has no customer" in refused["reason"]
    [kept] = result(call_kw(admin, "pos.order.rejected", "read", [[refused["rejected_id"]], ["state", "reason"]]))
    assert (kept["state"], kept["reason"]) == ("open", refused["reason"])
    # paid without an invoice, then invoiced by a manager from the backend, once
    [deco] = result(call_kw(admin, "res.partner", "search_read", [[("name", "=", "Deco Addict")]], {"fields": ["id"]}))
    later = order(opened_session, product, cash, "Order 00001-001-0914", uuid="http-invoice-4")
    later["data"]["partner_id"] = deco["id"]
    [paid] = result(admin.call("/pos/create_from_ui", {"orders": [later]}))
    assert paid["account_move"] is False
    action = result(call_kw(admin, "pos.order", "action_pos_order_invoice", [[paid["id"]]]))
    assert action["res_model"] == "account.move" and action["res_id"]
    [stored] = result(call_kw(admin, "pos.order", "read", [[paid["id"]], ["state", "account_move"]]))
    assert (stored["state"], stored["account_move"][0]) == ("invoiced", action["res_id"])
    twice = call_kw(admin, "pos.order", "action_pos_order_invoice", [[paid["id"]]])
    assert twice["error"]["data"]["name"] == "odoo.exceptions.UserError"
    assert "already invoiced" in twice["error"]["data"]["message"]
