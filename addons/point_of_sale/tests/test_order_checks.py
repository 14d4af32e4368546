"""The checks of orders, lines and payments created many at once: each record of a batch
is checked, whichever its place in the batch."""
from __future__ import annotations

from odoo.exceptions import ValidationError

from .common import PosTestCase


class TestOrderChecks(PosTestCase):

    def setUp(self):
        super().setUp()
        self.session = self.open_session()
        self.orders = self.env["pos.order"]
        [answer] = self.orders.create_from_ui([self.order_payload(self.session, [(self.pen, 3)])])
        self.order = self.orders.browse(answer["id"])

    def order_values(self, **values) -> dict:
        return {"session_id": self.session.id, "company_id": self.company.id, "amount_tax": 0.0,
                "amount_total": 0.0, "amount_paid": 0.0, "amount_return": 0.0, **values}

    def payment_values(self, method, **values) -> dict:
        return {"pos_order_id": self.order.id, "amount": 1.0, "payment_method_id": method.id, **values}

    def test_a_payment_method_of_another_till_is_refused_anywhere_in_a_batch(self):
        voucher = self.env["pos.payment.method"].create({"name": "Voucher", "journal_id": self.bank_journal.id})
        payments = self.env["pos.payment"]
        created = payments.create([self.payment_values(self.cash), self.payment_values(self.card)])
        self.assertEqual(created.payment_method_id, self.cash | self.card)
        for place in range(3):
            batch = [self.payment_values(self.cash), self.payment_values(self.card)]
            batch.insert(place, self.payment_values(voucher))
            with self.subTest(place=place), self.assertRaisesRegex(ValidationError, "not allowed in the config"), \
                    self.env.cr.savepoint():
                payments.create(batch)

    def test_an_order_of_another_company_than_its_session_is_refused_anywhere_in_a_batch(self):
        other = self.env["res.company"].create({"name": "Other POS Company"})
        created = self.orders.create([self.order_values(), self.order_values()])
        self.assertEqual(created.company_id, self.company)
        for place in range(3):
            batch = [self.order_values(pos_reference=f"fine {place}"), self.order_values()]
            batch.insert(place, self.order_values(pos_reference=f"foreign {place}", company_id=other.id))
            with self.subTest(place=place), \
                    self.assertRaisesRegex(ValidationError, f"Order foreign {place} must belong to the company"), \
                    self.env.cr.savepoint():
                self.orders.create(batch)

    def test_refund_lines_are_checked_among_sale_lines(self):
        line = self.order.lines
        refund = self.orders.create(self.order_values())
        values = {"order_id": refund.id, "product_id": self.pen.id, "price_subtotal": 0.0,
                  "price_subtotal_incl": 0.0}
        sale = dict(values, qty=1)
        with self.assertRaisesRegex(ValidationError, "negative quantity"), self.env.cr.savepoint():
            self.env["pos.order.line"].create([sale, dict(values, qty=1, refunded_orderline_id=line.id), sale])
        with self.assertRaisesRegex(ValidationError, "only 3.0 were sold"), self.env.cr.savepoint():
            self.env["pos.order.line"].create([sale, dict(values, qty=-2, refunded_orderline_id=line.id),
                                               sale, dict(values, qty=-2, refunded_orderline_id=line.id)])
        created = self.env["pos.order.line"].create([sale, dict(values, qty=-2, refunded_orderline_id=line.id)])
        self.assertEqual(created.mapped("qty"), [1.0, -2.0])
        self.assertEqual(line.refunded_qty, 2.0)
