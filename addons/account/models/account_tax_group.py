"""Tax groups (``account.tax.group``): how taxes are summed up on documents and closings."""
from __future__ import annotations

from odoo import fields, models


class AccountTaxGroup(models.Model):
    _name = "account.tax.group"
    _description = "Tax Group"
    _order = "sequence asc, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    tax_payable_account_id = fields.Many2one("account.account", "Tax Payable Account")
    tax_receivable_account_id = fields.Many2one("account.account", "Tax Receivable Account")
    advance_tax_payment_account_id = fields.Many2one("account.account", "Tax Advance Account")
    country_id = fields.Many2one("res.country", "Country")
    preceding_subtotal = fields.Char(translate=True)
    pos_receipt_label = fields.Char("PoS receipt label")
