"""Journal entries: balance, posting and numbering, protections of posted entries."""
from __future__ import annotations

import psycopg.errors

from odoo import Command
from odoo.exceptions import UserError

from .common_moves import AccountingTestCase


class TestMoveEntries(AccountingTestCase):

    def test_balanced_entry_is_posted_with_a_number(self):
        move = self.make_entry([(self.expense, 100.0, 0.0), (self.payable, 0.0, 100.0)])
        self.assertEqual((move.name, move.state, move.journal_id), ("/", "draft", self.misc_journal))
        self.assertRecordValues(move.line_ids.sorted("id"), [
            {"debit": 100.0, "credit": 0.0, "balance": 100.0, "amount_currency": 100.0, "parent_state": "draft"},
            {"debit": 0.0, "credit": 100.0, "balance": -100.0, "amount_currency": -100.0, "parent_state": "draft"},
        ])
        move.action_post()
        self.assertEqual((move.state, move.name), ("posted", "MISC/2026/03/0001"))
        self.assertEqual(set(move.line_ids.mapped("parent_state")), {"posted"})
        self.assertEqual(set(move.line_ids.mapped("move_name")), {"MISC/2026/03/0001"})
        self.assertEqual(move.amount_total, 100.0)
        second = self.make_entry([(self.expense, 5.0, 0.0), (self.payable, 0.0, 5.0)], post=True)
        self.assertEqual(second.name, "MISC/2026/03/0002")
        other_month = self.make_entry([(self.expense, 5.0, 0.0), (self.payable, 0.0, 5.0)], date="2026-04-01",
                                      post=True)
        self.assertEqual(other_month.name, "MISC/2026/04/0001")

    def test_a_number_is_used_once_per_journal(self):
        first = self.make_entry([(self.expense, 1.0, 0.0), (self.payable, 0.0, 1.0)], post=True)
        second = self.make_entry([(self.expense, 1.0, 0.0), (self.payable, 0.0, 1.0)], post=True)
        with self.assertRaises(psycopg.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE account_move SET name = %s WHERE id = %s", (first.name, second.id))

    def test_unbalanced_entry_is_refused(self):
        with self.assertRaises(UserError) as caught:
            self.make_entry([(self.expense, 100.0, 0.0), (self.payable, 0.0, 90.0)])
        message = str(caught.exception)
        self.assertIn("is not balanced", message)
        self.assertIn("The total of debits equals", message)
        self.assertIn("You might want to specify a default account on journal \"Miscellaneous Operations\"",
                      message)

    def test_unbalanced_draft_allowed_without_validity_check_but_never_posted(self):
        move = self.env["account.move"].with_context(check_move_validity=False).create({
            "journal_id": self.misc_journal.id, "date": "2026-03-10",
            "line_ids": [Command.create({"account_id": self.expense.id, "debit": 10.0})]})
        with self.assertRaises(UserError) as caught:
            move.action_post()
        self.assertIn("is not balanced", str(caught.exception))
        self.assertEqual(move.state, "draft")

    def test_posted_entry_cannot_be_edited(self):
        move = self.make_entry([(self.expense, 100.0, 0.0), (self.payable, 0.0, 100.0)], post=True)
        line = move.line_ids.filtered(lambda line: line.debit)
        for values in ({"debit": 50.0}, {"account_id": self.income.id}, {"partner_id": self.partner.id},
                       {"balance": 1.0}, {"amount_currency": 3.0}):
            with self.assertRaises(UserError, msg=str(values)):
                line.write(values)
        with self.assertRaises(UserError):
            move.write({"date": "2026-05-01"})
        with self.assertRaises(UserError):
            move.write({"line_ids": [Command.create({"account_id": self.income.id, "debit": 1.0})]})
        with self.assertRaises(UserError):
            move.write({"journal_id": self.sale_journal.id})
        with self.assertRaises(UserError):
            move.unlink()
        with self.assertRaises(UserError):
            self.env["account.move.line"].create([
                {"move_id": move.id, "account_id": self.income.id, "debit": 1.0},
                {"move_id": move.id, "account_id": self.payable.id, "credit": 1.0}])
        with self.assertRaises(UserError):
            line.unlink()
        # a label is no matter
        line.name = "renamed"
        move.ref = "REF1"
        self.assertEqual(line.name, "renamed")
        # back to draft, editable again; the number stays
        move.button_draft()
        self.assertEqual((move.state, move.name), ("draft", "MISC/2026/03/0001"))
        move.write({"line_ids": [Command.update(line.id, {"debit": 60.0}),
                                 Command.update((move.line_ids - line).id, {"credit": 60.0})]})
        move.action_post()
        self.assertEqual((move.name, move.amount_total), ("MISC/2026/03/0001", 60.0))
        with self.assertRaises(UserError):
            move.write({"journal_id": self.sale_journal.id})

    def test_records_of_another_company_are_refused(self):
        other = self.env["res.company"].create({"name": "Foreign Books Co"})
        foreign_tax = self.env["account.tax"].create({"name": "Foreign 7%", "amount": 7, "company_id": other.id})
        foreign_account = self.env["account.account"].create({
            "code": "6998", "name": "Foreign", "account_type": "expense", "company_id": other.id})
        with self.assertRaises(UserError):
            self.make_entry([(foreign_account, 10.0, 0.0), (self.payable, 0.0, 10.0)])
        with self.assertRaises(UserError):
            self.env["account.move"].create({
                "journal_id": self.misc_journal.id, "date": "2026-03-10",
                "line_ids": [Command.create({"account_id": self.expense.id, "debit": 10.0,
                                             "tax_ids": [Command.set(foreign_tax.ids)]}),
                             Command.create({"account_id": self.payable.id, "credit": 10.0})]})

    def test_cancel(self):
        move = self.make_entry([(self.expense, 10.0, 0.0), (self.payable, 0.0, 10.0)])
        move.button_cancel()
        self.assertEqual(move.state, "cancel")
        posted = self.make_entry([(self.expense, 10.0, 0.0), (self.payable, 0.0, 10.0)], post=True)
        with self.assertRaises(UserError):
            posted.button_cancel()

    def test_reverse_entry(self):
        move = self.make_entry([(self.expense, 30.0, 0.0), (self.payable, 0.0, 30.0)], post=True)
        reversal = move._reverse_moves([{"date": "2026-03-11"}])
        self.assertEqual(reversal.reversed_entry_id, move)
        self.assertEqual(sorted(reversal.line_ids.mapped("balance")), [-30.0, 30.0])
        self.assertEqual(reversal.line_ids.filtered(lambda line: line.account_id == self.payable).balance, 30.0)
        self.assertEqual(reversal.ref, f"Reversal of: {move.name}")

    def test_lines_need_an_account_of_their_company_that_is_not_deprecated(self):
        old = self.env["account.account"].create({"name": "Old Expenses", "code": "619999",
                                                  "account_type": "expense", "deprecated": True})
        other = self.env["res.company"].create({"name": "Other Books"})
        elsewhere = self.env["account.account"].create({"name": "Elsewhere", "code": "619998",
                                                        "account_type": "expense", "company_id": other.id})
        refused = [
            ([(old, 10.0, 0.0), (self.payable, 0.0, 10.0)], "The account 619999 Old Expenses is deprecated"),
            ([(elsewhere, 10.0, 0.0), (self.payable, 0.0, 10.0)],
             r"Incompatible companies on records(.|\n)*619998 Elsewhere.\) belongs to another company"),
        ]
        for amounts, message in refused:
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message), \
                    self.env.cr.savepoint():
                self.make_entry(amounts)
        with self.assertRaisesRegex(UserError, "An accounting line needs an account"), self.env.cr.savepoint():
            self.env["account.move"].with_context(check_move_validity=False).create({
                "journal_id": self.misc_journal.id, "date": "2026-03-10",
                "line_ids": [Command.create({"name": "nowhere", "debit": 10.0})]})
