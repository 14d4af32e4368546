"""compute_all remembers what it reads of taxes (account_tax_plan.py): a change of a tax,
its distribution or its tags is seen by the next computation."""
from __future__ import annotations

import gc

from odoo import Command

from .common import TaxTestCase


class TestTaxPlans(TaxTestCase):

    def test_changes_are_seen_by_the_next_computation(self):
        tax = self.tax(10)
        self.assertEqual(tax.compute_all(100.0)["total_included"], 110.0)
        tax.amount = 20
        self.assertEqual(tax.compute_all(100.0)["total_included"], 120.0)
        tax.price_include = True
        self.assertAlmostEqual(tax.compute_all(120.0)["total_excluded"], 100.0)
        tag = self.env["account.account.tag"].create({"name": "+21", "applicability": "taxes"})
        tax_line = tax.invoice_repartition_line_ids.filtered(lambda line: line.repartition_type == "tax")
        tax_line.tag_ids = [Command.set(tag.ids)]
        self.assertEqual(tax.compute_all(120.0)["taxes"][0]["tag_ids"], tag.ids)
        tax_line.factor_percent = 50
        # Odoo 17 applies the factor to the amount the checkpoint gives: 10.91 x 50%
        self.assertAlmostEqual(tax.compute_all(120.0)["taxes"][0]["amount"], 5.46)
        other = self.tax(5)
        group = self.group(tax | other)
        self.assertEqual(len(group.compute_all(120.0)["taxes"]), 2)
        group.children_tax_ids = [Command.set(other.ids)]
        self.assertEqual(len(group.compute_all(120.0)["taxes"]), 1)

    def test_an_inactive_child_counts_only_without_active_test(self):
        kept, archived = self.tax(10), self.tax(5)
        group = self.group(kept | archived)
        archived.active = False
        self.assertEqual(len(group.compute_all(100.0)["taxes"]), 1)
        self.assertEqual(len(group.with_context(active_test=False).compute_all(100.0)["taxes"]), 2)
        self.assertEqual(len(group.compute_all(100.0)["taxes"]), 1)

    def test_a_rolled_back_change_is_forgotten(self):
        tax = self.tax(10)
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            tax.amount = 30
            self.assertEqual(tax.compute_all(100.0)["total_included"], 130.0)
            raise ZeroDivisionError
        self.assertEqual(tax.compute_all(100.0)["total_included"], 110.0)

    def test_company_and_currency_settings_are_seen_by_the_next_computation(self):
        tax = self.tax(15)
        self.assertEqual(tax.compute_all(10.03)["taxes"][0]["amount"], 1.5)
        self.company.tax_calculation_rounding_method = "round_globally"
        self.assertAlmostEqual(tax.compute_all(10.03)["taxes"][0]["amount"], 1.5045, places=6)
        self.company.tax_calculation_rounding_method = "round_per_line"
        currency = self.company.currency_id
        self.assertEqual(tax.compute_all(10.03, currency=currency)["taxes"][0]["amount"], 1.5)
        currency.rounding = 0.1
        self.assertAlmostEqual(tax.compute_all(10.03, currency=currency)["taxes"][0]["amount"], 1.5)
        self.assertAlmostEqual(tax.compute_all(10.07, currency=currency)["total_included"], 11.6)


class TestComputeAllBatch(TaxTestCase):
    """``_compute_all_batch``: many lines at once, the answers of one call per line."""

    def test_same_answers_as_one_call_per_line(self):
        excluded, included = self.tax(15), self.tax(21, price_include=True)
        eco = self.tax(0.5, "fixed", include_base_amount=True, sequence=0)
        group = self.group(eco | excluded)
        partner = self.env["res.partner"].create({"name": "Batch customer"})
        lines = [(taxes, price, quantity) for taxes in (excluded, included, group, excluded.browse())
                 for price, quantity in ((10.0, 1.0), (3.33, 3.0), (-12.5, 2.0), (0.0, 1.0), (7.77, -1.0))]
        lines.append((group, 19.99, 2.0, None, partner))
        Tax = self.env["account.tax"]
        expected = [taxes.compute_all(line[1], quantity=line[2], partner=line[4] if len(line) > 3 else None)
                    for line in lines for taxes in [line[0]]]
        self.assertEqual(Tax._compute_all_batch(lines), expected)
        refunds = Tax._compute_all_batch([(included, 121.0, 1.0)], is_refund=True)
        self.assertEqual(refunds, [included.compute_all(121.0, is_refund=True)])
        self.assertEqual(refunds[0]["total_excluded"], 100.0)

    def test_collector_back_on_after_the_batch(self):
        self.assertTrue(gc.isenabled())
        self.env["account.tax"]._compute_all_batch([(self.tax(10), 1.0, 1.0)])
        self.assertTrue(gc.isenabled())
        gc.disable()
        try:
            self.env["account.tax"]._compute_all_batch([(self.tax(10), 1.0, 1.0)])
            self.assertFalse(gc.isenabled())
        finally:
            gc.enable()
