"""Float rounding and comparison at a given precision (``odoo.tools.float_utils``).

Rounding uses ``decimal`` with the three methods Odoo offers (HALF-UP, UP, DOWN) so that
amounts round the way accountants expect, not the way binary floats happen to fall.
"""
from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal

_METHODS = {"HALF-UP": ROUND_HALF_UP, "UP": ROUND_UP, "DOWN": ROUND_DOWN, "HALF-EVEN": ROUND_HALF_EVEN}


def _rounding(precision_digits: int | None, precision_rounding: float | None) -> Decimal:
    if (precision_digits is None) == (precision_rounding is None):
        raise ValueError("give exactly one of precision_digits and precision_rounding")
    if precision_rounding is not None:
        if precision_rounding <= 0:
            raise ValueError(f"precision_rounding must be positive, got {precision_rounding}")
        return Decimal(repr(precision_rounding))
    return Decimal(1).scaleb(-precision_digits)


def float_round(value: float, precision_digits: int | None = None,
                precision_rounding: float | None = None, rounding_method: str = "HALF-UP") -> float:
    """Round ``value`` to a number of digits or to a multiple of ``precision_rounding``."""
    if rounding_method not in _METHODS:
        raise ValueError(f"unknown rounding method {rounding_method!r}; use one of {sorted(_METHODS)}")
    step = _rounding(precision_digits, precision_rounding)
    if not value:
        return 0.0
    # repr() gives the shortest decimal that maps to the float: 2.675 stays 2.675, not 2.67499...
    units = (Decimal(repr(float(value))) / step).quantize(Decimal(1), rounding=_METHODS[rounding_method])
    return float(units * step)


def float_is_zero(value: float, precision_digits: int | None = None,
                  precision_rounding: float | None = None) -> bool:
    """True when ``value`` rounds to zero at the given precision."""
    return float_round(value, precision_digits, precision_rounding) == 0.0


def float_compare(value1: float, value2: float, precision_digits: int | None = None,
                  precision_rounding: float | None = None) -> int:
    """-1, 0 or 1 after rounding both values at the given precision."""
    a = float_round(value1, precision_digits, precision_rounding)
    b = float_round(value2, precision_digits, precision_rounding)
    delta = float_round(a - b, precision_digits, precision_rounding)
    return 0 if delta == 0 else (-1 if delta < 0 else 1)


def float_repr(value: float, precision_digits: int) -> str:
    """The value as text with exactly ``precision_digits`` decimals."""
    return f"{value:.{precision_digits}f}"


def float_split_str(value: float, precision_digits: int) -> tuple[str, str]:
    units, _, cents = float_repr(float_round(value, precision_digits), precision_digits).partition(".")
    return units, cents


def float_split(value: float, precision_digits: int) -> tuple[int, int]:
    units, cents = float_split_str(value, precision_digits)
    return int(units), int(cents or 0)


def json_float_round(value: float, precision_digits: int, rounding_method: str = "HALF-UP") -> float:
    rounded = float_round(value, precision_digits, rounding_method=rounding_method)
    return float(float_repr(rounded, precision_digits))


def float_is_finite(value: float) -> bool:
    return math.isfinite(value)
