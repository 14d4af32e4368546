"""An addon extending the printed invoice (``account.report_invoice_document``) with xpaths
on its named elements, as addons written for Odoo 17 do: installed, then printed."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from framework.orm.commands import Command
from tests.support.db import install, rolled_back_env


@pytest.fixture(scope="module")
def report_registry(make_db):
    return install(make_db, "test_invoice_report_", ["test_account_report_ext"])


@pytest.fixture
def env(report_registry):
    with rolled_back_env(report_registry, context={"lang": "en_US"}) as env:
        yield env


@pytest.fixture
def invoice(env):
    company = env.ref("base.main_company")
    tax = env.ref(f"account.{company.id}_sale_tax_template")
    partner = env["res.partner"].create({"name": "Extended Customer"})
    move = env["account.move"].create({
        "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-05-04",
        "ref": "PO-77", "payment_reference": "RF-EXT-1",
        "invoice_line_ids": [Command.create({"name": "Desk", "price_unit": 200.0, "sequence": 7,
                                             "tax_ids": [Command.set(tax.ids)]})]})
    move.action_post()
    return move


def printed(env, invoice):
    content, _kind = env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)
    return lxml_html.fromstring(content)


def test_columns_added_beside_named_cells(env, invoice):
    page = printed(env, invoice)
    headers = [th.get("name") for th in page.xpath("//table[@name='invoice_line_table']/thead/tr/th")]
    assert headers[:2] == ["th_description", "th_line_code"]
    [row] = page.xpath("//tbody[hasclass('invoice_tbody')]/tr")
    cells = [td.get("name") for td in row.xpath("td")]
    assert cells[:2] == ["account_invoice_line_name", "td_line_code"]
    assert row.xpath("string(td[@name='td_line_code'])").strip() == "L-7"


def test_blocks_added_replaced_and_attributes_changed(env, invoice):
    page = printed(env, invoice)
    informations = [div.get("name") for div in page.xpath("//div[@id='informations']/div")]
    assert informations[-2:] == ["reference", "salesperson_block"]
    assert page.xpath("string(//span[hasclass('printed-by')])") == env.user.name
    [communication] = page.xpath("//p[@name='payment_communication']")
    assert communication.get("class") == "ext-communication"
    assert "Please quote RF-EXT-1 with your transfer." in " ".join(communication.text_content().split())
    assert page.xpath("//div[@id='total']/following-sibling::div[1]/@class") == ["ext-after-total"]
    [title] = page.xpath("//h2")
    assert title.get("class") == "ext-title" and invoice.name in title.text_content()


def test_the_called_totals_template_is_extended_too(env, invoice):
    page = printed(env, invoice)
    [note] = page.xpath("//tr[hasclass('ext-total-note')]")
    assert note.getprevious().get("class") == "border-black o_total"
    assert "All amounts in USD" in note.text_content()
