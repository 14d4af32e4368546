"""What the closing tests share: the till of ``common.py`` with tax accounts, an identified
card method, and the invoicing side's contract played by hand."""
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

    def sell(self, session, lines, payments=None, partner=None, amount_return=0.0):
        answer = self.env["pos.order"].create_from_ui([self.order_payload(
            session, lines, payments=payments, partner=partner, amount_return=amount_return)])
        self.assertEqual(answer[0]["status"], "stored", answer)
        return self.env["pos.order"].browse(answer[0]["id"])

    def invoice(self, order, method):
        """What the invoicing side leaves on an invoiced order (its contract with closing):
        the posted invoice, and per payment a posted entry in the till's journal moving the
        amount from the customer's receivable to the method's POS receivable."""
        total = order.amount_total
        invoice = self.env["account.move"].create({
            "journal_id": self.env.ref(f"account.{self.company.id}_sale").id, "partner_id": order.partner_id.id,
            "line_ids": [Command.create({"account_id": self.customer_receivable.id, "balance": total,
                                         "partner_id": order.partner_id.id, "name": "invoice"}),
                         Command.create({"account_id": self.income.id, "balance": -total, "name": "sold"})]})
        invoice._post()
        account = method.receivable_account_id or self.pos_receivable
        for payment in order.payment_ids:
            entry = self.env["account.move"].create({
                "journal_id": order.config_id.journal_id.id, "ref": f"Invoice payment for {order.name}",
                "line_ids": [Command.create({"account_id": account.id, "balance": payment.amount, "name": "pos"}),
                             Command.create({"account_id": self.customer_receivable.id, "balance": -payment.amount,
                                             "partner_id": order.partner_id.id, "name": "customer"})]})
            entry._post()
            payment.write({"account_move_id": entry.id})
            (entry.line_ids | invoice.line_ids).filtered(
                lambda line: line.account_id == self.customer_receivable).reconcile()
        order.write({"state": "invoiced", "account_move": invoice.id})
        return invoice

    def lines_by_name(self, move) -> dict:
        result = {}
        for line in move.line_ids:
            key = (line.name, line.account_id.id, line.partner_id.id or False)
            result[key] = round(result.get(key, 0.0) + line.balance, 2)
        return result
