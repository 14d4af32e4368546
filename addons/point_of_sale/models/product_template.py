"""What the POS needs to know of a product (``product.template``; variants inherit it)."""
from __future__ import annotations

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    available_in_pos = fields.Boolean("Available in POS", default=False,
                                      help="Check if you want this product to appear in the Point of Sale.")
    to_weight = fields.Boolean("To Weigh With Scale",
                               help="The product is weighed with the till's scale.")
    pos_categ_ids = fields.Many2many("pos.category", "pos_category_product_template_rel",
                                     "product_template_id", "pos_category_id", string="Point of Sale Category",
                                     help="The categories the product is shown in, in the POS.")
