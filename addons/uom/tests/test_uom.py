"""Units of measure: conversions of quantities and prices, rounding, reference units."""
from __future__ import annotations

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase


class TestUom(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.kg = cls.env.ref("uom.product_uom_kgm")
        cls.gram = cls.env.ref("uom.product_uom_gram")
        cls.ton = cls.env.ref("uom.product_uom_ton")
        cls.hour = cls.env.ref("uom.product_uom_hour")
        cls.day = cls.env.ref("uom.product_uom_day")

    def test_data_factors(self):
        self.assertEqual(self.unit.uom_type, "reference")
        self.assertEqual(self.dozen.factor_inv, 12.0)
        self.assertAlmostEqual(self.dozen.factor, 1 / 12)
        self.assertEqual(self.gram.factor, 1000.0)
        self.assertEqual(self.ton.ratio, 1000.0)
        self.assertEqual(self.gram.ratio, 1000.0)
        self.assertEqual(self.kg.ratio, 1.0)
        self.assertEqual(self.kg.category_id, self.env.ref("uom.product_uom_categ_kgm"))
        self.assertEqual(self.env.ref("uom.product_uom_litre").category_id,
                         self.env.ref("uom.product_uom_categ_vol"))
        self.assertEqual(self.env.ref("uom.decimal_product_uom").name, "Product Unit of Measure")
        self.assertTrue(self.env.ref("uom.group_uom"))

    def test_kg_gram(self):
        self.assertEqual(self.kg._compute_quantity(2.5, self.gram), 2500.0)
        self.assertEqual(self.gram._compute_quantity(1500, self.kg), 1.5)
        self.assertEqual(self.ton._compute_quantity(0.002, self.kg), 2.0)
        self.assertEqual(self.gram._compute_quantity(0, self.kg), 0)

    def test_dozen_unit(self):
        self.assertEqual(self.dozen._compute_quantity(2, self.unit), 24.0)
        self.assertEqual(self.unit._compute_quantity(6, self.dozen), 0.5)
        self.assertEqual(self.day._compute_quantity(2, self.hour), 16.0)

    def test_rounding_methods(self):
        # 1 unit is 0.0833... dozen: rounded UP by default, to the dozen's 0.01
        self.assertEqual(self.unit._compute_quantity(1, self.dozen), 0.09)
        self.assertEqual(self.unit._compute_quantity(1, self.dozen, rounding_method="HALF-UP"), 0.08)
        self.assertEqual(self.unit._compute_quantity(1, self.dozen, rounding_method="DOWN"), 0.08)
        self.assertAlmostEqual(self.unit._compute_quantity(1, self.dozen, round=False), 1 / 12)
        # the same unit rounds HALF-UP whatever the method asked
        self.assertEqual(self.unit._compute_quantity(1.234, self.unit), 1.23)
        piece = self.env["uom.uom"].create({
            "name": "Pack of 6", "category_id": self.unit.category_id.id,
            "uom_type": "bigger", "factor_inv": 6, "rounding": 1.0})
        self.assertEqual(self.unit._compute_quantity(7, piece), 2.0)
        self.assertEqual(self.unit._compute_quantity(7, piece, rounding_method="DOWN"), 1.0)

    def test_cross_category_refused(self):
        with self.assertRaises(UserError):
            self.kg._compute_quantity(1, self.unit)
        self.assertEqual(self.kg._compute_quantity(3, self.unit, raise_if_failure=False), 3)
        self.assertEqual(self.kg._compute_price(10.0, self.unit), 10.0)

    def test_compute_price(self):
        # 10 per kg is 0.01 per gram, 10000 per ton
        self.assertAlmostEqual(self.kg._compute_price(10.0, self.gram), 0.01)
        self.assertAlmostEqual(self.kg._compute_price(10.0, self.ton), 10000.0)
        self.assertAlmostEqual(self.unit._compute_price(2.0, self.dozen), 24.0)
        self.assertEqual(self.unit._compute_price(2.0, self.unit), 2.0)

    def test_one_reference_per_category(self):
        category = self.env["uom.category"].create({"name": "Test Energy"})
        self.env["uom.uom"].create({"name": "J", "category_id": category.id, "uom_type": "reference"})
        with self.assertRaises(ValidationError):
            self.env["uom.uom"].create({"name": "Wh", "category_id": category.id,
                                        "uom_type": "reference"})
        empty = self.env["uom.category"].create({"name": "Test Nothing"})
        with self.assertRaises(ValidationError):
            self.env["uom.uom"].create({"name": "x", "category_id": empty.id, "uom_type": "bigger",
                                        "factor_inv": 2})

    def test_ratio_inverse(self):
        category = self.env["uom.category"].create({"name": "Test Data"})
        byte = self.env["uom.uom"].create({"name": "B", "category_id": category.id})
        kilo = self.env["uom.uom"].create({"name": "kB", "category_id": category.id,
                                           "uom_type": "bigger", "ratio": 1000})
        self.assertAlmostEqual(kilo.factor, 0.001)
        self.assertEqual(kilo._compute_quantity(2, byte), 2000.0)

    def test_protected_units(self):
        with self.assertRaises(UserError):
            self.kg.unlink()
        # the dozen and the hour may go (other addons' records may still stop it)
        units = self.kg | self.gram | self.dozen | self.hour
        self.assertEqual(units._filter_protected_uoms(), self.kg | self.gram)
        pack = self.env["uom.uom"].create({"name": "Pack of 4", "uom_type": "bigger",
                                           "factor_inv": 4, "category_id": self.unit.category_id.id})
        pack.unlink()
        self.assertFalse(pack.exists())

    def test_name_create(self):
        uom_id, name = self.env["uom.uom"].name_create("Bucket")
        unit = self.env["uom.uom"].browse(uom_id)
        self.assertEqual(name, "Bucket")
        self.assertEqual(unit.category_id.name, "Unsorted/Imported Units")
        self.assertEqual(unit.factor, 1.0)


class TestUomCategoryOnchange(TransactionCase):
    """``uom.category._onchange_uom_ids``, which addons extend (uom_category_active)."""

    def test_lone_unit_becomes_the_reference(self):
        category = self.env["uom.category"].new({"name": "Lone", "uom_ids": [
            (0, 0, {"name": "Only", "uom_type": "bigger", "factor_inv": 5.0})]})
        unit = category.uom_ids
        category._onchange_uom_ids()
        self.assertEqual((unit.uom_type, unit.factor), ("reference", 1.0))

    def test_saved_category_without_reference_is_refused(self):
        category = self.env["uom.category"].create(
            {"name": "Archived ref", "uom_ids": [(0, 0, {"name": "Ref unit"})]})
        category.uom_ids.active = False
        with self.assertRaises(UserError):
            category._onchange_uom_ids()
