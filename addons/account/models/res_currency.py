"""Currencies (``res.currency``): a change of rounding is seen by compute_all's compiled taxes."""
from __future__ import annotations

from odoo import models

from .account_tax_plan import forget_plans


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def write(self, vals):
        if {"rounding", "decimal_places"} & set(vals):
            forget_plans(self.env)
        return super().write(vals)
