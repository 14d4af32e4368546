"""What changed the points of a card (``loyalty.history``): earned on an order, spent on a reward.

A redemption is known by the identifier the till gives it (``uuid``, unique): a retried call
finds it and spends nothing more.
"""
from __future__ import annotations

from odoo import fields, models
from odoo.tools import SQL


class LoyaltyHistory(models.Model):
    _name = "loyalty.history"
    _description = "History for Loyalty cards and Ewallets"
    _order = "id desc"

    card_id = fields.Many2one("loyalty.card", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    description = fields.Text(required=True)
    issued = fields.Float("Issued", help="Points given to the card.")
    used = fields.Float("Used", help="Points taken from the card.")
    order_id = fields.Many2one("pos.order", "Order", index="btree_not_null", ondelete="set null")
    order_uuid = fields.Char("Order Identifier", help="The till's identifier of the order.")
    reward_id = fields.Many2one("loyalty.reward", "Reward", ondelete="set null")
    discount_amount = fields.Float("Discount", digits=0)
    uuid = fields.Char("Redemption", copy=False, readonly=True)
    state = fields.Selection([("done", "Done"), ("cancelled", "Cancelled")], default="done", required=True)

    def init(self):
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS loyalty_history_uuid_unique ON %s (uuid) WHERE uuid IS NOT NULL",
            SQL.identifier(self._table)))
