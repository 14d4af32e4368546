"""What the session form's buttons open (Odoo 17's method names): its orders, its payments
and the journal items of its closing."""
from __future__ import annotations

from odoo import _, models


class PosSession(models.Model):
    _inherit = "pos.session"

    def action_view_order(self) -> dict:
        return {"name": _("Orders"), "type": "ir.actions.act_window", "res_model": "pos.order",
                "view_mode": "tree,form", "domain": [("session_id", "in", self.ids)],
                "context": {"search_default_session_id": self.id if len(self) == 1 else False}}

    def action_show_payments_list(self) -> dict:
        return {"name": _("Payments"), "type": "ir.actions.act_window", "res_model": "pos.payment",
                "view_mode": "tree,form", "domain": [("session_id", "in", self.ids)],
                "context": {"search_default_group_by_payment_method": 1}}

    def show_journal_items(self) -> dict:
        return {"name": _("Journal Items"), "type": "ir.actions.act_window",
                "res_model": "account.move.line", "view_mode": "tree",
                "domain": [("move_id", "in", self.move_id.ids)],
                "context": {"search_default_group_by_move": 1, "group_by": "move_id"}}
