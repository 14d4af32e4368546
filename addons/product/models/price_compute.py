"""``_price_compute`` of templates and variants: one walk for both (the sales price with the
attributes' extra, the cost in the cost currency, then the unit and the currency asked)."""
from __future__ import annotations

from odoo import fields


def compute_prices(records, price_type, uom=None, currency=None, company=None, date=False,
                   cost_fallback=None) -> dict:
    """``{record id: price}`` of ``price_type`` for templates or variants; ``cost_fallback``
    gives a cost to records that have none of their own (a template: its first variant's)."""
    company = company or records.env.company
    date = date or fields.Date.context_today(records)
    priced = records.with_company(company)
    if price_type == "standard_price":
        priced = priced.sudo()         # the cost is hidden from portal users
    prices = dict.fromkeys(records.ids, 0.0)
    for record in priced:
        price = record[price_type] or 0.0
        price_currency = record.currency_id
        if price_type == "standard_price":
            if not price and cost_fallback:
                price = cost_fallback(record)
            price_currency = record.cost_currency_id
        elif price_type == "list_price":
            price += record._get_attributes_extra_price()
        if uom:
            price = record.uom_id._compute_price(price, uom)
        if currency:
            price = price_currency._convert(price, currency, company, date)
        prices[record.id] = price
    return prices
