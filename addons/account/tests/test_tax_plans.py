"""compute_all remembers what it reads of taxes (account_tax_plan.py): a change of a tax,
its distribution or its tags is seen by the next computation."""
from __future__ import annotations

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

    def test_a_rolled_back_change_is_forgotten(self):
        tax = self.tax(10)
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            tax.amount = 30
            self.assertEqual(tax.compute_all(100.0)["total_included"], 130.0)
            raise ZeroDivisionError
        self.assertEqual(tax.compute_all(100.0)["total_included"], 110.0)
