"""Orders from the browser: stored once, replays, drafts, refusals kept, rescue sessions."""
from __future__ import annotations

import json

from odoo.exceptions import ValidationError

from .common import PosTestCase


class TestOrderSync(PosTestCase):

    def setUp(self):
        super().setUp()
        self.session = self.open_session()
        self.orders = self.env["pos.order"]

    def sync(self, *payloads, draft=False):
        return self.orders.create_from_ui(list(payloads), draft)

    def test_tv16_first_send_then_replay(self):
        payload = self.order_payload(self.session, [(self.pen, 1)])
        [answer] = self.sync(payload)
        self.assertEqual({k: answer[k] for k in ("pos_reference", "account_move", "status")},
                         {"pos_reference": payload["data"]["name"], "account_move": False, "status": "stored"})
        order = self.orders.browse(answer["id"])
        self.assertEqual((order.state, order.amount_paid, order.amount_total, order.amount_tax),
                         ("paid", 11.5, 11.5, 1.5))
        self.assertEqual(len(order.payment_ids), 1)
        self.assertTrue(order.name.startswith("Test Till/"))
        self.assertEqual(order.date_order.isoformat(sep=" "), "2024-05-01 10:00:00")
        [again] = self.sync(payload)
        self.assertEqual((again["id"], again["status"]), (order.id, "known"))
        self.assertEqual(self.orders.search_count([("pos_reference", "=", payload["data"]["name"])]), 1)
        self.assertEqual(len(order.payment_ids), 1)

    def test_replay_by_client_uuid(self):
        payload = self.order_payload(self.session, [(self.coffee, 3)], uuid="0f7c7f6e-client-uuid-1")
        [first] = self.sync(payload)
        changed = json.loads(json.dumps(payload))
        changed["data"]["name"] = "Order renamed by a buggy client"
        [second] = self.sync(changed)
        self.assertEqual((second["id"], second["status"]), (first["id"], "known"))
        self.assertEqual(self.orders.browse(first["id"]).uuid, "0f7c7f6e-client-uuid-1")

    def test_odoo_16_creation_date(self):
        payload = self.order_payload(self.session, [(self.pen, 1)])
        del payload["data"]["date_order"]
        payload["data"]["creation_date"] = "2024-05-02T11:12:13.000Z"
        [answer] = self.sync(payload)
        self.assertEqual(self.orders.browse(answer["id"]).date_order.isoformat(sep=" "), "2024-05-02 11:12:13")

    def test_same_reference_other_content_is_another_order(self):
        first = self.order_payload(self.session, [(self.pen, 1)], name="Order 00001-001-0042")
        second = self.order_payload(self.session, [(self.coffee, 1)], name="Order 00001-001-0042")
        answers = self.sync(first, second)
        self.assertEqual([a["status"] for a in answers], ["stored", "stored"])
        self.assertNotEqual(answers[0]["id"], answers[1]["id"])

    def test_draft_is_updated_then_paid(self):
        payload = self.order_payload(self.session, [(self.pen, 1)], payments=[], uuid="draft-1")
        [draft] = self.sync(payload, draft=True)
        order = self.orders.browse(draft["id"])
        self.assertEqual((order.state, order.name, order.amount_total), ("draft", "/", 11.5))
        bigger = self.order_payload(self.session, [(self.pen, 2)], payments=[], uuid="draft-1",
                                    name=payload["data"]["name"])
        [updated] = self.sync(bigger, draft=True)
        self.assertEqual((updated["id"], updated["status"]), (order.id, "updated"))
        self.assertEqual((order.amount_total, len(order.lines)), (23.0, 1))
        paid = self.order_payload(self.session, [(self.pen, 2)], uuid="draft-1", name=payload["data"]["name"])
        [final] = self.sync(paid)
        self.assertEqual((final["id"], order.state, order.amount_paid), (order.id, "paid", 23.0))
        self.assertIn(order, self.session.order_ids)

    def test_change_is_a_negative_cash_payment(self):
        payload = self.order_payload(self.session, [(self.pen, 1)], payments=[(self.cash, 20.0)], amount_return=8.5)
        [answer] = self.sync(payload)
        order = self.orders.browse(answer["id"])
        self.assertEqual(order.state, "paid")
        change = order.payment_ids.filtered("is_change")
        self.assertEqual((change.amount, change.payment_method_id), (-8.5, self.cash))
        self.assertEqual(order.amount_paid, 11.5)

    def test_refused_orders_are_kept_and_do_not_stop_the_others(self):
        short = self.order_payload(self.session, [(self.pen, 1)], payments=[(self.card, 5.0)])
        good = self.order_payload(self.session, [(self.coffee, 2)], payments=[(self.card, 4.4)])
        wrong_total = self.order_payload(self.session, [(self.pen, 1)])
        wrong_total["data"]["lines"][0][2]["price_subtotal_incl"] = 10.0
        wrong_total["data"]["amount_total"] = 10.0
        answers = self.sync(short, good, wrong_total)
        self.assertEqual([a["status"] for a in answers], ["refused", "stored", "refused"])
        self.assertRegex(answers[0]["reason"], "not fully paid: its total is 11.5 and its payments come to 5.0")
        self.assertRegex(answers[2]["reason"], "price_subtotal_incl is 10.0 on the till but 11.5 on the server")
        self.assertFalse(self.orders.search([("pos_reference", "in", [short["data"]["name"],
                                                                      wrong_total["data"]["name"]])]))
        rejected = self.env["pos.order.rejected"].browse(answers[0]["rejected_id"])
        self.assertEqual((rejected.name, rejected.state, rejected.session_id), (short["data"]["name"], "open",
                                                                                  self.session))
        self.assertEqual(json.loads(rejected.raw_data), short)
        # a resend of the same refused data is one more attempt, not another record
        [again] = self.sync(short)
        self.assertEqual((again["rejected_id"], rejected.attempts), (rejected.id, 2))

    def test_manager_fixes_or_drops_a_refused_order(self):
        short = self.order_payload(self.session, [(self.pen, 1)], payments=[(self.card, 5.0)])
        [answer] = self.sync(short)
        rejected = self.env["pos.order.rejected"].browse(answer["rejected_id"]).with_user(self.manager)
        fixed = json.loads(rejected.raw_data)
        fixed["data"]["statement_ids"][0][2]["amount"] = 11.5
        fixed["data"]["amount_paid"] = 11.5
        rejected.write({"raw_data": json.dumps(fixed)})
        rejected.action_retry()
        self.assertEqual(rejected.state, "stored")
        self.assertEqual((rejected.order_id.state, rejected.order_id.amount_paid), ("paid", 11.5))
        other = self.sync(self.order_payload(self.session, [(self.pen, 1)], payments=[(self.card, 1.0)]))[0]
        dropped = self.env["pos.order.rejected"].browse(other["rejected_id"]).with_user(self.manager)
        dropped.action_drop()
        self.assertEqual(dropped.state, "dropped")
        # cashiers do not see them
        self.assertFalse(self.env["pos.order.rejected"].with_user(self.cashier).check_access_rights(
            "read", raise_exception=False))

    def test_orders_of_a_closed_session_go_to_a_rescue_session(self):
        late = self.order_payload(self.session, [(self.pen, 1)])
        self.session.close_session_from_ui()
        [answer] = self.sync(late)
        order = self.orders.browse(answer["id"])
        rescue = order.session_id
        self.assertTrue(rescue.rescue)
        self.assertEqual((rescue.state, rescue.config_id), ("opened", self.config))
        self.assertEqual(rescue.name, f"{rescue.name.split(' ')[0]} (RESCUE FOR {self.session.name})")
        [second] = self.sync(self.order_payload(self.session, [(self.coffee, 1)]))
        self.assertEqual(self.orders.browse(second["id"]).session_id, rescue)
        # the till may open a normal session beside the rescue one
        self.assertEqual(self.open_session().rescue, False)

    def test_refunds_never_exceed_what_was_sold(self):
        [sale] = self.sync(self.order_payload(self.session, [(self.pen, 3)]))
        line = self.orders.browse(sale["id"]).lines
        [refund] = self.sync(self.order_payload(self.session, [(self.pen, -2, line)]))
        self.assertEqual(refund["status"], "stored")
        refund_order = self.orders.browse(refund["id"])
        self.assertEqual((refund_order.amount_total, refund_order.amount_paid), (-23.0, -23.0))
        self.assertEqual(line.refunded_qty, 2)
        self.assertEqual(refund_order.refunded_order_ids, line.order_id)
        [too_much] = self.sync(self.order_payload(self.session, [(self.pen, -2, line)]))
        self.assertEqual(too_much["status"], "refused")
        self.assertRegex(too_much["reason"], "only 3.0 were sold")
        self.assertEqual(line.refunded_qty, 2)
        with self.assertRaisesRegex(ValidationError, "negative quantity"), self.env.cr.savepoint():
            self.env["pos.order.line"].create({"order_id": refund_order.id, "product_id": self.pen.id, "qty": 1,
                                               "price_subtotal": 0.0, "price_subtotal_incl": 0.0,
                                               "refunded_orderline_id": line.id})

    def test_refund_action_gives_back_the_rest(self):
        [sale] = self.sync(self.order_payload(self.session, [(self.pen, 3)]))
        order = self.orders.browse(sale["id"])
        action = order.refund()
        refund = self.orders.browse(action["res_id"])
        self.assertEqual((refund.state, refund.lines.qty, refund.amount_total), ("draft", -3.0, -34.5))
        self.assertEqual(refund.lines.refunded_orderline_id, order.lines)

    def test_unknown_session_or_product_is_refused(self):
        payload = self.order_payload(self.session, [(self.pen, 1)])
        payload["data"]["pos_session_id"] = 999999
        payload2 = self.order_payload(self.session, [(self.pen, 1)])
        payload2["data"]["lines"][0][2]["product_id"] = 999999
        answers = self.sync(payload, payload2, {"garbage": True})
        self.assertEqual([a["status"] for a in answers], ["refused"] * 3)
        self.assertRegex(answers[0]["reason"], "Session 999999 does not exist")
        self.assertRegex(answers[1]["reason"], "Product 999999 does not exist")
        self.assertEqual(self.env["pos.order.rejected"].search_count(
            [("id", "in", [a["rejected_id"] for a in answers])]), 3)

    def test_cashier_syncs_into_own_company_only(self):
        [answer] = self.orders.with_user(self.cashier).create_from_ui(
            [self.order_payload(self.session, [(self.pen, 1)])])
        self.assertEqual(answer["status"], "stored")
        other_company = self.env["res.company"].create({"name": "POS Other Co"})
        outsider = self.user("test_pos_outsider", "point_of_sale.group_pos_user", company=other_company)
        self.assertFalse(self.orders.with_user(outsider).search([("id", "=", answer["id"])]))
        self.assertFalse(self.env["pos.session"].with_user(outsider).search([("id", "=", self.session.id)]))
        self.assertFalse(self.env["pos.config"].with_user(outsider).search([("id", "=", self.config.id)]))
        [refused] = self.orders.with_user(outsider).create_from_ui(
            [self.order_payload(self.session, [(self.pen, 1)])])
        self.assertEqual(refused["status"], "refused")

    def test_a_refused_order_sent_again_and_stored_settles_its_refusal(self):
        payload = self.order_payload(self.session, [(self.pen, 1)], uuid="late-product-1")
        payload["data"]["lines"][0][2]["product_id"] = 999999
        [refused] = self.sync(payload)
        rejected = self.env["pos.order.rejected"].browse(refused["rejected_id"])
        self.assertEqual((rejected.uuid, rejected.state), ("late-product-1", "open"))
        self.assertEqual(refused["uuid"], "late-product-1")
        payload["data"]["lines"][0][2]["product_id"] = self.pen.id
        [stored] = self.sync(payload)
        self.assertEqual(stored["status"], "stored")
        self.assertEqual((rejected.state, rejected.order_id.id), ("stored", stored["id"]))

    def test_retrying_unchanged_data_counts_one_attempt(self):
        short = self.order_payload(self.session, [(self.pen, 1)], payments=[(self.card, 5.0)])
        [answer] = self.sync(short)
        rejected = self.env["pos.order.rejected"].browse(answer["rejected_id"])
        rejected.action_retry()
        self.assertEqual((rejected.state, rejected.attempts), ("open", 2))
        self.assertEqual(self.env["pos.order.rejected"].search_count([("name", "=", short["data"]["name"])]), 1)
