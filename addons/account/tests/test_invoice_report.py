"""The printed invoice: its tax totals, the Print button's action and file names, and the
reports over HTTP (/report/html, /report/pdf through wkhtmltopdf)."""
from __future__ import annotations

import json
import shutil
import unittest
from urllib.parse import quote

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, tagged

from .common import repartition
from .common_moves import AccountingTestCase


class InvoiceReportCase(AccountingTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.write({"street": "12 Harbour Road", "city": "Portville", "vat": "BE0477472701"})
        cls.invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.partner.id, "invoice_date": "2026-03-10",
            "ref": "PO-4411", "invoice_origin": "SO-0042", "narration": "<p>Thanks for your trust</p>",
            "invoice_line_ids": [
                Command.create({"display_type": "line_section", "name": "Consulting services", "sequence": 1}),
                Command.create({"name": "Audit days", "price_unit": 100.0, "quantity": 2.0, "sequence": 2,
                                "tax_ids": [Command.set(cls.tax_15.ids)]}),
                Command.create({"display_type": "line_note", "name": "Done on site", "sequence": 3}),
                Command.create({"name": "Support hours", "price_unit": 50.0, "quantity": 1.0, "sequence": 4,
                                "tax_ids": [Command.set(cls.tax_15.ids)]}),
            ]})
        cls.invoice.action_post()
        cls.tax_group_name = cls.tax_15.tax_group_id.name


class TestInvoiceTaxTotals(InvoiceReportCase):

    def test_tax_totals_of_an_invoice(self):
        totals = self.invoice.tax_totals
        self.assertEqual((totals["amount_untaxed"], totals["amount_total"]), (250.0, 287.5))
        self.assertEqual(totals["subtotals_order"], ["Untaxed Amount"])
        self.assertEqual([(s["name"], s["amount"]) for s in totals["subtotals"]], [("Untaxed Amount", 250.0)])
        [group] = totals["groups_by_subtotal"]["Untaxed Amount"]
        self.assertEqual((group["tax_group_id"], group["tax_group_amount"], group["tax_group_base_amount"]),
                         (self.tax_15.tax_group_id.id, 37.5, 250.0))
        self.assertIn("37.50", group["formatted_tax_group_amount"])
        self.assertIn("287.50", totals["formatted_amount_total"])
        self.assertFalse(totals["display_tax_base"])          # the base is the untaxed amount

    def test_a_tax_group_with_its_own_subtotal_and_partial_bases(self):
        group = self.env["account.tax.group"].create({"name": "Eco levy", "sequence": 50,
                                                      "preceding_subtotal": "Before levy"})
        levy = self.env["account.tax"].create({"name": "levy 10%", "amount": 10, "tax_group_id": group.id,
                                               **repartition(100, account=self.ref_chart("tax_received"))})
        invoice = self.make_invoice([(100.0, 1, self.tax_15), (40.0, 1, self.tax_15 | levy)], post=True)
        totals = invoice.tax_totals
        self.assertEqual(totals["subtotals_order"], ["Untaxed Amount", "Before levy"])
        self.assertEqual([s["amount"] for s in totals["subtotals"]], [140.0, 161.0])
        self.assertEqual([(g["tax_group_name"], g["tax_group_amount"], g["tax_group_base_amount"])
                          for g in totals["groups_by_subtotal"]["Before levy"]], [("Eco levy", 4.0, 40.0)])
        self.assertTrue(totals["display_tax_base"])
        self.assertEqual(totals["amount_total"], invoice.amount_total)

    def test_cash_rounding_is_its_own_row(self):
        rounding = self.env["account.cash.rounding"].create({
            "name": "5 cents", "rounding": 0.05, "profit_account_id": self.ref_chart("cash_diff_income").id,
            "loss_account_id": self.ref_chart("cash_diff_expense").id})
        invoice = self.make_invoice([(10.02, 1, self.env["account.tax"])], invoice_cash_rounding_id=rounding.id)
        totals = invoice.tax_totals
        self.assertEqual((totals["amount_untaxed"], totals["rounding_amount"], totals["amount_total"]),
                         (10.02, -0.02, 10.0))
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)[0].decode()
        self.assertIn("<td>Rounding</td>", html)
        self.assertIn("-0.02", html)

    def test_a_plain_entry_has_no_tax_totals(self):
        entry = self.make_entry([(self.income, 0, 10), (self.receivable, 10, 0)])
        self.assertFalse(entry.tax_totals)

    def test_tax_totals_read_over_the_orm_as_a_dict(self):
        [values] = self.invoice.read(["tax_totals"])
        self.assertEqual(values["tax_totals"]["amount_total"], 287.5)
        [values] = self.invoice.with_context(bin_size=True).read(["tax_totals"])
        self.assertEqual(values["tax_totals"]["amount_untaxed"], 250.0)


class TestInvoicePrintAction(InvoiceReportCase):

    def test_print_button_gives_the_report_with_payments_and_marks_sent(self):
        self.assertFalse(self.invoice.is_move_sent)
        action = self.invoice.action_invoice_print()
        self.assertEqual((action["type"], action["report_name"], action["report_type"]),
                         ("ir.actions.report", "account.report_invoice_with_payments", "qweb-pdf"))
        self.assertEqual(action["context"]["active_ids"], self.invoice.ids)
        self.assertTrue(self.invoice.is_move_sent)

    def test_entries_cannot_be_printed(self):
        entry = self.make_entry([(self.income, 0, 10), (self.receivable, 10, 0)], post=True)
        with self.assertRaises(UserError):
            entry.action_invoice_print()
        with self.assertRaises(UserError):
            self.env["ir.actions.report"]._render_qweb_pdf("account.report_invoice", entry.ids)

    def test_printed_file_names(self):
        report = self.env.ref("account.account_invoices")
        self.assertEqual(report._get_print_name(self.invoice), self.invoice.name)
        self.assertEqual(self.invoice._get_invoice_report_filename(), self.invoice.name.replace("/", "_") + ".pdf")
        draft = self.make_invoice([(10.0, 1, self.tax_15)])
        self.assertEqual(report._get_print_name(draft), f"Draft Invoice (* {draft.id})")
        self.assertEqual(self.env.ref("account.account_invoices_without_payment").report_name,
                         "account.report_invoice")

    def test_the_invoice_reports_are_in_the_print_menu(self):
        move_model = self.env["ir.model"]._get("account.move")
        for xmlid in ("account.account_invoices", "account.account_invoices_without_payment"):
            report = self.env.ref(xmlid)
            self.assertEqual((report.binding_model_id, report.binding_type), (move_model, "report"))

    def test_the_invoice_reports_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.env.ref("account.account_invoices_without_payment").unlink()


class TestInvoiceReportDocument(InvoiceReportCase):

    def render(self, report, invoice, **context):
        html, _kind = self.env["ir.actions.report"].with_context(**context)._render_qweb_html(report, invoice.ids)
        return html.decode()

    def test_sections_notes_and_subtotals(self):
        html = self.render("account.report_invoice", self.invoice)
        self.assertIn('o_line_section', html)
        self.assertIn("Consulting services", html)
        self.assertIn('o_line_note', html)
        self.assertIn("Done on site", html)
        self.assertIn('class="is-subtotal text-end"', html)
        self.assertIn("250.00", html)                 # the section's subtotal
        self.assertIn('name="th_description"', html)
        self.assertIn('name="td_taxes"', html)
        self.assertNotIn('name="th_discount"', html)  # no line has a discount

    def test_titles_per_type_and_state(self):
        draft = self.make_invoice([(10.0, 1, self.tax_15)])
        self.assertIn("<span>Draft Invoice</span>", self.render("account.report_invoice", draft))
        refund = self.make_invoice([(10.0, 1, self.tax_15)], move_type="out_refund", post=True)
        html = self.render("account.report_invoice", refund)
        self.assertIn("<span>Credit Note</span>", html)
        self.assertIn(refund.name, html)
        self.assertIn("PROFORMA", self.render("account.report_invoice", draft, proforma_invoice=True))

    def test_payments_are_listed_on_the_report_with_payments(self):
        wizard = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids).create(
            {"amount": 100.0, "payment_date": "2026-03-20"})
        wizard.action_create_payments()
        [paid] = self.invoice.invoice_payments_widget["content"]
        self.assertEqual((paid["amount"], paid["date"], paid["is_exchange"]), (100.0, "2026-03-20", False))
        with_payments = self.render("account.report_invoice_with_payments", self.invoice)
        self.assertIn("Paid on 03/20/2026", with_payments)
        self.assertIn("Amount Due", with_payments)
        self.assertIn("187.50", with_payments)        # what is left to pay
        self.assertNotIn("Paid on", self.render("account.report_invoice", self.invoice))

    def test_delivery_address_beside_the_customer(self):
        delivery = self.env["res.partner"].create({"name": "Warehouse Dock 4", "type": "delivery",
                                                   "parent_id": self.partner.id, "city": "Dockside"})
        invoice = self.make_invoice([(10.0, 1, self.tax_15)], post=True)
        self.assertEqual(invoice.partner_shipping_id, delivery)
        html = self.render("account.report_invoice", invoice)
        self.assertIn('name="address_not_same_as_shipping"', html)
        self.assertIn('id="partner_vat_address_not_same_as_shipping"', html)
        self.assertNotIn("Warehouse Dock 4", html)        # for the group showing delivery addresses
        self.env.user.groups_id = [Command.link(self.env.ref("account.group_delivery_invoice_address").id)]
        html = self.render("account.report_invoice", invoice)
        self.assertIn("Shipping Address:", html)
        self.assertIn("Warehouse Dock 4", html)
        self.assertIn('name="address_same_as_shipping"', self.render("account.report_invoice", self.invoice))

    def test_foreign_currency_invoice_shows_its_taxes_in_company_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create({"currency_id": eur.id, "name": "2026-03-01", "rate": 2.0,
                                              "company_id": self.company.id})
        invoice = self.make_invoice([(100.0, 1, self.tax_15)], post=True, currency_id=eur.id)
        [group] = invoice.tax_totals["groups_by_subtotal"]["Untaxed Amount"]
        self.assertEqual((group["tax_group_amount"], group["tax_group_amount_company_currency"]), (15.0, 7.5))
        html = self.render("account.report_invoice", invoice)
        self.assertIn("totals_taxes_company_currency", html)
        self.assertIn("57.50", html)                      # the total in dollars
        self.company.display_invoice_tax_company_currency = False
        self.assertNotIn("totals_taxes_company_currency", self.render("account.report_invoice", invoice))

    def test_installments_of_the_payment_terms(self):
        term = self.env["account.payment.term"].create({"name": "Half now, half in 30 days", "line_ids": [
            Command.create({"value": "percent", "value_amount": 50, "nb_days": 0}),
            Command.create({"value": "percent", "value_amount": 50, "nb_days": 30})]})
        invoice = self.make_invoice([(100.0, 1, self.tax_15)], post=True, invoice_payment_term_id=term.id)
        self.assertTrue(invoice.show_payment_term_details)
        self.assertEqual([d["amount"] for d in invoice.payment_term_details], [57.5, 57.5])
        html = self.render("account.report_invoice", invoice)
        self.assertIn("Installment of", html)
        self.assertIn('id="total_payment_term_details_table"', html)


@tagged("post_install", "-at_install")
class TestInvoiceReportHttp(HttpCase):
    """The report routes, as the web client's Print menu calls them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        tax = cls.env.ref(f"account.{company.id}_sale_tax_template")
        cls.partner = cls.env["res.partner"].create({"name": "Printed Customer Ltd", "city": "Portville"})
        cls.invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.partner.id, "invoice_date": "2026-04-02",
            "payment_reference": "RF18 5390 0754 7034",
            "invoice_line_ids": [
                Command.create({"name": "Blue chair", "price_unit": 120.0, "quantity": 3.0,
                                "tax_ids": [Command.set(tax.ids)]}),
                Command.create({"name": "Delivery", "price_unit": 40.0, "quantity": 1.0,
                                "tax_ids": [Command.set(tax.ids)]})]})
        cls.invoice.action_post()
        cls.tax_group_name = tax.tax_group_id.name

    def test_html_report_of_a_posted_invoice(self):
        self.authenticate("admin", "admin")
        response = self.url_open(f"/report/html/account.report_invoice/{self.invoice.id}")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.headers["Content-Type"].startswith("text/html"))
        body = response.text
        self.assertIn(self.invoice.name, body)
        self.assertIn("Printed Customer Ltd", body)
        self.assertIn("<span>Invoice</span>", body)
        self.assertIn("Blue chair", body)
        self.assertIn("Delivery", body)
        self.assertIn(self.tax_group_name, body)
        self.assertIn("400.00", body)                 # untaxed
        self.assertIn("60.00", body)                  # 15% tax
        self.assertIn("460.00", body)                 # total
        self.assertIn("RF18 5390 0754 7034", body)    # the payment communication
        self.assertIn('name="invoice_line_table"', body)

    def test_report_with_payments_for_billing_users(self):
        self.authenticate("admin", "admin")
        response = self.url_open(f"/report/html/account.report_invoice_with_payments/{self.invoice.id}")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("460.00", response.text)

    @unittest.skipUnless(shutil.which("wkhtmltopdf"), "wkhtmltopdf is not installed")
    def test_pdf_report_through_wkhtmltopdf(self):
        self.authenticate("admin", "admin")
        # addon tests get the HTML unless the context asks for the real PDF, as on Odoo
        context = quote(json.dumps({"force_report_rendering": True}))
        response = self.url_open(f"/report/pdf/account.report_invoice/{self.invoice.id}?context={context}",
                                 timeout=120)
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))
        # the PDF is named after the invoice when downloaded
        data = json.dumps([f"/report/pdf/account.report_invoice/{self.invoice.id}?context={context}", "qweb-pdf"])
        response = self.url_open(f"/report/download?data={quote(data)}", timeout=120)
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertIn(quote(f"{self.invoice.name}.pdf"), response.headers["Content-Disposition"])
