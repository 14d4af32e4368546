"""What the Point of Sale calls when it closes a session, in bulk: one entry of many lines,
payments and statement lines made in batches, reconciliation of many lines. The number of
queries must not grow with the number of lines."""
from __future__ import annotations

from odoo import Command

from .common_moves import AccountingTestCase


class TestBulkAccounting(AccountingTestCase):

    def count_queries(self, func) -> int:
        self.env.flush_all()
        cr = self.env.cr
        start = cr.sql_log_count
        func()
        self.env.flush_all()
        return cr.sql_log_count - start

    def session_entry(self, orders: int):
        """A closing entry: one sales line and one receivable line per order (what a session
        of ``orders`` orders with split transactions gives), taxes in one line."""
        pos_receivable = self.company.account_default_pos_receivable_account_id
        tax_account = self.ref_chart("tax_received")
        lines = []
        for index in range(orders):
            amount = 10.0 + index % 7
            lines.append(Command.create({"name": f"Sales {index}", "account_id": self.income.id,
                                         "credit": amount, "tax_ids": [Command.set(self.tax_15.ids)]}))
            lines.append(Command.create({"name": f"Receivable {index}", "account_id": pos_receivable.id,
                                         "debit": round(amount * 1.15, 2), "partner_id": self.partner.id}))
        total_tax = sum(round((10.0 + index % 7) * 1.15, 2) - (10.0 + index % 7) for index in range(orders))
        lines.append(Command.create({"name": "Tax", "account_id": tax_account.id, "credit": round(total_tax, 2),
                                     "tax_line_id": self.tax_15.id}))
        move = self.env["account.move"].create({"journal_id": self.sale_journal.id, "date": "2026-03-10",
                                                "ref": "POS/0001", "line_ids": lines})
        move._post()
        return move

    def test_posting_a_big_entry_costs_the_same_queries(self):
        self.session_entry(2)        # warm the caches (accounts, journal, currency)
        counts = {}
        for orders in (5, 50, 400):
            counts[orders] = self.count_queries(lambda orders=orders: self.session_entry(orders))
        self.assertEqual(counts[5], counts[50], counts)
        # from 100 rows the ORM inserts with COPY: the ids first, then the rows (one more query)
        self.assertLessEqual(counts[400], counts[50] + 2, counts)
        move = self.env["account.move"].search([("ref", "=", "POS/0001")], order="id desc", limit=1)
        self.assertEqual((move.state, len(move.line_ids)), ("posted", 801))
        self.assertEqual(move.name, "INV/2026/00004")
        # the total is kept rounded to the currency (a monetary field), the sum of 801 floats not
        self.assertEqual(move.amount_total, move.currency_id.round(sum(move.line_ids.mapped("debit"))))

    def test_payments_statement_lines_and_reconciliation_in_bulk(self):
        outstanding = self.company.account_journal_payment_debit_account_id

        def close(count: int):
            move = self.session_entry(count)
            receivables = move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
            payments = self.env["account.payment"].create([{
                "amount": line.debit, "payment_type": "inbound", "partner_type": "customer",
                "partner_id": self.partner.id, "journal_id": self.bank_journal.id, "date": "2026-03-10",
                "destination_account_id": line.account_id.id} for line in receivables])
            payments.action_post()
            st_lines = self.env["account.bank.statement.line"].create([{
                "journal_id": self.bank_journal.id, "date": "2026-03-11", "amount": payment.amount,
                "payment_ref": f"bank {index}", "counterpart_account_id": outstanding.id}
                for index, payment in enumerate(payments)])
            plan = []
            for line, payment, st_line in zip(receivables, payments, st_lines):
                account = line.account_id
                plan.append(line | payment.move_id.line_ids.filtered(lambda item, a=account: item.account_id == a))
                plan.append(payment.move_id.line_ids.filtered(lambda line: line.account_id == outstanding)
                            | st_line.move_id.line_ids.filtered(lambda line: line.account_id == outstanding))
            self.env["account.move.line"]._reconcile_plan(plan)
            return move, payments, st_lines

        close(1)                     # warm the caches
        counts = {}
        results = {}
        for count in (3, 120, 240):
            counts[count] = self.count_queries(lambda count=count: results.__setitem__(count, close(count)))
        # the ORM writes a few records' computed values one queued UPDATE each and many in
        # one statement, inserts many rows with COPY (the ids first): past those thresholds
        # the count is flat, and a bigger batch never costs more than a small one
        self.assertEqual(counts[120], counts[240], counts)
        self.assertLessEqual(counts[120], counts[3], counts)
        move, payments, st_lines = results[240]
        receivables = move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertTrue(all(receivables.mapped("reconciled")))
        self.assertEqual(len(receivables.mapped("full_reconcile_id")), 240)
        self.assertTrue(all(payments.mapped("is_matched")) and all(payments.mapped("is_reconciled")))
        self.assertEqual(len(set(payments.mapped("name"))), 240)
        self.assertTrue(all(st_lines.mapped("is_reconciled")))
