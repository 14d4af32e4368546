"""Partners (``res.partner``) get the accounts and fiscal position their invoices use."""
from __future__ import annotations

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # company-dependent in Odoo (one value per company, through ir.property); the ORM here
    # has no company-dependent fields yet, so these are plain fields, and an empty one means
    # "the company's default" (see _default_property_account)
    property_account_receivable_id = fields.Many2one(
        "account.account", "Account Receivable",
        domain="[('account_type', '=', 'asset_receivable'), ('deprecated', '=', False)]",
        help="This account will be used instead of the default one as the receivable account "
             "for the current partner")
    property_account_payable_id = fields.Many2one(
        "account.account", "Account Payable",
        domain="[('account_type', '=', 'liability_payable'), ('deprecated', '=', False)]",
        help="This account will be used instead of the default one as the payable account for "
             "the current partner")
    property_account_position_id = fields.Many2one(
        "account.fiscal.position", "Fiscal Position",
        help="The fiscal position determines the taxes/accounts used for this contact.")
    property_payment_term_id = fields.Many2one("account.payment.term", "Customer Payment Terms")
    property_supplier_payment_term_id = fields.Many2one("account.payment.term", "Vendor Payment Terms")

    def _default_property_account(self, company, account_type: str):
        """The company's default receivable (payable) account: the chart's, else the first
        account of that type (what Odoo's default ir.property holds)."""
        template_id = "receivable" if account_type == "asset_receivable" else "payable"
        account = self.env.ref(f"account.{company.id}_{template_id}", raise_if_not_found=False)
        if account:
            return account
        return self.env["account.account"].search(
            [("company_id", "=", company.id), ("account_type", "=", account_type), ("deprecated", "=", False)],
            limit=1)
