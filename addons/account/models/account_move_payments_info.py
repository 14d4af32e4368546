"""What an invoice shows of its payments and of its payment terms: the payments matched
with it (``invoice_payments_widget``, listed by the "with payments" invoice report and the
form's widget) and its installments (``payment_term_details``), in Odoo 17's shapes.
"""
from __future__ import annotations

from odoo import api, fields, models
from odoo.tools.misc import format_date


class AccountMove(models.Model):
    _inherit = "account.move"

    invoice_payments_widget = fields.Binary(
        groups="account.group_account_invoice,account.group_account_readonly",
        compute="_compute_payments_widget_reconciled_info")
    payment_term_details = fields.Binary(compute="_compute_payment_term_details")
    show_payment_term_details = fields.Boolean(compute="_compute_payment_term_details")

    @api.depends("move_type", "line_ids.amount_residual", "line_ids.matched_debit_ids",
                 "line_ids.matched_credit_ids")
    def _compute_payments_widget_reconciled_info(self):
        for move in self:
            content = move._get_reconciled_info_JSON_values() \
                if move.state == "posted" and move.is_invoice(include_receipts=True) else []
            move.invoice_payments_widget = \
                {"title": "Less Payment", "outstanding": False, "content": content} if content else None

    def _get_reconciled_info_JSON_values(self) -> list[dict]:
        """One entry per matching of the invoice's receivable/payable lines: the amount it
        paid in the invoice's currency, and the entry that paid it (a payment, a credit
        note, an exchange difference: ``is_exchange``)."""
        self.ensure_one()
        values = []
        for line in self.line_ids.filtered(lambda line: line.display_type == "payment_term"):
            matchings = [(partial, partial.debit_move_id, partial.credit_amount_currency)
                         for partial in line.matched_debit_ids]
            matchings += [(partial, partial.credit_move_id, partial.debit_amount_currency)
                          for partial in line.matched_credit_ids]
            for partial, counterpart, amount in matchings:
                entry = counterpart.move_id
                is_exchange = entry == partial.exchange_move_id or \
                    entry == partial.full_reconcile_id.exchange_move_id
                values.append({
                    "name": counterpart.name, "journal_name": counterpart.journal_id.name,
                    "amount": amount if line.currency_id == self.currency_id else
                    self.company_id.currency_id._convert(partial.amount, self.currency_id,
                                                         self.company_id, counterpart.date),
                    "amount_company_currency": partial.amount,
                    "currency_id": self.currency_id.id, "date": fields.Date.to_string(counterpart.date),
                    "partial_id": partial.id, "account_payment_id": counterpart.payment_id.id,
                    "payment_method_name": False, "move_id": entry.id,
                    "ref": f"{entry.name} ({entry.ref})" if entry.ref else entry.name,
                    "is_exchange": is_exchange, "is_refund": entry.move_type in ("out_refund", "in_refund"),
                })
        return sorted(values, key=lambda value: (value["date"], value["partial_id"]))

    @api.depends("invoice_payment_term_id", "line_ids.date_maturity", "line_ids.amount_currency",
                 "currency_id")
    def _compute_payment_term_details(self):
        for move in self:
            term = move.invoice_payment_term_id
            lines = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
            if not (term and term.display_on_invoice and move.is_invoice(include_receipts=True)):
                move.payment_term_details, move.show_payment_term_details = None, False
                continue
            details = [{"date": format_date(move.env, line.date_maturity),
                        "amount": abs(line.amount_currency)}
                       for line in lines.sorted(lambda line: (line.date_maturity or fields.Date.today(),
                                                              line.id))]
            move.payment_term_details = details or None
            move.show_payment_term_details = len(details) > 1
