"""Odoo's "Force Close Session" wizard (``pos.close.session.wizard``): a session whose entry
would not balance is closed with the difference booked to an account the manager picks."""
from __future__ import annotations

from odoo import _, fields, models
from odoo.exceptions import UserError


class PosCloseSessionWizard(models.TransientModel):
    _name = "pos.close.session.wizard"
    _description = "Close Session Wizard"

    amount_to_balance = fields.Float("Amount to balance")
    account_id = fields.Many2one("account.account", "Destination account")
    account_readonly = fields.Boolean("Destination account is readonly")
    message = fields.Text("Information message")

    def close_session(self):
        """Close the session of the context with the difference on the chosen account."""
        self.ensure_one()
        if not self.account_id:
            raise UserError(_("Choose the account the difference of %s goes to.", self.amount_to_balance))
        sessions = self.env["pos.session"].browse(self.env.context.get("active_ids") or [])
        if not sessions:
            raise UserError(_("This wizard closes a session: open it from the session."))
        return sessions.action_pos_session_closing_control(self.account_id, self.amount_to_balance)
