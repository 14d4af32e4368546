"""``account.tax.compute_all`` on the cases of Odoo 17's test_tax.py (same inputs, same
figures) and a few of our own."""
from __future__ import annotations

from odoo.exceptions import ValidationError

from .common import TaxTestCase, repartition


class TestComputeAll(TaxTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fixed_tax = cls.tax(10, "fixed", sequence=1)
        cls.fixed_tax_bis = cls.tax(15, "fixed", sequence=2)
        cls.percent_tax = cls.tax(10, sequence=3)
        cls.percent_tax_bis = cls.tax(10, sequence=4)
        cls.division_tax = cls.tax(10, "division", sequence=4)
        cls.group_tax = cls.group(cls.fixed_tax + cls.percent_tax, sequence=5)
        cls.group_tax_bis = cls.group(cls.fixed_tax + cls.percent_tax, sequence=6)
        cls.group_tax_percent = cls.group(cls.percent_tax + cls.percent_tax_bis, sequence=6)
        cls.group_of_group_tax = cls.group(cls.group_tax + cls.group_tax_bis, sequence=7)

    def test_group_of_group_tax(self):
        self.fixed_tax.include_base_amount = True
        self.assertComputeAll(self.group_of_group_tax.compute_all(200.0), 263, 200, [
            (200.0, 10.0), (210.0, 21.0), (210.0, 10.0), (220.0, 22.0)])

    def test_group_tax(self):
        self.assertComputeAll(self.group_tax.compute_all(200.0), 230, 200, [(200.0, 10.0), (200.0, 20.0)])

    def test_group_percent_forced_price_include(self):
        result = self.group_tax_percent.with_context(force_price_include=True).compute_all(100.0)
        self.assertComputeAll(result, 100, 83.33, [(83.33, 8.33), (83.33, 8.34)])

    def test_percent_and_division(self):
        self.division_tax.write({"price_include": True, "include_base_amount": True})
        self.assertComputeAll(self.division_tax.compute_all(200.0), 200, 180, [(180.0, 20.0)])
        self.assertComputeAll(self.percent_tax.compute_all(100.0), 110, 100, [(100.0, 10.0)])
        self.division_tax.write({"price_include": False, "include_base_amount": False})
        self.assertComputeAll(self.division_tax.compute_all(180.0), 200, 180, [(180.0, 20.0)])
        self.percent_tax.write({"price_include": True, "include_base_amount": True})
        self.assertComputeAll(self.percent_tax.compute_all(110.0), 110, 100, [(100.0, 10.0)])
        self.percent_tax_bis.write({"price_include": True, "include_base_amount": True, "amount": 21})
        self.assertComputeAll(self.percent_tax_bis.compute_all(7.0), 7.0, 5.79, [(5.79, 1.21)])

    def test_taxes_follow_their_sequence(self):
        self.division_tax.sequence = 1
        self.fixed_tax.sequence = 2
        self.percent_tax.sequence = 3
        self.assertComputeAll((self.group_tax | self.division_tax).compute_all(200.0), 252.22, 200, [
            (200.0, 22.22), (200.0, 10.0), (200.0, 20.0)])

    def test_fixed_tax_include_base_amount(self):
        self.fixed_tax.include_base_amount = True
        self.assertComputeAll(self.group_tax.compute_all(200.0), 231, 200, [(200.0, 10.0), (210.0, 21.0)])
        self.fixed_tax.write({"price_include": True, "include_base_amount": False})
        self.assertComputeAll(self.fixed_tax.compute_all(100.0, quantity=2.0), 200, 180, [(180.0, 20.0)])

    def test_percent_tax_price_included(self):
        self.percent_tax.write({"price_include": True, "amount": 21.0})
        self.assertComputeAll(self.percent_tax.compute_all(7.0), 7.0, 5.79, [(5.79, 1.21)])
        self.percent_tax.amount = 20.0
        self.assertComputeAll(self.percent_tax.compute_all(399.99), 399.99, 333.33, [(333.33, 66.66)])

    def test_six_decimals_currency(self):
        self.company.currency_id.rounding = 0.000001
        self.percent_tax.write({"price_include": True, "amount": 21.0})
        self.assertComputeAll(self.percent_tax.compute_all(7.0), 7.0, 5.785124, [(5.785124, 1.214876)])
        self.percent_tax.amount = 20.0
        self.assertComputeAll(self.percent_tax.compute_all(399.999999), 399.999999, 333.333333,
                              [(333.333333, 66.666666)])

    def test_five_taxes_in_sequence_split_in_halves(self):
        values = repartition(50.0, 50.0)
        taxes = (self.tax(10, price_include=True, include_base_amount=True, sequence=1, **values)
                 + self.tax(10, sequence=2, **values)
                 + self.tax(10, price_include=True, sequence=3, **values)
                 + self.tax(10, sequence=4, **values)
                 + self.tax(10, price_include=True, sequence=5, **values))
        expected = [(100.0, 5.0)] * 2 + [(110.0, 5.5)] * 8
        self.assertComputeAll(taxes.compute_all(132.0), 154, 100, expected)
        self.assertComputeAll(taxes.compute_all(-132.0), -154, -100, [(-b, -a) for b, a in expected])

    def test_intracommunity_tax_plus_and_minus_100(self):
        tax = self.tax(21, **repartition(100.0, -100.0))
        self.assertComputeAll(tax.compute_all(100.0), 100, 100, [(100.0, 21.0), (100.0, -21.0)])
        self.assertComputeAll(tax.compute_all(-100.0), -100, -100, [(-100.0, -21.0), (-100.0, 21.0)])
        included = self.tax(21, price_include=True, **repartition(100.0, -100.0))
        self.assertComputeAll(included.compute_all(100.0), 100, 100, [(100.0, 21.0), (100.0, -21.0)])

    def test_rounding_spread_over_distribution_lines(self):
        tax = self.tax(3, **repartition(50.0, 50.0, 50.0, 50.0, 50.0, 50.0))
        expected = [(1.0, 0.01)] * 3 + [(1.0, 0.02)] * 3
        self.assertComputeAll(tax.compute_all(1.0), 1.09, 1, expected)
        self.assertComputeAll(tax.compute_all(-1.0), -1.09, -1, [(-b, -a) for b, a in expected])

    def test_rounding_spread_with_negative_lines(self):
        tax = self.tax(3, **repartition(50.0, -50.0, 25.0, 25.0, -25.0, -25.0))
        expected = [(1.0, 0.02), (1.0, -0.02), (1.0, 0.01), (1.0, 0.01), (1.0, -0.01), (1.0, -0.01)]
        self.assertComputeAll(tax.compute_all(1.0), 1, 1, expected)
        self.assertComputeAll(tax.compute_all(-1.0), -1, -1, [(-b, -a) for b, a in expected])

    def test_is_base_affected(self):
        taxes = (self.tax(6, include_base_amount=True, is_base_affected=True, sequence=0)
                 + self.tax(6, include_base_amount=True, is_base_affected=False, sequence=1)
                 + self.tax(10, include_base_amount=False, is_base_affected=True, sequence=2))
        result = taxes.compute_all(100.0)
        self.assertComputeAll(result, 123.2, 100.0, [(100.0, 6.0), (100.0, 6.0), (112.0, 11.2)])
        # only a tax that accepts an enlarged base is named on the lines enlarging it
        self.assertEqual([line["tax_ids"] for line in result["taxes"]], [taxes[2].ids, taxes[2].ids, []])

    def test_mixing_included_and_excluded_taxes_affecting_the_base(self):
        fixed = self.tax(10.0, "fixed", include_base_amount=True)
        included = self.tax(21.0, price_include=True, include_base_amount=True)
        self.assertComputeAll((fixed + included).compute_all(1210), 1222.1, 1000.0,
                              [(1000.0, 10.0), (1010.0, 212.1)])

    def test_included_tax_whose_distribution_sums_to_zero(self):
        tax = self.tax(42, price_include=True, **repartition(100.0, -100.0))
        self.assertComputeAll(tax.compute_all(100), 100, 100, [(100, 42), (100, -42)])

    def test_included_taxes_eight_and_zero_percent_in_either_order(self):
        eight = self.tax(8, price_include=True)
        zero = self.tax(0, price_include=True)
        for taxes in (eight | zero, zero | eight):
            amounts = {line["id"]: line["amount"] for line in taxes.compute_all(15.55, quantity=8.0)["taxes"]}
            self.assertComputeAll(taxes.compute_all(15.55, quantity=8.0), 124.40, 115.19,
                                  [(115.19, amounts[t.id]) for t in taxes])
            self.assertEqual((amounts[eight.id], amounts[zero.id]), (9.21, 0.0))

    # -- our own cases -----------------------------------------------------------------------

    def test_result_shape(self):
        account = self.env.ref(f"account.{self.company.id}_tax_received")
        tax = self.tax(15, **repartition(100.0, account=account), tax_exigibility="on_invoice")
        result = self.group(tax).compute_all(100.0, quantity=2)
        self.assertEqual(set(result), {"base_tags", "taxes", "total_excluded", "total_included", "total_void"})
        (line,) = result["taxes"]
        self.assertEqual(set(line), {"id", "name", "amount", "base", "sequence", "account_id", "analytic",
                                     "use_in_tax_closing", "price_include", "tax_exigibility",
                                     "tax_repartition_line_id", "group", "tag_ids", "tax_ids"})
        self.assertEqual((line["id"], line["amount"], line["base"], line["account_id"]),
                         (tax.id, 30.0, 200.0, account.id))
        self.assertTrue(line["use_in_tax_closing"])
        self.assertEqual(line["tax_repartition_line_id"],
                         tax.invoice_repartition_line_ids.filtered(lambda l: l.repartition_type == "tax").id)
        self.assertEqual(line["group"].amount_type, "group")
        # with an account on the tax line nothing is void; without one, everything is
        self.assertEqual((result["total_included"], result["total_void"]), (230.0, 200.0))
        no_account = self.tax(15).compute_all(100.0)
        self.assertEqual(no_account["total_void"], 115.0)

    def test_refund_uses_the_refund_distribution(self):
        received = self.env.ref(f"account.{self.company.id}_tax_received")
        paid = self.env.ref(f"account.{self.company.id}_tax_paid")
        tax = self.tax(10)
        tax.invoice_repartition_line_ids.filtered(lambda l: l.repartition_type == "tax").account_id = received
        tax.refund_repartition_line_ids.filtered(lambda l: l.repartition_type == "tax").account_id = paid
        invoice, refund = tax.compute_all(50.0), tax.compute_all(50.0, is_refund=True)
        self.assertEqual(invoice["taxes"][0]["account_id"], received.id)
        self.assertEqual(refund["taxes"][0]["account_id"], paid.id)
        self.assertEqual(refund["taxes"][0]["tax_repartition_line_id"],
                         tax.refund_repartition_line_ids.filtered(lambda l: l.repartition_type == "tax").id)
        self.assertEqual((refund["total_included"], refund["taxes"][0]["amount"]), (55.0, 5.0))

    def test_fixed_tax_follows_the_sign_and_the_quantity(self):
        fixed = self.tax(2.5, "fixed")
        self.assertComputeAll(fixed.compute_all(10.0, quantity=3), 37.5, 30.0, [(30.0, 7.5)])
        self.assertComputeAll(fixed.compute_all(10.0, quantity=-3), -37.5, -30.0, [(-30.0, -7.5)])
        # a zero price keeps the quantity's sign
        self.assertComputeAll(fixed.compute_all(0.0, quantity=-2), -5.0, 0.0, [(0.0, -5.0)])

    def test_without_handling_included_taxes_the_price_is_the_base(self):
        tax = self.tax(10, price_include=True)
        self.assertComputeAll(tax.compute_all(100.0, handle_price_include=False), 110.0, 100.0, [(100.0, 10.0)])

    def test_empty_taxes_round_the_line(self):
        result = self.env["account.tax"].compute_all(10.005, quantity=3)
        self.assertEqual((result["total_excluded"], result["total_included"], result["taxes"]),
                         (30.02, 30.02, []))

    def test_flatten_taxes_hierarchy(self):
        a, d, f = (self.tax(1, sequence=1), self.tax(4, sequence=4), self.tax(6, sequence=6))
        c, e = self.tax(3, sequence=3), self.tax(5, sequence=5)
        g = self.tax(7, sequence=7)
        b = self.group(a + d + f, sequence=2)
        flat, groups = (g + b + e + c).flatten_taxes_hierarchy(create_map=True)
        self.assertEqual(flat, a + d + f + c + e + g)
        self.assertEqual({tax.amount: group for tax, group in groups.items()}, {1: b, 4: b, 6: b})

    def test_fix_tax_included_price(self):
        included = self.tax(10, price_include=True)
        excluded = self.tax(5)
        Tax = self.env["account.tax"]
        self.assertAlmostEqual(Tax._fix_tax_included_price(110.0, included, Tax), 100.0)
        self.assertAlmostEqual(Tax._fix_tax_included_price(110.0, included, included), 110.0)
        self.assertAlmostEqual(Tax._fix_tax_included_price(110.0, excluded, Tax), 110.0)
        other = self.company_with_rounding(0.01, "XOC")
        foreign = self.tax(10, price_include=True, company=other)
        self.assertAlmostEqual(Tax._fix_tax_included_price_company(110.0, included + foreign, Tax, self.company), 100.0)
        self.assertAlmostEqual(Tax._fix_tax_included_price_company(110.0, foreign, Tax, self.company), 110.0)

    def test_default_distribution_lines(self):
        tax = self.tax(12)
        for lines in (tax.invoice_repartition_line_ids, tax.refund_repartition_line_ids):
            self.assertEqual(sorted(lines.mapped("repartition_type")), ["base", "tax"])
            self.assertEqual(lines.mapped("factor_percent"), [100.0, 100.0])
        self.assertEqual(set(tax.invoice_repartition_line_ids.mapped("document_type")), {"invoice"})
        self.assertEqual(set(tax.refund_repartition_line_ids.mapped("document_type")), {"refund"})
        self.assertEqual(len(tax.repartition_line_ids), 4)

    def test_mismatched_distributions_are_refused(self):
        values = repartition(50.0, 50.0)
        values["refund_repartition_line_ids"] = repartition(100.0)["refund_repartition_line_ids"]
        with self.assertRaises(ValidationError):
            self.tax(10, **values)

    def test_a_group_cannot_contain_itself(self):
        with self.assertRaises(ValidationError):
            self.group_tax.children_tax_ids = [(4, self.group_of_group_tax.id)]

    def test_tax_names_unique_per_company_and_use(self):
        self.tax(10, name="VAT 10", type_tax_use="sale")
        self.tax(10, name="VAT 10", type_tax_use="purchase")
        self.tax(10, name="VAT 10", type_tax_use="sale", company=self.company_with_rounding(0.01, "XVA"))
        with self.assertRaises(ValidationError):
            self.tax(10, name="VAT 10", type_tax_use="sale")

    def test_tags_and_cash_basis(self):
        Tag = self.env["account.account.tag"]
        base_tag, tax_tag, later_base_tag = (Tag.create({"name": name, "applicability": "taxes"})
                                             for name in ("+base", "+tax", "+later base"))
        transition = self.env.ref(f"account.{self.company.id}_current_liabilities")
        received = self.env.ref(f"account.{self.company.id}_tax_received")
        first = self.tax(10, include_base_amount=True, sequence=1)
        for line in first.invoice_repartition_line_ids:
            line.tag_ids = base_tag if line.repartition_type == "base" else tax_tag
        later = self.tax(5, sequence=2, tax_exigibility="on_payment",
                         cash_basis_transition_account_id=transition.id, **repartition(100.0, account=received))
        later.invoice_repartition_line_ids.filtered(lambda l: l.repartition_type == "base").tag_ids = later_base_tag

        result = (first + later).compute_all(100.0)
        self.assertEqual(result["base_tags"], base_tag.ids)
        first_line, later_line = result["taxes"]
        # the cash basis tax's base tag is left out until the payment, and its amount waits
        # on the transition account
        self.assertEqual((first_line["tag_ids"], first_line["tax_ids"]), (tax_tag.ids, later.ids))
        self.assertEqual((later_line["account_id"], later_line["tag_ids"]), (transition.id, []))
        self.assertEqual((later_line["base"], later_line["amount"]), (110.0, 5.5))

        with_caba = (first + later).compute_all(100.0, include_caba_tags=True)
        self.assertEqual(sorted(with_caba["base_tags"]), sorted((base_tag | later_base_tag).ids))
        self.assertEqual(sorted(with_caba["taxes"][0]["tag_ids"]), sorted((tax_tag | later_base_tag).ids))
        self.assertEqual(with_caba["taxes"][1]["account_id"], received.id)
        # a refund takes the refund lines, which carry no tags here
        self.assertEqual((first + later).compute_all(100.0, is_refund=True)["base_tags"], [])

    def test_fixed_multiplicator_scales_fixed_taxes_only(self):
        taxes = self.tax(2, "fixed") + self.tax(10)
        self.assertComputeAll(taxes.compute_all(10.0, quantity=2, fixed_multiplicator=3), 34.0, 20.0,
                              [(20.0, 12.0), (20.0, 2.0)])
        # on a zero base the multiplicator's sign gives the sign of the result
        self.assertEqual(taxes.compute_all(0.0, quantity=1, fixed_multiplicator=-1)["total_included"], -2.0)

    def test_json_friendly_compute_all_takes_ids(self):
        tax = self.tax(10)
        result = tax.json_friendly_compute_all(-50.0, currency_id=self.company.currency_id.id,
                                               partner_id=self.env.ref("base.main_partner").id)
        refund_line = tax.refund_repartition_line_ids.filtered(lambda l: l.repartition_type == "tax")
        self.assertEqual((result["total_included"], result["taxes"][0]["tax_repartition_line_id"]),
                         (-55.0, refund_line.id))

    def test_copy_keeps_the_distribution(self):
        tax = self.tax(3, **repartition(50.0, 50.0))
        duplicate = tax.copy()
        self.assertEqual(duplicate.name, f"{tax.name} (Copy)")
        self.assertEqual(sorted(duplicate.invoice_repartition_line_ids.mapped("factor_percent")), [50.0, 50.0, 100.0])
        self.assertEqual(len(duplicate.refund_repartition_line_ids), 3)
        self.assertFalse(duplicate.repartition_line_ids & tax.repartition_line_ids)
