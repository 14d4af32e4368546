"""Template defaults and checks: category, units, product types, company currency."""
from __future__ import annotations

from odoo.exceptions import UserError, ValidationError

from .common import ProductCommon


class TestProductTemplate(ProductCommon):

    def test_defaults(self):
        template = self.env["product.template"].create({"name": "Test Plain"})
        self.assertEqual(template.categ_id, self.category_all)
        self.assertEqual(template.uom_id, self.uom_unit)
        self.assertEqual(template.uom_po_id, self.uom_unit)
        self.assertEqual(template.list_price, 1.0)
        self.assertEqual((template.type, template.detailed_type), ("consu", "consu"))
        self.assertTrue(template.sale_ok and template.purchase_ok and template.active)
        self.assertEqual(template.currency_id, self.env.company.currency_id)
        self.assertEqual(template.product_variant_count, 1)

    def test_purchase_unit_follows_the_unit(self):
        template = self.env["product.template"].create({"name": "Test Flour",
                                                        "uom_id": self.uom_kg.id})
        self.assertEqual(template.uom_po_id, self.uom_kg)
        template.uom_po_id = self.uom_gram
        template.uom_id = self.uom_gram          # same category: the purchase unit stays
        self.assertEqual(template.uom_po_id, self.uom_gram)
        template.write({"uom_id": self.uom_unit.id, "uom_po_id": self.uom_dozen.id})
        self.assertEqual(template.uom_po_id, self.uom_dozen)

    def test_units_of_one_category(self):
        with self.assertRaises(ValidationError):
            self.env["product.template"].create({"name": "Test Bad Units",
                                                 "uom_id": self.uom_unit.id,
                                                 "uom_po_id": self.uom_kg.id})

    def test_type_and_detailed_type_in_step(self):
        template = self.env["product.template"].create({"name": "Test Service",
                                                        "type": "service"})
        self.assertEqual(template.detailed_type, "service")
        template.detailed_type = "product"
        self.assertEqual(template.type, "product")

    def test_currency_of_the_company(self):
        eur = self.env.ref("base.EUR")
        company = self.env["res.company"].create({"name": "Test EUR Co", "currency_id": eur.id})
        template = self.env["product.template"].create({"name": "Test Euro Thing",
                                                        "company_id": company.id})
        self.assertEqual(template.currency_id, eur)

    def test_default_category_is_protected(self):
        with self.assertRaises(UserError):
            self.category_all.unlink()
        with self.assertRaises(UserError):          # a recursion (a ValidationError in Odoo)
            self.category_food.parent_id = self.category_fruit

    def test_category_product_count(self):
        self.assertEqual(self.category_food.product_count, 1)
        self.assertEqual(self.category_fruit.product_count, 1)

    def test_archiving_a_variant_archives_its_template(self):
        self.chair.toggle_active()
        self.assertFalse(self.chair.product_tmpl_id.active)
        self.chair.toggle_active()
        self.assertTrue(self.chair.product_tmpl_id.active)


class TestCostPerCompany(ProductCommon):

    def test_cost_and_partner_pricelist_are_per_company(self):
        other = self.env["res.company"].create({"name": "Second Shop Ltd"})
        self.apple.standard_price = 2.5
        self.assertEqual(self.apple.with_company(other).standard_price, 0.0)
        self.apple.with_company(other).standard_price = 3.75
        self.assertEqual(self.apple.standard_price, 2.5)
        self.assertEqual(self.apple.with_company(other).standard_price, 3.75)
        partner = self.env["res.partner"].create({"name": "Per-company customer"})
        special = self.env["product.pricelist"].create({"name": "Special", "company_id": False})
        partner.specific_property_product_pricelist = special
        self.assertEqual(partner.specific_property_product_pricelist, special)
        self.assertFalse(partner.with_company(other).specific_property_product_pricelist)
