"""The till is legible at 1024×768 and at phone width (390×844), in real Chromium: on the product
screen, an order of several lines, the payment screen, the receipt and the closing screen,
the page never scrolls sideways, the buttons a cashier needs are on screen (or brought there
by scrolling their pane) and not covered by anything, and no text is smaller than 12px.
A screenshot of each screen at each size goes to .data/artifacts/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.pos_browser import artifact, demo_registry, new_till, open_till, product

SIZES = {"desktop": (1024, 768), "phone": (390, 844)}
MIN_FONT_PX = 12

#: a page function: what breaks the layout, as sentences (empty when it holds). For each
#: selector, its element is scrolled into view inside its pane (never the page sideways), then
#: it must lie inside the viewport and be what the browser hits at its centre.
LAYOUT_PROBLEMS = """([selectors, minFont]) => {
    const problems = [];
    const root = document.documentElement;
    const width = root.clientWidth, height = root.clientHeight;
    if (root.scrollWidth > width) problems.push(`the page scrolls sideways: ${root.scrollWidth}px > ${width}px`);
    const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || !el || !shown(el)) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < minFont) problems.push(`"${node.textContent.trim().slice(0, 30)}" is ${size}px`);
    }
    for (const field of document.querySelectorAll("input, textarea, select")) {
        const size = parseFloat(getComputedStyle(field).fontSize);
        if (shown(field) && size < minFont) problems.push(`the field ${field.className} is ${size}px`);
    }
    for (const selector of selectors) {
        const el = document.querySelector(selector);
        if (!el || !shown(el)) { problems.push(`${selector} is not shown`); continue; }
        el.scrollIntoView({ block: "nearest", inline: "nearest" });
        const box = el.getBoundingClientRect();
        if (box.left < 0 || box.top < 0 || box.right > width + 0.5 || box.bottom > height + 0.5) {
            const [x0, y0, x1, y1] = [box.left, box.top, box.right, box.bottom].map(Math.round);
            problems.push(`${selector} lies outside the ${width}x${height} viewport: ${x0},${y0} to ${x1},${y1}`);
            continue;
        }
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        const cover = hit ? hit.className || hit.tagName : "nothing";
        if (!el.contains(hit)) problems.push(`${selector} is covered by ${cover}`);
    }
    if (root.scrollLeft || window.scrollX) problems.push("the page was scrolled sideways to show a button");
    return problems;
}"""


def assert_legible(page, screen: str, size: str, selectors: list[str]) -> None:
    problems = page.evaluate(LAYOUT_PROBLEMS, [selectors, MIN_FONT_PX])
    page.evaluate("() => document.querySelectorAll('*').forEach((el) => { el.scrollTop = 0; })")
    page.screenshot(path=str(artifact(f"pos-layout-{size}-{screen}.png")))
    assert problems == [], f"{screen} at {size}: {problems}"


def check_customer_dialog(page, size: str) -> None:
    page.locator(".set-partner").click()
    page.locator(".new-partner").click()
    expect(page.locator(".save-partner")).to_be_visible()
    assert_legible(page, "customer", size, [".partner-search", ".search-server", ".partner", ".new-partner-name",
                                            ".new-partner-phone", ".save-partner", ".pos-partner-list .cancel"])
    page.locator(".pos-partner-list .cancel").click()


@pytest.fixture(scope="module")
def pos_registry(make_db):
    return demo_registry(make_db, "test_pos_layout_", ["point_of_sale"])


@pytest.mark.parametrize("size", list(SIZES))
def test_every_screen_is_legible(browser, pos_server, pos_registry, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    phone = size == "phone"
    try:
        open_till(page, pos_server, new_till(pos_registry))
        catalogue = [".pos-order-tab", ".pos-new-order", ".pos-close-session", ".pos-search",
                      ".pos-categories .pos-category", ".product"]
        order = [".order-summary .total", ".numpad-key[data-key='1']", ".numpad-mode[data-mode='price']",
                 ".numpad-key[data-key='Backspace']", ".set-partner", ".pay"]
        if phone:       # one pane at a time; the bar under it keeps the total and Pay in sight
            assert_legible(page, "products", size, catalogue + [".pos-mobile-bar .total", ".mobile-pay",
                                                                 ".show-order"])
        else:
            assert_legible(page, "products", size, catalogue + order)
        for name in ["Espresso", "Croissant", "Cappuccino", "Orange Juice", "Bagel", "Brownie",
                     "Sandwich Ham Cheese"]:
            product(page, name).click()
        if phone:
            expect(page.locator(".mobile-bar-count")).to_have_text("7")
            page.locator(".show-order").click()
            expect(page.locator(".pos-catalogue")).to_be_hidden()
            assert_legible(page, "order", size, order + [".orderline:last-child .remove-line", ".show-products"])
            check_customer_dialog(page, size)
            page.locator(".show-products").click()
            expect(page.locator(".pos-order")).to_be_hidden()
            page.locator(".mobile-pay").click()
        else:
            assert_legible(page, "order", size, order + [".orderline:last-child .remove-line",
                                                         ".pos-categories .pos-category"])
            check_customer_dialog(page, size)
            page.locator(".pay").click()
        page.locator(".payment-method", has_text="Cash").first.click()
        expect(page.locator(".paymentline")).to_be_visible()
        assert_legible(page, "payment", size, [".payment-total", ".back", ".payment-method", ".payment-amount",
                                               ".remaining", ".change", ".validate"])
        page.locator(".validate").click()
        expect(page.locator(".pos-receipt")).to_be_visible()
        assert_legible(page, "receipt", size, [".print", ".next-order", ".receipt-total", ".order-reference"])
        page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
        page.locator(".next-order").click()
        page.locator(".pos-history-button").click()
        page.locator(".history-order.synced").first.click()
        expect(page.locator(".history-line").first).to_be_visible()
        assert_legible(page, "history", size, [".back", ".history-order", ".reprint", ".refund"])
        page.locator(".history-list .back").click()
        page.locator(".pos-close-session").click()
        expect(page.locator(".orders-count")).to_have_text("1")
        assert_legible(page, "closing", size, [".expected-cash", ".counted-cash", ".closing-notes", ".cancel",
                                               ".close-session"])
    finally:
        context.close()
