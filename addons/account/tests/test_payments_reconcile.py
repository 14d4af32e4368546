"""Payments, statement lines and reconciliation: an invoice paid in two parts, payment
states, partial and full reconciliations, undoing them."""
from __future__ import annotations

from odoo import Command
from odoo.exceptions import UserError

from .common_moves import AccountingTestCase


class TestPaymentsReconcile(AccountingTestCase):

    def pay(self, amount: float, partner=None, payment_type: str = "inbound", partner_type: str = "customer",
            journal=None):
        payment = self.env["account.payment"].create({
            "amount": amount, "payment_type": payment_type, "partner_type": partner_type,
            "partner_id": (partner or self.partner).id, "journal_id": (journal or self.bank_journal).id,
            "date": "2026-03-15"})
        payment.action_post()
        return payment

    @staticmethod
    def receivable_line(move):
        return move.line_ids.filtered(
            lambda line: line.account_id.account_type in ("asset_receivable", "liability_payable"))

    def test_payment_entry(self):
        payment = self.pay(100.0)
        self.assertEqual(payment.state, "posted")
        self.assertEqual(payment.name, "PBNK1/2026/00001")
        self.assertEqual(payment.move_id.payment_id, payment)
        liquidity, counterpart, others = payment._seek_for_lines()
        outstanding = self.company.account_journal_payment_debit_account_id
        self.assertEqual((liquidity.account_id, liquidity.balance), (outstanding, 100.0))
        self.assertEqual((counterpart.account_id, counterpart.balance, counterpart.partner_id),
                         (self.receivable, -100.0, self.partner))
        self.assertFalse(others)
        self.assertFalse(payment.is_reconciled)
        self.assertFalse(payment.is_matched)
        outbound = self.pay(40.0, partner=self.vendor, payment_type="outbound", partner_type="supplier")
        liquidity, counterpart, _others = outbound._seek_for_lines()
        self.assertEqual((liquidity.account_id, liquidity.balance),
                         (self.company.account_journal_payment_credit_account_id, -40.0))
        self.assertEqual((counterpart.account_id, counterpart.balance), (self.payable, 40.0))
        self.assertEqual(outbound.name, "PBNK1/2026/00002")
        # what the Point of Sale does: its payment method names the outstanding account
        pos_outstanding = self.env["account.account"].create({
            "code": "101499", "name": "POS Outstanding", "account_type": "asset_current", "reconcile": True})
        pos_payment = self.env["account.payment"].create({
            "amount": 12.0, "journal_id": self.bank_journal.id, "force_outstanding_account_id": pos_outstanding.id,
            "destination_account_id": self.company.account_default_pos_receivable_account_id.id,
            "ref": "Bank POS payment of Customer A in POS/0001"})
        liquidity, counterpart, _others = pos_payment._seek_for_lines()
        self.assertEqual((liquidity.account_id, counterpart.account_id, pos_payment.move_id.ref),
                         (pos_outstanding, self.company.account_default_pos_receivable_account_id,
                          "Bank POS payment of Customer A in POS/0001"))

    def test_invoice_paid_in_two_parts(self):
        invoice = self.make_invoice([(100.0, 1, self.tax_15)], post=True)
        self.assertEqual((invoice.amount_total, invoice.payment_state), (115.0, "not_paid"))
        first = self.pay(40.0)
        result = (self.receivable_line(invoice) | self.receivable_line(first.move_id)).reconcile()
        partial = result["partials"]
        self.assertEqual((partial.amount, partial.debit_move_id, partial.credit_move_id),
                         (40.0, self.receivable_line(invoice), self.receivable_line(first.move_id)))
        self.assertFalse(result["full_reconcile"])
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (75.0, "partial"))
        self.assertEqual(self.receivable_line(invoice).amount_residual, 75.0)
        self.assertTrue(first.is_reconciled)
        self.assertEqual(first.reconciled_invoice_ids, invoice)
        second = self.pay(75.0)
        result = (self.receivable_line(invoice) | self.receivable_line(second.move_id)).reconcile()
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (0.0, "in_payment"))
        full = result["full_reconcile"]
        self.assertTrue(full)
        self.assertEqual(full.reconciled_line_ids, self.receivable_line(invoice) | self.receivable_line(first.move_id)
                         | self.receivable_line(second.move_id))
        self.assertEqual(len(full.partial_reconcile_ids), 2)
        self.assertTrue(all(line.reconciled for line in full.reconciled_line_ids))
        # the bank statement shows both payments: once matched there, the invoice is paid
        for payment in (first, second):
            st_line = self.env["account.bank.statement.line"].create({
                "journal_id": self.bank_journal.id, "date": "2026-03-20", "amount": payment.amount,
                "payment_ref": payment.name,
                "counterpart_account_id": self.company.account_journal_payment_debit_account_id.id})
            liquidity = payment._seek_for_lines()[0]
            outstanding = liquidity.account_id
            bank_side = st_line.move_id.line_ids.filtered(lambda line, a=outstanding: line.account_id == a)
            (bank_side | liquidity).reconcile()
            self.assertTrue(payment.is_matched)
        self.assertEqual(invoice.payment_state, "paid")

    def test_statement_paying_an_invoice_directly_is_paid(self):
        invoice = self.make_invoice([(20.0, 1, self.env["account.tax"])], post=True)
        st_line = self.env["account.bank.statement.line"].create({
            "journal_id": self.cash_journal.id, "date": "2026-03-20", "amount": 20.0, "payment_ref": "cash in",
            "partner_id": self.partner.id, "counterpart_account_id": self.receivable.id})
        counterpart = st_line.move_id.line_ids.filtered(lambda line: line.account_id == self.receivable)
        (counterpart | self.receivable_line(invoice)).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertTrue(st_line.is_reconciled)

    def test_statement_line_entry(self):
        statement = self.env["account.bank.statement"].create({"name": "Cash 1", "balance_start": 10.0})
        st_line = self.env["account.bank.statement.line"].create({
            "journal_id": self.cash_journal.id, "statement_id": statement.id, "date": "2026-03-20",
            "amount": -12.5, "payment_ref": "coffee"})
        move = st_line.move_id
        self.assertEqual((move.state, move.name, move.statement_line_id), ("posted", "CSH1/2026/00001", st_line))
        liquidity, suspense, others = st_line._seek_for_lines()
        self.assertEqual((liquidity.account_id, liquidity.balance), (self.cash_journal.default_account_id, -12.5))
        self.assertEqual((suspense.account_id, suspense.balance), (self.cash_journal.suspense_account_id, 12.5))
        self.assertFalse(others)
        self.assertFalse(st_line.is_reconciled)
        self.assertEqual((statement.journal_id, statement.balance_end), (self.cash_journal, -2.5))

    def test_reconcile_checks_and_undo(self):
        invoice = self.make_invoice([(100.0, 1, self.tax_15)], post=True)
        payment = self.pay(115.0)
        with self.assertRaises(UserError):
            (self.receivable_line(invoice) | payment._seek_for_lines()[0]).reconcile()
        draft = self.make_invoice([(10.0, 1, self.tax_15)])
        with self.assertRaises(UserError):
            (self.receivable_line(draft) | self.receivable_line(payment.move_id)).reconcile()
        income_lines = invoice.line_ids.filtered(lambda line: line.account_id == self.income)
        with self.assertRaises(UserError):
            income_lines.reconcile()
        lines = self.receivable_line(invoice) | self.receivable_line(payment.move_id)
        lines.reconcile()
        self.assertEqual(invoice.payment_state, "in_payment")
        with self.assertRaises(UserError):
            lines.reconcile()
        with self.assertRaises(UserError):
            payment.move_id.line_ids.write({"partner_id": self.vendor.id})
        # undo: the residuals come back, the invoice is due again
        lines.remove_move_reconcile()
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (115.0, "not_paid"))
        self.assertFalse(lines.mapped("full_reconcile_id"))
        self.assertEqual(self.receivable_line(payment.move_id).amount_residual, -115.0)

    def test_payment_reset_to_draft_unreconciles(self):
        invoice = self.make_invoice([(100.0, 1, self.tax_15)], post=True)
        payment = self.pay(50.0)
        (self.receivable_line(invoice) | self.receivable_line(payment.move_id)).reconcile()
        self.assertEqual(invoice.payment_state, "partial")
        payment.action_draft()
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("not_paid", 115.0))
        payment.amount = 60.0
        self.assertEqual(payment._seek_for_lines()[0].balance, 60.0)
        payment.action_post()
        self.assertEqual(payment.name, "PBNK1/2026/00001")

    def test_vendor_bill_paid(self):
        bill = self.make_invoice([(200.0, 1, self.ref_chart("purchase_tax_template"))], move_type="in_invoice",
                                 post=True)
        self.assertEqual((bill.amount_total, bill.amount_residual), (230.0, 230.0))
        payment = self.pay(230.0, partner=self.vendor, payment_type="outbound", partner_type="supplier")
        (self.receivable_line(bill) | self.receivable_line(payment.move_id)).reconcile()
        self.assertEqual((bill.amount_residual, bill.payment_state), (0.0, "in_payment"))


class TestPartnerBalances(AccountingTestCase):
    """``credit`` and ``debit`` of partners: their open posted receivable and payable items."""

    def test_credit_debit_and_their_search(self):
        customer = self.env["res.partner"].create({"name": "Balance customer"})
        vendor = self.env["res.partner"].create({"name": "Balance vendor"})
        self.assertEqual((customer.credit, customer.debit), (0.0, 0.0))
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], partner_id=customer.id, post=True)
        self.make_invoice([(40.0, 1.0, self.tax_15)], partner_id=customer.id)          # a draft: not counted
        self.make_invoice([(200.0, 1.0, self.env["account.tax"])], move_type="in_invoice", partner_id=vendor.id,
                          post=True)
        (customer | vendor).invalidate_recordset(["credit", "debit"])
        self.assertEqual((customer.credit, customer.debit, vendor.credit, vendor.debit), (115.0, 0.0, 0.0, 200.0))
        payment = self.env["account.payment"].create({"amount": 15.0, "partner_id": customer.id,
                                                      "journal_id": self.bank_journal.id, "date": "2026-03-11"})
        payment.action_post()
        (invoice.line_ids | payment.move_id.line_ids).filtered(
            lambda line: line.account_id == self.receivable).reconcile()
        customer.invalidate_recordset(["credit"])
        self.assertEqual(customer.credit, 100.0)
        Partner = self.env["res.partner"]
        self.assertIn(customer, Partner.search([("credit", ">", 99.0)]))
        self.assertNotIn(customer, Partner.search([("credit", ">", 100.0)]))
        self.assertEqual(Partner.search([("debit", "=", 200.0), ("id", "in", (customer | vendor).ids)]), vendor)
        self.assertEqual(Partner.search_read([("id", "=", customer.id)], ["credit", "debit"]),
                         [{"id": customer.id, "credit": 100.0, "debit": 0.0}])

    def test_balances_are_for_invoicing_users(self):
        clerk = self.env["res.users"].create({"name": "Balance clerk", "login": "balance_clerk",
                                              "groups_id": [Command.set([self.env.ref("base.group_user").id])]})
        self.assertNotIn("credit", self.env["res.partner"].with_user(clerk).fields_get())
        self.assertIn("credit", self.env["res.partner"].fields_get())
