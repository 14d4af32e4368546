"""The browser POS's catalogue in real Chromium: changes pushed to an open till, a reload
that fetches only what changed, products found on the server when the till has none,
variants chosen in a picker, amounts and dates in the user's language, the payment
screen's keyboard."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.pos_browser import call_kw, demo_registry, new_till, open_till, product, run


@pytest.fixture(scope="module")
def pos_registry(make_db):
    return demo_registry(make_db, "test_pos_catalogue_", ["point_of_sale"])


@pytest.fixture
def till(pos_registry):
    return new_till(pos_registry)


def pos_ui_answers(page) -> list[dict]:
    """The answers of POST /pos/ui the page receives from now on."""
    answers: list[dict] = []

    def keep(response):
        if response.url.split("?")[0].endswith("/pos/ui") and response.request.method == "POST":
            answers.append(response.json()["result"])
    page.on("response", keep)
    return answers


def test_catalogue_changes_reach_an_open_till_and_a_reload_fetches_only_them(page, pos_server, pos_registry, till):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_till(page, pos_server, till)
    page.wait_for_function("() => window.posApp.pos.catalogueSync && window.posApp.pos.catalogueSync.listening")
    tea = call_kw(page, pos_server, "product.product", "create", [{
        "name": "Pushed Tea", "list_price": 3.5, "available_in_pos": True, "sale_ok": True, "taxes_id": [[6, 0, []]]}])
    expect(product(page, "Pushed Tea")).to_be_visible()            # no reload: pushed
    expect(product(page, "Pushed Tea").locator(".price-tag")).to_contain_text("3.50")
    call_kw(page, pos_server, "product.product", "write", [[tea], {"lst_price": 4.25}])
    expect(product(page, "Pushed Tea").locator(".price-tag")).to_contain_text("4.25")
    page.wait_for_function("() => window.posApp.pos.catalogueSync.applied >= 2")

    page.goto("about:blank")                    # the till is closed; the catalogue changes meanwhile
    call_kw(page, pos_server, "product.product", "create", [{
        "name": "Created Meanwhile", "list_price": 1.0, "available_in_pos": True, "sale_ok": True}])
    espresso = run(pos_registry, lambda env: env["product.product"].search([("name", "=", "Espresso")]).id)
    call_kw(page, pos_server, "product.product", "write", [[espresso], {"available_in_pos": False}])
    answers = pos_ui_answers(page)
    page.goto(f"{pos_server.base_url}/pos/ui?config_id={till}")
    expect(product(page, "Created Meanwhile")).to_be_visible()
    expect(product(page, "Pushed Tea").locator(".price-tag")).to_contain_text("4.25")   # from IndexedDB
    assert "Espresso" not in page.locator(".product .product-name").all_inner_texts()
    [delta] = answers
    assert delta["delta"] is True
    assert [row["display_name"] for row in delta["records"]["product.product"]] == ["Created Meanwhile"]
    assert delta["removed"]["product.product"] == [espresso]
    assert "res.country" not in delta and "uom.uom" not in delta
    assert errors == []


def test_a_rolled_back_change_is_not_pushed(pos_registry, till):
    from framework.orm.environment import Environment
    last = run(pos_registry, lambda env: env["bus.bus"].sudo()._last_id())
    with pos_registry.cursor() as cr:
        Environment(cr, 1, {})["product.product"].create({"name": "Never Sold", "available_in_pos": True})
        cr.rollback()
    run(pos_registry, lambda env: env["res.partner"].create({"name": "Pushed Customer"}))
    notes = run(pos_registry, lambda env: env["bus.bus"].sudo()._read_after(["point_of_sale.catalogue"], last))
    assert [n["message"]["payload"]["model"] for n in notes] == ["res.partner"]
    session = run(pos_registry, lambda env: env["pos.config"].browse(till).current_session_id.id)
    delta = run(pos_registry, lambda env: env["pos.session"].browse(session)._load_pos_ui_delta(last))
    assert [row["name"] for row in delta["records"]["res.partner"]] == ["Pushed Customer"]
    assert list(delta["records"]) == ["res.partner"]


def scan(page, code: str) -> None:
    """A keyboard-wedge scanner: the code's keys, then Enter, typed fast."""
    page.keyboard.type(code, delay=0)
    page.keyboard.press("Enter")


def limited_till(registry) -> int:
    """A till loading only 2 products (limited loading): the others are on the server only."""
    def limit(env, config):
        config.write({"limited_products_loading": True, "limited_products_amount": 2})
    return new_till(registry, limit)


def test_search_and_barcode_not_found_locally_ask_the_server(page, context, pos_server, pos_registry):
    till = limited_till(pos_registry)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_till(page, pos_server, till)
    loaded = page.locator(".product .product-name").all_inner_texts()
    assert len(loaded) == 2 and "Croissant" not in loaded
    name, barcode = run(pos_registry, lambda env: next(
        (p.name, p.barcode)
        for p in env["product.product"].search([("barcode", "like", "200%"), ("available_in_pos", "=", True)])
        if p.name not in loaded and p.name != "Croissant"))
    scan(page, barcode)                                      # a scanner: a product not on the till
    expect(page.locator(".orderline .line-name")).to_have_text([name])
    page.locator(".pos-search").fill("croiss")
    expect(product(page, "Croissant")).to_be_visible()           # read on the server, now on the till
    product(page, "Croissant").click()
    expect(page.locator(".orderline .line-name")).to_have_text([name, "Croissant"])
    page.locator(".pos-search").fill("no such thing")
    expect(page.locator(".pos-search-message")).to_have_text('No product matches "no such thing".')
    context.set_offline(True)
    page.locator(".pos-search").fill("muffin")
    expect(page.locator(".pos-search-message")).to_contain_text("needs the connection")
    context.set_offline(False)
    stored = page.evaluate("""() => new Promise((resolve) => {
        const opening = indexedDB.open("pos_data");
        opening.onsuccess = () => {
            const q = opening.result.transaction("payloads").objectStore("payloads").getAll();
            q.onsuccess = () => resolve(q.result[0]["product.product"].map((p) => p.display_name));
        };
    })""")
    assert "Croissant" in stored and name in stored
    assert errors == []


def test_payment_screen_keyboard(page, pos_server, pos_registry, till):
    open_till(page, pos_server, till)
    product(page, "Croissant").click()
    page.locator(".pay").click()
    # keys go to the payment screen's listener once it is mounted (pressed earlier, they are lost)
    expect(page.locator(".pos-payment-screen")).to_be_visible()
    page.keyboard.press("Escape")                           # back to the products
    expect(page.locator(".pos-product-screen")).to_be_visible()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    expect(page.locator(".paymentline")).to_have_count(1)
    page.keyboard.press("Enter")                            # paid exactly: validates
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.locator(".next-order").click()

    product(page, "Croissant").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    for key in "50":                                        # the first key replaces the amount
        page.keyboard.press(key)
    expect(page.locator(".payment-amount")).to_have_value("50")
    page.keyboard.press("Backspace")
    page.keyboard.press(".")
    page.keyboard.press("5")
    expect(page.locator(".payment-amount")).to_have_value("5.5")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")                            # nothing paid: refused
    expect(page.locator(".validation-error")).to_contain_text("Still due")
    for key in "100":
        page.keyboard.press(key)
    expect(page.locator(".change")).not_to_have_text("$ 0.00")
    page.keyboard.press("Enter")
    expect(page.locator(".pos-receipt")).to_be_visible()


def shirt_with_sizes(env, name: str = "Test Shirt") -> dict:
    """A template ``name`` (10.00, no taxes) in sizes S, M (+0.50) and L (+1.00)."""
    size = env["product.attribute"].create({"name": "Test Size", "value_ids": [
        (0, 0, {"name": name}) for name in ("S", "M", "L")]})
    template = env["product.template"].create({
        "name": name, "list_price": 10.0, "available_in_pos": True, "sale_ok": True, "taxes_id": [(6, 0, [])],
        "attribute_line_ids": [(0, 0, {"attribute_id": size.id, "value_ids": [(6, 0, size.value_ids.ids)]})]})
    for ptav in template.attribute_line_ids.product_template_value_ids:
        ptav.price_extra = {"S": 0.0, "M": 0.5, "L": 1.0}[ptav.name]
    return {v.product_template_attribute_value_ids.name: v.id for v in template.product_variant_ids}


def test_a_template_with_variants_opens_the_variant_picker(page, pos_server, pos_registry):
    variants = run(pos_registry, shirt_with_sizes)
    till = new_till(pos_registry)
    open_till(page, pos_server, till)
    page.locator(".pos-search").fill("Test Shirt")
    expect(page.locator(".product .product-name")).to_have_text(["Test Shirt"])     # one tile, not three
    product(page, "Test Shirt").click()
    picker = page.locator(".variant-picker")
    expect(picker.locator(".variant-value .value-name")).to_have_text(["S", "M", "L"])
    expect(picker.locator(".variant-value", has_text="M").locator(".price-extra")).to_contain_text("+ $ 0.50")
    expect(picker.locator(".variant-value", has_text="L").locator(".price-extra")).to_contain_text("+ $ 1.00")
    expect(page.locator(".order-empty")).to_be_visible()                    # nothing added before choosing
    picker.locator(".variant-value", has_text="M").click()
    expect(picker.locator(".variant-price")).to_contain_text("10.50")
    picker.locator(".confirm").click()
    expect(page.locator(".variant-picker")).to_have_count(0)
    expect(page.locator(".orderline .line-name")).to_have_text(["Test Shirt (M)"])
    expect(page.locator(".orderline .unit")).to_contain_text("10.50")
    assert page.evaluate("window.posApp.pos.selectedOrder.lines[0].productId") == variants["M"]


def sell_piano_and_read_the_receipt(page) -> tuple[str, str, str]:
    """Sell one "Test Piano" (1,234.50, no taxes) for cash: the receipt's total, its date and
    the browser's date as [day, month, year]."""
    page.locator(".pos-search").fill("Test Piano")
    product(page, "Test Piano").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    total = page.locator(".pos-receipt .receipt-total .amount").inner_text()
    date = page.locator(".pos-receipt .order-date").inner_text()
    today = page.evaluate("() => { const d = new Date(); return [d.getDate(), d.getMonth() + 1, d.getFullYear()]; }")
    return total, date, today


@pytest.mark.parametrize("lang", ["en_US", "fr_FR"])
def test_receipt_amounts_and_dates_in_the_cashiers_language(page, pos_server, pos_registry, lang):
    def prepare(env):
        env["res.lang"]._activate_lang(lang)
        env.ref("base.user_admin").lang = lang
        if not env["product.product"].search([("name", "=", "Test Piano")]):
            env["product.product"].create({"name": "Test Piano", "list_price": 1234.5, "available_in_pos": True,
                                           "sale_ok": True, "taxes_id": [(6, 0, [])]})
    run(pos_registry, prepare)
    try:
        open_till(page, pos_server, new_till(pos_registry))
        total, date, (day, month, year) = sell_piano_and_read_the_receipt(page)
    finally:
        run(pos_registry, lambda env: setattr(env.ref("base.user_admin"), "lang", "en_US"))
    if lang == "fr_FR":
        assert total.replace("\xa0", " ") == "$ 1 234,50"
        assert date.startswith(f"{day:02d}/{month:02d}/{year} ")
    else:
        assert total == "$ 1,234.50"
        assert date.startswith(f"{month:02d}/{day:02d}/{year} ")
    assert len(date.split(" ")[1].split(":")) == 3


def test_an_extra_price_changed_on_the_server_reaches_an_open_till(page, pos_server, pos_registry):
    variants = run(pos_registry, lambda env: shirt_with_sizes(env, "Test Polo"))
    till = new_till(pos_registry)
    open_till(page, pos_server, till)
    page.wait_for_function("() => window.posApp.pos.catalogueSync && window.posApp.pos.catalogueSync.listening")
    applied = page.evaluate("window.posApp.pos.catalogueSync.applied")

    def raise_medium(env):
        variant = env["product.product"].browse(variants["M"])
        ptav = variant.product_template_attribute_value_ids
        ptav.price_extra = 2.0
    run(pos_registry, raise_medium)
    page.wait_for_function(f"() => window.posApp.pos.catalogueSync.applied > {applied}")
    page.locator(".pos-search").fill("Test Polo")
    product(page, "Test Polo").click()
    picker = page.locator(".variant-picker")
    expect(picker.locator(".variant-value", has_text="M").locator(".price-extra")).to_contain_text("+ $ 2.00")
    picker.locator(".variant-value", has_text="M").click()
    expect(picker.locator(".variant-price")).to_contain_text("12.00")
