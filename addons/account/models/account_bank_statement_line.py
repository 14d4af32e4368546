"""Bank and cash statement lines (``account.bank.statement.line``): money seen on the
account, each with a posted entry of its own: the journal's liquidity account against the
suspense account until the line is matched (or against ``counterpart_account_id``, the
account a caller such as the Point of Sale names at creation, as in Odoo 17)."""
from __future__ import annotations

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..delegation import create_with_entries, line_pair, split_entry_lines


class AccountBankStatementLine(models.Model):
    _name = "account.bank.statement.line"
    _description = "Bank Statement Line"
    _inherits = {"account.move": "move_id"}
    _order = "internal_index desc"

    move_id = fields.Many2one("account.move", "Journal Entry", required=True, readonly=True,
                              ondelete="cascade", index=True)
    statement_id = fields.Many2one("account.bank.statement", "Statement", index=True)
    sequence = fields.Integer(default=1)
    internal_index = fields.Char(compute="_compute_internal_index", store=True, index=True)
    amount = fields.Monetary(currency_field="currency_id", default=0.0)
    payment_ref = fields.Char("Label")
    account_number = fields.Char("Bank Account Number")
    partner_name = fields.Char()
    transaction_type = fields.Char()
    amount_residual = fields.Float(compute="_compute_is_reconciled")
    is_reconciled = fields.Boolean("Is Reconciled", compute="_compute_is_reconciled",
                                   help="Nothing of the line is left on the suspense account.")

    @api.depends("date", "sequence")
    def _compute_internal_index(self):
        for line in self:
            line.internal_index = f"{line.date.strftime('%Y%m%d') if line.date else ''}" \
                                  f"{line.sequence:010d}{line.move_id.id or 0:010d}"

    def _seek_for_lines(self):
        """(liquidity lines, suspense lines, other lines) of the line's entry."""
        self.ensure_one()
        journal = self.journal_id
        return split_entry_lines(self.move_id.line_ids, lambda line: line.account_id == journal.default_account_id,
                                 lambda line: line.account_id == journal.suspense_account_id)

    @api.depends("move_id.line_ids.amount_residual", "move_id.line_ids.account_id")
    def _compute_is_reconciled(self):
        for st_line in self:
            _liquidity, suspense, others = st_line._seek_for_lines()
            if suspense:
                st_line.amount_residual = -sum(suspense.mapped("amount_currency"))
                st_line.is_reconciled = st_line.currency_id.is_zero(st_line.amount_residual)
            else:
                st_line.amount_residual = -sum(others.filtered(lambda line: line.account_id.reconcile)
                                               .mapped("amount_residual_currency"))
                st_line.is_reconciled = st_line.currency_id.is_zero(st_line.amount_residual)

    # -- create ----------------------------------------------------------------------------

    @api.model
    def _prepare_move_line_default_vals(self, vals: dict, journal, currency, partner_id,
                                        counterpart_account_id=None) -> list:
        if not journal.default_account_id:
            raise UserError(f"You can't create a new statement line without a liquidity account set "
                            f"on the journal {journal.display_name}.")
        counterpart = counterpart_account_id or journal.suspense_account_id.id
        if not counterpart:
            raise UserError(f"You can't create a new statement line without a suspense account set on "
                            f"the journal {journal.display_name}.")
        amount = vals.get("amount") or 0.0
        label = vals.get("payment_ref") or ""
        common = {"partner_id": partner_id, "currency_id": currency.id, "name": label}
        return line_pair(common, journal.default_account_id.id, counterpart, amount,
                         foreign=currency != journal.company_id.currency_id)

    @api.model_create_multi
    def create(self, vals_list):
        """Statement lines with their entries, made and posted in batches."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        st_lines, moves = create_with_entries(self, super().create, vals_list, "statement_line_id",
                                               posting=True)
        moves._post(soft=False)
        return st_lines

    @api.model
    def _prepare_entry_vals(self, vals: dict) -> dict:
        """The values of a new statement line's entry, taken out of ``vals``."""
        counterpart_account_id = vals.pop("counterpart_account_id", None)
        statement = self.env["account.bank.statement"].browse(vals.get("statement_id"))
        journal_id = vals.get("journal_id") or statement.journal_id.id or self.env.context.get("default_journal_id")
        if not journal_id:
            raise UserError("A statement line needs a journal: give journal_id.")
        journal = self.env["account.journal"].browse(journal_id)
        currency = journal.currency_id or journal.company_id.currency_id
        move_vals = {fname: vals.pop(fname) for fname in list(vals) if self._fields[fname].inherited}
        move_vals.update({"move_type": "entry", "journal_id": journal.id, "company_id": journal.company_id.id,
                          "currency_id": currency.id,
                          "line_ids": self._prepare_move_line_default_vals(
                              vals, journal, currency, move_vals.get("partner_id") or False, counterpart_account_id)})
        return move_vals

    def unlink(self):
        moves = self.mapped("move_id")
        moves.filtered(lambda m: m.state == "posted").button_draft()
        result = super().unlink()
        moves.exists().unlink()
        return result
