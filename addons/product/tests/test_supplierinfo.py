"""Vendor prices (``product.supplierinfo``) and the choice of a vendor line
(``_select_seller``): validity dates, minimal quantities in the vendor's unit, partner,
variant-specific lines and the cheapest line of the preferred partner."""
from __future__ import annotations

from datetime import date

from odoo.addons.base.tests.common import BaseCommon, TransactionCaseWithUserDemo
from odoo.exceptions import AccessError


class TestSupplierinfo(BaseCommon):
    """Also the first user of ``odoo.addons.base.tests.common`` here, as OCA addons are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_a = cls.env["res.partner"].create({"name": "Vendor A"})
        cls.vendor_b = cls.env["res.partner"].create({"name": "Vendor B"})
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.template = cls.env["product.template"].create({
            "name": "Screw",
            "seller_ids": [
                (0, 0, {"partner_id": cls.vendor_a.id, "min_qty": 0, "price": 10.0, "sequence": 1}),
                (0, 0, {"partner_id": cls.vendor_a.id, "min_qty": 100, "price": 8.0, "sequence": 1}),
                (0, 0, {"partner_id": cls.vendor_b.id, "min_qty": 0, "price": 5.0, "sequence": 2}),
            ],
        })
        cls.product = cls.template.product_variant_id

    def test_base_common_context_and_currency(self):
        self.assertTrue(self.env.context.get("tracking_disable"))
        self.assertEqual(self.env.company.currency_id.name, "USD")
        self.assertEqual(self.partner.name, "Test Partner")

    def test_lines_belong_to_the_template_and_list_by_preference(self):
        sellers = self.product.seller_ids
        self.assertEqual(len(sellers), 3)
        self.assertEqual(sellers.product_tmpl_id, self.template)
        self.assertEqual(self.product._prepare_sellers().mapped("price"), [8.0, 10.0, 5.0])
        self.assertEqual(sellers[0].product_uom, self.template.uom_po_id)

    def test_select_seller_takes_the_preferred_partner_then_the_cheapest_line(self):
        self.assertEqual(self.product._select_seller(quantity=1).price, 10.0)
        self.assertEqual(self.product._select_seller(quantity=150).price, 8.0)
        self.assertEqual(self.product._select_seller(partner_id=self.vendor_b, quantity=1).price, 5.0)

    def test_quantity_is_converted_to_the_vendor_unit(self):
        # 10 dozens are 120 units: the 100-unit price applies
        seller = self.product._select_seller(quantity=10, uom_id=self.uom_dozen)
        self.assertEqual(seller.price, 8.0)

    def test_dates_and_variant_lines_filter(self):
        self.template.seller_ids.filtered(lambda s: s.price == 10.0).date_end = date(2000, 1, 1)
        self.assertEqual(self.product._select_seller(quantity=1, date=date(2020, 1, 1)).partner_id,
                         self.vendor_b)
        other = self.env["product.product"].create({"name": "Other"})
        line = self.env["product.supplierinfo"].create(
            {"partner_id": self.vendor_b.id, "product_id": other.id, "price": 1.0})
        self.assertEqual(line.product_tmpl_id, other.product_tmpl_id)    # filled from the variant
        self.assertEqual(other.variant_seller_ids, line)

    def test_archived_partners_are_left_out(self):
        self.vendor_a.active = False
        self.assertEqual(self.product._select_seller(quantity=1).partner_id, self.vendor_b)


class TestSupplierinfoAccess(TransactionCaseWithUserDemo):
    """Employees read vendor prices; changing them is for the managers (purchase adds its own)."""

    def test_employee_reads_but_does_not_create(self):
        self.assertEqual(self.user_demo.login, "demo")
        vendor = self.env["res.partner"].create({"name": "Vendor C"})
        product = self.env["product.product"].create({"name": "Bolt"})
        line = self.env["product.supplierinfo"].create(
            {"partner_id": vendor.id, "product_id": product.id, "price": 2.0})
        as_demo = self.env["product.supplierinfo"].with_user(self.user_demo)
        self.assertEqual(as_demo.browse(line.id).price, 2.0)
        with self.assertRaises(AccessError):
            as_demo.create({"partner_id": vendor.id, "product_id": product.id, "price": 1.0})
