"""Account tags (``account.account.tag``): labels that reports group accounts and tax lines by."""
from __future__ import annotations

from odoo import api, fields, models

from .account_tax_plan import forget_plans


class AccountAccountTag(models.Model):
    _name = "account.account.tag"
    _description = "Account Tag"

    name = fields.Char("Tag Name", required=True, translate=True)
    applicability = fields.Selection([("accounts", "Accounts"), ("taxes", "Taxes"), ("products", "Products")],
                                     required=True, default="accounts")
    color = fields.Integer("Color Index")
    active = fields.Boolean(default=True)
    tax_negate = fields.Boolean("Negate Tax Balance")
    country_id = fields.Many2one("res.country", "Country")

    # what compute_all remembers of taxes depends on these records (account_tax_plan.py)
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
