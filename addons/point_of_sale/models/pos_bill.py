"""Coins and bills (``pos.bill``) offered when the cashier counts the drawer."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PosBill(models.Model):
    _name = "pos.bill"
    _description = "Coins/Bills"
    _order = "value"

    name = fields.Char("Name")
    value = fields.Float("Coin/Bill Value", required=True, digits=0)
    for_all_config = fields.Boolean("For All PoS", default=True)
    pos_config_ids = fields.Many2many("pos.config", "pos_bill_pos_config_rel", "pos_bill_id", "pos_config_id",
                                      string="Point of Sales")

    @api.model
    def name_create(self, name):
        try:
            value = float(name)
        except ValueError as error:
            raise UserError(_("The name of the Coins/Bills must be a number.")) from error
        record = self.create({"name": name, "value": value})
        return record.id, record.display_name
