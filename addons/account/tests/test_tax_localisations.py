"""Tax set-ups of a few localisations (Belgian fixed taxes, Indian percentages), with the
figures Odoo's tests give for them.

Later Odoo releases compute taxes with a new engine; where the two engines disagree
(price-included taxes mixed with base-affecting ones, all-included division taxes) the
figures here are those of 17.0's compute_all, which the 17.0 Point of Sale mirrors, and the
later ones are left out."""
from __future__ import annotations

from .common import TaxTestCase


class TestTaxLocalisations(TaxTestCase):

    def test_fixed_taxes_around_a_percentage(self):
        fixed_1, percent_21, fixed_2 = self.tax(1, "fixed"), self.tax(21), self.tax(2, "fixed")
        taxes = fixed_1 + percent_21 + fixed_2
        self.assertComputeAll(taxes.compute_all(20.0, quantity=5), 136.0, 100.0,
                              [(100.0, 5.0), (100.0, 21.0), (100.0, 10.0)])
        fixed_1.include_base_amount = True
        self.assertComputeAll(taxes.compute_all(19.0, quantity=5), 131.0, 95.0,
                              [(95.0, 5.0), (100.0, 21.0), (100.0, 10.0)])

    def test_percentages_affecting_each_other(self):
        tax_1, tax_2, tax_3 = self.tax(6), self.tax(6), self.tax(3)
        taxes = tax_1 + tax_2 + tax_3
        self.assertComputeAll(taxes.compute_all(100.0), 115.0, 100.0, [(100.0, 6.0), (100.0, 6.0), (100.0, 3.0)])
        tax_1.include_base_amount = True
        self.assertComputeAll(taxes.compute_all(100.0), 115.54, 100.0, [(100.0, 6.0), (106.0, 6.36), (106.0, 3.18)])
        tax_2.include_base_amount = True
        self.assertComputeAll(taxes.compute_all(100.0), 115.73, 100.0, [(100.0, 6.0), (106.0, 6.36), (112.36, 3.37)])
        tax_2.is_base_affected = False
        self.assertComputeAll(taxes.compute_all(100.0), 115.36, 100.0, [(100.0, 6.0), (100.0, 6.0), (112.0, 3.36)])

    def test_included_fixed_tax_affecting_the_base_on_a_zero_price(self):
        tax = self.tax(0.05, "fixed", price_include=True, include_base_amount=True)
        self.assertComputeAll(tax.compute_all(0.0), 0.0, -0.05, [(-0.05, 0.05)])

    def test_indian_included_percentages_of_one_rate_give_equal_amounts(self):
        india = self.env["res.company"].create({"name": "Indian Co"})
        # set on the partner: base's company create loses the name when given a country
        india.partner_id.country_id = self.env.ref("base.in")
        taxes = self.tax(6, company=india, price_include=True) + self.tax(6, company=india, price_include=True)
        self.assertComputeAll(taxes.compute_all(17.79), 17.79, 15.89, [(15.89, 0.95), (15.89, 0.95)])
        # elsewhere the last included tax takes the rounding difference
        others = self.tax(6, price_include=True) + self.tax(6, price_include=True)
        self.assertComputeAll(others.compute_all(17.79), 17.79, 15.88, [(15.88, 0.95), (15.88, 0.96)])
