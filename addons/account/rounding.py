"""Odoo's float rounding, for the amounts this addon computes.

Odoo rounds binary floats after nudging them by one unit in the last place of their
magnitude (so that 52.50 / 1.12 = 46.87499999999999 rounds to 46.88, the 46.875 it stands
for). ``odoo.tools.float_utils.float_round`` of this server rounds the float's shortest
decimal text instead (46.87); until the two agree, the tax computation, which must give
Odoo's figures to the cent, rounds with this function.
"""
from __future__ import annotations

import math

EPSILON_52 = 2.0 ** -52


def float_round(value: float, precision_rounding: float, rounding_method: str = "HALF-UP") -> float:
    """``value`` rounded to a multiple of ``precision_rounding``, as Odoo 17 does."""
    if not precision_rounding or not value:
        return 0.0
    normalized = value / precision_rounding
    # one unit in the last place of the value's magnitude: Odoo's 2 ** (log2(|n|) - 52),
    # written without the logarithm (the same nudge, a third of the time)
    epsilon = abs(normalized) * EPSILON_52
    sign = math.copysign(1.0, normalized)
    if rounding_method == "UP":
        rounded = math.ceil(abs(normalized) - epsilon) * sign
    elif rounding_method == "DOWN":
        rounded = math.floor(abs(normalized) + epsilon) * sign
    elif rounding_method == "HALF-EVEN":
        rounded = math.copysign(round(normalized), normalized)
    else:
        # HALF-UP: the nudge moves ties away from zero before Python's round()
        rounded = round(normalized + math.copysign(epsilon, normalized))
    return rounded * precision_rounding


def currency_round(currency, amount: float) -> float:
    return float_round(amount, currency.rounding)


def currency_is_zero(currency, amount: float) -> bool:
    return float_round(amount, currency.rounding) == 0.0
