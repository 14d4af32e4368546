"""Loyalty in the POS: the till's programs in the payload, points earned once per synced
order, balances, and redemptions that spend points once and never beyond the balance."""
from __future__ import annotations

import json

from odoo import Command
from odoo.addons.point_of_sale.tests.common import PosTestCase
from odoo.exceptions import AccessError, UserError


class TestPosLoyalty(PosTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo program would give points too: these tests use their own
        cls.env["loyalty.program"].search([]).write({"active": False})
        cls.program = cls.env["loyalty.program"].create({
            "name": "Test Points",
            "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1}),
                         Command.create({"reward_point_mode": "unit", "reward_point_amount": 5,
                                         "product_ids": [Command.set(cls.coffee.ids)], "minimum_qty": 2})],
            "reward_ids": [Command.create({"description": "10% off", "discount_mode": "percent",
                                           "discount": 10, "required_points": 20, "discount_max_amount": 3}),
                           Command.create({"description": "2.00 off", "discount_mode": "per_order",
                                           "discount": 2, "required_points": 10})]})
        cls.percent, cls.fixed = cls.program.reward_ids
        cls.cards = cls.env["loyalty.card"]

    def setUp(self):
        super().setUp()
        self.session = self.open_session()

    def sync(self, *payloads):
        return self.env["pos.order"].create_from_ui(list(payloads))

    def loyalty_card(self):
        return self.cards.search([("program_id", "=", self.program.id), ("partner_id", "=", self.customer.id)])

    def test_payload_carries_the_programs_of_the_till(self):
        other_config = self.env["pos.config"].create({"name": "Other Till",
                                                      "payment_method_ids": [Command.set(self.card.ids)]})
        elsewhere = self.env["loyalty.program"].create({
            "name": "Elsewhere", "pos_config_ids": [Command.set(other_config.ids)],
            "rule_ids": [Command.create({})], "reward_ids": [Command.create({"description": "x"})]})
        data = json.loads(json.dumps(self.config._get_pos_ui_data(), default=str))
        self.assertEqual([p["name"] for p in data["loyalty.program"]], ["Test Points"])
        self.assertNotIn(elsewhere.id, [p["id"] for p in data["loyalty.program"]])
        self.assertEqual(sorted(r["reward_point_mode"] for r in data["loyalty.rule"]), ["money", "unit"])
        self.assertEqual({r["description"]: (r["discount_mode"], r["required_points"]) for r in data["loyalty.reward"]},
                         {"10% off": ("percent", 20.0), "2.00 off": ("per_order", 10.0)})

    def test_synced_orders_earn_points_once(self):
        # 2 pens (23.00) + 2 coffees (4.40): 27.4 points for the money, 10 for the coffees
        payload = self.order_payload(self.session, [(self.pen, 2), (self.coffee, 2)], partner=self.customer,
                                     uuid="loyalty-earn-1")
        [answer] = self.sync(payload)
        self.assertEqual(answer["status"], "stored")
        card = self.loyalty_card()
        self.assertAlmostEqual(card.points, 37.4)
        self.assertEqual(card.history_ids.order_id.id, answer["id"])
        [again] = self.sync(payload)
        self.assertEqual(again["status"], "known")
        self.assertAlmostEqual(card.points, 37.4)
        # a single coffee is under the rule's minimum quantity; no customer, no points
        self.sync(self.order_payload(self.session, [(self.coffee, 1)], partner=self.customer))
        self.assertAlmostEqual(card.points, 39.6)
        self.sync(self.order_payload(self.session, [(self.pen, 5)]))
        self.assertAlmostEqual(card.points, 39.6)
        self.assertEqual(self.cards.pos_balance(self.config.id, self.customer.id),
                         [{"card_id": card.id, "code": card.code, "program_id": self.program.id,
                           "points": 39.6, "point_name": "Loyalty point(s)"}])

    def test_earning_points_costs_the_same_queries_per_order_in_a_batch(self):
        def sync_orders(count):
            payloads = [self.order_payload(self.session, [(self.pen, 1)], partner=self.customer)
                        for _index in range(count)]
            before = self.env.cr.sql_log_count
            answers = self.sync(*payloads)
            self.assertEqual({answer["status"] for answer in answers}, {"stored"})
            return self.env.cr.sql_log_count - before

        sync_orders(2)                  # the card is made
        three, six = sync_orders(3), sync_orders(6)
        # the programs, the reward products and the cards are looked up once per call; the
        # card's points are added in one UPDATE and the history lines made in one INSERT.
        # Left per order: each history line's stored related company, queued (it goes to the
        # server with the next statement, no round trip of its own)
        self.assertLessEqual(six - three, 3)
        self.assertAlmostEqual(self.loyalty_card().points, 11 * 11.5)
        self.assertEqual(len(self.loyalty_card().history_ids), 11)

    def test_a_draft_earns_when_paid_and_a_refund_takes_points_back(self):
        payload = self.order_payload(self.session, [(self.pen, 1)], partner=self.customer, uuid="loyalty-draft")
        self.env["pos.order"].create_from_ui([payload], draft=True)
        self.assertFalse(self.loyalty_card())
        [paid] = self.sync(payload)
        self.assertEqual(paid["status"], "updated")
        self.assertAlmostEqual(self.loyalty_card().points, 11.5)
        line = self.env["pos.order"].browse(paid["id"]).lines
        self.sync(self.order_payload(self.session, [(self.pen, -1, line)], partner=self.customer))
        self.assertAlmostEqual(self.loyalty_card().points, 0.0)

    def test_redeeming_spends_points_once(self):
        self.sync(self.order_payload(self.session, [(self.pen, 2)], partner=self.customer))      # 23 points
        card = self.loyalty_card()
        answer = self.cards.with_user(self.cashier).pos_redeem(
            self.config.id, self.customer.id, self.percent.id, "redeem-1", order_uuid="o-1", order_amount=50.0)
        self.assertEqual((answer["status"], answer["points"], answer["points_used"], answer["discount_amount"]),
                         ("redeemed", 3.0, 20.0, 3.0))        # 10 % of 50 capped at 3.00
        retry = self.cards.with_user(self.cashier).pos_redeem(
            self.config.id, self.customer.id, self.percent.id, "redeem-1", order_uuid="o-1", order_amount=50.0)
        self.assertEqual((retry["status"], retry["points"]), ("known", 3.0))
        with self.assertRaisesRegex(UserError, "Not enough points: 2.00 off needs 10.0"):
            self.cards.pos_redeem(self.config.id, self.customer.id, self.fixed.id, "redeem-2")
        self.assertAlmostEqual(card.points, 3.0)
        # the till takes the reward off the order: the points come back, once
        back = self.cards.pos_cancel_redemption(self.config.id, "redeem-1")
        self.assertEqual((back["status"], back["points"]), ("cancelled", 23.0))
        self.assertEqual(self.cards.pos_cancel_redemption(self.config.id, "redeem-1")["points"], 23.0)

    def test_a_redemption_of_a_stored_order_stays(self):
        self.sync(self.order_payload(self.session, [(self.pen, 1)], partner=self.customer))      # 11.5 points
        self.cards.pos_redeem(self.config.id, self.customer.id, self.fixed.id, "redeem-order", order_amount=11.5)
        [answer] = self.sync(self.order_payload(self.session, [(self.pen, 1)], partner=self.customer,
                                                loyalty_redemption_uuids=["redeem-order"]))
        history = self.env["loyalty.history"].search([("uuid", "=", "redeem-order")])
        self.assertEqual(history.order_id.id, answer["id"])
        with self.assertRaisesRegex(UserError, "belongs to stored order"):
            self.cards.pos_cancel_redemption(self.config.id, "redeem-order")
        self.assertAlmostEqual(self.loyalty_card().points, 11.5 - 10 + 11.5)

    def test_a_redemption_the_order_dropped_gives_its_points_back(self):
        # the till redeemed twice for its order, then took one reward off and its cancel call
        # was lost: the paid order names only the other, so the server gives the points back
        self.sync(self.order_payload(self.session, [(self.pen, 6)], partner=self.customer))      # 69 points
        payload = self.order_payload(self.session, [(self.pen, 1)], partner=self.customer,
                                     loyalty_redemption_uuids=["kept"])
        till_uid = payload["data"]["uid"]
        for uuid, reward in [("kept", self.fixed), ("dropped", self.percent)]:
            self.cards.pos_redeem(self.config.id, self.customer.id, reward.id, uuid, order_uuid=till_uid,
                                  order_amount=11.5)
        self.cards.pos_redeem(self.config.id, self.customer.id, self.fixed.id, "other-order",
                              order_uuid="another-till-order", order_amount=11.5)
        self.assertAlmostEqual(self.loyalty_card().points, 69 - 10 - 20 - 10)
        [answer] = self.sync(payload)
        states = {h.uuid: (h.state, h.order_id.id) for h in self.loyalty_card().history_ids if h.uuid}
        self.assertEqual(states, {"kept": ("done", answer["id"]), "dropped": ("cancelled", False),
                                  "other-order": ("done", False)})
        # the dropped 20 came back; the other order's redemption stays; the pen earned 11.5
        self.assertAlmostEqual(self.loyalty_card().points, 69 - 10 - 10 + 11.5)
        self.sync(payload)                                   # a replay changes nothing
        self.assertAlmostEqual(self.loyalty_card().points, 69 - 10 - 10 + 11.5)

    def test_refusals(self):
        with self.assertRaisesRegex(UserError, "has no points in Test Points"):
            self.cards.pos_redeem(self.config.id, self.customer.id, self.fixed.id, "redeem-none")
        with self.assertRaisesRegex(UserError, "is not offered by Test Till"):
            self.cards.pos_redeem(self.config.id, self.customer.id, 999999, "redeem-bad")
        outsider = self.user("test_loyalty_outsider", "base.group_user")
        with self.assertRaises(AccessError):
            self.cards.with_user(outsider).pos_balance(self.config.id, self.customer.id)
        self.assertEqual(self.cards.pos_balance(self.config.id, self.customer.id)[0]["points"], 0.0)

    def with_reward_line(self, payload, reward, amount):
        """``payload`` with a reward line taking ``amount`` off, paid in cash for the new total."""
        body = payload["data"]
        body["lines"].append([0, 0, {
            "product_id": reward.discount_line_product_id.id, "qty": 1, "price_unit": -amount, "discount": 0,
            "price_subtotal": -amount, "price_subtotal_incl": -amount, "tax_ids": [[6, False, []]],
            "pack_lot_ids": [], "id": 99}])
        body["amount_total"] = body["amount_paid"] = round(body["amount_total"] - amount, 2)
        body["statement_ids"][0][2]["amount"] = body["amount_total"]
        return payload

    def test_reward_lines_take_off_no_more_than_the_redemptions_gave(self):
        self.sync(self.order_payload(self.session, [(self.pen, 6)], partner=self.customer))      # 69 points
        self.cards.pos_redeem(self.config.id, self.customer.id, self.fixed.id, "two-off", order_amount=23.0)
        honest = self.with_reward_line(self.order_payload(
            self.session, [(self.pen, 2)], partner=self.customer, loyalty_redemption_uuids=["two-off"]),
            self.fixed, 2.0)
        [stored] = self.sync(honest)
        self.assertEqual(stored["status"], "stored")
        self.assertAlmostEqual(self.env["pos.order"].browse(stored["id"]).amount_total, 21.0)
        # more off than the redemption gave, and a reward line with no redemption at all:
        # both refused and kept, no order stored, no points earned or spent
        self.cards.pos_redeem(self.config.id, self.customer.id, self.fixed.id, "two-more", order_amount=23.0)
        points = self.loyalty_card().points
        greedy = self.with_reward_line(self.order_payload(
            self.session, [(self.pen, 2)], partner=self.customer, loyalty_redemption_uuids=["two-more"]),
            self.fixed, 5.0)
        free = self.with_reward_line(self.order_payload(self.session, [(self.pen, 2)], partner=self.customer),
                                     self.fixed, 2.0)
        answers = self.sync(greedy, free)
        self.assertEqual([a["status"] for a in answers], ["refused", "refused"])
        self.assertIn("takes 5.0 off with reward lines, but its loyalty redemptions", answers[0]["reason"])
        self.assertIn("gave 0.0", answers[1]["reason"])
        rejected = self.env["pos.order.rejected"].browse([a["rejected_id"] for a in answers])
        self.assertEqual(len(rejected.exists()), 2)
        self.assertFalse(self.env["pos.order"].search([("pos_reference", "in", [greedy["data"]["name"],
                                                                                 free["data"]["name"]])]))
        self.assertAlmostEqual(self.loyalty_card().points, points)
        history = self.env["loyalty.history"].search([("uuid", "=", "two-more")])
        self.assertEqual((history.state, history.order_id.id), ("done", False))
