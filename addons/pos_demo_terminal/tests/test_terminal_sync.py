"""Terminal payments reaching the server with their order: stored only when the demo terminal
approved the transaction they name, for their amount, and that transaction pays no other order."""
from __future__ import annotations

from odoo import Command

from .common import DemoTerminalCase


class TestTerminalPaymentsAtSync(DemoTerminalCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config.write({"payment_method_ids": [Command.link(cls.terminal.id)]})

    def setUp(self):
        super().setUp()
        self.session = self.open_session()
        self.orders = self.env["pos.order"]

    def approved(self, amount: float, line_uuid: str) -> str:
        self.terminal.demo_terminal_send(amount, "order", line_uuid)
        status = self.methods.demo_terminal_status(line_uuid)
        self.assertEqual(status["state"], "approved")
        return status["transaction_id"]

    def card_order(self, transaction_id, amount: float = 11.5, **data):
        payload = self.order_payload(self.session, [(self.pen, 1)], payments=[(self.terminal, amount)], **data)
        payment = payload["data"]["statement_ids"][0][2]
        if transaction_id:
            payment.update(transaction_id=transaction_id, payment_status="done", card_type="demo")
        return payload

    def sync(self, *payloads):
        return self.orders.create_from_ui(list(payloads))

    def test_an_approved_transaction_pays_its_order(self):
        transaction_id = self.approved(11.5, "line-ok")
        payload = self.card_order(transaction_id, uuid="terminal-order-1")
        [answer] = self.sync(payload)
        self.assertEqual(answer["status"], "stored", answer.get("reason"))
        order = self.orders.browse(answer["id"])
        self.assertEqual((order.payment_ids.transaction_id, order.payment_ids.card_type), (transaction_id, "demo"))
        transaction = self.transactions.search([("transaction_id", "=", transaction_id)])
        self.assertEqual(transaction.pos_order_id, order)
        # a replay of the same order still answers it
        [again] = self.sync(payload)
        self.assertEqual((again["status"], again["id"]), ("known", order.id))

    def test_without_a_known_transaction_the_order_is_refused_and_kept(self):
        [none] = self.sync(self.card_order(False))
        self.assertEqual(none["status"], "refused")
        self.assertIn("names no transaction its terminal knows", none["reason"])
        [made_up] = self.sync(self.card_order("DEMO-MADEUP00000"))
        self.assertEqual(made_up["status"], "refused")
        self.assertIn("DEMO-MADEUP00000", made_up["reason"])
        self.assertEqual(self.env["pos.order.rejected"].browse([none["rejected_id"], made_up["rejected_id"]])
                         .mapped("state"), ["open", "open"])
        self.assertFalse(self.orders.search([("session_id", "=", self.session.id)]))

    def test_a_transaction_of_another_amount_or_not_approved_is_refused(self):
        transaction_id = self.approved(5.0, "line-five")
        [other_amount] = self.sync(self.card_order(transaction_id))
        self.assertEqual(other_amount["status"], "refused")
        self.assertIn("approved 5.0, not 11.5", other_amount["reason"])
        self.terminal.demo_terminal_send(11.13, "order", "line-declined")
        declined = self.transactions.search([("line_uuid", "=", "line-declined")])
        declined._poll()
        declined.write({"transaction_id": "DEMO-DECLINED000"})      # a declined answer named anyway
        [refused] = self.sync(self.card_order("DEMO-DECLINED000", amount=11.13))
        self.assertEqual(refused["status"], "refused")
        self.assertIn("DEMO-DECLINED000 was not approved (Declined)", refused["reason"])

    def test_a_transaction_pays_one_order_only(self):
        transaction_id = self.approved(11.5, "line-reused")
        [first] = self.sync(self.card_order(transaction_id))
        self.assertEqual(first["status"], "stored")
        [second] = self.sync(self.card_order(transaction_id))
        self.assertEqual(second["status"], "refused")
        self.assertIn(f"{transaction_id} already pays order", second["reason"])

    def test_a_terminal_without_a_server_check_is_refused(self):
        self.env.cr.execute("UPDATE pos_payment_method SET use_payment_terminal = 'other' WHERE id = %s",
                            (self.terminal.id,))
        self.terminal.invalidate_recordset()
        [answer] = self.sync(self.card_order("ANY-1"))
        self.assertEqual(answer["status"], "refused")
        self.assertIn("gives the server no way to confirm payments", answer["reason"])
