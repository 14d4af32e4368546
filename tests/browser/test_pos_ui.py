"""The browser POS (/pos/ui) in real Chromium: opening a session, selling, paying, the receipt,
the order on the server, offline sales synced exactly once, and the JS tax engine against the
server's compute_all."""
from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import queued_items_script
from tests.support.pos_browser import (
    artifact,
    demo_registry,
    new_till,
    open_till,
    orders_of,
    product,
    run,
)

TAX_FIELDS = ["name", "price_include", "include_base_amount", "is_base_affected", "amount_type",
              "children_tax_ids", "amount", "company_id"]
SHELL_READY = "async () => { await window.posApp.shell; return !!navigator.serviceWorker.controller; }"
QUEUED = queued_items_script("pos_orders")


@pytest.fixture(scope="module")
def pos_registry(make_db):
    return demo_registry(make_db, "test_pos_ui_", ["point_of_sale", "test_pos_ui_ext"])


@pytest.fixture
def till(pos_registry):
    return new_till(pos_registry)


def offline_espresso_by_card(page, context, server) -> None:
    """A real outage (not only set_offline), then an espresso on the payment screen, paid by card."""
    context.set_offline(True)
    server.down()
    product(page, "Espresso").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Card").first.click()


def test_full_sale_online(page, pos_server, pos_registry, till):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_till(page, pos_server, till)
    assert run(pos_registry, lambda env: env["pos.config"].browse(till).current_session_id.state) == "opened"
    page.locator(".pos-search").fill("espresso")
    product(page, "Espresso").click()
    page.locator(".pos-search").fill("")
    product(page, "Croissant").click()
    page.keyboard.press("2")                     # the keyboard feeds the numpad: 2 croissants
    expect(page.locator(".orderline.selected .qty")).to_have_text("2")
    page.locator(".numpad-mode[data-mode='discount']").click()
    page.locator(".numpad-key[data-key='1']").click()
    page.locator(".numpad-key[data-key='0']").click()
    expect(page.locator(".orderline.selected .discount")).to_have_text("10")
    total = page.locator(".order-summary .total .amount").inner_text()
    page.locator(".pay").click()
    page.locator(".validate").click()
    expect(page.locator(".validation-error")).to_contain_text("Still due")
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".payment-amount").fill("20")
    expect(page.locator(".change")).not_to_have_text("$ 0.00")
    change = page.locator(".change").inner_text()
    page.screenshot(path=str(artifact("pos-payment.png")))
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    expect(page.locator(".pos-receipt .receipt-total .amount")).to_have_text(total)
    expect(page.locator(".pos-receipt .receipt-change .amount")).to_have_text(change)
    expect(page.locator(".pos-receipt .receipt-line")).to_have_count(2)
    reference = page.locator(".order-reference").inner_text()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length"
                           " + window.posApp.pos.sync.refused.length === 1")
    assert page.evaluate("window.posApp.pos.sync.refused") == []
    expect(page.locator(".pending")).to_have_text("0")
    [order] = orders_of(pos_registry, till)
    assert order["pos_reference"] == reference
    assert f"{order['amount_total']:.2f}" in total
    assert f"{order['amount_return']:.2f}" in change and order["amount_return"] > 0
    page.screenshot(path=str(artifact("pos-receipt.png")))
    page.locator(".next-order").click()
    expect(page.locator(".order-empty")).to_be_visible()
    page.screenshot(path=str(artifact("pos-products.png")))
    assert errors == []


def test_addon_modules_of_the_pos_bundle_get_the_store(page, pos_server, till):
    open_till(page, pos_server, till)
    seen = page.evaluate("() => [window.posApp.pos.models['test.pos.greeting'], window.posApp.pos.extensionSaw]")
    assert seen[0] == [{"id": 1, "text": f"hello from {page.locator('.pos-config-name').inner_text()}"}]
    assert seen[1]["products"] > 0 and seen[1]["orders"] == 1


def test_lost_acknowledgement_and_refused_order(page, pos_server, pos_registry, till):
    """The first answer of /pos/create_from_ui is lost (the server stored the order): the retry
    gets "known", one order on the server. Then an order the server refuses is shown and kept."""
    lost = []

    def lose_first_answer(route):
        if not lost:
            lost.append(route.fetch())         # the request reaches the server...
            route.abort()                      # ...but the till never sees the answer
        else:
            route.continue_()

    page.route("**/pos/create_from_ui", lose_first_answer)
    open_till(page, pos_server, till, retry_ms=300)
    product(page, "Espresso").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Card").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
    expect(page.locator(".pending")).to_have_text("0")
    assert len(lost) == 1 and len(orders_of(pos_registry, till)) == 1

    def tamper(route):                         # a total the server will not accept
        body = json.loads(route.request.post_data)
        body["params"]["orders"][0]["data"]["amount_total"] += 5
        route.continue_(post_data=json.dumps(body))

    page.unroute("**/pos/create_from_ui")
    page.route("**/pos/create_from_ui", tamper)
    page.locator(".next-order").click()
    product(page, "Croissant").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Card").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-refused .reason")).to_contain_text("amount_total")
    expect(page.locator(".pending")).to_have_text("0")
    assert len(orders_of(pos_registry, till)) == 1
    kept = run(pos_registry, lambda env: env["pos.order.rejected"].search_count([]))
    assert kept >= 1


def test_barcode_categories_and_tabs(page, pos_server, till):
    open_till(page, pos_server, till)
    page.keyboard.type("2000000000015", delay=5)    # a keyboard-wedge scanner: Espresso
    page.keyboard.press("Enter")
    expect(page.locator(".orderline .line-name")).to_have_text(["Espresso"])
    expect(page.locator(".orderline .qty")).to_have_text("1")
    page.locator(".pos-new-order").click()
    expect(page.locator(".pos-order-tab")).to_have_count(2)
    expect(page.locator(".order-empty")).to_be_visible()
    page.locator(".pos-category", has_text="Bakery").click()
    names = page.locator(".product .product-name").all_inner_texts()
    assert "Croissant" in names and "Espresso" not in names
    page.locator(".pos-order-tab").first.click()
    expect(page.locator(".orderline .line-name")).to_have_text(["Espresso"])
    page.locator(".remove-line").click()
    expect(page.locator(".order-empty")).to_be_visible()


def test_the_status_says_online_syncing_or_offline(page, pos_server, till):
    open_till(page, pos_server, till)
    expect(page.locator(".network")).to_have_text("Online")
    page.evaluate("() => { window.posApp.pos.sync.pending = 2; }")        # orders waiting, the line up
    expect(page.locator(".network")).to_have_text("Syncing")
    expect(page.locator(".pending")).to_have_text("2")
    page.evaluate("() => { window.posApp.pos.sync.online = false; }")
    expect(page.locator(".network")).to_have_text("Offline")


def test_offline_sales_reload_and_exactly_once_sync(page, context, pos_server, pos_registry, till):
    open_till(page, pos_server, till, retry_ms=600_000)
    assert page.evaluate(SHELL_READY) is True
    context.set_offline(True)
    pos_server.down()                             # a real outage, not only set_offline
    for name in ("Espresso", "Croissant"):
        product(page, name).click()
        page.locator(".pay").click()
        page.locator(".payment-method", has_text="Card").first.click()
        page.locator(".validate").click()
        page.locator(".next-order").click()
    expect(page.locator(".pending")).to_have_text("2")
    expect(page.locator(".network")).to_have_text("Offline")
    queued = page.evaluate(QUEUED)
    assert len(queued) == 2

    page.reload()                                 # the service worker and IndexedDB bring it back
    expect(page.locator(".product").first).to_be_visible()
    expect(page.locator(".pending")).to_have_text("2")
    product(page, "Baguette").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pending")).to_have_text("3")
    assert orders_of(pos_registry, till) == []

    pos_server.up()
    context.set_offline(False)                    # the `online` event sends the queue
    expect(page.locator(".pending")).to_have_text("0")
    orders = orders_of(pos_registry, till)
    assert len(orders) == 3
    assert {q["uuid"] for q in queued} <= {o["uuid"] for o in orders}
    assert len({o["pos_reference"] for o in orders}) == 3


TAX_CASES = [
    # (taxes as (amount_type, amount, price_include, include_base_amount), price, qty, discount)
    ([("percent", 15, False, False)], 10.0, 3, 0),
    ([("percent", 15, True, False)], 2.2, 7, 0),
    ([("percent", 21, True, False)], 0.99, 3, 12.5),
    ([("fixed", 0.5, False, False), ("percent", 10, False, False)], 4.35, 2, 0),
    ([("fixed", 1, True, True), ("percent", 20, True, False)], 13.0, 1, 0),
    ([("division", 8, False, False)], 19.99, 4, 0),
    ([("division", 8, True, False)], 19.99, 1, 5),
    ([("percent", 6, False, True), ("percent", 10, False, False)], 7.77, 3, 0),
    ([("percent", 5, True, False), ("percent", 10, True, False)], 100.0, 1, 0),
    ([("group", 0, False, False)], 33.33, 2, 0),
    ([("percent", 15, False, False)], 10.0, -2, 0),
    ([("percent", 12, True, False), ("fixed", 0.25, False, False)], 1.99, 11, 33),
]


def test_js_tax_engine_matches_compute_all(page, pos_server, pos_registry):
    def server_side(env):
        company = env.ref("base.main_company")
        Tax = env["account.tax"]
        cases = []
        for index, (specs, price, qty, discount) in enumerate(TAX_CASES):
            taxes = Tax
            for n, (kind, amount, included, affects) in enumerate(specs):
                values = {"name": f"T{index}.{n}", "amount_type": kind, "amount": amount,
                          "price_include": included, "include_base_amount": affects,
                          "company_id": company.id}
                if kind == "group":
                    values["children_tax_ids"] = [(6, 0, (
                        Tax.create({"name": f"T{index}.a", "amount": 7, "company_id": company.id}) |
                        Tax.create({"name": f"T{index}.b", "amount": 3, "price_include": False,
                                    "company_id": company.id})).ids)]
                taxes |= Tax.create(values)
            unit = price * (1 - discount / 100)
            result = taxes.compute_all(unit, company.currency_id, qty)
            cases.append({"tax_ids": taxes.ids, "price": unit, "qty": qty,
                          "expected": [result["total_excluded"], result["total_included"],
                                       [round(t["amount"], 2) for t in result["taxes"]]]})
        rows = env["pos.session"]._get_pos_ui_account_tax({
            "search_params": {"domain": [("company_id", "=", company.id)], "fields": TAX_FIELDS},
            "context": {"active_test": False}})
        return rows, cases

    rows, cases = run(pos_registry, server_side)
    page.goto(f"{pos_server.base_url}/web/login")
    computed = page.evaluate("""async ([rows, cases]) => {
        const { TaxEngine } = await import("/point_of_sale/static/src/tax_engine.js");
        const engine = new TaxEngine(rows, { rounding: 0.01 });
        return cases.map((c) => {
            const r = engine.computeAll(c.tax_ids, c.price, c.qty);
            return [r.total_excluded, r.total_included, r.taxes.map((t) => Math.round(t.amount * 100) / 100)];
        });
    }""", [rows, cases])
    for case, got in zip(cases, computed):
        expected = case["expected"]
        assert (round(got[0], 2), round(got[1], 2), got[2]) == (round(expected[0], 2), round(expected[1], 2),
                                                               expected[2]), case


def test_closing_the_session_with_a_cash_difference(page, pos_server, pos_registry, till):
    open_till(page, pos_server, till)
    product(page, "Espresso").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    page.locator(".next-order").click()
    page.locator(".pos-cash-move-button").click()
    page.locator(".cash-out").click()
    page.locator(".cash-move-amount").fill("10")
    page.locator(".cash-move-reason").fill("change for the bank")
    page.locator(".confirm-cash-move").click()
    expect(page.locator(".pos-cash-move")).to_have_count(0)
    page.locator(".pos-close-session").click()
    expect(page.locator(".orders-count")).to_have_text("1")
    expected = page.locator(".expected-cash").inner_text()
    assert expected == "$ 92.20"            # opening 100 + the espresso 2.20 - 10 taken out
    page.locator(".counted-cash").fill(f"{float(expected[1:]) - 1:.2f}")
    expect(page.locator(".cash-difference")).to_have_text("$ -1.00")
    page.locator(".closing-notes").fill("one dollar short")
    page.locator(".close-session").click()
    expect(page.locator(".pos-closed")).to_be_visible()
    session = run(pos_registry, lambda env: env["pos.config"].browse(till).session_ids[:1].read(
        ["state", "cash_register_balance_end_real", "closing_notes"])[0])
    assert session["state"] == "closed"
    assert session["cash_register_balance_end_real"] == pytest.approx(float(expected[1:]) - 1)
    assert session["closing_notes"] == "one dollar short"


def test_customer_found_on_the_server_is_set_on_the_order(page, pos_server, pos_registry, till):
    open_till(page, pos_server, till)
    name = f"Zed Customer {time.monotonic_ns()}"    # made after the till loaded its customers
    partner_id = run(pos_registry, lambda env: env["res.partner"].create({"name": name}).id)
    product(page, "Espresso").click()
    page.locator(".set-partner").click()
    page.locator(".partner-search").fill(name)
    # the catalogue push may already have brought it; the server search finds it either way
    page.locator(".search-server").click()
    page.locator(f".partner[data-id='{partner_id}']").click()
    expect(page.locator(".set-partner")).to_have_text(name)
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Card").first.click()
    page.locator(".validate").click()
    expect(page.locator(".receipt-partner")).to_contain_text(name)
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
    [order] = run(pos_registry, lambda env: env["pos.order"].search_read(
        [("session_id.config_id", "=", till)], ["partner_id"]))
    assert order["partner_id"][0] == partner_id


def test_refund_from_the_order_history(page, pos_server, pos_registry, till):
    open_till(page, pos_server, till)
    product(page, "Croissant").click()
    product(page, "Croissant").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Card").first.click()
    page.locator(".validate").click()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
    total = page.locator(".pos-receipt .receipt-total .amount").inner_text()
    page.locator(".next-order").click()
    page.locator(".pos-history-button").click()
    page.locator(".history-order.synced").first.click()
    page.locator(".reprint").click()              # the receipt again, from the server's order
    expect(page.locator(".pos-receipt .receipt-line")).to_have_count(1)
    expect(page.locator(".pos-receipt .receipt-detail")).to_contain_text("2 x")
    expect(page.locator(".pos-receipt .receipt-payment")).to_contain_text("Card")
    expect(page.locator(".pos-receipt .receipt-total .amount")).to_have_text(total)
    page.locator(".back-to-history").click()
    page.locator(".history-order.synced").first.click()
    page.locator(".refund").click()
    expect(page.locator(".orderline .qty")).to_have_text("-2")
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Card").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 2")
    orders = run(pos_registry, lambda env: [
        (order.amount_total, order.lines.refunded_orderline_id.order_id.id or False, order.id)
        for order in env["pos.order"].search([("session_id.config_id", "=", till)], order="id")])
    (sale_total, _none, sale_id), (refund_total, refunded_order, _id) = orders
    assert refund_total == pytest.approx(-sale_total) and refunded_order == sale_id


def test_grid_prices_follow_the_tax_display_and_the_pricelist(page, pos_server, pos_registry):
    def configure(env, config):
        pricelist = env["product.pricelist"].create({"name": f"Happy hour {config.id}", "item_ids": [(0, 0, {
            "applied_on": "0_product_variant", "compute_price": "fixed", "fixed_price": 1.5,
            "product_id": env.ref("point_of_sale.pos_product_espresso").id})]})
        config.write({"iface_tax_included": "subtotal", "pricelist_id": pricelist.id,
                      "available_pricelist_ids": [(4, pricelist.id)]})

    till = new_till(pos_registry, configure)
    untaxed = run(pos_registry, lambda env: [
        desk.taxes_id.compute_all(desk.lst_price)["total_excluded"]
        for desk in env["product.product"].search([("name", "=", "Large Desk")], limit=1)][0])
    open_till(page, pos_server, till)
    expect(product(page, "Large Desk").locator(".price-tag")).to_have_text(f"$ {untaxed:,.2f}")
    # 15% included in the Espresso's price: its 1.50 is shown without it
    expect(product(page, "Espresso").locator(".price-tag")).to_have_text(f"$ {1.5 / 1.15:.2f}")
    product(page, "Espresso").click()
    expect(page.locator(".order-summary .total .amount")).to_have_text("$ 1.50")


def test_limited_categories_show_only_the_tills_products(page, pos_server, pos_registry):
    def configure(env, config):
        config.product_configurator_ids = [(6, 0, [env.ref("point_of_sale.pos_category_bakery").id])]

    open_till(page, pos_server, new_till(pos_registry, configure))
    expect(page.locator(".pos-category")).to_have_text(["All", "Bakery"])
    names = page.locator(".product .product-name").all_inner_texts()
    assert "Croissant" in names and "Espresso" not in names and "Large Desk" not in names
    page.locator(".pos-search").fill("espresso")
    expect(page.locator(".product")).to_have_count(0)


def test_browser_restart_while_offline_keeps_the_unsent_order(browser, chromium_options, tmp_path, pos_server,
                                                               pos_registry, till):
    """Sell offline, close the browser's profile, start it again with the server still down:
    the till comes back with its data and the waiting order, which is sent once it is back."""
    def launch():
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / "profile"), **chromium_options)
        context.set_default_timeout(30_000)
        return context

    context = launch()
    try:
        page = context.pages[0] if context.pages else context.new_page()
        open_till(page, pos_server, till, retry_ms=600_000)
        assert page.evaluate(SHELL_READY) is True
        offline_espresso_by_card(page, context, pos_server)
        page.locator(".validate").click()
        expect(page.locator(".pending")).to_have_text("1")
        page.screenshot(path=str(artifact("pos-offline-receipt.png")))
    finally:
        context.close()

    context = launch()                            # the browser restarted, still no server
    try:
        context.set_offline(True)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{pos_server.base_url}/pos/ui?config_id={till}&retry_ms=600000")
        expect(page.locator(".product").first).to_be_visible()
        expect(page.locator(".pending")).to_have_text("1")
        expect(page.locator(".network")).to_have_text("Offline")
        assert orders_of(pos_registry, till) == []
        pos_server.up()
        context.set_offline(False)
        expect(page.locator(".pending")).to_have_text("0")
        assert len(orders_of(pos_registry, till)) == 1
    finally:
        context.close()



def test_invoice_toggle_online_then_offline(page, context, pos_server, pos_registry, till):
    open_till(page, pos_server, till, retry_ms=600_000)
    assert page.evaluate(SHELL_READY) is True
    name = f"Invoice Ida {time.monotonic_ns()}"
    partner_id = run(pos_registry, lambda env: env["res.partner"].create({"name": name}).id)
    product(page, "Croissant").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Card").first.click()
    page.locator(".js-invoice").click()             # no customer yet: the list opens
    expect(page.locator(".pos-partner-list")).to_be_visible()
    page.locator(".pos-partner-list .cancel").click()
    page.locator(".validate").click()
    expect(page.locator(".validation-error")).to_have_text("Choose the customer to invoice.")
    page.locator(".invoice-partner").click()
    page.locator(".partner-search").fill(name)
    page.locator(".search-server").click()
    page.locator(f".partner[data-id='{partner_id}']").click()
    expect(page.locator(".invoice-partner")).to_have_text(name)
    page.locator(".validate").click()
    expect(page.locator(".receipt-invoice .invoice-name")).to_have_text(re.compile(r"^INV/\d{4}/\d+$"))
    number = page.locator(".receipt-invoice .invoice-name").inner_text()
    page.screenshot(path=str(artifact("pos-invoice-receipt.png")))

    # offline: the invoiced order waits in the queue like any other, and is invoiced on arrival
    page.locator(".next-order").click()
    offline_espresso_by_card(page, context, pos_server)
    page.locator(".js-invoice").click()
    page.locator(".partner-search").fill(name)      # known to the till since the server search
    page.locator(f".partner[data-id='{partner_id}']").click()
    page.locator(".validate").click()
    expect(page.locator(".receipt-invoice .invoice-name")).to_have_text(
        "to be issued when the order reaches the server")
    [queued] = page.evaluate(QUEUED)
    assert (queued["to_invoice"], queued["data"]["partner_id"]) == (True, partner_id)
    pos_server.up()
    context.set_offline(False)
    expect(page.locator(".pending")).to_have_text("0")
    expect(page.locator(".receipt-invoice .invoice-name")).to_have_text(re.compile(r"^INV/\d{4}/\d+$"))
    later = page.locator(".receipt-invoice .invoice-name").inner_text()
    invoiced = run(pos_registry, lambda env: [
        (order.state, order.account_move.name, order.account_move.payment_state, order.partner_id.id)
        for order in env["pos.order"].search([("session_id.config_id", "=", till)], order="id")])
    assert invoiced == [("invoiced", number, "paid", partner_id), ("invoiced", later, "paid", partner_id)]


def test_a_new_customer_is_created_online_only_and_set_on_the_order(page, context, pos_server, pos_registry, till):
    open_till(page, pos_server, till)
    name = f"New Nora {time.monotonic_ns()}"
    product(page, "Espresso").click()
    page.locator(".set-partner").click()
    page.locator(".new-partner").click()
    page.locator(".new-partner-name").fill(name)
    page.locator(".new-partner-email").fill("nora@example.com")
    context.set_offline(True)
    page.evaluate("() => window.dispatchEvent(new Event('offline'))")
    page.locator(".save-partner").click()
    expect(page.locator(".partner-message")).to_contain_text("needs the connection")
    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function("() => navigator.onLine && window.posApp.pos.sync.online")
    page.locator(".save-partner").click()
    expect(page.locator(".set-partner")).to_have_text(name)
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
    [order] = run(pos_registry, lambda env: env["pos.order"].search_read(
        [("session_id.config_id", "=", till)], ["partner_id"]))
    assert order["partner_id"][1] == name
    assert run(pos_registry, lambda env: env["res.partner"].browse(order["partner_id"][0]).email) == "nora@example.com"
