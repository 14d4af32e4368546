"""Currencies (``res.currency``) and their rates per date and company (``res.currency.rate``):
symbol, position, the rounding amounts are kept to, and conversions between currencies."""
import functools
import math

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.float_utils import float_compare, float_is_zero, float_round


def _root(company):
    """The company at the top of ``company``'s branches: rates are shared by its branches."""
    while company.parent_id:
        company = company.parent_id
    return company


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
    rate = fields.Float("Current Rate", compute="_compute_current_rate", digits=0,
                        help="The rate of the currency to the currency of rate 1.")
    inverse_rate = fields.Float("Inverse Rate", compute="_compute_current_rate", digits=0,
                                help="The currency of rate 1 to the rate of the currency.")
    rate_string = fields.Char(compute="_compute_current_rate")
    rate_ids = fields.One2many("res.currency.rate", "currency_id", string="Rates")
    date = fields.Date(compute="_compute_date")
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

    def _get_rates(self, company, date) -> dict:
        """``{currency id: rate}`` of these currencies on ``date`` for ``company``: the latest
        rate at or before that date, the company's own before the shared ones (no company),
        1.0 for a currency without any."""
        if not self.ids:
            return {}
        self.env["res.currency.rate"].flush_model(["rate", "currency_id", "company_id", "name"])
        self.env.cr.execute(SQL("""
            SELECT c.id, COALESCE((
                SELECT r.rate FROM res_currency_rate r
                 WHERE r.currency_id = c.id AND r.name <= %s
                   AND (r.company_id IS NULL OR r.company_id = %s)
                 ORDER BY r.company_id, r.name DESC
                 LIMIT 1), 1.0)
              FROM res_currency c
             WHERE c.id IN %s""", date, _root(company).id, tuple(self.ids)))
        return dict(self.env.cr.fetchall())

    @api.depends("rate_ids.rate")
    @api.depends_context("to_currency", "date", "company", "company_id")
    def _compute_current_rate(self):
        # relative to the context's to_currency (else the company's currency), on the
        # context's date (else today)
        date = self.env.context.get("date") or fields.Date.context_today(self)
        company = self.env["res.company"].browse(self.env.context.get("company_id")) or self.env.company
        company = _root(company)
        to_currency = self.browse(self.env.context.get("to_currency")) or company.currency_id
        rates = (self | to_currency)._get_rates(company, date)
        for currency in self:
            currency.rate = (rates.get(currency.id) or 1.0) / (rates.get(to_currency.id) or 1.0)
            currency.inverse_rate = 1 / currency.rate
            currency.rate_string = "" if currency == company.currency_id else \
                f"1 {to_currency.name} = {currency.rate:.6f} {currency.name}"

    @api.depends("rate_ids.name")
    def _compute_date(self):
        for currency in self:
            currency.date = currency.rate_ids[:1].name

    @api.model
    def _get_conversion_rate(self, from_currency, to_currency, company=None, date=None) -> float:
        """How many ``to_currency`` one ``from_currency`` is worth for ``company`` on ``date``
        (the current company and today by default)."""
        if from_currency == to_currency:
            return 1
        company = company or self.env.company
        date = date or fields.Date.context_today(self)
        return from_currency.with_company(company).with_context(
            to_currency=to_currency.id, date=str(date)).inverse_rate

    def round(self, amount):
        """``amount`` rounded to this currency's rounding factor."""
        self.ensure_one()
        return float_round(amount, precision_rounding=self.rounding)

    def _amount_rounder(self):
        """A function rounding amounts as ``round`` does, for many amounts: the rounding
        factor read once (``round`` itself when a model extending this one overrides it)."""
        self.ensure_one()
        if type(self).round is not Currency.round:
            return self.round
        return functools.partial(float_round, precision_rounding=self.rounding)

    def compare_amounts(self, amount1, amount2):
        self.ensure_one()
        return float_compare(amount1, amount2, precision_rounding=self.rounding)

    def is_zero(self, amount):
        self.ensure_one()
        return float_is_zero(amount, precision_rounding=self.rounding)

    def _convert(self, from_amount, to_currency, company=None, date=None, round=True):
        """``from_amount`` of this currency in ``to_currency`` at the rates of ``company`` on
        ``date``, rounded to ``to_currency`` unless ``round`` is False."""
        source, target = self or to_currency, to_currency or self
        if not source or not target:
            raise ValueError("Converting an amount needs a currency to convert from and one to convert to.")
        if not from_amount:
            return 0.0
        amount = from_amount * self._get_conversion_rate(source, target, company, date)
        return target.round(amount) if round else amount


class CurrencyRate(models.Model):
    _name = "res.currency.rate"
    _description = "Currency Rate"
    _order = "name desc"

    name = fields.Date("Date", required=True, index=True, default=fields.Date.context_today)
    rate = fields.Float("Technical Rate", digits=0, default=1.0, group_operator="avg",
                        help="The rate of the currency to the currency of rate 1")
    company_rate = fields.Float(digits=0, compute="_compute_company_rate", inverse="_inverse_company_rate",
                                help="The currency of rate 1 in this currency, relative to the company's currency")
    inverse_company_rate = fields.Float(digits=0, compute="_compute_inverse_company_rate",
                                        inverse="_inverse_inverse_company_rate",
                                        help="This currency in the company's currency")
    currency_id = fields.Many2one("res.currency", "Currency", required=True, readonly=True, index=True,
                                  ondelete="cascade")
    company_id = fields.Many2one("res.company", "Company", default=lambda self: self.env.company.id)

    _sql_constraints = [
        ("unique_name_per_day", "unique (name,currency_id,company_id)", "Only one currency rate per day allowed!"),
        ("currency_rate_check", "CHECK (rate>0)", "The currency rate must be strictly positive."),
    ]

    def _company_currency_rate(self) -> float:
        """The rate of this rate's company currency on its date (what company_rate divides by)."""
        company = self.company_id or self.env.company
        currency = _root(company).currency_id
        return currency._get_rates(company, self.name or fields.Date.context_today(self)).get(currency.id) or 1.0

    @api.depends("rate", "name", "currency_id", "company_id")
    def _compute_company_rate(self):
        for rate in self:
            rate.company_rate = (rate.rate or 1.0) / rate._company_currency_rate()

    def _inverse_company_rate(self):
        for rate in self:
            rate.rate = rate.company_rate * rate._company_currency_rate()

    @api.depends("company_rate")
    def _compute_inverse_company_rate(self):
        for rate in self:
            rate.inverse_company_rate = 1.0 / rate.company_rate if rate.company_rate else 0.0

    def _inverse_inverse_company_rate(self):
        for rate in self:
            if rate.inverse_company_rate:
                rate.company_rate = 1.0 / rate.inverse_company_rate
