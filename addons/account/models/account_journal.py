"""Journals (``account.journal``): where entries are recorded, by kind (sales, bank...)."""
from __future__ import annotations

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

JOURNAL_TYPES = [("sale", "Sales"), ("purchase", "Purchase"), ("cash", "Cash"), ("bank", "Bank"),
                 ("general", "Miscellaneous")]
LIQUIDITY_PREFIX = {"bank": "BNK", "cash": "CSH"}


class AccountJournal(models.Model):
    _name = "account.journal"
    _check_company_auto = True
    _description = "Journal"
    _order = "sequence, type, code"
    _rec_names_search = ["name", "code"]

    name = fields.Char("Journal Name", required=True, translate=True)
    code = fields.Char("Short Code", size=5, required=True,
                       help="Shorter name used for display. The journal entries of this journal "
                            "will also be named using this prefix by default.")
    active = fields.Boolean(default=True)
    type = fields.Selection(JOURNAL_TYPES, required=True)
    default_account_type = fields.Char(compute="_compute_default_account_type")
    default_account_id = fields.Many2one("account.account", "Default Account", ondelete="restrict",
                                         check_company=True)
    suspense_account_id = fields.Many2one("account.account", "Suspense Account", ondelete="restrict",
                                          check_company=True,
                                          help="Bank statements transactions will be posted on the "
                                               "suspense account until the final reconciliation.")
    profit_account_id = fields.Many2one("account.account", "Profit Account", check_company=True,
                                        help="Used to register a profit when the ending balance of "
                                             "a cash register differs from what the system computes")
    loss_account_id = fields.Many2one("account.account", "Loss Account", check_company=True,
                                      help="Used to register a loss when the ending balance of a "
                                           "cash register differs from what the system computes")
    company_id = fields.Many2one("res.company", "Company", required=True, index=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", help="The currency used to enter statement")
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    sequence = fields.Integer(default=10, help="Used to order Journals in the dashboard view")
    color = fields.Integer("Color Index", default=0)
    show_on_dashboard = fields.Boolean(default=True)
    refund_sequence = fields.Boolean("Dedicated Credit Note Sequence")
    payment_sequence = fields.Boolean("Dedicated Payment Sequence")
    restrict_mode_hash_table = fields.Boolean("Lock Posted Entries with Hash")
    invoice_reference_type = fields.Selection([("none", "Free"), ("partner", "Based on Customer"),
                                               ("invoice", "Based on Invoice")], default="invoice")
    invoice_reference_model = fields.Selection([("odoo", "Odoo")], default="odoo")
    # Odoo 17 reaches these through the journal's payment method lines; this addon has no
    # payment methods, so the journal names its outstanding accounts (empty: the company's)
    outstanding_receipt_account_id = fields.Many2one("account.account", "Outstanding Receipts Account")
    outstanding_payment_account_id = fields.Many2one("account.account", "Outstanding Payments Account")

    _sql_constraints = [
        ("code_company_uniq", "unique (company_id, code)",
         "Journal codes must be unique per company."),
    ]

    @api.depends("type")
    def _compute_default_account_type(self):
        kinds = {"bank": "asset_cash", "cash": "asset_cash", "sale": "income%", "purchase": "expense%"}
        for journal in self:
            journal.default_account_type = kinds.get(journal.type, False)

    @api.constrains("type", "default_account_id")
    def _check_type_default_account_id_type(self):
        for journal in self:
            if journal.type in ("sale", "purchase") and journal.default_account_id.account_type in (
                    "asset_receivable", "liability_payable"):
                raise ValidationError("The type of the journal's default credit/debit account "
                                      "shouldn't be 'receivable' or 'payable'.")

    @api.model
    def get_next_bank_cash_default_code(self, journal_type: str, company) -> str:
        """BNK1, BNK2... (CSH1... for cash): the first code not used in the company."""
        prefix = LIQUIDITY_PREFIX.get(journal_type, "GEN")
        used = set(self.with_context(active_test=False).search(
            [("company_id", "=", company.id)]).mapped("code"))
        for num in range(1, 100):
            if f"{prefix}{num}" not in used:
                return f"{prefix}{num}"
        raise UserError(f"Cannot generate an unused journal code for {prefix}; give one.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            if vals.get("type") in LIQUIDITY_PREFIX:
                self._fill_liquidity_vals(company, vals)
            # Odoo 17 computes both from the type: credit notes numbered apart (RINV/...) in
            # sales and purchase journals, payments apart (PBNK1/...) in liquidity ones
            vals.setdefault("refund_sequence", vals.get("type") in ("sale", "purchase"))
            vals.setdefault("payment_sequence", vals.get("type") in ("bank", "cash"))
        return super().create(vals_list)

    @api.model
    def _fill_liquidity_vals(self, company, vals: dict) -> None:
        """A bank or cash journal gets a code, its own liquidity account, and the company's
        suspense and cash difference accounts, as in Odoo."""
        journal_type = vals["type"]
        if not vals.get("code"):
            vals["code"] = self.get_next_bank_cash_default_code(journal_type, company)
        if not vals.get("default_account_id"):
            vals["default_account_id"] = self.env["account.account"].create(
                self._prepare_liquidity_account_vals(company, journal_type, vals)).id
        if not vals.get("suspense_account_id"):
            vals["suspense_account_id"] = company.account_journal_suspense_account_id.id or False
        if journal_type == "cash":
            vals.setdefault("profit_account_id", company.default_cash_difference_income_account_id.id or False)
            vals.setdefault("loss_account_id", company.default_cash_difference_expense_account_id.id or False)

    @api.model
    def _prepare_liquidity_account_vals(self, company, journal_type: str, vals: dict) -> dict:
        prefix = (company.bank_account_code_prefix if journal_type == "bank"
                  else company.cash_account_code_prefix) or ""
        Account = self.env["account.account"]
        return {
            "name": vals.get("name") or dict(JOURNAL_TYPES)[journal_type],
            "code": Account._search_new_account_code(company, 6, prefix) if prefix else vals["code"],
            "account_type": "asset_cash",
            "currency_id": vals.get("currency_id") or False,
            "company_id": company.id,
        }

    @api.depends("name", "currency_id")
    def _compute_display_name(self):
        for journal in self:
            currency = journal.currency_id
            journal.display_name = (f"{journal.name} ({currency.name})"
                                    if currency and currency != journal.company_id.currency_id
                                    else journal.name or "")
