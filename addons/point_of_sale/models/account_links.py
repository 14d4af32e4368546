"""What ties the POS to accounting: the statement lines and payments a session books, the
invoice of an order and the entry of each invoiced payment (Odoo 17's field names)."""
from __future__ import annotations

from odoo import fields, models


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    pos_session_id = fields.Many2one("pos.session", "Session", index="btree_not_null",
                                     help="The POS session whose cash moves or closing booked this line.")


class AccountPayment(models.Model):
    _inherit = "account.payment"

    pos_payment_method_id = fields.Many2one("pos.payment.method", "POS Payment Method")
    pos_session_id = fields.Many2one("pos.session", "POS Session", index="btree_not_null")


class PosOrder(models.Model):
    _inherit = "pos.order"

    account_move = fields.Many2one("account.move", "Invoice", readonly=True, copy=False,
                                   index="btree_not_null")
    session_move_id = fields.Many2one("account.move", related="session_id.move_id",
                                      string="Session Journal Entry")


class PosPayment(models.Model):
    _inherit = "pos.payment"

    account_move_id = fields.Many2one("account.move", "Payment Entry", readonly=True, copy=False,
                                      index="btree_not_null",
                                      help="The entry moving an invoiced order's payment from the "
                                           "customer's receivable to the POS receivable.")
