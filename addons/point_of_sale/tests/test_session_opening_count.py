"""The opening cash count (Odoo 17's ``set_cashbox_pos``): a count that differs from the last
closing count is booked as a cash line on the journal's suspense account, shown among the
closing screen's moves, and not counted twice at closing. Figures computed by hand."""
from __future__ import annotations

from odoo.exceptions import UserError

from .closing_common import ClosingCase

OPENING_LOSS = "Cash difference observed during the counting (Loss) - opening"


class TestOpeningCount(ClosingCase):

    def close_first_session(self):
        """2 pens (23.00) in cash; 23.00 counted: the next session proposes 23.00."""
        session = self.open_session()
        self.sell(session, [(self.pen, 2)], [(self.cash, 23.0)])
        session.post_closing_cash_details(23.0)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        self.config.open_ui()
        following = self.config.current_session_id
        self.assertEqual((following.state, following.cash_register_balance_start), ("opening_control", 23.0))
        return following

    def test_a_short_opening_count_is_booked_once(self):
        session = self.close_first_session()
        session.with_user(self.manager).set_cashbox_pos(20.0, "3.00 missing")
        self.assertEqual((session.state, session.cash_register_balance_start, session.opening_cash_difference),
                         ("opened", 20.0, -3.0))
        [line] = session.statement_line_ids
        self.assertEqual((line.amount, line.payment_ref, line.journal_id), (-3.0, OPENING_LOSS, self.cash_journal))
        # Odoo leaves it on the suspense account for the accountant (no profit/loss booked yet)
        suspense = self.cash_journal.suspense_account_id
        self.assertEqual(sorted((l.balance, l.account_id.id) for l in line.move_id.line_ids),
                         [(-3.0, self.cash_journal.default_account_id.id), (3.0, suspense.id)])
        self.sell(session, [(self.pen, 1)], [(self.cash, 11.5)])
        # the closing screen starts from the last count, the opening difference is a move
        details = session.get_closing_control_data()["default_cash_details"]
        self.assertEqual((details["opening"], details["payment_amount"], details["amount"]), (23.0, 11.5, 31.5))
        self.assertEqual(details["moves"], [{"name": OPENING_LOSS, "amount": -3.0}])
        # 20.00 counted + 11.50 of sales: nothing is missing at closing
        self.assertEqual(session.cash_register_balance_end, 31.5)
        session.post_closing_cash_details(31.5)
        self.assertEqual(session.cash_register_difference, 0.0)
        self.assertEqual(session.close_session_from_ui([]), {"successful": True})
        self.assertEqual(sorted((l.amount, l.payment_ref) for l in session.statement_line_ids),
                         [(-3.0, OPENING_LOSS), (11.5, session.name)])
        cash = session.move_id.line_ids.filtered(lambda l: l.name == f"{session.name} - Test Cash")
        self.assertEqual(cash.balance, 11.5)
        self.config.open_ui()
        self.assertEqual(self.config.current_session_id.cash_register_balance_start, 31.5)

    def test_a_closing_difference_after_an_opening_one(self):
        session = self.close_first_session()
        session.set_cashbox_pos(25.0, "")                        # 2.00 more than counted last time
        self.assertEqual(session.statement_line_ids.mapped("amount"), [2.0])
        session.post_closing_cash_details(24.0)                 # 1.00 short of the 25.00 opened with
        self.assertEqual(session.cash_register_difference, -1.0)
        session.close_session_from_ui([])
        self.assertEqual(sorted((l.amount, l.payment_ref) for l in session.statement_line_ids), [
            (-1.0, "Cash difference observed during the counting (Loss) - closing"),
            (2.0, "Cash difference observed during the counting (Profit) - opening")])

    def test_the_same_count_books_nothing(self):
        session = self.close_first_session()
        session.set_cashbox_pos(23.0, "")
        self.assertEqual((session.state, session.opening_cash_difference), ("opened", 0.0))
        self.assertFalse(session.statement_line_ids)

    def test_no_profit_account_refuses_and_writes_nothing(self):
        session = self.close_first_session()
        self.cash_journal.profit_account_id = False
        with self.assertRaisesRegex(UserError, "define a Profit Account"):
            session.set_cashbox_pos(30.0, "")
        self.assertEqual((session.state, session.cash_register_balance_start), ("opening_control", 23.0))
        self.assertFalse(session.statement_line_ids)
