"""The demo terminal as a choice of ``use_payment_terminal`` (the hook terminal addons extend)."""
from __future__ import annotations

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

DEMO = "demo"


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    def _get_payment_terminal_selection(self) -> list:
        return [*super()._get_payment_terminal_selection(), (DEMO, "Demo Terminal")]

    def demo_terminal_send(self, amount: float, order_uuid: str, line_uuid: str) -> dict:
        """Ask the terminal of this method to take ``amount`` for one payment line.

        Sending again for a line whose request is waiting or approved answers that request
        (a retry after a lost answer or a page reload never charges twice).
        """
        self.ensure_one()
        self._check_demo_terminal()
        transactions = self.env["pos.terminal.transaction"].sudo()
        return transactions._send(self.sudo(), amount, order_uuid, line_uuid)._answer()

    @api.model
    def demo_terminal_status(self, line_uuid: str) -> dict:
        """Where the request of a payment line stands (the terminal decides after its delay)."""
        return self._demo_transaction(line_uuid)._poll()._answer()

    @api.model
    def demo_terminal_cancel(self, line_uuid: str) -> dict:
        """Cancel the waiting request of a payment line; a decided one stays as it is."""
        return self._demo_transaction(line_uuid)._cancel()._answer()

    def _confirm_terminal_payment(self, payment) -> None:
        """A demo terminal payment names an approved transaction of this method, for its
        amount, paying no other order (see pos_terminal_transaction.py)."""
        if self.use_payment_terminal != DEMO:
            return super()._confirm_terminal_payment(payment)
        transactions = self.env["pos.terminal.transaction"].sudo()
        if payment.transaction_id:
            transactions = transactions.search([("transaction_id", "=", payment.transaction_id),
                                                ("payment_method_id", "=", self.id)], limit=1)
        transactions._pay_order(payment)

    def _check_demo_terminal(self) -> None:
        if not (self.env.su or self.env.user.has_group("point_of_sale.group_pos_user")):
            raise AccessError(_("Only Point of Sale users may use a payment terminal."))
        self.check_access_rights("read")
        self.check_access_rule("read")
        if self.use_payment_terminal != DEMO:
            raise UserError(_("Payment method %s has no demo terminal: set its payment terminal to "
                              "Demo Terminal first.", self.name))

    @api.model
    def _demo_transaction(self, line_uuid: str):
        if not isinstance(line_uuid, str) or not line_uuid:
            raise UserError(_("Give the uuid of the payment line (line_uuid)."))
        transaction = self.env["pos.terminal.transaction"].sudo().search(
            [("line_uuid", "=", line_uuid)], order="id desc", limit=1)
        if not transaction:
            raise UserError(_("No terminal request for payment line %s: send one first.", line_uuid))
        transaction.payment_method_id.with_env(self.env)._check_demo_terminal()
        return transaction
