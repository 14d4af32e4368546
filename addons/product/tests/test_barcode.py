"""Barcodes are unique within a company (products without a company count for all)."""
from __future__ import annotations

from odoo.exceptions import ValidationError

from .common import ProductCommon


class TestBarcode(ProductCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Test Company B"})

    def test_duplicate_refused(self):
        with self.assertRaises(ValidationError):
            self.env["product.product"].create({"name": "Copycat", "barcode": "9990000000017"})
        with self.assertRaises(ValidationError):
            self.chair.barcode = "9990000000017"

    def test_duplicate_within_one_create(self):
        with self.assertRaises(ValidationError):
            self.env["product.product"].create([{"name": "One", "barcode": "123"},
                                                {"name": "Two", "barcode": "123"}])

    def test_archived_product_keeps_its_barcode(self):
        self.apple.active = False
        with self.assertRaises(ValidationError):
            self.env["product.product"].create({"name": "Copycat", "barcode": "9990000000017"})

    def test_same_barcode_in_two_companies(self):
        first = self.env["product.product"].create(
            {"name": "A", "barcode": "555", "company_id": self.company_a.id})
        second = self.env["product.product"].create(
            {"name": "B", "barcode": "555", "company_id": self.company_b.id})
        self.assertEqual((first | second).mapped("barcode"), ["555", "555"])
        with self.assertRaises(ValidationError):
            self.env["product.product"].create({"name": "C", "barcode": "555"})

    def test_template_barcode_goes_to_its_variant(self):
        template = self.env["product.template"].create({"name": "Test Mug", "barcode": "777",
                                                        "default_code": "MUG"})
        self.assertEqual(template.product_variant_ids.barcode, "777")
        self.assertEqual(template.product_variant_ids.default_code, "MUG")
        self.assertEqual(template.barcode, "777")
        template.barcode = "778"
        self.assertEqual(template.product_variant_ids.barcode, "778")
        with self.assertRaises(ValidationError):
            self.env["product.template"].create({"name": "Test Cup", "barcode": "778"})
