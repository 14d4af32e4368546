"""Packagings: contained quantities, and barcodes shared with the products' namespace."""
from __future__ import annotations

from odoo import Command
from odoo.exceptions import ValidationError

from .common import ProductCommon


class TestPackaging(ProductCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.box = cls.env["product.packaging"].create({
            "name": "Box of 6", "product_id": cls.chair.id, "qty": 6, "barcode": "PACK6"})

    def test_packaging_on_product_and_template(self):
        self.assertEqual(self.chair.packaging_ids, self.box)
        self.assertEqual(self.chair.product_tmpl_id.packaging_ids, self.box)
        self.assertEqual(self.box.product_uom_id, self.uom_unit)

    def test_template_created_with_packagings(self):
        template = self.env["product.template"].create({
            "name": "Test Boxed", "packaging_ids": [Command.create({"name": "Crate", "qty": 10})]})
        self.assertEqual(template.product_variant_ids.packaging_ids.mapped("name"), ["Crate"])
        template.write({"packaging_ids": [Command.create({"name": "Pallet", "qty": 100})]})
        self.assertEqual(sorted(template.packaging_ids.mapped("name")), ["Crate", "Pallet"])

    def test_barcodes_shared_with_products(self):
        with self.assertRaises(ValidationError):
            self.env["product.product"].create({"name": "Test Clash", "barcode": "PACK6"})
        with self.assertRaises(ValidationError):
            self.env["product.packaging"].create({"name": "Clash", "product_id": self.chair.id,
                                                  "barcode": "9990000000017"})

    def test_quantities(self):
        self.assertEqual(self.box._check_qty(13, self.uom_unit), 12.0)
        self.assertEqual(self.box._check_qty(15, self.uom_unit, rounding_method="UP"), 18.0)
        self.assertEqual(self.box._check_qty(12, self.uom_unit), 12)
        self.assertEqual(self.box._compute_qty(18), 3.0)
        self.assertEqual(self.box._compute_qty(1, self.uom_dozen), 2.0)
        crate = self.env["product.packaging"].create({"name": "Crate of 24",
                                                      "product_id": self.chair.id, "qty": 24})
        packagings = self.box | crate
        self.assertEqual(packagings._find_suitable_product_packaging(48, self.uom_unit), crate)
        self.assertEqual(packagings._find_suitable_product_packaging(30, self.uom_unit), self.box)
        self.assertFalse(packagings._find_suitable_product_packaging(7, self.uom_unit))
