"""Access to entries, payments and reconciliation: an invoicing user against a plain
internal user (what a Point of Sale user is until that addon lands), and the
multi-company rules."""
from __future__ import annotations

from odoo import Command
from odoo.exceptions import AccessError

from .common_moves import AccountingTestCase


class TestMoveSecurity(AccountingTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "Other Ledger Co"})
        cls.env["account.chart.template"].try_loading("generic_coa", cls.other)
        cls.biller = cls.make_user("biller_moves", "account.group_account_invoice", cls.company)
        cls.clerk = cls.make_user("clerk_moves", "base.group_user", cls.company)
        cls.other_biller = cls.make_user("biller_other", "account.group_account_invoice", cls.other)

    @classmethod
    def make_user(cls, login: str, group: str, company):
        return cls.env["res.users"].create({
            "name": login, "login": login, "company_id": company.id, "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([cls.env.ref(group).id])]})

    def test_invoicing_user_invoices_and_gets_paid(self):
        env = self.env(user=self.biller)
        invoice = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner.id, "invoice_date": "2026-03-10",
            "invoice_line_ids": [Command.create({"name": "Service", "price_unit": 100.0,
                                                 "tax_ids": [Command.set(self.tax_15.ids)]})]})
        invoice.action_post()
        self.assertEqual((invoice.name, invoice.amount_total), ("INV/2026/00001", 115.0))
        payment = env["account.payment"].create({"amount": 115.0, "partner_id": self.partner.id,
                                                 "journal_id": self.bank_journal.id, "date": "2026-03-11"})
        payment.action_post()
        lines = (invoice.line_ids | payment.move_id.line_ids).filtered(lambda line: line.account_id == self.receivable)
        lines.reconcile()
        self.assertEqual(invoice.payment_state, "in_payment")
        refund = invoice._reverse_moves()
        self.assertEqual(refund.move_type, "out_refund")

    def test_internal_user_reads_what_a_till_needs_but_no_entries(self):
        env = self.env(user=self.clerk)
        self.assertEqual(env["account.journal"].browse(self.cash_journal.id).name, "Cash")
        self.assertEqual(env["account.tax"].browse(self.tax_15.id).amount, 15.0)
        self.assertEqual(env["account.account"].browse(self.income.id).code, "4000")
        self.assertTrue(env["account.fiscal.position"].check_access_rights("read", raise_exception=False))
        invoice = self.make_invoice([(10.0, 1, self.tax_15)], post=True)
        with self.assertRaises(AccessError):
            invoice.with_env(env).read(["name"])
        with self.assertRaises(AccessError):
            env["account.move"].create({"move_type": "entry", "journal_id": self.misc_journal.id})
        with self.assertRaises(AccessError):
            env["account.payment"].search([])
        with self.assertRaises(AccessError):
            env["account.move.line"].search([])
        with self.assertRaises(AccessError):
            env["account.journal"].browse(self.cash_journal.id).write({"name": "Till"})

    def test_entries_of_other_companies_are_hidden(self):
        invoice = self.make_invoice([(10.0, 1, self.tax_15)], post=True)
        payment = self.env["account.payment"].create({"amount": 5.0, "partner_id": self.partner.id,
                                                      "journal_id": self.bank_journal.id})
        st_line = self.env["account.bank.statement.line"].create({
            "journal_id": self.cash_journal.id, "amount": 3.0, "payment_ref": "till"})
        env = self.env(user=self.other_biller)
        self.assertFalse(env["account.bank.statement.line"].search([("id", "=", st_line.id)]))
        self.assertTrue(self.env["account.bank.statement.line"].search([("id", "=", st_line.id)]))
        self.assertFalse(env["account.move"].search([("id", "=", invoice.id)]))
        self.assertFalse(env["account.move.line"].search([("move_id", "=", invoice.id)]))
        self.assertFalse(env["account.payment"].search([("id", "=", payment.id)]))
        with self.assertRaises(AccessError):
            invoice.with_env(env).read(["name"])
        # their own company's invoices work as usual
        other_sale = self.env.ref(f"account.{self.other.id}_sale")
        own = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.partner.id, "invoice_date": "2026-03-10",
            "journal_id": other_sale.id,
            "invoice_line_ids": [Command.create({"name": "x", "price_unit": 10.0})]})
        own.action_post()
        self.assertEqual((own.company_id, own.name), (self.other, "INV/2026/00001"))
        receivable = own.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable.account_id, self.env.ref(f"account.{self.other.id}_receivable"))

    def test_partner_accounts(self):
        special = self.env["account.account"].create({"code": "1299", "name": "Special Receivable",
                                                      "account_type": "asset_receivable"})
        self.partner.property_account_receivable_id = special
        invoice = self.make_invoice([(10.0, 1, self.tax_15)])
        receivable_line = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable_line.account_id, special)
        payment = self.env["account.payment"].create({"amount": 5.0, "partner_id": self.partner.id})
        self.assertEqual(payment.destination_account_id, special)
        self.assertEqual(payment.journal_id.type, "bank")
