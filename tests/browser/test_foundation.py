"""The browser foundation in real Chromium: OWL through the import map, rpc(), the offline
queue across a real server outage, and an offline reload through the service worker."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support.browser import queued_items_script

APP = "/test_browser/app"
QUEUED = queued_items_script("test_browser_orders")
SHELL_READY = "async () => { await window.testBrowser.shell; return !!navigator.serviceWorker.controller; }"


def wait_until(check, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds}s: {check.__doc__ or check}")
        time.sleep(0.05)


def open_app(page, live_server, retry_ms: int = 5000) -> None:
    page.goto(f"{live_server.base_url}{APP}?retry_ms={retry_ms}")
    expect(page.locator(".product")).to_have_count(3)


def test_owl_app_mounts_from_the_import_map(page, live_server):
    errors, scripts = [], {}
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: scripts.setdefault(response.url.split("?")[0], response))
    open_app(page, live_server)
    expect(page.locator("h1")).to_have_text("Browser test app")
    expect(page.locator(".owl-version")).to_have_text("2.8.3")
    page.locator(".product[data-id='1']").click()
    page.locator(".product[data-id='1']").click()
    page.locator(".product[data-id='2']").click()
    expect(page.locator(".cart .line")).to_have_count(2)
    expect(page.locator(".cart-total .amount")).to_have_text("6.50")    # 2 x 2.20 + 2.10
    owl = scripts[f"{live_server.base_url}/static/lib/owl.es.js"]
    assert owl.status == 200 and owl.headers["content-type"].startswith("text/javascript")
    assert f"{live_server.base_url}/static/src/offline_queue.js" in scripts
    assert errors == []


def test_rpc_returns_the_result_and_raises_odoo_errors(page, live_server):
    open_app(page, live_server)
    outcome = page.evaluate("""async () => {
        const { rpc, RPCError } = await import("@static/rpc.js");
        const echoed = await rpc("/test_browser/echo", { a: 1, b: ["x"] });
        try {
            await rpc("/test_browser/fail", { reason: "till closed" });
            return { echoed };
        } catch (error) {
            return { echoed, isRPCError: error instanceof RPCError, message: error.message,
                     code: error.code, data: { name: error.data.name, message: error.data.message } };
        }
    }""")
    assert outcome == {
        "echoed": {"echo": {"a": 1, "b": ["x"]}},
        "isRPCError": True,
        "message": "Refused: till closed",
        "code": 200,
        "data": {"name": "odoo.exceptions.UserError", "message": "Refused: till closed"},
    }
    live_server.down()
    lost = page.evaluate("""async () => {
        try { await window.testBrowser.rpc("/test_browser/echo", {}); return null; }
        catch (error) { return error.name; }
    }""")
    assert lost == "ConnectionLostError"


def test_offline_order_is_queued_then_synced_once(page, context, live_server, synced):
    # a retry period longer than the test: only the `online` event may send the order
    open_app(page, live_server, retry_ms=600_000)
    assert page.evaluate(SHELL_READY) is True
    page.locator(".product[data-id='1']").click()
    page.locator(".product[data-id='3']").click()
    expect(page.locator(".cart-total .amount")).to_have_text("5.70")
    context.set_offline(True)
    live_server.down()                        # set_offline alone leaks requests now and then
    page.locator(".pay").click()
    expect(page.locator(".pending")).to_have_text("1")
    [order] = page.evaluate(QUEUED)
    assert order["total"] == 5.7 and len(order["uuid"]) == 36

    page.reload()                             # the service worker answers from its cache
    expect(page.locator(".product")).to_have_count(3)
    expect(page.locator(".network")).to_have_text("Offline")
    expect(page.locator(".pending")).to_have_text("1")
    assert synced.orders == {}

    live_server.up()
    context.set_offline(False)                # `online` event -> flush -> ack -> delete
    expect(page.locator(".pending")).to_have_text("0")
    assert page.evaluate(QUEUED) == []
    assert list(synced.orders) == [order["uuid"]]
    assert synced.received == [order["uuid"]]


def test_lost_acknowledgement_is_retried_and_deduplicated(page, live_server, synced):
    synced.drop_acks = 1                      # the first sync stores the order, then answers an error
    open_app(page, live_server, retry_ms=300)
    page.locator(".product[data-id='2']").click()
    page.locator(".pay").click()
    expect(page.locator(".last-order")).not_to_have_text("-")     # paid (pending was 0 before)
    wait_until(lambda: len(synced.received) >= 2)
    expect(page.locator(".pending")).to_have_text("0")
    uuid = page.locator(".last-order").inner_text()
    assert synced.received == [uuid, uuid]
    assert list(synced.orders) == [uuid]


def test_a_failing_server_is_retried_less_and_less_often(page, live_server, synced):
    """The queue's timer backs off while the sync fails, and starts over once it succeeds."""
    synced.drop_acks = 1000                   # every sync answers an error
    open_app(page, live_server, retry_ms=100)
    page.locator(".product[data-id='2']").click()
    page.locator(".pay").click()
    expect(page.locator(".last-order")).not_to_have_text("-")
    time.sleep(3.0)
    # a fixed 100 ms timer would have tried about 30 times; doubling waits (100, 200, 400,
    # 800, 1600 ms, +20 % jitter at most) leave room for 6 tries at most, the push's own included
    attempts = len(synced.received)
    assert 2 <= attempts <= 6, synced.received
    assert page.evaluate("window.testBrowser.queue.delayMs") >= 800
    synced.drop_acks = 0
    page.evaluate("window.dispatchEvent(new Event('online'))")     # starts over at once
    expect(page.locator(".pending")).to_have_text("0")
    assert page.evaluate("window.testBrowser.queue.delayMs") == 100
    assert list(synced.orders) == [page.locator(".last-order").inner_text()]


def test_offline_reload_needs_the_service_worker(browser, live_server):
    """The counter-check of the test above: with service workers blocked the reload fails."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        open_app(page, live_server)
        context.set_offline(True)
        live_server.down()
        with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED"):
            page.reload()
    finally:
        context.close()
