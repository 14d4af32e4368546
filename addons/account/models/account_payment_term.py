"""Payment terms (``account.payment.term``): when an invoice's amount falls due, in parts."""
from __future__ import annotations

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountPaymentTerm(models.Model):
    _name = "account.payment.term"
    _description = "Payment Terms"
    _order = "sequence, id"

    name = fields.Char("Payment Terms", translate=True, required=True)
    active = fields.Boolean(default=True)
    note = fields.Html("Description on the Invoice", translate=True)
    line_ids = fields.One2many("account.payment.term.line", "payment_id", "Terms", copy=True)
    company_id = fields.Many2one("res.company", "Company")
    sequence = fields.Integer(required=True, default=10)
    display_on_invoice = fields.Boolean("Show installment dates", default=True)
    early_discount = fields.Boolean("Early Discount")
    discount_percentage = fields.Float("Discount %", default=2)
    discount_days = fields.Integer("Discount Days", default=10)
    early_pay_discount_computation = fields.Selection(
        [("included", "On early payment"), ("excluded", "Never"), ("mixed", "Always (upon invoice)")],
        "Cash Discount Tax Reduction", default="included")

    @api.constrains("line_ids", "early_discount")
    def _check_lines(self):
        for terms in self:
            percents = sum(line.value_amount for line in terms.line_ids if line.value == "percent")
            if terms.line_ids and round(percents, 6) != 100:
                raise ValidationError("The Payment Term must have at least one percent line and the "
                                      "sum of the percent must be 100%.")
            if terms.early_discount and terms.discount_percentage <= 0:
                raise ValidationError("The Early Payment Discount must be strictly positive.")

    def _compute_terms(self, date_ref, total_currency: float, total_balance: float, currency,
                       company_currency) -> list[tuple]:
        """The installments of a total: (due date, amount in currency, amount in company
        currency) per term line, the last one taking what the rounding left."""
        self.ensure_one()
        result, left_currency, left_balance = [], total_currency, total_balance
        lines = self.line_ids.sorted(lambda line: (line.id,))
        for index, line in enumerate(lines):
            due = line._get_due_date(date_ref)
            if index == len(lines) - 1:
                amount_currency, balance = left_currency, left_balance
            elif line.value == "fixed":
                sign = -1 if total_currency < 0 else 1
                amount_currency = sign * currency.round(line.value_amount)
                balance = sign * company_currency.round(line.value_amount)
            else:
                amount_currency = currency.round(total_currency * line.value_amount / 100.0)
                balance = company_currency.round(total_balance * line.value_amount / 100.0)
            left_currency -= amount_currency
            left_balance -= balance
            result.append((due, amount_currency, balance))
        return result or [(date_ref, total_currency, total_balance)]
