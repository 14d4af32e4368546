"""How products are named and found: "[CODE] Name (values)", by code, barcode or name."""
from __future__ import annotations

from .common import ProductCommon


class TestProductNames(ProductCommon):

    def test_display_name(self):
        self.assertEqual(self.apple.display_name, "[TAPPLE] Test Apple")
        self.assertEqual(self.service.display_name, "Test Consulting")
        self.assertEqual(self.apple.product_tmpl_id.display_name, "[TAPPLE] Test Apple")
        self.assertEqual(self.apple.with_context(display_default_code=False).display_name,
                         "Test Apple")
        self.assertEqual(self.apple.display_name, "[TAPPLE] Test Apple")

    def test_category_names(self):
        self.assertEqual(self.category_fruit.complete_name, "All / Saleable / Test Food / Test Fruit")
        self.assertEqual(self.category_fruit.display_name, "All / Saleable / Test Food / Test Fruit")
        self.assertEqual(self.category_fruit.with_context(hierarchical_naming=False).display_name,
                         "Test Fruit")
        self.category_food.name = "Test Groceries"
        self.assertEqual(self.category_fruit.complete_name,
                         "All / Saleable / Test Groceries / Test Fruit")

    def _found(self, model, name, **kwargs):
        return [row[0] for row in self.env[model].name_search(name, **kwargs)]

    def test_name_search_by_code_barcode_and_name(self):
        self.assertEqual(self._found("product.product", "TAPPLE"), [self.apple.id])
        self.assertEqual(self._found("product.product", "9990000000017"), [self.apple.id])
        self.assertIn(self.apple.id, self._found("product.product", "test app"))
        self.assertIn(self.chair.id, self._found("product.product", "tchai"))
        self.assertEqual(self._found("product.product", "[TCHAIR] whatever"), [self.chair.id])
        self.assertEqual(self._found("product.product", "no such product here"), [])

    def test_name_search_result_names(self):
        self.assertEqual(self.env["product.product"].name_search("TAPPLE"),
                         [(self.apple.id, "[TAPPLE] Test Apple")])

    def test_name_search_exact_code_wins(self):
        other = self.env["product.product"].create({"name": "Test Apple pie",
                                                    "default_code": "TAPPLE2"})
        self.assertEqual(self._found("product.product", "TAPPLE"), [self.apple.id])
        found = self._found("product.product", "TAPPLE", operator="ilike", args=[])
        self.assertNotIn(other.id, found)
        self.assertIn(other.id, self._found("product.product", "Apple pie"))

    def test_name_search_negative(self):
        found = self._found("product.product", "Test", operator="not ilike")
        self.assertNotIn(self.apple.id, found)
        self.assertIn(self.env.ref("product.product_delivery_01").id, found)

    def test_template_name_search(self):
        self.assertEqual(self._found("product.template", "9990000000017"),
                         [self.apple.product_tmpl_id.id])
        self.assertEqual(self._found("product.template", "TCHAIR"), [self.chair.product_tmpl_id.id])
        self.assertIn(self.service.product_tmpl_id.id, self._found("product.template", "consult"))

    def test_template_barcode_search(self):
        templates = self.env["product.template"].search([("barcode", "=", "9990000000017")])
        self.assertEqual(templates, self.apple.product_tmpl_id)
