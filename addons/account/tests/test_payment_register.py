"""The "Pay" wizard (``account.payment.register``): one or several invoices, the amount,
journal, date and memo, a partial payment kept open or written off."""
from __future__ import annotations

import datetime
import xmlrpc.client

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, tagged

from .common_moves import AccountingTestCase


class TestPaymentRegister(AccountingTestCase):

    def wizard(self, invoices, **values):
        action = invoices.action_register_payment()
        self.assertEqual((action["res_model"], action["target"], action["context"]["active_ids"]),
                         ("account.payment.register", "new", invoices.ids))
        Wizard = self.env["account.payment.register"].with_context(**action["context"])
        return Wizard.create(values)

    def test_full_payment_of_one_invoice(self):
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        wizard = self.wizard(invoice)
        self.assertEqual((wizard.amount, wizard.communication, wizard.journal_id.type, wizard.payment_type,
                          wizard.partner_type, wizard.partner_id, wizard.payment_difference),
                         (115.0, invoice.name, "bank", "inbound", "customer", self.partner, 0.0))
        self.assertEqual((wizard.can_edit_wizard, wizard.group_payment), (True, True))
        action = wizard.action_create_payments()
        payment = self.env["account.payment"].browse(action["res_id"])
        self.assertEqual((payment.amount, payment.ref, payment.state), (115.0, invoice.name, "posted"))
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("in_payment", 0.0))
        self.assertEqual(payment.reconciled_invoice_ids, invoice)
        with self.assertRaises(UserError) as caught:
            self.wizard(invoice)
        self.assertEqual(str(caught.exception.args[0]), "You can't register a payment because there is nothing "
                                                        "left to pay on the selected journal items.")

    def test_partial_payment_kept_open(self):
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        wizard = self.wizard(invoice, amount=50.0, payment_date="2026-03-20", communication="first half",
                             journal_id=self.cash_journal.id)
        self.assertEqual(wizard.payment_difference, 65.0)
        wizard.action_create_payments()
        payment = self.env["account.payment"].search([("ref", "=", "first half")])
        self.assertEqual((payment.amount, payment.date, payment.journal_id), (50.0, datetime.date(2026, 3, 20),
                                                                             self.cash_journal))
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("partial", 65.0))
        # the rest, from a second wizard
        wizard = self.wizard(invoice)
        self.assertEqual(wizard.amount, 65.0)
        wizard.action_create_payments()
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("in_payment", 0.0))

    def test_partial_payment_written_off(self):
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        wizard = self.wizard(invoice, amount=110.0, payment_difference_handling="reconcile",
                             writeoff_account_id=self.expense.id, writeoff_label="Discount granted")
        payment = self.env["account.payment"].browse(wizard.action_create_payments()["res_id"])
        lines = payment.move_id.line_ids
        self.assertEqual(sorted((line.account_id.id, line.name, line.debit, line.credit) for line in lines),
                         sorted([(payment.outstanding_account_id.id, invoice.name, 110.0, 0.0),
                                 (self.expense.id, "Discount granted", 5.0, 0.0),
                                 (self.receivable.id, invoice.name, 0.0, 115.0)]))
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("in_payment", 0.0))

    def test_write_off_needs_an_account(self):
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        wizard = self.wizard(invoice, amount=110.0, payment_difference_handling="reconcile")
        with self.assertRaises(UserError):
            wizard.action_create_payments()
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_several_invoices_one_payment_each_or_grouped(self):
        first = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        second = self.make_invoice([(20.0, 1.0, self.tax_15)], post=True)
        wizard = self.wizard(first | second)
        self.assertTrue(wizard.can_edit_wizard and wizard.can_group_payments)
        self.assertFalse(wizard.group_payment)
        self.assertEqual(wizard.amount, 138.0)
        action = wizard.action_create_payments()
        payments = self.env["account.payment"].search(action["domain"])
        self.assertEqual(sorted(payments.mapped("amount")), [23.0, 115.0])
        self.assertEqual(sorted(payments.mapped("ref")), sorted([first.name, second.name]))
        self.assertEqual({first.payment_state, second.payment_state}, {"in_payment"})

        third = self.make_invoice([(10.0, 1.0, self.tax_15)], post=True)
        fourth = self.make_invoice([(30.0, 1.0, self.tax_15)], post=True)
        wizard = self.wizard(third | fourth, group_payment=True)
        payment = self.env["account.payment"].browse(wizard.action_create_payments()["res_id"])
        self.assertEqual((payment.amount, payment.ref), (46.0, " ".join(sorted([third.name, fourth.name]))))
        self.assertEqual({third.payment_state, fourth.payment_state}, {"in_payment"})

    def test_vendor_bill_is_paid_outbound(self):
        bill = self.make_invoice([(200.0, 1.0, self.env["account.tax"])], move_type="in_invoice", post=True,
                                 ref="BILL-7")
        wizard = self.wizard(bill)
        self.assertEqual((wizard.payment_type, wizard.partner_type, wizard.amount, wizard.communication),
                         ("outbound", "supplier", 200.0, "BILL-7"))
        wizard.action_create_payments()
        self.assertEqual(bill.payment_state, "in_payment")

    def test_drafts_and_mixed_directions_are_refused(self):
        draft = self.make_invoice([(100.0, 1.0, self.tax_15)])
        with self.assertRaises(UserError) as caught:
            self.wizard(draft)
        self.assertEqual(str(caught.exception.args[0]), "You can only register payment for posted journal entries.")
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        bill = self.make_invoice([(50.0, 1.0, self.env["account.tax"])], move_type="in_invoice", post=True)
        with self.assertRaises(UserError):
            self.wizard(invoice | bill)

    def test_from_journal_items(self):
        invoice = self.make_invoice([(100.0, 1.0, self.tax_15)], post=True)
        receivable = invoice.line_ids.filtered(lambda line: line.account_id == self.receivable)
        wizard = self.env["account.payment.register"].with_context(
            active_model="account.move.line", active_ids=receivable.ids).create({"amount": 15.0})
        wizard.action_create_payments()
        self.assertEqual((invoice.payment_state, invoice.amount_residual), ("partial", 100.0))


@tagged("post_install", "-at_install")
class TestPaymentRegisterRpc(HttpCase):
    """The web client's path over the external API: the action, the wizard, the payment."""

    def call(self, model, method, args, kwargs=None):
        with xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object", allow_none=True) as proxy:
            return proxy.execute_kw(self.registry.db_name, self.env.ref("base.user_admin").id, "admin", model,
                                    method, args, kwargs or {})

    def test_register_payment_over_rpc(self):
        company = self.env.ref("base.main_company")
        partner = self.env["res.partner"].create({"name": "RPC payer"})
        tax = self.env.ref(f"account.{company.id}_sale_tax_template")
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": "2026-03-10",
            "invoice_line_ids": [Command.create({"name": "Chair", "price_unit": 40.0,
                                                 "tax_ids": [Command.set(tax.ids)]})]})
        invoice.action_post()
        action = self.call("account.move", "action_register_payment", [invoice.ids])
        self.assertEqual(action["res_model"], "account.payment.register")
        defaults = self.call("account.payment.register", "default_get", [["amount", "line_ids", "communication"]],
                             {"context": action["context"]})
        self.assertTrue(defaults["line_ids"])
        wizard_id = self.call("account.payment.register", "create", [{"amount": 20.0}],
                              {"context": action["context"]})
        [wizard] = self.call("account.payment.register", "read", [[wizard_id], ["amount", "payment_difference",
                                                                                "communication"]])
        self.assertEqual((wizard["amount"], wizard["payment_difference"], wizard["communication"]),
                         (20.0, 26.0, invoice.name))
        result = self.call("account.payment.register", "action_create_payments", [[wizard_id]],
                           {"context": action["context"]})
        self.assertEqual(result["res_model"], "account.payment")
        [state] = self.call("account.move", "read", [invoice.ids, ["payment_state", "amount_residual"]])
        self.assertEqual((state["payment_state"], state["amount_residual"]), ("partial", 26.0))
