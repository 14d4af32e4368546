"""Companies (``res.company``) get their accounting settings and default accounts."""
from __future__ import annotations

from odoo import fields, models

from .account_tax_plan import forget_plans

MONTH_SELECTION = [(str(number), name) for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)]

# what compute_all's compiled taxes read of their company (account_tax_computation.py)
TAX_SETTINGS = {"tax_calculation_rounding_method", "currency_id", "country_id", "account_fiscal_country_id"}


class ResCompany(models.Model):
    _inherit = "res.company"

    fiscalyear_last_day = fields.Integer(default=31, required=True)
    fiscalyear_last_month = fields.Selection(MONTH_SELECTION, default="12", required=True)
    period_lock_date = fields.Date("Journals Entries Lock Date")
    fiscalyear_lock_date = fields.Date("Lock Date")
    tax_lock_date = fields.Date("Tax Return Lock Date")
    account_opening_date = fields.Date(
        "Opening Entry", default=lambda self: fields.Date.context_today(self).replace(month=1, day=1))
    chart_template = fields.Char(help="The chart of accounts installed for the company "
                                      "(generic_coa for the generic one).")
    account_fiscal_country_id = fields.Many2one("res.country", "Fiscal Country")
    tax_calculation_rounding_method = fields.Selection(
        [("round_per_line", "Round per Line"), ("round_globally", "Round Globally")],
        "Tax Calculation Rounding Method", default="round_per_line")
    tax_exigibility = fields.Boolean("Use Cash Basis")
    anglo_saxon_accounting = fields.Boolean("Use anglo-saxon accounting")
    bank_account_code_prefix = fields.Char("Prefix of the bank accounts")
    cash_account_code_prefix = fields.Char("Prefix of the cash accounts")
    transfer_account_code_prefix = fields.Char("Prefix of the transfer accounts")
    account_sale_tax_id = fields.Many2one("account.tax", "Default Sale Tax")
    account_purchase_tax_id = fields.Many2one("account.tax", "Default Purchase Tax")
    account_default_pos_receivable_account_id = fields.Many2one(
        "account.account", "Default PoS Receivable Account")
    income_currency_exchange_account_id = fields.Many2one("account.account", "Gain Exchange Rate Account")
    expense_currency_exchange_account_id = fields.Many2one("account.account", "Loss Exchange Rate Account")
    default_cash_difference_income_account_id = fields.Many2one("account.account", "Cash Difference Income")
    default_cash_difference_expense_account_id = fields.Many2one("account.account", "Cash Difference Expense")
    account_journal_suspense_account_id = fields.Many2one("account.account", "Journal Suspense Account")
    account_journal_payment_debit_account_id = fields.Many2one("account.account", "Journal Outstanding Receipts")
    account_journal_payment_credit_account_id = fields.Many2one("account.account", "Journal Outstanding Payments")
    account_journal_early_pay_discount_gain_account_id = fields.Many2one(
        "account.account", "Cash Discount Write-Off Gain Account")
    account_journal_early_pay_discount_loss_account_id = fields.Many2one(
        "account.account", "Cash Discount Write-Off Loss Account")
    transfer_account_id = fields.Many2one("account.account", "Inter-Banks Transfer Account")
    currency_exchange_journal_id = fields.Many2one("account.journal", "Exchange Gain or Loss Journal")
    tax_cash_basis_journal_id = fields.Many2one("account.journal", "Cash Basis Journal")
    # what the printed invoices show
    terms_type = fields.Selection([("plain", "Add a Note"), ("html", "Add a link to a Web Page")],
                                  "Terms & Conditions format", default="plain")
    display_invoice_tax_company_currency = fields.Boolean(
        "Taxes in company currency", default=True,
        help="Invoices in a foreign currency also show their taxes in the company's currency.")

    def write(self, vals):
        if TAX_SETTINGS & set(vals):
            forget_plans(self.env)
        return super().write(vals)

    def get_unaffected_earnings_account(self):
        """The company's "Current Year Earnings" account, made (999999) when missing."""
        self.ensure_one()
        Account = self.env["account.account"]
        account = Account.search([("company_id", "=", self.id), ("account_type", "=", "equity_unaffected")],
                                 limit=1)
        if account:
            return account
        return Account.create({
            "code": Account._search_new_account_code(self, 6, "99999") if Account.search_count(
                [("company_id", "=", self.id), ("code", "=", "999999")]) else "999999",
            "name": "Undistributed Profits/Losses",
            "account_type": "equity_unaffected",
            "company_id": self.id,
        })
