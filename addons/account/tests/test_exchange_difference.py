"""Exchange differences (Odoo 17): an invoice in euros matched in full in euros with a payment
booked at another rate leaves a difference in dollars (the company's currency), settled by
an entry in the exchange journal, on the gain or loss account, linked to the full
reconciliation; the invoice ends paid. Figures computed by hand.

Rates (euros for one dollar): 2.0 on 2026-03-10 (1 EUR = 0.50 USD), 2.5 on 2026-03-15
(1 EUR = 0.40 USD), 1.6 on 2026-03-20 (1 EUR = 0.625 USD).
"""
from __future__ import annotations

import datetime

from odoo import Command
from odoo.exceptions import UserError

from .common_moves import AccountingTestCase

LABEL = "Currency exchange rate difference"


class TestExchangeDifference(AccountingTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        assert cls.company.currency_id == cls.env.ref("base.USD"), "the figures below are in dollars"
        cls.env["res.currency.rate"].create([
            {"currency_id": cls.eur.id, "name": day, "rate": rate, "company_id": cls.company.id}
            for day, rate in (("2026-03-10", 2.0), ("2026-03-15", 2.5), ("2026-03-20", 1.6))])
        cls.eur_bank = cls.env["account.journal"].create({
            "name": "Bank EUR", "code": "BEUR", "type": "bank", "currency_id": cls.eur.id,
            "company_id": cls.company.id})
        cls.exchange_journal = cls.company.currency_exchange_journal_id
        cls.gain = cls.company.income_currency_exchange_account_id
        cls.loss = cls.company.expense_currency_exchange_account_id

    def invoice_in_euros(self, amount: float = 100.0):
        invoice = self.make_invoice([(amount, 1, self.env["account.tax"])], currency_id=self.eur.id, post=True)
        line = self.receivable_line(invoice)
        self.assertEqual((line.amount_currency, line.balance), (amount, amount / 2))
        return invoice

    def received(self, amount: float, day: str):
        """A bank line of the euro journal paying the customer's receivable directly."""
        st_line = self.env["account.bank.statement.line"].create({
            "journal_id": self.eur_bank.id, "date": day, "amount": amount, "payment_ref": f"received {day}",
            "partner_id": self.partner.id, "counterpart_account_id": self.receivable.id})
        return st_line.move_id.line_ids.filtered(lambda line: line.account_id == self.receivable)

    @staticmethod
    def receivable_line(move):
        return move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    def by_account(self, move) -> list:
        return sorted((line.account_id.id, line.balance, line.amount_currency, line.currency_id.name, line.name)
                      for line in move.line_ids)

    def test_loss_settled_by_an_exchange_entry_and_the_invoice_is_paid(self):
        invoice = self.invoice_in_euros()                   # 100 EUR = 50.00 USD on 2026-03-10
        payment_line = self.received(100.0, "2026-03-15")   # 100 EUR = 40.00 USD on 2026-03-15
        self.assertEqual((payment_line.amount_currency, payment_line.balance), (-100.0, -40.0))
        invoice_line = self.receivable_line(invoice)
        result = (invoice_line | payment_line).reconcile()
        partials = result["partials"]
        matched = partials.filtered(lambda p: not p.exchange_move_id)
        self.assertEqual((matched.amount, matched.debit_amount_currency, matched.credit_amount_currency),
                         (40.0, 100.0, 100.0))
        full = result["full_reconcile"]
        exchange = full.exchange_move_id
        self.assertTrue(exchange)
        self.assertEqual((exchange.state, exchange.journal_id, exchange.date),
                         ("posted", self.exchange_journal, datetime.date(2026, 3, 15)))
        # 10.00 USD still owed in dollars for nothing in euros: a loss
        self.assertEqual(self.by_account(exchange), sorted([
            (self.receivable.id, -10.0, 0.0, "EUR", LABEL), (self.loss.id, 10.0, 0.0, "EUR", LABEL)]))
        settling = exchange.line_ids.filtered(lambda line: line.account_id == self.receivable)
        self.assertEqual(settling.partner_id, self.partner)
        self.assertEqual(full.reconciled_line_ids, invoice_line | payment_line | settling)
        self.assertEqual((partials - matched).exchange_move_id, exchange)
        self.assertEqual((partials - matched).amount, 10.0)
        self.assertEqual([line.amount_residual for line in (invoice_line, payment_line, settling)], [0.0] * 3)
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (0.0, "paid"))

    def test_undoing_the_matching_reverses_the_exchange_entry(self):
        invoice = self.invoice_in_euros()
        payment_line = self.received(100.0, "2026-03-15")
        invoice_line = self.receivable_line(invoice)
        exchange = (invoice_line | payment_line).reconcile()["full_reconcile"].exchange_move_id
        invoice_line.remove_move_reconcile()
        reversal = self.env["account.move"].search([("reversed_entry_id", "=", exchange.id)])
        self.assertEqual((reversal.state, reversal.ref), ("posted", f"Reversal of: {exchange.name}"))
        self.assertEqual(sorted(reversal.line_ids.mapped("balance")), [-10.0, 10.0])
        self.assertTrue(all((exchange | reversal).mapped("line_ids").filtered(
            lambda line: line.account_id == self.receivable).mapped("reconciled")))
        self.assertEqual((invoice_line.amount_residual, invoice_line.amount_residual_currency), (50.0, 100.0))
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_gain_when_the_euro_rose(self):
        invoice = self.invoice_in_euros(80.0)                # 40.00 USD
        payment_line = self.received(80.0, "2026-03-20")     # 50.00 USD
        full = (self.receivable_line(invoice) | payment_line).reconcile()["full_reconcile"]
        exchange = full.exchange_move_id
        # the payment brought 10.00 USD more: its line keeps -10.00, taken off by a gain
        self.assertEqual(self.by_account(exchange), sorted([
            (self.receivable.id, 10.0, 0.0, "EUR", LABEL), (self.gain.id, -10.0, 0.0, "EUR", LABEL)]))
        self.assertEqual(exchange.date, datetime.date(2026, 3, 20))
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(payment_line.amount_residual, 0.0)

    def test_two_payments_the_difference_comes_with_the_last(self):
        invoice = self.invoice_in_euros()                    # 100 EUR = 50.00 USD
        first = self.received(60.0, "2026-03-15")            # 24.00 USD
        result = (self.receivable_line(invoice) | first).reconcile()
        self.assertFalse(result["full_reconcile"])
        self.assertEqual(result["partials"].amount, 24.0)
        invoice_line = self.receivable_line(invoice)
        # 40 EUR left, and 26.00 USD: no difference yet, the euros are not all matched
        self.assertEqual((invoice_line.amount_residual_currency, invoice_line.amount_residual), (40.0, 26.0))
        self.assertEqual(invoice.payment_state, "partial")
        second = self.received(40.0, "2026-03-20")           # 25.00 USD
        result = (invoice_line | second).reconcile()
        exchange = result["full_reconcile"].exchange_move_id
        # 26.00 USD left on the invoice against 25.00 paid: 1.00 USD lost on the last 40 EUR
        self.assertEqual(self.by_account(exchange), sorted([
            (self.receivable.id, -1.0, 0.0, "EUR", LABEL), (self.loss.id, 1.0, 0.0, "EUR", LABEL)]))
        self.assertEqual(result["full_reconcile"].reconciled_line_ids,
                         invoice_line | first | second | exchange.line_ids.filtered(
                             lambda line: line.account_id == self.receivable))
        self.assertEqual(invoice.payment_state, "paid")
        # over the two payments: 50.00 USD invoiced, 49.00 received, 1.00 lost
        lines = self.env["account.move.line"].search([("account_id", "=", self.receivable.id),
                                                      ("partner_id", "=", self.partner.id)])
        self.assertEqual(round(sum(lines.mapped("balance")), 2), 0.0)

    def test_same_rate_needs_no_exchange_entry(self):
        invoice = self.invoice_in_euros()
        payment_line = self.received(100.0, "2026-03-10")
        full = (self.receivable_line(invoice) | payment_line).reconcile()["full_reconcile"]
        self.assertTrue(full)
        self.assertFalse(full.exchange_move_id)
        self.assertEqual(invoice.payment_state, "paid")

    def test_without_exchange_journal_refused_and_nothing_matched(self):
        invoice = self.invoice_in_euros()
        payment_line = self.received(100.0, "2026-03-15")
        self.company.currency_exchange_journal_id = False
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "Exchange Gain or Loss Journal"):
            (self.receivable_line(invoice) | payment_line).reconcile()
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertFalse(self.env["account.partial.reconcile"].search(
            [("debit_move_id", "=", self.receivable_line(invoice).id)]))
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_the_entry_lines_of_a_euro_journal_are_converted(self):
        line = self.received(100.0, "2026-03-15")
        liquidity = line.move_id.line_ids - line
        self.assertEqual((liquidity.amount_currency, liquidity.balance, liquidity.currency_id), (100.0, 40.0, self.eur))
        payment = self.env["account.payment"].create({
            "amount": 30.0, "payment_type": "inbound", "partner_type": "customer", "partner_id": self.partner.id,
            "journal_id": self.eur_bank.id, "date": "2026-03-20"})
        payment.action_post()
        self.assertEqual(sorted(payment.move_id.line_ids.mapped("balance")), [-18.75, 18.75])
        self.assertEqual(sorted(payment.move_id.line_ids.mapped("amount_currency")), [-30.0, 30.0])
        entry = self.env["account.move"].create({"move_type": "entry", "date": "2026-03-10", "journal_id":
                                                 self.misc_journal.id, "line_ids": [
            Command.create({"account_id": self.income.id, "amount_currency": -10.0, "currency_id": self.eur.id}),
            Command.create({"account_id": self.receivable.id, "amount_currency": 10.0, "currency_id": self.eur.id})]})
        self.assertEqual(sorted(entry.line_ids.mapped("balance")), [-5.0, 5.0])
