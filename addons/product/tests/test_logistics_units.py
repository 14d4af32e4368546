"""The weight, volume and length units chosen in the Settings, and their helpers on
``product.template`` (``_get_weight_uom_id_from_ir_config_parameter``...)."""
from __future__ import annotations

from odoo.tests.common import TransactionCase


class TestLogisticsUnits(TransactionCase):

    def test_metric_by_default(self):
        template = self.env["product.template"]
        self.assertEqual(template._get_weight_uom_id_from_ir_config_parameter(),
                         self.env.ref("uom.product_uom_kgm"))
        self.assertEqual(template._get_volume_uom_id_from_ir_config_parameter(),
                         self.env.ref("uom.product_uom_cubic_meter"))
        self.assertEqual(template._get_length_uom_id_from_ir_config_parameter(),
                         self.env.ref("uom.product_uom_meter"))
        product = self.env["product.product"].create({"name": "Crate"})
        self.assertEqual(product.weight_uom_name, "kg")

    def test_settings_switch_to_imperial_units(self):
        settings = self.env["res.config.settings"].create(
            {"product_weight_in_lbs": "1", "product_volume_volume_in_cubic_feet": "1"})
        settings.execute()
        template = self.env["product.template"]
        self.assertEqual(self.env["ir.config_parameter"].get_param("product.weight_in_lbs"), "1")
        self.assertEqual(template._get_weight_uom_id_from_ir_config_parameter(),
                         self.env.ref("uom.product_uom_lb"))
        self.assertEqual(template._get_volume_uom_id_from_ir_config_parameter(),
                         self.env.ref("uom.product_uom_cubic_foot"))
        self.assertEqual(template._get_length_uom_id_from_ir_config_parameter(),
                         self.env.ref("uom.product_uom_foot"))
        self.assertEqual(self.env["product.template"].create({"name": "Box"}).weight_uom_name,
                         self.env.ref("uom.product_uom_lb").name)
        self.assertEqual(self.env["res.config.settings"].create({}).product_weight_in_lbs, "1")
