"""Records whose changes make compute_all's remembered plans stale (account_tax_plan.py)."""
from __future__ import annotations

from odoo import api, models

from .account_tax_plan import forget_plans


class AccountTaxPlanMixin(models.AbstractModel):
    _name = "account.tax.plan.mixin"
    _description = "Read by compute_all's plans"

    @api.model_create_multi
    def create(self, vals_list):
        forget_plans(self.env)
        return super().create(vals_list)

    def write(self, vals):
        forget_plans(self.env)
        return super().write(vals)

    def unlink(self):
        forget_plans(self.env)
        return super().unlink()
