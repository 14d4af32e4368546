"""Receipts e-mailed from the till (``pos.order.action_receipt_to_customer``) over JSON-RPC, as
the receipt screen calls it, to a local SMTP server: the mail's recipient, subject and text,
the receipt image attached to the mail and kept on the order, and what the cashier is told
when there is no address, the image is not base64, or the mail server refuses the mail.

The database has ``point_of_sale`` with its demo data; its server options point at the test's
SMTP server (``--smtp``/``--smtp-port``/``--email-from``).
"""
from __future__ import annotations

import base64
import io
import shutil
import uuid

import pytest
from PIL import Image

from tests.support.db import install, make_config
from tests.support.http import ADMIN_PASSWORD, JsonClient


@pytest.fixture(scope="module")
def shop_db(make_db, smtp) -> str:
    return install(make_db, "test_pos_receipt_mail_", ["point_of_sale"], without_demo=False,
                   smtp_server=smtp.host, smtp_port=smtp.port, email_from="shop@example.com").db_name


@pytest.fixture(scope="module")
def cashier(shop_db, serve_app) -> JsonClient:
    client = JsonClient(serve_app(make_config(dbfilter=f"^{shop_db}$")))
    body = client.call("/web/session/authenticate", {"db": shop_db, "login": "cashier", "password": "cashier"})
    assert body["result"]["uid"], body
    return client


def call_kw(client: JsonClient, model: str, method: str, args: list) -> dict:
    return client.call(f"/web/dataset/call_kw/{model}/{method}",
                       {"model": model, "method": method, "args": args, "kwargs": {}})


def result(body: dict):
    assert "error" not in body, body["error"]
    return body.get("result")       # absent for None, as Odoo answers


@pytest.fixture(scope="module")
def till(shop_db, serve_app, cashier) -> dict:
    """Cash Register 1 opened by the admin: its session, the croissant and the cash method."""
    admin = JsonClient(serve_app(make_config(dbfilter=f"^{shop_db}$")))
    admin.call("/web/session/authenticate", {"db": shop_db, "login": "admin", "password": ADMIN_PASSWORD})
    [config] = result(call_kw(admin, "pos.config", "search_read", [[("name", "=", "Cash Register 1")], ["id"]]))
    result(call_kw(admin, "pos.config", "open_ui", [[config["id"]]]))
    [row] = result(call_kw(admin, "pos.config", "read", [[config["id"]], ["current_session_id"]]))
    session_id = row["current_session_id"][0]
    result(call_kw(admin, "pos.session", "set_cashbox_pos", [[session_id], 0.0, ""]))
    data = result(cashier.call("/pos/ui", {"config_id": config["id"]}))
    return {"session_id": session_id, "customer": data["res.partner"][0]["id"],
            "product": next(p for p in data["product.product"] if p["display_name"] == "Croissant"),
            "cash": next(m["id"] for m in data["pos.payment.method"] if m["type"] == "cash")}


def sell(cashier: JsonClient, till: dict, number: int, partner_id=False) -> dict:
    """Two croissants paid cash (invoiced for ``partner_id``), synced: the order's id and name."""
    product, name = till["product"], f"Order 00001-001-{number:04d}"
    order = {"name": name, "uid": name.removeprefix("Order "), "uuid": str(uuid.uuid4()), "sequence_number": number,
             "pos_session_id": till["session_id"], "user_id": 2, "partner_id": partner_id, "pricelist_id": False,
             "fiscal_position_id": False, "date_order": "2024-05-01 10:00:00", "amount_paid": 2.8,
             "amount_total": 2.8, "amount_tax": 0.37, "amount_return": 0, "to_invoice": bool(partner_id),
             "lines": [[0, 0, {"product_id": product["id"], "qty": 2, "price_unit": 1.4, "discount": 0,
                               "price_subtotal": 2.43, "price_subtotal_incl": 2.8,
                               "tax_ids": [[6, False, product["taxes_id"]]], "pack_lot_ids": []}]],
             "statement_ids": [[0, 0, {"name": "2024-05-01 10:00:00", "payment_method_id": till["cash"],
                                       "amount": 2.8}]]}
    [answer] = result(cashier.call("/pos/create_from_ui", {"orders": [
        {"id": order["uid"], "to_invoice": bool(partner_id), "data": order}]}))
    assert answer["status"] == "stored", answer
    return {"id": answer["id"], "name": name, "invoice": answer["account_move"]}


@pytest.fixture(scope="module")
def sale(cashier, till) -> dict:
    return sell(cashier, till, 42)


def jpeg() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_the_receipt_arrives_with_its_image(cashier, sale, mailbox):
    ticket = jpeg()
    client = {"email": "rita@example.com", "name": "Rita <Remote>"}
    sent = result(call_kw(cashier, "pos.order", "action_receipt_to_customer",
                          [[sale["id"]], sale["name"], client, ticket]))
    assert sent is True
    [received] = mailbox.messages
    assert received.rcpt_to == ["rita@example.com"]
    assert received.message["Subject"] == f"Receipt {sale['name']}"
    assert "@" in received.message["From"]              # the company's address (or the cashier's)
    html = received.text("html")
    assert "Dear Rita &lt;Remote&gt;," in html           # the customer's name is escaped
    assert f"electronic ticket for the {sale['name']}" in html
    [image] = [part for part in received.message.iter_attachments()]
    assert image.get_filename() == f"Receipt-{sale['name']}.jpg"
    assert image.get_content_type() == "image/jpeg"
    assert image.get_content() == base64.b64decode(ticket)
    # the image stays on the order
    attachments = result(cashier.call("/web/dataset/call_kw/ir.attachment/search_read", {
        "model": "ir.attachment", "method": "search_read",
        "args": [[("res_model", "=", "pos.order"), ("res_id", "=", sale["id"])], ["name", "mimetype"]],
        "kwargs": {}}))
    assert {"name": f"Receipt-{sale['name']}.jpg", "mimetype": "image/jpeg"} in \
        [{"name": a["name"], "mimetype": a["mimetype"]} for a in attachments]


def test_an_invoiced_order_sends_the_invoice_too(cashier, till, mailbox):
    sold = sell(cashier, till, 43, partner_id=till["customer"])
    assert sold["invoice"]
    assert result(call_kw(cashier, "pos.order", "action_receipt_to_customer",
                          [[sold["id"]], sold["name"], {"email": "rita@example.com", "name": "Rita"}, jpeg()]))
    [received] = mailbox.messages
    files = {part.get_filename(): part for part in received.message.iter_attachments()}
    if shutil.which("wkhtmltopdf"):     # the PDF is printed here (CI installs wkhtmltopdf)
        assert set(files) == {f"Receipt-{sold['name']}.jpg", f"{sold['name']}.pdf"}
        assert files[f"{sold['name']}.pdf"].get_content().startswith(b"%PDF")
    else:                               # the receipt still goes, without the invoice
        assert set(files) == {f"Receipt-{sold['name']}.jpg"}


def test_no_address_sends_nothing(cashier, sale, mailbox):
    assert result(call_kw(cashier, "pos.order", "action_receipt_to_customer",
                          [[sale["id"]], sale["name"], {"email": "", "name": "Nobody"}, jpeg()])) is False
    assert mailbox.messages == []


def test_a_ticket_that_is_not_base64_is_refused(cashier, sale, mailbox):
    body = call_kw(cashier, "pos.order", "action_receipt_to_customer",
                   [[sale["id"]], sale["name"], {"email": "rita@example.com", "name": "Rita"}, "not an image!"])
    assert "The receipt image is not base64 data" in body["error"]["data"]["message"]
    assert mailbox.messages == []


def test_a_refused_mail_is_reported_to_the_cashier(cashier, sale, mailbox):
    mailbox.refuse["RCPT"] = "no such mailbox"
    body = call_kw(cashier, "pos.order", "action_receipt_to_customer",
                   [[sale["id"]], sale["name"], {"email": "gone@example.com", "name": "Gone"}, jpeg()])
    message = body["error"]["data"]["message"]
    assert message.startswith("The receipt was not sent to gone@example.com: "), message
    assert body["error"]["data"]["name"] == "odoo.exceptions.UserError"
    assert mailbox.messages == []
