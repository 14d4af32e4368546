"""Lock dates of a company (Odoo 17): the period lock holds everyone but the advisers, the
fiscal year lock holds everyone, the tax lock holds entries with taxes; an entry posted in a
locked period moves to the first open date."""
from __future__ import annotations

import datetime

from odoo import Command, fields
from odoo.exceptions import UserError

from .common_moves import AccountingTestCase


class TestLockDates(AccountingTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.biller = cls.env["res.users"].create({
            "name": "Lock biller", "login": "lock_biller", "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
            "groups_id": [Command.set([cls.env.ref("account.group_account_invoice").id])]})
        cls.adviser = cls.env["res.users"].create({
            "name": "Lock adviser", "login": "lock_adviser", "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
            "groups_id": [Command.set([cls.env.ref("account.group_account_manager").id])]})

    def entry(self, post=True, **values):
        return self.make_entry([(self.income, 0.0, 50.0), (self.receivable, 50.0, 0.0)], post=post, **values)

    def test_posting_in_a_locked_period_moves_the_date(self):
        self.company.fiscalyear_lock_date = "2026-03-31"
        move = self.entry(post=False)
        move.action_post()
        # a monthly-numbered journal: the end of the first open month (today is later)
        self.assertEqual(move.date, datetime.date(2026, 4, 30))
        self.assertTrue(move.name.startswith("MISC/2026/04/"), move.name)
        self.assertEqual(set(move.line_ids.mapped("date")), {datetime.date(2026, 4, 30)})

    def test_invoice_posted_in_a_locked_period_keeps_its_invoice_date(self):
        self.company.fiscalyear_lock_date = "2026-03-31"
        first = self.make_invoice([(100.0, 1.0, self.tax_15)])
        second = self.make_invoice([(10.0, 1.0, self.tax_15)])
        first.action_post()
        # no number yet in the journal: within the first open month, at the latest today
        today = fields.Date.context_today(first)
        self.assertEqual(first.date, min(today, datetime.date(2026, 4, 30)))
        self.assertEqual(first.invoice_date, datetime.date(2026, 3, 10))
        second.action_post()
        # a yearly numbering already started: within that year, at the latest today
        self.assertEqual(second.date, min(today, datetime.date(2026, 12, 31)))

    def test_locked_entries_stay_posted(self):
        move = self.entry()
        self.company.fiscalyear_lock_date = "2026-03-31"
        with self.assertRaises(UserError) as caught:
            move.button_draft()
        self.assertEqual(str(caught.exception.args[0]),
                         "You cannot add/modify entries prior to and inclusive of the lock date 03/31/2026.")
        self.assertEqual(move.state, "posted")
        self.company.fiscalyear_lock_date = "2026-03-09"
        move.button_draft()
        self.assertEqual(move.state, "draft")

    def test_period_lock_holds_everyone_but_advisers(self):
        move = self.entry()
        self.company.period_lock_date = "2026-03-31"
        with self.assertRaises(UserError) as caught:
            move.with_user(self.biller).button_draft()
        self.assertIn("Check the company settings or ask someone with the 'Adviser' role", str(caught.exception))
        self.assertEqual(self.company.with_user(self.biller)._get_user_fiscal_lock_date(), datetime.date(2026, 3, 31))
        self.assertEqual(self.company.with_user(self.adviser)._get_user_fiscal_lock_date(), datetime.date.min)
        move.with_user(self.adviser).button_draft()
        self.assertEqual(move.state, "draft")
        # the adviser posts on the entry's own date, the biller's posting moves after the lock
        move.with_user(self.adviser).action_post()
        self.assertEqual(move.date, datetime.date(2026, 3, 10))
        other = self.entry(post=False)
        other.with_user(self.biller).action_post()
        self.assertEqual(other.date, datetime.date(2026, 4, 30))

    def test_tax_lock_holds_entries_with_taxes(self):
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        plain = self.entry()
        self.company.tax_lock_date = "2026-03-31"
        with self.assertRaises(UserError) as caught:
            invoice.button_draft()
        self.assertEqual(str(caught.exception.args[0]),
                         "The operation is refused as it would impact an already issued tax statement. Please "
                         "change the journal entry date or the tax lock date set in the settings (03/31/2026) "
                         "to proceed.")
        plain.button_draft()
        self.assertEqual((invoice.state, plain.state), ("posted", "draft"))
        # posting: an entry with taxes moves after the tax lock, one without stays
        plain.action_post()
        self.assertEqual(plain.date, datetime.date(2026, 3, 10))
        taxed = self.make_invoice([(20.0, 1.0, self.tax_15)])
        taxed.action_post()
        self.assertGreater(taxed.date, datetime.date(2026, 3, 31))

    def test_no_lock_over_draft_entries(self):
        self.entry(post=False)
        with self.assertRaises(UserError) as caught:
            self.company.fiscalyear_lock_date = "2026-03-31"
        self.assertIn("There are still unposted entries in the period you want to lock", str(caught.exception))
        self.assertFalse(self.company.fiscalyear_lock_date)

    def test_items_of_locked_entries_are_not_deleted(self):
        move = self.entry()
        self.company.fiscalyear_lock_date = "2026-03-31"
        with self.assertRaises(UserError):
            move.line_ids.with_context(force_delete=True).unlink()
        self.assertEqual(len(move.line_ids), 2)
