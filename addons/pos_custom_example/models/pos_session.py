"""Route 2 (Odoo 17's loader hooks): the note templates as one more model of the payload."""
from __future__ import annotations

from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def _pos_ui_models_to_load(self) -> list:
        return [*super()._pos_ui_models_to_load(), "pos.order.note.template"]

    def _loader_params_pos_order_note_template(self) -> dict:
        return {"search_params": {
            "domain": [("company_id", "in", [False, self.company_id.id])],
            "fields": ["name", "sequence"]}}

    def _get_pos_ui_pos_order_note_template(self, params: dict) -> list:
        # a till that does not use them loads none (the key is still there: the app reads it)
        if not self.config_id.use_note_templates:
            return []
        return self.env["pos.order.note.template"].search_read(**params["search_params"])
