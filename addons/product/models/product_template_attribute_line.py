"""Attribute lines of a template (``product.template.attribute.line``): "Size: S, M, L".

Each line keeps one ``product.template.attribute.value`` per chosen value (where the extra
price lives); changing the lines re-creates the template's variants.
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ProductTemplateAttributeLine(models.Model):
    _name = "product.template.attribute.line"
    _description = "Product Template Attribute Line"
    _rec_name = "attribute_id"
    _rec_names_search = ["attribute_id", "value_ids"]
    _order = "sequence, attribute_id, id"

    active = fields.Boolean(default=True)
    product_tmpl_id = fields.Many2one("product.template", "Product Template",
                                      ondelete="cascade", required=True, index=True)
    sequence = fields.Integer("Sequence", default=10)
    attribute_id = fields.Many2one("product.attribute", "Attribute", ondelete="restrict",
                                   required=True, index=True)
    value_ids = fields.Many2many(
        "product.attribute.value", "product_attribute_value_product_template_attribute_line_rel",
        string="Values", domain="[('attribute_id', '=', attribute_id)]", ondelete="restrict")
    value_count = fields.Integer(compute="_compute_value_count", store=True)
    product_template_value_ids = fields.One2many(
        "product.template.attribute.value", "attribute_line_id", "Product Attribute Values")

    @api.depends("value_ids")
    def _compute_value_count(self):
        for line in self:
            line.value_count = len(line.value_ids)

    @api.constrains("active", "value_ids", "attribute_id")
    def _check_valid_values(self):
        for line in self:
            if line.active and not line.value_ids:
                raise ValidationError(_(
                    "The attribute %(attribute)s must have at least one value for the product "
                    "%(product)s.", attribute=line.attribute_id.display_name,
                    product=line.product_tmpl_id.display_name))
            for value in line.value_ids:
                if value.attribute_id != line.attribute_id:
                    raise ValidationError(_(
                        "On the product %(product)s you cannot associate the value %(value)s with "
                        "the attribute %(attribute)s because they do not match.",
                        product=line.product_tmpl_id.display_name, value=value.display_name,
                        attribute=line.attribute_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._update_product_template_attribute_values()
        lines.mapped("product_tmpl_id")._create_variant_ids_if_enabled()
        return lines

    def write(self, values):
        # a line belongs to one template and one attribute for good: its values hang on them
        for key in ("product_tmpl_id", "attribute_id"):
            if key in values and any(line[key].id != values[key] for line in self):
                raise UserError(_(
                    "You cannot move the attribute line of %(attribute)s to another product or "
                    "attribute: remove it and add a new line instead.",
                    attribute=self[:1].attribute_id.display_name))
        if "active" in values and not values["active"]:
            values = dict(values, value_ids=[(5, 0, 0)])
        result = super().write(values)
        if {"active", "value_ids"} & set(values):
            self._update_product_template_attribute_values()
            self.mapped("product_tmpl_id")._create_variant_ids_if_enabled()
        return result

    def unlink(self):
        """Archive the values first so the variants are rebuilt without them, then delete."""
        templates = self.mapped("product_tmpl_id")
        self.mapped("product_template_value_ids").write({"ptav_active": False})
        super(ProductTemplateAttributeLine, self.with_context(
            create_product_product=False)).write({"active": False, "value_ids": [(5, 0, 0)]})
        templates._create_variant_ids_if_enabled()
        try:
            with self.env.cr.savepoint():
                return super().unlink()
        except Exception:
            return True

    def _update_product_template_attribute_values(self):
        """One active template value per chosen value of each line; the others archived.

        A value chosen again gets its archived template value back (with its extra price).
        """
        values_model = self.env["product.template.attribute.value"]
        to_create = []
        for line in self:
            existing = values_model.with_context(active_test=False).search(
                [("attribute_line_id", "=", line.id)])
            chosen = line.value_ids if line.active else line.value_ids.browse()
            stale = existing.filtered(lambda ptav: ptav.product_attribute_value_id not in chosen)
            stale.filtered("ptav_active").write({"ptav_active": False})
            for value in chosen:
                ptav = existing.filtered(lambda p, value=value: p.product_attribute_value_id == value)
                if ptav:
                    if not ptav.ptav_active:
                        ptav.write({"ptav_active": True})
                else:
                    to_create.append({"product_attribute_value_id": value.id,
                                      "attribute_line_id": line.id,
                                      "price_extra": value.default_extra_price})
        if to_create:
            values_model.create(to_create)

    def _without_no_variant_attributes(self):
        return self.filtered(lambda line: line.attribute_id.create_variant != "no_variant")
