"""The demo terminal: approved, declined by amount, waiting then cancelled, idempotent by
payment line, refused for methods without it and for users outside the POS."""
from __future__ import annotations

from odoo.exceptions import AccessError, UserError

from .common import DemoTerminalCase


class TestDemoTerminal(DemoTerminalCase):

    def test_the_demo_terminal_is_a_choice_of_the_field(self):
        selection = self.methods.fields_get(["use_payment_terminal"])["use_payment_terminal"]["selection"]
        self.assertIn(["demo", "Demo Terminal"], [list(pair) for pair in selection])

    def test_approved_after_the_delay(self):
        sent = self.terminal.with_user(self.cashier).demo_terminal_send(12.5, "order-1", "line-approved")
        self.assertEqual((sent["state"], sent["amount"], sent["order_uuid"]), ("waiting", 12.5, "order-1"))
        status = self.methods.with_user(self.cashier).demo_terminal_status("line-approved")
        self.assertEqual(status["state"], "approved")
        self.assertRegex(status["transaction_id"], r"^DEMO-[0-9A-F]{12}$")
        # the state is stored: another poll (a reload of the till) reads the same answer
        self.env.invalidate_all()
        again = self.methods.with_user(self.cashier2).demo_terminal_status("line-approved")
        self.assertEqual((again["state"], again["transaction_id"]), ("approved", status["transaction_id"]))

    def test_amounts_ending_in_13_are_declined_and_may_be_sent_again(self):
        self.terminal.demo_terminal_send(20.13, "order-2", "line-declined")
        status = self.methods.demo_terminal_status("line-declined")
        self.assertEqual((status["state"], status["transaction_id"]), ("declined", False))
        self.assertIn("ending in .13", status["reason"])
        # the customer pays another amount on the same line: a new attempt
        retry = self.terminal.demo_terminal_send(20.0, "order-2", "line-declined")
        self.assertEqual(retry["state"], "waiting")
        self.assertEqual(self.methods.demo_terminal_status("line-declined")["state"], "approved")
        self.assertEqual(self.transactions.search_count([("line_uuid", "=", "line-declined")]), 2)
        self.assertEqual(self.methods.demo_terminal_status("line-declined")["amount"], 20.0)

    def test_waiting_then_cancelled(self):
        self.set_delay(60)
        sent = self.terminal.demo_terminal_send(7.0, "order-3", "line-cancel")
        self.assertEqual(sent["state"], "waiting")
        self.assertGreater(sent["retry_after"], 50)
        self.assertEqual(self.methods.demo_terminal_status("line-cancel")["state"], "waiting")
        cancelled = self.methods.demo_terminal_cancel("line-cancel")
        self.assertEqual((cancelled["state"], cancelled["reason"]), ("cancelled", "Cancelled on the till."))
        self.assertEqual(self.methods.demo_terminal_status("line-cancel")["state"], "cancelled")

    def test_a_decided_request_cannot_be_cancelled(self):
        self.terminal.demo_terminal_send(9.99, "order-4", "line-late-cancel")
        self.assertEqual(self.methods.demo_terminal_cancel("line-late-cancel")["state"], "approved")

    def test_sending_again_answers_the_same_request(self):
        self.set_delay(60)
        first = self.terminal.demo_terminal_send(5.0, "order-5", "line-twice")
        second = self.terminal.demo_terminal_send("5.00", "order-5", "line-twice")
        self.assertEqual(first, second)
        self.assertEqual(self.transactions.search_count([("line_uuid", "=", "line-twice")]), 1)
        with self.assertRaisesRegex(UserError, "already sent for 5.0"):
            self.terminal.demo_terminal_send(6.0, "order-5", "line-twice")

    def test_refusals(self):
        with self.assertRaisesRegex(UserError, "has no demo terminal"):
            self.card.demo_terminal_send(5.0, "order-6", "line-no-terminal")
        with self.assertRaisesRegex(UserError, "amount of zero"):
            self.terminal.demo_terminal_send(0.001, "order-6", "line-zero")
        with self.assertRaisesRegex(UserError, "No terminal request for payment line nope"):
            self.methods.demo_terminal_status("nope")
        outsider = self.user("test_terminal_outsider", "base.group_user")
        with self.assertRaises(AccessError):
            self.terminal.with_user(outsider).demo_terminal_send(5.0, "order-6", "line-outsider")
        self.terminal.demo_terminal_send(5.0, "order-6", "line-outsider")
        with self.assertRaises(AccessError):
            self.methods.with_user(outsider).demo_terminal_status("line-outsider")
