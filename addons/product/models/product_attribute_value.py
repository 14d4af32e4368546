"""Attribute values (``product.attribute.value``): "L" of Size, "Red" of Color."""
from __future__ import annotations

import random

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ProductAttributeValue(models.Model):
    _name = "product.attribute.value"
    _description = "Attribute Value"
    _order = "attribute_id, sequence, id"

    def _get_default_color(self):
        return random.randint(1, 11)

    name = fields.Char("Value", required=True, translate=True)
    sequence = fields.Integer("Sequence", index=True, help="Determine the display order")
    attribute_id = fields.Many2one(
        "product.attribute", "Attribute", ondelete="cascade", required=True, index=True,
        help="The attribute cannot be changed once the value is used on at least one product.")
    pav_attribute_line_ids = fields.Many2many(
        "product.template.attribute.line",
        "product_attribute_value_product_template_attribute_line_rel",
        string="Lines", copy=False)
    is_used_on_products = fields.Boolean("Used on Products",
                                         compute="_compute_is_used_on_products")
    default_extra_price = fields.Float(
        help="The extra price a product gets for this value when the value is added to it.")
    is_custom = fields.Boolean("Is custom value",
                               help="Allow users to input custom values for this attribute value")
    html_color = fields.Char("Color", help="An HTML color (e.g. #ff0000) shown when the "
                                           "attribute's display type is 'Color'.")
    display_type = fields.Selection(related="attribute_id.display_type")
    color = fields.Integer("Color Index", default=_get_default_color)
    image = fields.Image("Image", max_width=70, max_height=70,
                         help="An image shown instead of the color of the value.")

    _sql_constraints = [
        ("value_company_uniq", "unique (name, attribute_id)",
         "You cannot create two values with the same name for the same attribute."),
    ]

    @api.depends("pav_attribute_line_ids")
    def _compute_is_used_on_products(self):
        for value in self:
            value.is_used_on_products = bool(value.pav_attribute_line_ids)

    @api.depends("attribute_id")
    @api.depends_context("show_attribute")
    def _compute_display_name(self):
        """"Size: L": the value's name alone is ambiguous, unless the context hides it."""
        if not self.env.context.get("show_attribute", True):
            return super()._compute_display_name()
        for value in self:
            value.display_name = f"{value.attribute_id.name}: {value.name}"
        return None

    def write(self, values):
        if "attribute_id" in values:
            for value in self:
                if value.attribute_id.id != values["attribute_id"] and value.is_used_on_products:
                    raise UserError(_(
                        "You cannot change the attribute of the value %(value)s because it is "
                        "used on the following products: %(products)s",
                        value=value.display_name,
                        products=", ".join(value.pav_attribute_line_ids.mapped(
                            "product_tmpl_id.display_name"))))
        return super().write(values)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_on_product(self):
        for value in self:
            if value.is_used_on_products:
                raise UserError(_(
                    "You cannot delete the value %(value)s because it is used on the following "
                    "products:\n%(products)s",
                    value=value.display_name,
                    products=", ".join(value.pav_attribute_line_ids.mapped(
                        "product_tmpl_id.display_name"))))

    def _without_no_variant_attributes(self):
        return self.filtered(lambda value: value.attribute_id.create_variant != "no_variant")
