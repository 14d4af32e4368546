"""What ties the POS to accounting: the statement lines and payments a session books and an
order's session entry (Odoo 17's field names). An order's invoice and the entries of its
invoiced payments are in ``pos_order_invoice.py`` and ``pos_payment_move.py``."""
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

    session_move_id = fields.Many2one("account.move", related="session_id.move_id",
                                      string="Session Journal Entry")
