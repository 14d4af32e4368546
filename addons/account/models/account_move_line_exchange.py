"""Exchange differences (Odoo 17): journal items in one foreign currency matched in full in
that currency, whose company-currency amounts were booked at different rates (an invoice and
its payment on two dates), still differ in the company currency. An entry in the company's
exchange journal (``currency_exchange_journal_id``) settles each such line: a line on the
same account taking the difference off it ("Currency exchange rate difference", no amount in
currency), matched with it, and its counterpart on the company's exchange gain account
(``income_currency_exchange_account_id``) or loss account
(``expense_currency_exchange_account_id``). It is dated on the later of the matched lines'
dates (after the lock date), posted, and named on the full reconciliation
(``exchange_move_id``). Undoing the matching reverses the entry (Odoo's "Reversal of: ...").

One entry per group reconciled together; all of them created and posted in one batch.
"""
from __future__ import annotations

import datetime

from odoo import Command, _, fields, models
from odoo.exceptions import UserError

EXCHANGE_LABEL = "Currency exchange rate difference"


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    exchange_move_id = fields.Many2one("account.move", "Exchange Difference Entry", index="btree_not_null")

    def unlink(self):
        """The exchange entries of undone matchings are reversed (and matched with their
        reversal), as Odoo 17 does."""
        exchange_moves = self.mapped("exchange_move_id")
        result = super().unlink()
        exchange_moves = exchange_moves.exists().filtered(lambda move: move.state == "posted")
        if exchange_moves:
            exchange_moves.sudo()._reverse_moves(
                [{"date": move.date, "ref": _("Reversal of: %s", move.name)} for move in exchange_moves], cancel=True)
        return result


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _exchange_lines_to_fix(self, ids: list[int], residuals: dict, data: dict) -> list[tuple]:
        """(line id, company-currency residual, date of the exchange) of the lines of ``ids``
        in a foreign currency that this matching left with nothing in their currency but an
        amount in the company's; the date is the latest of the lines matched together."""
        fixes = []
        latest = max(data[line_id].date for line_id in ids)
        for line_id in ids:
            row = data[line_id]
            residual, residual_currency = residuals[line_id]
            if row.currency_id and row.currency_id != row.company_currency_id and row.amount_residual_currency \
                    and not residual_currency and abs(residual) >= row.company_rounding / 2:
                fixes.append((line_id, residual, latest))
        return fixes

    def _settle_exchange_differences(self, fixes_per_group: list[list[tuple]], residuals: dict,
                                     data: dict) -> list[dict]:
        """Create and post the exchange entries of ``fixes_per_group`` (one per group with
        something to fix) and answer the partials matching each line with its settling line;
        ``residuals`` and ``data`` get the new lines."""
        groups = [fixes for fixes in fixes_per_group if fixes]
        company = self.env["res.company"].browse(data[groups[0][0][0]].company_id)
        journal, gain, loss = self._exchange_configuration(company)
        lock = company._get_user_fiscal_lock_date()
        lines = self.browse([fix[0] for fixes in groups for fix in fixes])
        partners = {line.id: line.partner_id.id for line in lines}
        move_vals = []
        for fixes in groups:
            date = fixes[0][2]
            if date <= lock:
                date = lock + datetime.timedelta(days=1)
            line_vals = []
            for line_id, residual, _date in fixes:
                row = data[line_id]
                common = {"name": _(EXCHANGE_LABEL), "currency_id": row.currency_id, "amount_currency": 0.0,
                          "partner_id": partners[line_id]}
                line_vals += [
                    Command.create({**common, "account_id": row.account_id, "balance": -residual}),
                    Command.create({**common, "account_id": (loss if residual > 0 else gain).id,
                                    "balance": residual}),
                ]
            move_vals.append({"move_type": "entry", "journal_id": journal.id, "company_id": company.id,
                              "date": date, "line_ids": line_vals})
        moves = self.env["account.move"].sudo().with_context(skip_invoice_sync=True).create(move_vals)
        moves._post(soft=False)
        settling = {}
        for move, fixes in zip(moves, groups):
            # the first line of each pair settles the matched line (create keeps the order)
            pairs = move.line_ids.sorted("id")
            for (line_id, _residual, _date), line in zip(fixes, pairs[0::2]):
                settling[line_id] = (line.id, move.id)
        data.update(self._reconcile_snapshot([line_id for line_id, _move in settling.values()]))
        partials = []
        for line_id, (fix_id, move_id) in settling.items():
            residual = residuals[line_id][0]
            debit, credit = (line_id, fix_id) if residual > 0 else (fix_id, line_id)
            partials.append({"debit_move_id": debit, "credit_move_id": credit, "amount": abs(residual),
                             "debit_amount_currency": 0.0, "credit_amount_currency": 0.0,
                             "max_date": max(data[line_id].date, data[fix_id].date),
                             "company_id": data[line_id].company_id, "exchange_move_id": move_id})
            residuals[line_id] = [0.0, 0.0]
            residuals[fix_id] = [0.0, 0.0]
        return partials

    def _exchange_configuration(self, company) -> tuple:
        """The company's exchange journal, gain and loss accounts, or why they are needed."""
        journal = company.currency_exchange_journal_id
        if not journal:
            raise UserError(_("You should configure the 'Exchange Gain or Loss Journal' in your company settings, "
                              "to manage automatically the booking of accounting entries related to differences "
                              "between exchange rates."))
        gain, loss = company.income_currency_exchange_account_id, company.expense_currency_exchange_account_id
        if not gain:
            raise UserError(_("You should configure the 'Gain Exchange Rate Account' in your company settings, to "
                              "manage automatically the booking of accounting entries related to differences "
                              "between exchange rates."))
        if not loss:
            raise UserError(_("You should configure the 'Loss Exchange Rate Account' in your company settings, to "
                              "manage automatically the booking of accounting entries related to differences "
                              "between exchange rates."))
        return journal, gain, loss
