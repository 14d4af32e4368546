"""The receipt e-mailed from the receipt screen in real Chromium: the address typed, the
receipt drawn as an image (``receipt_image.js``) and sent through
``pos.order.action_receipt_to_customer`` to a local SMTP server once the order synced, and what
the cashier reads for a bad address or a refused mail."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.support.pos_browser import artifact, new_till, open_till, product


@pytest.fixture(scope="module")
def pos_registry(make_db, smtp):
    from framework.modules.registry_loader import load_registry
    from tests.support.db import make_config
    return load_registry(make_db("test_pos_receipt_mail_ui_"), install=["point_of_sale"],
                         config=make_config(without_demo=False, smtp_server=smtp.host, smtp_port=smtp.port,
                                            email_from="shop@example.com"))


@pytest.fixture
def till(pos_registry):
    return new_till(pos_registry)


def sell_a_croissant(page) -> str:
    product(page, "Croissant").click()
    page.locator(".pay").click()
    page.locator(".payment-method", has_text="Cash").first.click()
    page.locator(".validate").click()
    expect(page.locator(".pos-receipt")).to_be_visible()
    page.wait_for_function("() => Object.keys(window.posApp.pos.sync.synced).length === 1")
    return page.locator(".order-reference").inner_text()


def test_the_receipt_is_e_mailed_as_an_image(page, pos_server, till, mailbox):
    open_till(page, pos_server, till)
    reference = sell_a_croissant(page)
    page.locator(".receipt-email-to").fill("not an address")
    page.locator(".send-email").click()
    expect(page.locator(".receipt-email-status")).to_contain_text("Enter the customer's e-mail address")
    page.locator(".receipt-email-to").fill("rita@example.com")
    page.locator(".send-email").click()
    expect(page.locator(".receipt-email-status")).to_have_text("Receipt sent to rita@example.com.")
    [received] = mailbox.messages
    assert received.rcpt_to == ["rita@example.com"]
    assert received.message["Subject"] == f"Receipt {reference}"
    [attachment] = list(received.message.iter_attachments())
    assert attachment.get_filename() == f"Receipt-{reference}.jpg"
    image = Image.open(io.BytesIO(attachment.get_content()))
    image.save(artifact("pos-receipt-mail.jpg"))
    # the receipt's lines drawn on a receipt-wide canvas, one row per line at least
    assert image.format == "JPEG" and image.width == 576 and image.height > 300
    # the printed receipt does not show the form
    page.emulate_media(media="print")
    expect(page.locator(".receipt-email")).to_be_hidden()


def test_a_refused_mail_is_shown_to_the_cashier(page, pos_server, till, mailbox):
    open_till(page, pos_server, till)
    sell_a_croissant(page)
    mailbox.refuse["RCPT"] = "no such mailbox"
    try:
        page.locator(".receipt-email-to").fill("gone@example.com")
        page.locator(".send-email").click()
        expect(page.locator(".receipt-email-status")).to_contain_text(
            "The receipt was not sent: The receipt was not sent to gone@example.com")
    finally:
        mailbox.refuse.clear()
    assert mailbox.messages == []
