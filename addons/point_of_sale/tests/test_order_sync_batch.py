"""The orders of one create_from_ui call stored together: the same result as one by one,
a query count that does not grow with the orders, and the per-order steps when needed."""
from __future__ import annotations

from unittest.mock import patch

from odoo.addons.point_of_sale.models.pos_till_facts import till_facts

from .common import PosTestCase

FIELDS = ("state", "amount_total", "amount_tax", "amount_paid", "amount_return", "currency_rate",
          "config_id", "company_id", "session_id", "user_id", "to_invoice", "date_order")


class TestOrderSyncBatch(PosTestCase):

    def setUp(self):
        super().setUp()
        self.session = self.open_session()
        self.orders = self.env["pos.order"]

    def payloads(self, count: int, **options) -> list:
        return [self.order_payload(self.session, [(self.pen, 2), (self.coffee, 3)], **options)
                for _ in range(count)]

    def queries(self, payloads: list) -> int:
        return self.costs(payloads)[0]

    def costs(self, payloads: list) -> tuple[int, int]:
        """(queries, round trips) of storing ``payloads`` in one call."""
        cr = self.env.cr
        self.env.flush_all()
        before, trips = cr.sql_log_count, cr.round_trips
        answers = self.orders.create_from_ui(payloads)
        self.env.flush_all()
        cr.execute("SELECT 1")          # what waits to be sent goes, as the COMMIT would take it
        self.assertEqual({answer["status"] for answer in answers}, {"stored"})
        return cr.sql_log_count - before - 1, cr.round_trips - trips - 1

    def shape(self, order) -> dict:
        return {
            **{name: order[name] for name in FIELDS},
            "lines": sorted((line.product_id.id, line.qty, line.price_subtotal, line.price_subtotal_incl,
                             line.company_id.id, tuple(line.tax_ids.ids), line.name.split("/")[0])
                            for line in order.lines),
            "payments": sorted((p.payment_method_id.id, p.amount, p.is_change, p.session_id.id, p.company_id.id,
                                p.is_change or p.payment_date) for p in order.payment_ids),
            "name": order.name.split("/")[0],
        }

    def test_queries_do_not_grow_with_the_orders(self):
        self.queries(self.payloads(1, uuid="warm-up-order"))        # caches of the call warm
        one, trips = self.costs(self.payloads(1, uuid="one-order"))
        fifty = self.queries([payload for index, payload in enumerate(self.payloads(50))
                              if payload["data"].update(uuid=f"batch-order-{index}") is None])
        # the till, its company, methods and sequences are known from the warm-up call:
        # the uuid search, the refusals, the session lock, the products, both sequences'
        # numbers and the new rows' ids in one round trip, then the order, its lines, their
        # taxes and its payments, queued under those ids, with the savepoint and its
        # release: 11 queries, 2 round trips (12 and 3 with pos_loyalty's search of
        # redemptions; one more of each when an earlier test of the class changed a
        # precision in this same transaction, which then reads those rows itself instead
        # of the process's shared cache)
        self.assertLessEqual(one, 13)
        self.assertLessEqual(trips, 4)
        # flat: fifty orders cost about what one does, not fifty times as much
        self.assertLessEqual(fifty, one + 1, f"one order: {one} queries, fifty: {fifty}")
        self.assertEqual(self.orders.search_count([("uuid", "like", "batch-order-%")]), 50)

    def test_what_the_sync_keeps_of_a_till_follows_its_changes(self):
        # a till's methods change only while it is closed: a till without a session
        other = self.env["pos.payment.method"].create({"name": "Voucher", "journal_id": self.bank_journal.id})
        till = self.env["pos.config"].create({"name": "Closed Till", "payment_method_ids": [(6, 0, self.cash.ids)]})
        self.assertEqual(till_facts(till).method_ids, {self.cash.id})
        till.payment_method_ids = [(4, other.id)]
        self.assertEqual(till_facts(till).method_ids, {self.cash.id, other.id})
        other.active = False
        self.assertEqual(till_facts(till).method_ids, {self.cash.id})
        [first] = self.payloads(1)
        self.assertEqual(self.orders.create_from_ui([first])[0]["status"], "stored")

    def test_the_numbering_follows_the_till_s_sequences(self):
        self.queries(self.payloads(1, uuid="numbered-before"))     # the till's facts kept
        config = self.session.config_id
        config.sequence_id.prefix = "SHOP/"
        config.sequence_line_id.write({"prefix": "LINE-", "padding": 6})
        self.env.invalidate_all(flush=True)     # what a new transaction knows
        [payload] = self.payloads(1, uuid="numbered-after")
        order = self.orders.browse(self.orders.create_from_ui([payload])[0]["id"])
        self.assertRegex(order.name, r"^SHOP/\d+$")
        self.assertEqual({len(name) for name in order.lines.mapped("name")}, {11})
        self.assertTrue(all(name.startswith("LINE-") for name in order.lines.mapped("name")))

    def test_what_the_sync_keeps_of_a_company_follows_its_partner(self):
        config = self.session.config_id
        self.assertNotEqual(till_facts(config).cached, ())
        india = self.env["res.country"].search([("code", "=", "IN")], limit=1) or \
            self.env["res.country"].create({"name": "India", "code": "IN"})
        config.company_id.partner_id.country_id = india
        self.env.invalidate_all(flush=True)
        till_facts(config)
        self.assertEqual(config.company_id.country_code, "IN")

    def test_a_resend_stored_together_settles_its_refusal(self):
        [short] = self.payloads(1, uuid="refused-then-paid", payments=[(self.cash, 1.0)])
        [refused] = self.orders.create_from_ui([short])
        [fixed, other] = self.payloads(2, uuid="refused-then-paid")
        other["data"]["uuid"] = "never-refused"
        answers = self.orders.create_from_ui([fixed, other])
        self.assertEqual([answer["status"] for answer in answers], ["stored", "stored"])
        rejected = self.env["pos.order.rejected"].browse(refused["rejected_id"])
        self.assertEqual((rejected.state, rejected.order_id.id), ("stored", answers[0]["id"]))

    def test_numbers_drawn_with_the_reads_follow_each_other(self):
        def numbers(order):
            return int(order.name.rsplit("/", 1)[-1]), sorted(int(name.rsplit("-", 1)[-1].rsplit("/", 1)[-1])
                                                               for name in order.lines.mapped("name"))
        [first] = self.payloads(1, uuid="numbered-first")
        first_id = self.orders.create_from_ui([first])[0]["id"]
        # a replay of it with two new orders: drawn after the reads, as a replay takes none
        second, third = self.payloads(2)
        second["data"]["uuid"], third["data"]["uuid"] = "numbered-second", "numbered-third"
        answers = self.orders.create_from_ui([first, second, third])
        self.assertEqual([answer["status"] for answer in answers], ["known", "stored", "stored"])
        # two new orders: drawn with the reads (the till is known)
        fourth, fifth = self.payloads(2)
        fourth["data"]["uuid"], fifth["data"]["uuid"] = "numbered-fourth", "numbered-fifth"
        answers += self.orders.create_from_ui([fourth, fifth])
        orders = self.orders.browse([first_id] + [answer["id"] for answer in answers[1:]])
        order_numbers = [numbers(order)[0] for order in orders]
        self.assertEqual(order_numbers, list(range(order_numbers[0], order_numbers[0] + 5)))
        line_numbers = [number for order in orders for number in numbers(order)[1]]
        self.assertEqual(line_numbers, list(range(line_numbers[0], line_numbers[0] + 10)))

    def test_together_stores_what_one_by_one_stores(self):
        [together, _other] = self.payloads(2, uuid=None, amount_return=0.0)
        together["data"]["amount_paid"] += 5.0
        together["data"]["statement_ids"][0][2]["amount"] += 5.0
        together["data"]["amount_return"] = 5.0
        alone = dict(together, data=dict(together["data"], uuid="alone-order", name="Order alone"))
        together["data"]["uuid"] = "together-order"
        answers = self.orders.create_from_ui([together, _other])
        self.assertEqual([answer["status"] for answer in answers], ["stored", "stored"])
        by_steps = self.orders._sync_order_from_ui(alone, False)     # the per-order steps
        self.assertEqual(by_steps["status"], "stored")
        stored, reference = self.orders.browse(answers[0]["id"]), self.orders.browse(by_steps["id"])
        self.assertEqual(self.shape(stored), self.shape(reference))
        self.assertEqual(stored.amount_return, 5.0)
        self.assertEqual(stored.payment_ids.filtered("is_change").amount, -5.0)
        self.assertTrue(all(line.name.startswith("Test Till/") for line in stored.lines))
        self.assertEqual(stored.uuid, "together-order")

    def test_dates_sent_are_kept_as_one_by_one_keeps_them(self):
        dates = [("2024-05-01T10:11:12.345Z", "2024-05-01 10:11:13"), ("2024-5-1 9:08:07", "2024-05-01T09:08:08"),
                 ("2024-05-01", "2024-05-02 23:59:59")]
        payloads = self.payloads(len(dates))
        for payload, (date_order, paid_at) in zip(payloads, dates):
            payload["data"]["date_order"] = date_order
            payload["data"]["statement_ids"][0][2]["name"] = paid_at
        alone = [dict(payload, data=dict(payload["data"], uuid=f"alone {index}", name=f"Order alone {index}"))
                 for index, payload in enumerate(payloads)]
        answers = self.orders.create_from_ui(payloads)
        self.assertEqual({answer["status"] for answer in answers}, {"stored"})
        stored = self.orders.browse([answer["id"] for answer in answers])
        self.assertEqual([str(order.date_order) for order in stored],
                         ["2024-05-01 10:11:12", "2024-05-01 09:08:07", "2024-05-01 00:00:00"])
        self.assertEqual([str(order.payment_ids.payment_date) for order in stored],
                         ["2024-05-01 10:11:13", "2024-05-01 09:08:08", "2024-05-02 23:59:59"])
        for order, payload in zip(stored, alone):
            by_steps = self.orders._sync_order_from_ui(payload, False)
            self.assertEqual(self.shape(order), self.shape(self.orders.browse(by_steps["id"])))

    def test_one_bad_order_does_not_stop_the_others(self):
        first, bad, last = self.payloads(3)
        bad["data"]["amount_total"] += 1.0
        answers = self.orders.create_from_ui([first, bad, last])
        self.assertEqual([answer["status"] for answer in answers], ["stored", "refused", "stored"])
        self.assertIn("amount_total", answers[1]["reason"])
        self.assertTrue(self.env["pos.order.rejected"].browse(answers[1]["rejected_id"]).exists())
        self.assertLess(answers[0]["id"], answers[2]["id"])

    def test_the_same_order_twice_in_one_call(self):
        [payload] = self.payloads(1, uuid="twice-in-a-call")
        first, second = self.orders.create_from_ui([payload, payload])
        self.assertEqual((first["status"], second["status"]), ("stored", "known"))
        self.assertEqual(first["id"], second["id"])
        self.assertEqual(self.orders.search_count([("uuid", "=", "twice-in-a-call")]), 1)

    def test_refunds_of_one_call_never_exceed_the_sale(self):
        [sale] = self.orders.create_from_ui(self.payloads(1))
        line = self.orders.browse(sale["id"]).lines.filtered(lambda l: l.product_id == self.pen)
        refunds = [self.order_payload(self.session, [(self.pen, -2, line)]) for _ in range(2)]
        answers = self.orders.create_from_ui(refunds)
        # together they give back 4 of the 2 sold: storing them at once fails, then one by one
        # the first goes through and the second is refused
        self.assertEqual([answer["status"] for answer in answers], ["stored", "refused"])
        self.assertEqual(line.refunded_qty, 2.0)

    def test_orders_of_a_closed_session_go_to_its_rescue_session(self):
        open_payload, = self.payloads(1)
        other = self.open_session(self.env["pos.config"].create({
            "name": "Second Till", "payment_method_ids": [(6, 0, self.cash.ids)]}))
        late = self.order_payload(other, [(self.pen, 1)])
        other.sudo().write({"state": "closed"})
        answers = self.orders.create_from_ui([open_payload, late])
        self.assertEqual([answer["status"] for answer in answers], ["stored", "stored"])
        rescue = self.orders.browse(answers[1]["id"]).session_id
        self.assertTrue(rescue.rescue)
        self.assertEqual(self.orders.browse(answers[0]["id"]).session_id, self.session)

    def test_the_plan_rounds_as_the_currency_does(self):
        """The plan reads a currency's rounding once per call; an addon's own ``round`` is
        still the one asked."""
        from unittest.mock import patch

        from odoo.addons.point_of_sale.models.pos_order_sync_plan import PlanContext
        currency = self.session.currency_id
        context = PlanContext(self.orders, False)
        round_amount, step = context.rounder(currency)
        self.assertEqual(step, currency.rounding)
        for amount in (0.005, 1.005, 2.675, -0.015, 123.454999):
            self.assertEqual(round_amount(amount), currency.round(amount))
        self.assertIs(context.rounder(currency)[0], round_amount)
        with patch.object(type(currency), "round", lambda self, amount: 42.0):
            own, _step = PlanContext(self.orders, False).rounder(currency)
            self.assertEqual(own(1.0), 42.0)
        with self.assertRaises(ValueError):
            context.rounder(currency.browse())

    def last_ids(self) -> tuple:
        """The last value each table of the stored orders drew from its id sequence."""
        cr = self.env.cr
        cr.execute("SELECT (SELECT last_value FROM pos_order_id_seq), (SELECT last_value FROM pos_order_line_id_seq),"
                   " (SELECT last_value FROM pos_payment_id_seq)")
        return cr.fetchone()

    def test_the_rows_take_the_ids_drawn_with_the_reads(self):
        self.queries(self.payloads(1, uuid="ids-warm-up"))
        before = self.last_ids()
        [answer] = self.orders.create_from_ui(self.payloads(1, uuid="ids-drawn"))
        order = self.orders.browse(answer["id"])
        # one order, two lines and one payment drawn: the rows took them, in order
        self.assertEqual((order.id, *order.lines.sorted("id").ids, order.payment_ids.id),
                         (before[0] + 1, before[1] + 1, before[1] + 2, before[2] + 1))
        self.assertEqual(self.last_ids(), (before[0] + 1, before[1] + 2, before[2] + 1))
        self.assertEqual(self.env.transaction.reserved_ids, {})     # nothing left for other creates
        self.env.invalidate_all()
        self.assertEqual(order.payment_ids.amount, order.amount_total)
        self.assertEqual(len(order.lines.tax_ids), 2)

    def test_a_replay_draws_no_id_and_creates_nothing(self):
        [payload] = self.payloads(1, uuid="replayed-order")
        [stored] = self.orders.create_from_ui([payload])
        before, count = self.last_ids(), self.orders.search_count([])
        [again] = self.orders.create_from_ui([payload])
        self.assertEqual((again["status"], again["id"]), ("known", stored["id"]))
        self.assertEqual((self.last_ids(), self.orders.search_count([])), (before, count))

    def test_a_nul_in_a_line_name_refuses_that_order_and_stores_nothing_cut(self):
        first, last = self.payloads(2)
        first["data"]["uuid"], last["data"]["uuid"] = "before-the-nul", "after-the-nul"
        [bad] = self.payloads(1, uuid="nul-in-name")
        bad["data"]["lines"][0][2]["full_product_name"] = "Pen\0; DROP TABLE pos_order"
        answers = self.orders.create_from_ui([first, bad, last])
        self.assertEqual([answer["status"] for answer in answers], ["stored", "refused", "stored"])
        self.assertTrue(self.env["pos.order.rejected"].browse(answers[1]["rejected_id"]).exists())
        self.assertEqual(self.orders.search_count([("uuid", "=", "nul-in-name")]), 0)
        self.assertEqual(self.env["pos.order.line"].search_count([("full_product_name", "=", "Pen")]), 0)

    def test_an_insert_refused_by_the_database_falls_back_to_one_by_one(self):
        gone = self.product("Test Gone", 4.0, self.tax_excluded)
        first, last = self.payloads(2)
        first["data"]["uuid"], last["data"]["uuid"] = "before-the-bad-one", "after-the-bad-one"
        bad = self.order_payload(self.session, [(self.pen, 1), (gone, 1)], uuid="product-gone")
        plan = type(self.orders)._plan_orders_from_ui

        def plan_then_delete(orders, *args):
            # the product vanishes after the plan checked it: the lines' INSERT, queued, fails
            # at the database, inside the savepoint
            plans = plan(orders, *args)
            orders.env.cr.execute("DELETE FROM product_product WHERE id = %s", [gone.id])
            return plans
        with patch.object(type(self.orders), "_plan_orders_from_ui", plan_then_delete), \
                self.assertLogs("odoo.addons.point_of_sale.models.pos_order_sync_batch", "INFO") as logs:
            answers = self.orders.create_from_ui([first, bad, last])
        self.assertIn("3 POS orders stored one by one", logs.output[0])
        self.assertEqual([answer["status"] for answer in answers], ["stored", "refused", "stored"])
        self.assertTrue(self.env["pos.order.rejected"].browse(answers[1]["rejected_id"]).exists())
        stored = self.orders.browse([answers[0]["id"], answers[2]["id"]])
        self.env.invalidate_all()
        self.assertEqual([len(order.lines) for order in stored], [2, 2])
        self.assertEqual([len(order.payment_ids) for order in stored], [1, 1])
        self.assertEqual(self.orders.search_count([("lines.product_id", "=", gone.id)]), 0)
        self.assertEqual(self.env.transaction.reserved_ids, {})
