"""The data and demo data of the addon are installed as Odoo's."""
from __future__ import annotations

from odoo.tests.common import TransactionCase


class TestDemoData(TransactionCase):

    def test_categories(self):
        saleable = self.env.ref("product.product_category_1")
        self.assertEqual(saleable.complete_name, "All / Saleable")
        self.assertEqual(saleable.display_name, "All / Saleable")
        self.assertEqual(self.env.ref("product.product_category_5").complete_name,
                         "All / Saleable / Office Furniture")

    def test_desk_variants(self):
        desk = self.env.ref("product.product_product_4_product_template")
        self.assertEqual(desk.product_variant_count, 4)
        self.assertEqual(self.env.ref("product.product_product_4").display_name,
                         "[FURN_0096] Customizable Desk (Steel, White)")

    def test_desk_prices(self):
        desk = self.env.ref("product.product_product_4_product_template")
        self.assertEqual(desk.list_price, 750.0)
        aluminium = self.env.ref("product.product_4_attribute_1_value_2")
        self.assertEqual(aluminium.name, "Aluminium")
        variant = self.env.ref("product.product_product_4c")
        self.assertIn(aluminium, variant.product_template_attribute_value_ids)
        self.assertAlmostEqual(variant.lst_price, 800.40)
        self.assertEqual(self.env.ref("product.product_product_4").lst_price, 750.0)

    def test_public_pricelist_and_precisions(self):
        public = self.env.ref("product.list0")
        self.assertEqual(public.display_name, f"Public Pricelist ({public.currency_id.name})")
        self.assertEqual(self.env.ref("product.decimal_price").name, "Product Price")
        self.assertEqual(self.env.ref("product.decimal_stock_weight").name, "Stock Weight")
        self.assertEqual(self.env.ref("product.decimal_volume").name, "Volume")
        for xml_id in ("group_product_variant", "group_product_pricelist", "group_sale_pricelist"):
            self.assertTrue(self.env.ref(f"product.{xml_id}"))

    def test_demo_products_for_the_point_of_sale(self):
        products = self.env["product.product"].search([("sale_ok", "=", True)])
        self.assertGreaterEqual(len(products), 12)
        self.assertGreaterEqual(len(products.filtered("barcode")), 6)
        chair = self.env.ref("product.product_delivery_01")
        self.assertEqual(chair.display_name, "[FURN_7777] Office Chair")
        self.assertEqual(chair.categ_id, self.env.ref("product.product_category_5"))
        self.assertEqual(chair.uom_id, self.env.ref("uom.product_uom_unit"))
        self.assertEqual(chair.type, "consu")
        self.assertEqual(self.env.ref("product.product_product_1").type, "service")

    def test_office_furniture_that_addons_use(self):
        # Odoo 17's demo products that addons' demo data and tests refer to
        for xmlid, code in (("product.product_product_5", "E-COM06"),
                            ("product.product_product_13", "FURN_1118"),
                            ("product.product_product_22", "FURN_2100")):
            product = self.env.ref(xmlid)
            self.assertEqual((product.default_code, product.categ_id),
                             (code, self.env.ref("product.product_category_5")))
