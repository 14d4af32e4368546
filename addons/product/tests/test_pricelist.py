"""Pricelist rules: which rule applies (target, quantity, dates) and the price it makes."""
from __future__ import annotations

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError

from .common import ProductCommon


class TestPricelist(ProductCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist = cls.env["product.pricelist"].create({"name": "Test Pricelist"})
        cls.now = fields.Datetime.now()

    def _rule(self, **values):
        return self.env["product.pricelist.item"].create({"pricelist_id": self.pricelist.id,
                                                          **values})

    def _price(self, product, quantity=1.0, **kwargs):
        return self.pricelist._get_product_price(product, quantity, **kwargs)

    def test_no_rule_gives_the_sales_price(self):
        self.assertEqual(self._price(self.chair), 100.0)
        self.assertEqual(self.pricelist._get_product_price_rule(self.chair, 1.0), (100.0, False))
        self.assertEqual(self.env["product.pricelist"]._get_product_price(self.chair, 1.0), 100.0)

    def test_global_percentage(self):
        rule = self._rule(compute_price="percentage", percent_price=10)
        self.assertEqual(rule.applied_on, "3_global")
        self.assertAlmostEqual(self._price(self.chair), 90.0)
        self.assertAlmostEqual(self._price(self.apple), 1.8)
        self.assertEqual(self.pricelist._get_product_rule(self.chair, 1.0), rule.id)
        prices = self.pricelist._get_products_price(self.chair | self.apple, 1.0)
        self.assertEqual(set(prices), {self.chair.id, self.apple.id})
        self.assertAlmostEqual(prices[self.chair.id], 90.0)

    def test_min_quantity(self):
        self._rule(applied_on="0_product_variant", product_id=self.chair.id, min_quantity=10,
                   compute_price="fixed", fixed_price=80.0)
        self.assertEqual(self._price(self.chair, 9), 100.0)
        self.assertEqual(self._price(self.chair, 10), 80.0)
        self.assertEqual(self._price(self.chair, 50), 80.0)

    def test_min_quantity_counts_in_the_product_unit(self):
        self._rule(product_id=self.chair.id, min_quantity=12, compute_price="fixed",
                   fixed_price=80.0)
        # one dozen is twelve units: the rule applies, and the price is per dozen
        self.assertAlmostEqual(self._price(self.chair, 1, uom=self.uom_dozen), 960.0)
        self.assertAlmostEqual(self._price(self.chair, 11), 100.0)

    def test_higher_min_quantity_first(self):
        self._rule(product_id=self.chair.id, min_quantity=5, compute_price="fixed",
                   fixed_price=95.0)
        self._rule(product_id=self.chair.id, min_quantity=20, compute_price="fixed",
                   fixed_price=85.0)
        self.assertEqual(self._price(self.chair, 4), 100.0)
        self.assertEqual(self._price(self.chair, 5), 95.0)
        self.assertEqual(self._price(self.chair, 25), 85.0)

    def test_dates(self):
        self._rule(compute_price="fixed", fixed_price=50.0,
                   date_start=self.now + timedelta(days=1), date_end=self.now + timedelta(days=3))
        self.assertEqual(self._price(self.chair), 100.0)
        self.assertEqual(self._price(self.chair, date=self.now + timedelta(days=2)), 50.0)
        self.assertEqual(self._price(self.chair, date=self.now + timedelta(days=4)), 100.0)
        self._rule(compute_price="fixed", fixed_price=70.0, date_end=self.now - timedelta(days=1))
        self.assertEqual(self._price(self.chair), 100.0)

    def test_dates_must_be_in_order(self):
        with self.assertRaises(ValidationError):
            self._rule(compute_price="fixed", fixed_price=1.0, date_start=self.now,
                       date_end=self.now - timedelta(hours=1))

    def test_fixed_price_per_other_unit(self):
        self._rule(product_id=self.apple.id, compute_price="fixed", fixed_price=3.0)
        self.assertEqual(self._price(self.apple), 3.0)
        self.assertAlmostEqual(self._price(self.apple, 500, uom=self.uom_gram), 0.003)

    def test_formula_discount_rounding_surcharge(self):
        self._rule(compute_price="formula", base="list_price", price_discount=15,
                   price_round=10, price_surcharge=-0.01)
        # 100 - 15% = 85, rounded to 90, then -0.01
        self.assertAlmostEqual(self._price(self.chair), 89.99)

    def test_formula_margins(self):
        rule = self._rule(compute_price="formula", base="standard_price", price_discount=-50,
                          price_min_margin=35, price_max_margin=100)
        # cost 60 + 50% = 90, but at least 60 + 35
        self.assertAlmostEqual(self._price(self.chair), 95.0)
        rule.write({"price_min_margin": 0, "price_max_margin": 20})
        self.assertAlmostEqual(self._price(self.chair), 80.0)
        with self.assertRaises(ValidationError):
            rule.write({"price_min_margin": 30, "price_max_margin": 20})

    def test_category_rule_covers_children(self):
        self._rule(applied_on="2_product_category", categ_id=self.category_food.id,
                   compute_price="percentage", percent_price=50)
        self.assertAlmostEqual(self._price(self.apple), 1.0)          # fruit is food
        self.assertEqual(self._price(self.chair), 100.0)              # furniture is not
        with self.assertRaises(ValidationError):
            self._rule(applied_on="2_product_category", compute_price="fixed", fixed_price=1)

    def test_most_specific_rule_wins(self):
        self._rule(compute_price="percentage", percent_price=10)
        self._rule(applied_on="2_product_category", categ_id=self.category_all.id,
                   compute_price="percentage", percent_price=20)
        self._rule(applied_on="1_product", product_tmpl_id=self.chair.product_tmpl_id.id,
                   compute_price="percentage", percent_price=30)
        self.assertAlmostEqual(self._price(self.chair), 70.0)
        self._rule(applied_on="0_product_variant", product_id=self.chair.id,
                   compute_price="percentage", percent_price=40)
        self.assertAlmostEqual(self._price(self.chair), 60.0)
        self.assertAlmostEqual(self._price(self.apple), 1.6)           # category rule

    def test_rules_on_templates(self):
        template = self.chair.product_tmpl_id
        self._rule(applied_on="0_product_variant", product_id=self.chair.id,
                   compute_price="fixed", fixed_price=42.0)
        # a template with that single variant takes the variant's rule
        self.assertEqual(self._price(template), 42.0)
        self.assertEqual(self.pricelist._get_products_price(template, 1.0), {template.id: 42.0})

    def test_based_on_another_pricelist(self):
        base = self.env["product.pricelist"].create({"name": "Test Base", "item_ids": [
            Command.create({"compute_price": "percentage", "percent_price": 10})]})
        self._rule(compute_price="formula", base="pricelist", base_pricelist_id=base.id,
                   price_discount=10)
        # 100 - 10% on the base pricelist, then - 10% again
        self.assertAlmostEqual(self._price(self.chair), 81.0)
        with self.assertRaises(ValidationError):
            self._rule(compute_price="formula", base="pricelist",
                       base_pricelist_id=self.pricelist.id)

    def test_variant_extra_price_in_base(self):
        size = self.env["product.attribute"].create({"name": "Test Size", "value_ids": [
            Command.create({"name": "S"}), Command.create({"name": "XL"})]})
        template = self.env["product.template"].create({
            "name": "Test Coat", "list_price": 100.0, "attribute_line_ids": [Command.create({
                "attribute_id": size.id, "value_ids": [Command.set(size.value_ids.ids)]})]})
        xl = template.attribute_line_ids.product_template_value_ids.filtered(
            lambda ptav: ptav.name == "XL")
        xl.price_extra = 20.0
        coat_xl = template.product_variant_ids.filtered(
            lambda product: xl in product.product_template_attribute_value_ids)
        self._rule(compute_price="percentage", percent_price=50)
        self.assertAlmostEqual(self._price(coat_xl), 60.0)

    def test_applied_on_clears_other_targets(self):
        rule = self._rule(applied_on="1_product", product_tmpl_id=self.chair.product_tmpl_id.id,
                          categ_id=self.category_food.id, compute_price="fixed", fixed_price=1)
        self.assertFalse(rule.categ_id)
        self.assertEqual(rule.name, "Product: [TCHAIR] Test Chair")
        rule.write({"applied_on": "3_global"})
        self.assertFalse(rule.product_tmpl_id)
        self.assertEqual(rule.name, "All Products")

    def test_partner_pricelist(self):
        partner = self.env["res.partner"].create({"name": "Test Customer"})
        default = self.env["product.pricelist"].search(
            [("company_id", "in", [self.env.company.id, False])], limit=1)
        self.assertEqual(partner.property_product_pricelist, default)
        partner.property_product_pricelist = self.pricelist
        self.assertEqual(partner.specific_property_product_pricelist, self.pricelist)
        partner.invalidate_recordset(["property_product_pricelist"])
        self.assertEqual(partner.property_product_pricelist, self.pricelist)

    def test_contextual_price(self):
        self._rule(product_id=self.chair.id, min_quantity=10, compute_price="fixed",
                   fixed_price=80.0)
        chair = self.chair.with_context(pricelist=self.pricelist.id)
        self.assertEqual(chair._get_contextual_price(), 100.0)
        self.assertEqual(chair.with_context(quantity=10)._get_contextual_price(), 80.0)
        self.assertAlmostEqual(chair.with_context(quantity=1, uom=self.uom_dozen.id)
                               ._get_contextual_price(), 960.0)
        self.assertEqual(self.chair.product_tmpl_id.with_context(
            pricelist=self.pricelist.id, quantity=12)._get_contextual_price(), 80.0)
        # no pricelist in the context: the sales price
        self.assertEqual(self.chair._get_contextual_price(), 100.0)

    def test_deeper_category_rule_first(self):
        self._rule(applied_on="2_product_category", categ_id=self.category_saleable.id,
                   compute_price="percentage", percent_price=10)
        self._rule(applied_on="2_product_category", categ_id=self.category_fruit.id,
                   compute_price="percentage", percent_price=25)
        self._rule(applied_on="2_product_category", categ_id=self.category_food.id,
                   compute_price="percentage", percent_price=50)
        self.assertAlmostEqual(self._price(self.apple), 1.5)          # fruit's rule
        bread = self.env["product.product"].create({"name": "Test Bread", "list_price": 4.0,
                                                   "categ_id": self.category_food.id})
        self.assertAlmostEqual(self._price(bread), 2.0)                # food's rule

    def test_fixed_price_shown_with_the_currency(self):
        rule = self._rule(compute_price="fixed", fixed_price=1234.5)
        currency = rule.currency_id
        amount = "1,234.50"
        expected = f"{currency.symbol}\N{NO-BREAK SPACE}{amount}" if currency.position == "before" \
            else f"{amount}\N{NO-BREAK SPACE}{currency.symbol}"
        self.assertEqual(rule.price, expected)

    def test_partner_pricelist_by_country_group(self):
        belgium = self.env["res.country"].create({"name": "Test Belgium", "code": "XB"})
        benelux = self.env["res.country.group"].create({"name": "Test Benelux",
                                                        "country_ids": [Command.link(belgium.id)]})
        local = self.env["product.pricelist"].create({
            "name": "Test Benelux Prices", "sequence": 1, "country_group_ids": [Command.link(benelux.id)]})
        here = self.env["res.partner"].create({"name": "Test Brussels", "country_id": belgium.id})
        elsewhere = self.env["res.partner"].create({"name": "Test Nowhere"})
        self.assertEqual(here.property_product_pricelist, local)
        self.assertNotEqual(elsewhere.property_product_pricelist, local)   # no country group
        self.assertFalse(elsewhere.property_product_pricelist.country_group_ids)
        self.assertEqual(belgium.country_group_ids, benelux)
        self.assertEqual(benelux.pricelist_ids, local)
