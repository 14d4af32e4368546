"""Customer invoices, credit notes and vendor bills: their tax lines (Odoo 17's grouping
per tax distribution line), the receivable/payable line, totals, fiscal positions."""
from __future__ import annotations

from odoo import Command
from odoo.exceptions import UserError

from .common import repartition
from .common_moves import AccountingTestCase


class TestMoveInvoices(AccountingTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tax = cls.env["account.tax"]
        tax_account = cls.ref_chart("tax_received")
        cls.tax_10 = Tax.create({"name": "10% excl", "amount": 10, **repartition(100, account=tax_account)})
        cls.tax_21_incl = Tax.create({"name": "21% incl", "amount": 21, "price_include": True,
                                      **repartition(100, account=tax_account)})
        cls.tax_fixed = Tax.create({"name": "eco 1", "amount": 1, "amount_type": "fixed",
                                    **repartition(100, account=tax_account)})
        cls.group = Tax.create({"name": "group 10+fixed", "amount_type": "group", "amount": 0,
                                "children_tax_ids": [Command.set((cls.tax_10 | cls.tax_fixed).ids)]})

    def tax_lines(self, move):
        return move.line_ids.filtered(lambda line: line.display_type == "tax").sorted(lambda line: line.tax_line_id.id)

    def test_invoice_with_mixed_taxes(self):
        invoice = self.make_invoice([(100.0, 2, self.tax_10), (121.0, 1, self.tax_21_incl),
                                     (50.0, 1, self.tax_10 | self.tax_fixed, 10.0), (10.0, 3, self.group)])
        products = invoice.invoice_line_ids.sorted("id")
        self.assertEqual(products.mapped("price_subtotal"), [200.0, 100.0, 45.0, 30.0])
        self.assertEqual(products.mapped("price_total"), [220.0, 121.0, 50.5, 36.0])
        self.assertEqual(products.mapped("balance"), [-200.0, -100.0, -45.0, -30.0])
        self.assertEqual(set(products.mapped("account_id")), {self.income})
        # one line per tax distribution line and group of taxes: the 10% of two invoice
        # lines together, the 10% coming through the group apart (Odoo 17's grouping key)
        taxes = self.tax_lines(invoice).sorted(lambda t: (t.tax_line_id.id, t.group_tax_id.id))
        self.assertEqual([(t.tax_line_id, t.group_tax_id, t.balance, t.tax_base_amount) for t in taxes], [
            (self.tax_10, self.env["account.tax"], -24.5, 245.0), (self.tax_10, self.group, -3.0, 30.0),
            (self.tax_21_incl, self.env["account.tax"], -21.0, 100.0),
            (self.tax_fixed, self.env["account.tax"], -1.0, 45.0), (self.tax_fixed, self.group, -3.0, 30.0)])
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total), (375.0, 52.5, 427.5))
        receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual((receivable.account_id, receivable.balance, receivable.partner_id),
                         (self.receivable, 427.5, self.partner))
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (427.5, "not_paid"))
        self.assertEqual(invoice.journal_id, self.sale_journal)
        self.assertEqual((invoice.amount_total_signed, invoice.amount_untaxed_signed), (427.5, 375.0))

    def test_editing_lines_recomputes_taxes_and_receivable(self):
        invoice = self.make_invoice([(100.0, 1, self.tax_10)])
        line = invoice.invoice_line_ids
        line.quantity = 3
        self.assertEqual((invoice.amount_tax, invoice.amount_total), (30.0, 330.0))
        invoice.write({"invoice_line_ids": [Command.create({"name": "more", "price_unit": 121.0,
                                                            "tax_ids": [Command.set(self.tax_21_incl.ids)]})]})
        self.assertEqual(len(self.tax_lines(invoice)), 2)
        self.assertEqual(invoice.amount_total, 451.0)
        line.tax_ids = [Command.clear()]
        self.assertEqual(self.tax_lines(invoice).tax_line_id, self.tax_21_incl)
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total), (400.0, 21.0, 421.0))
        line.unlink()
        self.assertEqual(invoice.amount_total, 121.0)

    def test_round_globally(self):
        self.company.tax_calculation_rounding_method = "round_globally"
        tax = self.env["account.tax"].create({"name": "15% glob", "amount": 15})
        invoice = self.make_invoice([(0.33, 1, tax), (0.33, 1, tax), (0.33, 1, tax)])
        # per line: 3 x 0.05 = 0.15; globally: 0.1485 -> 0.15... 0.99 * 15% = 0.1485 rounds to 0.15
        self.assertAlmostEqual(invoice.amount_tax, 0.15)
        invoice2 = self.make_invoice([(0.03, 1, tax)] * 5)
        self.assertAlmostEqual(invoice2.amount_tax, 0.02)     # 0.0225 once, not 5 x 0.00
        self.company.tax_calculation_rounding_method = "round_per_line"
        invoice3 = self.make_invoice([(0.03, 1, tax)] * 5)
        self.assertAlmostEqual(invoice3.amount_tax, 0.0)

    def test_posting_names_and_refund_sequence(self):
        invoice = self.make_invoice([(100.0, 1, self.tax_10)], post=True)
        self.assertEqual(invoice.name, "INV/2026/00001")
        second = self.make_invoice([(5.0, 1, self.tax_10)], post=True)
        self.assertEqual(second.name, "INV/2026/00002")
        refund = self.make_invoice([(5.0, 1, self.tax_10)], move_type="out_refund", post=True)
        self.assertEqual(refund.name, "RINV/2026/00001")
        bill = self.make_invoice([(40.0, 1, self.env["account.tax"])], move_type="in_invoice", post=True)
        self.assertEqual(bill.name, "BILL/2026/03/0001")
        payable_line = bill.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(payable_line.account_id, self.payable)
        self.assertEqual(bill.line_ids.filtered(lambda line: line.display_type == "product").balance, 40.0)

    def test_credit_note_by_reversal(self):
        invoice = self.make_invoice([(100.0, 1, self.tax_10), (121.0, 1, self.tax_21_incl)], post=True)
        refund = invoice._reverse_moves([{"date": "2026-03-12", "ref": "Return"}])
        self.assertEqual((refund.move_type, refund.state, refund.reversed_entry_id), ("out_refund", "draft", invoice))
        self.assertEqual((refund.amount_untaxed, refund.amount_tax, refund.amount_total), (200.0, 31.0, 231.0))
        self.assertEqual(sorted(refund.line_ids.mapped("balance")),
                         sorted(-b for b in invoice.line_ids.mapped("balance")))
        refund_taxes = self.tax_lines(refund)
        self.assertEqual(refund_taxes.mapped("tax_repartition_line_id.document_type"), ["refund", "refund"])
        refund.action_post()
        self.assertEqual(refund.name, "RINV/2026/00001")

    def test_reversal_with_cancel_pays_the_invoice(self):
        invoice = self.make_invoice([(100.0, 1, self.tax_10)], post=True)
        refund = invoice._reverse_moves(cancel=True)
        self.assertEqual(refund.state, "posted")
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("reversed", 0.0))
        self.assertTrue(invoice.line_ids.filtered(lambda line: line.display_type == "payment_term").full_reconcile_id)

    def test_fiscal_position_maps_taxes_and_accounts(self):
        export_tax = self.env["account.tax"].create({"name": "Export 0%", "amount": 0})
        position = self.env["account.fiscal.position"].create({
            "name": "Export",
            "tax_ids": [Command.create({"tax_src_id": self.tax_10.id, "tax_dest_id": export_tax.id})],
            "account_ids": [Command.create({"account_src_id": self.income.id,
                                            "account_dest_id": self.ref_chart("other_income").id})],
        })
        self.partner.property_account_position_id = position
        invoice = self.make_invoice([(100.0, 1, self.tax_10), (121.0, 1, self.tax_21_incl)])
        self.assertEqual(invoice.fiscal_position_id, position)
        first, second = invoice.invoice_line_ids.sorted("id")
        self.assertEqual((first.tax_ids, first.account_id), (export_tax, self.ref_chart("other_income")))
        self.assertEqual(second.tax_ids, self.tax_21_incl)
        self.assertEqual((invoice.amount_tax, invoice.amount_total), (21.0, 221.0))
        # without a position, the taxes stay
        plain = self.make_invoice([(100.0, 1, self.tax_10)], fiscal_position_id=False)
        self.assertEqual(plain.invoice_line_ids.tax_ids, self.tax_10)

    def test_payment_terms_split_the_receivable(self):
        terms = self.env["account.payment.term"].create({"name": "30/70", "line_ids": [
            Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
            Command.create({"value": "percent", "value_amount": 70.0, "nb_days": 30})]})
        invoice = self.make_invoice([(100.0, 1, self.tax_10)], invoice_payment_term_id=terms.id)
        lines = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term").sorted("date_maturity")
        self.assertEqual(lines.mapped("balance"), [33.0, 77.0])
        self.assertEqual([str(d) for d in lines.mapped("date_maturity")], ["2026-03-10", "2026-04-09"])
        self.assertEqual(str(invoice.invoice_date_due), "2026-04-09")

    def test_cash_rounding_line(self):
        rounding = self.env["account.cash.rounding"].create({
            "name": "5 cents", "rounding": 0.05, "profit_account_id": self.ref_chart("cash_diff_income").id,
            "loss_account_id": self.ref_chart("cash_diff_expense").id})
        invoice = self.make_invoice([(10.02, 1, self.env["account.tax"])], invoice_cash_rounding_id=rounding.id)
        rounding_line = invoice.line_ids.filtered(lambda line: line.display_type == "rounding")
        self.assertAlmostEqual(rounding_line.balance, 0.02)
        self.assertAlmostEqual(invoice.amount_total, 10.0)

    def test_posting_checks(self):
        invoice = self.env["account.move"].create({"move_type": "out_invoice", "invoice_date": "2026-03-10"})
        with self.assertRaises(UserError):
            invoice.action_post()
        invoice.write({"partner_id": self.partner.id,
                       "invoice_line_ids": [Command.create({"name": "x", "price_unit": -5.0})]})
        with self.assertRaises(UserError):
            invoice.action_post()
        posted = self.make_invoice([(10.0, 1, self.tax_10)], post=True)
        with self.assertRaises(UserError):
            posted.write({"partner_id": self.vendor.id})
        with self.assertRaises(UserError):
            posted.invoice_line_ids.write({"price_unit": 3.0})
        with self.assertRaises(UserError):
            posted.invoice_line_ids.write({"tax_ids": [Command.clear()]})
