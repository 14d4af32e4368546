"""Unit of measure categories (``uom.category``): units convert only within their category."""
from __future__ import annotations

from odoo import fields, models


class UomCategory(models.Model):
    _name = "uom.category"
    _description = "Product UoM Categories"

    name = fields.Char("Unit of Measure Category", required=True, translate=True)
    uom_ids = fields.One2many("uom.uom", "category_id")
    # not stored: the form uses it to follow a change of reference unit, as in Odoo
    reference_uom_id = fields.Many2one("uom.uom", "Reference UoM", store=False)
