"""The lot or serial numbers the till records on an order line (Odoo's
``pos.pack.operation.lot``; the stock moves that would use them are not part of this POS)."""
from __future__ import annotations

from odoo import fields, models


class PosOrderLineLot(models.Model):
    _name = "pos.pack.operation.lot"
    _description = "Specify product lot/serial number in pos order line"
    _rec_name = "lot_name"

    pos_order_line_id = fields.Many2one("pos.order.line", ondelete="cascade", index=True)
    order_id = fields.Many2one("pos.order", related="pos_order_line_id.order_id", readonly=False)
    lot_name = fields.Char("Lot Name")
    product_id = fields.Many2one("product.product", related="pos_order_line_id.product_id", readonly=False)

    def _export_for_ui(self, lot) -> dict:
        return {"lot_name": lot.lot_name}

    def export_for_ui(self) -> list:
        return [self._export_for_ui(lot) for lot in self]


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    pack_lot_ids = fields.One2many("pos.pack.operation.lot", "pos_order_line_id", "Lot/serial Number")
