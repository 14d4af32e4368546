"""Points earned by synced orders: on the server, from the order's lines and customer, once.

An order earns when it is stored paid (not as a draft) with a customer: in each program of
its till, the points of the rules go to the customer's card (made on the first order). A
replay of the order is ``known`` and earns nothing more; a draft earns when it is paid. The
order may name the redemptions made for it (``loyalty_redemption_uuids``): they are linked
to it, and can no longer be cancelled.
"""
from __future__ import annotations

from odoo import _, fields, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    loyalty_history_ids = fields.One2many("loyalty.history", "order_id", "Loyalty Points", readonly=True)

    def _orders_stored_from_ui(self, datas: list) -> None:
        super()._orders_stored_from_ui(datas)
        for order, data in zip(self, datas):
            order._link_loyalty_redemptions(data.get("loyalty_redemption_uuids") or [])
            if order.state != "draft" and not order.sudo().loyalty_history_ids.filtered(lambda h: not h.reward_id):
                order._earn_loyalty_points()

    def _link_loyalty_redemptions(self, uuids: list) -> None:
        self.ensure_one()
        uuids = [value for value in uuids if isinstance(value, str)]
        if uuids:
            self.env["loyalty.history"].sudo().search(
                [("uuid", "in", uuids), ("order_id", "=", False), ("state", "=", "done")]
            ).write({"order_id": self.id})

    def _earn_loyalty_points(self) -> None:
        self.ensure_one()
        if not self.partner_id:
            return
        programs = self.env["loyalty.program"].sudo().search(
            self.env["loyalty.program"]._pos_program_domain(self.config_id))
        cards = self.env["loyalty.card"].sudo()
        for program in programs:
            points = program._points_for_order(self.sudo())
            if not points:
                continue
            card = cards._card_of(program, self.partner_id)
            card._add_points(points, _("Order %s", self.pos_reference or self.name), order=self)
