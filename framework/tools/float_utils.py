"""Float rounding and comparison at a given precision (``odoo.tools.float_utils``).

The figures follow Odoo 17: the value is divided by the rounding step, nudged by an epsilon
proportional to its magnitude (one unit in the last place of a binary double, so that
52.50 / 1.12 = 46.87499999999999 rounds as the 46.875 it stands for), rounded to an integer
with the asked method, then multiplied back by the step.
"""
from __future__ import annotations

import math

ROUNDING_METHODS = ("HALF-UP", "HALF-EVEN", "UP", "DOWN")


def _rounding_step(precision_digits: int | None, precision_rounding: float | None) -> float:
    """The rounding step: ``10 ** -precision_digits`` or ``precision_rounding``."""
    if precision_digits is None and precision_rounding is None:
        raise ValueError("give one of precision_digits and precision_rounding")
    if precision_digits and precision_rounding:
        raise ValueError("give only one of precision_digits and precision_rounding")
    if precision_digits is not None:
        return 10 ** -precision_digits
    if precision_rounding < 0:
        raise ValueError(f"precision_rounding must be positive, got {precision_rounding}")
    return precision_rounding


def _round_half_away(value: float) -> float:
    """``value`` rounded to an integer, ties away from zero (Python 3's round() goes to even)."""
    floor = math.floor(abs(value))
    rounded = floor + 1 if abs(value) - floor >= 0.5 else floor
    return math.copysign(rounded, value)


EPSILON_52 = 2.0 ** -52


def float_round(value: float, precision_digits: int | None = None,
                precision_rounding: float | None = None, rounding_method: str = "HALF-UP") -> float:
    """``value`` rounded to ``precision_digits`` decimals or to a multiple of
    ``precision_rounding``, with ``rounding_method`` one of HALF-UP (ties away from zero),
    HALF-EVEN, UP (away from zero) or DOWN (towards zero)."""
    if rounding_method not in ROUNDING_METHODS:
        raise ValueError(f"unknown rounding method {rounding_method!r}; use one of {ROUNDING_METHODS}")
    step = _rounding_step(precision_digits, precision_rounding)
    if step == 0 or value == 0:
        return 0.0
    normalized = value / step
    sign = math.copysign(1.0, normalized)
    # one unit in the last place at the value's magnitude: enough to tip a tie that binary
    # floats stored just below (or above) it, too little to move any other value
    # (Odoo writes it 2 ** (log2(|n|) - 52); |n| * 2 ** -52 is the same, without the logarithm)
    epsilon = abs(normalized) * EPSILON_52
    if rounding_method == "UP":
        rounded = math.ceil(abs(normalized) - epsilon) * sign
    elif rounding_method == "DOWN":
        rounded = math.floor(abs(normalized) + epsilon) * sign
    elif rounding_method == "HALF-EVEN":
        rounded = math.copysign(round(normalized), normalized)
    else:
        rounded = _round_half_away(normalized + math.copysign(epsilon, normalized))
    return rounded * step


def float_is_zero(value: float, precision_digits: int | None = None,
                  precision_rounding: float | None = None) -> bool:
    """True when ``value`` rounds to less than one step of the given precision."""
    step = _rounding_step(precision_digits, precision_rounding)
    return abs(float_round(value, precision_rounding=step)) < step


def float_compare(value1: float, value2: float, precision_digits: int | None = None,
                  precision_rounding: float | None = None) -> int:
    """-1, 0 or 1 as ``value1`` is below, equal to or above ``value2`` once both are rounded
    at the given precision (0.006 and 0.002 differ at 2 digits: they round to 0.01 and 0)."""
    step = _rounding_step(precision_digits, precision_rounding)
    delta = float_round(value1, precision_rounding=step) - float_round(value2, precision_rounding=step)
    if float_is_zero(delta, precision_rounding=step):
        return 0
    return -1 if delta < 0.0 else 1


def float_repr(value: float, precision_digits: int) -> str:
    """The value as text with exactly ``precision_digits`` decimals (no rounding method:
    round with float_round first); a value that is zero at that precision is "0.00", not "-0.00"."""
    if float_is_zero(value, precision_digits=precision_digits):
        value = 0.0
    return f"{value:.{precision_digits}f}"


def float_split_str(value: float, precision_digits: int) -> tuple[str, str]:
    """The rounded value's units and decimals as text: (1.432, 2) -> ("1", "43");
    with 0 digits the decimals are ""."""
    text = float_repr(float_round(value, precision_digits=precision_digits), precision_digits)
    if not precision_digits:
        return text, ""
    units, cents = text.split(".")
    return units, cents


def float_split(value: float, precision_digits: int) -> tuple[int, int]:
    """float_split_str as integers (0 for the decimals when there are none)."""
    units, cents = float_split_str(value, precision_digits)
    return int(units), int(cents or 0)


def json_float_round(value: float, precision_digits: int, rounding_method: str = "HALF-UP") -> float:
    """The rounded value as the float whose shortest text is its rounded text (for JSON)."""
    rounded = float_round(value, precision_digits, rounding_method=rounding_method)
    return float(float_repr(rounded, precision_digits))


def float_is_finite(value: float) -> bool:
    return math.isfinite(value)
