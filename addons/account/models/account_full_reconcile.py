"""Full reconciliations (``account.full.reconcile``): lines matched together to zero."""
from __future__ import annotations

from odoo import fields, models
from odoo.tools import SQL


class AccountFullReconcile(models.Model):
    _name = "account.full.reconcile"
    _description = "Full Reconcile"

    name = fields.Char("Number", compute="_compute_name", store=False)
    partial_reconcile_ids = fields.One2many("account.partial.reconcile", "full_reconcile_id",
                                            "Reconciliation Parts")
    reconciled_line_ids = fields.One2many("account.move.line", "full_reconcile_id", "Matched Journal Items")
    exchange_move_id = fields.Many2one("account.move", index=True)

    def _compute_name(self):
        for record in self:
            record.name = f"F{record.id}" if record.id else "/"

    def unlink(self):
        """The lines it matched are no longer fully reconciled (one statement)."""
        if not self:
            return True
        self.flush_model()
        self.env["account.move.line"].flush_model(["full_reconcile_id"])
        self.env.cr.execute(SQL("UPDATE account_move_line SET full_reconcile_id = NULL WHERE full_reconcile_id IN %s",
                                tuple(self.ids)))
        self.env["account.move.line"].invalidate_model(["full_reconcile_id"], flush=False)
        return super().unlink()
