"""Shared records of the product tests: units, a category tree and a few products."""
from __future__ import annotations

from odoo.tests.common import TransactionCase


class ProductCommon(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")
        cls.uom_gram = cls.env.ref("uom.product_uom_gram")
        cls.category_all = cls.env.ref("product.product_category_all")
        cls.category_saleable = cls.env.ref("product.product_category_1")
        cls.category_food = cls.env["product.category"].create(
            {"name": "Test Food", "parent_id": cls.category_saleable.id})
        cls.category_fruit = cls.env["product.category"].create(
            {"name": "Test Fruit", "parent_id": cls.category_food.id})
        cls.apple = cls.env["product.product"].create({
            "name": "Test Apple", "default_code": "TAPPLE", "barcode": "9990000000017",
            "categ_id": cls.category_fruit.id, "list_price": 2.0, "standard_price": 1.2,
            "uom_id": cls.uom_kg.id, "uom_po_id": cls.uom_kg.id})
        cls.chair = cls.env["product.product"].create({
            "name": "Test Chair", "default_code": "TCHAIR", "list_price": 100.0,
            "standard_price": 60.0})
        cls.service = cls.env["product.product"].create({
            "name": "Test Consulting", "detailed_type": "service", "list_price": 80.0})
