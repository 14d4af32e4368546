"""The POS extension addons over HTTP: ``pos_custom_example`` (note templates in the payload
and on synced orders, its module in the POS bundle), ``pos_demo_terminal`` (send, status and
cancel routes) and ``pos_loyalty`` (points earned by a synced order, the balance route, and
concurrent redemptions from two tills of which only what the card pays for succeeds).

The database has ``point_of_sale`` with its demo data (Cash Register 1, the ``cashier`` user)
and the three addons.
"""
from __future__ import annotations

import threading
import uuid

import pytest

from tests.support.db import install, make_config
from tests.support.http import ADMIN_PASSWORD, JsonClient


@pytest.fixture(scope="module")
def extras_db(make_db) -> str:
    return install(make_db, "test_pos_extras_", ["pos_custom_example", "pos_demo_terminal", "pos_loyalty"],
                   without_demo=False).db_name


@pytest.fixture(scope="module")
def extras_url(extras_db, serve_app) -> str:
    return serve_app(make_config(dbfilter=f"^{extras_db}$"))


def login(url: str, db: str, user: str, password: str) -> JsonClient:
    client = JsonClient(url)
    body = client.call("/web/session/authenticate", {"db": db, "login": user, "password": password})
    assert body["result"]["uid"], body
    return client


def call_kw(client: JsonClient, model: str, method: str, args: list, kwargs: dict | None = None):
    return result(client.call(f"/web/dataset/call_kw/{model}/{method}",
                              {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}))


def result(body: dict):
    assert "error" not in body, body["error"]
    return body.get("result")


def error_message(body: dict) -> str:
    assert "error" in body, body
    return body["error"]["data"]["message"]


@pytest.fixture(scope="module")
def admin(extras_url, extras_db) -> JsonClient:
    return login(extras_url, extras_db, "admin", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def cashier(extras_url, extras_db) -> JsonClient:
    return login(extras_url, extras_db, "cashier", "cashier")


@pytest.fixture(scope="module")
def till(admin) -> dict:
    """Cash Register 1 opened, with a demo terminal method made before the opening."""
    [config] = call_kw(admin, "pos.config", "search_read", [[("name", "=", "Cash Register 1")]],
                       {"fields": ["id", "payment_method_ids"]})
    [bank] = call_kw(admin, "account.journal", "search_read", [[("type", "=", "bank")]],
                     {"fields": ["id"], "limit": 1})
    terminal = call_kw(admin, "pos.payment.method", "create", [{
        "name": "Demo Terminal", "journal_id": bank["id"], "use_payment_terminal": "demo"}])
    call_kw(admin, "pos.config", "write", [[config["id"]], {"payment_method_ids": [[4, terminal]]}])
    call_kw(admin, "pos.config", "open_ui", [[config["id"]]])
    [row] = call_kw(admin, "pos.config", "read", [[config["id"]], ["current_session_id"]])
    session_id = row["current_session_id"][0]
    call_kw(admin, "pos.session", "set_cashbox_pos", [[session_id], 0.0, ""])
    data = result(admin.call("/pos/ui", {"config_id": config["id"]}))
    croissant = next(p for p in data["product.product"] if p["display_name"] == "Croissant")
    cash = next(m["id"] for m in data["pos.payment.method"] if m["type"] == "cash")
    return {"config_id": config["id"], "session_id": session_id, "terminal": terminal, "croissant": croissant,
            "cash": cash}


def order(till: dict, name: str, partner_id=False, **extra) -> dict:
    """Two croissants (1.40 with 15 % included) paid cash."""
    product = till["croissant"]
    body = {"name": name, "uid": name.removeprefix("Order "), "uuid": str(uuid.uuid4()), "sequence_number": 1,
            "pos_session_id": till["session_id"], "user_id": 2, "partner_id": partner_id, "pricelist_id": False,
            "fiscal_position_id": False, "date_order": "2024-05-01 10:00:00", "amount_paid": 2.8,
            "amount_total": 2.8, "amount_tax": 0.37, "amount_return": 0, "to_invoice": False, "server_id": False,
            "lines": [[0, 0, {"product_id": product["id"], "qty": 2, "price_unit": 1.4, "discount": 0,
                              "price_subtotal": 2.43, "price_subtotal_incl": 2.8,
                              "tax_ids": [[6, False, product["taxes_id"]]], "pack_lot_ids": []}]],
            "statement_ids": [[0, 0, {"name": "2024-05-01 10:00:00", "payment_method_id": till["cash"],
                                      "amount": 2.8}]], **extra}
    return {"id": body["uid"], "to_invoice": False, "data": body}


# -- pos_custom_example ------------------------------------------------------------------------

def test_payload_and_synced_orders_carry_the_note_templates(admin, cashier, till):
    data = result(cashier.call("/pos/ui", {"config_id": till["config_id"]}))
    assert data["pos.config"]["use_note_templates"] is True
    names = {row["name"]: row["id"] for row in data["pos.order.note.template"]}
    assert {"Take away", "Gift wrap, please", "No ice"} <= set(names)
    assert data["note_templates_by_id"][str(names["No ice"])]["name"] == "No ice"
    # both extension routes reach call_kw's load_pos_data too
    same = call_kw(cashier, "pos.session", "load_pos_data", [[till["session_id"]]])
    assert same["note_templates_by_id"] == data["note_templates_by_id"]
    picked = [names["Take away"], names["No ice"]]
    [answer] = result(cashier.call("/pos/create_from_ui", {"orders": [
        order(till, "Order 00001-001-0801", note_template_ids=picked)]}))
    assert answer["status"] == "stored"
    [stored] = call_kw(admin, "pos.order", "read", [[answer["id"]], ["note_template_ids"]])
    assert sorted(stored["note_template_ids"]) == sorted(picked)
    rows = result(cashier.call("/pos/web_read_models", {"model": "pos.order.note.template",
                                                        "config_id": till["config_id"], "fields": ["name"]}))
    assert {row["name"] for row in rows} >= {"Take away", "No ice"}


def test_the_example_module_is_in_the_pos_bundle(extras_db):
    from framework.http.assets import get_bundle
    from framework.modules import find_addons
    from tests.support.db import make_config as config_for
    manifests = find_addons(config_for().addons_paths())
    bundle = get_bundle("point_of_sale.assets_pos", manifests,
                        ["base", "web", "point_of_sale", "pos_custom_example"])
    # the app's own entry first, then what the addons on top of it add
    assert [asset.url for asset in bundle.files("js")] == [
        "/point_of_sale/static/src/main.js", "/pos_custom_example/static/src/pos_custom_example.js"]
    assert b'import "/pos_custom_example/static/src/pos_custom_example.js";' in bundle.js()


# -- pos_demo_terminal -------------------------------------------------------------------------

def test_terminal_routes_approve_decline_and_cancel(admin, cashier, till):
    call_kw(admin, "ir.config_parameter", "set_param", ["pos_demo_terminal.delay", "0"])
    sent = result(cashier.call("/pos/terminal/send", {"payment_method_id": till["terminal"], "amount": 12.5,
                                                      "order_uuid": "http-order", "line_uuid": "http-line-ok"}))
    assert sent["state"] == "waiting"
    again = result(cashier.call("/pos/terminal/send", {"payment_method_id": till["terminal"], "amount": 12.5,
                                                       "order_uuid": "http-order", "line_uuid": "http-line-ok"}))
    assert again["line_uuid"] == "http-line-ok"
    approved = result(cashier.call("/pos/terminal/status", {"line_uuid": "http-line-ok"}))
    assert approved["state"] == "approved" and approved["transaction_id"].startswith("DEMO-")
    assert result(cashier.call("/pos/terminal/cancel", {"line_uuid": "http-line-ok"}))["state"] == "approved"

    result(cashier.call("/pos/terminal/send", {"payment_method_id": till["terminal"], "amount": 3.13,
                                               "line_uuid": "http-line-declined"}))
    declined = result(cashier.call("/pos/terminal/status", {"line_uuid": "http-line-declined"}))
    assert declined["state"] == "declined" and "ending in .13" in declined["reason"]

    call_kw(admin, "ir.config_parameter", "set_param", ["pos_demo_terminal.delay", "60"])
    waiting = result(cashier.call("/pos/terminal/send", {"payment_method_id": till["terminal"], "amount": 8,
                                                         "line_uuid": "http-line-cancel"}))
    assert waiting["state"] == "waiting" and waiting["retry_after"] > 50
    assert result(cashier.call("/pos/terminal/cancel", {"line_uuid": "http-line-cancel"}))["state"] == "cancelled"
    assert result(cashier.call("/pos/terminal/status", {"line_uuid": "http-line-cancel"}))["state"] == "cancelled"

    refused = cashier.call("/pos/terminal/send", {"payment_method_id": till["cash"], "amount": 8,
                                                  "line_uuid": "http-line-cash"})
    assert "has no demo terminal" in error_message(refused)



def test_terminal_payments_are_checked_when_their_order_syncs(extras_url, admin, cashier, till):
    call_kw(admin, "ir.config_parameter", "set_param", ["pos_demo_terminal.delay", "0"])
    result(cashier.call("/pos/terminal/send", {"payment_method_id": till["terminal"], "amount": 2.8,
                                               "order_uuid": "http-card-order", "line_uuid": "http-card-line"}))
    approved = result(cashier.call("/pos/terminal/status", {"line_uuid": "http-card-line"}))

    def card_order(name: str, transaction_id) -> dict:
        payload = order(till, name)
        payload["data"]["statement_ids"][0][2].update(
            payment_method_id=till["terminal"], transaction_id=transaction_id, payment_status="done",
            card_type=approved["card_type"])
        return payload

    made_up = card_order("Order 00001-001-0821", "DEMO-NOTAPPROVED")
    [refused] = result(cashier.call("/pos/create_from_ui", {"orders": [made_up]}))
    assert refused["status"] == "refused" and "DEMO-NOTAPPROVED" in refused["reason"]
    paid = card_order("Order 00001-001-0822", approved["transaction_id"])
    [stored] = result(cashier.call("/pos/create_from_ui", {"orders": [paid]}))
    assert stored["status"] == "stored", stored
    [again] = call_kw(cashier, "pos.order", "create_from_ui", [[paid], False])
    assert (again["status"], again["id"]) == ("known", stored["id"])
    # the same approval cannot pay a second order, sent alone or in parallel with a third
    reused = [card_order(f"Order 00001-001-08{n}", approved["transaction_id"]) for n in (23, 24)]
    answers, barrier = [], threading.Barrier(2)

    def send(payload):
        client = JsonClient(extras_url)
        client.cookie = cashier.cookie
        barrier.wait()
        answers.append(result(client.call("/pos/create_from_ui", {"orders": [payload]}))[0])

    threads = [threading.Thread(target=send, args=(payload,)) for payload in reused]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer["status"] for answer in answers] == ["refused", "refused"]
    assert all("already pays order Order 00001-001-0822" in answer["reason"] for answer in answers)
    rejected = call_kw(admin, "pos.order.rejected", "search_count",
                       [[("id", "in", [refused["rejected_id"], *(a["rejected_id"] for a in answers)])]])
    assert rejected == 3


# -- pos_loyalty -------------------------------------------------------------------------------

def test_points_earned_by_a_synced_order_and_concurrent_redemptions(extras_url, admin, cashier, till):
    partner = call_kw(admin, "res.partner", "create", [{"name": "Loyal Lou"}])
    program = call_kw(admin, "loyalty.program", "create", [{
        "name": "HTTP Points", "pos_config_ids": [[6, 0, [till["config_id"]]]],
        "rule_ids": [[0, 0, {"reward_point_mode": "money", "reward_point_amount": 1}]],
        "reward_ids": [[0, 0, {"description": "1.00 off", "discount_mode": "per_order", "discount": 1,
                               "required_points": 2}]]}])
    [reward] = call_kw(admin, "loyalty.reward", "search_read", [[("program_id", "=", program)]], {"fields": ["id"]})
    data = result(cashier.call("/pos/ui", {"config_id": till["config_id"]}))
    assert program in [p["id"] for p in data["loyalty.program"]]
    assert reward["id"] in [r["id"] for r in data["loyalty.reward"]]

    payload = order(till, "Order 00001-001-0802", partner_id=partner)
    [answer] = result(cashier.call("/pos/create_from_ui", {"orders": [payload]}))
    assert answer["status"] == "stored"
    [again] = result(cashier.call("/pos/create_from_ui", {"orders": [payload]}))
    assert again["status"] == "known"
    balance = result(cashier.call("/pos/loyalty/balance", {"config_id": till["config_id"], "partner_id": partner}))
    mine = next(row for row in balance if row["program_id"] == program)
    assert mine["points"] == pytest.approx(2.8)         # once, though sent twice

    # four tills redeem the 2-point reward at once from a card of 2.8 points: one succeeds
    answers, barrier = [], threading.Barrier(4)

    def redeem(number: int):
        client = JsonClient(extras_url)
        client.cookie = cashier.cookie
        barrier.wait()
        answers.append(client.call("/pos/loyalty/redeem", {
            "config_id": till["config_id"], "partner_id": partner, "reward_id": reward["id"],
            "redemption_uuid": f"http-redeem-{number}", "order_amount": 10.0}))

    threads = [threading.Thread(target=redeem, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    succeeded = [body["result"] for body in answers if "result" in body]
    refused = [body["error"]["data"]["message"] for body in answers if "error" in body]
    assert len(succeeded) == 1, answers
    assert succeeded[0]["status"] == "redeemed" and succeeded[0]["discount_amount"] == 1.0
    assert succeeded[0]["points"] == pytest.approx(0.8)
    assert len(refused) == 3 and all("Not enough points" in message for message in refused)
    balance = result(cashier.call("/pos/loyalty/balance", {"config_id": till["config_id"], "partner_id": partner}))
    assert next(row for row in balance if row["program_id"] == program)["points"] == pytest.approx(0.8)
    # a retry of the successful call spends nothing more
    retry = result(cashier.call("/pos/loyalty/redeem", {
        "config_id": till["config_id"], "partner_id": partner, "reward_id": reward["id"],
        "redemption_uuid": succeeded[0]["redemption_uuid"], "order_amount": 10.0}))
    assert (retry["status"], retry["points"]) == ("known", pytest.approx(0.8))


def in_parallel(url: str, cookie: str, calls: list[tuple[str, dict]]) -> list[dict]:
    """Send the calls at once (one thread each, released together); answers in call order."""
    answers: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def send(index: int, path: str, params: dict):
        client = JsonClient(url)
        client.cookie = cookie
        barrier.wait()
        answers[index] = client.call(path, params)

    threads = [threading.Thread(target=send, args=(index, *call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_concurrent_sends_of_one_payment_line_make_one_request(extras_url, admin, cashier, till):
    call_kw(admin, "ir.config_parameter", "set_param", ["pos_demo_terminal.delay", "60"])
    params = {"payment_method_id": till["terminal"], "amount": 4.5, "line_uuid": "http-line-race"}
    answers = in_parallel(extras_url, cashier.cookie, [("/pos/terminal/send", params)] * 4)
    assert [result(body)["state"] for body in answers] == ["waiting"] * 4
    count = call_kw(admin, "pos.terminal.transaction", "search_count", [[("line_uuid", "=", "http-line-race")]])
    assert count == 1


def test_first_orders_of_a_customer_sent_at_once_share_one_card(extras_url, admin, cashier, till):
    partner = call_kw(admin, "res.partner", "create", [{"name": "Busy Bea"}])
    calls = [("/pos/create_from_ui", {"orders": [order(till, f"Order 00001-001-08{number}", partner_id=partner)]})
             for number in (10, 11, 12)]
    answers = in_parallel(extras_url, cashier.cookie, calls)
    assert [result(body)[0]["status"] for body in answers] == ["stored"] * 3
    cards = call_kw(admin, "loyalty.card", "search_read", [[("partner_id", "=", partner)]],
                    {"fields": ["program_id", "points"]})
    [demo] = [card for card in cards if card["program_id"][1] == "Loyalty Card"]     # the demo program
    assert demo["points"] == pytest.approx(3 * 2.8)
