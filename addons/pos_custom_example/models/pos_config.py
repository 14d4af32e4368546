"""The till's switch for note templates, and a payload key built from the whole payload."""
from __future__ import annotations

from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    use_note_templates = fields.Boolean(
        "Order Note Templates", default=True,
        help="Offer the note templates on this till's order screen.")

    def _get_pos_ui_data(self, session=None) -> dict:
        """Route 1 (the seed's): add a key to the whole payload after every model is loaded."""
        data = super()._get_pos_ui_data(session=session)
        templates = data.get("pos.order.note.template", [])
        data["note_templates_by_id"] = {template["id"]: template for template in templates}
        return data
