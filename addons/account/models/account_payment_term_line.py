"""One installment of a payment term (``account.payment.term.line``)."""
from __future__ import annotations

import calendar
import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountPaymentTermLine(models.Model):
    _name = "account.payment.term.line"
    _description = "Payment Terms Line"
    _order = "id"

    value = fields.Selection([("percent", "Percent"), ("fixed", "Fixed")], "Type", required=True,
                             default="percent")
    value_amount = fields.Float("Due", digits=(16, 2), default=100.0)
    delay_type = fields.Selection(
        [("days_after", "Days after invoice date"),
         ("days_after_end_of_month", "Days after end of month"),
         ("days_after_end_of_next_month", "Days after end of next month"),
         ("days_end_of_month_on_the", "Days end of month on the")],
        required=True, default="days_after")
    nb_days = fields.Integer("Days", readonly=False, default=0)
    days_next_month = fields.Char(default="10")
    payment_id = fields.Many2one("account.payment.term", "Payment Terms", required=True, index=True,
                                 ondelete="cascade")

    @api.constrains("value", "value_amount")
    def _check_percent(self):
        for line in self:
            if line.value == "percent" and (line.value_amount < 0.0 or line.value_amount > 100.0):
                raise ValidationError("Percentages on the Payment Terms lines must be between 0 and "
                                      "100.")

    @api.constrains("nb_days")
    def _check_positive(self):
        if any(line.nb_days < 0 for line in self):
            raise ValidationError("The Months and Days of the Payment Terms lines must be positive.")

    def _get_due_date(self, date_ref: datetime.date) -> datetime.date:
        """When this installment falls due for an invoice dated ``date_ref``."""
        self.ensure_one()
        if self.delay_type == "days_after_end_of_month":
            return _end_of_month(date_ref) + datetime.timedelta(days=self.nb_days)
        if self.delay_type == "days_after_end_of_next_month":
            return _end_of_month(_end_of_month(date_ref) + datetime.timedelta(days=1)) + \
                datetime.timedelta(days=self.nb_days)
        if self.delay_type == "days_end_of_month_on_the":
            after = date_ref + datetime.timedelta(days=self.nb_days)
            first_next = _end_of_month(after) + datetime.timedelta(days=1)
            day = min(int(self.days_next_month or 1), calendar.monthrange(first_next.year, first_next.month)[1])
            return first_next.replace(day=day)
        return date_ref + datetime.timedelta(days=self.nb_days)


def _end_of_month(date: datetime.date) -> datetime.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])
