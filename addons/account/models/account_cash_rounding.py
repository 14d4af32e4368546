"""Cash rounding (``account.cash.rounding``): totals rounded to the smallest coin in use."""
from __future__ import annotations

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round


class AccountCashRounding(models.Model):
    _name = "account.cash.rounding"
    _description = "Account Cash Rounding"

    name = fields.Char(translate=True, required=True)
    rounding = fields.Float("Rounding Precision", required=True, default=0.01,
                            help="Represent the non-zero value smallest coinage (for example, 0.05).")
    strategy = fields.Selection([("biggest_tax", "Modify tax amount"), ("add_invoice_line", "Add a rounding line")],
                                "Rounding Strategy", default="add_invoice_line", required=True)
    profit_account_id = fields.Many2one("account.account", "Profit Account", company_dependent=True)
    loss_account_id = fields.Many2one("account.account", "Loss Account", company_dependent=True)
    rounding_method = fields.Selection([("UP", "Up"), ("DOWN", "Down"), ("HALF-UP", "Nearest")],
                                       required=True, default="HALF-UP")

    @api.constrains("rounding")
    def validate_rounding(self):
        for record in self:
            if record.rounding <= 0:
                raise ValidationError("Please set a strictly positive rounding value.")

    def round(self, amount: float) -> float:
        """``amount`` rounded to this rounding's precision, with its method."""
        return float_round(amount, precision_rounding=self.rounding, rounding_method=self.rounding_method)

    def compute_difference(self, currency, amount: float) -> float:
        """What rounding ``amount`` (in ``currency``) adds: rounded(amount) - amount."""
        amount = currency.round(amount)
        return currency.round(self.round(amount) - amount)
