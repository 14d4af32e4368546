"""Invoicing an order after its session was closed (Odoo 17): the invoice, its payment entries
and an entry taking the order back out of the closing entry, so that sales and taxes are
counted once and every receivable ends matched. Figures computed by hand."""
from __future__ import annotations

import json

from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, tagged

from .closing_common import ClosingCase


class AfterClosingCase(ClosingCase):

    def closed_session(self):
        """o1: 2 pens (23.00) in cash for the customer; o2: 5 coffees (11.00) by card, no
        customer; o3: 1 pen (11.50) by the identified card for the customer. Closed."""
        session = self.open_session()
        self.o1 = self.sell(session, [(self.pen, 2)], [(self.cash, 23.0)], partner=self.customer)
        self.o2 = self.sell(session, [(self.coffee, 5)], [(self.card, 11.0)])
        self.o3 = self.sell(session, [(self.pen, 1)], [(self.card_split, 11.5)], partner=self.customer)
        session.post_closing_cash_details(23.0)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        self.assertEqual((self.o1 | self.o2 | self.o3).mapped("state"), ["done"] * 3)
        return session

    def moves_of(self, session, orders):
        return (session.move_id | session.statement_line_ids.mapped("move_id")
                | session.bank_payment_ids.mapped("move_id") | orders.mapped("account_move")
                | orders.mapped("payment_ids.account_move_id")
                | self.env["account.move"].sudo().search([("reversed_pos_order_id", "in", orders.ids)]))

    def income_total(self, moves) -> float:
        """What the moves put on income accounts (the invoice's may differ from the closing's)."""
        return round(sum(moves.mapped("line_ids").filtered(
            lambda line: line.account_id.account_type == "income").mapped("balance")), 2)

    def balances(self, moves) -> dict:
        result = {}
        for line in moves.mapped("line_ids").filtered(lambda line: line.parent_state == "posted"):
            key = line.account_id.id
            result[key] = round(result.get(key, 0.0) + line.balance, 2)
        return {key: value for key, value in result.items() if value}


class TestInvoiceAfterClosing(AfterClosingCase):

    def test_invoice_and_reversal_of_a_cash_order(self):
        session = self.closed_session()
        closing = session.move_id
        before = self.lines_by_name(closing)
        self.o1.with_user(self.manager).action_pos_order_invoice()
        self.assertEqual(self.o1.state, "invoiced")
        invoice = self.o1.account_move
        self.assertEqual((invoice.state, invoice.payment_state, invoice.amount_total), ("posted", "paid", 23.0))
        # the closing entry is left as it was
        self.assertEqual(self.lines_by_name(closing), before)
        reversal = self.env["account.move"].search([("reversed_pos_order_id", "=", self.o1.id)])
        self.assertEqual((reversal.state, reversal.journal_id), ("posted", self.config.journal_id))
        self.assertEqual(reversal.ref, f"Reversal of POS closing entry {closing.name} for order "
                                       f"{self.o1.name} from session {session.name}")
        pos, income, tax = self.pos_receivable.id, self.income.id, self.tax_account.id
        # what the closing booked for o1, the other way round
        self.assertEqual(self.lines_by_name(reversal), {
            ("Test Pen", income, False): 20.00,
            ("Test 15%", tax, False): 3.00,
            (f"From order {self.o1.name}", pos, False): -23.00,
        })
        # the payment entry: from the customer's receivable to the cash method's POS receivable
        entry = self.o1.payment_ids.account_move_id
        self.assertEqual(self.lines_by_name(entry), {
            (f"{self.o1.name} - Test Cash", pos, False): 23.00,
            (f"{self.o1.name} - Test Cash", self.customer_receivable.id, self.customer.id): -23.00,
        })
        # the reversal's receivable is matched with the payment entry's
        receivables = (reversal | entry).mapped("line_ids").filtered(lambda line: line.account_id.id == pos)
        self.assertEqual(len(receivables), 2)
        self.assertEqual(len(receivables.mapped("full_reconcile_id")), 1)
        self.assertEqual(receivables.mapped("amount_residual"), [0.0, 0.0])

    def test_accounts_balance_income_once_and_receivables_settled(self):
        session = self.closed_session()
        orders = self.o1 | self.o2 | self.o3
        (self.o1 | self.o3).with_user(self.manager).action_pos_order_invoice()
        moves = self.moves_of(session, orders)
        pos, customer, tax = self.pos_receivable.id, self.customer_receivable.id, self.tax_account.id
        balances = self.balances(moves)
        # sales counted once: 2 + 1 pens at 10.00 and 5 coffees at 2.00 untaxed
        self.assertEqual(self.income_total(moves), -40.00)
        self.assertEqual(balances[tax], -5.50)          # 4.50 on the pens + 1.00 in the coffees
        # nothing is left on the receivables: the customer owes nothing, the POS receivable is settled
        self.assertNotIn(pos, balances)
        self.assertNotIn(customer, balances)
        open_lines = moves.mapped("line_ids").filtered(
            lambda line: line.account_id.reconcile and line.account_id.id in (pos, customer)
            and not line.reconciled)
        self.assertFalse(open_lines, open_lines.mapped(lambda line: (line.move_id.ref, line.name, line.balance)))
        self.assertEqual((self.o1 | self.o3).mapped("account_move.payment_state"), ["paid", "paid"])

    def test_identified_payment_reverses_the_customer_line(self):
        session = self.closed_session()
        self.o3.with_user(self.manager).action_pos_order_invoice()
        reversal = self.env["account.move"].search([("reversed_pos_order_id", "=", self.o3.id)])
        customer = self.customer_receivable.id
        self.assertEqual(self.lines_by_name(reversal), {
            ("Test Pen", self.income.id, False): 10.00,
            ("Test 15%", self.tax_account.id, False): 1.50,
            (f"{session.name} - Test Card (identified)", customer, self.customer.id): -11.50,
        })
        # the payment entry debits the customer's receivable (as the closing entry did) and
        # credits it for the invoice: each side matched with its own
        entry = self.o3.payment_ids.account_move_id
        self.assertEqual(sorted(entry.line_ids.mapped("balance")), [-11.5, 11.5])
        self.assertTrue(all(entry.line_ids.mapped("reconciled")))
        self.assertEqual(self.o3.account_move.payment_state, "paid")

    def test_customer_account_payment_is_owed_once_on_the_invoice(self):
        session = self.open_session()
        order = self.sell(session, [(self.pen, 2)], [(self.account, 23.0)], partner=self.customer)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        closing_line = session.move_id.line_ids.filtered(lambda line: line.partner_id == self.customer)
        self.assertEqual((closing_line.balance, closing_line.reconciled), (23.0, False))
        order.action_pos_order_invoice()
        invoice = order.account_move
        # no payment entry for a customer-account payment: the invoice stays open for it
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("not_paid", 23.0))
        self.assertFalse(order.payment_ids.account_move_id)
        reversal = self.env["account.move"].search([("reversed_pos_order_id", "=", order.id)])
        [reversed_line] = reversal.line_ids.filtered(lambda line: line.account_id == self.customer_receivable)
        self.assertEqual(reversed_line.balance, -23.0)
        # the closing entry's line and its reversal cancel out, matched together
        self.assertTrue(closing_line.reconciled and reversed_line.reconciled)
        self.assertEqual(closing_line.full_reconcile_id, reversed_line.full_reconcile_id)
        balances = self.balances(self.moves_of(session, order))
        self.assertEqual(balances[self.customer_receivable.id], 23.0)      # owed once, on the invoice

    def test_refund_invoiced_after_closing_gets_a_paid_credit_note(self):
        session = self.open_session()
        sale = self.sell(session, [(self.pen, 2)], [(self.cash, 23.0)], partner=self.customer)
        refund = self.sell(session, [(self.pen, -1, sale.lines)], [(self.cash, -11.5)], partner=self.customer)
        session.post_closing_cash_details(11.5)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        refund.action_pos_order_invoice()
        credit_note = refund.account_move
        self.assertEqual((credit_note.move_type, credit_note.amount_total, credit_note.payment_state),
                         ("out_refund", 11.5, "paid"))
        reversal = self.env["account.move"].search([("reversed_pos_order_id", "=", refund.id)])
        self.assertEqual(self.lines_by_name(reversal), {
            ("Test Pen", self.income.id, False): -10.00,
            ("Test 15%", self.tax_account.id, False): -1.50,
            (f"From order {refund.name}", self.pos_receivable.id, False): 11.50,
        })
        moves = self.moves_of(session, sale | refund)
        self.assertEqual(self.income_total(moves), -10.00)          # 2 pens sold, 1 returned
        self.assertNotIn(self.pos_receivable.id, self.balances(moves))

    def test_refusals_leave_nothing_behind(self):
        self.closed_session()
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "no customer to invoice"):
            self.o2.action_pos_order_invoice()
        self.assertEqual((self.o2.state, self.env["account.move"].search_count([])), ("done", moves))
        self.o1.action_pos_order_invoice()
        with self.assertRaisesRegex(UserError, "already invoiced"):
            self.o1.action_pos_order_invoice()
        self.assertEqual(self.env["account.move"].search_count([("reversed_pos_order_id", "=", self.o1.id)]), 1)

    def test_in_an_open_session_no_reversal(self):
        session = self.open_session()
        order = self.sell(session, [(self.pen, 1)], [(self.cash, 11.5)], partner=self.customer)
        order.action_pos_order_invoice()
        self.assertEqual(order.state, "invoiced")
        self.assertFalse(self.env["account.move"].search([("reversed_pos_order_id", "=", order.id)]))


@tagged("post_install", "-at_install")
class TestInvoiceAfterClosingOverRpc(AfterClosingCase, HttpCase):

    def test_manager_invoices_a_done_order_over_json_rpc(self):
        session = self.closed_session()
        self.manager.write({"password": "after-closing-pw"})
        self.authenticate(self.manager.login, "after-closing-pw")
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": "pos.order", "method": "action_pos_order_invoice", "args": [[self.o1.id]], "kwargs": {}}})
        answer = self.url_open("/web/dataset/call_kw/pos.order/action_pos_order_invoice", data=body,
                               headers={"Content-Type": "application/json"}).json()
        self.assertNotIn("error", answer)
        self.env.invalidate_all()
        invoice = self.o1.account_move
        self.assertEqual((answer["result"]["res_model"], answer["result"]["res_id"]), ("account.move", invoice.id))
        self.assertEqual((self.o1.state, invoice.payment_state), ("invoiced", "paid"))
        moves = self.moves_of(session, self.o1 | self.o2 | self.o3).sudo()
        self.assertEqual(self.income_total(moves), -40.00)
        balances = self.balances(moves)
        self.assertNotIn(self.pos_receivable.id, balances)


class TestInvoiceAfterClosingRounding(AfterClosingCase):

    def test_rounding_globally_the_reversal_takes_back_what_the_closing_booked(self):
        """Three clips of 1.05 with 15 %: 0.47 of tax rounded once for the order (0.48 line
        by line), in the closing entry and in its reversal alike."""
        self.company.tax_calculation_rounding_method = "round_globally"
        clip = self.product("Test Clip", 1.05, self.tax_excluded)
        session = self.open_session()
        order = self.sell(session, [(clip, 1), (clip, 1), (clip, 1)], [(self.cash, 3.62)], partner=self.customer)
        session.post_closing_cash_details(3.62)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        order.action_pos_order_invoice()
        reversal = self.env["account.move"].search([("reversed_pos_order_id", "=", order.id)])
        self.assertEqual(self.lines_by_name(reversal), {
            ("Test Clip", self.income.id, False): 3.15,
            ("Test 15%", self.tax_account.id, False): 0.47,
            (f"From order {order.name}", self.pos_receivable.id, False): -3.62,
        })
        taxes = self.balances(self.moves_of(session, order).filtered(lambda move: move != order.account_move))
        self.assertNotIn(self.tax_account.id, taxes)        # the closing's 0.47 taken back in full
