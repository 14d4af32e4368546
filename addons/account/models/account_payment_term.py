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
