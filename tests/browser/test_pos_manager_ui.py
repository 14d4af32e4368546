"""The POS around the till, in real Chromium: from the login page to a till through the
launcher, the managers' dashboard, orders the server refuses (shown, kept, retried, handed
over), and the online-only features: the demo payment terminal and loyalty rewards."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import queued_items_script
from tests.support.db import make_config
from tests.support.http import LiveServer
from tests.support.pos_browser import artifact, log_in, new_till, open_till, product, run

REFUSED = queued_items_script("pos_refused").replace('"items"', '"orders"')


@pytest.fixture(scope="module")
def pos_registry(make_db):
    from framework.modules.registry_loader import load_registry
    return load_registry(make_db("test_pos_manager_ui_"),
                         install=["point_of_sale", "pos_demo_terminal", "pos_loyalty"],
                         config=make_config(without_demo=False))


@pytest.fixture(scope="module")
def pos_app(pos_registry):
    from framework.http.application import make_app
    return make_app(make_config(dbfilter=f"^{pos_registry.db_name}$"))


@pytest.fixture
def pos_server(pos_app, pos_registry):
    server = LiveServer(pos_app)
    server.db = pos_registry.db_name
    yield server
    server.down()


@pytest.fixture
def context(browser):
    # the till's payload takes seconds on a loaded machine: longer waits than the defaults
    context = browser.new_context()
    context.set_default_timeout(30_000)
    expect.set_options(timeout=30_000)
    context.on("weberror", lambda error: print("page error:", error.error))      # shown on failure
    yield context
    expect.set_options(timeout=5_000)
    context.close()


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
