"""compute_all's line function written out per set of taxes (account_tax_line_code.py) gives
the walk's answers to the bit: the same figures, the same signs of zero, the same dicts."""
from __future__ import annotations

import itertools
from unittest.mock import patch

from odoo.addons.account.models.account_tax_computation import CompiledTaxes, compiled_taxes
from odoo.addons.account.models.account_tax_plan import COMPILED_KEY

from .common import TaxTestCase, repartition

PRICES = (0.0, 1.0, 10.0, 3.33, 0.005, 0.015, 2.675, 1.005, 99.995, 123456.789, -12.5, -0.005, 7.77, 100.0,
          121.0, 1.1, 0.3)
QUANTITIES = (1.0, 3.0, -1.0, 0.0, 2.5, 7)


class TestTaxLineCode(TaxTestCase):

    def assertSameAsWalk(self, taxes, written=True, **options):
        """compute_all of ``taxes`` on PRICES x QUANTITIES (and the options) equals the
        generic walk's answer, repr for repr; the written function is in use if ``written``."""
        currency = options.pop("currency", None)
        is_refund = options.pop("is_refund", False)
        compiled = compiled_taxes(taxes, currency, is_refund, False)
        walk = CompiledTaxes.compute.__get__(compiled)
        self.assertEqual(compiled.compute != walk, written)
        for price, quantity in itertools.product(PRICES, QUANTITIES):
            for multiplicator in (1, -1):
                args = (price, quantity, options.get("product"), options.get("partner"), multiplicator)
                with self.subTest(taxes=taxes.mapped("name"), price=price, quantity=quantity, m=multiplicator):
                    expected = walk(*args)
                    self.assertEqual(repr(compiled.compute(*args)), repr(expected))
                    self.assertEqual(repr(taxes.compute_all(price, currency=currency, quantity=quantity,
                                                            product=options.get("product"),
                                                            partner=options.get("partner"), is_refund=is_refund,
                                                            fixed_multiplicator=multiplicator)),
                                     repr(expected))
            self.assertEqual(repr(compiled.compute(price, 1.0, None, None, 1, False)),
                             repr(walk(price, 1.0, None, None, 1, False)))

    def tax_sets(self):
        """Sets of taxes mixing every kind and flag of the simple taxes."""
        account = self.env["account.account"].search([("company_id", "=", self.company.id)], limit=1)
        percent = self.tax(15)
        included = self.tax(21, price_include=True)
        division = self.tax(10, "division")
        included_division = self.tax(8, "division", price_include=True)
        fixed = self.tax(0.5, "fixed", include_base_amount=True, sequence=0)
        included_fixed = self.tax(1.0, "fixed", price_include=True, include_base_amount=True, sequence=0)
        affecting = self.tax(6, price_include=True, include_base_amount=True, sequence=2)
        unaffected = self.tax(5, is_base_affected=False, sequence=5)
        zero = self.tax(0, price_include=True)
        split = self.tax(20, **repartition(50, 50, account=account))
        uneven = self.tax(9, price_include=True, **repartition(70, 30, account=account))
        negative = self.tax(-10, **repartition(100, -100, account=account))
        hundred = self.tax(100, "division")
        return [percent, included, division, included_division, fixed, included_fixed, affecting, unaffected,
                zero, split, uneven, negative, hundred, percent.browse(),
                self.group(fixed | percent), included | affecting | unaffected,
                included_fixed | included | unaffected, affecting | percent | zero,
                included | included_division | split, fixed | included_fixed | uneven | negative,
                self.group(self.group(fixed | included) | affecting | unaffected),
                included | percent | affecting | unaffected | zero]

    def test_every_kind_and_flag(self):
        for taxes in self.tax_sets():
            self.assertSameAsWalk(taxes)
            self.assertSameAsWalk(taxes, is_refund=True)

    def test_rounding_settings(self):
        taxes = self.tax_sets()
        self.company.tax_calculation_rounding_method = "round_globally"
        for tax_set in taxes[::2]:
            self.assertSameAsWalk(tax_set)
        self.company.tax_calculation_rounding_method = "round_per_line"
        for context in ({"round": False}, {"round_base": False}, {"round": True, "round_base": False}):
            for tax_set in taxes[1::3]:
                self.assertSameAsWalk(tax_set.with_context(**context))
        swiss = self.company_with_rounding(0.05, "CH5")
        self.assertSameAsWalk(taxes[14], currency=swiss.currency_id)
        self.assertSameAsWalk(taxes[16], currency=swiss.currency_id)

    def test_partner_and_product(self):
        partner = self.env["res.partner"].create({"name": "Line code customer"})
        taxes = self.tax_sets()[-2]
        self.assertSameAsWalk(taxes, partner=partner)
        if "product.product" in self.env:
            product = self.env["product.product"].create({"name": "Line code product"})
            self.assertSameAsWalk(taxes, product=product)

    def test_forced_price_include(self):
        for taxes in self.tax_sets()[:6]:
            self.assertSameAsWalk(taxes.with_context(force_price_include=True))

    def test_india_keeps_the_walk(self):
        india = self.env["res.country"].search([("code", "=", "IN")], limit=1)
        if not india:
            india = self.env["res.country"].create({"name": "India", "code": "IN"})
        company = self.env["res.company"].create({"name": "Line code India", "country_id": india.id})
        cgst = self.tax(9, price_include=True, company=company)
        sgst = self.tax(9, price_include=True, company=company)
        self.assertSameAsWalk(cgst | sgst, written=False)

    def test_changes_are_seen(self):
        tax = self.tax(10)
        self.assertEqual(tax.compute_all(100.0)["total_included"], 110.0)
        tax.amount = 12
        self.assertEqual(tax.compute_all(100.0)["total_included"], 112.0)
        tax.price_include = True
        self.assertEqual(tax.compute_all(112.0)["total_excluded"], 100.0)

    def test_a_second_call_reuses_the_compiled_taxes(self):
        tax = self.tax(10)
        currency = self.company.currency_id
        tax.compute_all(1.0, currency=currency, is_refund=True)
        memo = self.env.transaction.memo[COMPILED_KEY]
        size = len(memo)
        # compute_all finds them itself, without asking compiled_taxes
        with patch("odoo.addons.account.models.account_tax.compiled_taxes",
                   side_effect=AssertionError("looked up again")):
            self.assertEqual(tax.compute_all(2.0, currency=currency, is_refund=True)["total_included"], 2.2)
        self.assertEqual(len(memo), size)
