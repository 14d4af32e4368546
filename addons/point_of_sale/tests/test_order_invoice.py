"""Invoicing POS orders: at checkout through create_from_ui (posted, paid by the order's
payments through their payment entries), credit notes for refunds, customer-account payments
left open, refusals kept, and invoicing later from the backend."""
from __future__ import annotations

from odoo import Command
from odoo.exceptions import UserError

from .common import PosTestCase


class TestOrderInvoice(PosTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receivable = cls.customer.commercial_partner_id.property_account_receivable_id or \
            cls.env["res.partner"]._default_property_account(cls.company, "asset_receivable")
        cls.pos_receivable = cls.company.account_default_pos_receivable_account_id

    def setUp(self):
        super().setUp()
        self.session = self.open_session()
        self.orders = self.env["pos.order"]

    def invoice_payload(self, lines, payments=None, partner=None, **data):
        payload = self.order_payload(self.session, lines, payments, partner=partner or self.customer, **data)
        payload["to_invoice"] = payload["data"]["to_invoice"] = True
        return payload

    def sync(self, *payloads):
        return self.orders.create_from_ui(list(payloads))

    def lines_of(self, move, account):
        return move.line_ids.filtered(lambda line: line.account_id == account)

    def test_invoiced_at_checkout_posted_and_paid(self):
        payload = self.invoice_payload([(self.pen, 2), (self.coffee, 3)], payments=[(self.cash, 40.0)],
                                       amount_return=10.4)
        [answer] = self.sync(payload)
        self.assertEqual(answer["status"], "stored")
        order = self.orders.browse(answer["id"])
        invoice = order.account_move
        self.assertTrue(invoice)
        self.assertEqual((answer["account_move"], answer["invoice_name"]), (invoice.id, invoice.name))
        self.assertEqual((order.state, order.is_invoiced, order.amount_total), ("invoiced", True, 29.6))
        self.assertEqual((invoice.move_type, invoice.state, invoice.journal_id, invoice.partner_id),
                         ("out_invoice", "posted", self.config.invoice_journal_id, self.customer))
        self.assertEqual((invoice.invoice_origin, invoice.ref, invoice.pos_order_ids), (order.name, order.name, order))
        self.assertRegex(invoice.name, r"^INV/\d{4}/\d+$")
        # the same figures as the order: 2 pens 10.00 + 15 %, 3 coffees 2.20 with 10 % included
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total), (26.0, 3.6, 29.6))
        self.assertEqual(invoice.amount_tax, order.amount_tax)
        products = invoice.invoice_line_ids.sorted("price_unit")
        self.assertEqual([(line.product_id, line.quantity, line.price_unit, line.tax_ids) for line in products],
                         [(self.coffee, 3.0, 2.2, self.tax_included), (self.pen, 2.0, 10.0, self.tax_excluded)])
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(invoice.amount_residual, 0.0)
        # the payment entry: the cash paid less the change, from the customer's receivable
        [cash] = order.payment_ids.filtered(lambda p: not p.is_change)
        change = order.payment_ids - cash
        entry = cash.account_move_id
        self.assertEqual(change.account_move_id, entry)
        self.assertEqual((entry.state, entry.journal_id, entry.move_type), ("posted", self.config.journal_id, "entry"))
        self.assertIn(invoice.name, entry.ref)
        [debit] = self.lines_of(entry, self.pos_receivable)
        [credit] = self.lines_of(entry, self.receivable)
        self.assertEqual((debit.debit, debit.partner_id.id, credit.credit, credit.partner_id),
                         (29.6, False, 29.6, self.customer))
        self.assertTrue(credit.reconciled)
        self.assertEqual(entry.pos_payment_ids, order.payment_ids)

    def test_one_entry_per_payment_on_the_method_receivable(self):
        card_receivable = self.env["account.account"].create({
            "code": "101399", "name": "Card POS receivable", "account_type": "asset_receivable",
            "reconcile": True, "company_id": self.company.id})
        self.env.cr.execute("UPDATE pos_payment_method SET receivable_account_id = %s WHERE id = %s",
                            (card_receivable.id, self.card.id))
        self.card.invalidate_recordset()
        payload = self.invoice_payload([(self.pen, 2)], payments=[(self.card, 3.0), (self.cash, 20.0)])
        [answer] = self.sync(payload)
        order = self.orders.browse(answer["id"])
        card, cash = (order.payment_ids.filtered(lambda p, m=m: p.payment_method_id == m)
                      for m in (self.card, self.cash))
        self.assertNotEqual(card.account_move_id, cash.account_move_id)
        self.assertEqual(self.lines_of(card.account_move_id, card_receivable).debit, 3.0)
        self.assertEqual(self.lines_of(cash.account_move_id, self.pos_receivable).debit, 20.0)
        self.assertEqual(order.account_move.payment_state, "paid")

    def test_refund_gives_a_paid_credit_note(self):
        [sale] = self.sync(self.invoice_payload([(self.pen, 3)]))
        sold = self.orders.browse(sale["id"])
        refund_payload = self.invoice_payload([(self.pen, -2, sold.lines)], payments=[(self.cash, -23.0)])
        [answer] = self.sync(refund_payload)
        self.assertEqual(answer["status"], "stored", answer.get("reason"))
        refund = self.orders.browse(answer["id"])
        credit_note = refund.account_move
        self.assertEqual((refund.state, credit_note.move_type, credit_note.state), ("invoiced", "out_refund", "posted"))
        self.assertRegex(credit_note.name, r"^RINV/\d{4}/\d+$")
        self.assertEqual((credit_note.amount_total, refund.amount_total), (23.0, -23.0))
        self.assertEqual(credit_note.invoice_line_ids.mapped("quantity"), [2.0])
        self.assertEqual(credit_note.reversed_entry_id, sold.account_move)
        self.assertEqual(credit_note.payment_state, "paid")
        entry = refund.payment_ids.account_move_id
        self.assertEqual(self.lines_of(entry, self.pos_receivable).credit, 23.0)
        self.assertEqual(self.lines_of(entry, self.receivable).debit, 23.0)

    def test_customer_account_payment_leaves_the_invoice_open_for_it(self):
        payload = self.invoice_payload([(self.pen, 2)], payments=[(self.cash, 15.0), (self.account, 8.0)])
        [answer] = self.sync(payload)
        order = self.orders.browse(answer["id"])
        invoice = order.account_move
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("partial", 8.0))
        later = order.payment_ids.filtered(lambda p: p.payment_method_id == self.account)
        self.assertFalse(later.account_move_id)

    def test_fiscal_position_maps_the_taxes_of_the_invoice_as_of_the_order(self):
        exempt = self.env["account.tax"].create({"name": "Test Exempt 0%", "amount": 0.0, "amount_type": "percent",
                                                 "company_id": self.company.id})
        position = self.env["account.fiscal.position"].create({
            "name": "Test Export", "company_id": self.company.id,
            "tax_ids": [Command.create({"tax_src_id": self.tax_excluded.id, "tax_dest_id": exempt.id})]})
        payload = self.invoice_payload([(self.pen, 1)], payments=[(self.card, 10.0)],
                                       fiscal_position_id=position.id)
        payload["data"]["lines"][0][2].update(price_subtotal=10.0, price_subtotal_incl=10.0)
        payload["data"].update(amount_total=10.0, amount_tax=0.0, amount_paid=10.0)
        [answer] = self.sync(payload)
        self.assertEqual(answer["status"], "stored", answer.get("reason"))
        invoice = self.orders.browse(answer["id"]).account_move
        self.assertEqual((invoice.fiscal_position_id, invoice.invoice_line_ids.tax_ids), (position, exempt))
        self.assertEqual((invoice.amount_total, invoice.amount_tax, invoice.payment_state), (10.0, 0.0, "paid"))

    def test_cash_rounding_of_the_till_rounds_the_invoice_to_what_was_paid(self):
        income = self.env["account.account"].search([("company_id", "=", self.company.id),
                                                     ("account_type", "=", "income")], limit=1)
        rounding = self.env["account.cash.rounding"].create({
            "name": "Test 0.05", "rounding": 0.05, "rounding_method": "HALF-UP",
            "profit_account_id": income.id, "loss_account_id": income.id})
        self.env.cr.execute("UPDATE pos_config SET cash_rounding = true, rounding_method = %s WHERE id = %s",
                            (rounding.id, self.config.id))
        self.config.invalidate_recordset()
        odd = self.product("Test Odd", 10.01, self.tax_excluded)      # 11.51 with its tax
        [answer] = self.sync(self.invoice_payload([(odd, 1)], payments=[(self.cash, 11.5)]))
        self.assertEqual(answer["status"], "stored", answer.get("reason"))
        order = self.orders.browse(answer["id"])
        invoice = order.account_move
        self.assertEqual((order.amount_total, order.amount_paid), (11.51, 11.5))
        self.assertEqual((invoice.invoice_cash_rounding_id, invoice.amount_total), (rounding, 11.5))
        self.assertEqual(invoice.payment_state, "paid")

    def test_without_customer_the_order_is_refused_and_kept(self):
        payload = self.order_payload(self.session, [(self.pen, 1)])
        payload["to_invoice"] = True
        [answer] = self.sync(payload)
        self.assertEqual(answer["status"], "refused")
        self.assertIn("has no customer", answer["reason"])
        self.assertFalse(self.orders.search([("pos_reference", "=", payload["data"]["name"])]))
        rejected = self.env["pos.order.rejected"].browse(answer["rejected_id"])
        self.assertEqual((rejected.state, rejected.reason), ("open", answer["reason"]))
        self.assertFalse(self.env["account.move"].search([("ref", "=", payload["data"]["name"])]))

    def test_invoicing_turned_off_refuses_the_order(self):
        self.env.cr.execute("UPDATE pos_config SET module_account = false WHERE id = %s", (self.config.id,))
        self.config.invalidate_recordset()
        [answer] = self.sync(self.invoice_payload([(self.pen, 1)]))
        self.assertEqual(answer["status"], "refused")
        self.assertIn("Invoicing is turned off for Test Till", answer["reason"])
        self.assertTrue(answer["rejected_id"])

    def test_replay_answers_the_same_order_and_invoice(self):
        payload = self.invoice_payload([(self.pen, 1)], uuid="invoice-replay-1")
        [first] = self.sync(payload)
        invoices = self.env["account.move"].search_count([("move_type", "=", "out_invoice")])
        [again] = self.sync(payload)
        self.assertEqual((again["status"], again["id"], again["account_move"], again["invoice_name"]),
                         ("known", first["id"], first["account_move"], first["invoice_name"]))
        self.assertEqual(self.env["account.move"].search_count([("move_type", "=", "out_invoice")]), invoices)

    def test_invoiced_later_from_the_backend_once(self):
        [answer] = self.sync(self.order_payload(self.session, [(self.coffee, 2)], partner=self.customer))
        order = self.orders.browse(answer["id"]).with_user(self.manager)
        self.assertEqual((answer["account_move"], order.state), (False, "paid"))
        action = order.action_pos_order_invoice()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", order.account_move.id))
        self.assertEqual((order.state, order.to_invoice, order.account_move.payment_state),
                         ("invoiced", True, "paid"))
        self.assertEqual(order.account_move.amount_total, 4.4)
        with self.assertRaisesRegex(UserError, "already invoiced"):
            order.action_pos_order_invoice()
        self.assertEqual(len(order.payment_ids.account_move_id), 1)

    def test_backend_refuses_orders_without_customer_or_not_paid(self):
        [answer] = self.sync(self.order_payload(self.session, [(self.coffee, 1)]))
        order = self.orders.browse(answer["id"])
        with self.assertRaisesRegex(UserError, "no customer to invoice"):
            order.action_pos_order_invoice()
        self.assertEqual((order.state, order.to_invoice), ("paid", False))
        [draft] = self.orders.create_from_ui([self.order_payload(self.session, [(self.pen, 1)], payments=[],
                                                                 partner=self.customer)], True)
        with self.assertRaisesRegex(UserError, "Only paid orders can be invoiced"):
            self.orders.browse(draft["id"]).action_pos_order_invoice()
