"""Payments taken by a payment terminal, checked when their order reaches the server.

A payment of a method with ``use_payment_terminal`` is stored only when the terminal's driver
confirms it: the transaction it names (``transaction_id``, as Odoo's payment lines carry it)
was approved for that amount and pays no other order. Drivers implement
``pos.payment.method._confirm_terminal_payment``; a driver that does not is refused, since
nothing on the server could tell a real card payment from a made-up one.
"""
from __future__ import annotations

from odoo import _, models
from odoo.exceptions import UserError


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    def _confirm_terminal_payment(self, payment) -> None:
        """Raise a UserError unless the terminal of this method approved ``payment``
        (a ``pos.payment``) and the transaction pays no other order; then link them."""
        self.ensure_one()
        label = dict(self._get_payment_terminal_selection()).get(self.use_payment_terminal,
                                                                 self.use_payment_terminal)
        raise UserError(_("The payment of %(amount)s with %(method)s cannot be checked: its terminal "
                          "(%(terminal)s) gives the server no way to confirm payments.",
                          amount=payment.amount, method=self.name, terminal=label))


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _check_terminal_payments(self) -> None:
        """Every terminal payment of the order confirmed by its terminal (see the docstring)."""
        for order in self:
            for payment in order.payment_ids.filtered(
                    lambda p: p.payment_method_id.use_payment_terminal and not p.is_change):
                payment.payment_method_id._confirm_terminal_payment(payment)
