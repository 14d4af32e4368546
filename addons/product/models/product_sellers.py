"""The vendors of a product and the choice among them (Odoo 17's ``_select_seller``).

A template lists every vendor price of its variants (``seller_ids``, ``variant_seller_ids``);
a variant keeps the lines for all its template's variants plus its own, and the lines of
other variants are skipped when choosing. The choice keeps the valid lines (company, dates,
partner, minimal quantity in the vendor's unit), takes the first partner in preference order
and, among that partner's lines, the cheapest.
"""
from __future__ import annotations

from odoo import fields, models
from odoo.tools.float_utils import float_compare


class ProductTemplate(models.Model):
    _inherit = "product.template"

    seller_ids = fields.One2many("product.supplierinfo", "product_tmpl_id", "Vendors",
                                 depends_context=("company",))
    variant_seller_ids = fields.One2many("product.supplierinfo", "product_tmpl_id")


class ProductProduct(models.Model):
    _inherit = "product.product"

    variant_seller_ids = fields.One2many("product.supplierinfo", "product_id")

    def _prepare_sellers(self, params=False):
        """The candidate lines in preference order; addons filter or reorder them."""
        return self.seller_ids.filtered(lambda seller: seller.partner_id.active).sorted(
            lambda seller: (seller.sequence, -seller.min_qty, seller.price, seller.id))

    def _get_filtered_sellers(self, partner_id=False, quantity=0.0, date=None, uom_id=False,
                              params=False):
        self.ensure_one()
        if date is None:
            date = fields.Date.context_today(self)
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        company = self.env.company
        sellers = self.env["product.supplierinfo"]
        for seller in self._prepare_sellers(params):
            if seller.company_id and seller.company_id != company:
                continue
            seller_quantity = quantity
            if seller_quantity and uom_id and uom_id != seller.product_uom:
                seller_quantity = uom_id._compute_quantity(seller_quantity, seller.product_uom)
            if seller.date_start and seller.date_start > date:
                continue
            if seller.date_end and seller.date_end < date:
                continue
            if partner_id and seller.partner_id not in (partner_id, partner_id.parent_id):
                continue
            if quantity is not None and \
                    float_compare(seller_quantity, seller.min_qty, precision_digits=precision) == -1:
                continue
            if seller.product_id and seller.product_id != self:
                continue
            sellers |= seller
        return sellers

    def _select_seller(self, partner_id=False, quantity=0.0, date=None, uom_id=False,
                       params=False):
        """The vendor price that applies: the cheapest line of the preferred partner."""
        sellers = self._get_filtered_sellers(partner_id=partner_id, quantity=quantity, date=date,
                                             uom_id=uom_id, params=params)
        chosen = self.env["product.supplierinfo"]
        for seller in sellers:
            if not chosen or chosen.partner_id == seller.partner_id:
                chosen |= seller
        return chosen and chosen.sorted("price")[:1]
