"""The session's four states, the moves between them, and the refused ones."""
from __future__ import annotations

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PosTestCase


class TestSessionStates(PosTestCase):

    def test_open_ui_opens_a_session_in_opening_control_with_cash_control(self):
        action = self.config.open_ui()
        self.assertEqual(action, {"type": "ir.actions.act_url", "url": f"/pos/ui?config_id={self.config.id}",
                                  "target": "self"})
        session = self.config.current_session_id
        self.assertTrue(self.config.cash_control)
        self.assertEqual(session.state, "opening_control")
        self.assertTrue(session.name.startswith("POS/"))
        self.assertTrue(session.start_at)
        self.assertEqual(self.config.current_session_state, "opening_control")
        # a second open_ui reuses the session
        self.config.open_ui()
        self.assertEqual(self.env["pos.session"].search_count([("config_id", "=", self.config.id)]), 1)

    def test_without_cash_method_the_session_opens_at_once(self):
        config = self.env["pos.config"].create({"name": "Card only",
                                                "payment_method_ids": [Command.set(self.card.ids)]})
        config.open_ui()
        self.assertFalse(config.cash_control)
        self.assertEqual(config.current_session_id.state, "opened")

    def test_full_cycle(self):
        session = self.config.with_user(self.cashier).open_ui() and self.config.current_session_id
        session = session.with_user(self.cashier)
        session.set_cashbox_pos(50.0, "float counted")
        self.assertEqual((session.state, session.cash_register_balance_start, session.opening_notes),
                         ("opened", 50.0, "float counted"))
        self.assertEqual(session.login(), 1)
        self.assertEqual(session.login(), 2)
        self.env["pos.order"].create_from_ui([self.order_payload(session, [(self.pen, 2)])])
        self.assertEqual(session.post_closing_cash_details(73.0), {"successful": True})
        self.assertEqual(session.cash_register_balance_end_real, 73.0)
        self.assertEqual(session.cash_register_balance_end, 73.0)
        data = session.get_closing_control_data()
        self.assertEqual(data["orders_details"], {"quantity": 1, "amount": 23.0})
        self.assertEqual(data["default_cash_details"]["amount"], 73.0)
        self.assertTrue(session.update_closing_control_state_session("all good"))
        self.assertEqual((session.state, session.closing_notes), ("closing_control", "all good"))
        self.assertTrue(session.stop_at)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        self.assertEqual(session.state, "closed")
        self.assertEqual(session.order_ids.mapped("state"), ["done"])
        self.assertFalse(self.config.current_session_id)
        # the next session proposes the last count
        next_session = self.open_session_in_control()
        self.assertEqual(next_session.cash_register_balance_start, 73.0)

    def test_the_chatter_tells_the_counts_and_notes(self):
        """As in Odoo 17, a pos.session is a mail.thread: its opening count, its closing count
        and notes, and its end are noted in its chatter, by the cashier (who has no e-mail
        address here: the notes are logged, which needs none), who reads them there."""
        self.config.with_user(self.cashier).open_ui()
        session = self.config.current_session_id.with_user(self.cashier)
        session.set_cashbox_pos(0.0, "one <b>coin</b> missing\nchecked twice")
        self.env["pos.order"].create_from_ui([self.order_payload(session, [(self.pen, 2)])])
        session.post_closing_cash_details(20.0)         # 23.00 in cash expected
        session.update_closing_control_state_session("short by three")
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        notes = session.message_ids.sorted("id").filtered(lambda message: "created" not in message.body)
        self.assertEqual([str(message.body) for message in notes], [
            "<p>one &lt;b&gt;coin&lt;/b&gt; missing<br>checked twice</p>",
            f"<p>Closing difference: {self.currency_text(-3.0)}<br>short by three</p>",
            "Point of Sale Session ended",
        ])
        self.assertEqual(notes.author_id, self.cashier.partner_id)

    def test_a_session_open_over_a_week_gets_a_reminder_activity(self):
        old = self.open_session_in_control()
        old.write({"start_at": fields.Datetime.now() - timedelta(days=8), "user_id": self.cashier.id})
        fresh = self.env["pos.session"].create({"config_id": self.env["pos.config"].create({
            "name": "Fresh", "payment_method_ids": [Command.set(self.card.ids)]}).id})
        cron = self.env.ref("point_of_sale.ir_cron_pos_session_alert")
        self.assertEqual(cron.code, "model._alert_old_session()")
        for _run in range(2):           # the second run leaves the activity alone
            self.env["pos.session"]._alert_old_session()
        [activity] = old.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("point_of_sale.mail_activity_old_session"))
        self.assertEqual(activity.user_id, self.cashier)
        self.assertIn("we advise you to close it", str(activity.note))
        self.assertFalse(fresh.activity_ids)

    def currency_text(self, amount: float) -> str:
        currency = self.config.currency_id
        number = f"{amount:.{currency.decimal_places}f}"
        return f"{currency.symbol} {number}" if currency.position == "before" else f"{number} {currency.symbol}"

    def open_session_in_control(self):
        self.config.open_ui()
        return self.config.current_session_id

    def test_refused_transitions(self):
        session = self.open_session_in_control()
        with self.assertRaisesRegex(UserError, "only start closing a session in state 'In Progress'"):
            session.update_closing_control_state_session("too early")
        with self.assertRaisesRegex(UserError, "only move cash in or out of a session"):
            session.try_cash_in_out("in", 10, "float", {})
        session.set_cashbox_pos(0.0, "")
        with self.assertRaisesRegex(UserError, "only count the opening cash of a session in state 'Opening Control'"):
            session.set_cashbox_pos(10.0, "again")
        session.close_session_from_ui()
        self.assertEqual(session.close_session_from_ui(), {
            "successful": False, "message": "This session is already closed.", "redirect": True})
        with self.assertRaisesRegex(UserError, "This session is already closed."):
            session.action_pos_session_closing_control()
        with self.assertRaisesRegex(UserError, "only start closing"):
            session.update_closing_control_state_session()
        with self.assertRaisesRegex(UserError, "only count the opening cash"):
            session.set_cashbox_pos(1.0)

    def test_draft_orders_block_closing(self):
        session = self.open_session()
        self.env["pos.order"].create_from_ui([self.order_payload(session, [(self.pen, 1)], payments=[])],
                                             draft=True)
        self.assertEqual(session.close_session_from_ui([]), {
            "successful": False, "message": "You cannot close the POS when orders are still in draft",
            "redirect": False})
        with self.assertRaisesRegex(UserError, "still in draft"):
            session.action_pos_session_closing_control()
        self.assertEqual(session.state, "opened")

    def test_one_open_session_per_config(self):
        session = self.open_session()
        with self.assertRaises(ValidationError) as refused:
            self.env["pos.session"].create({"config_id": self.config.id})
        self.assertIn("Another session is already opened", str(refused.exception))
        session.close_session_from_ui()
        self.assertEqual(self.open_session().state, "opened")

    def test_session_needs_a_config_and_payment_methods(self):
        with self.assertRaisesRegex(UserError, "assign a Point of Sale"):
            self.env["pos.session"].create({})
        empty = self.env["pos.config"].create({"name": "No methods"})
        with self.assertRaisesRegex(UserError, "at least one payment method"):
            empty.open_ui()

    def test_cash_in_out_counts_in_the_expected_cash(self):
        session = self.open_session()
        session.try_cash_in_out("in", 20.0, "float", {})
        session.try_cash_in_out("out", 5.0, "bank deposit", {})
        self.assertEqual(session.cash_register_balance_end, 15.0)

    def test_only_the_cashier_or_a_manager_closes(self):
        session = self.config.with_user(self.cashier).open_ui() and self.config.current_session_id
        session.with_user(self.cashier).set_cashbox_pos(0.0, "")
        with self.assertRaisesRegex(UserError, "Only a Point of Sale manager or test_pos_cashier"):
            session.with_user(self.cashier2).close_session_from_ui()
        with self.assertRaisesRegex(UserError, "Only a Point of Sale manager"):
            session.with_user(self.cashier2).update_closing_control_state_session()
        self.assertEqual(session.state, "opened")
        self.assertEqual(session.with_user(self.manager).close_session_from_ui(), {"successful": True})
        self.assertEqual(session.state, "closed")

    def test_cashier_cannot_change_configs(self):
        with self.assertRaises(AccessError):
            self.config.with_user(self.cashier).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["pos.config"].with_user(self.cashier).create({"name": "Mine"})
        self.config.with_user(self.manager).write({"receipt_header": "Hello"})
        self.assertEqual(self.config.receipt_header, "Hello")

    def test_a_cashier_cannot_write_the_state_around_the_actions(self):
        session = self.open_session()
        with self.assertRaisesRegex(UserError, "state of a session change through its actions"):
            session.with_user(self.cashier).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "cash_register_balance_end_real"):
            session.with_user(self.cashier).write({"cash_register_balance_end_real": 1000.0})
        session.with_user(self.cashier).write({"opening_notes": "a note is fine"})
        self.assertEqual(session.state, "opened")
