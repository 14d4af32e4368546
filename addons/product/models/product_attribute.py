"""Product attributes (``product.attribute``): Size, Color... whose values make the variants."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ProductAttribute(models.Model):
    _name = "product.attribute"
    _description = "Product Attribute"
    _order = "sequence, id"

    name = fields.Char("Attribute", required=True, translate=True)
    create_variant = fields.Selection([
        ("always", "Instantly"),
        ("dynamic", "Dynamically"),
        ("no_variant", "Never (option)"),
    ], default="always", string="Variants Creation Mode", required=True,
        help="Instantly: every combination of values is a variant as soon as the attribute is "
             "on a product. Dynamically: a variant is made when a combination is ordered. "
             "Never: the values are options, never variants. It cannot change once the "
             "attribute is used on a product.")
    display_type = fields.Selection([
        ("radio", "Radio"),
        ("pills", "Pills"),
        ("select", "Select"),
        ("color", "Color"),
        ("multi", "Multi-checkbox (option)"),
    ], default="radio", required=True, help="How the product configurator shows the values.")
    sequence = fields.Integer("Sequence", index=True, default=20,
                              help="Determine the display order")
    value_ids = fields.One2many("product.attribute.value", "attribute_id", "Values", copy=True)
    attribute_line_ids = fields.One2many("product.template.attribute.line", "attribute_id",
                                         "Lines")
    # framework note: computed from the lines on read, where Odoo stores it
    product_tmpl_ids = fields.Many2many("product.template", string="Related Products",
                                        compute="_compute_products")
    number_related_products = fields.Integer(compute="_compute_number_related_products")

    _sql_constraints = [
        ("check_multi_checkbox_no_variant",
         "CHECK(display_type != 'multi' OR create_variant = 'no_variant')",
         "Multi-checkbox display type is not compatible with the creation of variants"),
    ]

    @api.depends("attribute_line_ids.active", "attribute_line_ids.product_tmpl_id")
    def _compute_products(self):
        for attribute in self:
            attribute.product_tmpl_ids = attribute.attribute_line_ids.mapped("product_tmpl_id")

    @api.depends("product_tmpl_ids")
    def _compute_number_related_products(self):
        for attribute in self:
            attribute.number_related_products = len(attribute.product_tmpl_ids)

    def _without_no_variant_attributes(self):
        return self.filtered(lambda attribute: attribute.create_variant != "no_variant")

    def write(self, vals):
        # the existing variants were made under the old mode: changing it would orphan them
        if "create_variant" in vals:
            for attribute in self:
                if vals["create_variant"] != attribute.create_variant and \
                        attribute.number_related_products:
                    raise UserError(_(
                        "You cannot change the Variants Creation Mode of the attribute "
                        "%(attribute)s because it is used on the following products:\n%(products)s",
                        attribute=attribute.display_name,
                        products=", ".join(attribute.product_tmpl_ids.mapped("display_name"))))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_on_product(self):
        for attribute in self:
            if attribute.number_related_products:
                raise UserError(_(
                    "You cannot delete the attribute %(attribute)s because it is used on the "
                    "following products:\n%(products)s",
                    attribute=attribute.display_name,
                    products=", ".join(attribute.product_tmpl_ids.mapped("display_name"))))
