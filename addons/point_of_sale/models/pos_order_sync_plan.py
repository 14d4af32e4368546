"""What the plan of one ``create_from_ui`` call reads once (``pos_order_sync_batch.py``):
currencies, rates, taxes, methods, costs, line defaults, and the cache converters of the
fields it fills; and the parsing helpers of the client's values."""
from __future__ import annotations

import datetime as _datetime

from odoo import fields

from .pos_till_facts import till_facts


class PlanContext:
    """What the plan of one call reads once: currencies, rates, taxes, methods, defaults, and
    the cache converters of the fields it fills."""

    def __init__(self, orders, draft: bool) -> None:
        self.env = orders.env
        self.draft = draft
        self._rates: dict = {}
        self.line_defaults = orders.env["pos.order.line"].default_get(["qty", "price_unit", "discount"])
        self._taxes: dict = {}
        self._currencies: dict = {}
        self._converters: dict = {}
        self._datetimes: dict = {}
        self._session_rates: dict = {}
        self._rate_sources: dict = {}       # session id: (company, till currency)
        self._rounders: dict = {}
        self._companies: dict = {}
        self._method_ids: dict = {}
        self._line_converters = None
        self._products = orders.env["product.product"]
        self._product_records: dict = {}
        self._costs: dict = {}
        self.product_ids: set = set()       # the products of the call's lines (set by the plan)

    def currency(self, session):
        found = self._currencies.get(session.id)
        if found is None:
            till_facts(session.config_id)       # what is read of the till, known since an earlier call
            found = self._currencies[session.id] = \
                session.config_id.currency_id or session.company_id.currency_id
        return found

    def rate(self, session, date) -> float:
        """``pos.order.currency_rate`` of an order of ``session`` on ``date`` (its compute's
        answer, asked once per company, currency and day)."""
        day = fields.Datetime.to_datetime(date).date() if date else fields.Date.context_today(session)
        found = self._session_rates.get((session.id, day))
        if found is None:
            # (a call's orders span a few days at most: the session's company and till
            # currency are read once, the rate once per day)
            company, currency = self._rate_sources.get(session.id) or self._rate_sources.setdefault(
                session.id, (session.company_id, session.config_id.currency_id))
            key = (company.id, currency.id, day)
            if key not in self._rates:
                self._rates[key] = self.env["res.currency"].sudo()._get_conversion_rate(
                    company.currency_id, currency, company, day)
            found = self._session_rates[(session.id, day)] = self._rates[key]
        return found

    def rounder(self, currency):
        """``(a function rounding as currency.round, currency.rounding)`` for the amounts of
        the call, each currency's asked once (``res.currency._amount_rounder``)."""
        found = self._rounders.get(currency.id)
        if found is None:
            currency.ensure_one()
            found = self._rounders[currency.id] = (currency._amount_rounder(), currency.rounding)
        return found

    def company_id(self, session) -> int:
        found = self._companies.get(session.id)
        if found is None:
            found = self._companies[session.id] = session.company_id.id
        return found

    def method_ids(self, config) -> frozenset:
        found = self._method_ids.get(config.id)
        if found is None:
            found = self._method_ids[config.id] = till_facts(config).method_ids
        return found

    def line_converters(self) -> tuple:
        """``(name, cache converter)`` of the line fields the plan fills from the client's."""
        if self._line_converters is None:
            lines = self.env["pos.order.line"]
            self._line_converters = tuple((name, self.converter(lines, name))
                                          for name in ("qty", "price_unit", "discount"))
        return self._line_converters

    def line_amount_converters(self) -> tuple:
        """The cache converters of the lines' subtotals without and with taxes."""
        lines = self.env["pos.order.line"]
        return self.converter(lines, "price_subtotal"), self.converter(lines, "price_subtotal_incl")

    def taxes(self, ids: tuple):
        if ids not in self._taxes:
            self._taxes[ids] = self.env["account.tax"].browse(ids)
        return self._taxes[ids]

    def known_costs(self, costs: dict) -> None:
        """``{company id: {product id: unit cost}}`` read with the plan's other reads."""
        self._costs.update(costs)

    def unit_cost(self, session, product_id: int) -> float:
        """The cost of one unit of a product in its company's currency (the costs of all the
        call's products read at once per company)."""
        company_id = self.company_id(session)
        costs = self._costs.get(company_id)
        if costs is None:
            costs = self._costs[company_id] = self.env["pos.order.line"]._real_time_unit_costs(
                self._products.browse(list(self.product_ids)), None, session.company_id, None)
        return costs.get(product_id, 0.0)

    def product(self, product_id: int):
        found = self._product_records.get(product_id)
        if found is None:
            found = self._product_records[product_id] = self._products.browse(product_id)
        return found

    def converter(self, model, fname: str):
        """The field's cache converter, made once per call (it reads the digits once)."""
        key = (model._name, fname)
        found = self._converters.get(key)
        if found is None:
            found = self._converters[key] = model._fields[fname].cache_converter(model)
        return found

    def cached(self, model, fname: str, value):
        """``value`` as the field keeps it (rounded to its digits)."""
        return self.converter(model, fname)(value)

    def datetime(self, model, fname: str, value):
        """A datetime value as the field keeps it, each distinct text parsed once per call
        (``YYYY-MM-DD HH:MM:SS`` by ``fromisoformat``, the same datetime ``strptime`` gives)."""
        if not isinstance(value, str):
            return self.cached(model, fname, value)
        found = self._datetimes.get(value)
        if found is None:
            found = _iso_datetime(value)
            if found is None:
                found = self.cached(model, fname, value)
            self._datetimes[value] = found
        return found


def _iso_datetime(text: str):
    """The datetime of ``YYYY-MM-DD HH:MM:SS`` (digits only, the server's format), else None."""
    if len(text) != 19 or text[4] != "-" or text[7] != "-" or text[10] != " " or text[13] != ":" \
            or text[16] != ":" or not (text[:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16]
                                       + text[17:]).isdigit() or not text.isascii():
        return None
    try:
        return _datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def set_ids(value) -> tuple | None:
    """The tax ids a line's ``[(6, 0, ids)]`` sets (empty for none), else None."""
    if not value:
        return ()
    if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], (list, tuple)) \
            and len(value[0]) == 3 and value[0][0] == 6 and isinstance(value[0][2], (list, tuple)):
        ids = value[0][2]
        if all(type(i) is int for i in ids) or \
                all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            return tuple(dict.fromkeys(ids))
    return None
