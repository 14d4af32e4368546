"""A till in euros in a company in dollars: the closing entry is in dollars, with the euros
as amount in currency, at the rate of the orders' day; its cash and bank lines match the
closing's receivables in euros (an exchange difference entry settles what a later rate left
in dollars). Figures computed by hand.

Rates (euros for one dollar): 2.0 on the orders' day, 2024-05-01 (1 EUR = 0.50 USD).
"""
from __future__ import annotations

from odoo import Command, fields
from odoo.exceptions import ValidationError

from .closing_common import ClosingCase


class TestForeignCurrencySession(ClosingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.usd = cls.company.currency_id
        assert cls.usd == cls.env.ref("base.USD"), "the figures below are in dollars"
        cls.env["res.currency.rate"].create({"currency_id": cls.eur.id, "name": "2024-05-01", "rate": 2.0,
                                             "company_id": cls.company.id})
        journals = cls.env["account.journal"]
        common = {"currency_id": cls.eur.id, "company_id": cls.company.id}
        cls.pos_journal_eur = journals.create({"name": "POS EUR", "code": "PEUR", "type": "general", **common})
        cls.cash_journal_eur = journals.create({"name": "Cash EUR", "code": "CEUR", "type": "cash", **common})
        cls.bank_journal_eur = journals.create({"name": "Bank EUR", "code": "BEUR", "type": "bank", **common})
        methods = cls.env["pos.payment.method"]
        cls.cash_eur = methods.create({"name": "Cash EUR", "journal_id": cls.cash_journal_eur.id})
        cls.card_eur = methods.create({"name": "Card EUR", "journal_id": cls.bank_journal_eur.id})
        cls.config_eur = cls.env["pos.config"].create({
            "name": "Euro Till", "journal_id": cls.pos_journal_eur.id,
            "payment_method_ids": [Command.set([cls.cash_eur.id, cls.card_eur.id, cls.account.id])]})

    def euro_session(self):
        """2 pens (23.00 EUR) in cash, 5 coffees (11.00 EUR) by card, 1 pen (11.50 EUR) on the
        customer's account; 23.00 EUR counted."""
        session = self.open_session(self.config_eur)
        self.assertEqual((session.currency_id, session.is_in_company_currency), (self.eur, False))
        self.sell(session, [(self.pen, 2)], [(self.cash_eur, 23.0)])
        self.sell(session, [(self.coffee, 5)], [(self.card_eur, 11.0)])
        self.sell(session, [(self.pen, 1)], [(self.account, 11.5)], partner=self.customer)
        session.post_closing_cash_details(23.0)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        return session

    def lines(self, move) -> dict:
        return {(line.name, line.account_id.id): (line.balance, line.amount_currency, line.currency_id.name)
                for line in move.line_ids}

    def test_closing_entry_in_dollars_with_the_euros_in_currency(self):
        session = self.euro_session()
        move = session.move_id
        name, pos, income, tax = session.name, self.pos_receivable.id, self.income.id, self.tax_account.id
        self.assertEqual(self.lines(move), {
            ("Sales with Test 15%", income): (-15.00, -30.00, "EUR"),          # 3 pens
            ("Sales with Test 10% incl.", income): (-5.00, -10.00, "EUR"),     # 5 coffees
            ("Test 15%", tax): (-2.25, -4.50, "EUR"),
            ("Test 10% incl.", tax): (-0.50, -1.00, "EUR"),
            (f"{name} - Cash EUR", pos): (11.50, 23.00, "EUR"),
            (f"{name} - Card EUR", pos): (5.50, 11.00, "EUR"),
            (f"{name} - Test Customer Account", self.customer_receivable.id): (5.75, 11.50, "EUR"),
        })
        self.assertEqual(sum(move.line_ids.mapped("balance")), 0.0)
        self.assertEqual(sorted(move.line_ids.filtered("tax_line_id").mapped("tax_base_amount")), [5.0, 15.0])
        # the drawer's line in the euro cash journal, and the card's payment in the euro bank
        cash = session.statement_line_ids.filtered(lambda line: line.payment_ref == name)
        self.assertEqual((cash.amount, cash.journal_id), (23.0, self.cash_journal_eur))
        self.assertEqual(sorted(cash.move_id.line_ids.mapped("balance")), [-11.5, 11.5])
        payment = session.bank_payment_ids
        self.assertEqual((payment.amount, payment.currency_id), (11.0, self.eur))
        self.assertEqual(sorted(payment.move_id.line_ids.mapped("balance")), [-5.5, 5.5])
        # everything settled at closing is matched in full, with no exchange difference
        settled = move.line_ids.filtered(lambda line: line.account_id.id == pos)
        self.assertTrue(all(settled.mapped("reconciled")))
        self.assertFalse(settled.mapped("full_reconcile_id.exchange_move_id"))

    def test_closed_at_a_later_rate_the_difference_is_an_exchange_entry(self):
        # the euro fell by the closing day: 2.5 EUR for a dollar (1 EUR = 0.40 USD)
        self.env["res.currency.rate"].create({"currency_id": self.eur.id, "rate": 2.5,
                                              "name": fields.Date.context_today(self.config_eur),
                                              "company_id": self.company.id})
        session = self.euro_session()
        move = session.move_id
        pos = self.pos_receivable.id
        # the sales keep the rate of their day
        self.assertEqual(self.lines(move)[(f"{session.name} - Cash EUR", pos)], (11.50, 23.00, "EUR"))
        cash = session.statement_line_ids.filtered(lambda line: line.payment_ref == session.name)
        self.assertEqual(sorted(round(balance, 2) for balance in cash.move_id.line_ids.mapped("balance")),
                         [-9.2, 9.2])
        # matched in euros; the 2.30 USD (cash) and 1.10 USD (card) left are lost on the exchange
        settled = move.line_ids.filtered(lambda line: line.account_id.id == pos)
        self.assertTrue(all(settled.mapped("reconciled")))
        exchanges = settled.mapped("full_reconcile_id.exchange_move_id")
        self.assertEqual(len(exchanges), 2)
        loss = self.company.expense_currency_exchange_account_id
        self.assertEqual(sorted(exchanges.mapped("line_ids").filtered(
            lambda line: line.account_id == loss).mapped(lambda line: round(line.balance, 2))), [1.1, 2.3])
        self.assertEqual(exchanges.mapped("journal_id"), self.company.currency_exchange_journal_id)

    def test_invoiced_after_closing_reversed_at_the_rate_of_the_order(self):
        session = self.open_session(self.config_eur)
        order = self.sell(session, [(self.pen, 2)], [(self.cash_eur, 23.0)], partner=self.customer)
        session.post_closing_cash_details(23.0)
        session.close_session_from_ui([])
        order.action_pos_order_invoice()
        invoice = order.account_move
        self.assertEqual((invoice.currency_id, invoice.amount_total, invoice.payment_state), (self.eur, 23.0, "paid"))
        reversal = self.env["account.move"].search([("reversed_pos_order_id", "=", order.id)])
        self.assertEqual(self.lines(reversal), {
            ("Test Pen", self.income.id): (10.00, 20.00, "EUR"),
            ("Test 15%", self.tax_account.id): (1.50, 3.00, "EUR"),
            (f"From order {order.name}", self.pos_receivable.id): (-11.50, -23.00, "EUR"),
        })
        entry = order.payment_ids.account_move_id
        receivables = (reversal | entry).mapped("line_ids").filtered(
            lambda line: line.account_id == self.pos_receivable)
        self.assertEqual(len(receivables.mapped("full_reconcile_id")), 1)

    def test_query_count_does_not_grow_with_the_orders(self):
        counts = self.closing_query_counts((10, 60), self.cash_eur, self.card_eur, self.config_eur)
        self.assertLessEqual(counts[1], counts[0], f"queries to close 10 then 60 orders in euros: {counts}")
        # (two more since the session notes its end in its chatter, as Odoo 17's does)
        self.assertLessEqual(counts[1], 91, f"queries to close 60 orders in euros: {counts}")

    def test_the_till_refuses_journals_and_pricelists_in_another_currency(self):
        configs = self.env["pos.config"]
        euro_list = self.env["product.pricelist"].create({"name": "Euro prices", "currency_id": self.eur.id})
        sales_usd = self.env["account.journal"].create({"name": "Sales USD", "code": "SUSD", "type": "sale",
                                                        "currency_id": self.usd.id})
        refused = [   # a till in the company's dollars, then one in euros
            ({"name": "Dollar Till", "payment_method_ids": [Command.set(self.cash_eur.ids)]},
             "Payment method Cash EUR posts in EUR but Dollar Till sells in USD: give it a journal in USD"),
            ({"name": "Dollar Till", "use_pricelist": True, "pricelist_id": euro_list.id,
              "available_pricelist_ids": [Command.set(euro_list.ids)]},
             "Pricelist Euro prices is in EUR but Dollar Till sells in USD"),
            ({"name": "Second Euro Till", "journal_id": self.pos_journal_eur.id, "invoice_journal_id": sales_usd.id},
             "The invoice journal of Second Euro Till is in USD; it must be in EUR"),
        ]
        for values, message in refused:
            with self.subTest(message=message), self.assertRaisesRegex(ValidationError, message):
                configs.create(values)
        # what matches is accepted: the euro till takes the euro pricelist
        self.config_eur.write({"pricelist_id": euro_list.id, "use_pricelist": True,
                               "available_pricelist_ids": [Command.set(euro_list.ids)]})
        self.assertEqual(self.config_eur.pricelist_id, euro_list)
        # as on Odoo 17, a till that does not use pricelists is not checked on them
        self.assertTrue(configs.create({"name": "Plain Dollar Till", "pricelist_id": euro_list.id}))
