"""The product options of the Settings screen (Odoo 17's field names): the groups that show
variants, units, packagings and pricelists, and the weight and volume units."""
from __future__ import annotations

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    group_discount_per_so_line = fields.Boolean(
        "Discounts", implied_group="product.group_discount_per_so_line")
    group_uom = fields.Boolean("Units of Measure", implied_group="uom.group_uom")
    group_product_variant = fields.Boolean(
        "Variants", implied_group="product.group_product_variant")
    group_stock_packaging = fields.Boolean(
        "Product Packagings", implied_group="product.group_stock_packaging")
    group_product_pricelist = fields.Boolean(
        "Pricelists", implied_group="product.group_product_pricelist")
    group_sale_pricelist = fields.Boolean(
        "Advanced Pricelists", implied_group="product.group_sale_pricelist")
    product_weight_in_lbs = fields.Selection(
        [("0", "Kilograms"), ("1", "Pounds")], "Weight unit of measure",
        config_parameter="product.weight_in_lbs", default="0")
    product_volume_volume_in_cubic_feet = fields.Selection(
        [("0", "Cubic Meters"), ("1", "Cubic Feet")], "Volume unit of measure",
        config_parameter="product.volume_in_cubic_feet", default="0")

