"""Closing a session through the public surface: the browser's routes and calls over
JSON-RPC (``/pos/create_from_ui``, ``/web/dataset/call_kw``) and XML-RPC, as a cashier."""
from __future__ import annotations

import json
import xmlrpc.client

from odoo.tests.common import HttpCase, tagged

from .closing_common import ClosingCase

PASSWORD = "closing-cashier-pw"


@tagged("post_install", "-at_install")
class TestSessionClosingOverHttp(ClosingCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.cashier | cls.cashier2).write({"password": PASSWORD})

    def call(self, model, method, *args, **kwargs):
        """``call_kw`` as the browser sends it; the result (absent for None, as Odoo answers)."""
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs}})
        answer = self.url_open(f"/web/dataset/call_kw/{model}/{method}", data=body,
                               headers={"Content-Type": "application/json"}).json()
        self.assertNotIn("error", answer)
        return answer.get("result")

    def test_cashier_sells_moves_cash_counts_and_closes_over_json_rpc(self):
        self.config.with_user(self.cashier).open_ui()
        session = self.config.current_session_id
        self.authenticate(self.cashier.login, PASSWORD)
        self.call("pos.session", "set_cashbox_pos", session.id, 10.0, "float")
        orders = [self.order_payload(session, [(self.pen, 2)], [(self.cash, 23.0)]),
                  self.order_payload(session, [(self.coffee, 5)], [(self.card, 11.0)]),
                  self.order_payload(session, [(self.pen, 1)], [(self.account, 11.5)], partner=self.customer)]
        answers = self.make_jsonrpc_request("/pos/create_from_ui", {"orders": orders, "draft": False})
        self.assertEqual([answer["status"] for answer in answers], ["stored"] * 3)
        self.call("pos.session", "try_cash_in_out", [session.id], "out", 3.0, "change for the bank",
                  {"translatedType": "out"})
        # expected 10 + 23 - 3 = 30; counted 30.50
        self.assertEqual(self.call("pos.session", "post_closing_cash_details", [session.id], 30.5),
                         {"successful": True})
        self.assertTrue(self.call("pos.session", "update_closing_control_state_session", [session.id], "done"))
        self.assertEqual(self.call("pos.session", "close_session_from_ui", [session.id], []), {"successful": True})

        self.assertEqual(session.state, "closed")
        move = session.move_id
        self.assertEqual((move.state, move.ref), ("posted", session.name))
        self.assertEqual(self.lines_by_name(move), {
            ("Sales with Test 15%", self.income.id, False): -30.00,
            ("Sales with Test 10% incl.", self.income.id, False): -10.00,
            ("Test 15%", self.tax_account.id, False): -4.50,
            ("Test 10% incl.", self.tax_account.id, False): -1.00,
            (f"{session.name} - Test Cash", self.pos_receivable.id, False): 23.00,
            (f"{session.name} - Test Card", self.pos_receivable.id, False): 11.00,
            (f"{session.name} - Test Customer Account", self.customer_receivable.id, self.customer.id): 11.50,
        })
        self.assertEqual(sorted((line.amount, line.payment_ref) for line in session.statement_line_ids), [
            (-3.0, f"{session.name}-out-change for the bank"),
            (0.5, "Cash difference observed during the counting (Profit) - closing"),
            # the first session: 10.00 counted at opening where the last count (none) was 0
            (10.0, "Cash difference observed during the counting (Profit) - opening"),
            (23.0, session.name)])
        self.assertEqual(session.order_ids.mapped("state"), ["done"] * 3)
        self.assertEqual(session.bank_payment_ids.mapped("amount"), [11.0])

    def test_another_cashier_cannot_close_over_xml_rpc(self):
        self.config.with_user(self.cashier).open_ui()
        session = self.config.current_session_id
        session.with_user(self.cashier).set_cashbox_pos(0.0, "")
        self.env["pos.order"].with_user(self.cashier).create_from_ui([self.order_payload(session, [(self.pen, 1)])])
        with xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object") as proxy:
            with self.assertRaises(xmlrpc.client.Fault) as refused:
                proxy.execute_kw(self.registry.db_name, self.cashier2.id, PASSWORD, "pos.session",
                                 "close_session_from_ui", [[session.id], []])
            self.assertIn("Only a Point of Sale manager or test_pos_cashier", refused.exception.faultString)
            self.env.invalidate_all()
            self.assertFalse(session.move_id)
            answer = proxy.execute_kw(self.registry.db_name, self.cashier.id, PASSWORD, "pos.session",
                                      "close_session_from_ui", [[session.id], []])
        self.assertEqual(answer, {"successful": True})
        self.env.invalidate_all()
        self.assertEqual((session.state, session.move_id.state), ("closed", "posted"))
