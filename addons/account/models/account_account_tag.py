"""Account tags (``account.account.tag``): labels that reports group accounts and tax lines by."""
from __future__ import annotations

from odoo import fields, models


class AccountAccountTag(models.Model):
    _name = "account.account.tag"
    _inherit = ["account.tax.plan.mixin"]
    _description = "Account Tag"

    name = fields.Char("Tag Name", required=True, translate=True)
    applicability = fields.Selection([("accounts", "Accounts"), ("taxes", "Taxes"), ("products", "Products")],
                                     required=True, default="accounts")
    color = fields.Integer("Color Index")
    active = fields.Boolean(default=True)
    tax_negate = fields.Boolean("Negate Tax Balance")
    country_id = fields.Many2one("res.country", "Country")
