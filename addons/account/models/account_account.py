"""General ledger accounts (``account.account``): a code unique per company and a type."""
from __future__ import annotations

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ACCOUNT_TYPES = [
    ("asset_receivable", "Receivable"),
    ("asset_cash", "Bank and Cash"),
    ("asset_current", "Current Assets"),
    ("asset_non_current", "Non-current Assets"),
    ("asset_prepayments", "Prepayments"),
    ("asset_fixed", "Fixed Assets"),
    ("liability_payable", "Payable"),
    ("liability_credit_card", "Credit Card"),
    ("liability_current", "Current Liabilities"),
    ("liability_non_current", "Non-current Liabilities"),
    ("equity", "Equity"),
    ("equity_unaffected", "Current Year Earnings"),
    ("income", "Income"),
    ("income_other", "Other Income"),
    ("expense", "Expenses"),
    ("expense_depreciation", "Depreciation"),
    ("expense_direct_cost", "Cost of Revenue"),
    ("off_balance", "Off-Balance Sheet"),
]

INTERNAL_GROUPS = [
    ("equity", "Equity"),
    ("asset", "Asset"),
    ("liability", "Liability"),
    ("income", "Income"),
    ("expense", "Expense"),
    ("off_balance", "Off Balance"),
]


class AccountAccount(models.Model):
    _name = "account.account"
    _description = "Account"
    _order = "code, company_id"
    _rec_names_search = ["name", "code"]

    name = fields.Char("Account Name", required=True, index=True, translate=True)
    code = fields.Char(size=64, required=True, index=True)
    account_type = fields.Selection(ACCOUNT_TYPES, "Type", required=True)
    internal_group = fields.Selection(INTERNAL_GROUPS, compute="_compute_internal_group", store=True)
    reconcile = fields.Boolean("Allow Reconciliation", default=False,
                               help="Check this box if this account allows invoices & payments "
                                    "matching of journal items.")
    currency_id = fields.Many2one("res.currency", "Account Currency",
                                  help="Forces all journal items in this account to have a "
                                       "specific currency (i.e. bank journals).")
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    company_id = fields.Many2one("res.company", "Company", required=True, index=True,
                                 default=lambda self: self.env.company)
    deprecated = fields.Boolean(default=False)
    active = fields.Boolean(default=True)
    tag_ids = fields.Many2many("account.account.tag", "account_account_account_tag", "account_account_id",
                               "account_account_tag_id", string="Tags")
    note = fields.Text("Internal Notes")
    non_trade = fields.Boolean(default=False)

    _sql_constraints = [
        ("code_company_uniq", "unique (code, company_id)",
         "The code of the account must be unique per company!"),
    ]

    @api.depends("account_type")
    def _compute_internal_group(self):
        for account in self:
            # the group is the type's first word, as in Odoo ("asset_cash" -> "asset")
            kind = account.account_type
            account.internal_group = (kind if kind == "off_balance" else kind.split("_")[0]) if kind else False

    @api.depends("code", "name")
    def _compute_display_name(self):
        for account in self:
            account.display_name = f"{account.code} {account.name}" if account.code else (account.name or "")

    @api.constrains("account_type", "reconcile")
    def _check_reconcile(self):
        for account in self:
            if account.account_type in ("asset_receivable", "liability_payable") and not account.reconcile:
                raise ValidationError(
                    f"You cannot have a receivable/payable account that is not reconcilable. "
                    f"(account code: {account.code}); tick 'Allow Reconciliation' on it.")

    @api.constrains("account_type")
    def _check_account_type_unique_current_year_earning(self):
        for company in self.filtered(lambda a: a.account_type == "equity_unaffected").mapped("company_id"):
            if self.search_count([("company_id", "=", company.id),
                                  ("account_type", "=", "equity_unaffected")]) > 1:
                raise ValidationError("You cannot have more than one account with \"Current Year "
                                      "Earnings\" as type in a company; pick another type.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # receivable and payable accounts are always reconcilable (Odoo forces it too)
            if vals.get("account_type") in ("asset_receivable", "liability_payable"):
                vals.setdefault("reconcile", True)
            if vals.get("code"):
                vals["code"] = vals["code"].strip()
        return super().create(vals_list)

    def _keeps_residual(self) -> bool:
        """Whether lines on this account carry an amount left to match (Odoo 17: the
        reconcilable accounts, and the liquidity and credit card ones)."""
        return bool(self.reconcile or self.account_type in ("asset_cash", "liability_credit_card"))

    @api.model
    def _search_new_account_code(self, company, digits: int, prefix: str) -> str:
        """The first free code made of ``prefix`` padded with zeros to ``digits`` digits then a
        counter (prefix 1014, 6 digits: 101401, 101402...), as Odoo numbers new accounts."""
        for num in range(1, 10000):
            code = prefix.ljust(digits - 1, "0") + str(num)
            if not self.with_context(active_test=False).search_count(
                    [("code", "=", code), ("company_id", "=", company.id)]):
                return code
        raise ValidationError(f"Cannot find a free account code for the prefix {prefix}; "
                              "choose another prefix.")
