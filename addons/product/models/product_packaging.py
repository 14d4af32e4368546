"""Packagings of a product (``product.packaging``): "Box of 6", with a barcode of its own.

Products and packagings share the barcode namespace (GS1 scans either), so a packaging
barcode may not be a product's, and the other way round.
"""
from __future__ import annotations

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_compare, float_round


class ProductPackaging(models.Model):
    _name = "product.packaging"
    _description = "Product Packaging"
    _order = "product_id, sequence, id"
    _check_company_auto = True

    name = fields.Char("Product Packaging", required=True)
    sequence = fields.Integer("Sequence", default=1,
                              help="The first in the sequence is the default one.")
    product_id = fields.Many2one("product.product", "Product", check_company=True, required=True,
                                 ondelete="cascade")
    qty = fields.Float("Contained Quantity", default=1, digits="Product Unit of Measure",
                       help="Quantity of products contained in the packaging.")
    barcode = fields.Char("Barcode", copy=False,
                          help="Barcode used for packaging identification.")
    product_uom_id = fields.Many2one("uom.uom", related="product_id.uom_id", readonly=True)
    company_id = fields.Many2one("res.company", "Company", index=True)

    _sql_constraints = [
        ("positive_qty", "CHECK(qty > 0)", "Contained Quantity should be positive."),
        ("barcode_uniq", "unique(barcode)", "A barcode can only be assigned to one packaging."),
    ]

    @api.constrains("barcode")
    def _check_barcode_uniqueness(self):
        barcodes = [barcode for barcode in self.mapped("barcode") if barcode]
        if barcodes and self.env["product.product"].with_context(active_test=False).search(
                [("barcode", "in", barcodes)], limit=1):
            raise ValidationError(_("A product already uses the barcode"))

    def _check_qty(self, product_qty, uom_id, rounding_method="HALF-UP"):
        """``product_qty`` (in ``uom_id``) rounded to a whole number of this packaging."""
        self.ensure_one()
        default_uom = self.product_id.uom_id
        packaging_qty = default_uom._compute_quantity(self.qty, uom_id)
        if not product_qty or not packaging_qty:
            return product_qty
        # no modulo: 8 % 1.6 is 1.5999999999999996 in floats
        rounded = float_round(product_qty / packaging_qty, precision_rounding=1.0,
                              rounding_method=rounding_method) * packaging_qty
        if float_compare(rounded, product_qty, precision_rounding=default_uom.rounding):
            return rounded
        return product_qty

    def _find_suitable_product_packaging(self, product_qty, uom_id):
        """The largest packaging of ``self`` that ``product_qty`` fills exactly (or none)."""
        for packaging in self.sorted(lambda packaging: packaging.qty, reverse=True):
            if packaging._check_qty(product_qty, uom_id) == product_qty:
                return packaging
        return self.browse()

    def _compute_qty(self, qty, qty_uom=False):
        """How many of this packaging ``qty`` (in the product's unit, or ``qty_uom``) makes."""
        self.ensure_one()
        if qty_uom:
            qty = qty_uom._compute_quantity(qty, self.product_uom_id)
        return float_round(qty / self.qty, precision_rounding=self.product_uom_id.rounding)
