"""Country groups list the pricelists meant for their countries."""
from odoo import fields, models


class ResCountryGroup(models.Model):
    _inherit = "res.country.group"

    pricelist_ids = fields.Many2many("product.pricelist", "res_country_group_pricelist_rel",
                                     "res_country_group_id", "pricelist_id", string="Pricelists")
