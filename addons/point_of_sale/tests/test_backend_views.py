"""The back office as Odoo 17 names it: the sales analysis (report.pos.order) over synced
orders, the buttons of the order and session forms, and the menus and views addons hook on."""
from __future__ import annotations

from .common import PosTestCase


class TestBackendViews(PosTestCase):

    def test_the_sales_analysis_sums_the_synced_orders(self):
        session = self.open_session()
        answers = self.env["pos.order"].create_from_ui([
            self.order_payload(session, [(self.pen, 2), (self.coffee, 3)]),
            self.order_payload(session, [(self.pen, 1)], partner=self.customer)])
        orders = self.env["pos.order"].browse([answer["id"] for answer in answers])
        self.env.flush_all()
        rows = self.env["report.pos.order"].search([("order_id", "in", orders.ids)])
        self.assertEqual(len(rows), 3)                      # one row per order and product
        pens = rows.filtered(lambda row: row.product_id == self.pen)
        self.assertEqual(sorted(pens.mapped("product_qty")), [1, 2])
        self.assertEqual(sum(pens.mapped("price_total")), 30.0)      # before taxes: 3 x 10.00
        self.assertEqual(set(rows.mapped("config_id")), {self.config})
        self.assertEqual(rows.filtered(lambda row: row.partner_id).order_id, orders[1])
        [group] = self.env["report.pos.order"].read_group(
            [("order_id", "in", orders.ids)], ["price_total:sum", "nbr_lines:sum"], ["config_id"])
        self.assertAlmostEqual(group["price_total"], 36.6)           # + 3 coffees at 2.20
        self.assertEqual(group["nbr_lines"], 3)

    def test_the_form_buttons_open_what_they_name(self):
        session = self.open_session()
        [answer] = self.env["pos.order"].create_from_ui([self.order_payload(session, [(self.pen, 1)])])
        order = self.env["pos.order"].browse(answer["id"])
        action = session.action_view_order()
        self.assertEqual(self.env["pos.order"].search(action["domain"]), order)
        payments = self.env["pos.payment"].search(session.action_show_payments_list()["domain"])
        self.assertEqual(payments, order.payment_ids)
        self.assertEqual(order.action_view_refund_orders()["domain"], [("id", "in", [])])
        refund = self.env["pos.order"].browse(order.refund()["res_id"])
        self.assertEqual(refund.action_view_refunded_orders()["res_id"], order.id)

    def test_addons_find_odoo_s_external_ids(self):
        for xmlid in ("point_of_sale.menu_point_root", "point_of_sale.menu_point_config_product",
                      "point_of_sale.menu_point_rep", "point_of_sale.view_pos_pos_form",
                      "point_of_sale.view_pos_order_tree", "point_of_sale.view_pos_order_filter",
                      "point_of_sale.view_pos_session_form", "point_of_sale.pos_payment_method_view_form",
                      "point_of_sale.action_pos_pos_form", "point_of_sale.action_pos_session",
                      "point_of_sale.menu_pos_global_settings",
                      "point_of_sale.action_report_pos_order_all", "point_of_sale.model_report_pos_order"):
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        views = self.env["pos.order"].get_views([(False, "tree"), (False, "form"), (False, "search")])["views"]
        self.assertIn('name="amount_total"', views["tree"]["arch"])
        self.assertIn('name="button_box"', views["form"]["arch"])

    def test_combos_lots_and_printers(self):
        from odoo.exceptions import ValidationError
        combo = self.env["pos.combo"].create({"name": "Drinks", "combo_line_ids": [
            (0, 0, {"product_id": self.coffee.id, "combo_price": 0.5}),
            (0, 0, {"product_id": self.pen.id})]})
        self.assertEqual((combo.num_of_products, combo.base_price), (2, 2.2))
        menu = self.env["product.product"].create({"name": "Menu", "detailed_type": "combo",
                                                   "combo_ids": [(6, 0, combo.ids)]})
        self.assertEqual(menu.type, "consu")
        with self.assertRaises(ValidationError):
            self.env["pos.combo"].create({"name": "Empty", "combo_line_ids": []})
        with self.assertRaises(ValidationError):
            self.env["product.product"].create({"name": "Menu without choices", "detailed_type": "combo"})
        session = self.open_session()
        [answer] = self.env["pos.order"].create_from_ui([self.order_payload(session, [(self.pen, 1)])])
        line = self.env["pos.order"].browse(answer["id"]).lines
        lot = self.env["pos.pack.operation.lot"].create({"pos_order_line_id": line.id, "lot_name": "LOT-7"})
        self.assertEqual((lot.order_id, lot.product_id, line.pack_lot_ids), (line.order_id, self.pen, lot))
        self.assertEqual(line.pack_lot_ids.export_for_ui(), [{"lot_name": "LOT-7"}])
        printer = self.env["pos.printer"].create({"name": "Kitchen", "proxy_ip": "10.0.0.9",
                                                  "product_categories_ids": [(6, 0, self.pos_category.ids)]})
        self.config.printer_ids = printer
        self.assertEqual((printer.printer_type, self.config.printer_ids), ("iot", printer))

    def test_paid_orders_are_costed_when_synced_drafts_are_not(self):
        self.pen.standard_price, self.coffee.standard_price = 6.0, 1.0
        session = self.open_session()
        payload = self.order_payload(session, [(self.pen, 2), (self.coffee, 1)])
        for batch in ([payload], [payload, self.order_payload(session, [(self.pen, 1)])]):
            answers = self.env["pos.order"].create_from_ui(batch)
            order = self.env["pos.order"].browse(answers[0]["id"])
            pen_line, coffee_line = order.lines.sorted(lambda line: line.product_id != self.pen)
            self.assertEqual((pen_line.total_cost, coffee_line.total_cost), (12.0, 1.0))
            self.assertEqual((pen_line.margin, round(pen_line.margin_percent, 4)), (8.0, 0.4))
            self.assertTrue(order.is_total_cost_computed)
            self.assertEqual(order.margin, 8.0 + coffee_line.price_subtotal - 1.0)
            # kept with 4 digits, as Odoo (digits=(12, 4))
            self.assertAlmostEqual(order.margin_percent, order.margin / (20.0 + coffee_line.price_subtotal),
                                   places=4)
            payload = self.order_payload(session, [(self.pen, 2), (self.coffee, 1)])    # another one
        draft = self.env["pos.order"].browse(
            self.env["pos.order"].create_from_ui([self.order_payload(session, [(self.pen, 1)])], draft=True)[0]["id"])
        self.assertFalse(draft.is_total_cost_computed)
        self.assertEqual(draft.lines.total_cost, 0.0)

    def test_lot_numbers_sent_by_the_till_are_kept(self):
        session = self.open_session()
        payload = self.order_payload(session, [(self.pen, 2)])
        payload["data"]["lines"][0][2]["pack_lot_ids"] = [[0, 0, {"lot_name": "SN-1"}], [0, 0, {"lot_name": "SN-2 "}]]
        [answer] = self.env["pos.order"].create_from_ui([payload])
        line = self.env["pos.order"].browse(answer["id"]).lines
        self.assertEqual(line.pack_lot_ids.mapped("lot_name"), ["SN-1", "SN-2"])
        self.assertEqual(line._export_for_ui()["pack_lot_ids"],
                         [[0, 0, {"lot_name": "SN-1"}], [0, 0, {"lot_name": "SN-2"}]])
        bad = self.order_payload(session, [(self.pen, 1)])
        bad["data"]["lines"][0][2]["pack_lot_ids"] = [[0, 0, {"lot": "?"}]]
        [refused] = self.env["pos.order"].create_from_ui([bad])
        self.assertEqual(refused["status"], "refused")
        self.assertIn("lot or serial numbers", refused["reason"])
