"""The entries paying an invoiced POS order (``pos.payment._create_payment_moves``).

One posted entry per payment, in the till's journal (``config.journal_id``), dated on the
order's day: the amount leaves the customer's receivable (the invoice's account, with the
customer, reconciled with the invoice) for the POS receivable of the payment's method
(``receivable_account_id``, else the company's ``account_default_pos_receivable_account_id``),
which the session's closing settles. The change given back in cash is folded into the
order's first cash payment; customer-account payments make no entry (the invoice stays open
for them). A refund's payments are negative: the same entry, the other way round.

``is_reverse`` (the order is invoiced after its session was closed): the entry debits what the
closing entry debited for the payment, so that the reversal of the order
(``pos_order_invoice_reversal.py``) can be matched with it: for a method that identifies the
customer, the customer's receivable, with the customer.
"""
from __future__ import annotations

from odoo import _, fields, models
from odoo.exceptions import UserError


class PosPayment(models.Model):
    _inherit = "pos.payment"

    account_move_id = fields.Many2one("account.move", "Payment Entry", readonly=True, copy=False,
                                      index="btree_not_null")

    def _create_payment_moves(self, is_reverse: bool = False):
        """The payment entries of these payments (see the module docstring), posted."""
        moves = self.env["account.move"].sudo()
        for order in self.mapped("pos_order_id"):
            payments = self.filtered(lambda p, order=order: p.pos_order_id == order)
            change = payments.filtered(lambda p: p.is_change and p.payment_method_id.type == "cash")
            first_cash = (payments - change).filtered(lambda p: p.payment_method_id.type == "cash")[:1]
            currency = order.currency_id or order.company_id.currency_id
            for payment in payments - change:
                paid = payment | change if payment == first_cash else payment
                amount = sum(paid.mapped("amount"))
                if payment.payment_method_id.type == "pay_later" or currency.is_zero(amount):
                    continue
                move = payment._create_payment_move(amount, is_reverse)
                paid.sudo().write({"account_move_id": move.id})
                moves |= move
        if moves:
            moves._post()
        return moves

    def _create_payment_move(self, amount: float, is_reverse: bool):
        """The draft entry of one payment of ``amount`` (change included)."""
        self.ensure_one()
        order = self.pos_order_id
        company = order.company_id
        journal = order.config_id.journal_id
        if not journal:
            raise UserError(_("%s has no Point of Sale journal: set one in its settings.", order.config_id.name))
        method = self.payment_method_id
        pos_receivable = method.receivable_account_id or company.account_default_pos_receivable_account_id
        if not pos_receivable:
            raise UserError(_("No POS receivable account for %(method)s: set its intermediary account "
                              "or the company's default PoS receivable account.", method=method.name))
        partner = order.partner_id.commercial_partner_id
        receivable = order._receivable_of_invoice()
        if is_reverse and method.split_transactions:
            # the closing entry debited the customer's receivable for this payment
            pos_receivable = order.session_id._partner_receivable(partner)
        currency = order.currency_id or company.currency_id
        date = fields.Date.context_today(order, order.date_order)
        balance = currency._convert(amount, company.currency_id, company, date) \
            if currency != company.currency_id else amount
        lines = [
            {"account_id": receivable.id, "partner_id": partner.id, "name": self._payment_move_label(),
             "amount_currency": -amount, "balance": -balance, "currency_id": currency.id},
            {"account_id": pos_receivable.id,
             "partner_id": partner.id if is_reverse and method.split_transactions else False,
             "name": self._payment_move_label(), "amount_currency": amount, "balance": balance,
             "currency_id": currency.id},
        ]
        return self.env["account.move"].sudo().with_company(company).create({
            "move_type": "entry", "journal_id": journal.id, "company_id": company.id, "date": date,
            "currency_id": currency.id,
            "ref": _("Invoice payment for %(order)s (%(account_move)s) using %(payment_method)s",
                     order=order.name, account_move=order.account_move.sudo().name, payment_method=method.name),
            "line_ids": [(0, 0, line) for line in lines],
        })

    def _payment_move_label(self) -> str:
        self.ensure_one()
        return f"{self.pos_order_id.name} - {self.payment_method_id.name}"
