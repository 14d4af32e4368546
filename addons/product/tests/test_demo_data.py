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
