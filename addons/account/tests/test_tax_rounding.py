"""Rounding per line and globally, on currencies of 1.0, 0.05 and 0.01 (Odoo 17's figures)."""
from __future__ import annotations

from .common import TaxTestCase


class TestTaxRounding(TaxTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_units = cls.company_with_rounding(1.0, "XUN")
        cls.company_nickels = cls.company_with_rounding(0.05, "XNI")
        cls.tax_19 = cls.tax(19, company=cls.company_units)
        cls.tax_5 = cls.tax(5, company=cls.company_nickels, price_include=True)
        cls.tax_12 = cls.tax(12, price_include=True)
        cls.tax_21 = cls.tax(21, price_include=True)

    def test_excluded_round_per_line(self):
        self.company_units.tax_calculation_rounding_method = "round_per_line"
        self.assertComputeAll(self.tax_19.compute_all(22689), 27000, 22689, [(22689, 4311)])
        self.assertComputeAll(self.tax_19.compute_all(9176), 10919, 9176, [(9176, 1743)])

    def test_excluded_round_globally(self):
        self.company_units.tax_calculation_rounding_method = "round_globally"
        self.assertComputeAll(self.tax_19.compute_all(22689), 27000, 22689, [(22689, 4310.91)])
        self.assertComputeAll(self.tax_19.compute_all(9176), 10919, 9176, [(9176, 1743.44)])

    def test_included_round_per_line(self):
        self.tax_19.price_include = True
        self.company_units.tax_calculation_rounding_method = "round_per_line"
        self.assertComputeAll(self.tax_19.compute_all(27000), 27000, 22689, [(22689, 4311)])
        self.assertComputeAll(self.tax_19.compute_all(10920), 10920, 9176, [(9176, 1744)])

    def test_included_round_globally(self):
        self.tax_19.price_include = True
        self.company_units.tax_calculation_rounding_method = "round_globally"
        self.assertComputeAll(self.tax_19.compute_all(27000), 27000, 22689, [(22689, 4311)])
        self.assertComputeAll(self.tax_19.compute_all(10920), 10920, 9176, [(9176, 1744)])

    def test_twelve_percent_included(self):
        self.assertComputeAll(self.tax_12.compute_all(52.50), 52.50, 46.88, [(46.88, 5.62)])

    def test_twenty_one_percent_included_round_globally(self):
        self.company.tax_calculation_rounding_method = "round_globally"
        self.assertComputeAll(self.tax_21.compute_all(11.90), 11.90, 9.83, [(9.83, 2.07)])
        self.assertComputeAll(self.tax_21.compute_all(2.80), 2.80, 2.31, [(2.31, 0.49)])

    def test_nickel_currency(self):
        for method in ("round_per_line", "round_globally"):
            self.company_nickels.tax_calculation_rounding_method = method
            with self.subTest(method=method):
                self.assertComputeAll(self.tax_5.compute_all(5), 5, 4.75, [(4.75, 0.25)])
                self.assertComputeAll(self.tax_5.compute_all(10), 10, 9.5, [(9.5, 0.5)])
                self.assertComputeAll(self.tax_5.compute_all(50), 50, 47.6, [(47.6, 2.4)])

    def test_round_context_key_overrides_the_company(self):
        tax = self.tax(19)
        self.assertComputeAll(tax.with_context(round=False).compute_all(0.33), 0.39, 0.33, [(0.33, 0.0627)])
        self.company.tax_calculation_rounding_method = "round_globally"
        self.assertComputeAll(tax.with_context(round=True).compute_all(0.33), 0.39, 0.33, [(0.33, 0.06)])

    def test_given_currency_rounds_instead_of_the_company_one(self):
        units = self.company_units.currency_id
        self.assertComputeAll(self.tax(19).compute_all(9176, currency=units), 10919, 9176, [(9176, 1743)])
