"""Custom values typed for a "custom" attribute value on an order (``product.attribute.custom.value``)."""
from __future__ import annotations

from odoo import api, fields, models


class ProductAttributeCustomValue(models.Model):
    _name = "product.attribute.custom.value"
    _description = "Product Attribute Custom Value"
    _order = "custom_product_template_attribute_value_id, id"

    name = fields.Char("Name", compute="_compute_name")
    custom_product_template_attribute_value_id = fields.Many2one(
        "product.template.attribute.value", "Attribute Value", required=True,
        ondelete="restrict")
    custom_value = fields.Char("Custom Value")

    @api.depends("custom_product_template_attribute_value_id.name", "custom_value")
    def _compute_name(self):
        for record in self:
            name = (record.custom_value or "").strip()
            value = record.custom_product_template_attribute_value_id
            if value.display_name:
                name = f"{value.display_name}: {name}"
            record.name = name
