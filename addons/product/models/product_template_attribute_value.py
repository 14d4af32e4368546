"""Values of a template's attribute line (``product.template.attribute.value``).

"Size: L" on one product, with that product's extra price for it; the variants of the
template are combinations of these (``product.product.product_template_attribute_value_ids``).
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ProductTemplateAttributeValue(models.Model):
    _name = "product.template.attribute.value"
    _description = "Product Template Attribute Value"
    _order = "attribute_line_id, product_attribute_value_id, id"

    # not "active": archived values must stay visible to the variants that still use them
    ptav_active = fields.Boolean("Active", default=True)
    name = fields.Char("Value", related="product_attribute_value_id.name")
    product_attribute_value_id = fields.Many2one("product.attribute.value", "Attribute Value",
                                                 required=True, ondelete="cascade", index=True)
    attribute_line_id = fields.Many2one("product.template.attribute.line", required=True,
                                        ondelete="cascade", index=True)
    price_extra = fields.Float(
        "Value Price Extra", default=0.0, digits="Product Price",
        help="Added to the sales price of the variants having this value (e.g. 200 for the "
             "bigger size).")
    currency_id = fields.Many2one(related="attribute_line_id.product_tmpl_id.currency_id")
    product_tmpl_id = fields.Many2one("product.template", "Product Template",
                                      related="attribute_line_id.product_tmpl_id", store=True,
                                      index=True)
    attribute_id = fields.Many2one("product.attribute", "Attribute",
                                   related="attribute_line_id.attribute_id", store=True,
                                   index=True)
    ptav_product_variant_ids = fields.Many2many("product.product", "product_variant_combination",
                                                string="Related Variants", readonly=True)
    html_color = fields.Char("HTML Color Index", related="product_attribute_value_id.html_color")
    is_custom = fields.Boolean("Is custom value", related="product_attribute_value_id.is_custom")
    display_type = fields.Selection(related="product_attribute_value_id.display_type")
    color = fields.Integer(related="product_attribute_value_id.color")

    _sql_constraints = [
        ("attribute_value_unique", "unique(attribute_line_id, product_attribute_value_id)",
         "Each value should be defined only once per attribute per product."),
    ]

    @api.constrains("attribute_line_id", "product_attribute_value_id")
    def _check_valid_values(self):
        for ptav in self:
            if ptav.product_attribute_value_id not in ptav.attribute_line_id.value_ids and \
                    ptav.ptav_active:
                raise ValidationError(_(
                    "The value %(value)s is not defined for the attribute %(attribute)s on the "
                    "product %(product)s.", value=ptav.product_attribute_value_id.display_name,
                    attribute=ptav.attribute_id.display_name,
                    product=ptav.product_tmpl_id.display_name))

    def write(self, values):
        for key in ("product_attribute_value_id", "attribute_line_id"):
            if key in values and any(ptav[key].id != values[key] for ptav in self):
                raise UserError(_(
                    "You cannot change the %(field)s of the value %(value)s: remove the value "
                    "from the line and add the other one instead.",
                    field=self._fields[key].string, value=self[:1].display_name))
        return super().write(values)

    @api.depends("attribute_id")
    def _compute_display_name(self):
        for ptav in self:
            ptav.display_name = f"{ptav.attribute_id.name}: {ptav.name}"

    # -- combinations ------------------------------------------------------------------------

    def _only_active(self):
        return self.filtered("ptav_active")

    def _without_no_variant_attributes(self):
        return self.filtered(lambda ptav: ptav.attribute_id.create_variant != "no_variant")

    def _ids2str(self) -> str:
        """The combination key of a variant: sorted ids joined by commas."""
        return ",".join(str(ptav_id) for ptav_id in sorted(self.ids))

    def _is_from_single_value_line(self, only_active: bool = True) -> bool:
        self.ensure_one()
        values = self.attribute_line_id.product_template_value_ids
        if only_active:
            values = values._only_active()
        return len(values) == 1

    def _filter_single_value_lines(self):
        """Values of lines offering a choice (a single-value line tells nothing apart)."""
        only_active = self.env.context.get("only_active", False)
        return self.filtered(lambda ptav: not ptav._is_from_single_value_line(only_active))

    def _get_combination_name(self) -> str:
        """"L, Red": what sets a variant apart from its siblings, for its display name."""
        ptavs = self._without_no_variant_attributes()._filter_single_value_lines()
        return ", ".join(ptav.name for ptav in ptavs)
