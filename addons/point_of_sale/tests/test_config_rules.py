"""What a till refuses while a session is open, and the checks of its settings."""
from __future__ import annotations

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import PosTestCase


class TestConfigRules(PosTestCase):

    def test_open_session_freezes_methods_and_payment_settings(self):
        session = self.open_session()
        with self.assertRaisesRegex(UserError, "Close the sessions of Test Till"):
            self.config.write({"payment_method_ids": [Command.set(self.card.ids)]})
        with self.assertRaisesRegex(UserError, "close and validate the following open PoS Sessions"):
            self.card.write({"name": "Renamed card"})
        self.card.write({"sequence": 7})
        self.config.write({"receipt_footer": "Bye"})
        session.close_session_from_ui()
        self.card.write({"name": "Renamed card"})
        self.assertEqual(self.card.name, "Renamed card")

    def test_payment_method_types(self):
        self.assertEqual((self.cash.type, self.cash.is_cash_count), ("cash", True))
        self.assertEqual((self.card.type, self.card.is_cash_count), ("bank", False))
        self.assertEqual((self.account.type, self.account.is_cash_count), ("pay_later", False))
        self.assertEqual(self.config.payment_method_ids, self.cash | self.card | self.account)
        self.assertIn(self.config, self.cash.config_ids)

    def test_one_cash_method_per_till(self):
        second_cash = self.env["pos.payment.method"].create({"name": "Second cash", "journal_id": self.cash_journal.id})
        with self.assertRaisesRegex(ValidationError, "only have one cash payment method"), self.env.cr.savepoint():
            self.env["pos.config"].create({"name": "Two drawers",
                                           "payment_method_ids": [Command.set((self.cash | second_cash).ids)]})

    def test_cash_rounding_needs_a_method(self):
        with self.assertRaisesRegex(ValidationError, "Choose a cash rounding method"), self.env.cr.savepoint():
            self.env["pos.config"].create({"name": "Rounded", "cash_rounding": True})

    def test_cash_rounding_accepts_the_rounded_payment(self):
        rounding = self.env["account.cash.rounding"].create({"name": "0.05", "rounding": 0.05,
                                                             "rounding_method": "HALF-UP"})
        config = self.env["pos.config"].create({
            "name": "Rounded till", "payment_method_ids": [Command.set(self.card.ids)],
            "cash_rounding": True, "rounding_method": rounding.id})
        session = self.open_session(config)
        # 2.20 with 10 % included, three of them: 6.60; paid 6.60 exactly and 6.58 (rounded down)
        [exact] = self.env["pos.order"].create_from_ui([self.order_payload(
            session, [(self.coffee, 3)], payments=[(self.card, 6.6)])])
        self.assertEqual(exact["status"], "stored")
        [off] = self.env["pos.order"].create_from_ui([self.order_payload(
            session, [(self.coffee, 3)], payments=[(self.card, 6.5)])])
        self.assertEqual(off["status"], "refused")

    def test_invoice_asked_where_invoicing_is_off(self):
        config = self.env["pos.config"].create({"name": "No invoices", "module_account": False,
                                                "payment_method_ids": [Command.set(self.card.ids)]})
        session = self.open_session(config)
        payload = self.order_payload(session, [(self.pen, 1)], payments=[(self.card, 11.5)],
                                     partner=self.customer)
        payload["to_invoice"] = True
        [answer] = self.env["pos.order"].create_from_ui([payload])
        self.assertEqual(answer["status"], "refused")
        self.assertRegex(answer["reason"], "Invoicing is turned off for No invoices")

    def test_cash_moves_need_a_cash_method(self):
        config = self.env["pos.config"].create({"name": "Card till",
                                                "payment_method_ids": [Command.set(self.card.ids)]})
        session = self.open_session(config)
        with self.assertRaisesRegex(UserError, "no cash payment method"):
            session.try_cash_in_out("in", 5.0, "float", {})

    def test_categories_tree(self):
        child = self.env["pos.category"].create({"name": "Pens", "parent_id": self.pos_category.id})
        self.assertEqual(child.display_name, "Test Shelf / Pens")
        self.assertEqual(self.pos_category.child_id, child)
        with self.assertRaisesRegex(ValidationError, "recursive"), self.env.cr.savepoint():
            self.pos_category.write({"parent_id": child.id})
