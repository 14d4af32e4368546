"""Bank and cash statements (``account.bank.statement``): a batch of statement lines with
its starting and ending balances."""
from __future__ import annotations

from odoo import api, fields, models


class AccountBankStatement(models.Model):
    _name = "account.bank.statement"
    _description = "Bank Statement"
    _order = "date desc, name desc, id desc"

    name = fields.Char("Reference", copy=False)
    reference = fields.Char("External Reference", copy=False)
    date = fields.Date(compute="_compute_date_index", store=True, index=True)
    first_line_index = fields.Char(compute="_compute_date_index", store=True)
    balance_start = fields.Monetary("Starting Balance", default=0.0)
    balance_end = fields.Monetary("Computed Balance", compute="_compute_balance_end", store=True)
    balance_end_real = fields.Monetary("Ending Balance", default=0.0)
    company_id = fields.Many2one(related="journal_id.company_id", store=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    journal_id = fields.Many2one("account.journal", compute="_compute_journal_id", store=True)
    line_ids = fields.One2many("account.bank.statement.line", "statement_id", "Statement lines")
    is_complete = fields.Boolean(compute="_compute_is_complete")

    @api.depends("line_ids.journal_id")
    def _compute_journal_id(self):
        for statement in self:
            statement.journal_id = statement.line_ids[:1].journal_id or statement.journal_id

    @api.depends("journal_id")
    def _compute_currency_id(self):
        for statement in self:
            statement.currency_id = statement.journal_id.currency_id or statement.company_id.currency_id

    @api.depends("line_ids.date", "line_ids.sequence")
    def _compute_date_index(self):
        for statement in self:
            lines = statement.line_ids.sorted(lambda line: (line.date, line.id))
            statement.date = lines[-1:].date or False
            statement.first_line_index = str(lines[:1].id) if lines else False

    @api.depends("balance_start", "line_ids.amount", "line_ids.state")
    def _compute_balance_end(self):
        for statement in self:
            lines = statement.line_ids.filtered(lambda line: line.state == "posted")
            statement.balance_end = statement.balance_start + sum(lines.mapped("amount"))

    @api.depends("balance_end", "balance_end_real")
    def _compute_is_complete(self):
        for statement in self:
            statement.is_complete = bool(statement.line_ids) and statement.currency_id.compare_amounts(
                statement.balance_end, statement.balance_end_real) == 0
