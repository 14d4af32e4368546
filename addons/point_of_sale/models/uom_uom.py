"""Units the till may merge on one order line (``uom.uom``)."""
from __future__ import annotations

from odoo import fields, models


class UomUom(models.Model):
    _inherit = "uom.uom"

    is_pos_groupable = fields.Boolean("Group Products in POS",
                                      help="Add more of this product to one order line instead of a new line.")
