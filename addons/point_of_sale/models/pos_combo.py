"""Combos (Odoo 17): a product of type ``combo`` sold as a set of choices, each choice a
``pos.combo`` listing the products the customer picks from (``pos.combo.line``, with the
extra price of each). The order line of a combo is the parent of the lines of its choices."""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PosCombo(models.Model):
    _name = "pos.combo"
    _description = "Product combo choices"
    _order = "sequence, id"

    name = fields.Char(required=True)
    combo_line_ids = fields.One2many("pos.combo.line", "combo_id", "Products in Combo", copy=True)
    num_of_products = fields.Integer("No of Products", compute="_compute_num_of_products")
    sequence = fields.Integer(copy=False)
    base_price = fields.Float("Product Price", compute="_compute_base_price",
                              help="The price the share of a combo's price is worked out from: the "
                                   "cheapest product of the choice, whichever the customer picks.")

    @api.depends("combo_line_ids")
    def _compute_num_of_products(self):
        for combo in self:
            combo.num_of_products = len(combo.combo_line_ids)

    @api.depends("combo_line_ids.product_id.lst_price")
    def _compute_base_price(self):
        for combo in self:
            prices = combo.combo_line_ids.mapped("product_id.lst_price")
            combo.base_price = min(prices) if prices else 0.0

    @api.constrains("combo_line_ids")
    def _check_combo_line_ids_is_not_null(self):
        if any(not combo.combo_line_ids for combo in self):
            raise ValidationError(_("Please add products in combo."))


class PosComboLine(models.Model):
    _name = "pos.combo.line"
    _description = "Product Combo Items"

    product_id = fields.Many2one("product.product", "Product", required=True)
    combo_price = fields.Float("Price Extra", default=0.0)
    lst_price = fields.Float("Original Price", related="product_id.lst_price")
    combo_id = fields.Many2one("pos.combo", ondelete="cascade", index=True)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    detailed_type = fields.Selection(selection_add=[("combo", "Combo")], ondelete={"combo": "set consu"})
    combo_ids = fields.Many2many("pos.combo", string="Combinations")

    def _detailed_type_mapping(self):
        return {**super()._detailed_type_mapping(), "combo": "consu"}

    @api.constrains("detailed_type", "combo_ids")
    def _check_combo_inclusions(self):
        for template in self:
            if template.detailed_type == "combo" and not template.combo_ids:
                raise ValidationError(_("A combo product must have at least one combo choice: add "
                                        "one to %s.", template.display_name))


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    combo_parent_id = fields.Many2one("pos.order.line", "Combo Parent", ondelete="cascade", index="btree_not_null")
    combo_line_ids = fields.One2many("pos.order.line", "combo_parent_id", "Combo Lines")
