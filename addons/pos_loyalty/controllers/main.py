"""The loyalty routes of the till: a customer's balance, redeeming a reward, taking it back."""
from __future__ import annotations

from odoo import http
from odoo.http import request


class PosLoyaltyController(http.Controller):

    @http.route("/pos/loyalty/balance", type="json", auth="user", methods=["POST"])
    def balance(self, config_id, partner_id):
        return request.env["loyalty.card"].pos_balance(config_id, partner_id)

    @http.route("/pos/loyalty/redeem", type="json", auth="user", methods=["POST"])
    def redeem(self, config_id, partner_id, reward_id, redemption_uuid, order_uuid=None, order_amount=None):
        return request.env["loyalty.card"].pos_redeem(config_id, partner_id, reward_id, redemption_uuid,
                                                      order_uuid=order_uuid, order_amount=order_amount)

    @http.route("/pos/loyalty/cancel_redemption", type="json", auth="user", methods=["POST"])
    def cancel_redemption(self, config_id, redemption_uuid):
        return request.env["loyalty.card"].pos_cancel_redemption(config_id, redemption_uuid)
