"""What the closing tests share: the till of ``common.py`` with tax accounts and an identified
card method."""
from __future__ import annotations

from odoo import Command

from .common import PosTestCase


class ClosingCase(PosTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cid = cls.company.id
        cls.pos_receivable = cls.company.account_default_pos_receivable_account_id
        cls.customer_receivable = cls.env.ref(f"account.{cid}_receivable")
        cls.income = cls.env.ref(f"account.{cid}_income")
        cls.tax_account = cls.env.ref(f"account.{cid}_tax_received")
        for tax in cls.tax_excluded | cls.tax_included:
            tax.repartition_line_ids.filtered(lambda line: line.repartition_type == "tax").write(
                {"account_id": cls.tax_account.id})
        cls.split_journal = cls.env["account.journal"].create({
            "name": "POS Test Split Bank", "code": "PTSB", "type": "bank", "company_id": cid})
        cls.card_split = cls.env["pos.payment.method"].create({
            "name": "Test Card (identified)", "journal_id": cls.split_journal.id, "split_transactions": True})
        cls.config.write({"payment_method_ids": [Command.link(cls.card_split.id)]})

    def sell(self, session, lines, payments=None, partner=None, amount_return=0.0, to_invoice=False):
        payload = self.order_payload(session, lines, payments=payments, partner=partner, amount_return=amount_return)
        if to_invoice:
            payload["to_invoice"] = payload["data"]["to_invoice"] = True
        answer = self.env["pos.order"].create_from_ui([payload])
        self.assertEqual(answer[0]["status"], "stored", answer)
        return self.env["pos.order"].browse(answer[0]["id"])

    def lines_by_name(self, move) -> dict:
        result = {}
        for line in move.line_ids:
            key = (line.name, line.account_id.id, line.partner_id.id or False)
            result[key] = round(result.get(key, 0.0) + line.balance, 2)
        return result

    def closing_query_counts(self, sizes, cash, card, config=None) -> list[int]:
        """The queries that closing a session of each size (orders of a pen and 2 coffees,
        paid 8.00 in ``cash`` and 7.90 by ``card``) runs."""
        counts = []
        for size in sizes:
            session = self.open_session(config)
            payloads = [self.order_payload(session, [(self.pen, 1), (self.coffee, 2)], [(cash, 8.0), (card, 7.9)])
                        for _ in range(size)]
            self.env["pos.order"].create_from_ui(payloads)
            session.post_closing_cash_details(8.0 * size)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(session.close_session_from_ui([]), {"successful": True})
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(session.move_id.state, "posted")
        return counts
