"""Odoo 17's float rounding: normalise, nudge by one ulp of the magnitude, round, scale back."""
from __future__ import annotations

import pytest

from framework.tools.float_utils import (
    float_compare,
    float_is_zero,
    float_repr,
    float_round,
    float_split,
    float_split_str,
)


def test_a_tie_stored_just_below_rounds_as_the_tie_it_stands_for():
    # 52.50 / 1.12 is 46.87499999999999 in binary: Odoo gives 46.88
    assert float_round(52.50 / 1.12, precision_rounding=0.01) == 46.88
    assert float_round(2.675, precision_digits=2) == 2.68
    assert float_round(-2.675, precision_digits=2) == -2.68


@pytest.mark.parametrize("value, method, expected", [
    (1.5, "HALF-UP", 2.0), (-1.5, "HALF-UP", -2.0), (2.5, "HALF-UP", 3.0),
    (2.5, "HALF-EVEN", 2.0), (3.5, "HALF-EVEN", 4.0), (-2.5, "HALF-EVEN", -2.0),
    (1.1, "UP", 2.0), (-1.1, "UP", -2.0), (1.0, "UP", 1.0),
    (1.9, "DOWN", 1.0), (-1.9, "DOWN", -1.0),
])
def test_the_four_rounding_methods(value, method, expected):
    assert float_round(value, precision_digits=0, rounding_method=method) == expected


def test_up_and_down_ignore_the_binary_noise_of_an_exact_multiple():
    # 0.1 * 3 = 0.30000000000000004: already a multiple of 0.1, UP must not add a step
    assert float_round(0.1 * 3, precision_digits=1, rounding_method="UP") == pytest.approx(0.3)
    assert float_round(1.15 * 100, precision_digits=0, rounding_method="DOWN") == 115.0


def test_rounding_to_a_coin_step():
    assert float_round(1.3, precision_rounding=0.5) == 1.5
    assert float_round(1.23, precision_rounding=0.05) == pytest.approx(1.25)
    assert float_round(0.0, precision_rounding=0.01) == 0.0


def test_precision_is_required_once_and_methods_are_checked():
    with pytest.raises(ValueError):
        float_round(1.0)
    with pytest.raises(ValueError):
        float_round(1.0, precision_digits=2, precision_rounding=0.01)
    with pytest.raises(ValueError):
        float_round(1.0, 2, rounding_method="SIDEWAYS")


def test_zero_and_comparison_round_first():
    assert float_is_zero(0.004, precision_digits=2)
    assert not float_is_zero(0.005, precision_digits=2)
    assert float_compare(1.432, 1.431, precision_digits=2) == 0
    assert float_compare(0.006, 0.002, precision_digits=2) == 1
    assert float_compare(46.875, 52.50 / 1.12, precision_rounding=0.01) == 0


def test_text_forms():
    assert float_repr(1.5, 2) == "1.50"
    assert float_repr(-0.001, 2) == "0.00"
    assert float_split_str(1.432, 2) == ("1", "43")
    assert float_split_str(1.49, 1) == ("1", "5")
    assert float_split_str(1.12, 0) == ("1", "")
    assert float_split(1.12, 0) == (1, 0)
