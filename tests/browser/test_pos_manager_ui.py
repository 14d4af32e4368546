"""The POS around the till, in real Chromium: from the login page to a till through the
launcher, the managers' dashboard, orders the server refuses (shown, kept, retried, handed
over), and the online-only features: the demo payment terminal and loyalty rewards."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import queued_items_script
from tests.support.pos_browser import artifact, demo_registry, log_in, new_till, open_till, product, run

REFUSED = queued_items_script("pos_refused").replace('"items"', '"orders"')


@pytest.fixture(scope="module")
def pos_registry(make_db):
    return demo_registry(make_db, "test_pos_manager_ui_", ["point_of_sale", "pos_demo_terminal", "pos_loyalty"])


def sell(page, name: str, method: str = "Cash") -> None:
    product(page, name).click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text=method).first.click()
    page.locator(".validate").click()


def test_login_launcher_and_dashboard(page, pos_server, pos_registry):
    def make(env):
        main = env.ref("point_of_sale.pos_config_main")
        return main.copy({"name": "Launcher Till"}).id
    config_id = run(pos_registry, make)
    page.goto(f"{pos_server.base_url}/web/login")
    page.locator("#login").fill("admin")
    page.locator("#password").fill("admin")
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{pos_server.base_url}/pos/launcher")
    card = page.locator(f".pos-card[data-config-id='{config_id}']")
    expect(card.locator(".state")).to_have_text("Closed")
    expect(page.locator(".dashboard-link")).to_be_visible()          # admin is a POS manager
    page.screenshot(path=str(artifact("pos-launcher.png")), full_page=True)
    card.locator(".action-open").click()                             # opens a session, then the till
    page.locator(".opening-cash").fill("50")
    page.locator(".open-session").click()
    sell(page, "Espresso")
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")

    page.goto(f"{pos_server.base_url}/pos/launcher")
    expect(card.locator(".state")).to_contain_text("In Progress")
    expect(card.locator(".action-continue")).to_be_visible()
    page.locator(".dashboard-link").click()
    expect(page.locator(".chart")).to_have_count(6)
    page.screenshot(path=str(artifact("pos-dashboard.png")), full_page=True)
    espresso = page.locator(".chart-product .bar[data-label$='Espresso']")
    expect(espresso).to_have_count(1)
    assert float(espresso.get_attribute("data-value")) > 0
    expect(page.locator(".chart-session .bar")).not_to_have_count(0)
    expect(page.locator(".chart-hour svg rect")).to_have_count(24)
    page.screenshot(path=str(artifact("pos-dashboard.png")), full_page=True)


def test_a_refused_order_is_shown_kept_retried_and_handed_over(page, pos_server, pos_registry):
    def configure(env, config):
        env["product.product"].create({"name": "Doomed Scone", "list_price": 3.0, "available_in_pos": True,
                                       "taxes_id": [(6, 0, [])]})
    till = new_till(pos_registry, configure)
    open_till(page, pos_server, till, retry_ms=600_000)
    product(page, "Doomed Scone").click()
    # the product goes from the server while the till still sells it: the server refuses the order
    run(pos_registry, lambda env: env["product.product"].search([("name", "=", "Doomed Scone")]).unlink())
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-refused summary")).to_have_text("1 refused")
    expect(page.locator(".pending")).to_have_text("0")
    page.locator(".pos-refused summary").click()
    page.locator(".see-refused").click()
    entry = page.locator(".pos-refused-orders .refused-order")
    expect(entry.locator(".refused-reason")).to_contain_text("does not exist")
    [kept] = page.evaluate(REFUSED)
    assert "does not exist" in kept["reason"] and kept["item"]["data"]["lines"]
    page.screenshot(path=str(artifact("pos-refused-order.png")))

    page.reload()                                   # kept on the browser, not only in memory
    expect(page.locator(".pos-refused summary")).to_have_text("1 refused")
    page.locator(".pos-history-button").click()
    entry.locator(".retry-refused").click()         # sent again: refused again, one more attempt
    expect(entry.locator(".refused-attempts")).to_have_text("2 attempt(s)")
    entry.locator(".hand-to-manager").click()
    expect(entry.locator(".handed-label")).to_be_visible()
    expect(page.locator(".pos-refused summary")).to_have_text("0 refused")
    page.reload()
    page.locator(".pos-history-button").click()
    expect(entry.locator(".handed-label")).to_be_visible()
    rejected = run(pos_registry, lambda env: env["pos.order.rejected"].search_read(
        [("uuid", "=", kept["uuid"])], ["state", "attempts", "reason"]))
    assert [(r["state"], r["attempts"]) for r in rejected] == [("open", 2)]
    assert len(page.evaluate(REFUSED)) == 1


def test_a_cashier_is_refused_the_dashboard(page, pos_server, pos_registry):
    run(pos_registry, lambda env: env["res.users"].create({
        "name": "Browser Cashier", "login": "browser_cashier", "password": "cashier-pw-1",
        "groups_id": [(6, 0, [env.ref("point_of_sale.group_pos_user").id])]}))
    log_in(page, pos_server, "browser_cashier", "cashier-pw-1")
    answer = page.goto(f"{pos_server.base_url}/pos/dashboard")
    assert answer.status == 403
    expect(page.locator(".pos-refusal")).to_contain_text("for managers")


def terminal_till(registry, delay: float) -> int:
    """A till with a "Demo Card" method on the demo terminal, which answers after ``delay`` s."""
    def configure(env, config):
        env["ir.config_parameter"].set_param("pos_demo_terminal.delay", str(delay))
        bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", config.company_id.id)],
                                             limit=1)
        method = env["pos.payment.method"].create({"name": "Demo Card", "journal_id": bank.id,
                                                   "use_payment_terminal": "demo"})
        config.payment_method_ids = [(4, method.id)]
    return new_till(registry, configure)


def test_card_terminal_refused_offline(page, context, pos_server, pos_registry):
    open_till(page, pos_server, terminal_till(pos_registry, 0.5), retry_ms=600_000)
    context.set_offline(True)
    pos_server.down()
    product(page, "Espresso").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Demo Card").click()
    expect(page.locator(".terminal-offline")).to_contain_text("needs the connection")
    expect(page.locator(".paymentline")).to_have_count(0)
    page.screenshot(path=str(artifact("pos-terminal-offline.png")))
    pos_server.up()


def test_card_terminal_approved_declined_and_cancelled(page, pos_server, pos_registry):
    till = terminal_till(pos_registry, 0.5)
    open_till(page, pos_server, till)
    product(page, "Espresso").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Demo Card").click()
    line = page.locator(".paymentline")
    line.locator(".payment-amount").fill("2.13")          # the demo terminal declines .13
    line.locator(".send-terminal").click()
    expect(line.locator(".terminal-state")).to_have_text("Declined")
    expect(line.locator(".terminal-reason")).to_contain_text("Declined by the bank")
    page.locator(".validate").click()
    expect(page.locator(".validation-error")).to_contain_text("not approved")
    page.screenshot(path=str(artifact("pos-terminal-declined.png")))
    line.locator(".remove-payment").click()

    run(pos_registry, lambda env: env["ir.config_parameter"].set_param("pos_demo_terminal.delay", "60"))
    page.locator(".payment-method", has_text="Demo Card").click()
    line.locator(".send-terminal").click()
    expect(line.locator(".terminal-state")).to_have_text("Waiting for the card…")
    expect(line.locator(".remove-payment")).to_have_count(0)
    line.locator(".cancel-terminal").click()
    expect(line.locator(".terminal-state")).to_have_text("Cancelled")

    run(pos_registry, lambda env: env["ir.config_parameter"].set_param("pos_demo_terminal.delay", "0.5"))
    line.locator(".send-terminal").click()                 # a new request for the whole 2.20
    expect(line.locator(".terminal-state")).to_have_text("Approved")
    transaction = line.locator(".terminal-transaction").inner_text()
    assert transaction.startswith("DEMO-")
    page.screenshot(path=str(artifact("pos-terminal-approved.png")))
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
    payments = run(pos_registry, lambda env: env["pos.payment"].search_read(
        [("session_id.config_id", "=", till)], ["amount", "transaction_id", "payment_method_id"]))
    assert [(p["amount"], p["transaction_id"], p["payment_method_id"][1]) for p in payments] == \
        [(2.2, transaction, "Demo Card")]
    states = run(pos_registry, lambda env: sorted(env["pos.terminal.transaction"].search(
        [("payment_method_id.name", "=", "Demo Card"), ("order_uuid", "!=", False)]).mapped("state")))
    assert "approved" in states and "declined" in states and "cancelled" in states


def test_loyalty_points_shown_and_a_reward_redeemed(page, pos_server, pos_registry):
    def make_customer(env):
        partner = env["res.partner"].create({"name": "Loyal Lucy"})
        program = env.ref("pos_loyalty.program_loyalty_card")
        card = env["loyalty.card"].create({"program_id": program.id, "partner_id": partner.id})
        card._add_points(200, "welcome points")
        return partner.id, card.id
    partner_id, card_id = run(pos_registry, make_customer)
    till = new_till(pos_registry)
    open_till(page, pos_server, till)
    product(page, "Large Desk").click()
    page.locator(".set-partner").click()
    page.locator(".partner-search").fill("Loyal Lucy")
    page.locator(".search-server").click()
    page.locator(f".partner[data-id='{partner_id}']").click()
    before = page.locator(".order-summary .total .amount").inner_text()
    page.locator(".pay").click()
    panel = page.locator(".pos-loyalty")
    expect(panel.locator(".points")).to_have_text("200")
    reward = panel.locator(".reward", has_text="5.00 off")
    reward.locator(".redeem").click()
    expect(reward.locator(".reward-applied")).to_be_visible()
    expect(panel.locator(".points")).to_have_text("150")
    total = float(before.split()[-1].replace(",", "")) - 5      # en_US: "$ 2,068.85"
    expect(page.locator(".payment-total .amount")).to_have_text(f"$ {total:,.2f}")
    page.screenshot(path=str(artifact("pos-loyalty.png")))
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")

    def check(env):
        order = env["pos.order"].search([("session_id.config_id", "=", till)])
        card = env["loyalty.card"].browse(card_id)
        used = card.history_ids.filtered("reward_id")
        return order.amount_total, card.points, used.order_id.id == order.id, used.used
    amount, points, linked, used = run(pos_registry, check)
    assert amount == pytest.approx(total) and linked and used == 50
    assert points == pytest.approx(150 + total + 5)     # the desk earns points, the reward line none


def choose_customer(page, name: str, partner_id: int) -> None:
    page.locator(".set-partner").click()
    page.locator(".partner-search").fill(name)
    page.locator(".search-server").click()
    page.locator(f".partner[data-id='{partner_id}']").click()


def test_a_reward_carries_the_taxes_and_the_cashier_can_take_it_back(page, pos_server, pos_registry):
    def make(env):
        partner = env["res.partner"].create({"name": "Rewarded Rita"})
        card = env["loyalty.card"].create({"program_id": env.ref("pos_loyalty.program_loyalty_card").id,
                                           "partner_id": partner.id})
        card._add_points(300, "welcome points")
        env["product.product"].create({"name": "Untaxed Gift Box", "list_price": 100.0, "available_in_pos": True,
                                       "taxes_id": [(6, 0, [])]})
        desk = env["product.product"].search([("name", "=", "Large Desk")], limit=1)
        return partner.id, card.id, sorted(desk.taxes_id.ids)
    partner_id, card_id, desk_taxes = run(pos_registry, make)
    assert desk_taxes, "the demo desk is taxed: the reward must split between two tax sets"

    def card_state():
        return run(pos_registry, lambda env: (env["loyalty.card"].browse(card_id).points, sorted(
            env["loyalty.card"].browse(card_id).history_ids.filtered("reward_id").mapped("state"))))

    def wait_for_card(points: float, states: list[str]):
        deadline = time.monotonic() + 10
        while card_state() != (pytest.approx(points), states) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert card_state() == (pytest.approx(points), states)

    till = new_till(pos_registry)
    open_till(page, pos_server, till)
    product(page, "Espresso").click()
    page.locator(".orderline", has_text="Espresso").locator(".remove-line").click()   # a plain line goes too
    expect(page.locator(".order-empty")).to_be_visible()
    product(page, "Large Desk").click()
    product(page, "Untaxed Gift Box").click()
    choose_customer(page, "Rewarded Rita", partner_id)
    page.locator(".pay").click()
    panel = page.locator(".pos-loyalty")
    reward = panel.locator(".reward", has_text="10% on your order")
    expect(panel.locator(".points")).to_have_text("300")
    before = page.evaluate("() => window.posApp.pos.totals()")
    total_before = before["total"]

    # the discount takes one line per set of taxes, each carrying the taxes of what it discounts
    reward.locator(".redeem").click()
    expect(panel.locator(".points")).to_have_text("200")
    reward_lines = page.evaluate("() => window.posApp.pos.selectedOrder.lines"
                                 ".filter((l) => l.loyaltyRedemption).map((l) => [l.taxIds, l.priceUnit])")
    share = round(total_before * 0.1, 2) / total_before
    assert sorted(reward_lines) == [[[], -round(100 * share, 2)], [desk_taxes, pytest.approx(-round(1799 * share, 2))]]

    # the panel's Cancel gives the points back on the server
    reward.locator(".cancel-reward").click()
    expect(panel.locator(".points")).to_have_text("300")
    expect(reward.locator(".redeem")).to_be_enabled()
    assert page.evaluate("() => window.posApp.pos.selectedOrder.lines.length") == 2
    assert page.evaluate("() => window.posApp.pos.totals().total") == pytest.approx(total_before)
    wait_for_card(300, ["cancelled"])

    # so does taking a reward line off the order on the product screen
    reward.locator(".redeem").click()
    expect(panel.locator(".points")).to_have_text("200")
    page.locator(".back").click()
    page.locator(".orderline", has_text="10% on your order").first.click()
    page.keyboard.press("5")                                   # the numpad leaves a reward line alone
    page.wait_for_function("() => window.posApp.pos.numpad.buffer === '5'")     # the key was applied
    assert page.evaluate("() => window.posApp.pos.selectedLine().qty") == 1
    page.locator(".orderline", has_text="10% on your order").first.locator(".remove-line").click()
    expect(page.locator(".orderline", has_text="10% on your order")).to_have_count(0)
    wait_for_card(300, ["cancelled", "cancelled"])

    # and so does deleting the order (two taps): the next order starts without the reward
    page.locator(".pay").click()
    reward.locator(".redeem").click()
    expect(panel.locator(".points")).to_have_text("200")
    page.locator(".back").click()
    page.locator(".pos-remove-order").click()
    expect(page.locator(".pos-remove-order")).to_have_text("Confirm delete")
    page.locator(".pos-remove-order").click()
    expect(page.locator(".order-empty")).to_be_visible()
    wait_for_card(300, ["cancelled"] * 3)

    # redeemed once more and paid: the server's taxes and total are the till's
    product(page, "Large Desk").click()
    product(page, "Untaxed Gift Box").click()
    choose_customer(page, "Rewarded Rita", partner_id)
    page.locator(".pay").click()
    reward.locator(".redeem").click()
    expect(panel.locator(".points")).to_have_text("200")
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
    till_totals = page.evaluate("() => window.posApp.pos.lastOrder.totalsAtValidation")

    def stored(env):
        order = env["pos.order"].search([("session_id.config_id", "=", till)])
        reward_product = env.ref("pos_loyalty.program_loyalty_card_reward_percent").discount_line_product_id
        taxed = sorted(line.tax_ids.ids for line in order.lines if line.product_id == reward_product)
        return order.amount_total, order.amount_tax, taxed
    amount_total, amount_tax, taxed = run(pos_registry, stored)
    assert (amount_total, amount_tax) == (pytest.approx(till_totals["total"]), pytest.approx(till_totals["tax"]))
    # the desk's reward line took its 15 % off the taxes
    assert amount_tax == pytest.approx(before["tax"] - round(1799 * share, 2) * 0.15, abs=0.011)
    assert taxed == [[], desk_taxes]
    wait_for_card(200 + total_before, ["cancelled"] * 3 + ["done"])
