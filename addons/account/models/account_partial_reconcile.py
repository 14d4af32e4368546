"""Partial reconciliations (``account.partial.reconcile``): an amount of a debit line
matched with a credit line."""
from __future__ import annotations

from odoo import fields, models
from odoo.tools import SQL


class AccountPartialReconcile(models.Model):
    _name = "account.partial.reconcile"
    _description = "Partial Reconcile"

    debit_move_id = fields.Many2one("account.move.line", index=True, required=True, ondelete="cascade")
    credit_move_id = fields.Many2one("account.move.line", index=True, required=True, ondelete="cascade")
    full_reconcile_id = fields.Many2one("account.full.reconcile", "Full Reconcile", index=True,
                                        ondelete="set null", copy=False)
    debit_currency_id = fields.Many2one(related="debit_move_id.currency_id",
                                        string="Currency of the debit journal item")
    credit_currency_id = fields.Many2one(related="credit_move_id.currency_id",
                                         string="Currency of the credit journal item")
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    amount = fields.Monetary(currency_field="company_currency_id",
                             help="Always positive amount concerned by this matching expressed in the "
                                  "company currency.")
    debit_amount_currency = fields.Monetary(currency_field="debit_currency_id",
                                            help="Always positive amount concerned by this matching expressed "
                                                 "in the debit line foreign currency.")
    credit_amount_currency = fields.Monetary(currency_field="credit_currency_id",
                                             help="Always positive amount concerned by this matching expressed "
                                                  "in the credit line foreign currency.")
    company_id = fields.Many2one("res.company", "Company", index=True)
    max_date = fields.Date("Max Date of Matched Lines")

    def unlink(self):
        """Undo the matchings: their full reconciliations go too, and the lines get their
        residuals back (recomputed in one query)."""
        if not self:
            return True
        lines = self.mapped("debit_move_id") | self.mapped("credit_move_id")
        fulls = self.mapped("full_reconcile_id")
        if fulls:
            fulls.unlink()
        result = super().unlink()
        lines = lines.exists()
        lines._compute_amount_residual()
        lines._recompute_payment_states()
        return result

    def _link_full_reconciles(self, full_of: dict[int, int]) -> None:
        """Attach older partials (ids) to new full reconciliations: one statement."""
        if not full_of:
            return
        self.flush_model(["full_reconcile_id"])
        self.env.cr.execute(SQL("UPDATE account_partial_reconcile p SET full_reconcile_id = v.full_id "
                                "FROM unnest(%s::int[], %s::int[]) AS v(id, full_id) WHERE p.id = v.id",
                                list(full_of), list(full_of.values())))
        self.browse(list(full_of)).invalidate_recordset(["full_reconcile_id"], flush=False)
