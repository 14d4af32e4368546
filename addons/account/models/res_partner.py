"""Partners (``res.partner``) get the accounts and fiscal position their invoices use, and
what they owe and are owed (``credit``, ``debit``) from posted open items."""
from __future__ import annotations

from odoo import fields, models
from odoo.tools import SQL

BALANCE_GROUPS = "account.group_account_invoice,account.group_account_readonly"
SEARCH_OPERATORS = ("<", "=", ">", ">=", "<=")


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
    # how often the partner was invoiced as a customer / billed as a vendor (Odoo 17's
    # ranks: partner filters and addons such as partner_manual_rank read and write them)
    customer_rank = fields.Integer(default=0, copy=False)
    supplier_rank = fields.Integer(default=0, copy=False)
    currency_id = fields.Many2one("res.currency", "Currency", compute="_compute_currency_id",
                                  help="Utility field to express amount currency")
    credit = fields.Monetary("Total Receivable", compute="_credit_debit_get", search="_credit_search",
                             help="Total amount this customer owes you.", groups=BALANCE_GROUPS)
    debit = fields.Monetary("Total Payable", compute="_credit_debit_get", search="_debit_search",
                            help="Total amount you have to pay to this vendor.", groups=BALANCE_GROUPS)

    def _increase_rank(self, field: str, n: int = 1) -> None:
        """Add ``n`` to ``customer_rank`` or ``supplier_rank`` of these partners."""
        if field not in ("customer_rank", "supplier_rank"):
            raise ValueError(f"_increase_rank: {field!r} is not customer_rank or supplier_rank")
        for partner in self.sudo():
            partner[field] += n

    def _compute_currency_id(self):
        for partner in self:
            partner.currency_id = self.env.company.currency_id

    def _credit_debit_get(self):
        """The open (not reconciled) amounts of posted receivable and payable items of each
        partner in the current company: one query for all the partners."""
        self.credit = self.debit = 0.0
        ids = [partner_id for partner_id in self.ids if partner_id]
        if not ids:
            return
        self.env["account.move.line"].flush_model(["partner_id", "account_id", "amount_residual", "reconciled",
                                                   "parent_state", "company_id"])
        self.env.cr.execute(SQL(
            "SELECT line.partner_id, account.account_type, SUM(line.amount_residual) "
            "FROM account_move_line line JOIN account_account account ON account.id = line.account_id "
            "WHERE account.account_type IN ('asset_receivable', 'liability_payable') "
            "AND line.partner_id = ANY(%s) AND line.reconciled IS NOT TRUE AND line.parent_state = 'posted' "
            "AND line.company_id = %s GROUP BY line.partner_id, account.account_type",
            ids, self.env.company.id))
        for partner_id, account_type, amount in self.env.cr.fetchall():
            partner = self.browse(partner_id)
            if account_type == "asset_receivable":
                partner.credit = amount
            else:
                partner.debit = -amount

    def _asset_difference_search(self, account_type: str, operator: str, operand):
        """Partners whose open receivable (payable) total compares with ``operand``, as
        Odoo's search of credit/debit: other operators or operands find nothing to filter."""
        if operator not in SEARCH_OPERATORS or not isinstance(operand, (float, int)):
            return []
        sign = -1 if account_type == "liability_payable" else 1
        self.env["account.move.line"].flush_model(["partner_id", "account_id", "amount_residual", "parent_state"])
        self.env.cr.execute(SQL(
            "SELECT line.partner_id FROM account_move_line line "
            "JOIN account_account account ON account.id = line.account_id "
            "WHERE account.account_type = %s AND account.deprecated IS NOT TRUE AND account.company_id = %s "
            "AND line.parent_state = 'posted' AND line.partner_id IS NOT NULL "
            "GROUP BY line.partner_id HAVING %s * COALESCE(SUM(line.amount_residual), 0) " + operator + " %s",
            account_type, self.env.company.id, sign, operand))
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        return [("id", "in", partner_ids)] if partner_ids else [("id", "=", 0)]

    def _credit_search(self, operator, operand):
        return self._asset_difference_search("asset_receivable", operator, operand)

    def _debit_search(self, operator, operand):
        return self._asset_difference_search("liability_payable", operator, operand)

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
