"""Tax distribution (``account.tax.repartition.line``): where the base and each share of a tax go."""
from __future__ import annotations

from odoo import api, fields, models


class AccountTaxRepartitionLine(models.Model):
    _name = "account.tax.repartition.line"
    _check_company_auto = True
    _inherit = ["account.tax.plan.mixin"]
    _description = "Tax Repartition Line"
    _order = "document_type, repartition_type, sequence, id"

    factor_percent = fields.Float("%", default=100, required=True,
                                  help="Factor to apply on the account move lines generated from "
                                       "this distribution line, in percents")
    factor = fields.Float("Factor Ratio", compute="_compute_factor")
    repartition_type = fields.Selection([("base", "Base"), ("tax", "of tax")], "Based On",
                                        required=True, default="tax")
    document_type = fields.Selection([("invoice", "Invoice"), ("refund", "Refund")], "Related to",
                                     required=True)
    account_id = fields.Many2one("account.account", "Account",
                                 check_company=True, help="Account on which to post the tax amount")
    tag_ids = fields.Many2many("account.account.tag", "account_account_tag_account_tax_repartition_line_rel",
                               "account_tax_repartition_line_id", "account_account_tag_id",
                               string="Tax Grids")
    tax_id = fields.Many2one("account.tax", ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", "Company", related="tax_id.company_id", store=True)
    sequence = fields.Integer(default=1)
    use_in_tax_closing = fields.Boolean("Tax Closing Entry", compute="_compute_use_in_tax_closing",
                                        store=True, readonly=False)

    @api.depends("factor_percent")
    def _compute_factor(self):
        for line in self:
            line.factor = line.factor_percent / 100.0

    @api.depends("account_id", "repartition_type")
    def _compute_use_in_tax_closing(self):
        for line in self:
            # income/expense accounts (non-deductible parts) stay out of the tax closing
            line.use_in_tax_closing = bool(
                line.repartition_type == "tax" and line.account_id
                and line.account_id.internal_group not in ("income", "expense"))

    def _get_aml_target_tax_account(self, force_caba_exigibility: bool = False):
        """The account a tax line of this distribution is posted to (the tax's cash basis
        transition account while a cash-basis tax is not yet exigible)."""
        self.ensure_one()
        tax = self.tax_id
        if (not force_caba_exigibility and tax.tax_exigibility == "on_payment"
                and not self.env.context.get("caba_no_transition_account")):
            return tax.cash_basis_transition_account_id
        return self.account_id
