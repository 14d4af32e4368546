"""Currencies (``res.currency``): symbol, position and the rounding amounts are kept to."""
import math

from odoo import api, fields, models
from odoo.tools.float_utils import float_compare, float_is_zero, float_round


class Currency(models.Model):
    _name = "res.currency"
    _description = "Currency"
    _order = "active desc, name"

    name = fields.Char("Currency", size=3, required=True, help="Currency Code (ISO 4217)")
    full_name = fields.Char("Name")
    symbol = fields.Char(required=True, help="Currency sign, to be used when printing amounts.")
    rounding = fields.Float("Rounding Factor", digits=(12, 6), default=0.01)
    decimal_places = fields.Integer(compute="_compute_decimal_places", store=True)
    active = fields.Boolean(default=True)
    position = fields.Selection([("after", "After Amount"), ("before", "Before Amount")],
                                "Symbol Position", default="after")
    rate = fields.Float("Current Rate", compute="_compute_rate", digits=0)
    currency_unit_label = fields.Char("Currency Unit")
    currency_subunit_label = fields.Char("Currency Subunit")

    _sql_constraints = [
        ("unique_name", "unique (name)", "The currency code must be unique!"),
        ("rounding_gt_zero", "CHECK (rounding>0)", "The rounding factor must be greater than 0!"),
    ]

    @api.depends("rounding")
    def _compute_decimal_places(self):
        for currency in self:
            rounding = currency.rounding
            currency.decimal_places = int(math.ceil(math.log10(1 / rounding))) if 0 < rounding < 1 else 0

    def _compute_rate(self):
        for currency in self:
            currency.rate = 1.0

    def round(self, amount):
        """``amount`` rounded to this currency's rounding factor."""
        self.ensure_one()
        return float_round(amount, precision_rounding=self.rounding)

    def compare_amounts(self, amount1, amount2):
        self.ensure_one()
        return float_compare(amount1, amount2, precision_rounding=self.rounding)

    def is_zero(self, amount):
        self.ensure_one()
        return float_is_zero(amount, precision_rounding=self.rounding)

    def _convert(self, from_amount, to_currency, company=None, date=None, round=True):
        self.ensure_one()
        to_currency = to_currency or self
        amount = from_amount * (to_currency.rate / (self.rate or 1.0)) if self != to_currency else from_amount
        return to_currency.round(amount) if round else amount
