"""Which currency an amount is in, and rounding amounts to it (``fields.Monetary``).

As Odoo 17: an amount created or written is rounded to the currency given with the same
values, or reached through the first link of a related currency field given with them
(``currency_id`` related to ``order_id.currency_id``, ``order_id`` given), else to the
record's own currency; an amount assigned is rounded to the record's currency; an amount
without a currency is kept as it is. Each currency's rounding is read once per call
(``res.currency._amount_rounder``), and the currencies of many rows are read together.
"""
from __future__ import annotations

import math
from collections import defaultdict

from ..tools.float_utils import EPSILON_52, float_round

#: "the values say nothing of the currency" (None is a currency left empty)
NOT_GIVEN = object()


def currency_field_of(field, model):
    """The currency many2one of monetary ``field`` on ``model``, or None."""
    name = field.get_currency_field(model)
    return model._fields.get(name) if name else None


def rounders(env, currency_ids) -> dict:
    """``{currency id: function rounding an amount to it}`` for the ids given (None and
    duplicates skipped), the currencies read together."""
    ids = [i for i in dict.fromkeys(currency_ids) if i]
    if not ids:
        return {}
    # kept for the transaction by the rounding factor and decimal places they were made with
    # (a currency whose rounding changes gets a new one): a create of one row asks no record
    transaction = env.transaction
    memo = transaction.memo.setdefault("amount_rounders", {})
    currency_fields = env.registry.models["res.currency"]._fields
    roundings = transaction.cached_values(currency_fields["rounding"])
    places = transaction.cached_values(currency_fields["decimal_places"])
    found, missing = {}, []
    for currency_id in ids:
        rounder = memo.get((currency_id, roundings.get(currency_id), places.get(currency_id)))
        if rounder is None:
            missing.append(currency_id)
        else:
            found[currency_id] = rounder
    if not missing:
        return found
    for currency in env["res.currency"].sudo().browse(missing):
        rounder = found[currency.id] = _exact_rounder(currency)
        memo[currency.id, currency.rounding, currency.decimal_places] = rounder
    return found


def _exact_rounder(currency):
    """``currency.round`` as a function, giving the float of the rounded amount written
    with the currency's decimal places (12.35, not 12.350000000000001): the value the
    numeric column keeps, as Odoo writes it (``float_repr``), and reads back."""
    round_amount = currency._amount_rounder()
    places = max(currency.decimal_places, 0)
    scale = 10 ** places
    step = currency.rounding
    units = round(step * scale)
    if getattr(round_amount, "func", None) is not float_round or units <= 0 or \
            abs(units - step * scale) > 1e-6 or places > 15:
        # ``round`` overridden, or a rounding finer than its decimal places: through text
        return lambda amount: float(f"{round_amount(amount):.{places}f}")

    def rounder(amount: float) -> float:
        # float_round's HALF-UP (the same nudge of one unit in the last place), the count of
        # steps then divided by a power of ten: the double nearest the decimal amount
        normalized = amount / step
        size = abs(normalized) * (1.0 + EPSILON_52)
        whole = math.floor(size)
        if size - whole >= 0.5:
            whole += 1
        return math.copysign(whole * units, normalized) / scale
    return rounder


def records_rounder(field, records, strict: bool = True):
    """The rounding of the currency of ``records`` (None without one). Records in several
    currencies: ValueError when ``strict`` (as Odoo refuses to assign them one amount),
    else None."""
    currency_field = currency_field_of(field, records)
    if currency_field is None or not records._ids:
        return None
    transaction = records.env.transaction
    cached = transaction.cached_values(currency_field, records.env)
    try:
        ids = {cached[record_id] for record_id in records._ids}
    except KeyError:
        ids = set(transaction.get_values(records.sudo(), currency_field))
    ids.discard(None)
    if len(ids) > 1:
        if strict:
            raise ValueError(f"Got multiple currencies while assigning values of monetary field {field}")
        return None
    return rounders(records.env, ids).get(ids.pop()) if ids else None


def written_currency(field, records, vals: dict):
    """The id of the currency ``vals`` gives the amount of ``field`` (None: no currency),
    or NOT_GIVEN when they do not say."""
    currency_field = currency_field_of(field, records)
    if currency_field is None:
        return None
    if currency_field.name in vals:
        return currency_field.convert_to_cache(vals[currency_field.name], records, validate=False)
    hop = _first_link(currency_field)
    if hop is None or hop.name not in vals:
        return NOT_GIVEN
    start = hop.convert_to_cache(vals[hop.name], records, validate=False)
    return _follow(records.env, currency_field, [start])[0]


def round_created_rows(model, fields: list, rows: list[dict], others: list[dict]) -> None:
    """Round the amounts of ``fields`` in ``rows`` (cache values by name, about to be
    inserted) to the currency each row gives, directly or through the first link of a
    related currency field (``others``: the row's values that are no columns)."""
    memo = model._class_memo("monetary")
    plan = memo.get("plan")
    if plan is None:            # the amounts by currency field, once per model
        by_currency: dict = defaultdict(list)
        for field in fields:
            currency_field = currency_field_of(field, model)
            if currency_field is not None:
                by_currency[currency_field].append(field.name)
        plan = memo["plan"] = [(currency_field, tuple(names)) for currency_field, names in by_currency.items()]
    for currency_field, names in plan:
        if not any(row.get(name) for row in rows for name in names):
            continue                # no amount to round (none given, or all zero)
        currency_ids = _row_currencies(model, currency_field, rows, others)
        found = rounders(model.env, currency_ids)
        if not found:
            continue
        memos: dict = {currency_id: {} for currency_id in found}
        for row, currency_id in zip(rows, currency_ids):
            rounder = found.get(currency_id)
            if rounder is None:
                continue
            memo = memos[currency_id]
            for name in names:
                value = row.get(name)
                if value:
                    rounded = memo.get(value)
                    if rounded is None:
                        rounded = memo[value] = rounder(value)
                    row[name] = rounded


def _row_currencies(model, currency_field, rows: list[dict], others: list[dict]) -> list:
    """The currency id (or None) each row gives; the first links given are followed for all
    the rows at once."""
    name = currency_field.name
    hop = _first_link(currency_field)
    result: list = []
    starts: dict[int, object] = {}          # row index -> first link's id
    for index, (row, other) in enumerate(zip(rows, others)):
        if name in row:
            result.append(row[name])
        elif name in other:
            result.append(currency_field.convert_to_cache(other[name], model, validate=False))
        else:
            result.append(None)
            if hop is not None:
                if hop.name in row:
                    starts[index] = row[hop.name]
                elif hop.name in other:
                    starts[index] = hop.convert_to_cache(other[hop.name], model, validate=False)
    if starts:
        for index, currency_id in zip(starts, _follow(model.env, currency_field, list(starts.values()))):
            result[index] = currency_id
    return result


def _first_link(currency_field):
    """The first field of a related currency field's path, when the path goes on from it
    through relational fields (None otherwise)."""
    chain = currency_field._related_fields if currency_field.related else ()
    if len(chain) < 2 or chain[0].type != "many2one":
        return None
    return chain[0]


def _follow(env, currency_field, starts: list) -> list:
    """The currency id reached from each id of ``starts`` (records of the first link's
    comodel) along the rest of the related path; each step read once for all."""
    chain = currency_field._related_fields
    reached = list(starts)
    model = env[chain[0].comodel_name].sudo()
    transaction = env.transaction
    for step in chain[1:]:
        distinct = [i for i in dict.fromkeys(reached) if i]
        values = dict(zip(distinct, transaction.get_values(model.browse(distinct), step)))
        reached = [_single(values[i]) if i else None for i in reached]
        if getattr(step, "comodel_name", None):
            model = env[step.comodel_name].sudo()
    return reached


def _single(value):
    """A cache value of a relational step as one id (an x2many's first), or None."""
    if isinstance(value, tuple):
        return value[0] if value else None
    return value or None
