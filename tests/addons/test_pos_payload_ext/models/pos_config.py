from odoo import models


class PosConfig(models.Model):
    _inherit = "pos.config"

    def _get_pos_ui_data(self, session=None):
        data = super()._get_pos_ui_data(session=session)
        data["test_pos_payload_ext"] = {"greeting": f"hello from {self.name}"}
        return data
