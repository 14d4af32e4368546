"""Fiscal positions (``account.fiscal.position``): replace taxes and accounts for some partners."""
from __future__ import annotations

from odoo import fields, models


class AccountFiscalPosition(models.Model):
    _name = "account.fiscal.position"
    _description = "Fiscal Position"
    _order = "sequence"

    sequence = fields.Integer()
    name = fields.Char("Fiscal Position", required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", "Company", required=True, readonly=True,
                                 default=lambda self: self.env.company)
    account_ids = fields.One2many("account.fiscal.position.account", "position_id", "Account Mapping",
                                  copy=True)
    tax_ids = fields.One2many("account.fiscal.position.tax", "position_id", "Tax Mapping", copy=True)
    note = fields.Html("Notes", translate=True)
    auto_apply = fields.Boolean("Detect Automatically")
    vat_required = fields.Boolean("VAT required")
    country_id = fields.Many2one("res.country", "Country")
    zip_from = fields.Char("Zip Range From")
    zip_to = fields.Char("Zip Range To")
    foreign_vat = fields.Char("Foreign Tax ID")

    def map_tax(self, taxes):
        """``taxes`` with each tax this position maps replaced by its destination taxes (none
        when the mapping has no destination); unchanged without a position."""
        if not self:
            return taxes
        result = taxes.browse()
        for tax in taxes:
            mappings = self.tax_ids.filtered(lambda line: line.tax_src_id == tax)
            result |= mappings.mapped("tax_dest_id") if mappings else tax
        return result

    def map_account(self, account):
        """The account this position puts in place of ``account`` (itself when not mapped)."""
        for line in self.account_ids:
            if line.account_src_id == account:
                return line.account_dest_id
        return account

    def map_accounts(self, accounts: dict) -> dict:
        """``{key: account}`` with each account mapped."""
        ref = {line.account_src_id.id: line.account_dest_id.id for line in self.account_ids}
        return {key: ref.get(account_id, account_id) for key, account_id in accounts.items()}
