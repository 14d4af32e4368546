"""The note templates picked on the till, stored with the synced order and sent back with it."""
from __future__ import annotations

from odoo import fields, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    note_template_ids = fields.Many2many(
        "pos.order.note.template", string="Note Templates", readonly=True,
        help="The note templates the cashier added to the order.")

    def _order_fields(self, data: dict, session) -> dict:
        """The client sends ``note_template_ids`` (ids) beside Odoo's keys; ids of templates
        deleted since the till loaded them are dropped (the sale is never refused for a note)."""
        values = super()._order_fields(data, session)
        sent = data.get("note_template_ids") or []
        ids = [value for value in sent if isinstance(value, int) and not isinstance(value, bool)]
        templates = self.env["pos.order.note.template"].with_context(active_test=False).search(
            [("id", "in", ids)]) if ids else self.env["pos.order.note.template"]
        values["note_template_ids"] = [(6, 0, templates.ids)]
        if data.get("note") and isinstance(data["note"], str):
            values["note"] = data["note"]
        return values

    def _export_for_ui(self) -> dict:
        result = super()._export_for_ui()
        result["note_template_ids"] = self.note_template_ids.ids
        result["note"] = self.note or ""
        return result
