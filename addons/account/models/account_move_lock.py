"""Lock dates (Odoo 17): a company's ``period_lock_date`` (for everyone but the advisers),
``fiscalyear_lock_date`` (for everyone) and ``tax_lock_date`` (entries that touch taxes).

Entries dated on or before a lock date the user is held to cannot be posted there, reset to
draft, edited in their amounts, accounts or partners, or deleted. An entry posted into a
locked period is moved to the first date the numbering allows after it, as Odoo does.
"""
from __future__ import annotations

import calendar
import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

# the line fields whose change touches a tax report, and those that touch the books
TAX_PROTECTED = ("balance", "debit", "credit", "tax_line_id", "tax_ids", "tax_tag_ids")
FISCAL_PROTECTED = TAX_PROTECTED + ("account_id", "journal_id", "amount_currency", "currency_id", "partner_id")


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_user_fiscal_lock_date(self) -> datetime.date:
        """The last locked date for the current user: the later of the two lock dates, or
        only the fiscal year's for an adviser (``account.group_account_manager``)."""
        self.ensure_one()
        lock_date = self.fiscalyear_lock_date or datetime.date.min
        period_lock = self.period_lock_date or datetime.date.min
        # the groups are asked only when the answer can change the date (not at each posting)
        if period_lock > lock_date and not self.user_has_groups("account.group_account_manager"):
            lock_date = period_lock
        return lock_date

    def write(self, vals):
        if vals.get("fiscalyear_lock_date"):
            self._validate_fiscalyear_lock(vals)
        return super().write(vals)

    def _validate_fiscalyear_lock(self, vals: dict) -> None:
        """No fiscal year lock over entries still in draft, nor over statement lines not
        reconciled (the period lock, which advisers pass, may leave drafts behind it)."""
        lock_date = fields.Date.to_date(vals["fiscalyear_lock_date"])
        domain = [("company_id", "in", self.ids), ("date", "<=", lock_date)]
        if self.env["account.move"].sudo().search_count(domain + [("state", "=", "draft")], limit=1):
            raise UserError("There are still unposted entries in the period you want to lock. You should "
                            "either post or delete them.")
        statement_lines = self.env["account.bank.statement.line"].sudo().search(domain)
        if statement_lines.filtered(lambda line: not line.is_reconciled):
            raise UserError("There are still unreconciled bank statement lines in the period you want to "
                            "lock. You should either reconcile or delete them.")


class AccountMove(models.Model):
    _inherit = "account.move"

    def _check_fiscalyear_lock_date(self) -> bool:
        """Refuse entries dated on or before the lock date the user is held to."""
        lock_dates = {}     # one look per company (and at the user's groups), not per entry
        for move in self:
            company = move.company_id
            if company.id not in lock_dates:
                lock_dates[company.id] = company._get_user_fiscal_lock_date()
            lock_date = lock_dates[company.id]
            if move.date and move.date <= lock_date:
                message = ("You cannot add/modify entries prior to and inclusive of the lock date "
                           f"{format_date(self.env, lock_date)}.")
                if not self.user_has_groups("account.group_account_manager"):
                    message += " Check the company settings or ask someone with the 'Adviser' role"
                raise UserError(message)
        return True

    def _affect_tax_report(self) -> bool:
        return any(line.tax_ids or line.tax_line_id or line.tax_tag_ids for line in self.line_ids)

    def _get_violated_lock_dates(self, invoice_date, has_tax: bool) -> list[tuple]:
        """``[(lock date, its name)]`` of the locks ``invoice_date`` falls in, earliest first."""
        locks = []
        user_lock_date = self.company_id._get_user_fiscal_lock_date()
        if invoice_date and invoice_date <= user_lock_date:
            locks.append((user_lock_date, "user"))
        tax_lock_date = self.company_id.tax_lock_date
        if invoice_date and has_tax and tax_lock_date and invoice_date <= tax_lock_date:
            locks.append((tax_lock_date, "tax"))
        locks.sort()
        return locks

    def _get_accounting_date(self, invoice_date, has_tax: bool) -> datetime.date:
        """The date an entry dated ``invoice_date`` is posted on: its own, or after the locks
        it falls in — for sales within the numbering's period after the lock, at the latest
        today; for the others at the end of the period, or today when it is that period."""
        lock_dates = self._get_violated_lock_dates(invoice_date, has_tax)
        today = fields.Date.context_today(self)
        if lock_dates:
            invoice_date = lock_dates[-1][0] + datetime.timedelta(days=1)
        yearly = self.journal_id.type in ("sale", "bank", "cash")   # see _get_starting_sequence_prefix
        numbered_before = bool(self.search_count([("journal_id", "=", self.journal_id.id), ("name", "!=", "/"),
                                                  ("posted_before", "=", True)], limit=1))
        if self.is_sale_document(True):
            if lock_dates:
                if not numbered_before or not yearly:
                    return min(today, _month_end(invoice_date))
                return min(today, invoice_date.replace(month=12, day=31))
        elif not numbered_before or not yearly:
            if (today.year, today.month) > (invoice_date.year, invoice_date.month):
                return _month_end(invoice_date)
            return max(invoice_date, today)
        else:
            if today.year > invoice_date.year:
                return datetime.date(invoice_date.year, 12, 31)
            return max(invoice_date, today)
        return invoice_date

    def _post(self, soft: bool = True):
        latest_locks = {}
        for move in self:
            if move.state != "draft" or not move.date:
                continue
            company = move.company_id
            if company.id not in latest_locks:
                latest_locks[company.id] = max(company._get_user_fiscal_lock_date(),
                                               company.tax_lock_date or datetime.date.min)
            if move.date > latest_locks[company.id]:
                continue
            has_tax = move._affect_tax_report()
            if move._get_violated_lock_dates(move.date, has_tax):
                move.with_context(skip_readonly_check=True).date = move._get_accounting_date(
                    move.invoice_date or move.date, has_tax)
        return super()._post(soft)

    def write(self, vals):
        if "state" in vals:
            # a posted entry leaves the books (reset to draft, cancelled) only outside the locks
            leaving = self.filtered(lambda move: move.state == "posted" and vals["state"] != "posted")
            leaving._check_fiscalyear_lock_date()
            leaving.mapped("line_ids")._check_tax_lock_date()
        result = super().write(vals)
        if "date" in vals or "state" in vals:
            posted = self.filtered(lambda move: move.state == "posted")
            posted._check_fiscalyear_lock_date()
            posted.mapped("line_ids")._check_tax_lock_date()
        return result


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _check_tax_lock_date(self) -> None:
        """Refuse changes to posted items with taxes dated on or before the tax lock date."""
        if not any(self.mapped("company_id.tax_lock_date")):
            return
        for line in self.filtered(lambda line: line.parent_state == "posted"):
            move = line.move_id
            tax_lock_date = move.company_id.tax_lock_date
            if tax_lock_date and move.date <= tax_lock_date and (line.tax_ids or line.tax_line_id):
                raise UserError("The operation is refused as it would impact an already issued tax statement. "
                                "Please change the journal entry date or the tax lock date set in the settings "
                                f"({format_date(self.env, tax_lock_date)}) to proceed.")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        posted = lines.filtered(lambda line: line.parent_state == "posted")
        if posted:
            posted.mapped("move_id")._check_fiscalyear_lock_date()
            posted._check_tax_lock_date()
        return lines

    def write(self, vals):
        # items of posted entries only: a draft dated in a locked period is moved out of it
        # when posted (Odoo moves a draft invoice's accounting date as soon as it is dated)
        fiscal = [fname for fname in FISCAL_PROTECTED if fname in vals and fname in self._fields]
        posted = self.filtered(lambda line: line.parent_state == "posted") if fiscal else self.browse()
        if posted and any(self._field_will_change(line, vals, fname) for line in posted for fname in fiscal):
            posted.mapped("move_id")._check_fiscalyear_lock_date()
            if any(fname in TAX_PROTECTED for fname in fiscal):
                posted._check_tax_lock_date()
        return super().write(vals)

    def unlink(self):
        self.mapped("move_id").filtered(lambda move: move.state == "posted")._check_fiscalyear_lock_date()
        self._check_tax_lock_date()
        return super().unlink()
