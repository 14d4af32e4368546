"""Products over Odoo's external API: XML-RPC ``search_read`` through a live server."""
from __future__ import annotations

import xmlrpc.client

from odoo.tests.common import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestProductXmlRpc(HttpCase):

    def _execute_kw(self, model, method, args, kwargs=None):
        with xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object") as proxy:
            return proxy.execute_kw(self.registry.db_name, self.uid, "admin", model, method,
                                    args, kwargs or {})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uid = cls.env.ref("base.user_admin").id
        cls.env["product.product"].create({"name": "Test RPC Lamp", "default_code": "RPC1",
                                           "barcode": "4000000000017", "list_price": 12.5})

    def test_search_read_products(self):
        rows = self._execute_kw("product.product", "search_read", [[("default_code", "=", "RPC1")]],
                                {"fields": ["display_name", "lst_price", "barcode", "uom_id",
                                            "categ_id", "type", "product_tmpl_id"]})
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["display_name"], "[RPC1] Test RPC Lamp")
        self.assertEqual(row["lst_price"], 12.5)
        self.assertEqual(row["barcode"], "4000000000017")
        unit = self.env.ref("uom.product_uom_unit")
        self.assertEqual(row["uom_id"], [unit.id, unit.display_name])
        self.assertEqual(row["categ_id"][1], "All")
        self.assertEqual(row["type"], "consu")

    def test_search_read_with_context_and_name_search(self):
        rows = self._execute_kw("product.product", "search_read", [[("barcode", "=", "4000000000017")]],
                                {"fields": ["display_name"],
                                 "context": {"display_default_code": False}})
        self.assertEqual([row["display_name"] for row in rows], ["Test RPC Lamp"])
        found = self._execute_kw("product.product", "name_search", ["4000000000017"])
        self.assertEqual([name for _id, name in found], ["[RPC1] Test RPC Lamp"])

    def test_search_read_demo_variants(self):
        rows = self._execute_kw(
            "product.product", "search_read",
            [[("product_tmpl_id", "=", self.env.ref("product.product_product_4_product_template").id)]],
            {"fields": ["display_name", "lst_price", "product_template_attribute_value_ids"],
             "order": "default_code"})
        self.assertEqual([row["display_name"] for row in rows], [
            "[FURN_0096] Customizable Desk (Steel, White)",
            "[FURN_0097] Customizable Desk (Steel, Black)",
            "[FURN_0098] Customizable Desk (Aluminium, White)",
            "[FURN_0099] Customizable Desk (Aluminium, Black)"])
        self.assertEqual([row["lst_price"] for row in rows], [750.0, 750.0, 800.4, 800.4])
        self.assertTrue(all(len(row["product_template_attribute_value_ids"]) == 2 for row in rows))

    def test_vendor_prices_and_views_over_rpc(self):
        lamp = self.env["product.product"].search([("default_code", "=", "RPC1")])
        vendor = self.env["res.partner"].create({"name": "RPC Vendor"})
        line_id = self._execute_kw("product.supplierinfo", "create", [{
            "partner_id": vendor.id, "product_id": lamp.id, "price": 7.25, "min_qty": 10}])
        rows = self._execute_kw("product.template", "read", [[lamp.product_tmpl_id.id]],
                                {"fields": ["seller_ids", "weight_uom_name", "volume_uom_name"]})
        self.assertEqual(rows[0]["seller_ids"], [line_id])
        self.assertEqual((rows[0]["weight_uom_name"], rows[0]["volume_uom_name"]), ("kg", "m³"))
        views = self._execute_kw("product.supplierinfo", "get_views", [[[False, "tree"], [False, "form"]]])
        self.assertIn('name="product_variant_count"', views["views"]["form"]["arch"])
