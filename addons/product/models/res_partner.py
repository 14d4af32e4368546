"""Partners get a pricelist (``property_product_pricelist``): their own, else the default."""
from __future__ import annotations

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # the partner's own choice, per company (ir.property)
    specific_property_product_pricelist = fields.Many2one(
        "product.pricelist", "Specific Pricelist", company_dependent=True,
        help="The pricelist chosen for this partner; empty to use the default one.")
    property_product_pricelist = fields.Many2one(
        "product.pricelist", "Pricelist", compute="_compute_product_pricelist",
        inverse="_inverse_product_pricelist",
        help="Used for sales to the current partner: its own pricelist, else the company's "
             "default one.")

    @api.depends("specific_property_product_pricelist")
    @api.depends_context("company")
    def _compute_product_pricelist(self):
        pricelists = self.env["product.pricelist"]._get_partner_pricelist_multi(self.ids)
        for partner in self:
            partner.property_product_pricelist = pricelists.get(partner.id) or \
                partner.specific_property_product_pricelist

    def _inverse_product_pricelist(self):
        default = self.env["product.pricelist"].search(
            self.env["product.pricelist"]._get_partner_pricelist_multi_search_domain_hook(
                self.env.company.id), limit=1)
        for partner in self:
            chosen = partner.property_product_pricelist
            # choosing the default pricelist is choosing nothing: it follows the default
            partner.specific_property_product_pricelist = chosen if chosen != default else False

    def _commercial_fields(self):
        return super()._commercial_fields() + ["specific_property_product_pricelist"]
