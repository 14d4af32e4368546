"""The terminal's JSON routes: send a payment request, poll its status, cancel it."""
from __future__ import annotations

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request


class PosDemoTerminalController(http.Controller):

    @http.route("/pos/terminal/send", type="json", auth="user", methods=["POST"])
    def send(self, payment_method_id, amount, line_uuid, order_uuid=None):
        method = request.env["pos.payment.method"].browse(self._id(payment_method_id)).exists()
        if not method:
            raise UserError(_("Payment method %s does not exist.", payment_method_id))
        return method.demo_terminal_send(amount, order_uuid, line_uuid)

    @http.route("/pos/terminal/status", type="json", auth="user", methods=["POST"])
    def status(self, line_uuid):
        return request.env["pos.payment.method"].demo_terminal_status(line_uuid)

    @http.route("/pos/terminal/cancel", type="json", auth="user", methods=["POST"])
    def cancel(self, line_uuid):
        return request.env["pos.payment.method"].demo_terminal_cancel(line_uuid)

    @staticmethod
    def _id(value) -> int:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise UserError(_("payment_method_id must be the id of a payment method, not %r.", value)) from None
