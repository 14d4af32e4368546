"""Payments of the POS orders (``pos.payment``): one per method used, change included."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PosPayment(models.Model):
    _name = "pos.payment"
    _description = "Point of Sale Payments"
    _order = "id desc"

    name = fields.Char("Label", readonly=True)
    pos_order_id = fields.Many2one("pos.order", "Order", required=True, index=True, ondelete="cascade")
    amount = fields.Float("Amount", required=True, readonly=True, digits=0)
    payment_method_id = fields.Many2one("pos.payment.method", "Payment Method", required=True)
    payment_date = fields.Datetime("Date", required=True, readonly=True, default=fields.Datetime.now)
    currency_id = fields.Many2one("res.currency", related="pos_order_id.currency_id", string="Currency")
    currency_rate = fields.Float(related="pos_order_id.currency_rate", string="Conversion Rate")
    partner_id = fields.Many2one("res.partner", related="pos_order_id.partner_id", string="Customer")
    session_id = fields.Many2one("pos.session", related="pos_order_id.session_id", store=True,
                                 string="Session", index=True)
    company_id = fields.Many2one("res.company", related="pos_order_id.company_id", store=True,
                                 string="Company")
    card_type = fields.Char("Type of card used")
    cardholder_name = fields.Char("Cardholder Name")
    transaction_id = fields.Char("Payment Transaction ID")
    payment_status = fields.Char("Payment Status")
    ticket = fields.Char("Payment Receipt Info")
    is_change = fields.Boolean("Is this payment change?", default=False)

    @api.constrains("payment_method_id")
    def _check_payment_method_id(self):
        # the methods of each session's till read once: a batch of payments costs one set
        # look-up per payment
        transaction = self.env.transaction
        sessions = transaction.get_values(self, self._fields["session_id"])
        methods = transaction.get_values(self, self._fields["payment_method_id"])
        allowed: dict = {}
        for session_id, method_id in zip(sessions, methods):
            if session_id not in allowed:
                config = self.env["pos.session"].browse(session_id or ()).config_id
                allowed[session_id] = frozenset(config.payment_method_ids._ids)
            if method_id not in allowed[session_id]:
                raise ValidationError(_("The payment method selected is not allowed in the config of "
                                        "the POS session."))

    @api.depends("amount", "currency_id")
    def _compute_display_name(self):
        for payment in self:
            label = payment.name or payment.payment_method_id.name or ""
            payment.display_name = f"{label} {payment.amount:.2f}".strip()

    def _export_for_ui(self) -> dict:
        self.ensure_one()
        return {"payment_method_id": self.payment_method_id.id, "amount": self.amount,
                "payment_status": self.payment_status, "card_type": self.card_type,
                "cardholder_name": self.cardholder_name, "transaction_id": self.transaction_id,
                "ticket": self.ticket, "is_change": self.is_change,
                "name": fields.Datetime.to_string(self.payment_date)}
